"""Calls that return the model or raise: any generated operation's `sync_detailed` or `asyncio_detailed`, typed.

message = call(send_message.sync_detailed, client=client, body=request)  # a Message, or an exception
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import ParamSpec, TypeVar, cast

import httpx
from voipbin_client.api.auth import login as login_operation
from voipbin_client.client import AuthenticatedClient, Client
from voipbin_client.models import ErrorEnvelope, LoginRequest, LoginResponse
from voipbin_client.types import Response

from voipbin_sdk.connect import LAST_ANSWER
from voipbin_sdk.errors import MalformedAnswerError, VoipbinError, error_from, error_of_transport

P = ParamSpec("P")
T = TypeVar("T")


# What the generated models raise on a body that is not what the description says (JSON that is not JSON, a field
# of the wrong type, a missing one): never let out of a call, which raises a VoipbinError instead.
PARSE_ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)
# What httpx raises when there is no answer to parse (no connection, a redirect loop, a stream read twice): never let
# out either, but as the VoipbinError of its kind (errors.error_of_transport).
TRANSPORT_ERRORS = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError)


def call(operation: Callable[P, Response[T | ErrorEnvelope]], *args: P.args, **kwargs: P.kwargs) -> T:
    """The operation's model on success; a VoipbinError subclass otherwise, whatever the answer's body."""
    LAST_ANSWER.set(None)
    try:
        response = operation(*args, **kwargs)
    except TRANSPORT_ERRORS as error:
        raise error_of_transport(error) from error
    except PARSE_ERRORS as error:
        raise _unparsed(error) from error
    return _unwrap(response)


async def acall(operation: Callable[P, Awaitable[Response[T | ErrorEnvelope]]], *args: P.args, **kwargs: P.kwargs) -> T:
    """call(), for the operations' asyncio_detailed."""
    LAST_ANSWER.set(None)
    try:
        response = await operation(*args, **kwargs)
    except TRANSPORT_ERRORS as error:
        raise error_of_transport(error) from error
    except PARSE_ERRORS as error:
        raise _unparsed(error) from error
    return _unwrap(response)


def _unparsed(error: Exception) -> VoipbinError:
    """The error for an answer whose body did not parse: its status's VoipbinError if it is not a success (an HTML
    500 from a proxy, say), MalformedAnswerError if it is."""
    answer = LAST_ANSWER.get()
    if answer is None:
        return MalformedAnswerError(0, "MALFORMED_ANSWER", f"the answer could not be read: {error!r}"[:300])
    if not 200 <= answer.status_code < 300:
        status = cast(HTTPStatus, answer.status_code)  # any code: a proxy's 599 too
        return error_from(Response(status, answer.content, answer.headers, None))
    return MalformedAnswerError(
        answer.status_code,
        "MALFORMED_ANSWER",
        f"the body does not parse as the description says: {type(error).__name__}: {error}"[:300],
        answer.headers.get("x-request-id"),
    )


def login(client: Client | AuthenticatedClient, username: str, password: str) -> str:
    """A login token (a JWT) for username; InvalidRequestError when the service refuses the login."""
    request = LoginRequest(username=username, password=password)
    return _token(call(login_operation.sync_detailed, client=client, body=request))


async def alogin(client: Client | AuthenticatedClient, username: str, password: str) -> str:
    request = LoginRequest(username=username, password=password)
    return _token(await acall(login_operation.asyncio_detailed, client=client, body=request))


def _token(answer: object) -> str:
    if isinstance(answer, LoginResponse):
        return answer.token
    raise MalformedAnswerError(200, "MALFORMED_ANSWER", "a login answered 200 without a token")


def _unwrap(response: Response[T | ErrorEnvelope]) -> T:
    parsed = response.parsed
    if 200 <= response.status_code < 300 and parsed is not None and not isinstance(parsed, ErrorEnvelope):
        return parsed
    raise error_from(response)
