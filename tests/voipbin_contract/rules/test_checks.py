"""voipbin_contract.rules.checks: the lifecycle is read from the description, and judged with readable reasons."""

from __future__ import annotations

from typing import Any

import pytest

from voipbin_contract.rules.checks import (
    FORWARD,
    TARGET_STATUSES,
    TERMINAL_STATUSES,
    dispatch_path,
    error_status_problems,
    left_by_dispatch,
    move_problem,
    parts_problems,
    read_back_problems,
    send_rules_broken,
    unlisted_value_problems,
)
from voipbin_contract.rules.description import SPEC
from voipbin_contract.rules.known import Ledger

# A lenient ledger: each check below lets the known deviations pass, and records them.
LEDGER = Ledger()


def test_the_lifecycle_is_the_descriptions():
    lifecycle = SPEC["components"]["schemas"]["TargetStatus"]["x-lifecycle"]
    assert set(lifecycle["final"]) == TERMINAL_STATUSES
    assert set(lifecycle["final"]) | set(lifecycle["moves"]) == set(TARGET_STATUSES)  # every status has a place
    assert FORWARD["queued"] == {"sent", "delivered", "gw_timeout", "dlr_timeout", "failed"}


@pytest.mark.parametrize(
    ("before", "after", "problem"),
    [
        ("queued", "queued", None),
        ("queued", "delivered", None),  # sent came and went between two reads
        ("sent", "failed", None),
        ("queued", "gw_timeout", None),
        ("sent", "queued", "a target moved from sent to queued, which the lifecycle does not lead to"),
        ("sent", "gw_timeout", "a target moved from sent to gw_timeout, which the lifecycle does not lead to"),
        ("delivered", "failed", "a final status changed: delivered became failed"),
        ("queued", "scheduled", None),  # not a TargetStatus: judged as unknown or as a provider's status
    ],
)
def test_moves_are_judged_by_the_documented_lifecycle(before, after, problem):
    assert move_problem(before, after) == problem


@pytest.mark.parametrize(
    ("http_status", "body", "problems"),
    [
        (404, {"error": {"status": "NOT_FOUND"}}, []),
        (409, {"error": {"status": "ALREADY_EXISTS"}}, []),
        (409, {"error": {"status": "FAILED_PRECONDITION"}}, []),
        (429, {"error": {"status": "RATE_LIMIT_EXCEEDED"}}, []),  # a class added after the description: open
        (413, "not json", []),
        (405, {"error": {"status": "INVALID_ARGUMENT"}}, []),  # the description gives 405 no class
        (
            404,
            {"error": {"status": "INVALID_ARGUMENT"}},
            ["/error/status is INVALID_ARGUMENT, the class of HTTP 400, on an answer of HTTP 404"],
        ),
    ],
)
def test_the_error_class_is_the_one_of_the_http_status(http_status, body, problems):
    assert error_status_problems(http_status, body) == problems


def test_where_targets_start_is_the_descriptions():
    from voipbin_contract.rules.checks import QUEUED, RECEIVED

    start = SPEC["components"]["schemas"]["TargetStatus"]["x-lifecycle"]["start"]
    assert (QUEUED, RECEIVED) == (start["outbound"], start["inbound"]) == ("queued", "received")


def message_with(*targets: tuple[str, str, int], tm_update: str | None = None, **fields: Any) -> dict[str, Any]:
    """A message to +31616818981... with targets (number, status, parts), in that order."""
    return {
        "id": "m",
        "text": "hello",
        "direction": "outbound",
        "tm_create": "2026-02-10T08:30:00.123456Z",
        "tm_update": tm_update,
        "tm_delete": None,
        "targets": [
            {"destination": {"type": "tel", "target": n, **fields}, "status": s, "parts": p, "tm_update": None}
            for n, s, p in targets
        ],
    }


SENT = [{"type": "tel", "target": "+31616818981", "name": "a"}, {"type": "tel", "target": "+31616818982"}]
LATER = "2026-02-10T08:30:01Z"


def test_the_dispatch_path_is_read_from_the_marks_its_deviation_describes():
    queued = (("+31616818981", "queued", 0), ("+31616818982", "queued", 0))
    assert left_by_dispatch(message_with(*queued)) == "failed"  # or not dispatched yet: only time tells
    assert left_by_dispatch(message_with(*queued, tm_update=LATER)) == "telnyx"
    rebuilt = message_with(("+31616818981", "delivery_failed", 1), ("+31616818982", "sent", 1), tm_update=LATER)
    assert dispatch_path(rebuilt) == "messagebird"
    assert dispatch_path(message_with(("+31616818981", "delivered", 1), tm_update=LATER, name="kept")) is None


def test_parts_zero_passes_only_while_every_target_of_the_message_is_queued():
    assert parts_problems(LEDGER, "", message_with(("+31616818981", "queued", 0), ("+31616818982", "queued", 0))) == []
    partly = message_with(("+31616818981", "queued", 0), ("+31616818982", "sent", 1), tm_update=LATER)
    assert parts_problems(LEDGER, "", partly) == [
        "/targets/0/parts is 0, but the text takes 1 segment(s): a target may stay queued with parts 0 only while"
        " every target of its message does"
    ]


