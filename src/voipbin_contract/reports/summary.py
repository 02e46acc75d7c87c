"""Turn the contract run's JUnit XML into a short human summary: what ran, what broke and which rule.

Per failure: the operation, the rule that broke, the problem, the first offending field of the answer and a curl
command that reproduces it (credentials redacted). For every run: what was exercised (target, seed, examples,
checks, operations, properties, test cases), and the known deviations met (from deviations.json beside the XML).
"""

from __future__ import annotations

import base64
import json
import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

from voipbin_contract.rules.known import NOT_OBSERVED

# A schemathesis failure names its rule as `- ST901 Custom check failed: ...`, under `|` of an exception group.
SCHEMATHESIS_RULE = re.compile(r"^[\s|]*- (ST\d+ .+)$", re.MULTILINE)
PROBLEM_AFTER_RULE = re.compile(r"^[\s|]*- ST\d+ .+\n[\s|]*\n[\s|]*(\S.*)$", re.MULTILINE)
# A JSON pointer that a check's problem starts from: `/result/6/targets/0/parts is 2, ...`.
FIELD = re.compile(r"(/[\w{}.-]+(?:/[\w{}.-]+)*) (?:is|breaks|has)\b")
CURL = re.compile(r"^[\s|]*(curl .+)$", re.MULTILINE)
ASSERTION = re.compile(r"^E\s+(\w*Error: .+)$", re.MULTILINE)
CASES = re.compile(r"(\d+) passing, (\d+) failing")
# The steps of the model-based test that led to a failure, under `the sequence:` in its assertion.
SEQUENCE = re.compile(r"^E\s+the sequence:\n((?:E\s+\d+\. .*\n?)+)", re.MULTILINE)
STEP = re.compile(r"^E\s+(\d+\. .*)$", re.MULTILINE)


def deviation_lines(report: dict[str, Any]) -> list[str]:
    """The known deviations section: what the run met, and what it watched for but never saw."""
    mode = "failed, as VOIPBIN_STRICT=1 asks" if report["strict"] else "passed, as known"
    lines = ["## Known deviations", "", f"Met ({mode}):" if report["seen"] else "Met: none.", ""]
    for deviation_id, seen in report["seen"].items():
        times = "once" if seen["count"] == 1 else f"{seen['count']} times"
        lines.append(f"- `{deviation_id}`, {times}: {seen['summary']} Example: {seen['example']}")
    lines += [f"- not observed: `{d}` ({NOT_OBSERVED})" for d in report["not_observed"]]
    why = report.get("why_not_checked", {})
    lines += [f"- not checked: `{d}`" + (f" ({why[d]})" if d in why else "") for d in report["not_checked"]]
    return [*lines, ""]


def operation_of(name: str) -> str | None:
    """`GET /v1.0/messages` of `test_operation_conforms[GET /v1.0/messages]`; None for a property test."""
    match = re.search(r"\[([A-Z]+ /[^\]]*)\]$", name)
    return match.group(1) if match else None


def failure_lines(case: ElementTree.Element) -> list[str]:
    """What a failed test case says: operation, rule, problem, first offending field, reproduction."""
    problem = case.find("failure")
    if problem is None:
        problem = case.find("error")
    assert problem is not None
    text = problem.text or ""
    message = (problem.get("message") or "").strip()
    name = str(case.get("name"))
    operation = operation_of(name)
    rules = SCHEMATHESIS_RULE.findall(text)
    found = PROBLEM_AFTER_RULE.search(text)
    assertion = ASSERTION.search(text)
    what = found.group(1) if found else assertion.group(1) if assertion else message.splitlines()[0] if message else ""
    field = FIELD.search(text)
    curls = CURL.findall(text)
    lines = [f"## FAILED {name}", ""]
    lines.append(f"- operation: `{operation}`" if operation else f"- property: `{name}`")
    lines += [f"- rule: {rule}" for rule in rules]
    if what:
        lines.append(f"- problem: {what}")
    if field:
        lines.append(f"- first offending field: `{field.group(1)}`")
    sequence = SEQUENCE.search(text)
    if sequence:
        lines += ["- the sequence that led to it:", "", *(f"  {step}" for step in STEP.findall(sequence.group(1))), ""]
    if curls:
        lines += ["- reproduce:", "", "  ```sh", f"  {curls[-1]}", "  ```"]
    return [*lines, ""]


