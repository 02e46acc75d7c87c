"""voipbin_contract.rules.model: what the suite wrote reads back on every path, two reads agree but for the allowed
progress, the caller's messages are its own, and a walk holds each message once, newest first, nothing deleted."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from voipbin_contract.rules.known import Ledger
from voipbin_contract.rules.model import Model, progress_problems, written_problems
from voipbin_contract.rules.moments import moment

# A lenient ledger: the model lets the known deviations pass, and records them.
LEDGER = Ledger()

CUSTOMER = "5e4a0680-804e-11ec-8477-2fea5968d85b"
REQUEST: dict[str, Any] = {
    "source": {"type": "tel", "target": "+15559876543", "name": "Alice"},
    "destinations": [{"type": "tel", "target": "+31616818981", "name": "a"}, {"type": "tel", "target": "+31616818982"}],
    "text": "Tom & Jerry",
}


def message(
    message_id: str = "m1",
    tm_create: str = "2026-02-10T08:30:00.123456Z",
    statuses: tuple[str, str] = ("queued", "queued"),
    parts: int = 0,
    **fields: Any,
) -> dict[str, Any]:
    """The answer a server gives for REQUEST: the caller's, as written, with targets of statuses and parts."""
    return {
        "id": message_id,
        "customer_id": CUSTOMER,
        "type": "sms",
        "source": dict(REQUEST["source"]),
        "targets": [
            {"destination": dict(d), "status": s, "parts": parts, "tm_update": None}
            for d, s in zip(REQUEST["destinations"], statuses, strict=True)
        ],
        "text": REQUEST["text"],
        "direction": "outbound",
        "tm_create": tm_create,
        "tm_update": None,
        "tm_delete": None,
    } | fields


def test_moments_of_both_eras_compare():
    legacy, rfc3339 = moment("2022-03-13 15:11:05.235717"), moment("2026-02-10T08:30:00Z")
    assert legacy is not None
    assert rfc3339 is not None
    assert legacy < rfc3339
    assert moment(None) is None
    assert moment("") is None
    assert moment("13/03/2022") is None


def test_what_was_written_reads_back():
    assert written_problems(LEDGER, REQUEST, message()) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda m: m.update(text="Tom &amp; Jerry"), "/text is 'Tom &amp; Jerry', but 'Tom & Jerry' was sent"),
        (lambda m: m["source"].pop("name"), "/source/name is None, but 'Alice' was sent"),
        (lambda m: m["source"].update(target="+15551234567"), "/source/target is '+15551234567', but '+155598"),
        (lambda m: m["targets"][0]["destination"].pop("name"), "/targets/0/destination/name is None, but 'a' was"),
        (lambda m: m.update(direction="inbound"), "/direction is 'inbound', but the suite sent it"),
    ],
)
def test_a_field_that_reads_back_otherwise_is_named(change, problem):
    shown = message()
    change(shown)
    problems = written_problems(LEDGER, REQUEST, shown)
    assert problems, f"nothing named: {problem}"
    assert problems[0].startswith(problem), problems


def test_a_number_may_come_back_normalised_and_an_empty_field_left_out():
    request = copy.deepcopy(REQUEST) | {"source": {"type": "tel", "target": "+1 555 987 6543", "name": ""}}
    shown = message()
    shown["source"] = {"type": "tel", "target": "+15559876543"}
    assert written_problems(LEDGER, request, shown) == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (message(), message(statuses=("sent", "delivered"), parts=1, tm_update="2026-02-10T08:30:01Z")),
        (message(statuses=("sent", "sent"), parts=1), message(statuses=("delivered", "failed"), parts=1)),
        (message(), message(tm_delete="2026-02-10T08:31:00Z")),
        # A dispatch that reorders the targets: paired by number, nothing moved.
        (message(), message() | {"targets": list(reversed(message()["targets"]))}),
    ],
)
def test_the_allowed_progress_passes(before, after):
    assert progress_problems(before, after) == []


SENT_ONCE = message(statuses=("sent", "sent"), parts=1)
DELIVERED = message(statuses=("delivered", "sent"), parts=1)


