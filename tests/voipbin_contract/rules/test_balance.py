"""voipbin_contract.rules.balance: a send's 500 passes as the short balance only when a plain send right after is
refused the same way (voipbin_contract.runner.probes makes the plain send)."""

from __future__ import annotations

import httpx

from voipbin_contract.rules.balance import SHORT_BALANCE, Answer, server_error_problems
from voipbin_contract.rules.known import Ledger

INTERNAL = Answer(500, "INTERNAL")


def test_the_answer_is_read_from_the_envelope_or_not_at_all():
    assert Answer.of(500, {"error": {"reason": "INTERNAL"}}) == INTERNAL
    assert Answer.of(500, "<html>") == Answer(500, None)
    assert Answer.of_response(httpx.Response(500, text="<html>oops</html>")) == Answer(500, None)
    assert str(INTERNAL) == "500 INTERNAL"
    assert str(Answer(502, None)) == "502"


def test_a_500_is_the_short_balance_only_if_a_plain_send_is_refused_the_same_way():
    ledger = Ledger()
    assert server_error_problems(ledger, Answer(200, None), None) == []
    assert server_error_problems(ledger, INTERNAL, INTERNAL) == []
    assert ledger.report()["seen"][SHORT_BALANCE]["count"] == 1
    assert server_error_problems(ledger, INTERNAL, Answer(200, None)) == [
        "a send answered 500 INTERNAL, but a plain send right after answered 200: a server error, not the short"
        " balance of a known deviation"
    ]
    assert (
        "but a plain send right after answered 500 INTERNAL_ERROR"
        in server_error_problems(ledger, INTERNAL, Answer(500, "INTERNAL_ERROR"))[0]
    )
    assert server_error_problems(ledger, INTERNAL, None) == [
        "a send answered 500 INTERNAL, and no send was left in the budget to tell a short balance from a server error"
    ]


def test_a_strict_ledger_refuses_the_short_balance_naming_it():
    (problem,) = server_error_problems(Ledger(strict=True), INTERNAL, INTERNAL)
    assert f"known deviation {SHORT_BALANCE} (" in problem