def test_read_back_allows_what_each_path_allows_and_nothing_else():
    in_order = message_with(("+31616818981", "sent", 1), ("+31616818982", "sent", 1), tm_update=LATER, name="a")
    in_order["targets"][1]["destination"].pop("name")
    assert read_back_problems(LEDGER, SENT, in_order) == []
    telnyx = message_with(("+31616818982", "queued", 0), ("+31616818981", "queued", 0), tm_update=LATER)
    telnyx["targets"][1]["destination"]["name"] = "a"
    assert read_back_problems(LEDGER, SENT, telnyx) == []  # reordered by the Telnyx path, as its data allows
    telnyx["targets"][1]["destination"].pop("name")
    assert read_back_problems(LEDGER, SENT, telnyx) == ["/targets/0/destination/name is None, but 'a' was sent"]  # kept
    failed = message_with(("+31616818982", "queued", 0), ("+31616818981", "queued", 0))
    assert read_back_problems(LEDGER, SENT, failed) == [
        "/targets came back in the order ['+31616818982', '+31616818981'], the destinations were sent as"
        " ['+31616818981', '+31616818982']"
    ]  # a failed dispatch writes nothing: the order stays
    rebuilt = message_with(("+31616818982", "sent", 1), ("+31616818981", "sent", 1), tm_update=LATER)
    assert read_back_problems(LEDGER, SENT, rebuilt) == []  # MessageBird's order, its name dropped
    renumbered = message_with(("+31616818982", "sent", 1), ("+3161681898", "sent", 1), tm_update=LATER)
    assert any("a rebuilt target keeps its number" in p for p in read_back_problems(LEDGER, SENT, renumbered))


def test_a_number_sent_twice_is_told_apart_by_its_other_fields_and_a_delete_hides_no_reordering():
    twice = [{"type": "tel", "target": "+31616818981", "name": n} for n in ("a", "b")]
    swapped = message_with(("+31616818981", "queued", 0), ("+31616818981", "queued", 0), tm_update=LATER)
    for target, name in zip(swapped["targets"], ("b", "a"), strict=True):
        target["destination"]["name"] = name
    assert read_back_problems(LEDGER, twice, swapped) == []  # the Telnyx path may reorder: each target kept its name
    twice[0].pop("name")
    swapped["targets"][1]["destination"].pop("name")
    assert read_back_problems(LEDGER, twice, swapped) == []  # the one sent without a name is the one left
    deleted = message_with(("+31616818982", "queued", 0), ("+31616818981", "queued", 0), tm_update=LATER)
    deleted |= {"tm_delete": LATER}
    deleted["targets"][1]["destination"]["name"] = "a"
    assert (
        read_back_problems(LEDGER, SENT, deleted) == []
    )  # deleted: whether the dispatch wrote it back no longer shows


def test_a_value_outside_an_enum_fails_naming_it_but_where_a_deviation_lists_it():
    outbound = message_with(("+31616818981", "sent", 1)) | {"type": "sms", "direction": "outbound"}
    outbound["targets"][0]["destination"]["type"] = "pager"
    assert unlisted_value_problems(LEDGER, "getMessage", 200, outbound) == []  # sent by the customer: the deviation
    inbound = outbound | {"direction": "inbound"}
    assert unlisted_value_problems(LEDGER, "getMessage", 200, inbound) == [
        "/targets/0/destination/type is 'pager', which AddressType does not list ('', 'agent', 'ai', 'ai_team',"
        " 'conference', 'email', 'extension', 'line', 'sip', 'tel', 'webchat', 'web_session', 'whatsapp'): a value"
        " the description does not list (add it, if the service sends it)"
    ]
    provider = message_with(("+31616818981", "delivery_failed", 1)) | {"direction": "outbound"}
    assert unlisted_value_problems(LEDGER, "getMessage", 200, provider) == []  # target_status_is_known judges statuses


TO = {"type": "tel", "target": "+31616818985"}


@pytest.mark.parametrize(
    ("request_body", "deviations"),
    [
        ({"destinations": [TO]}, ["missing-source", "missing-text"]),
        ({"source": None, "text": None, "destinations": [TO]}, ["missing-source", "missing-text"]),
        (
            {"source": {"type": "tel"}, "text": "a", "destinations": [None]},
            ["address-without-target", "address-without-target", "address-without-type"],
        ),
        ({"source": TO, "text": "a", "destinations": []}, [None]),
    ],
)
def test_a_missing_or_null_field_is_let_through_by_its_deviation_and_nothing_else(request_body, deviations):
    """A `required` rule names the field missing (jsonschema names the object that misses it), and a null field is
    read as missing, as sendMessage's description says the service reads it."""
    found = sorted(d or "" for _, d in send_rules_broken(request_body))
    assert found == sorted(f"send-accepts-{d}" if d else "" for d in deviations)
