"""What one answer may take of the suite: at most MAX_ANSWER_BYTES read. A server answering 100 MB took the suite to
4.4 GB; an answer longer than any the description describes fails the request that got it, naming the cap.

(The SDK has a cap of its own; the suite shares no code with the SDK, as it judges what the SDK's users rely on.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

# A page of 100 messages is well under 1 MiB; nothing the description describes comes near this.
MAX_ANSWER_BYTES = 16 * 1024 * 1024


class AnswerTooLarge(Exception):
    """An answer longer than MAX_ANSWER_BYTES: not read further."""


class _Capped(httpx.SyncByteStream):
    def __init__(self, stream: Any, url: httpx.URL) -> None:
        self._stream, self._url = stream, url

    def __iter__(self) -> Iterator[bytes]:
        read = 0
        for chunk in self._stream:
            read += len(chunk)
            if read > MAX_ANSWER_BYTES:
                raise AnswerTooLarge(f"{self._url.path} answered more than {MAX_ANSWER_BYTES} bytes; not read further")
            yield chunk

    def close(self) -> None:
        self._stream.close()


class CappedTransport(httpx.BaseTransport):
    """An httpx transport whose answers are read to MAX_ANSWER_BYTES at most."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_Capped(response.stream, request.url),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._inner.close()
