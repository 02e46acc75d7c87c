"""What one request may take of the suite: at most MAX_ANSWER_BYTES read, and REQUEST_SECONDS from sending it to
the last byte of its answer. A server answering 100 MB took the suite to 4.4 GB; one dripping its answer a byte at
a time held a request for as long as it dripped, as httpx's and requests' timeouts start again at every read.

Both bounds hold for the suite's httpx clients (CappedTransport, under Target.http) and for schemathesis' requests
(bounded_send, around its transport's send): the answer is read whole within the request, under an alarm
(voipbin_contract.runner.deadline) that interrupts a read at the deadline, headers included. An answer over either bound
fails the request that got it, naming the bound.

(The SDK has bounds of its own; the suite shares no code with the SDK, as it judges what the SDK's users rely on.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import httpx

from voipbin_contract.runner.deadline import alarm

# A page of 100 messages is well under 1 MiB; nothing the description describes comes near this.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
# The longest one request may take, connecting, sending and reading the whole answer.
REQUEST_SECONDS = 10.0

T = TypeVar("T")


class AnswerTooLarge(Exception):
    """An answer longer than MAX_ANSWER_BYTES: not read further."""


class AnswerTooSlow(Exception):
    """An answer not read whole within its request's deadline: the request was given up."""


def _capped(chunks: Iterable[bytes], where: str) -> Iterator[bytes]:
    read = 0
    for chunk in chunks:
        read += len(chunk)
        if read > MAX_ANSWER_BYTES:
            raise AnswerTooLarge(f"{where} answered more than {MAX_ANSWER_BYTES} bytes; not read further")
        yield chunk


def within_deadline(attempt: Callable[[], T], where: str, seconds: float = REQUEST_SECONDS) -> T:
    """attempt(), interrupted with AnswerTooSlow if it has not returned within seconds."""
    with alarm(seconds, lambda: AnswerTooSlow(f"{where} did not answer whole within {seconds:g} s; given up")):
        return attempt()


class CappedTransport(httpx.BaseTransport):
    """An httpx transport whose answers are read whole within REQUEST_SECONDS and to MAX_ANSWER_BYTES at most."""

    def __init__(self, inner: httpx.BaseTransport, seconds: float = REQUEST_SECONDS) -> None:
        self._inner, self._seconds = inner, seconds

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        def attempt() -> httpx.Response:
            response = self._inner.handle_request(request)
            try:
                assert isinstance(response.stream, httpx.SyncByteStream)
                content = b"".join(_capped(response.stream, request.url.path))
            finally:
                response.close()
            return httpx.Response(
                response.status_code, headers=response.headers, content=content, extensions=response.extensions
            )

        return within_deadline(attempt, f"{request.method} {request.url.path}", self._seconds)

    def close(self) -> None:
        self._inner.close()


def bounded_send(send: Callable[..., T], seconds: float = REQUEST_SECONDS) -> Callable[..., T]:
    """schemathesis' transport send, each call within seconds and its answer read to MAX_ANSWER_BYTES.
    requests reads an answer only when asked to (schemathesis streams it): a response hook reads it first,
    capped, and hands requests what it read."""

    def read_capped(response: Any, *args: Any, **kwargs: Any) -> Any:
        if not response._content_consumed:
            where = f"{response.request.method} {response.request.path_url.split('?')[0]}"
            response._content = b"".join(_capped(response.iter_content(65536), where))
            response._content_consumed = True
        return response

    def send_bounded(case: Any, **kwargs: Any) -> T:
        hooks = dict(kwargs.pop("hooks", None) or {})
        hooks["response"] = [*_listed(hooks.get("response")), read_capped]
        where = f"{getattr(case, 'method', 'a request')} {getattr(case, 'formatted_path', '')}".strip()
        return within_deadline(lambda: send(case, hooks=hooks, **kwargs), where, seconds)

    return send_bounded


def _listed(hooks: Any) -> list[Any]:
    if hooks is None:
        return []
    return list(hooks) if isinstance(hooks, list | tuple) else [hooks]
