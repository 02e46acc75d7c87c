"""What one call may take of the caller: a total deadline (connecting, sending, the answer's headers and body, and
the retries' waits, all together) and a cap on the bytes of an answer, as they come and once decoded. httpx's
timeouts are per read: a server that drips a valid answer a byte a second kept a call with `timeout=2` running for as
long as it dripped; and httpx decodes an answer above the transport, so that a megabyte of gzip was read whole as a
gibibyte. Here the transport undoes the Content-Encoding itself (gzip and deflate, all it asks for), never
inflating past the cap; an answer in another encoding is a MalformedAnswerError.

BoundedTransport sits under the retries: the deadline is set on a request's first attempt and shared by its
retries; each attempt's httpx timeouts are cut to what is left; the answer's body is read through a stream that
stops at the deadline (DeadlineExceededError) or at max_bytes (AnswerTooLargeError). On the network the SDK opens
itself (no transport given), every socket operation is cut to what is left too (_DeadlineBackend, under httpcore):
a server that drips its status line and headers a byte at a time is stopped at the deadline, as httpx's timeouts
alone cannot (they start again at every byte; encode/httpx#1450).
"""

from __future__ import annotations

import time
import zlib
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

from voipbin_sdk.errors import AnswerTooLargeError, DeadlineExceededError, MalformedAnswerError

DEADLINE = "voipbin_deadline"  # the request extension holding its deadline (time.monotonic())
MAX_ANSWER_BYTES = 16 * 1024 * 1024  # the largest answer read; a page of 100 messages is well under 1 MiB
# The Content-Encodings the SDK asks for and undoes, with zlib's wbits for each.
INFLATE_BITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
ACCEPT_ENCODING = "gzip, deflate"
# The deadline of the request this context is sending or reading, for the socket operations under it; a request
# and the reading of its answer run in one context (a thread, or an asyncio task).
_SOCKET_DEADLINE: ContextVar[float] = ContextVar("voipbin_socket_deadline", default=float("inf"))


