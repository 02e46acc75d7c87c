"""voipbin_contract.traffic.report: the JUnit XML, deviations.json and a summary that pairs each violation with the
exchange that shows it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

from tests.voipbin_contract.traffic.replay import ALICE, judged, send_body
from voipbin_contract.traffic.judge import Judge
from voipbin_contract.traffic.report import SHOWN, write
from voipbin_mock import MockConfig, create_app
from voipbin_mock.config import INSTANT


def test_each_violation_is_its_own_section_with_its_own_exchange(tmp_path):
    """Two reads of deleted messages, each answered 200 (a fault): two sections, each naming its message and
    reproducing its own request, in the summary as in the XML."""
    app = create_app(MockConfig(faults=frozenset({"deleted_readable"}), delays=INSTANT, db_path=tmp_path / "d.db"))
    judge = Judge()
    with judged(app, judge) as call:
        ids = [call("POST", "/v1.0/messages", ALICE, json_body=send_body(ALICE)).json()["id"] for _ in range(2)]
        for message_id in ids:
            call("DELETE", f"/v1.0/messages/{message_id}", ALICE)
        for message_id in ids:
            call("GET", f"/v1.0/messages/{message_id}", ALICE)
    junit, summary = write(tmp_path / "report", judge, "http://upstream.test")
    text = summary.read_text(encoding="utf-8")
    sections = text.split("## FAILED ")[1:]
    assert len(sections) == 2, text
    for number, (section, message_id) in enumerate(zip(sections, ids, strict=True), 1):
        assert section.startswith(f"traffic[GET /v1.0/messages/{{id}}] ({number} of 2)")
        assert f"message {message_id}, deleted at step" in section
        (curl,) = [line for line in section.splitlines() if line.strip().startswith("curl ")]
        assert f"/v1.0/messages/{message_id}" in curl
        assert ALICE not in curl
    failure = ElementTree.parse(junit).getroot().find(".//failure")
    assert failure is not None
    assert all(message_id in (failure.text or "") for message_id in ids)
    assert ALICE not in text + junit.read_text(encoding="utf-8")


def test_the_summary_shows_so_many_per_operation_and_counts_the_rest(tmp_path):
    app = create_app(MockConfig(faults=frozenset({"deleted_readable"}), delays=INSTANT, db_path=tmp_path / "d.db"))
    judge = Judge()
    with judged(app, judge) as call:
        sent = call("POST", "/v1.0/messages", ALICE, json_body=send_body(ALICE)).json()["id"]
        call("DELETE", f"/v1.0/messages/{sent}", ALICE)
        for _ in range(SHOWN + 3):
            call("GET", f"/v1.0/messages/{sent}", ALICE)
    _, summary = write(tmp_path / "report", judge, "http://upstream.test")
    text = summary.read_text(encoding="utf-8")
    assert text.count("## FAILED ") == SHOWN
    assert "... and 3 more violations of `GET /v1.0/messages/{id}`." in text


def test_deviations_say_what_was_met_what_could_have_been_and_why_the_rest_was_not_checked(tmp_path):
    app = create_app(MockConfig(profile="service", delays=INSTANT, db_path=tmp_path / "s.db"))
    judge = Judge()
    with judged(app, judge) as call:
        sent = call("POST", "/v1.0/messages", ALICE, json_body=send_body(ALICE)).json()["id"]
        call("DELETE", f"/v1.0/messages/{sent}", ALICE)
        call("DELETE", f"/v1.0/messages/{sent}", ALICE)
    _, summary = write(tmp_path / "report", judge, "http://upstream.test")
    deviations = json.loads((tmp_path / "report" / "deviations.json").read_text(encoding="utf-8"))
    assert deviations["seen"]["delete-repeats-200"]["count"] == 1
    assert "accesskey-in-token-query-refused" in deviations["not_checked"]
    text = summary.read_text(encoding="utf-8")
    assert "- `delete-repeats-200`, once:" in text
    assert "- not checked: `accesskey-in-token-query-refused` (it takes a request with an access key" in text
    assert "no check of the suite can observe it" not in text
