"""Turn the contract run's JUnit XML into a short human summary: what ran, what broke and which rule."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

FIRST_LINES = 12


def deviation_lines(report: dict[str, Any]) -> list[str]:
    """The known deviations section: what the run met, and what it watched for but never saw."""
    mode = "failed, as VOIPBIN_STRICT=1 asks" if report["strict"] else "passed, as known"
    lines = ["## Known deviations", "", f"Met ({mode}):" if report["seen"] else "Met: none.", ""]
    for deviation_id, seen in report["seen"].items():
        times = "once" if seen["count"] == 1 else f"{seen['count']} times"
        lines.append(f"- `{deviation_id}`, {times}: {seen['summary']} Example: {seen['example']}")
    lines += [f"- not observed: `{d}` (fixed upstream?)" for d in report["not_observed"]]
    lines += [f"- not checked by this run: `{d}`" for d in report["not_checked"]]
    return [*lines, ""]


def summarise(junit: Path) -> str:
    root = ElementTree.parse(junit).getroot()
    cases = list(root.iter("testcase"))
    failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    lines = [
        "# Contract run",
        "",
        f"{len(cases) - len(failed) - len(skipped)} passed, {len(failed)} failed, {len(skipped)} skipped.",
        "",
    ]
    for case in failed:
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        assert problem is not None
        detail = (problem.text or problem.get("message") or "").strip().splitlines()[:FIRST_LINES]
        lines += [f"## FAILED {case.get('classname')}::{case.get('name')}", "", "```", *detail, "```", ""]
    for case in skipped:
        reason = case.find("skipped")
        assert reason is not None
        lines.append(f"- skipped {case.get('name')}: {reason.get('message', '')}")
    deviations = junit.with_name("deviations.json")
    if deviations.is_file():
        lines += ["", *deviation_lines(json.loads(deviations.read_text(encoding="utf-8")))]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m contract_tests.summary JUNIT_XML SUMMARY_MD", file=sys.stderr)
        return 2
    junit, output = Path(argv[0]), Path(argv[1])
    if not junit.is_file():
        print(f"no JUnit report at {junit}: the run did not get to write one", file=sys.stderr)
        return 1
    text = summarise(junit)
    output.write_text(text, encoding="utf-8")
    print(text.splitlines()[2])
    print(f"summary: {output}, JUnit XML: {junit}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
