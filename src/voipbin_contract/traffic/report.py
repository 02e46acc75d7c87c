"""The report of judged traffic, in the suite's format: JUnit XML (one test case per operation seen, failed with
each violation of the server's), deviations.json beside it, and summary.md as voipbin_contract.reports.summary
writes it, one section per violation with the exchange that shows it, and the requests that broke the description
(the caller's) after it. Every line passes the redactor.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from voipbin_contract.reports.summary import problem_lines, summarise
from voipbin_contract.traffic.deviations import verdicts
from voipbin_contract.traffic.judge import Judge, Violation

# Violations written per operation; the count of the rest follows them.
SHOWN = 20


def _case(suite: ElementTree.Element, operation: str, count: int, violations: list[Violation]) -> None:
    case = ElementTree.SubElement(
        suite, "testcase", classname="voipbin_contract.traffic.exchange", name=f"traffic[{operation}]", time="0"
    )
    ElementTree.SubElement(case, "system-out").text = f"{count} exchange(s)"
    if violations:
        first = violations[0]
        lines = []
        for violation in violations[:SHOWN]:
            lines += [f"E   AssertionError: {violation.rule}: {violation.problem}", violation.curl, ""]
        if len(violations) > SHOWN:
            lines.append(f"... and {len(violations) - SHOWN} more")
        failure = ElementTree.SubElement(case, "failure", message=f"{first.rule}: {first.problem}"[:500])
        failure.text = "\n".join(lines)


def failure_sections(violations: list[Violation]) -> list[str]:
    """One section per violation of the server's, with the exchange that shows it; SHOWN per operation."""
    lines: list[str] = []
    for operation in dict.fromkeys(v.operation for v in violations):
        mine = [v for v in violations if v.operation == operation]
        for number, violation in enumerate(mine[:SHOWN], 1):
            title = f"traffic[{operation}]" + (f" ({number} of {len(mine)})" if len(mine) > 1 else "")
            lines += problem_lines(title, operation, violation.rule, violation.problem, violation.curl)
        if len(mine) > SHOWN:
            lines += [f"... and {len(mine) - SHOWN} more violations of `{operation}`.", ""]
    return lines


def write(directory: Path, judge: Judge, target: str) -> tuple[Path, Path]:
    """Write the report; the JUnit XML's path and the summary's."""
    directory.mkdir(parents=True, exist_ok=True)
    server = [v for v in judge.violations if v.kind == "server"]
    caller = [v for v in judge.violations if v.kind == "caller"]
    root = ElementTree.Element("testsuites")
    suite = ElementTree.SubElement(root, "testsuite", name="voipbin-contract traffic")
    properties = ElementTree.SubElement(suite, "properties")
    checks = "the description's schemas and statuses, the suite's checks, the model of what each caller wrote"
    for name, value in (
        ("target", target),
        ("source", "traffic"),
        ("checks", checks),
        ("strict", str(judge.ledger.strict)),
    ):
        ElementTree.SubElement(properties, "property", name=name, value=value)
    operations = list(judge.seen) + [v.operation for v in server if v.operation not in judge.seen]
    for operation in dict.fromkeys(operations):
        _case(suite, operation, judge.seen.get(operation, 0), [v for v in server if v.operation == operation])
    suite.set("tests", str(len(suite.findall("testcase"))))
    suite.set("failures", str(sum(1 for c in suite.findall("testcase") if c.find("failure") is not None)))
    junit = directory / "contract.xml"
    junit.write_text(judge.redact(ElementTree.tostring(root, encoding="unicode")), encoding="utf-8")
    # A deviation not met: not observed where an exchange could have shown it, else not checked, saying why.
    deviations = verdicts(judge.ledger.report(), judge.chances)
    (directory / "deviations.json").write_text(judge.redact(json.dumps(deviations, indent=2)) + "\n", encoding="utf-8")
    lines = [summarise(junit, failure_sections(server)).rstrip("\n"), ""]
    unjudged = sum(judge.unjudged.values())
    why = "; ".join(f"{count} {reason}" for reason, count in judge.unjudged.most_common())
    lines += [f"{sum(judge.seen.values()) - unjudged} exchanges judged, {unjudged} not" + (f": {why}." if why else ".")]
    if caller:
        lines += ["", "## Requests that break the description (the caller's bug; the server refused them)", ""]
        lines += [f"- `{v.operation}`: {v.rule}: {v.problem}" for v in caller[:SHOWN]]
        lines += [f"- ... and {len(caller) - SHOWN} more"] if len(caller) > SHOWN else []
    summary = directory / "summary.md"
    summary.write_text(judge.redact("\n".join(lines) + "\n"), encoding="utf-8")
    return junit, summary
