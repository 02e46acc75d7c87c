"""Calls that return the model or raise: any generated operation's `sync_detailed` or `asyncio_detailed`, typed.

message = call(send_message.sync_detailed, client=client, body=request)  # a Message, or an exception
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from voipbin_client.api.auth import login as login_operation
from voipbin_client.client import AuthenticatedClient, Client
from voipbin_client.models import ErrorEnvelope, LoginRequest, LoginResponse
from voipbin_client.types import Response

from voipbin_sdk.errors import error_from

P = ParamSpec("P")
T = TypeVar("T")


def call(operation: Callable[P, Response[T | ErrorEnvelope]], *args: P.args, **kwargs: P.kwargs) -> T:
    """The operation's model on success; a VoipbinError subclass otherwise."""
    return _unwrap(operation(*args, **kwargs))


async def acall(operation: Callable[P, Awaitable[Response[T | ErrorEnvelope]]], *args: P.args, **kwargs: P.kwargs) -> T:
    """call(), for the operations' asyncio_detailed."""
    return _unwrap(await operation(*args, **kwargs))


def login(client: Client | AuthenticatedClient, username: str, password: str) -> str:
    """A login token (a JWT) for username; InvalidRequestError when the service refuses the login."""
    response = login_operation.sync_detailed(client=client, body=LoginRequest(username=username, password=password))
    return _token(response)


async def alogin(client: Client | AuthenticatedClient, username: str, password: str) -> str:
    request = LoginRequest(username=username, password=password)
    return _token(await login_operation.asyncio_detailed(client=client, body=request))


def _unwrap(response: Response[T | ErrorEnvelope]) -> T:
    parsed = response.parsed
    if 200 <= response.status_code < 300 and parsed is not None and not isinstance(parsed, ErrorEnvelope):
        return parsed
    raise error_from(response)


def _token(response: Response[object]) -> str:
    if response.status_code == 200 and isinstance(response.parsed, LoginResponse):
        return response.parsed.token
    raise error_from(response)