def _cut(timeout: float | None) -> float | None:
    """A socket operation's timeout, cut to what is left of the running request's deadline."""
    left = _SOCKET_DEADLINE.get() - time.monotonic()
    if left == float("inf"):
        return timeout
    if left <= 0:
        raise httpcore.ReadTimeout("the call's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _cut(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _cut(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _cut(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, *args: Any, **kwargs: Any) -> Any:
        return _DeadlineStream(self._backend.connect_tcp(host, port, _cut(timeout), *args, **kwargs))

    def connect_unix_socket(self, path: str, timeout: float | None = None, *args: Any, **kwargs: Any) -> Any:
        return _DeadlineStream(self._backend.connect_unix_socket(path, _cut(timeout), *args, **kwargs))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _AsyncDeadlineStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, _cut(timeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, _cut(timeout))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> Any:
        return _AsyncDeadlineStream(await self._stream.start_tls(ssl_context, server_hostname, _cut(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None, *args: Any, **kwargs: Any) -> Any:
        return _AsyncDeadlineStream(await self._backend.connect_tcp(host, port, _cut(timeout), *args, **kwargs))

    async def connect_unix_socket(self, path: str, timeout: float | None = None, *args: Any, **kwargs: Any) -> Any:
        return _AsyncDeadlineStream(await self._backend.connect_unix_socket(path, _cut(timeout), *args, **kwargs))

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def network(asynchronous: bool, proxy: str | None = None) -> httpx.BaseTransport | httpx.AsyncBaseTransport:
    """httpx's own transport (through proxy, if given), its connections made through a backend that keeps to the
    running call's deadline. httpx offers no argument for a network backend: the pool's is replaced, as httpcore
    builds every connection from it (tests/sdk/test_hostile_server.py fails if an upgrade moves it)."""
    if asynchronous:
        network = httpx.AsyncHTTPTransport(proxy=proxy)
        network._pool._network_backend = _AsyncDeadlineBackend(network._pool._network_backend)
        return network
    transport = httpx.HTTPTransport(proxy=proxy)
    transport._pool._network_backend = _DeadlineBackend(transport._pool._network_backend)
    return transport


def _remaining(request: httpx.Request, seconds: float | None) -> None:
    """Cut the request's timeouts to what is left of its deadline (set on its first attempt); raise if none is."""
    if seconds is None:  # the caller asked for no timeout
        request.extensions.setdefault(DEADLINE, float("inf"))
        return
    deadline = request.extensions.setdefault(DEADLINE, time.monotonic() + seconds)
    left = float(deadline) - time.monotonic()
    if left <= 0:
        raise DeadlineExceededError(seconds)
    timeouts = dict(request.extensions.get("timeout") or {})
    request.extensions["timeout"] = {
        key: left if timeouts.get(key) is None else min(float(timeouts[key]), left)
        for key in ("connect", "read", "write", "pool")
    }


@contextmanager
def _past_deadline(deadline: float, seconds: float | None) -> Iterator[None]:
    """A timeout of httpx that came of the deadline (a socket operation cut to what was left) as the call's
    DeadlineExceededError; one within it (the caller's connect timeout, say) as it came."""
    try:
        yield
    except httpx.TimeoutException as error:
        if seconds is not None and time.monotonic() >= deadline - 0.05:
            raise DeadlineExceededError(seconds) from error
        raise


class _Inflater:
    """One Content-Encoding undone as its bytes come, never giving more than it is allowed at a time."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._zlib = zlib.decompressobj(INFLATE_BITS[coding])
        self._begun = False

    def feed(self, data: bytes, allowed: int) -> bytes:
        """The bytes data inflates to; AnswerTooLargeError past allowed."""
        try:
            out = self._zlib.decompress(data, allowed + 1)
        except zlib.error:
            if self.coding != "deflate" or self._begun:
                raise
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # deflate as some servers send it: no zlib wrapper
            out = self._zlib.decompress(data, allowed + 1)
        self._begun = self._begun or bool(data)
        if len(out) > allowed or self._zlib.unconsumed_tail:
            raise AnswerTooLargeError(MAX_ANSWER_BYTES)
        return out

    def flush(self) -> bytes:
        return self._zlib.flush()


def codings_of(headers: httpx.Headers, status: int) -> list[str]:
    """The answer's Content-Encodings, in the order they were applied; MalformedAnswerError for one the SDK does not
    read (it asks for none such)."""
    codings = [c.strip().lower() for c in headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c not in ("", "identity")]
    unread = [c for c in codings if c not in INFLATE_BITS]
    if unread:
        message = (
            f"the answer is encoded {unread[0][:40]!r}, which the SDK does not read (it asks for {ACCEPT_ENCODING})"
        )
        raise MalformedAnswerError(status, "UNREADABLE_ENCODING", message, headers.get("x-request-id"))
    return codings


class _Counted:
    """Counts an answer's bytes as they come and as they decode (max_bytes of each at most), and watches the
    deadline between its chunks."""

    def __init__(self, deadline: float, seconds: float | None, max_bytes: int, codings: list[str], status: int) -> None:
        self.deadline, self.seconds, self.max_bytes, self.status = deadline, seconds, max_bytes, status
        self.raw = self.read = 0
        self.inflaters = [_Inflater(coding) for coding in reversed(codings)]

    def take(self, chunk: bytes) -> bytes:
        self.raw += len(chunk)
        if self.raw > self.max_bytes:
            raise AnswerTooLargeError(self.max_bytes)
        if self.seconds is not None and time.monotonic() > self.deadline:
            raise DeadlineExceededError(self.seconds)
        return self._decoded(chunk, final=False)

    def rest(self) -> bytes:
        """What the decoders still hold once the last chunk has come."""
        return self._decoded(b"", final=True) if self.inflaters else b""

    def _decoded(self, data: bytes, *, final: bool) -> bytes:
        try:
            for inflater in self.inflaters:
                data = inflater.feed(data, self.max_bytes - self.read)
                if final:
                    data += inflater.flush()
        except AnswerTooLargeError:
            raise AnswerTooLargeError(self.max_bytes) from None
        except zlib.error as error:
            message = f"the answer does not decode as its Content-Encoding says: {error}"
            raise MalformedAnswerError(self.status, "UNREADABLE_ENCODING", message) from None
        self.read += len(data)
        if self.read > self.max_bytes:
            raise AnswerTooLargeError(self.max_bytes)
        return data


class _BoundedStream(httpx.SyncByteStream):
    def __init__(self, stream: Any, counted: _Counted) -> None:
        self._stream, self._counted = stream, counted

    def __iter__(self) -> Iterator[bytes]:
        with _past_deadline(self._counted.deadline, self._counted.seconds):
            for chunk in self._stream:
                yield self._counted.take(chunk)
            yield self._counted.rest()

    def close(self) -> None:
        self._stream.close()


class _AsyncBoundedStream(httpx.AsyncByteStream):
    def __init__(self, stream: Any, counted: _Counted) -> None:
        self._stream, self._counted = stream, counted

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _past_deadline(self._counted.deadline, self._counted.seconds):
            async for chunk in self._stream:
                yield self._counted.take(chunk)
            yield self._counted.rest()

    async def aclose(self) -> None:
        await self._stream.aclose()


class BoundedTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps the network (or a test's transport): each request within seconds in all, each answer max_bytes at most."""

    def __init__(
        self,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None,
        seconds: float | None,
        max_bytes: int = MAX_ANSWER_BYTES,
        *,
        asynchronous: bool = False,
    ) -> None:
        self._transport = transport or network(asynchronous)
        self.seconds, self.max_bytes = seconds, max_bytes

    def _counted(self, request: httpx.Request, response: httpx.Response) -> _Counted:
        codings = codings_of(response.headers, response.status_code)
        return _Counted(
            float(request.extensions[DEADLINE]), self.seconds, self.max_bytes, codings, response.status_code
        )

    def _deadline(self, request: httpx.Request) -> None:
        _remaining(request, self.seconds)
        _SOCKET_DEADLINE.set(float(request.extensions[DEADLINE]))
        request.headers["accept-encoding"] = ACCEPT_ENCODING  # what _Counted undoes; httpx asks for br and zstd too

    @staticmethod
    def _decoded_headers(response: httpx.Response) -> httpx.Headers:
        """The answer's headers as the body now reads: decoded, so neither its encoding nor its length."""
        headers = response.headers.copy()
        if "content-encoding" in headers:
            del headers["content-encoding"]
            headers.pop("content-length", None)
        return headers

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._deadline(request)
        assert isinstance(self._transport, httpx.BaseTransport)
        with _past_deadline(float(request.extensions[DEADLINE]), self.seconds):
            response = self._transport.handle_request(request)
        try:
            counted = self._counted(request, response)
        except MalformedAnswerError:
            response.close()
            raise
        return httpx.Response(response.status_code, headers=self._decoded_headers(response),
                              stream=_BoundedStream(response.stream, counted),
                              extensions=response.extensions)  # fmt: skip

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._deadline(request)
        assert isinstance(self._transport, httpx.AsyncBaseTransport)
        with _past_deadline(float(request.extensions[DEADLINE]), self.seconds):
            response = await self._transport.handle_async_request(request)
        try:
            counted = self._counted(request, response)
        except MalformedAnswerError:
            await response.aclose()
            raise
        return httpx.Response(response.status_code, headers=self._decoded_headers(response),
                              stream=_AsyncBoundedStream(response.stream, counted),
                              extensions=response.extensions)  # fmt: skip

    def close(self) -> None:
        if isinstance(self._transport, httpx.BaseTransport):
            self._transport.close()

    async def aclose(self) -> None:
        if isinstance(self._transport, httpx.AsyncBaseTransport):
            await self._transport.aclose()
