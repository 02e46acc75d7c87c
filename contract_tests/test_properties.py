"""Properties generic fuzzing cannot know: E.164 acceptance, one target per destination with the right parts,
statuses that only move forward, pagination that lists each message once, tenancy, and the client's models."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from voipbin_client.models import Message, MessageList

from contract_tests.checks import STATUS_RANK, TARGET_STATUSES, TERMINAL_STATUSES, parts_problems, send_echo_problems
from contract_tests.curl import RequestLog
from contract_tests.target import Target
from voipbin_contract.segments import count_segments

VALID_E164 = st.builds(
    lambda first, rest: f"+{first}{rest}",
    st.sampled_from("123456789"),
    st.text("0123456789", min_size=6, max_size=14),
)
INVALID_E164 = st.one_of(
    st.text("0123456789", min_size=7, max_size=15),  # no +
    st.builds(lambda rest: f"+0{rest}", st.text("0123456789", min_size=6, max_size=13)),  # leading 0
    st.builds(lambda rest: f"+1{rest}", st.text("0123456789", min_size=15, max_size=20)),  # too long
    st.builds(
        lambda a, b: f"+1 {a} {b}",
        st.text("0123456789", min_size=3, max_size=3),
        st.text("0123456789", min_size=4, max_size=4),
    ),
    st.builds(
        lambda a, b: f"+1-{a}-{b}",
        st.text("0123456789", min_size=3, max_size=3),
        st.text("0123456789", min_size=4, max_size=4),
    ),
    st.builds(lambda rest: f"+1555{rest}", st.text("ABCDEFGHIJ", min_size=4, max_size=7)),  # letters
)
NON_TEL_TYPES = st.sampled_from(["", "agent", "conference", "email", "extension", "line", "sip", "web_session"])
TEXTS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=400)


# The requests of the running test; conftest.py prints them as curl when a test fails.
REQUESTS = RequestLog()


def client(target: Target, token: str | None = None) -> httpx.Client:
    return httpx.Client(
        base_url=target.base_url,
        params=target.credentials(token),
        timeout=30,
        event_hooks={"request": [REQUESTS.record]},
    )


def source_of(target: Target) -> str:
    if target.source_number:
        return target.source_number
    with client(target) as http:
        numbers = http.get("/v1.0/numbers").json()["result"]
    if not numbers:
        pytest.skip("the target customer owns no number to send from (set VOIPBIN_SOURCE_NUMBER)")
    return str(numbers[0]["number"])


def require_send(target: Target) -> None:
    if not target.allow_send:
        pytest.skip("sending is not allowed against this target (VOIPBIN_ALLOW_SEND=1 allows it)")


def send(target: Target, destinations: list[dict[str, str]], text: str = "contract test") -> httpx.Response:
    require_send(target)
    if not target.budget.take():
        pytest.skip("the send budget (VOIPBIN_MAX_SENDS) is spent")
    body = {"source": {"type": "tel", "target": source_of(target)}, "destinations": destinations, "text": text}
    with client(target) as http:
        return http.post("/v1.0/messages", json=body)


def destination(target: Target, number: str) -> str:
    """Against external servers every real send goes to an allowed test number, whatever was drawn."""
    require_send(target)
    return number if target.bundled_mock else target.destinations[0]


def assert_error_envelope(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text[:300]}"
    error = response.json().get("error", {})
    assert {"status", "reason", "message", "request_id"} <= error.keys(), (
        f"not the error envelope: {response.text[:300]}"
    )


@settings(max_examples=15)
@given(number=VALID_E164)
def test_send_accepts_valid_e164_destinations(target, number):
    response = send(target, [{"type": "tel", "target": destination(target, number)}])
    assert response.status_code == 200, response.text[:300]


@settings(max_examples=25)
@given(number=INVALID_E164)
def test_send_rejects_invalid_e164_destinations(target, number):
    if not target.bundled_mock:
        pytest.skip("an invalid number a lenient server accepts would be a real send; checked on the mock only")
    assert_error_envelope(send(target, [{"type": "tel", "target": number}]), 400)


@settings(max_examples=10)
@given(kind=NON_TEL_TYPES)
def test_send_rejects_non_tel_destinations(target, kind):
    if not target.bundled_mock:
        pytest.skip("checked on the mock only, for the same reason as invalid numbers")
    assert_error_envelope(send(target, [{"type": kind, "target": "+15559876543"}]), 400)


@settings(max_examples=15)
@given(text=TEXTS, count=st.integers(1, 3))
def test_one_target_per_destination_with_the_segment_count(target, text, count):
    numbers = [destination(target, f"+3161681{8900 + i}") for i in range(count)]
    body = [{"type": "tel", "target": n} for n in numbers]
    response = send(target, body, text)
    assert response.status_code == 200, response.text[:300]
    message = response.json()
    assert send_echo_problems({"destinations": body, "text": text}, message) == []
    assert parts_problems("", message) == []
    assert all(t["parts"] == count_segments(text) for t in message["targets"])


def test_statuses_only_move_forward_until_final(target):
    require_send(target)
    numbers = (
        ["+31616818985", "+15005550001", "+15005550002", "+15005550003"]
        if target.bundled_mock
        else list(target.destinations[:1])
    )
    sent = send(target, [{"type": "tel", "target": n} for n in numbers])
    assert sent.status_code == 200, sent.text[:300]
    message_id = sent.json()["id"]
    history: list[list[str]] = []
    deadline = time.monotonic() + (10 if target.bundled_mock else 120)
    with client(target) as http:
        while time.monotonic() < deadline:
            statuses = [t["status"] for t in http.get(f"/v1.0/messages/{message_id}").json()["targets"]]
            for status in statuses:
                assert status in TARGET_STATUSES, f"status {status!r} is not a TargetStatus"
            if history:
                for before, after in zip(history[-1], statuses, strict=True):
                    assert STATUS_RANK[after] >= STATUS_RANK[before], f"a target moved back from {before} to {after}"
                    assert before not in TERMINAL_STATUSES or after == before, (
                        f"final status {before} changed to {after}"
                    )
            history.append(statuses)
            if all(s in TERMINAL_STATUSES for s in statuses):
                break
            time.sleep(0.1)
    assert all(s in TERMINAL_STATUSES for s in history[-1]), f"targets did not settle: {history[-1]}"
    if target.bundled_mock:
        assert history[-1] == ["delivered", "failed", "gw_timeout", "dlr_timeout"]


def walk(target: Target, page_size: int) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    token = ""
    with client(target) as http:
        for _ in range(10_000):
            params: dict[str, Any] = {"page_size": page_size} | ({"page_token": token} if token else {})
            page = http.get("/v1.0/messages", params=params).json()
            assert len(page["result"]) <= page_size, f"a page of {len(page['result'])} items for page_size {page_size}"
            if not page["result"]:
                return seen
            seen += page["result"]
            token = page["next_page_token"]
    raise AssertionError("the walk did not end after 10,000 pages")


def test_walking_the_pages_lists_every_message_once(target):
    if target.bundled_mock:
        for index in range(23):
            assert send(target, [{"type": "tel", "target": "+31616818985"}], f"page test {index}").status_code == 200
    reference = [m["id"] for m in walk(target, 100)]
    for page_size in (1, 7):
        ids = [m["id"] for m in walk(target, page_size)]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert not repeated, f"page_size {page_size}: listed more than once: {repeated[:5]}"
        missing = [i for i in reference if i not in ids]
        assert not missing, f"page_size {page_size}: never listed: {missing[:5]}"


def test_one_customer_cannot_read_or_delete_anothers_message(target):
    if target.other_token is None:
        pytest.skip("needs a second customer's credentials (VOIPBIN_OTHER_TOKEN)")
    sent = send(target, [{"type": "tel", "target": destination(target, "+31616818985")}])
    assert sent.status_code == 200, sent.text[:300]
    message_id = sent.json()["id"]
    with client(target, target.other_token) as other:
        read = other.get(f"/v1.0/messages/{message_id}")
        assert read.status_code in (403, 404), f"another customer read the message: {read.status_code}"
        listed = [m["id"] for m in other.get("/v1.0/messages").json()["result"]]
        assert message_id not in listed, "another customer's list shows the message"
        if target.bundled_mock:
            deleted = other.delete(f"/v1.0/messages/{message_id}")
            assert deleted.status_code in (403, 404), f"another customer deleted the message: {deleted.status_code}"


def test_client_models_round_trip_what_the_server_answers(target):
    with client(target) as http:
        page = http.get("/v1.0/messages", params={"page_size": 10}).json()
        assert MessageList.from_dict(page).to_dict() == page
        for item in page["result"][:3]:
            one = http.get(f"/v1.0/messages/{item['id']}").json()
            assert Message.from_dict(one).to_dict() == one


def test_a_deleted_message_is_gone(target):
    sent = send(target, [{"type": "tel", "target": destination(target, "+31616818985")}])
    assert sent.status_code == 200, sent.text[:300]
    message_id = sent.json()["id"]
    with client(target) as http:
        deleted = http.delete(f"/v1.0/messages/{message_id}")
        assert deleted.status_code == 200, deleted.text[:300]
        assert deleted.json()["tm_delete"] not in (None, "9999-01-01 00:00:00.000000"), "delete left tm_delete unset"
        again = http.get(f"/v1.0/messages/{message_id}")
        assert again.status_code == 404, f"a deleted message is still readable: {again.status_code}"
        assert message_id not in [m["id"] for m in http.get("/v1.0/messages").json()["result"]]
