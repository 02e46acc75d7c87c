"""What a run may spend and what it reached: the send budget, each send counted against the purpose it served, and the
rules the run could not reach, each with the reason (sending off, the budget spent, a path the server never took).

Against an external server every send costs its customer money: the budget (`--voipbin-max-sends`) is spent on the
plan first (contract_tests/test_plan.py: the sends that tell the most), then shared by the property tests that
explore; the run's report says how it was spent, and the lines add up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class SendBudget:
    """How many more messages the suite may send (None: no limit, the bundled mock), and what each was sent for."""

    remaining: int | None
    spent: Counter[str] = field(default_factory=Counter)

    @property
    def used(self) -> int:
        return sum(self.spent.values())

    def take(self, purpose: str, count: int = 1) -> bool:
        """Whether count more sends may go, for purpose; they are counted if so."""
        if self.remaining is not None:
            if self.remaining < count:
                return False
            self.remaining -= count
        self.spent[purpose] += count
        return True

    def reserve(self, count: int) -> int:
        """Set aside up to count sends for one test (what it may need if it fails, and is run once more to report
        it); how many were set aside. Counted only when taken (`take_reserved`); `release` gives back the rest."""
        if self.remaining is None:
            return count
        held = min(count, self.remaining)
        self.remaining -= held
        return held

    def take_reserved(self, purpose: str) -> None:
        self.spent[purpose] += 1

    def release(self, count: int) -> None:
        if self.remaining is not None:
            self.remaining += count

    def report(self) -> str:
        """One line: the sends made, what for, and what is left of the budget."""
        left = "no limit" if self.remaining is None else f"{self.remaining} left of --voipbin-max-sends"
        parts = ", ".join(f"{purpose} {count}" for purpose, count in self.spent.items())
        return f"messages sent: {self.used} ({left})" + (f": {parts}" if parts else "")


@dataclass
class Reach:
    """The rules a run could not reach, and why: each said once, the first reason kept."""

    unreached: dict[str, str] = field(default_factory=dict)

    def missed(self, rule: str, why: str) -> None:
        self.unreached.setdefault(rule, why)

    def lines(self) -> list[str]:
        return [f"- not reached: {rule} ({why})" for rule, why in self.unreached.items()]
