"""Which server the suite checks, with which credentials, and what it may do there: the Target of a run, made from
its Settings (voipbin_contract.runner.settings).

By default the bundled mock (voipbin_contract.runner.bundled starts it; nothing else of the suite imports the mock).
Any other server needs a credential: an access key, sent in the `accesskey` query parameter; or a login token (a
JWT), sent in `token`; or a username and password, to log in for one. The service reads access keys only from
`accesskey`. Against anything but the bundled mock nothing is sent or deleted unless sending is allowed, and then
only to the test destinations, at most `max_sends` times.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import httpx

from voipbin_contract.rules.description import CREDENTIAL_SCHEMES
from voipbin_contract.runner.bounds import REQUEST_SECONDS, CappedTransport
from voipbin_contract.runner.budget import SendBudget
from voipbin_contract.runner.pacing import Pace, PacedTransport, pace_for
from voipbin_contract.runner.receiver import WebhookReceiver
from voipbin_contract.runner.settings import Settings


def bounded_network(tls: ssl.SSLContext | None = None) -> CappedTransport:
    """The network, each request and its whole answer within the suite's bounds; TLS as tls says (a context made
    once and shared), else as httpx sets it up for each new transport."""
    return CappedTransport(httpx.HTTPTransport(verify=tls if tls is not None else True))


class TargetError(RuntimeError):
    """The settings do not describe a usable target; the message says what to set."""


@dataclass(frozen=True)
class MockFacts:
    """What the suite knows of the bundled mock it started, from the mock itself: its profile, the destinations it
    has behaviour for (one it delivers to first, then those it fails), and where its lifecycle leaves a target to
    each (its magic numbers are its own behaviour, not the API's; the lifecycle's rules are judged apart)."""

    profile: str
    destinations: tuple[str, ...]
    final_statuses: Callable[[Sequence[str]], list[str]]


@dataclass(frozen=True)
class Target:
    base_url: str
    token: str = field(repr=False)
    other_token: str | None = field(repr=False)
    source_number: str | None
    allow_send: bool
    destinations: tuple[str, ...]
    budget: SendBudget = field(compare=False)
    # Where the credentials go: "accesskey" for access keys, "token" for JWTs.
    credential_parameter: str = "token"
    # The bundled mock's facts; None for any other server.
    mock: MockFacts | None = None
    # Where the server's webhook events arrive (None: not checked), and the secret they are signed with when the
    # run gives one (None: the customer's own, read from GET /v1.0/customer: voipbin_contract.runner.account).
    webhooks: WebhookReceiver | None = field(default=None, compare=False)
    webhook_secret: str | None = field(default=None, repr=False)
    # How long a message must hold still to count as settled where a known deviation stops it (a provider's status,
    # a dispatch that left every target queued): the bundled mock dispatches in 0.3 s; elsewhere the setting.
    settle_seconds: float = 1.0
    # How fast the suite may ask (voipbin_contract.runner.pacing): not paced against the bundled mock.
    pace: Pace = field(default_factory=lambda: Pace(None), compare=False)
    # What the run learned of the target once (voipbin_contract.runner.account), by what it is.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # A login token of the caller's besides its credential (the same when that is a token; from logging in when an
    # access key comes with a username and password): what the credentials test sends where tokens go.
    login_token: str | None = field(default=None, repr=False)

    @property
    def bundled_mock(self) -> bool:
        return self.mock is not None

    @cached_property
    def tls(self) -> ssl.SSLContext:
        """The TLS context of every client of the run, made once: httpx makes one for each new transport, loading
        the trust store each time (31 ms here; 1.3 s of a run's 43 clients). The same as httpx's own: the trust
        store it ships (certifi), or SSL_CERT_FILE / SSL_CERT_DIR."""
        return httpx.create_ssl_context()

    @property
    def patience(self) -> float:
        """How long to wait at most for what a server does in the background (a dispatch, a webhook event): 10 s on
        the bundled mock; elsewhere six times the settle time, at most 180 s (three minutes, with the default)."""
        return 10.0 if self.mock is not None else min(180.0, 6 * self.settle_seconds)

    @property
    def mock_profile(self) -> str | None:
        """The bundled mock's profile; None for any other server."""
        return self.mock.profile if self.mock else None

    @property
    def sendable(self) -> tuple[str, ...]:
        """The destinations the suite sends to: the allowed ones, or the bundled mock's own."""
        return self.mock.destinations if self.mock else self.destinations

    def path_of(self, url: httpx.URL) -> str | None:
        """A request URL's path as the description writes it (the base URL's own path off); None if not below it."""
        base = httpx.URL(self.base_url).path.rstrip("/")
        path = url.path
        if not path.startswith(base + "/"):
            return None
        return path[len(base) :]

    def http(self, **kwargs: Any) -> httpx.Client:
        """An httpx client for this target that takes its turn, waits out 429s, and reads each answer whole within
        its bounds (voipbin_contract.runner.bounds), each attempt on its own."""
        transport = PacedTransport(self.pace, bounded_network(self.tls))
        return httpx.Client(base_url=self.base_url, transport=transport, **kwargs)

    @property
    def security_scheme(self) -> str:
        """The description's security scheme the credentials are sent with."""
        return CREDENTIAL_SCHEMES[self.credential_parameter]

    def credentials(self, token: str | None = None) -> dict[str, str]:
        """Query parameters that authenticate as the target's customer, or as the customer of `token`."""
        return {self.credential_parameter: token or self.token}

    def plan(self) -> str:
        """What the suite will and will not exercise, said before it starts."""
        where = f"the bundled mock, --profile {self.mock_profile}" if self.mock else "an external server"
        lines = [f"contract suite target: {self.base_url} ({where})"]
        if self.allow_send:
            budget = "no limit" if self.budget.remaining is None else f"at most {self.budget.remaining} sends"
            allowed = "any destination" if self.mock else f"only {', '.join(self.destinations)}"
            lines.append(
                f"  will exercise: every operation, sendMessage and deleteMessage included ({budget}, {allowed})"
            )
        else:
            lines.append("  will exercise: login, list/get numbers, access keys and messages")
            lines.append("  will NOT exercise: sendMessage, deleteMessage")
            lines.append("    (to allow them: --voipbin-allow-send and --voipbin-test-destinations)")
        if self.other_token is None:
            other = "VOIPBIN_OTHER_ACCESSKEY" if self.credential_parameter == "accesskey" else "VOIPBIN_OTHER_TOKEN"
            lines.append(f"  will NOT check tenancy: no second customer (set {other})")
        if self.pace.per_second:
            lines.append(
                f"  paced: at most {self.pace.per_second:g} requests a second, under the service's per-customer limit"
                " (--voipbin-requests-per-second); a 429 is waited out, never a failure"
            )
        return "\n".join(lines)


def external_target(settings: Settings) -> Target:
    """The server the settings name, with their credential (logging in for one if given a password)."""
    base_url = settings.base_url
    try:
        parsed = httpx.URL(base_url)
    except (httpx.InvalidURL, ValueError) as error:
        raise TargetError(f"the base URL {base_url!r} is not a URL: {error}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise TargetError(f"the base URL {base_url!r} is not an http or https URL with a host (or {'mock'!r})")
    login_token = settings.token
    if login_token is None and settings.username and settings.password:
        login_token = login(base_url, settings.username, settings.password)
    parameter, token = "accesskey", settings.accesskey
    if token is None:
        parameter, token = "token", login_token
    if token is None:
        raise TargetError(
            "set VOIPBIN_ACCESSKEY (an access key), VOIPBIN_TOKEN (a JWT), or VOIPBIN_USERNAME and "
            f"VOIPBIN_PASSWORD, for {base_url}"
        )
    pace = pace_for(settings.requests_per_second, bundled_mock=False)
    return Target(
        base_url=base_url,
        token=token,
        other_token=settings.other_accesskey if parameter == "accesskey" else settings.other_token,
        source_number=settings.source_number,
        allow_send=settings.allow_send,
        destinations=settings.test_destinations,
        budget=SendBudget(settings.max_sends if settings.allow_send else 0),
        credential_parameter=parameter,
        pace=pace,
        settle_seconds=settings.settle_seconds,
        login_token=login_token,
    )


def login(base_url: str, username: str, password: str) -> str:
    """A token from the target's login operation; a 429 is waited out (/auth is rate limited per address)."""
    try:
        with httpx.Client(transport=PacedTransport(Pace(None), bounded_network()), timeout=REQUEST_SECONDS) as http:
            response = http.post(f"{base_url}/auth/login", json={"username": username, "password": password})
    except httpx.HTTPError as error:
        raise TargetError(f"cannot log in at {base_url}: {type(error).__name__}: {error}") from None
    if response.status_code != 200:
        raise TargetError(f"login as {username} at {base_url} answered {response.status_code}")
    try:
        token = response.json().get("token")
    except (ValueError, AttributeError):
        token = None
    if not isinstance(token, str) or not token:
        raise TargetError(f"login at {base_url} answered 200 without a token")
    return token


def listening_receiver(listen: str) -> WebhookReceiver:
    """The suite's webhook receiver on HOST:PORT (as the setting holds it); TargetError if it cannot listen."""
    host, _, port = listen.rpartition(":")
    try:
        return WebhookReceiver(host, int(port))
    except (ValueError, OSError) as error:
        raise TargetError(f"--voipbin-webhook-listen {listen}: cannot listen there ({error})") from None


@contextmanager
def resolve(settings: Settings) -> Iterator[Target]:
    """The target the settings name, or the bundled mock, running for as long as the context lasts."""
    if settings.bundled:
        from voipbin_contract.runner.bundled import started  # the mock is loaded only when it is the target

        with started(settings) as target:
            yield target
        return
    target = external_target(settings)
    if not settings.webhook_listen:
        yield target
        return
    receiver = listening_receiver(settings.webhook_listen)
    try:
        yield replace(target, webhooks=receiver, webhook_secret=settings.webhook_secret)
    finally:
        receiver.close()
