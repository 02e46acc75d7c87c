"""voipbin_mock.lifecycle: each target's schedule, decided once; its status follows from the clock alone."""

from __future__ import annotations

import itertools
import random

import pytest

from voipbin_contract.rules.checks import move_problem
from voipbin_mock.config import Delays
from voipbin_mock.lifecycle import (
    DISPATCH_REFUSED,
    MAGIC_DESTINATIONS,
    PROVIDER_OUTCOMES,
    Dispatcher,
    dispatch_moment,
    dispatch_schedule,
    failed_schedule,
    inbound_schedule,
    outbound_schedule,
    service_schedules,
    telnyx_schedule,
)

SECOND = 1_000_000
DELAYS = Delays(sent=2, delivered=5, timeout=30)
QUEUED = 10 * SECOND


def statuses_over_time(schedule, until_s: int = 40) -> list[str]:
    return [schedule.status_at(QUEUED + tenth * SECOND // 10)[0] for tenth in range(until_s * 10)]


@pytest.mark.parametrize(
    ("destination", "final", "sent"),
    [("+31616818985", "delivered", True), *((n, s, s != "gw_timeout") for n, s in MAGIC_DESTINATIONS.items())],
)
def test_outbound_targets_follow_the_documented_lifecycle(destination, final, sent):
    schedule = outbound_schedule(destination, QUEUED, DELAYS)
    seen = statuses_over_time(schedule)
    assert seen[0] == "queued"
    assert seen[-1] == final
    assert ("sent" in seen) is sent
    for before, after in itertools.pairwise(seen):  # judged by the description's lifecycle
        assert move_problem(before, after) is None, (before, after)
    assert schedule.next_change_after(QUEUED + 40 * SECOND) is None  # final: nothing changes any more


def test_moments_are_the_delays():
    schedule = outbound_schedule("+31616818985", QUEUED, DELAYS)
    assert schedule.status_at(QUEUED + 2 * SECOND - 1) == ("queued", QUEUED)
    assert schedule.status_at(QUEUED + 2 * SECOND) == ("sent", QUEUED + 2 * SECOND)
    assert schedule.status_at(QUEUED + 5 * SECOND) == ("delivered", QUEUED + 5 * SECOND)
    assert schedule.next_change_after(QUEUED) == QUEUED + 2 * SECOND
    assert schedule.next_change_after(QUEUED + 3 * SECOND) == QUEUED + 5 * SECOND


@pytest.mark.parametrize(("destination", "provider"), [("+31616818985", "sent"), *PROVIDER_OUTCOMES.items()])
def test_the_service_profile_leaves_a_target_at_the_providers_status(destination, provider):
    schedule = dispatch_schedule(destination, QUEUED, DELAYS)
    assert schedule.status_at(QUEUED + 2 * SECOND - 1)[0] == "queued"
    assert {schedule.status_at(QUEUED + s * SECOND)[0] for s in range(2, 100)} == {provider}


def test_an_inbound_target_is_received_from_the_start():
    schedule = inbound_schedule(QUEUED)
    assert schedule.status_at(QUEUED) == ("received", QUEUED)
    assert schedule.next_change_after(QUEUED) is None


def test_the_magic_destinations_fail_in_every_failure_status_of_the_description():
    from voipbin_contract.rules.checks import TERMINAL_STATUSES

    assert set(MAGIC_DESTINATIONS.values()) == TERMINAL_STATUSES - {"delivered", "received"}
    assert MAGIC_DESTINATIONS.keys() == PROVIDER_OUTCOMES.keys()


def test_the_telnyx_path_stays_queued_and_only_moves_the_target():
    schedule = telnyx_schedule(QUEUED, DELAYS, position=2)
    assert {schedule.status_at(QUEUED + s * SECOND)[0] for s in range(0, 100)} == {"queued"}
    assert schedule.status_at(QUEUED + 2 * SECOND) == ("queued", QUEUED + 2 * SECOND)  # the dispatch wrote it
    assert schedule.next_change_after(QUEUED) == QUEUED + 2 * SECOND
    assert schedule.position == 2


def test_a_failed_dispatch_never_changes_anything():
    schedule = failed_schedule(QUEUED)
    assert {schedule.status_at(QUEUED + s * SECOND) for s in range(0, 100)} == {("queued", QUEUED)}
    assert schedule.next_change_after(QUEUED) is None


def test_the_dispatch_never_happens_in_the_microsecond_of_the_send():
    """--instant: the send's answer shows every target queued; the dispatch is the next microsecond."""
    assert dispatch_moment(QUEUED, Delays(sent=0, delivered=0, timeout=0)) == QUEUED + 1


def test_the_path_is_forced_or_chosen_per_message_and_failed_where_no_provider_takes_it():
    either = Dispatcher("either", random.Random(1))
    assert {either.path(["+31616818985"]) for _ in range(50)} == {"telnyx", "messagebird"}
    for forced in ("telnyx", "messagebird", "failed"):
        assert Dispatcher(forced, random.Random(1)).path(["+31616818985"]) == forced
    assert Dispatcher("messagebird", random.Random(1)).path(["+31616818985", DISPATCH_REFUSED]) == "failed"


def test_rotate_gives_every_path_to_any_three_messages_in_a_row():
    rotate = Dispatcher("rotate", random.Random(1))
    paths = [rotate.path(["+31616818985"]) for _ in range(7)]
    assert all(set(paths[i : i + 3]) == {"telnyx", "messagebird", "failed"} for i in range(5))


def test_the_telnyx_order_is_a_permutation_of_the_targets():
    schedule_for = service_schedules("telnyx", 5, DELAYS, random.Random(2))
    positions = [schedule_for(i, "+31616818985", QUEUED).position for i in range(5)]
    assert sorted(positions) == list(range(5))  # type: ignore[type-var]
