"""How the mock runs under uvicorn: the same settings for the CLI, its worker processes and the contract suite.

uvicorn's httptools protocol writes a response's status line and headers as soon as the app starts the response,
and the body when it comes: two system calls, and two TCP segments for the client to read, per answer. The
protocol here is uvicorn's own with one change: what it writes during one turn of the event loop is handed to the
socket at once, at the end of that turn. Under wrk the two writes took an eighth of a worker's CPU time per
send; writing once served about a tenth more sends per second, the load generator having one read less to do too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from voipbin_mock import errors
from voipbin_mock.errors import envelope
from voipbin_mock.request_ids import RequestIds

if sys.platform != "win32":  # Windows has no limit on open files to read or raise (and no `resource`)
    import resource


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


log = logging.getLogger("voipbin_mock")

# Seconds a client has to send a whole request (line, headers and body), from the moment the connection opens or
# the request begins; then the mock answers 408 and closes. uvicorn closes a connection idle after an answer itself
# (timeout_keep_alive), but never one that sends nothing, or a request's start and no more.
REQUEST_SECONDS = 30.0
# Bytes of a request's URL and headers (each header counted as `name: value` and its line end); beyond, 414 when the
# URL alone is that long, else 431. httptools hands over a header only once it has all of it, keeping it in memory
# meanwhile whatever its size; so the reads that arrive while a head is unfinished are counted too.
MAX_HEAD_BYTES = 64 * 1024
# File handles kept for the database, the logs and the listening socket: the mock stops taking connections before
# the process runs out, answering a new one 503 (with the envelope) at once, where the kernel would refuse it.
FILE_HANDLE_MARGIN = 64
REFUSAL_LOG_SECONDS = 10.0


def connections_allowed() -> int:
    """How many connections the current limit on open files leaves room for (no limit on Windows)."""
    if sys.platform == "win32":
        return 1 << 20
    else:
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        return 1 << 20 if soft == resource.RLIM_INFINITY else max(1, soft - FILE_HANDLE_MARGIN)


class _HeadTooLarge(Exception):
    """Raised from a parser callback, which stops the parser; send_400_response then answers 414 or 431."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(reason)
        self.answer = (status, reason, message)


class OneWriteHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, writing through a OneWriteTransport; answering a request that is not HTTP (a
    malformed request line, a lowercase method, a URL too long to parse) with the error envelope, where uvicorn
    answers plain text; answering a URL or headers too large 414 or 431, and a connection beyond what the file
    limit leaves room for 503; and closing a connection whose request does not arrive whole within
    REQUEST_SECONDS."""

    request_seconds = REQUEST_SECONDS
    max_head_bytes = MAX_HEAD_BYTES
    max_connections = connections_allowed()  # raise_file_limit() raises it where a server starts
    _last_refusal_logged = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(OneWriteTransport(transport, self.loop))
        self._request_deadline: asyncio.TimerHandle | None = None
        self._head_too_large: _HeadTooLarge | None = None
        self._reading_head = True
        self._began_in_read = False
        self._head_bytes = self._unfinished_head_bytes = 0
        self._pending_error: tuple[int, str, str, list[tuple[bytes, bytes]] | None] | None = None
        if len(self.connections) > self.max_connections:
            self._refuse_connection()
            return
        self._await_request()

    def _refuse_connection(self) -> None:
        now = time.monotonic()
        cls = type(self)
        if now - cls._last_refusal_logged >= REFUSAL_LOG_SECONDS:  # a line now and then, not one per refusal
            cls._last_refusal_logged = now
            log.warning(
                "%d connections are open, as many as the limit on open files leaves room for: new ones get 503",
                len(self.connections) - 1,
            )
        self.send_error(503, "TOO_MANY_CONNECTIONS", errors.TOO_MANY_CONNECTIONS, [(b"retry-after", b"1")])

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return
        self._began_in_read = False
        super().data_received(data)
        if self._reading_head and not self.transport.is_closing():
            # A read in which the request began may hold the end of the one before: it is not counted. Every
            # later read, until the headers are complete, is head: those reads are a lower bound of its size.
            self._unfinished_head_bytes = 0 if self._began_in_read else self._unfinished_head_bytes + len(data)
            if self._unfinished_head_bytes > self.max_head_bytes:
                self._head_too_large = self._too_large(url=False)
                self.send_400_response("")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_head = self._began_in_read = True
        self._head_bytes = self._unfinished_head_bytes = 0
        self._await_request()

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        self._count_head(len(url), url=True)

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        self._count_head(len(name) + len(value) + 4, url=False)

    def on_headers_complete(self) -> None:
        self._reading_head = False
        super().on_headers_complete()

    def _count_head(self, size: int, *, url: bool) -> None:
        self._head_bytes += size
        if self._head_bytes > self.max_head_bytes:
            self._head_too_large = self._too_large(url=url and len(self.url) > self.max_head_bytes)
            raise self._head_too_large

    def _too_large(self, *, url: bool) -> _HeadTooLarge:
        if url:
            return _HeadTooLarge(414, "URI_TOO_LONG", errors.URI_TOO_LONG.format(limit=self.max_head_bytes))
        return _HeadTooLarge(431, "HEADERS_TOO_LARGE", errors.HEADERS_TOO_LARGE.format(limit=self.max_head_bytes))

    def on_message_complete(self) -> None:
        self._stop_waiting()
        super().on_message_complete()

    # Back-pressure. uvicorn resumes reading after every answer, and a read parses every request it holds into the
    # pipeline: a client that pipelines and never reads its answers made the pipeline grow by a read's worth of
    # requests per answer (1.4 GB in 12 s), since this protocol's answers reach the socket, and pause writing, only
    # at the end of the loop's turn. Reading resumes only once the pipeline is empty and writing is not paused.

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._pending_error is not None and not self.pipeline:
            self.send_error(*self._pending_error)  # the requests before the bytes that broke are all answered
        elif self.pipeline or self.flow.write_paused:
            self.flow.pause_reading()

    def resume_writing(self) -> None:
        super().resume_writing()
        if not self.pipeline and not self.transport.is_closing():
            self.flow.resume_reading()

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
        """What uvicorn calls when the parser fails: the head was too large, or the request is not HTTP. The
        requests read whole before those bytes are answered first (a Content-Length shorter than its body leaves
        the rest to parse as a next request): the error waits for their answers."""
        if self._head_too_large is not None:
            answer: tuple[int, str, str, None] = (*self._head_too_large.answer, None)
        else:
            answer = (400, "MALFORMED_HTTP_REQUEST", errors.MALFORMED_HTTP_REQUEST, None)
        # Answering a request read whole; not one whose own body broke (chunked), which is never answered otherwise.
        busy = self.cycle is not None and not self.cycle.response_complete and not self.cycle.more_body
        if (busy or self.pipeline) and not self.transport.is_closing():
            self._pending_error = answer
            self.flow.pause_reading()
            return
        self.send_error(*answer)

    def send_error(
        self, status: int, reason: str, message: str, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        """An answer with the error envelope, outside the app; then the connection is closed."""
        self._pending_error = None
        self._stop_waiting()
        app = self.config.app  # the app as given: the mock's own names and ids, when it is the mock
        ids: RequestIds = getattr(app, "request_ids", None) or RequestIds()
        names = getattr(app, "status_names", errors.MOCK_ONLY_STATUS_NAMES)
        request_id = ids.new()
        body = orjson.dumps(envelope(status, reason, message, request_id, names))
        head = [STATUS_LINE[status]]
        for name, value in [*self.server_state.default_headers, *(headers or [])]:
            head += [name, b": ", value, b"\r\n"]
        head += [
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
            b"x-request-id: " + request_id.encode("ascii") + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


def raise_file_limit() -> None:
    """Raise this process's soft limit on open files to its hard limit, and take as many connections as it leaves
    room for. Called where a server process starts (the CLI, each worker)."""
    if sys.platform != "win32":
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        if soft != resource.RLIM_INFINITY and wanted > soft:
            with contextlib.suppress(ValueError, OSError):  # some systems cap it below the hard limit (macOS)
                resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    OneWriteHttpToolsProtocol.max_connections = connections_allowed()


# uvicorn's settings for the mock wherever it runs: its protocol, and no access log of uvicorn's own (the app keeps
# one, with credentials redacted).
UVICORN_OPTIONS: dict[str, Any] = {"http": OneWriteHttpToolsProtocol, "access_log": False, "log_level": "warning"}