@pytest.mark.parametrize(
    ("before", "after", "problem"),
    [
        (SENT_ONCE, message(tm_create="2026-02-10T08:30:01Z"), "/tm_create changed from '2026-02-10T08:30:00.1234"),
        (DELIVERED, message(statuses=("failed", "sent"), parts=1), "the target of +31616818981: a final status"),
        (SENT_ONCE, message(statuses=("sent", "queued"), parts=1), "the target of +31616818982 went back from sent"),
        (SENT_ONCE, message(statuses=("sent", "sent"), parts=3), "the target of +31616818981: parts went from 1 to 3"),
        (SENT_ONCE, message(statuses=("sent", "sent"), parts=1, text="other"), "/text changed from 'Tom & Jerry'"),
    ],
)
def test_a_step_back_between_two_reads_is_named(before, after, problem):
    problems = progress_problems(before, after)
    assert problems, f"nothing named: {problem}"
    assert problems[0].startswith(problem), problems


def test_moments_once_set_stay_set():
    before = message(tm_update="2026-02-10T08:30:02Z", tm_delete="2026-02-10T08:31:00Z")
    problems = progress_problems(before, message(tm_update="2026-02-10T08:30:01Z"))
    assert problems == [
        "/tm_update went back from '2026-02-10T08:30:02Z' to '2026-02-10T08:30:01Z'",
        "/tm_delete was '2026-02-10T08:31:00Z', then None",
    ]


def test_a_send_answer_is_new_and_the_callers():
    model = Model(LEDGER, CUSTOMER)
    assert model.sent(REQUEST, message()) == []
    assert model.sent(REQUEST, message()) == ["the send's answer: id m1 was already answered to the send of step 0"]
    other = message("m2", customer_id="00000000-0000-0000-0000-000000000000")
    assert model.sent(REQUEST, other)[0] == (
        "the send's answer/customer_id is '00000000-0000-0000-0000-000000000000', but the caller is customer "
        + CUSTOMER
    )


def test_reads_are_judged_against_the_last_one_and_events_against_what_was_written_only():
    model = Model(LEDGER, CUSTOMER)
    model.sent(REQUEST, message())
    dispatched = message(statuses=("sent", "sent"), parts=1, tm_update="2026-02-10T08:30:01Z")
    assert model.read("GET", dispatched) == []
    assert model.read("the message_created event", message(), progress=False) == []  # an earlier state, late
    assert model.read("GET", message())[0] == "GET: /tm_update was '2026-02-10T08:30:01Z', then null"
    assert model.read("GET", message("not-ours")) == []  # another message: only the caller is judged


def walked(model: Model, *pages: list[dict[str, Any]], ended: bool = True) -> list[str]:
    return model.walk_problems(list(pages), 2, ended)


def test_a_walk_holds_each_message_once_newest_first():
    model = Model(LEDGER, CUSTOMER)
    newer, older = message("m2", "2026-02-10T08:30:01Z"), message("m1")
    model.sent(REQUEST, older)
    model.step = 1
    model.sent(REQUEST, newer)
    assert walked(model, [newer, older]) == []
    assert walked(model, [older, newer])[0].startswith("walking page_size 2: list page 1 /result/1 (tm_create 2026-")
    assert walked(model, [newer], [newer, older])[0] == (
        "walking page_size 2: message m2 listed more than once (list page 1 /result/0, list page 2 /result/0)"
    )
    assert walked(model, [newer]) == [
        "walking page_size 2: message m1, sent at step 0, never listed (1 messages on 1 pages)"
    ]
    assert walked(model, [newer], ended=False) == []  # the walk stopped early: nothing is missing yet
    assert model.walked_past([newer, older, message("m0", "2026-02-10T08:29:00Z")])
    assert not model.walked_past([newer, older])


def test_a_deleted_message_is_not_listed_but_with_tm_delete_as_the_known_deviation():
    model = Model(LEDGER, CUSTOMER)
    model.sent(REQUEST, message())
    model.step = 2
    deleted = message(tm_delete="2026-02-10T08:31:00Z")
    assert model.deleted("m1", deleted) == []
    assert walked(model, []) == []
    assert (
        walked(model, [message()])[0]
        == "list page 1 /result/0 is message m1, deleted at step 2, listed without tm_delete"
    )
    assert walked(model, [deleted]) == []  # deleted-messages-listed, which the ledger counts


def test_every_listed_message_is_the_callers():
    model = Model(LEDGER, CUSTOMER)
    stranger = message("x", customer_id="9b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e")
    assert walked(model, [stranger]) == [
        "list page 1 /result/0/customer_id is '9b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e', but the caller is customer "
        + CUSTOMER
    ]
