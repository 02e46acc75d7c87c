"""voipbin_contract.runner.deadline: alarms interrupt what is running, and nest (a request's deadline within the
run's)."""

from __future__ import annotations

import time

import pytest

from tests.hostile import LATE
from voipbin_contract.runner.deadline import alarm


class Rang(Exception):
    pass


class InnerRang(Exception):
    pass


def test_an_alarm_interrupts_the_running_block():
    started = time.monotonic()
    with pytest.raises(Rang), alarm(0.2, Rang):
        time.sleep(30)
    assert time.monotonic() - started < 0.2 + LATE


def nested(outer: float, inner: float, inner_sleep: float) -> list[str]:
    """What rang, in order: an inner alarm's block sleeping inner_sleep within an outer alarm's block that then
    sleeps on."""
    rang: list[str] = []
    try:
        with alarm(outer, Rang):
            try:
                with alarm(inner, InnerRang):
                    time.sleep(inner_sleep)
            except InnerRang:
                rang.append("inner")
            time.sleep(30)  # the outer alarm, set again for what is left of it
    except Rang:
        rang.append("outer")
    return rang


def test_an_inner_alarm_due_first_rings_and_the_outer_one_still_rings_at_its_time():
    started = time.monotonic()
    assert nested(0.6, 0.2, 30) == ["inner", "outer"]
    assert 0.5 < time.monotonic() - started < 0.6 + LATE


def test_an_outer_alarm_due_first_rings_within_a_longer_inner_one():
    started = time.monotonic()
    with pytest.raises(Rang), alarm(0.2, Rang), alarm(30, InnerRang):
        time.sleep(30)
    assert time.monotonic() - started < 0.2 + LATE


def test_an_outer_alarm_rings_after_an_inner_block_that_ended_in_time():
    started = time.monotonic()
    assert nested(0.3, 0.2, 0) == ["outer"]
    assert time.monotonic() - started < 0.3 + LATE


def test_a_block_that_ends_in_time_leaves_no_alarm_behind():
    with alarm(0.2, Rang):
        pass
    time.sleep(0.4)  # nothing rings
