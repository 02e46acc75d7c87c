"""What one call may take of the caller: a total deadline (connecting, sending, the answer's headers and body, and
the retries' waits, all together) and a cap on the bytes of an answer. httpx's timeouts are per read: a server that
drips a valid answer a byte a second kept a call with `timeout=2` running for as long as it dripped.

BoundedTransport sits under the retries: the deadline is set on a request's first attempt and shared by its
retries; each attempt's httpx timeouts are cut to what is left; the answer's body is read through a stream that
stops at the deadline (DeadlineExceededError) or at max_bytes (AnswerTooLargeError).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from voipbin_sdk.errors import AnswerTooLargeError, DeadlineExceededError

DEADLINE = "voipbin_deadline"  # the request extension holding its deadline (time.monotonic())
MAX_ANSWER_BYTES = 16 * 1024 * 1024  # the largest answer read; a page of 100 messages is well under 1 MiB


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


class _Counted:
    """Counts an answer's bytes and watches the deadline between its chunks."""

    def __init__(self, deadline: float, seconds: float | None, max_bytes: int) -> None:
        self.deadline, self.seconds, self.max_bytes, self.read = deadline, seconds, max_bytes, 0

    def take(self, chunk: bytes) -> bytes:
        self.read += len(chunk)
        if self.read > self.max_bytes:
            raise AnswerTooLargeError(self.max_bytes)
        if self.seconds is not None and time.monotonic() > self.deadline:
            raise DeadlineExceededError(self.seconds)
        return chunk


class _BoundedStream(httpx.SyncByteStream):
    def __init__(self, stream: Any, counted: _Counted) -> None:
        self._stream, self._counted = stream, counted

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            yield self._counted.take(chunk)

    def close(self) -> None:
        self._stream.close()


class _AsyncBoundedStream(httpx.AsyncByteStream):
    def __init__(self, stream: Any, counted: _Counted) -> None:
        self._stream, self._counted = stream, counted

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield self._counted.take(chunk)

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
        self._transport = transport or (httpx.AsyncHTTPTransport() if asynchronous else httpx.HTTPTransport())
        self.seconds, self.max_bytes = seconds, max_bytes

    def _counted(self, request: httpx.Request) -> _Counted:
        return _Counted(float(request.extensions[DEADLINE]), self.seconds, self.max_bytes)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        _remaining(request, self.seconds)
        assert isinstance(self._transport, httpx.BaseTransport)
        response = self._transport.handle_request(request)
        stream = _BoundedStream(response.stream, self._counted(request))
        return httpx.Response(response.status_code, headers=response.headers, stream=stream,
                              extensions=response.extensions)  # fmt: skip

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        _remaining(request, self.seconds)
        assert isinstance(self._transport, httpx.AsyncBaseTransport)
        response = await self._transport.handle_async_request(request)
        stream = _AsyncBoundedStream(response.stream, self._counted(request))
        return httpx.Response(response.status_code, headers=response.headers, stream=stream,
                              extensions=response.extensions)  # fmt: skip

    def close(self) -> None:
        if isinstance(self._transport, httpx.BaseTransport):
            self._transport.close()

    async def aclose(self) -> None:
        if isinstance(self._transport, httpx.AsyncBaseTransport):
            await self._transport.aclose()
