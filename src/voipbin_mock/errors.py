"""The API's error envelope, and the one exception that every failing request becomes.

Messages are module constants so that tests and callers can match them, and so that no message ever has a
credential formatted into it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# HTTP status -> the envelope's `status`: the mock's own answers, which the description never mentions; each app
# adds the description's (x-http-status on ErrorStatus) to them, status_names.
MOCK_ONLY_STATUS_NAMES = {
    405: "INVALID_ARGUMENT",
    408: "UNAVAILABLE",
    413: "INVALID_ARGUMENT",
    414: "INVALID_ARGUMENT",
    431: "INVALID_ARGUMENT",
}


def status_names(spec: Mapping[str, Any]) -> dict[int, str]:
    """The envelope's `status` of each HTTP status an app answers: the description's HTTP status of each ErrorStatus
    (where two share a status, 409, the last listed), and the mock's own."""
    described = spec["components"]["schemas"]["ErrorStatus"]["x-http-status"]
    return MOCK_ONLY_STATUS_NAMES | {int(code): str(name) for name, code in described.items()}


AUTHENTICATION_REQUIRED = "Authentication is required: a token (cookie, query, Bearer) or an access key (accesskey)."
INVALID_CREDENTIALS = "The provided credentials are invalid (a token is a JWT from login; access keys go in accesskey)."
LOGIN_FAILED = "Wrong username or password."
INVALID_JSON_BODY = "The request body is not valid JSON."
MALFORMED_HTTP_REQUEST = "The request is not valid HTTP/1.1 (request line, method, URL or headers)."
REQUEST_TIMEOUT = "The request did not arrive whole within {seconds:g} seconds."
URI_TOO_LONG = "The request's URL is longer than {limit} bytes."
HEADERS_TOO_LARGE = "The request's URL and headers together are larger than {limit} bytes."
TOO_MANY_CONNECTIONS = "The mock has as many connections open as it can keep; try again in a moment."
BODY_TOO_DEEP = "The request body nests objects and arrays deeper than {limit} levels."
BODY_TOO_LARGE = "The request body is larger than {limit} bytes."
ROUTE_NOT_FOUND = "No operation is served at this path."
METHOD_NOT_ALLOWED = "This path does not serve {method}; it serves {allowed}."
INVALID_ID = "The provided id is not a valid UUID."
# The service's answers to a request parameter it cannot bind (bin-api-manager/server/error.go classifyBindingError)
# and to a send without a destination (bin-api-manager/server/error_translate.go, ErrInvalidArgument).
INVALID_REQUEST_PARAMETER = 'The parameter "{name}" has an invalid format.'
MISSING_REQUEST_PARAMETER = 'The parameter "{name}" is required.'
INVALID_ARGUMENT = "The request is invalid."
TEXT_TOO_LONG = "The text is {size} bytes of UTF-8; it can be at most {limit} (a MySQL text column)."
NOT_FOUND = "No {kind} with this id."
DELETED = "The {kind} was deleted."
# The reason of a 404 for an id nobody has, by kind, as the service's managers type it (MESSAGE_NOT_FOUND in
# bin-message-manager/pkg/messagehandler/message.go, NUMBER_NOT_FOUND in bin-number-manager/pkg/numberhandler/
# number.go, ACCESSKEY_NOT_FOUND in bin-customer-manager/pkg/accesskeyhandler/db.go); a deleted message is the API's
# own untyped RESOURCE_NOT_FOUND (bin-api-manager/pkg/servicehandler/message.go).
NOT_FOUND_REASONS = {"message": "MESSAGE_NOT_FOUND", "number": "NUMBER_NOT_FOUND", "access key": "ACCESSKEY_NOT_FOUND"}
PERMISSION_DENIED = "This {kind} belongs to another customer."
SOURCE_NOT_OWNED = "The source number {number} is not one of your numbers."
INSUFFICIENT_BALANCE = "The balance does not cover {segments} segment(s) at {price} each."
NUMBER_NOT_FOUND = "No customer owns {number}."
INTERNAL = "Something went wrong on the mock's side; quote the request_id."
# What the service answers when a send's balance check fails (the service profile's 500).
INTERNAL_AS_SERVICE = "An internal error occurred."


class ApiError(Exception):
    """A request that fails with an HTTP status and the error envelope."""

    def __init__(self, status: int, reason: str, message: str, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(f"{status} {reason}: {message}")
        self.status = status
        self.reason = reason
        self.message = message
        self.details = details
        self.headers: dict[str, str] = {}
        self.status_name: str | None = None  # the envelope's `status`, when not the class of the HTTP status
        self.bare = False  # answered with no body at all, as the service answers a failed login
        # The answer's Content-Type, when not JSON: gin writes INVALID_JSON_BODY's status before its envelope, so the
        # service's answer is labelled text/plain (bin-api-manager/server/messages.go).
        self.content_type: bytes | None = None


def envelope(
    status: int,
    reason: str,
    message: str,
    request_id: str,
    names: Mapping[int, str],
    details: list[dict[str, Any]] | None = None,
    status_name: str | None = None,
) -> dict[str, Any]:
    """The `ErrorEnvelope` body for an error, its `status` from the app's names (status_names) unless given;
    `details`, an array of objects, only when there is something in it."""
    error: dict[str, Any] = {
        "status": status_name or names.get(status, "INTERNAL" if status >= 500 else "INVALID_ARGUMENT"),
        "reason": reason,
        "message": message,
        "request_id": request_id,
    }
    if details:
        error["details"] = details
    return {"error": error}
