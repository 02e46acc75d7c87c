"""Turn the contract run's JUnit XML into a short human summary: what ran, what broke and which rule."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

FIRST_LINES = 12


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
