"""What the suite knows about its caller, learned once per run from the server's numbers: the customer's id and the
numbers it owns (the source of every send, unless VOIPBIN_SOURCE_NUMBER names one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from voipbin_contract.runner.bounds import REQUEST_SECONDS
from voipbin_contract.runner.target import Target


@dataclass(frozen=True)
class Caller:
    """The target's customer: its id (None if it owns no number to tell it by) and its numbers, in listed order."""

    customer_id: str | None
    numbers: tuple[str, ...]

    def source(self, target: Target) -> str | None:
        """The number sends come from: the target's, or the first the customer owns; None if there is none."""
        return target.source_number or (self.numbers[0] if self.numbers else None)


def caller(target: Target) -> Caller:
    """The target's customer, read from its first page of numbers once per target and credential (the run's target
    keeps it)."""
    key = f"caller {target.token}"
    if key not in target.memo:
        with target.http(params=target.credentials(), timeout=REQUEST_SECONDS) as http:
            page: Any = http.get("/v1.0/numbers").json()
        numbers = [n for n in page.get("result", []) if isinstance(n, dict)] if isinstance(page, dict) else []
        owners = {str(n["customer_id"]) for n in numbers if n.get("customer_id")}
        target.memo[key] = Caller(
            customer_id=owners.pop() if len(owners) == 1 else None,
            numbers=tuple(str(n["number"]) for n in numbers if n.get("number")),
        )
    found: Caller = target.memo[key]
    return found
