"""One exception class per kind of failure a caller handles differently, each with what the service said."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from voipbin_client.models import ErrorEnvelope
from voipbin_client.types import Response


class VoipbinError(Exception):
    """An answer that is not a success: its HTTP status, and the error envelope's reason, message, request id and
    details (each detail a dict, such as `{"limited_by": "ip"}`)."""

    def __init__(
        self,
        status: int,
        reason: str,
        message: str,
        request_id: str | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(f"{status} {reason}: {message}" + (f" (request_id {request_id})" if request_id else ""))
        self.status = status
        self.reason = reason
        self.message = message
        self.request_id = request_id
        self.details = details or []


class InvalidRequestError(VoipbinError):
    """400: the request breaks a rule (a bad body, parameter or id, or a failed login)."""


class AuthenticationError(VoipbinError):
    """401: no credentials, or bad or expired ones."""


class PaymentRequiredError(VoipbinError):
    """402: the balance does not cover the send."""


class PermissionDeniedError(VoipbinError):
    """403: another customer's resource, a missing permission, or a frozen account."""


class NotFoundError(VoipbinError):
    """404: no such resource (or it was deleted)."""


class ConflictError(VoipbinError):
    """409: the resource is not in a state that allows the request."""


class RateLimitedError(VoipbinError):
    """429: too many requests; retry_after is the seconds the service asked to wait, if it said."""

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class ServerError(VoipbinError):
    """500 or another 5xx: the service failed; quote the request_id."""


class UnavailableError(ServerError):
    """503: a backend did not answer in time; the request may or may not have taken effect."""


class MalformedAnswerError(VoipbinError):
    """A success whose body does not parse as the description says (HTML from a proxy, a field of the wrong type)."""


class AnswerTooLargeError(VoipbinError):
    """An answer longer than the SDK reads (voipbin_sdk.bounds.MAX_ANSWER_BYTES)."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(0, "ANSWER_TOO_LARGE", f"the answer is longer than {max_bytes} bytes; it was not read")


class DeadlineExceededError(VoipbinError, TimeoutError):
    """The call did not end within its timeout: connecting, sending, the answer and the retries' waits together."""

    def __init__(self, seconds: float) -> None:
        super().__init__(0, "DEADLINE_EXCEEDED", f"the call did not end within {seconds:g} s")


class NetworkError(VoipbinError):
    """No answer to read: the connection could not be made or was lost, a step of it timed out within the call's
    deadline (a connect timeout shorter than it, say), or what came back is not HTTP. reason names the failure as
    httpx does (CONNECT_ERROR, READ_ERROR, REMOTE_PROTOCOL_ERROR...); the request may or may not have arrived."""


class TooManyRedirectsError(VoipbinError):
    """The client was let to follow redirects, and they did not end (a loop, or more than httpx follows)."""


class PageLimitError(VoipbinError):
    """A list walk read as many pages as its max_pages, and the server still announced another."""

    def __init__(self, message: str) -> None:
        super().__init__(0, "PAGE_LIMIT", message)


class PageTokenStuckError(VoipbinError):
    """A list answered a next_page_token that does not move past the one asked for: following it would never end."""

    def __init__(self, message: str) -> None:
        super().__init__(0, "PAGE_TOKEN_STUCK", message)


def error_of_transport(error: Exception) -> VoipbinError:
    """The VoipbinError of a failure of httpx's (an httpx.HTTPError, InvalidURL or StreamError): status 0, its kind
    as reason, its text (httpx's texts name no credential: the SDK keeps them out of URLs)."""
    name = type(error).__name__
    reason = re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()
    message = (str(error) or name)[:300]
    if isinstance(error, httpx.TooManyRedirects):
        return TooManyRedirectsError(0, reason, message)
    return NetworkError(0, reason, message)


_BY_STATUS: dict[int, type[VoipbinError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitedError,
    503: UnavailableError,
}


def error_from(response: Response[Any]) -> VoipbinError:
    """The exception for an answer that is not a success, from its envelope when it has one."""
    status = int(response.status_code)
    kind = _BY_STATUS.get(status, ServerError if status >= 500 else InvalidRequestError)
    request_id = response.headers.get("x-request-id")
    parsed = response.parsed if isinstance(response.parsed, ErrorEnvelope) else _envelope_in(response.content)
    if isinstance(parsed, ErrorEnvelope):
        error = parsed.error
        details = [item.to_dict() for item in error.details] if error.details else []
        reason, message, request_id = error.reason, error.message, error.request_id or request_id
    else:  # a bare answer (a failed login is a bare 400): its text, shortened
        details, reason = [], f"HTTP_{status}"
        message = response.content.decode("utf-8", "replace").strip()[:300] or "(no body)"
    if kind is RateLimitedError:
        return RateLimitedError(
            status,
            reason,
            message,
            request_id,
            details,
            retry_after=retry_after_seconds(response.headers.get("retry-after")),
        )
    return kind(status, reason, message, request_id, details)


def _envelope_in(content: bytes) -> ErrorEnvelope | None:
    """The error envelope of an answer the operation does not declare (a 402 on a read, say), if it has one."""
    try:
        body = json.loads(content)
        return ErrorEnvelope.from_dict(body) if isinstance(body, dict) and "error" in body else None
    except (ValueError, KeyError, TypeError):
        return None


# The longest wait a Retry-After is taken for (seconds); the retries' own cap (voipbin_sdk.retries.MAX_WAIT).
MAX_RETRY_AFTER = 60.0


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After asks to wait, as RFC 9110 writes it (whole seconds, or an HTTP-date), between 0 and
    MAX_RETRY_AFTER; None when it says nothing usable (-5, nan, inf, 1e29 and text are not delay-seconds)."""
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return min(float(text), MAX_RETRY_AFTER) if len(text) < 20 else MAX_RETRY_AFTER
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = (moment - (now or datetime.now(UTC))).total_seconds()
    return min(max(0.0, seconds), MAX_RETRY_AFTER)
