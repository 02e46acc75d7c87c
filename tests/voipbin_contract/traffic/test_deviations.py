"""voipbin_contract.traffic.deviations: of every deviation the description declares, what traffic would show it or
why no traffic through a proxy can; what was not met is not observed where it could have been, else not checked."""

from __future__ import annotations

from voipbin_contract.rules.known import DECLARED, Ledger
from voipbin_contract.traffic.deviations import NEVER, SHOWN_BY, verdicts, why_not_checked


def test_every_declared_deviation_says_what_shows_it_or_why_nothing_can():
    assert set(DECLARED) <= set(SHOWN_BY) | set(NEVER), set(DECLARED) - set(SHOWN_BY) - set(NEVER)
    assert not set(SHOWN_BY) & set(NEVER)


def test_a_deviation_not_met_is_not_observed_with_a_chance_and_not_checked_without_saying_why():
    ledger = Ledger()
    ledger.tolerates("send-accepts-non-e164", "a send")
    report = verdicts(ledger.report(), {"send-accepts-non-e164", "delete-repeats-200"})
    assert "send-accepts-non-e164" in report["seen"]
    assert report["not_observed"] == ["delete-repeats-200"]
    assert "delete-repeats-200" not in report["not_checked"]
    assert set(report["not_checked"]) == set(DECLARED) - {"send-accepts-non-e164", "delete-repeats-200"}
    assert report["why_not_checked"]["accesskey-in-token-query-refused"].startswith("it takes a request with")
    assert report["why_not_checked"]["balance-short-answers-500"] == why_not_checked("balance-short-answers-500")
    assert "no exchange through a proxy can show it" in report["why_not_checked"]["webhook-events-unordered"]
