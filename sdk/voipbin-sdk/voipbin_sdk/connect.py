"""A generated client set up as a caller expects: credentials where the service reads them, a timeout, retries,
and a log line per answer through `logging` (logger `voipbin_sdk`), never with a credential in it.

An access key travels in the `accesskey` cookie and a login token in `Authorization: Bearer`, so that neither is
ever part of a URL: httpx logs URLs, and so do proxies.

The environment's proxies (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY, read as httpx reads them) are used unless
the caller says trust_env=False or gives a transport of its own, as httpx does; each behind the same deadline, cap
and retries.
"""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar
from typing import Any

import httpx
from httpx._utils import get_environment_proxies  # httpx's own reading of the environment (tested)
from voipbin_client import AuthenticatedClient, Client

from voipbin_sdk.bounds import MAX_ANSWER_BYTES, BoundedTransport, network
from voipbin_sdk.retries import ATTEMPTS, VoipbinRetryTransport

log = logging.getLogger("voipbin_sdk")
# httpcore logs each answer's headers at DEBUG; the login's Set-Cookie carries the token (as the service sets it).
_SET_COOKIE = re.compile(r"""\(b?(['"])set-cookie\1, b?(['"]).*?\2\)""", re.IGNORECASE)


class _NoSetCookie(logging.Filter):
    """Takes the value of every Set-Cookie header out of httpcore's trace lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "set-cookie" in record.msg.lower():
            record.msg = _SET_COOKIE.sub("(b'set-cookie', b'[REDACTED]')", record.msg)
        return True


for _name in ("httpcore.http11", "httpcore.http2"):
    logging.getLogger(_name).addFilter(_NoSetCookie())
# Seconds: 10 for a whole call (connecting at most 5 of them), retries and their waits included; a server that
# never answers, or drips its answer, fails, not hangs (voipbin_sdk.bounds).
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
# The last answer of the current context (thread or task), for calls.call: an answer whose body does not parse
# still becomes the VoipbinError of its status.
LAST_ANSWER: ContextVar[httpx.Response | None] = ContextVar("voipbin_sdk_last_answer", default=None)


def connect(
    base_url: str,
    *,
    accesskey: str | None = None,
    token: str | None = None,
    timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
    attempts: int = ATTEMPTS,
    retry_sends: bool = False,
    transport: httpx.BaseTransport | None = None,
    trust_env: bool = True,
) -> Client | AuthenticatedClient:
    """A client for base_url: with an access key, a login token, or neither (to log in). attempts is how many
    retries a request gets (0: none); retry_sends lets a send be retried when it may already have been accepted.
    transport replaces the network (httpx.MockTransport in tests); trust_env=False ignores the environment's
    proxies."""
    hooks = {"response": [_log_response]}
    layers = _layers(transport, timeout, attempts, retry_sends, False)
    mounts = _proxies(transport is None and trust_env, timeout, attempts, retry_sends, False)
    return _client(base_url, accesskey, token, timeout, layers, mounts, hooks, asynchronous=False)


def connect_async(
    base_url: str,
    *,
    accesskey: str | None = None,
    token: str | None = None,
    timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
    attempts: int = ATTEMPTS,
    retry_sends: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
    trust_env: bool = True,
) -> Client | AuthenticatedClient:
    """connect(), for the operations' asyncio and asyncio_detailed (the log hook is a coroutine there)."""
    hooks = {"response": [_alog_response]}
    layers = _layers(transport, timeout, attempts, retry_sends, True)
    mounts = _proxies(transport is None and trust_env, timeout, attempts, retry_sends, True)
    return _client(base_url, accesskey, token, timeout, layers, mounts, hooks, asynchronous=True)


def total_seconds(timeout: httpx.Timeout | float | None) -> float | None:
    """The whole call's deadline that a timeout stands for: the number, or the longest of an httpx.Timeout's."""
    if isinstance(timeout, httpx.Timeout):
        limits = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t is not None]
        return max(limits) if limits else None
    return None if timeout is None else float(timeout)


def _layers(
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None,
    timeout: httpx.Timeout | float | None,
    attempts: int,
    retry_sends: bool,
    asynchronous: bool,
) -> VoipbinRetryTransport:
    """Retries over the bounds (a deadline shared by the retries, a cap on each answer) over the network."""
    seconds = total_seconds(timeout)
    bounded = BoundedTransport(transport, seconds, MAX_ANSWER_BYTES, asynchronous=asynchronous)
    return VoipbinRetryTransport(bounded, retry_sends=retry_sends, attempts=attempts, total_timeout=seconds)


def _proxies(
    trust_env: bool, timeout: httpx.Timeout | float | None, attempts: int, retry_sends: bool, asynchronous: bool
) -> dict[str, VoipbinRetryTransport | None]:
    """httpx's mounts for the environment's proxies (none unless trust_env): each URL pattern the environment proxies
    to a network through its proxy, bounded and retried as the rest; a pattern NO_PROXY exempts to the direct one."""
    if not trust_env:
        return {}
    return {
        pattern: None
        if proxy is None
        else _layers(network(asynchronous, proxy), timeout, attempts, retry_sends, asynchronous)
        for pattern, proxy in get_environment_proxies().items()
    }


def _client(
    base_url: str,
    accesskey: str | None,
    token: str | None,
    timeout: httpx.Timeout | float | None,
    transport: VoipbinRetryTransport,
    mounts: dict[str, VoipbinRetryTransport | None],
    hooks: dict[str, list[Any]],
    *,
    asynchronous: bool,
) -> Client | AuthenticatedClient:
    if accesskey and token:
        raise ValueError("give an access key or a token, not both: the service would read only the token")
    limit = timeout if isinstance(timeout, httpx.Timeout) or timeout is None else httpx.Timeout(timeout)
    origin = httpx.URL(base_url)
    own = _own_origin_only(origin.scheme, origin.host, origin.port)
    hooks = {"request": [_async(own) if asynchronous else own], **hooks}
    args: dict[str, Any] = {"transport": transport, "mounts": mounts, "event_hooks": hooks}
    if token:
        return AuthenticatedClient(base_url=base_url, token=token, timeout=limit, httpx_args=args)
    cookies = {"accesskey": accesskey} if accesskey else {}
    return Client(base_url=base_url, cookies=cookies, timeout=limit, httpx_args=args)


def _own_origin_only(scheme: str, host: str, port: int | None) -> Any:
    """A request hook that takes the credentials off a request to another origin than base_url's (a redirect the
    caller let the client follow): httpx drops Authorization there, but sends the access-key cookie to any host."""

    def strip(request: httpx.Request) -> None:
        if (request.url.scheme, request.url.host, request.url.port) != (scheme, host, port):
            request.headers.pop("cookie", None)
            request.headers.pop("authorization", None)

    return strip


def _async(hook: Any) -> Any:
    async def run(request: httpx.Request) -> None:
        hook(request)

    return run


def _log_response(response: httpx.Response) -> None:
    LAST_ANSWER.set(response)
    request = response.request
    # The path only: no query string, which is where a caller's own credentials could be.
    log.debug(
        "%s %s -> %d (request_id %s)",
        request.method,
        request.url.path,
        response.status_code,
        response.headers.get("x-request-id", "-"),
    )


async def _alog_response(response: httpx.Response) -> None:
    _log_response(response)
