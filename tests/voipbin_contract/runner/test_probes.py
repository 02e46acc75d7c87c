"""voipbin_contract.runner.probes: the plain send that tells a short balance from a server error comes out of the
send budget, goes to an allowed destination, from the caller's number."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import yaml

from voipbin_contract.rules.balance import Answer
from voipbin_contract.rules.known import Ledger
from voipbin_contract.runner.budget import SendBudget
from voipbin_contract.runner.bundled import MOCK_KEYS, bundled_mock
from voipbin_contract.runner.probes import judge_server_error, plain_send
from voipbin_contract.runner.settings import resolve
from voipbin_contract.runner.target import external_target
from voipbin_mock import MockConfig
from voipbin_mock.config import DEFAULT_FIXTURES


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
        "VOIPBIN_MAX_SENDS": "1",
    }
    refused = httpx.Response(500, json={"error": {"reason": "INTERNAL"}})
    with bundled_mock(MockConfig(fixtures_path=poor_fixtures(tmp_path))) as url:
        target = external_target(resolve({"base_url": url}, environ))
        assert plain_send(target) == Answer(500, "INTERNAL")  # the service profile's short balance
        assert plain_send(target) is None  # the budget is spent: nothing more is sent
        assert judge_server_error(replace(target, budget=SendBudget(1)), Ledger(), refused) == []
    with bundled_mock(MockConfig()) as url:
        target = external_target(resolve({"base_url": url}, environ))
        problems = judge_server_error(target, Ledger(), refused)
        assert problems
        assert "a plain send right after answered 200" in problems[0]
