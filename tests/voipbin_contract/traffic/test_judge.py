"""voipbin_contract.traffic.judge: each exchange against the description and the suite's checks; a caller's wrong
request apart from the server's violations; across exchanges, what a caller wrote."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

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


# Random traffic of two callers, interleaved, judged as the proxy judges it: against a correct server, nothing breaks.
CALLERS = ("vbk_alice_demo_7d1f0c2a9e", "vbk_bob_demo_4b8e2f6a1c")
SOURCES = {"vbk_alice_demo_7d1f0c2a9e": "+15559876543", "vbk_bob_demo_4b8e2f6a1c": "+821021656521"}
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("send"), st.sampled_from(CALLERS)),
        st.tuples(st.just("get"), st.sampled_from(CALLERS), st.integers(0, 9)),
        st.tuples(st.just("delete"), st.sampled_from(CALLERS), st.integers(0, 9)),
        st.tuples(st.just("page"), st.sampled_from(CALLERS), st.sampled_from((1, 2, 3, 100))),
        st.tuples(st.just("stop"), st.sampled_from(CALLERS)),
    ),
    min_size=1,
    max_size=40,
)


def traffic(app: Any, actions: list[tuple[Any, ...]]) -> Judge:
    """The actions against the app, each exchange judged as it was answered; then the walks left open."""
    judge = Judge()
    sent: dict[str, list[str]] = {key: [] for key in CALLERS}
    walking: dict[str, str | None] = {key: None for key in CALLERS}  # the next page_token of a walk under way
    with TestClient(app) as client:

        def call(method: str, path: str, key: str, *, json_body: Any = None, params: dict[str, Any] | None = None):
            answer = client.request(method, path, params={"accesskey": key} | (params or {}), json=json_body)
            request = answer.request
            judge.judge(
                Exchange(
                    method,
                    str(request.url),
                    list(request.headers.items()),
                    request.content,
                    answer.status_code,
                    list(answer.headers.items()),
                    answer.content,
                )
            )
            return answer

        for action, key, *rest in actions:
            mine = sent[key]
            if action == "send":
                body = {
                    "source": {"type": "tel", "target": SOURCES[key]},
                    "destinations": [{"type": "tel", "target": "+31616818985"}],
                    "text": "hi",
                }
                mine.append(call("POST", "/v1.0/messages", key, json_body=body).json()["id"])
            elif action in ("get", "delete") and mine:
                call(action.upper(), f"/v1.0/messages/{mine[rest[0] % len(mine)]}", key)
            elif action == "page":
                token = walking[key]
                page = call(
                    "GET",
                    "/v1.0/messages",
                    key,
                    params={"page_size": rest[0]} | ({"page_token": token} if token else {}),
                ).json()
                walking[key] = page["next_page_token"] if page["result"] and page["next_page_token"] else None
            elif action == "stop":
                walking[key] = None
    judge.finish()
    return judge


@pytest.mark.parametrize("profile", ["service", "tutorial"], ids=["lists deleted messages", "drops them"])
def test_random_traffic_to_a_correct_server_breaks_nothing(profile, tmp_path):
    """Sends, reads, deletes and pages of a walk, of two callers, interleaved in any order, through a correct
    server, whether it lists deleted messages (as the service does) or drops them: 0 violations. A walk the caller
    stopped early was judged against the model as it was at the end, a delete applied to the pages before it."""

    alice = CALLERS[0]

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
    alice = CALLERS[0]
    actions = [("send", alice), ("send", alice), ("send", alice), ("page", alice, 2), ("delete", alice, 0)]
    actions += [("page", alice, 2), ("page", alice, 2), ("get", alice, 0)]
    for fault, rule in (("deleted_readable", "answered 200, not 404"), ("page_repeats_item", "listed more than once")):
        app = create_app(MockConfig(faults=frozenset({fault}), delays=INSTANT, db_path=tmp_path / f"{fault}.sqlite3"))
        server = [v for v in traffic(app, actions).violations if v.kind == "server"]
        assert any(rule in v.problem for v in server), (fault, [v.problem for v in server])