def exercised_lines(root: ElementTree.Element, cases: list[ElementTree.Element]) -> list[str]:
    """What the run did: target, seed, examples, checks, the operations fuzzed, the properties, the test cases."""
    properties: dict[str, str] = {}
    generated = 0
    for prop in root.iter("property"):
        name, value = prop.get("name", ""), prop.get("value", "")
        if name.startswith("hypothesis-statistics-"):
            statistics = base64.b64decode(value).decode("utf-8", "replace")
            generated += sum(int(passing) + int(failing) for passing, failing in CASES.findall(statistics))
        else:
            properties[name] = value
    operations = [op for op in (operation_of(str(c.get("name"))) for c in cases) if op]
    others = [str(c.get("name")) for c in cases if not operation_of(str(c.get("name")))]
    lines = ["## What was exercised", ""]
    for label, key in (("target", "target"), ("seed", "seed"), ("examples per operation", "examples")):
        if key in properties:
            lines.append(f"- {label}: {properties[key]}")
    if "sends" in properties:
        lines.append(f"- {properties['sends']}")
    if "not_reached" in properties:
        lines += [
            "- rules this run could not reach, and why:",
            *(f"  {line}" for line in properties["not_reached"].splitlines()),
        ]
    if "strict" in properties:
        lines.append(f"- strict (every known deviation fails): {properties['strict']}")
    if "checks" in properties:
        lines.append(f"- checks on every answer: {properties['checks']}")
    if properties.get("source") == "traffic":  # the checking proxy's or a HAR file's: nothing was generated
        lines.append(f"- operations seen ({len(operations)}): {', '.join(f'`{op}`' for op in operations) or 'none'}")
        return [*lines, ""]
    lines.append(f"- operations fuzzed ({len(operations)}): {', '.join(f'`{op}`' for op in operations) or 'none'}")
    lines.append(f"- properties and workflows ({len(others)}): {', '.join(others) or 'none'}")
    if generated:
        lines.append(f"- test cases generated: {generated:,}")
    return [*lines, ""]


def problem_lines(title: str, operation: str, rule: str, problem: str, curl: str) -> list[str]:
    """One problem, as a section: its operation, rule, problem, first offending field and reproduction."""
    field = FIELD.search(problem)
    lines = [f"## FAILED {title}", "", f"- operation: `{operation}`", f"- rule: {rule}", f"- problem: {problem}"]
    if field:
        lines.append(f"- first offending field: `{field.group(1)}`")
    if curl:
        lines += ["- reproduce:", "", "  ```sh", f"  {curl}", "  ```"]
    return [*lines, ""]


def summarise(junit: Path, failures: list[str] | None = None) -> str:
    """The summary of the run the JUnit XML reports; failures, if given, are its failure sections (else one per
    failed test case, read from the XML)."""
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
    if failures is not None:
        lines += failures
    for case in failed if failures is None else []:
        lines += failure_lines(case)
    for case in skipped:
        reason = case.find("skipped")
        assert reason is not None
        lines.append(f"- skipped {case.get('name')}: {reason.get('message', '')}")
    if skipped:
        lines.append("")
    lines += exercised_lines(root, cases)
    deviations = junit.with_name("deviations.json")
    if deviations.is_file():
        lines += deviation_lines(json.loads(deviations.read_text(encoding="utf-8")))
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m voipbin_contract.reports.summary JUNIT_XML SUMMARY_MD", file=sys.stderr)
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
