"""Retries with exponential backoff and jitter, honouring Retry-After, by httpx-retries.

Reads (GET, DELETE, which the service answers the same when repeated) are retried on 429, 503 and on connection
and timeout errors. A send or a login (POST) is retried only where it cannot have been accepted: on 429, and when
the connection could not be made. A 503 or a timeout after a send went out may mean it was accepted; retrying
would send the message twice, so that is done only when the caller opts in (retry_sends=True).
"""

from __future__ import annotations

import httpx
from httpx_retries import Retry, RetryTransport

from voipbin_sdk.errors import MAX_RETRY_AFTER

ATTEMPTS = 3  # retries after the first try
BACKOFF_FACTOR = 0.5  # seconds: 0.5, 1, 2 with full jitter, when the service does not say Retry-After
MAX_WAIT = MAX_RETRY_AFTER  # seconds, the longest single wait, Retry-After included
READS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout)  # the request never left: safe to retry anything
MAYBE_SENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


def policy(
    method: str, *, retry_sends: bool = False, attempts: int = ATTEMPTS, total_timeout: float | None = None
) -> Retry:
    """The retry policy for a request of this method; its waits, together, within total_timeout seconds."""
    cautious = method.upper() not in READS and not retry_sends
    return Retry(
        total_timeout=total_timeout,
        total=attempts,
        allowed_methods=[method.upper()],
        status_forcelist=[429] if cautious else [429, 503],
        retry_on_exceptions=NOT_SENT if cautious else NOT_SENT + MAYBE_SENT,
        backoff_factor=BACKOFF_FACTOR,
        backoff_jitter=1.0,
        max_backoff_wait=MAX_WAIT,
        respect_retry_after_header=True,
    )


class VoipbinRetryTransport(RetryTransport):
    """httpx-retries' transport, choosing the policy by each request's method."""

    def __init__(
        self,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        *,
        retry_sends: bool = False,
        attempts: int = ATTEMPTS,
        total_timeout: float | None = None,
    ) -> None:
        super().__init__(transport=transport, retry=policy("GET", attempts=attempts, total_timeout=total_timeout))
        self.retry_sends = retry_sends
        self.attempts = attempts
        self.total_timeout = total_timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._choose(request)
        return super().handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._choose(request)
        return await super().handle_async_request(request)

    def _choose(self, request: httpx.Request) -> None:
        request.extensions.setdefault(
            "retry",
            policy(
                request.method, retry_sends=self.retry_sends, attempts=self.attempts, total_timeout=self.total_timeout
            ),
        )
