"""How the mock runs under uvicorn: the same settings for the CLI, its worker processes and the contract suite.

uvicorn's httptools protocol writes a response's status line and headers as soon as the app starts the response,
and the body when it comes: two system calls, and two TCP segments for the client to read, per answer. The
protocol here is uvicorn's own with one change: what it writes during one turn of the event loop is handed to the
socket at once, at the end of that turn. Under wrk the two writes took an eighth of a worker's CPU time per
send; writing once served about a tenth more sends per second, the load generator having one read less to do too.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from voipbin_mock import errors
from voipbin_mock.errors import envelope
from voipbin_mock.request_ids import new_request_id


class OneWriteTransport(asyncio.Transport):
    """A transport that collects what is written during one turn of the event loop and writes it in one call."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes | bytearray | memoryview] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def flush(self) -> None:
        """Write what was collected; dropped if the connection is already closing (the client is gone)."""
        if not self._pending:
            return
        data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
        self._pending = []
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def abort(self) -> None:
        self._pending = []
        self._transport.abort()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(len(data) for data in self._pending)

    # The rest is the wrapped transport's.

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def can_write_eof(self) -> bool:
        return self._transport.can_write_eof()

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def is_reading(self) -> bool:
        return self._transport.is_reading()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._transport.set_write_buffer_limits(high, low)


# Seconds a client has to send a whole request (line, headers and body), from the moment the connection opens or
# the request begins; then the mock answers 408 and closes. uvicorn closes a connection idle after an answer itself
# (timeout_keep_alive), but never one that sends nothing, or a request's start and no more.
REQUEST_SECONDS = 30.0


class OneWriteHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, writing through a OneWriteTransport; answering a request that is not HTTP (a
    malformed request line, a lowercase method, a URL too long to parse) with the error envelope, where uvicorn
    answers plain text; and closing a connection whose request does not arrive whole within REQUEST_SECONDS."""

    request_seconds = REQUEST_SECONDS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(OneWriteTransport(transport, self.loop))
        self._request_deadline: asyncio.TimerHandle | None = None
        self._await_request()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._await_request()

    def on_message_complete(self) -> None:
        self._stop_waiting()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _await_request(self) -> None:
        self._stop_waiting()
        self._request_deadline = self.loop.call_later(self.request_seconds, self.request_too_slow)

    def _stop_waiting(self) -> None:
        if self._request_deadline is not None:
            self._request_deadline.cancel()
            self._request_deadline = None

    def request_too_slow(self) -> None:
        """The request did not arrive whole in time: 408 with the envelope, and the connection closed."""
        self._request_deadline = None
        if not self.transport.is_closing():
            self.send_error(408, "REQUEST_TIMEOUT", errors.REQUEST_TIMEOUT.format(seconds=self.request_seconds))

    def send_400_response(self, msg: str) -> None:
        self.send_error(400, "MALFORMED_HTTP_REQUEST", errors.MALFORMED_HTTP_REQUEST)

    def send_error(self, status: int, reason: str, message: str) -> None:
        """An answer with the error envelope, outside the app; then the connection is closed."""
        request_id = new_request_id()
        body = orjson.dumps(envelope(status, reason, message, request_id))
        head = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
            b"x-request-id: " + request_id.encode("ascii") + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


# uvicorn's settings for the mock wherever it runs: its protocol, and no access log of uvicorn's own (the app keeps
# one, with credentials redacted).
UVICORN_OPTIONS: dict[str, Any] = {"http": OneWriteHttpToolsProtocol, "access_log": False, "log_level": "warning"}
