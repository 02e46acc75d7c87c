"""voipbin_contract.traffic.judge: each exchange against the description and the suite's checks; a caller's wrong
request apart from the server's violations; across exchanges, what a caller wrote."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import HealthCheck, example, given, settings

from tests.voipbin_contract.traffic.replay import ACTIONS, ALICE, BOB, SOURCES, judged, send_body, traffic
from voipbin_contract.rules.checks import ACCESSKEY_IN_TOKEN, DELETE_REPEATS, NOT_E164, OWNERSHIP, PARTS_ZERO
from voipbin_contract.rules.known import Ledger
from voipbin_contract.traffic.exchange import Exchange
from voipbin_contract.traffic.judge import Judge
from voipbin_mock import MockConfig, create_app
from voipbin_mock.config import INSTANT

KEY = "vbk_alice_demo_7d1f0c2a9e"
MESSAGE_ID = "01a22e9b-388f-7d5c-a2e6-3200b824362b"
JSON = [("content-type", "application/json")]
MESSAGE = {
    "id": MESSAGE_ID,
    "customer_id": "5e4a0680-804e-11ec-8477-2fea5968d85b",
    "type": "sms",
    "source": {"type": "tel", "target": "+15559876543"},
    "targets": [
        {"destination": {"type": "tel", "target": "+31616818985"}, "status": "queued", "parts": 1, "tm_update": None}
    ],
    "text": "hello",
    "direction": "outbound",
    "tm_create": "2026-11-30T10:00:00.000000Z",
    "tm_update": None,
    "tm_delete": None,
}
SEND = {
    "source": {"type": "tel", "target": "+15559876543"},
    "destinations": [{"type": "tel", "target": "+31616818985"}],
    "text": "hello",
}


def exchange(method: str, path: str, status: int, answer: object, *, body: object = None, query: str = "") -> Exchange:
    url = f"http://upstream.test{path}?accesskey={KEY}{query}"
    request = json.dumps(body).encode() if body is not None else b""
    content = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
    return Exchange(method, url, [("content-type", "application/json")], request, status, JSON, content)


def test_a_conforming_exchange_breaks_nothing():
    assert Judge().judge(exchange("GET", f"/v1.0/messages/{MESSAGE_ID}", 200, MESSAGE)) == []


def test_a_wrong_request_the_server_refused_is_the_callers_bug_only():
    refused = {"error": {"status": "INVALID_ARGUMENT", "reason": "X", "message": "m", "request_id": "r"}}
    found = Judge().judge(exchange("GET", "/v1.0/messages", 400, refused, query="&page_size=abc"))
    assert [(v.kind, v.rule) for v in found] == [("caller", "The request breaks the description")]
    assert "page_size 'abc'" in found[0].problem


def test_a_wrong_request_the_server_accepted_breaks_the_contract():
    page = {"result": [], "next_page_token": ""}
    found = Judge().judge(exchange("GET", "/v1.0/messages", 200, page, query="&page_size=abc"))
    assert [(v.kind, v.rule) for v in found] == [("server", "A request that breaks the description was accepted")]


@pytest.mark.parametrize(
    ("status", "answer", "headers", "rule"),
    [
        (418, {"x": 1}, JSON, "Undocumented HTTP status code"),
        (200, b"hello", [("content-type", "text/plain")], "Undocumented Content-Type"),
        (200, {**MESSAGE, "targets": "none"}, JSON, "Response violates schema"),
        (200, {**MESSAGE, "direction": "sideways"}, JSON, "A value the description's enum does not list"),
    ],
)
def test_an_answer_against_the_description_names_the_rule(status, answer, headers, rule):
    one = exchange("GET", f"/v1.0/messages/{MESSAGE_ID}", status, answer)
    one.response_headers = headers
    found = Judge().judge(one)
    assert rule in [v.rule for v in found]
    assert all(v.kind == "server" for v in found)
    assert KEY not in "".join(v.curl + v.problem for v in found)


def test_what_a_caller_sent_reads_back_the_same():
    judge = Judge()
    assert judge.judge(exchange("POST", "/v1.0/messages", 200, MESSAGE, body=SEND)) == []
    changed = {**MESSAGE, "text": "hello!"}
    found = judge.judge(exchange("GET", f"/v1.0/messages/{MESSAGE_ID}", 200, changed))
    assert [v.rule for v in found] == ["What was written reads back differently"]
    assert "/text" in found[0].problem


def test_a_deleted_message_read_again_breaks_the_contract():
    judge = Judge()
    judge.judge(exchange("POST", "/v1.0/messages", 200, MESSAGE, body=SEND))
    deleted = {**MESSAGE, "tm_delete": "2026-11-30T10:01:00.000000Z"}
    assert judge.judge(exchange("DELETE", f"/v1.0/messages/{MESSAGE_ID}", 200, deleted)) == []
    found = judge.judge(exchange("GET", f"/v1.0/messages/{MESSAGE_ID}", 200, deleted))
    assert "answered 200, not 404" in found[0].problem


def test_a_walk_that_lists_a_message_twice_breaks_the_contract():
    judge = Judge()
    first = {"result": [MESSAGE], "next_page_token": "t1"}
    second = {"result": [MESSAGE], "next_page_token": ""}
    assert judge.judge(exchange("GET", "/v1.0/messages", 200, first, query="&page_size=1")) == []
    found = judge.judge(exchange("GET", "/v1.0/messages", 200, second, query="&page_size=1&page_token=t1"))
    assert "listed more than once" in found[0].problem


def test_a_login_password_and_its_token_never_reach_a_violation():
    judge = Judge()
    login = Exchange(
        "POST",
        "http://upstream.test/auth/login",
        JSON,
        json.dumps({"username": "alice@example.com", "password": "alice-secret-password"}).encode(),
        418,
        JSON,
        json.dumps({"token": "eyJ.secret-token-value.sig"}).encode(),
    )
    found = judge.judge(login)
    text = "".join(v.curl + v.problem for v in found)
    assert found
    assert "alice-secret-password" not in text
    assert "secret-token-value" not in text


def test_a_server_error_names_the_short_balance_only_on_a_send():
    """The note on the short-balance deviation was appended, cut in half, to every other 500."""
    envelope = {"error": {"status": "INTERNAL", "reason": "X", "message": "m", "request_id": "r"}}
    read = Judge().judge(exchange("GET", f"/v1.0/messages/{MESSAGE_ID}", 500, envelope))
    sent = Judge().judge(exchange("POST", "/v1.0/messages", 500, envelope, body=SEND))
    (read_error,) = [v.problem for v in read if v.rule == "Server error"]
    (send_error,) = [v.problem for v in sent if v.rule == "Server error"]
    assert read_error.startswith("answered 500: ")
    assert "which a proxy does not make" in send_error


@pytest.mark.parametrize("profile", ["service", "tutorial"], ids=["lists deleted messages", "drops them"])
def test_random_traffic_to_a_correct_server_breaks_nothing(profile, tmp_path):
    """Sends, reads, deletes and pages of a walk, of two callers, interleaved in any order, through a correct
    server, whether it lists deleted messages (as the service does) or drops them: 0 violations. A walk the caller
    stopped early was judged against the model as it was at the end, a delete applied to the pages before it."""

    alice = ALICE

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @example(
        actions=[("send", alice), ("page", alice, 100), ("stop", alice), ("delete", alice, 0), ("page", alice, 100)]
    )
    @given(actions=ACTIONS)
    def judged(actions):
        app = create_app(MockConfig(profile=profile, delays=INSTANT, db_path=tmp_path / f"{uuid.uuid4()}.sqlite3"))
        server = [v for v in traffic(app, actions).violations if v.kind == "server"]
        assert not server, f"{server[0].rule}: {server[0].problem}"

    judged()


def test_the_same_traffic_to_a_defective_server_fails_naming_the_rule(tmp_path):
    alice = ALICE
    actions = [("send", alice), ("send", alice), ("send", alice), ("page", alice, 2), ("delete", alice, 0)]
    actions += [("page", alice, 2), ("page", alice, 2), ("get", alice, 0)]
    for fault, rule in (("deleted_readable", "answered 200, not 404"), ("page_repeats_item", "listed more than once")):
        app = create_app(MockConfig(faults=frozenset({fault}), delays=INSTANT, db_path=tmp_path / f"{fault}.sqlite3"))
        server = [v for v in traffic(app, actions).violations if v.kind == "server"]
        assert any(rule in v.problem for v in server), (fault, [v.problem for v in server])


def test_a_deviation_the_traffic_showed_is_met_once_per_exchange(tmp_path):
    """The service profile's deviations, as plain traffic shows them: a send to a number that is not E.164 (met once,
    by the send, though its checks meet it twice), a second DELETE answering 200, an access key in `?token=`
    answered 401, a send from a number another customer listed. Each named as met, none as not checked."""
    app = create_app(MockConfig(profile="service", delays=INSTANT, db_path=tmp_path / "service.sqlite3"))
    judge = Judge()
    with judged(app, judge) as call:
        sent = call("POST", "/v1.0/messages", ALICE, json_body=send_body(ALICE, "0031616818985")).json()
        call("DELETE", f"/v1.0/messages/{sent['id']}", ALICE)
        call("DELETE", f"/v1.0/messages/{sent['id']}", ALICE)
        call("GET", "/v1.0/numbers", ALICE, params={"token": ALICE})
        call("GET", "/v1.0/numbers", BOB)
        call("POST", "/v1.0/messages", ALICE, json_body=send_body(ALICE, source=SOURCES[BOB]))
    seen = judge.ledger.report()["seen"]
    for deviation in (NOT_E164, DELETE_REPEATS, ACCESSKEY_IN_TOKEN, OWNERSHIP):
        assert seen[deviation]["count"] == 1, (deviation, seen)
    assert [v for v in judge.violations if v.kind == "server"] == []


def test_in_a_strict_run_each_deviation_the_traffic_showed_is_a_violation_naming_it(tmp_path):
    app = create_app(MockConfig(profile="service", delays=INSTANT, db_path=tmp_path / "service.sqlite3"))
    judge = Judge(Ledger(strict=True))
    with judged(app, judge) as call:
        sent = call("POST", "/v1.0/messages", ALICE, json_body=send_body(ALICE)).json()
        call("DELETE", f"/v1.0/messages/{sent['id']}", ALICE)
        call("DELETE", f"/v1.0/messages/{sent['id']}", ALICE)
        call("GET", "/v1.0/numbers", ALICE, params={"token": ALICE})
        call("GET", "/v1.0/numbers", BOB)
        call("POST", "/v1.0/messages", ALICE, json_body=send_body(ALICE, source=SOURCES[BOB]))
    problems = " ".join(v.problem for v in judge.violations if v.kind == "server")
    for deviation in (DELETE_REPEATS, ACCESSKEY_IN_TOKEN, OWNERSHIP):
        assert f"known deviation {deviation}" in problems, deviation


def test_what_traffic_could_show_is_noted_as_a_chance_whether_or_not_it_showed(tmp_path):
    """The tutorial profile answers a second DELETE 404 and refuses an access key nowhere: the chances are there,
    the deviations are not (not observed, where the report says so)."""
    app = create_app(MockConfig(profile="tutorial", delays=INSTANT, db_path=tmp_path / "tutorial.sqlite3"))
    judge = Judge()
    with judged(app, judge) as call:
        sent = call("POST", "/v1.0/messages", ALICE, json_body=send_body(ALICE)).json()
        call("DELETE", f"/v1.0/messages/{sent['id']}", ALICE)
        call("DELETE", f"/v1.0/messages/{sent['id']}", ALICE)
    assert {DELETE_REPEATS, PARTS_ZERO} <= judge.chances
    assert DELETE_REPEATS not in judge.ledger.report()["seen"]
    assert ACCESSKEY_IN_TOKEN not in judge.chances
    assert OWNERSHIP not in judge.chances
