"""The front of the SDK: one client object with a resource per kind, as twilio-python and stripe-python read.

with voipbin_sdk.Client(base_url, accesskey=KEY) as client:
    message = client.messages.send(source="+15559876543", destinations=["+31616818985"], text="hello")
    for each in client.messages.list(): ...

Credentials, timeout, retries and logging are connect()'s; the errors are call()'s. `client.generated` is the
generated client underneath, for whoever calls the generated operations directly.
"""

from __future__ import annotations

from types import TracebackType

import httpx
from voipbin_client import AuthenticatedClient
from voipbin_client import Client as GeneratedClient

from voipbin_sdk.calls import alogin as _alogin
from voipbin_sdk.calls import login as _login
from voipbin_sdk.connect import DEFAULT_TIMEOUT, connect, connect_async
from voipbin_sdk.resources import (
    Accesskeys,
    AsyncAccesskeys,
    AsyncCustomerResource,
    AsyncMessages,
    AsyncNumbers,
    CustomerResource,
    Messages,
    Numbers,
)
from voipbin_sdk.retries import ATTEMPTS

Timeout = httpx.Timeout | float | None


class Client:
    """A client of base_url, with an access key or a login token (see login()); a context manager. The
    environment's proxies (HTTP_PROXY, HTTPS_PROXY, NO_PROXY) apply unless trust_env=False or a transport is given."""

    def __init__(
        self,
        base_url: str,
        *,
        accesskey: str | None = None,
        token: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        attempts: int = ATTEMPTS,
        retry_sends: bool = False,
        transport: httpx.BaseTransport | None = None,
        trust_env: bool = True,
    ) -> None:
        self.generated = connect(
            base_url,
            accesskey=accesskey,
            token=token,
            timeout=timeout,
            attempts=attempts,
            retry_sends=retry_sends,
            transport=transport,
            trust_env=trust_env,
        )
        self.messages = Messages(self.generated)
        self.numbers = Numbers(self.generated)
        self.accesskeys = Accesskeys(self.generated)
        self.customer = CustomerResource(self.generated)

    def close(self) -> None:
        self.generated.get_httpx_client().close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


class AsyncClient:
    """Client, for asyncio: the same resources, their methods coroutines; `async with`."""

    def __init__(
        self,
        base_url: str,
        *,
        accesskey: str | None = None,
        token: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        attempts: int = ATTEMPTS,
        retry_sends: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        trust_env: bool = True,
    ) -> None:
        self.generated = connect_async(
            base_url,
            accesskey=accesskey,
            token=token,
            timeout=timeout,
            attempts=attempts,
            retry_sends=retry_sends,
            transport=transport,
            trust_env=trust_env,
        )
        self.messages = AsyncMessages(self.generated)
        self.numbers = AsyncNumbers(self.generated)
        self.accesskeys = AsyncAccesskeys(self.generated)
        self.customer = AsyncCustomerResource(self.generated)

    async def aclose(self) -> None:
        await self.generated.get_async_httpx_client().aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()


def login(
    base_url: str | GeneratedClient | AuthenticatedClient,
    username: str,
    password: str,
    *,
    timeout: Timeout = DEFAULT_TIMEOUT,
) -> str:
    """A login token (a JWT) for username, for Client(token=...); InvalidRequestError when the service refuses
    the login. base_url may also be a client of connect(), as before."""
    if not isinstance(base_url, str):
        return _login(base_url, username, password)
    with connect(base_url, timeout=timeout) as anonymous:
        return _login(anonymous, username, password)


async def alogin(
    base_url: str | GeneratedClient | AuthenticatedClient,
    username: str,
    password: str,
    *,
    timeout: Timeout = DEFAULT_TIMEOUT,
) -> str:
    """login(), for asyncio."""
    if not isinstance(base_url, str):
        return await _alogin(base_url, username, password)
    async with connect_async(base_url, timeout=timeout) as anonymous:
        return await _alogin(anonymous, username, password)
