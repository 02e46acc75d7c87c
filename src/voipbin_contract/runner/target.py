"""Which server the suite checks, with which credentials, and what it may do there.

By default the bundled mock, started on a free 127.0.0.1 port. Any other server comes from the environment:
`VOIPBIN_BASE_URL` (or `BASE_URL`), and a credential: `VOIPBIN_ACCESSKEY` (or `ACCESSKEY`), an access key, sent in
the `accesskey` query parameter; or `VOIPBIN_TOKEN` (or `TOKEN`), a JWT, sent in `token`; or
`VOIPBIN_USERNAME`/`VOIPBIN_PASSWORD`, to log in for a JWT. The service reads access keys only from `accesskey`.
Against anything but the bundled mock nothing is sent or deleted unless `VOIPBIN_ALLOW_SEND=1`, and then only to
`VOIPBIN_TEST_DESTINATIONS`, at most `VOIPBIN_MAX_SENDS` times.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import uvicorn

from voipbin_contract.bounds import REQUEST_SECONDS as REQUEST_SECONDS  # the suite's modules read it here
from voipbin_contract.bounds import CappedTransport
from voipbin_contract.description import CREDENTIAL_SCHEMES, SPEC_PATH
from voipbin_contract.pacing import Pace, PacedTransport, pace_for
from voipbin_contract.webhooks import WebhookReceiver
from voipbin_mock import Delays, MockConfig, create_app
from voipbin_mock.config import DEFAULT_FIXTURES, DISPATCHES, ERA_OF_PROFILE, Profile
from voipbin_mock.config import PROFILES as PROFILES  # the bundled mock's, offered by the command line too
from voipbin_mock.fixtures import load_fixtures
from voipbin_mock.lifecycle import FAILING_DESTINATIONS, dispatch_schedule, outbound_schedule
from voipbin_mock.server import UVICORN_OPTIONS

# Destinations the bundled mock delivers to, and those it fails (an ordinary number first).
MOCK_DESTINATIONS = ("+31616818985", *FAILING_DESTINATIONS)


def mock_final_statuses(profile: Profile, destinations: Sequence[str]) -> list[str]:
    """Where the bundled mock's lifecycle leaves a target to each destination, in profile: its magic numbers are
    its own behaviour, not the API's, so the mock says where they end; the lifecycle's rules are judged apart."""
    schedule = dispatch_schedule if profile == "service" else outbound_schedule
    return [schedule(destination, 0, MOCK_DELAYS).final_status for destination in destinations]


# The bundled mock's two demo customers' access keys, from its fixtures.
MOCK_KEYS = tuple(customer.accesskeys[0].token for customer in load_fixtures(DEFAULT_FIXTURES).customers[:2])
MOCK_SOURCE = "+15559876543"
# Fast enough for polling tests to watch every transition, slow enough that each state is seen.
MOCK_DELAYS = Delays(sent=0.3, delivered=0.8, timeout=1.5)
# Enough for each property test that sends to send once against an external server (they draw one example each
# there): seven tests, the model-based test's two sends (test_stateful_model.MODEL_SENDS), and one to spare.
DEFAULT_MAX_SENDS = 10
# How long a message must hold still against another server to count as settled (VOIPBIN_SETTLE_SECONDS), and at
# most: the property tests give a message 180 s in all.
DEFAULT_SETTLE_SECONDS = 30.0
MAX_SETTLE_SECONDS = 120.0


def bounded_network() -> CappedTransport:
    """The network, each request and its whole answer within the suite's bounds."""
    return CappedTransport(httpx.HTTPTransport())


class TargetError(RuntimeError):
    """The environment does not describe a usable target; the message says what to set."""


@dataclass
class SendBudget:
    """How many more messages the suite may send; unlimited against the bundled mock. Sends are counted as they
    are made, for the run's report."""

    remaining: int | None
    used: int = 0

    def take(self, count: int = 1) -> bool:
        if self.remaining is not None:
            if self.remaining < count:
                return False
            self.remaining -= count
        self.used += count
        return True

    def report(self) -> str:
        left = "no limit" if self.remaining is None else f"{self.remaining} left of VOIPBIN_MAX_SENDS"
        return f"messages sent by the property tests: {self.used} ({left})"


