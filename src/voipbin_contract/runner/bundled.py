"""The bundled mock: the one module of the suite that imports voipbin_mock, to start it as the run's target (and
tests their servers) in a thread of this process.

The mock serves the description the suite judges by, with the run's seed, profile and dispatch path, its webhooks
sent to a receiver of the suite's on 127.0.0.1; what the suite needs to know of its behaviour (its destinations,
where its lifecycle ends) comes from the mock itself, as MockFacts on the target.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

import uvicorn

from voipbin_contract.rules.description import SPEC_PATH
from voipbin_contract.runner.budget import SendBudget
from voipbin_contract.runner.receiver import WebhookReceiver
from voipbin_contract.runner.settings import Settings
from voipbin_contract.runner.target import MockFacts, Target, TargetError, login
from voipbin_mock import Delays, MockConfig, create_app
from voipbin_mock.config import DEFAULT_FIXTURES, DISPATCHES, ERA_OF_PROFILE, PROFILES, Profile
from voipbin_mock.fixtures import load_fixtures
from voipbin_mock.lifecycle import FAILING_DESTINATIONS, dispatch_schedule, outbound_schedule
from voipbin_mock.server import UVICORN_OPTIONS

# Destinations the bundled mock delivers to, and those it fails (an ordinary number first).
MOCK_DESTINATIONS = ("+31616818985", *FAILING_DESTINATIONS)
# The bundled mock's two demo customers, from its fixtures: their access keys, and the first's login.
DEMO_CUSTOMERS = load_fixtures(DEFAULT_FIXTURES).customers[:2]
MOCK_KEYS = tuple(customer.accesskeys[0].token for customer in DEMO_CUSTOMERS)
MOCK_LOGIN = (DEMO_CUSTOMERS[0].username, DEMO_CUSTOMERS[0].password)
MOCK_SOURCE = "+15559876543"
# Fast enough for polling tests to watch every transition, slow enough that each state is seen.
MOCK_DELAYS = Delays(sent=0.3, delivered=0.8, timeout=1.5)


def final_statuses(profile: Profile, destinations: Sequence[str]) -> list[str]:
    """Where the bundled mock's lifecycle leaves a target to each destination, in profile."""
    schedule = dispatch_schedule if profile == "service" else outbound_schedule
    return [schedule(destination, 0, MOCK_DELAYS).final_status for destination in destinations]


def mock_target(
    base_url: str,
    profile: Profile = "service",
    webhooks: WebhookReceiver | None = None,
    webhook_secret: str | None = None,
    login_token: str | None = None,
) -> Target:
    """The bundled mock at base_url as the run's target: its first demo customer, with the second for tenancy."""
    return Target(
        base_url=base_url,
        token=MOCK_KEYS[0],
        other_token=MOCK_KEYS[1],
        source_number=MOCK_SOURCE,
        allow_send=True,
        destinations=(),
        budget=SendBudget(None),
        credential_parameter="accesskey",
        mock=MockFacts(profile, MOCK_DESTINATIONS, partial(final_statuses, profile)),
        webhooks=webhooks,
        webhook_secret=webhook_secret,
        login_token=login_token,
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


@contextmanager
def started(settings: Settings) -> Iterator[Target]:
    """The bundled mock as the settings ask for it (profile, dispatch path, seed), with the suite's webhook receiver,
    for as long as the context lasts."""
    # Settings offers the mock's profiles and dispatch paths (tests/voipbin_contract/runner/test_settings.py).
    profile = next(p for p in PROFILES if p == settings.profile)
    dispatch = next(d for d in DISPATCHES if d == settings.dispatch)
    # The events are signed with each customer's own secret, which the suite reads from GET /v1.0/customer, as it
    # must against any server.
    receiver = WebhookReceiver()
    config = MockConfig(
        spec_path=SPEC_PATH,  # the description the suite judges by is the one the mock serves
        delays=MOCK_DELAYS,
        profile=profile,
        timestamps=ERA_OF_PROFILE[profile],
        webhook_url=receiver.url,
        dispatch=dispatch,
        seed=settings.seed,
    )
    try:
        with bundled_mock(config) as url:
            yield mock_target(url, profile, receiver, None, login(url, *MOCK_LOGIN))
    finally:
        receiver.close()
