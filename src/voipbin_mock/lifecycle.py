"""How each target's status moves over time, decided once when the message is stored.

A target is stored with its schedule (when it becomes `sent`, when it reaches its final status, and which), so its
status at any moment follows from the clock alone: it never moves backwards, it survives a restart, and changing
the delays of a running mock does not rewrite history. Magic destination numbers end in each failure status, so
that every status can be produced through the public API.

In the service profile a message is dispatched as the live service dispatches it (bin-message-manager/pkg/
messagehandler/send.go): the providers are tried in Go's random map order, and the first that takes the message
decides what its targets become, for good (`Dispatch`):

- `messagebird`: each target takes the provider's own status (`sent`, or for the magic numbers `delivery_failed`,
  `expired`, `buffered`) and its part count, and is rebuilt from the provider's recipient (type `tel`, display
  fields dropped);
- `telnyx`: the targets are handed back as they were, `queued` with `parts` 0, in the order the provider's
  goroutines finished; only the message's `tm_update` moves;
- `failed`: no provider took it (the mock's DISPATCH_REFUSED destination, or --dispatch failed or rotate): nothing
  changes.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from voipbin_mock.config import Delays, Dispatch

# What became of one message's dispatch (the path `Dispatch` chose).
Path = Literal["telnyx", "messagebird", "failed"]

# Destinations whose delivery fails, and where their targets end: in the documented lifecycle (tutorial profile),
# and at the provider (service profile). Every other number is delivered, or left `sent` by the provider.
FAILING_DESTINATIONS = {
    "+15005550001": ("failed", "delivery_failed"),
    "+15005550002": ("gw_timeout", "expired"),
    "+15005550003": ("dlr_timeout", "buffered"),
}
MAGIC_DESTINATIONS = {number: documented for number, (documented, _) in FAILING_DESTINATIONS.items()}
PROVIDER_OUTCOMES = {number: provider for number, (_, provider) in FAILING_DESTINATIONS.items()}
# A destination no provider takes: a message to it is not dispatched at all (the service profile's failed path).
DISPATCH_REFUSED = "+15005550009"
SECOND_US = 1_000_000


@dataclass(frozen=True)
class Schedule:
    """When a target becomes `sent` (None: never) and when it reaches final_status; position is where the target
    stands among its message's targets from final_us on (None: where it was sent)."""

    queued_us: int
    sent_us: int | None
    final_us: int
    final_status: str
    position: int | None = None
    start_status: str = "queued"  # the status before any move: `received` for an inbound target

    def next_change_after(self, now_us: int) -> int | None:
        """When the status next changes after now_us; None once it is final."""
        if self.sent_us is not None and now_us < self.sent_us:
            return self.sent_us
        return self.final_us if now_us < self.final_us else None

    def status_at(self, now_us: int) -> tuple[str, int]:
        """The status at now_us and the moment it was reached (the target's `tm_update`)."""
        if now_us >= self.final_us:
            return self.final_status, self.final_us
        if self.sent_us is not None and now_us >= self.sent_us:
            return "sent", self.sent_us
        return self.start_status, self.queued_us


# Gives a target's schedule from its index among the message's targets, its destination and the moment queued.
ScheduleFor = Callable[[int, str, int], Schedule]


def outbound_schedule(destination: str, queued_us: int, delays: Delays) -> Schedule:
    """The schedule of a target sent to destination at queued_us."""
    sent_us = queued_us + int(delays.sent * SECOND_US)
    delivered_us = max(sent_us, queued_us + int(delays.delivered * SECOND_US))
    timeout_us = max(sent_us, queued_us + int(delays.timeout * SECOND_US))
    outcome = MAGIC_DESTINATIONS.get(destination, "delivered")
    if outcome == "gw_timeout":
        return Schedule(queued_us, None, queued_us + int(delays.timeout * SECOND_US), outcome)
    if outcome == "dlr_timeout":
        return Schedule(queued_us, sent_us, timeout_us, outcome)
    return Schedule(queued_us, sent_us, delivered_us, outcome)


def dispatch_moment(queued_us: int, delays: Delays) -> int:
    """When the service profile's background dispatch happens: the `sent` delay after the send, and never in the
    same microsecond as the send (whose answer shows every target as the send left it)."""
    return queued_us + max(1, int(delays.sent * SECOND_US))


def dispatch_schedule(destination: str, queued_us: int, delays: Delays) -> Schedule:
    """The MessageBird path: `queued` until the dispatch, then the provider's status, for good."""
    return Schedule(queued_us, None, dispatch_moment(queued_us, delays), PROVIDER_OUTCOMES.get(destination, "sent"))


def telnyx_schedule(queued_us: int, delays: Delays, position: int) -> Schedule:
    """The Telnyx path: `queued` before and after the dispatch, which only moves the target to position."""
    return Schedule(queued_us, None, dispatch_moment(queued_us, delays), "queued", position)


def failed_schedule(queued_us: int) -> Schedule:
    """No provider took the message: `queued` from the start, for good, and nothing ever changes."""
    return Schedule(queued_us, None, queued_us, "queued")


PATHS: tuple[Path, ...] = ("telnyx", "messagebird", "failed")


class Dispatcher:
    """Chooses each message's path: as forced, or (`either`) the provider Go's map order puts first, or (`rotate`)
    each path in turn; `failed` whenever a destination is one no provider takes."""

    def __init__(self, dispatch: Dispatch, rng: random.Random) -> None:
        self.dispatch = dispatch
        self.rng = rng
        self._turns = itertools.cycle(PATHS)

    def path(self, destinations: list[str]) -> Path:
        if DISPATCH_REFUSED in destinations:
            return "failed"
        if self.dispatch == "either":
            return self.rng.choice(("telnyx", "messagebird"))
        if self.dispatch == "rotate":
            return next(self._turns)
        return self.dispatch


def service_schedules(path: Path, count: int, delays: Delays, rng: random.Random) -> ScheduleFor:
    """How each of a message's count targets is scheduled on path (by index, destination and the moment queued)."""
    if path == "messagebird":
        return lambda _index, destination, queued_us: dispatch_schedule(destination, queued_us, delays)
    if path == "telnyx":
        finished = rng.sample(range(count), count)  # the order the provider's goroutines finish in
        return lambda index, _destination, queued_us: telnyx_schedule(queued_us, delays, finished[index])
    return lambda _index, _destination, queued_us: failed_schedule(queued_us)


def inbound_schedule(received_us: int, delivered_after: float | None = None) -> Schedule:
    """An inbound message's only target is `received` from the start; with delivered_after, it moves on to
    `delivered` that many seconds later, as the developer docs have it (message_overview.rst)."""
    if delivered_after is None:
        return Schedule(received_us, None, received_us, "received", start_status="received")
    delivered_us = received_us + max(1, int(delivered_after * SECOND_US))  # a move, never in the same moment
    return Schedule(received_us, None, delivered_us, "delivered", start_status="received")