@dataclass(frozen=True)
class Target:
    base_url: str
    token: str = field(repr=False)
    other_token: str | None = field(repr=False)
    source_number: str | None
    bundled_mock: bool
    allow_send: bool
    destinations: tuple[str, ...]
    budget: SendBudget = field(compare=False)
    # Where the credentials go: "accesskey" for access keys, "token" for JWTs.
    credential_parameter: str = "token"
    # The bundled mock's profile (VOIPBIN_MOCK_PROFILE); None for any other server.
    mock_profile: Profile | None = None
    # Where the server's message webhook events arrive, and the secret they are signed with; None: not checked.
    webhooks: WebhookReceiver | None = field(default=None, compare=False)
    webhook_secret: str | None = field(default=None, repr=False)
    # How long a message must hold still to count as settled where a known deviation stops it (a provider's status,
    # a dispatch that left every target queued): the bundled mock dispatches in 0.3 s; elsewhere
    # VOIPBIN_SETTLE_SECONDS, default 30.
    settle_seconds: float = 1.0
    # How fast the suite may ask (voipbin_contract.pacing): not paced against the bundled mock.
    pace: Pace = field(default_factory=lambda: Pace(None), compare=False)

    def http(self, **kwargs: Any) -> httpx.Client:
        """An httpx client for this target that takes its turn, waits out 429s, and reads each answer whole within
        its bounds (voipbin_contract.bounds), each attempt on its own."""
        return httpx.Client(base_url=self.base_url, transport=PacedTransport(self.pace, bounded_network()), **kwargs)

    @property
    def security_scheme(self) -> str:
        """The description's security scheme the credentials are sent with."""
        return CREDENTIAL_SCHEMES[self.credential_parameter]

    def credentials(self, token: str | None = None) -> dict[str, str]:
        """Query parameters that authenticate as the target's customer, or as the customer of `token`."""
        return {self.credential_parameter: token or self.token}

    def plan(self) -> str:
        """What the suite will and will not exercise, said before it starts."""
        where = f"the bundled mock, --profile {self.mock_profile}" if self.bundled_mock else "an external server"
        lines = [f"contract suite target: {self.base_url} ({where})"]
        if self.allow_send:
            budget = "no limit" if self.budget.remaining is None else f"at most {self.budget.remaining} sends"
            allowed = "any destination" if self.bundled_mock else f"only {', '.join(self.destinations)}"
            lines.append(
                f"  will exercise: every operation, sendMessage and deleteMessage included ({budget}, {allowed})"
            )
        else:
            lines.append("  will exercise: login, list/get numbers, access keys and messages")
            lines.append("  will NOT exercise: sendMessage, deleteMessage")
            lines.append("    (to allow them: VOIPBIN_ALLOW_SEND=1 and VOIPBIN_TEST_DESTINATIONS)")
        if self.other_token is None:
            other = "VOIPBIN_OTHER_ACCESSKEY" if self.credential_parameter == "accesskey" else "VOIPBIN_OTHER_TOKEN"
            lines.append(f"  will NOT check tenancy: no second customer (set {other})")
        if self.pace.per_second:
            lines.append(
                f"  paced: at most {self.pace.per_second:g} requests a second, under the service's per-customer limit"
                " (VOIPBIN_REQUESTS_PER_SECOND); a 429 is waited out, never a failure"
            )
        return "\n".join(lines)


