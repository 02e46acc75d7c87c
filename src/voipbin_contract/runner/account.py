"""What the suite knows about its caller, learned once per run from the server's numbers: the customer's id and the
numbers it owns (the source of every send, unless VOIPBIN_SOURCE_NUMBER names one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from voipbin_contract.target import REQUEST_SECONDS, Target


@dataclass(frozen=True)
class Caller:
    """The target's customer: its id (None if it owns no number to tell it by) and its numbers, in listed order."""

    customer_id: str | None
    numbers: tuple[str, ...]

    def source(self, target: Target) -> str | None:
        """The number sends come from: the target's, or the first the customer owns; None if there is none."""
        return target.source_number or (self.numbers[0] if self.numbers else None)


_CALLERS: dict[str, Caller] = {}  # one per server and credential, for the run


def caller(target: Target) -> Caller:
    """The target's customer, read from its first page of numbers once per run."""
    key = f"{target.base_url} {target.token}"
    if key not in _CALLERS:
        with target.http(params=target.credentials(), timeout=REQUEST_SECONDS) as http:
            page: Any = http.get("/v1.0/numbers").json()
        numbers = [n for n in page.get("result", []) if isinstance(n, dict)] if isinstance(page, dict) else []
        owners = {str(n["customer_id"]) for n in numbers if n.get("customer_id")}
        _CALLERS[key] = Caller(
            customer_id=owners.pop() if len(owners) == 1 else None,
            numbers=tuple(str(n["number"]) for n in numbers if n.get("number")),
        )
    return _CALLERS[key]
