"""voipbin_contract.reports.summary: each failure names its operation, rule, problem, first field and reproduction;
every run says what it exercised."""

from __future__ import annotations

import base64
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from voipbin_contract.reports.summary import main, summarise

SCHEMATHESIS_FAILURE = """+ Exception Group Traceback (most recent call last):
  |   File "/x/schemathesis/generation/case.py", line 642, in validate_response
  | schemathesis.core.failures.FailureGroup: Schemathesis found 1 distinct failure
  | \n  | - ST901 Custom check failed: `parts_match_segment_count`
  | \n  |     Target parts disagree with the segment count: /result/7/targets/0/parts is 2, but the text takes 1
  | \n  | Reproduce with:
  | \n  |     curl -X GET 'http://127.0.0.1:1/v1.0/messages?page_size=10&accesskey=%5BFiltered%5D'
"""
PROPERTY_FAILURE = """>       assert problems == [], "; ".join(problems)
E       AssertionError: a deleted message is still readable: 200

src/voipbin_contract/test_properties.py:377: AssertionError

Last requests (as curl, credentials redacted):
curl -X GET 'http://127.0.0.1:1/v1.0/messages/0195?accesskey=REDACTED'
curl -X DELETE 'http://127.0.0.1:1/v1.0/messages/0195?accesskey=REDACTED'"""
MODEL_FAILURE = """E       AssertionError: step 3, walk of the list, page_size 5: list page 1 /result/0: \
/source/target is '+1555', but '+1444' was sent (and 1 more)
E       the sequence:
E         1. send(source={"type": "tel", "target": "+1444"}, destinations=[{"type": "tel", "target": "+31"}], text="a")
E         2. read(message_id="01a2")
E         3. walk(page_size=5)

src/voipbin_contract/test_stateful_model.py:111: AssertionError"""
STATISTICS = base64.b64encode(b"  - 10 passing, 1 failing, and 1 invalid test cases\n").decode()


def junit(tmp_path: Path, failures: list[tuple[str, str]], passed: list[str]) -> Path:
    cases = [
        f'<testcase classname="c" name={quoteattr(n)}><failure message="m">{escape(t)}</failure></testcase>'
        for n, t in failures
    ]
    cases += [f'<testcase classname="c" name={quoteattr(n)}/>' for n in passed]
    properties = "".join(
        f'<property name="{k}" value="{v}"/>'
        for k, v in {
            "target": "http://127.0.0.1:1 (an external server)",
            "seed": "7",
            "examples": "25",
            "checks": "not_a_server_error, parts_match_segment_count",
            "strict": "no",
            "hypothesis-statistics-x": STATISTICS,
        }.items()
    )
    path = tmp_path / "contract.xml"
    path.write_text(
        f"<testsuites><testsuite><properties>{properties}</properties>{''.join(cases)}</testsuite></testsuites>",
        encoding="utf-8",
    )
    return path


def test_a_conformance_failure_names_operation_rule_field_and_curl(tmp_path):
    text = summarise(junit(tmp_path, [("test_operation_conforms[GET /v1.0/messages]", SCHEMATHESIS_FAILURE)], []))
    assert "## FAILED test_operation_conforms[GET /v1.0/messages]" in text
    assert "- operation: `GET /v1.0/messages`" in text
    assert "- rule: ST901 Custom check failed: `parts_match_segment_count`" in text
    assert "- problem: Target parts disagree with the segment count: /result/7/targets/0/parts is 2" in text
    assert "- first offending field: `/result/7/targets/0/parts`" in text
    assert "  curl -X GET 'http://127.0.0.1:1/v1.0/messages?page_size=10&accesskey=%5BFiltered%5D'" in text


def test_a_property_failure_names_the_property_problem_and_last_request(tmp_path):
    text = summarise(junit(tmp_path, [("test_a_deleted_message_is_gone", PROPERTY_FAILURE)], []))
    assert "- property: `test_a_deleted_message_is_gone`" in text
    assert "- problem: AssertionError: a deleted message is still readable: 200" in text
    assert "  curl -X DELETE 'http://127.0.0.1:1/v1.0/messages/0195?accesskey=REDACTED'" in text


def test_a_model_failure_names_the_step_the_field_and_the_sequence(tmp_path):
    name = "test_what_the_suite_wrote_reads_back_the_same_on_every_path"
    text = summarise(junit(tmp_path, [(name, MODEL_FAILURE)], []))
    assert "- problem: AssertionError: step 3, walk of the list, page_size 5: list page 1 /result/0: /source" in text
    assert "- first offending field: `/source/target`" in text
    assert "  1. send(source=" in text
    assert "  3. walk(page_size=5)" in text


def test_a_passing_run_says_what_it_exercised(tmp_path):
    text = summarise(junit(tmp_path, [], ["test_operation_conforms[GET /v1.0/numbers]", "test_walk"]))
    assert "2 passed, 0 failed, 0 skipped." in text
    assert "- seed: 7" in text
    assert "- checks on every answer: not_a_server_error, parts_match_segment_count" in text
    assert "- operations fuzzed (1): `GET /v1.0/numbers`" in text
    assert "- properties and workflows (1): test_walk" in text
    assert "- test cases generated: 11" in text


def test_no_report_is_one_line_and_exit_code_1(tmp_path, capsys):
    assert main([str(tmp_path / "missing.xml"), str(tmp_path / "summary.md")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
