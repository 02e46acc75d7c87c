"""voipbin_contract.runner.budget: every send counted against what it was for, the line adding up; what a run could
not reach, each with its first reason."""

from __future__ import annotations

from voipbin_contract.runner.budget import Reach, SendBudget


def test_the_budget_says_what_each_send_was_for_and_adds_up():
    budget = SendBudget(5)
    assert budget.take("plan: boundaries", 3)
    assert budget.take("a property")
    assert not budget.take("a property", 2)  # one is left: two do not go, and are not counted
    assert (budget.used, budget.remaining) == (4, 1)
    assert budget.report() == "messages sent: 4 (1 left of --voipbin-max-sends): plan: boundaries 3, a property 1"
    assert SendBudget(None).report() == "messages sent: 0 (no limit)"


def test_a_rule_not_reached_keeps_its_first_reason():
    reach = Reach()
    reach.missed("dispatch path failed", "no message took it")
    reach.missed("dispatch path failed", "later")
    assert reach.lines() == ["- not reached: dispatch path failed (no message took it)"]
