"""Whether a 500 answered to a send is the short-balance deviation, by evidence: a plain send right after it (one
allowed destination, a short text, the caller's own number) is refused the same way. A 500 that a plain send then
gets past is the server's error, whatever the deviation says, and so is one the suite cannot test for want of a send
left in its budget. The plain send itself is the runner's (voipbin_contract.runner.probes); here is the judgement."""

from __future__ import annotations

from typing import Any, NamedTuple

from voipbin_contract.rules.known import Ledger

SHORT_BALANCE = "balance-short-answers-500"
# The deviations this rule can meet (Ledger.watch).
MEETS = frozenset({SHORT_BALANCE})
# The text of the plain send that tells a short balance from a server error.
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


def server_error_problems(ledger: Ledger, first: Answer, plain: Answer | None) -> list[str]:
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
    return [] if ledger.tolerates(SHORT_BALANCE, example) else [f"{example}: {ledger.named(SHORT_BALANCE)}"]
