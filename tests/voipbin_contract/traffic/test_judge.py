"""voipbin_contract.traffic.judge: each exchange against the description and the suite's checks; a caller's wrong
request apart from the server's violations; across exchanges, what a caller wrote."""

from __future__ import annotations

import json

import pytest

from voipbin_contract.traffic.exchange import Exchange
from voipbin_contract.traffic.judge import Judge

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
