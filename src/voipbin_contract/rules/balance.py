"""Whether a 500 answered to a send is the short-balance deviation, by evidence: a plain send right after it (one
allowed destination, a short text, the caller's own number) is refused the same way. A 500 that a plain send then
gets past is the server's error, whatever the deviation says, and so is one the suite cannot test for want of a send
left in its budget."""

from __future__ import annotations

from typing import Any, NamedTuple

from voipbin_contract.account import caller
from voipbin_contract.known import LEDGER
from voipbin_contract.target import MOCK_DESTINATIONS, REQUEST_SECONDS, Target

SHORT_BALANCE = "balance-short-answers-500"
LEDGER.watch(SHORT_BALANCE)
PLAIN_TEXT = "contract test"


class Answer(NamedTuple):
    """What a send answered: its HTTP status and the error envelope's reason, if it has one."""

    status: int
    reason: str | None

    @classmethod
    def of(cls, status: int, body: Any) -> Answer:
        error = body.get("error") if isinstance(body, dict) else None
        reason = error.get("reason") if isinstance(error, dict) else None
        return cls(status, reason if isinstance(reason, str) else None)

    @classmethod
    def of_response(cls, response: Any) -> Answer:
        """What an answer (httpx's, or schemathesis') says, whatever its body: one that is not JSON has no reason."""
        try:
            body = response.json()
        except ValueError:
            body = None
        return cls.of(response.status_code, body)

    def __str__(self) -> str:
        return f"{self.status} {self.reason}" if self.reason else str(self.status)


def plain_send(target: Target) -> Answer | None:
    """A plain send to the target's first allowed destination, taken from the send budget; None if none is left."""
    source = caller(target).source(target)
    if not target.allow_send or source is None or not target.budget.take():
        return None
    destination = MOCK_DESTINATIONS[0] if target.bundled_mock else target.destinations[0]
    body = {
        "source": {"type": "tel", "target": source},
        "destinations": [{"type": "tel", "target": destination}],
        "text": PLAIN_TEXT,
    }
    with target.http(params=target.credentials(), timeout=REQUEST_SECONDS) as http:
        return Answer.of_response(http.post("/v1.0/messages", json=body))


def server_error_problems(first: Answer, plain: Answer | None) -> list[str]:
    """Why a send's 500 (first) is not the short-balance deviation, given what a plain send right after answered."""
    if first.status != 500:
        return []
    if plain is None:
        return [
            f"a send answered {first}, and no send was left in the budget to tell a short balance from a server error"
        ]
    if plain != first:
        return [
            f"a send answered {first}, but a plain send right after answered {plain}: a server error, not the short"
            " balance of a known deviation"
        ]
    example = f"a send answered {first}, and a plain send right after was refused the same way"
    return [] if LEDGER.tolerates(SHORT_BALANCE, example) else [f"{example}: {LEDGER.named(SHORT_BALANCE)}"]


def judge_server_error(target: Target, response: Any) -> list[str]:
    """server_error_problems for a send's answer (httpx's or schemathesis'), with a plain send made to tell."""
    first = Answer.of_response(response)
    return server_error_problems(first, plain_send(target)) if first.status == 500 else []
