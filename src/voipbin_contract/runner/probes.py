"""Requests the suite makes to tell a known deviation from a defect: after a send answered 500, a plain send (the
caller's own number, the first allowed destination, a short text, out of the send budget) shows whether the balance
is short (voipbin_contract.rules.balance judges the two answers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from voipbin_contract.rules.balance import PLAIN_TEXT, Answer, server_error_problems
from voipbin_contract.rules.checks import Check, fail_on, operation_id_of
from voipbin_contract.rules.known import Ledger
from voipbin_contract.runner.account import caller
from voipbin_contract.runner.bounds import REQUEST_SECONDS
from voipbin_contract.runner.target import Target

# What the plain send is counted as, in the run's account of its sends.
EVIDENCE = "evidence of a short balance"


def plain_send(target: Target, take: Callable[[str], bool] | None = None) -> Answer | None:
    """A plain send to the target's first allowed destination, taken from the send budget (by take, given: a test's
    own share); None if none is left."""
    take = take or target.budget.take
    if not (target.allow_send and target.sendable):
        return None
    source = caller(target).source(target)
    if source is None or not take(EVIDENCE):
        return None
    body = {
        "source": {"type": "tel", "target": source},
        "destinations": [{"type": "tel", "target": target.sendable[0]}],
        "text": PLAIN_TEXT,
    }
    with target.http(params=target.credentials(), timeout=REQUEST_SECONDS) as http:
        return Answer.of_response(http.post("/v1.0/messages", json=body))


def judge_server_error(
    target: Target, ledger: Ledger, response: Any, take: Callable[[str], bool] | None = None
) -> list[str]:
    """server_error_problems for a send's answer (httpx's or schemathesis'), with a plain send made to tell."""
    first = Answer.of_response(response)
    return server_error_problems(ledger, first, plain_send(target, take)) if first.status == 500 else []


def short_balance_check(target: Target, ledger: Ledger) -> Check:
    """schemathesis' not_a_server_error for sendMessage (turned off for it in schemathesis.toml), judged on the
    target: a 500 passes only as the short balance of a known deviation, when a plain send to it right after is
    refused the same way. A check the tests pass to schemathesis with the run's target, not one it registers."""

    def a_server_error_on_a_send_is_a_short_balance(ctx: Any, response: Any, case: Any) -> bool | None:
        if response.status_code == 500 and operation_id_of(case) == "sendMessage":
            fail_on("Server error", judge_server_error(target, ledger, response))
        return None

    return a_server_error_on_a_send_is_a_short_balance