def _first(environ: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = environ.get(name, "").strip()
        if value:
            return value
    return None


def external_target(environ: Mapping[str, str], base_url: str) -> Target:
    """A target described by the environment."""
    base_url = base_url.rstrip("/")
    try:
        parsed = httpx.URL(base_url)
    except (httpx.InvalidURL, ValueError) as error:
        raise TargetError(f"the base URL {base_url!r} is not a URL: {error}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise TargetError(f"the base URL {base_url!r} is not an http or https URL with a host")
    parameter = "accesskey"
    token = _first(environ, "VOIPBIN_ACCESSKEY", "ACCESSKEY")
    if token is None:
        parameter = "token"
        token = _first(environ, "VOIPBIN_TOKEN", "TOKEN")
    if token is None:
        username, password = _first(environ, "VOIPBIN_USERNAME"), _first(environ, "VOIPBIN_PASSWORD")
        if not (username and password):
            raise TargetError(
                "set VOIPBIN_ACCESSKEY (an access key), VOIPBIN_TOKEN (a JWT), or VOIPBIN_USERNAME and "
                f"VOIPBIN_PASSWORD, for {base_url}"
            )
        token = login(base_url, username, password)
    allow_send = environ.get("VOIPBIN_ALLOW_SEND", "") == "1"
    destinations = tuple(d.strip() for d in environ.get("VOIPBIN_TEST_DESTINATIONS", "").split(",") if d.strip())
    if allow_send and not destinations:
        raise TargetError("VOIPBIN_ALLOW_SEND=1 needs VOIPBIN_TEST_DESTINATIONS: the numbers the suite may send to")
    try:
        max_sends = int(environ.get("VOIPBIN_MAX_SENDS", DEFAULT_MAX_SENDS))
    except ValueError as error:
        raise TargetError(f"VOIPBIN_MAX_SENDS must be a whole number: {error}") from None
    try:
        pace = pace_for(environ, bundled_mock=False)
    except ValueError as error:
        raise TargetError(str(error)) from None
    settle = environ.get("VOIPBIN_SETTLE_SECONDS", "").strip() or str(DEFAULT_SETTLE_SECONDS)
    try:
        settle_seconds = float(settle)
    except ValueError:
        settle_seconds = -1.0
    if not 0 < settle_seconds <= MAX_SETTLE_SECONDS:
        raise TargetError(f"VOIPBIN_SETTLE_SECONDS must be a number of seconds above 0, at most {MAX_SETTLE_SECONDS:g}")
    return Target(
        base_url=base_url,
        token=token,
        other_token=_first(environ, "VOIPBIN_OTHER_ACCESSKEY" if parameter == "accesskey" else "VOIPBIN_OTHER_TOKEN"),
        source_number=_first(environ, "VOIPBIN_SOURCE_NUMBER"),
        bundled_mock=False,
        allow_send=allow_send,
        destinations=destinations,
        budget=SendBudget(max_sends if allow_send else 0),
        credential_parameter=parameter,
        pace=pace,
        settle_seconds=settle_seconds,
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
    token = response.json().get("token")
    if not isinstance(token, str) or not token:
        raise TargetError(f"login at {base_url} answered 200 without a token")
    return token


def mock_target(
    base_url: str,
    profile: Profile = "service",
    webhooks: WebhookReceiver | None = None,
    webhook_secret: str | None = None,
) -> Target:
    return Target(
        base_url=base_url,
        token=MOCK_KEYS[0],
        other_token=MOCK_KEYS[1],
        source_number=MOCK_SOURCE,
        bundled_mock=True,
        allow_send=True,
        destinations=(),
        budget=SendBudget(None),
        credential_parameter="accesskey",
        mock_profile=profile,
        webhooks=webhooks,
        webhook_secret=webhook_secret,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Any, name: str, **options: Any) -> Iterator[str]:
    """An ASGI app under uvicorn (with its options) in a background thread on a free 127.0.0.1 port; yields its
    base URL once it serves, TargetError naming it if it has not started within 15 s."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **options))
    thread = threading.Thread(target=server.run, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise TargetError(f"{name} did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def bundled_mock(config: MockConfig | None = None) -> Iterator[str]:
    """The mock, served as the mock's own command serves it; yields its base URL."""
    app = create_app(config or MockConfig(delays=MOCK_DELAYS))
    with serving(app, "the bundled mock", **UVICORN_OPTIONS) as url:
        yield url


# The base URL that asks for the bundled mock by name: what CI must say to check it (CI never falls back to it).
BUNDLED = "mock"
# Environment variables that say the run is in CI (GitHub Actions, GitLab, and most others set CI).
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD")


def base_url_of(environ: Mapping[str, str]) -> str | None:
    """The server the environment names; None for the bundled mock. TargetError where a run would check the
    bundled mock without being asked to: a base-URL variable set but empty (a CI secret that was never set; the
    nightly job went green checking nothing of the user's), or a run in CI that names no server at all."""
    named = [name for name in ("VOIPBIN_BASE_URL", "BASE_URL") if name in environ]
    value = _first(environ, *named) if named else None
    if value is not None:
        return None if value.lower() == BUNDLED else value
    fix = f"set it to the server to check, or to {BUNDLED!r} to check the bundled mock on purpose"
    if named:
        raise TargetError(f"{named[0]} is set but empty (a secret that was never set?): {fix}")
    ci = next((name for name in CI_VARIABLES if environ.get(name, "").strip().lower() not in ("", "0", "false")), None)
    if ci is not None:
        no_server = "the suite does not fall back to the bundled mock: VOIPBIN_BASE_URL names no server"
        raise TargetError(f"in CI ({ci} is set) {no_server}; {fix}")
    return None


@contextmanager
def resolve(environ: Mapping[str, str] = os.environ) -> Iterator[Target]:
    """The target the environment names, or the bundled mock, running for as long as the context lasts."""
    base_url = base_url_of(environ)
    if base_url:
        target = external_target(environ, base_url)
        listen, secret = _first(environ, "VOIPBIN_WEBHOOK_LISTEN"), _first(environ, "VOIPBIN_WEBHOOK_SECRET")
        if not (listen and secret):
            yield target
            return
        host, _, port = listen.rpartition(":")
        try:
            receiver = WebhookReceiver(host or "127.0.0.1", int(port))
        except (ValueError, OSError) as error:
            raise TargetError(f"VOIPBIN_WEBHOOK_LISTEN={listen}: cannot listen there ({error})") from None
        try:
            yield replace(target, webhooks=receiver, webhook_secret=secret)
        finally:
            receiver.close()
        return
    # Defects for the bundled mock to have: how tests/voipbin_contract/test_faults.py proves the suite catches them;
    # and the bundled mock's dispatch path (VOIPBIN_MOCK_DISPATCH; by default as the service: Telnyx or MessageBird).
    injected = frozenset(f for f in environ.get("VOIPBIN_MOCK_FAULTS", "").split(",") if f)
    asked = environ.get("VOIPBIN_MOCK_PROFILE", "") or "service"
    profile = next((p for p in PROFILES if p == asked), None)
    if profile is None:
        raise TargetError(f"VOIPBIN_MOCK_PROFILE must be one of {', '.join(PROFILES)}, not {asked!r}")
    era = ERA_OF_PROFILE[profile]
    dispatch = next((d for d in DISPATCHES if d == (environ.get("VOIPBIN_MOCK_DISPATCH", "") or "either")), None)
    if dispatch is None:
        raise TargetError(f"VOIPBIN_MOCK_DISPATCH must be one of {', '.join(DISPATCHES)}")
    seed = environ.get("VOIPBIN_CONTRACT_SEED", "")
    receiver, secret = WebhookReceiver(), secrets.token_hex(16)
    config = MockConfig(
        spec_path=SPEC_PATH,  # the description the suite judges by is the one the mock serves
        delays=MOCK_DELAYS,
        faults=injected,
        profile=profile,
        timestamps=era,
        webhook_url=receiver.url,
        webhook_secret=secret,
        dispatch=dispatch,
        seed=int(seed) if seed.isdigit() else None,
    )
    try:
        with bundled_mock(config) as url:
            yield mock_target(url, profile, receiver, secret)
    finally:
        receiver.close()
