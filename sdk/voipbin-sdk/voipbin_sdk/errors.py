"""One exception class per kind of failure a caller handles differently, each with what the service said."""

from __future__ import annotations

import json
from typing import Any

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


class PageTokenStuckError(Exception):
    """A list answered a next_page_token that does not move past the one asked for: following it would never end."""


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
            status, reason, message, request_id, details, retry_after=_seconds(response.headers.get("retry-after"))
        )
    return kind(status, reason, message, request_id, details)


def _envelope_in(content: bytes) -> ErrorEnvelope | None:
    """The error envelope of an answer the operation does not declare (a 402 on a read, say), if it has one."""
    try:
        body = json.loads(content)
        return ErrorEnvelope.from_dict(body) if isinstance(body, dict) and "error" in body else None
    except (ValueError, KeyError, TypeError):
        return None


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
