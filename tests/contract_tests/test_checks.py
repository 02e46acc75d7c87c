"""contract_tests.checks: the lifecycle is read from the description, and judged with readable reasons."""

from __future__ import annotations

import pytest

from contract_tests.checks import FORWARD, TARGET_STATUSES, TERMINAL_STATUSES, move_problem
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
