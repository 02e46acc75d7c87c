"""Everything that changes how the mock behaves, in one frozen dataclass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from voipbin_mock.timestamps import Era, now_us

PACKAGE = Path(__file__).resolve().parent
# The description, packaged with the mock (in a checkout, a link to the repository's openapi.yaml).
DEFAULT_SPEC = PACKAGE / "openapi.yaml"
DEFAULT_FIXTURES = PACKAGE / "fixtures.yaml"
ONE_MIB = 1024 * 1024


# How the mock answers: as the live service does today, known deviations and all (`service`), or as the tutorial
# documents the API (`tutorial`). See docs/mock.md for what each does, and why `service` is the default.
Profile = Literal["service", "tutorial"]
PROFILES: tuple[Profile, ...] = ("service", "tutorial")
# The timestamps each profile writes unless told otherwise: the service's today, and the tutorial's.
ERA_OF_PROFILE: dict[Profile, Era] = {"service": "rfc3339", "tutorial": "legacy"}
# How the service profile dispatches each message (voipbin_mock.lifecycle): as the service does, through whichever
# provider Go's random map order puts first (`either`); always one path, for development and tests; or each of the
# three in turn (`rotate`: Telnyx, MessageBird, failed), so that any three messages in a row show every path.
Dispatch = Literal["either", "telnyx", "messagebird", "failed", "rotate"]
DISPATCHES: tuple[Dispatch, ...] = ("either", "telnyx", "messagebird", "failed", "rotate")


@dataclass(frozen=True)
class Delays:
    """Seconds after sending at which each target moves on: queued -> sent -> delivered (or a failure). In the
    service profile, `sent` is the provider dispatch: the target takes the provider's status, and keeps it."""

    sent: float = 2.0
    delivered: float = 5.0
    timeout: float = 30.0


INSTANT = Delays(sent=0.0, delivered=0.0, timeout=0.0)


@dataclass(frozen=True)
class MockConfig:
    """How one mock server instance runs."""

    spec_path: Path = DEFAULT_SPEC
    fixtures_path: Path = DEFAULT_FIXTURES
    # None keeps everything in memory; a path keeps it in a SQLite file (WAL) that survives a restart.
    db_path: Path | None = None
    profile: Profile = "service"
    timestamps: Era = ERA_OF_PROFILE["service"]
    # How long a login token lives: the service's TokenExpiration (bin-api-manager/pkg/servicehandler/main.go), the
    # Max-Age of its cookie too.
    token_ttl_seconds: int = 7 * 24 * 3600
    delays: Delays = field(default_factory=Delays)
    max_body_bytes: int = ONE_MIB
    # Signing key for login tokens; None: a random one, kept in the database so tokens outlive a restart.
    secret: str | None = None
    # Microseconds since the epoch; tests pass a clock they can move instead of sleeping.
    clock: Callable[[], int] = now_us
    # The service profile's dispatch path (DISPATCHES); the tutorial profile follows the documented lifecycle.
    dispatch: Dispatch = "either"
    # Seeds the choices made at random (dispatch paths, the order of the Telnyx path, webhook delays); None: the OS.
    seed: int | None = None
    # Whether a customer's webhook events leave in the order of the changes; None: as the profile does (the service
    # publishes each event on its own, so they may arrive in any order; the tutorial keeps the order).
    webhooks_ordered: bool | None = None
    # Defects to inject (voipbin_mock.faults.FAULTS), to prove that the contract suite catches them.
    faults: frozenset[str] = frozenset()
    # Every customer's webhook events to this URL, instead of the fixtures', with webhook_method (None: each
    # customer's own, `""` for none set, which the service sends as GET) and signed with webhook_secret (None: each
    # customer's own; every customer has one).
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_method: str | None = None
