"""contract_tests.checks: the lifecycle is read from the description, and judged with readable reasons."""

from __future__ import annotations

import pytest

from contract_tests.checks import FORWARD, TARGET_STATUSES, TERMINAL_STATUSES, error_status_problems, move_problem
from contract_tests.description import SPEC


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
    from contract_tests.checks import QUEUED, RECEIVED

    start = SPEC["components"]["schemas"]["TargetStatus"]["x-lifecycle"]["start"]
    assert (QUEUED, RECEIVED) == (start["outbound"], start["inbound"]) == ("queued", "received")
