"""voipbin_mock.views: stored rows as the API answers them, in the tutorial's shape and the service's, every
answer valid against the description's schemas."""

from __future__ import annotations

import pytest

from tests.voipbin_mock.conftest import ALICE
from voipbin_mock.config import DEFAULT_SPEC, Delays
from voipbin_mock.lifecycle import dispatch_schedule, outbound_schedule
from voipbin_mock.openapi import compile_schema, load_spec
from voipbin_mock.store import MessageRow, Target
from voipbin_mock.timestamps import TimestampFormat
from voipbin_mock.views import address, message, normalised_tel

SPEC = load_spec(DEFAULT_SPEC)
MESSAGE = compile_schema(SPEC, {"$ref": "#/components/schemas/Message"})
SECOND = 1_000_000
QUEUED = 1_700_000_000 * SECOND
DELAYS = Delays(sent=2, delivered=5, timeout=30)


def row(schedule=outbound_schedule, destination: str = "+31616818985") -> MessageRow:
    stored = address({"type": "tel", "target": destination})
    target = Target(stored, 2, schedule(destination, QUEUED, DELAYS))
    return MessageRow(
        id="018bcfe5-6800-7000-8000-000000000000",
        customer_id=ALICE.id,
        direction="outbound",
        source=address({"type": "tel", "target": ALICE.numbers[0].number}),
        targets=(target,),
        text="x" * 200,
        tm_create=QUEUED,
        tm_update=QUEUED,
        tm_delete=None,
    )


@pytest.mark.parametrize(
    ("written", "normalised"),
    [("+31 6 1681-8985", "+31616818985"), (" 0031616818985 ", "0031616818985"), ("+1+2", "+12"), ("ALPHA", "ALPHA")],
)
def test_numbers_are_normalised_as_the_service_does(written, normalised):
    assert normalised_tel(written) == normalised


def test_an_address_is_stored_with_empty_display_fields_and_a_normalised_number_only_when_asked():
    fields = {"type": "tel", "target": "+31 616"}
    assert address(fields) == {"type": "tel", "target": "+31 616", "target_name": "", "name": "", "detail": ""}
    assert address(fields, normalise=True)["target"] == "+31616"
    assert address({"type": "tel", "target": "+1", "name": 5})["name"] == ""  # not a string: left empty


def test_the_tutorial_shape_shows_every_moment_and_field():
    fmt = TimestampFormat("legacy")
    answer = message(row(), fmt, QUEUED + 3 * SECOND)
    assert MESSAGE.is_valid(answer)
    [target] = answer["targets"]
    assert (target["status"], target["parts"]) == ("sent", 2)
    assert target["tm_update"] == fmt.format(QUEUED + 2 * SECOND)
    assert target["destination"]["name"] == ""  # empty display fields are written


def test_the_service_shape_leaves_out_empty_fields_and_unset_moments():
    fmt = TimestampFormat("rfc3339")
    sent = message(row(dispatch_schedule), fmt, QUEUED, just_sent=True, service=True)
    assert MESSAGE.is_valid(sent)
    [target] = sent["targets"]
    assert (target["status"], target["parts"], target["tm_update"]) == ("queued", 0, None)
    assert target["destination"] == {"type": "tel", "target": "+31616818985"}
    assert sent["tm_update"] is None  # nothing changed after creation
    later = message(row(dispatch_schedule), fmt, QUEUED + 3 * SECOND, service=True)
    assert MESSAGE.is_valid(later)
    assert (later["targets"][0]["status"], later["targets"][0]["parts"]) == ("sent", 2)
    assert later["tm_update"] == fmt.format(QUEUED + 2 * SECOND)


def test_just_sent_shows_every_target_queued_whatever_the_delays():
    instant = Delays(sent=0, delivered=0, timeout=0)
    stored = row(lambda destination, queued, _: outbound_schedule(destination, queued, instant))
    answer = message(stored, TimestampFormat("legacy"), QUEUED, just_sent=True)
    assert answer["targets"][0]["status"] == "queued"
