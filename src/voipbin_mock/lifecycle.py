"""How each target's status moves over time, decided once when the message is stored.

A target is stored with its schedule (when it becomes `sent`, when it reaches its final status, and which), so its
status at any moment follows from the clock alone: it never moves backwards, it survives a restart, and changing
the delays of a running mock does not rewrite history. Magic destination numbers end in each failure status, so
that every status can be produced through the public API.

In the service profile a target does what the live service's do: it stays `queued` until the provider dispatch,
then takes the provider's own status (MessageBird's: `sent`, or for the magic numbers `delivery_failed`,
`expired`, `buffered`), and nothing moves it after that.
"""

from __future__ import annotations

from dataclasses import dataclass

from voipbin_mock.config import Delays

# Destinations whose delivery fails, and where their targets end: in the documented lifecycle (tutorial profile),
# and at the provider (service profile). Every other number is delivered, or left `sent` by the provider.
FAILING_DESTINATIONS = {
    "+15005550001": ("failed", "delivery_failed"),
    "+15005550002": ("gw_timeout", "expired"),
    "+15005550003": ("dlr_timeout", "buffered"),
}
MAGIC_DESTINATIONS = {number: documented for number, (documented, _) in FAILING_DESTINATIONS.items()}
PROVIDER_OUTCOMES = {number: provider for number, (_, provider) in FAILING_DESTINATIONS.items()}
SECOND_US = 1_000_000


@dataclass(frozen=True)
class Schedule:
    """When a target becomes `sent` (None: never) and when it reaches final_status."""

    queued_us: int
    sent_us: int | None
    final_us: int
    final_status: str

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
        return "queued", self.queued_us


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


def dispatch_schedule(destination: str, queued_us: int, delays: Delays) -> Schedule:
    """The service profile's schedule: `queued` until the dispatch (the `sent` delay), then the provider's status."""
    dispatched_us = queued_us + int(delays.sent * SECOND_US)
    return Schedule(queued_us, None, dispatched_us, PROVIDER_OUTCOMES.get(destination, "sent"))


def inbound_schedule(received_us: int) -> Schedule:
    """An inbound message's only target is `received` from the start."""
    return Schedule(received_us, None, received_us, "received")
