"""How the checking proxy takes requests: uvicorn's httptools protocol, with bounds on what a client may make it hold.

uvicorn bounds neither the size of a request's head nor the time it takes to arrive: a header that never ends was
held whole (88 MB, other clients waiting seconds), a head sent a byte a minute held its connection for good. Here:
a head (request line and headers) of at most MAX_HEAD_BYTES and MAX_HEADERS headers, else 431 (414 when the URL
alone is that long); the head whole within HEAD_SECONDS of the connection opening or the request beginning, else
408. Each refusal is the API's error envelope, and the connection closes. What the proxy itself refuses (a path
that would leave the upstream's base path) Proxy answers, with the same envelope (`envelope`).
"""

from __future__ import annotations

import asyncio
import json

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

MAX_HEAD_BYTES = 64 * 1024
MAX_HEADERS = 128
HEAD_SECONDS = 30.0


def envelope(status: str, reason: str, message: str) -> bytes:
    """The API's error envelope, as the proxy answers what it does not forward."""
    return json.dumps({"error": {"status": status, "reason": reason, "message": message}}).encode()


class _Refused(Exception):
    """Raised from a parser callback, which stops the parser; send_400_response then answers with it."""

    def __init__(self, code: int, status: str, reason: str, message: str) -> None:
        super().__init__(reason)
        self.answer = (code, status, reason, message)


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing a head too large or too slow (see the module)."""

    head_seconds = HEAD_SECONDS
    max_head_bytes = MAX_HEAD_BYTES
    max_headers = MAX_HEADERS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._refusal: _Refused | None = None
        self._in_head = True
        self._began_in_read = False
        self._head_bytes = self._unparsed_bytes = self._headers = 0
        self._deadline: asyncio.TimerHandle | None = None
        self._await_head()

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return
        self._began_in_read = False
        super().data_received(data)
        if self._in_head and not self.transport.is_closing():
            # httptools keeps a header it has not seen the end of: the reads of an unfinished head are counted
            # (not the one the request began in, which may hold the end of the request before).
            self._unparsed_bytes = 0 if self._began_in_read else self._unparsed_bytes + len(data)
            if self._unparsed_bytes > self.max_head_bytes:
                self._refusal = self._too_large(url=False)
                self.send_400_response("")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = self._began_in_read = True
        self._head_bytes = self._unparsed_bytes = self._headers = 0
        self._await_head()

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        self._count(len(url), url=True)

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        self._headers += 1
        if self._headers > self.max_headers:
            message = f"a request carries at most {self.max_headers} headers"
            self._refusal = _Refused(431, "INVALID_ARGUMENT", "TOO_MANY_HEADERS", message)
            raise self._refusal
        self._count(len(name) + len(value) + 4, url=False)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._stop_waiting()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self.pipeline:
            self._await_head()  # the next request's head, from now

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _count(self, size: int, *, url: bool) -> None:
        self._head_bytes += size
        if self._head_bytes > self.max_head_bytes:
            self._refusal = self._too_large(url=url)
            raise self._refusal

    def _too_large(self, *, url: bool) -> _Refused:
        limit = f"{self.max_head_bytes // 1024} KiB"
        if url:
            return _Refused(414, "INVALID_ARGUMENT", "URI_TOO_LONG", f"a request's URL takes at most {limit}")
        return _Refused(431, "INVALID_ARGUMENT", "HEADERS_TOO_LARGE", f"a request's head takes at most {limit}")

    def _await_head(self) -> None:
        self._stop_waiting()
        self._deadline = self.loop.call_later(self.head_seconds, self._too_slow)

    def _stop_waiting(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self._in_head and not self.transport.is_closing():
            message = f"a request's head arrives whole within {self.head_seconds:g} s"
            self._refuse(408, "DEADLINE_EXCEEDED", "REQUEST_TIMEOUT", message)

    def send_400_response(self, msg: str) -> None:
        """What uvicorn calls when the parser stops: a head refused above, or a request that is not HTTP."""
        if self._refusal is not None:
            self._refuse(*self._refusal.answer)
        else:
            self._refuse(400, "INVALID_ARGUMENT", "MALFORMED_HTTP_REQUEST", "the request is not HTTP/1.1")

    def _refuse(self, code: int, status: str, reason: str, message: str) -> None:
        """The envelope, outside the app; then the connection closes."""
        self._stop_waiting()
        body = envelope(status, reason, message)
        head = STATUS_LINE[code] + b"content-type: application/json\r\nconnection: close\r\n"
        self.transport.write(head + b"content-length: %d\r\n\r\n" % len(body) + body)
        self.transport.close()
