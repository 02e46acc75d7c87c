"""The known deviations as the suite applies them: a check that meets one lets it pass, and the ledger says so.

The deviations themselves are data in openapi.yaml (`x-known-deviations`, read with voipbin_contract.rules.deviations);
nothing about them is restated here. Each check that can meet a deviation asks the ledger, naming it, whether to let
it pass; the check decides how narrow the allowance is, the ledger counts what was seen and keeps one example.
In strict mode (`--voipbin-strict`) the ledger lets nothing pass: the server is held to the documented contract,
and every failure names the deviation it met.

A ledger belongs to one run (the suite's session keeps it in the run's config; the proxy and check-traffic make
their own): which deviations the run's checks can meet is said to it with `watch`, by the code that runs them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voipbin_contract.rules.description import SPEC
from voipbin_contract.rules.deviations import Deviation, known_deviations

EXAMPLE_CHARACTERS = 300
# Every deviation the description declares, by id.
DECLARED: dict[str, Deviation] = {deviation.id: deviation for deviation in known_deviations(SPEC)}


@dataclass
class Sighting:
    """How often a deviation was met, and the first time it was."""

    count: int
    example: str


# Why a deviation that no check watches for is not checked (what it concerns is not in the answers: a charge, say).
NO_CHECK = "no check of the suite can observe it"
# What a deviation the run watched for and never met may mean: a server that no longer has it, or a run in which its
# case never came up (no send short of balance, no message whose dispatch failed); the run cannot tell the two apart.
NOT_OBSERVED = "watched for, never shown: fixed upstream, or its case never came up in this run"


@dataclass
class Ledger:
    """The deviations the description declares, which checks can meet, and which were met."""

    strict: bool = False
    declared: dict[str, Deviation] = field(default_factory=lambda: dict(DECLARED))
    watched: set[str] = field(default_factory=set)
    seen: dict[str, Sighting] = field(default_factory=dict)
    # What this run cannot do, and why (`send`: "sending is off"): a deviation observed only with it (its
    # `observed-with` in openapi.yaml) is reported as not checked, for that reason, never as not observed.
    unable: dict[str, str] = field(default_factory=dict)
    # What is being judged now (one exchange of traffic, say), if anything: a deviation is counted once per occasion,
    # however many checks of it meet the deviation (a send that normalises a number, then its echo).
    occasion: object | None = None
    counted: set[tuple[str, object]] = field(default_factory=set)

    @contextmanager
    def on(self, occasion: object) -> Iterator[None]:
        """Count what is met while judging this occasion once per deviation."""
        before, self.occasion = self.occasion, occasion
        try:
            yield
        finally:
            self.occasion = before

    def why_not_checked(self, deviation_id: str) -> str | None:
        """Why this run cannot observe the deviation, if it cannot: what it takes is off, or no check looks."""
        needs = self.declared[deviation_id].extra.get("observed-with") or []
        unable = next((self.unable[need] for need in needs if need in self.unable), None)
        return unable or (None if deviation_id in self.watched else NO_CHECK)

    def deviation(self, deviation_id: str) -> Deviation:
        """The declared deviation; KeyError, naming the id, when the description no longer declares it."""
        try:
            return self.declared[deviation_id]
        except KeyError:
            raise KeyError(f"openapi.yaml declares no known deviation {deviation_id!r}") from None

    def watch(self, *deviation_ids: str) -> None:
        """Say that a check can meet these deviations, so that the report can say which never showed."""
        for deviation_id in deviation_ids:
            self.deviation(deviation_id)
            self.watched.add(deviation_id)

    def tolerates(self, deviation_id: str, example: str) -> bool:
        """Whether a check may let what it met pass as this deviation; the sighting is recorded either way."""
        self.deviation(deviation_id)
        if self.occasion is not None:
            if (deviation_id, self.occasion) in self.counted:
                return not self.strict
            self.counted.add((deviation_id, self.occasion))
        seen = self.seen.get(deviation_id)
        if seen is None:
            self.seen[deviation_id] = Sighting(1, example[:EXAMPLE_CHARACTERS])
        else:
            seen.count += 1
        return not self.strict

    def named(self, deviation_id: str) -> str:
        """How a failure names the deviation it met in strict mode."""
        summary = self.deviation(deviation_id).summary
        return f"known deviation {deviation_id} ({summary}), refused because the run is strict (--voipbin-strict)"

    def report(self) -> dict[str, Any]:
        """What was seen, what was watched for and never showed, and what no check of this run can meet."""
        return {
            "strict": self.strict,
            "seen": {
                deviation_id: {
                    "count": sighting.count,
                    "example": sighting.example,
                    "summary": self.declared[deviation_id].summary,
                }
                for deviation_id, sighting in sorted(self.seen.items())
            },
            "not_observed": sorted(d for d in self.watched - self.seen.keys() if not self.why_not_checked(d)),
            "not_checked": sorted(
                d for d in self.declared.keys() - self.seen.keys() if d not in self.watched or self.why_not_checked(d)
            ),
            "why_not_checked": {
                d: why for d in sorted(self.declared.keys() - self.seen.keys()) if (why := self.why_not_checked(d))
            },
        }

    def lines(self) -> list[str]:
        """The report as lines for the terminal and the summary."""
        report = self.report()
        lines = []
        for deviation_id, seen in report["seen"].items():
            times = "once" if seen["count"] == 1 else f"{seen['count']} times"
            lines.append(f"- met: {deviation_id}, {times}: {seen['summary']} e.g. {seen['example']}")
        lines += [f"- not observed: {d} ({NOT_OBSERVED})" for d in report["not_observed"]]
        why = report["why_not_checked"]
        lines += [f"- not checked: {d}" + (f" ({why[d]})" if d in why else "") for d in report["not_checked"]]
        return lines

    def write(self, path: Path, redact: Callable[[str], str] = str) -> None:
        """The report as JSON, passed through redact (the run's secrets out) on its way to the file."""
        path.write_text(redact(json.dumps(self.report(), indent=2)) + "\n", encoding="utf-8")
