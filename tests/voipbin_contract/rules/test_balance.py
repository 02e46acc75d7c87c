"""voipbin_contract.balance: a send's 500 passes as the short balance only when a plain send right after is refused
the same way; the plain send comes out of the send budget, goes to an allowed destination, from the caller's number."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import yaml

from voipbin_contract.balance import SHORT_BALANCE, Answer, judge_server_error, plain_send, server_error_problems
from voipbin_contract.known import LEDGER
from voipbin_contract.target import MOCK_KEYS, SendBudget, bundled_mock, external_target
from voipbin_mock import MockConfig
from voipbin_mock.config import DEFAULT_FIXTURES

INTERNAL = Answer(500, "INTERNAL")


def test_the_answer_is_read_from_the_envelope_or_not_at_all():
    assert Answer.of(500, {"error": {"reason": "INTERNAL"}}) == INTERNAL
    assert Answer.of(500, "<html>") == Answer(500, None)
    assert Answer.of_response(httpx.Response(500, text="<html>oops</html>")) == Answer(500, None)
    assert str(INTERNAL) == "500 INTERNAL"
    assert str(Answer(502, None)) == "502"


def test_a_500_is_the_short_balance_only_if_a_plain_send_is_refused_the_same_way():
    assert server_error_problems(Answer(200, None), None) == []
    assert server_error_problems(INTERNAL, INTERNAL) == []
    assert LEDGER.report()["seen"][SHORT_BALANCE]["count"] >= 1
    assert server_error_problems(INTERNAL, Answer(200, None)) == [
        "a send answered 500 INTERNAL, but a plain send right after answered 200: a server error, not the short"
        " balance of a known deviation"
    ]
    assert (
        "but a plain send right after answered 500 INTERNAL_ERROR"
        in server_error_problems(INTERNAL, Answer(500, "INTERNAL_ERROR"))[0]
    )
    assert server_error_problems(INTERNAL, None) == [
        "a send answered 500 INTERNAL, and no send was left in the budget to tell a short balance from a server error"
    ]


def poor_fixtures(tmp_path: Path) -> Path:
    """The mock's demo data with Alice's balance gone: every send of hers is refused."""
    data = yaml.safe_load(DEFAULT_FIXTURES.read_text(encoding="utf-8"))
    data["customers"][0]["balance"] = "0.00"
    path = tmp_path / "fixtures.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_plain_send_is_made_within_the_budget_to_an_allowed_destination(tmp_path):
    environ = {
        "VOIPBIN_ACCESSKEY": MOCK_KEYS[0],
        "VOIPBIN_ALLOW_SEND": "1",
        "VOIPBIN_TEST_DESTINATIONS": "+31616818985",
    }
    with bundled_mock(MockConfig(fixtures_path=poor_fixtures(tmp_path))) as url:
        target = external_target(environ | {"VOIPBIN_MAX_SENDS": "1"}, url)
        assert plain_send(target) == Answer(500, "INTERNAL")  # the service profile's short balance
        assert plain_send(target) is None  # the budget is spent: nothing more is sent
        refused = httpx.Response(500, json={"error": {"reason": "INTERNAL"}})
        assert judge_server_error(replace(target, budget=SendBudget(1)), refused) == []
    with bundled_mock(MockConfig()) as url:
        target = external_target(environ | {"VOIPBIN_MAX_SENDS": "1"}, url)
        problems = judge_server_error(target, httpx.Response(500, json={"error": {"reason": "INTERNAL"}}))
        assert problems
        assert "a plain send right after answered 200" in problems[0]
