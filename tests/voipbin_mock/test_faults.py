"""voipbin_mock.faults: every defect is named and described, off by default, and refused when unknown.
tests/voipbin_contract/test_faults.py runs the contract suite against each one."""

from __future__ import annotations

import itertools
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient

from tests.voipbin_mock.conftest import ALICE_KEY, BOB_KEY
from voipbin_mock import MockConfig, create_app
from voipbin_mock.config import DEFAULT_SPEC
from voipbin_mock.faults import (
    FAULTS,
    ZERO_UUID,
    check_names,
    distort,
    fails,
    segment_limits,
    shifted,
    webhook_encoder,
)
from voipbin_mock.openapi import load_spec
from voipbin_mock.segments import SegmentLimits, count_segments, limits_from

LIMITS = limits_from(load_spec(DEFAULT_SPEC))


def test_no_fault_is_on_by_default():
    assert MockConfig().faults == frozenset()


def test_an_unknown_fault_is_refused_with_the_known_ones_listed():
    with pytest.raises(ValueError, match="unknown fault nope; known: misspelled_status"):
        check_names(frozenset({"nope", "misspelled_status"}))
    with pytest.raises(ValueError, match="unknown fault"):
        create_app(MockConfig(faults=frozenset({"nope"})))


def test_every_fault_says_what_it_breaks():
    assert all(description.strip() for description in FAULTS.values())


def test_skewed_segment_limits_change_the_count_at_the_gsm_7_boundary_only():
    skewed = segment_limits(frozenset({"segment_limits_skewed"}), LIMITS)
    assert segment_limits(frozenset(), LIMITS) == LIMITS
    assert skewed["GSM-7"] == SegmentLimits(single=150, multipart=140)
    assert skewed["UCS-2"] == LIMITS["UCS-2"]
    assert (count_segments("a" * 155, LIMITS), count_segments("a" * 155, skewed)) == (1, 2)


def listed(*sources: str) -> dict[str, Any]:
    """A page of outbound messages from sources, each dispatched (a target `sent`, parts 1, written back)."""
    return {
        "result": [
            {
                "id": f"m{i}",
                "customer_id": "c",
                "source": {"type": "tel", "target": source, "name": f"line {i}"},
                "targets": [{"destination": {"type": "tel", "target": "+31"}, "status": "sent", "parts": 1}],
                "direction": "outbound",
                "tm_create": "2026-02-10T08:30:00Z",
                "tm_update": "2026-02-10T08:30:02Z",
                "tm_delete": None,
            }
            for i, source in enumerate(sources)
        ],
        "next_page_token": "",
    }


def test_a_list_page_can_show_every_message_with_the_last_ones_source():
    page = distort(frozenset({"list_loop_variable"}), "listMessages", listed("+1", "+2"), {}, itertools.count())
    assert [m["source"]["target"] for m in page["result"]] == ["+2", "+2"]


def test_a_list_can_show_the_zero_uuid_and_targets_as_at_the_send():
    faults = frozenset({"list_customer_id_zero", "list_shows_send_time_targets"})
    message = distort(faults, "listMessages", listed("+1"), {}, itertools.count())["result"][0]
    assert message["customer_id"] == ZERO_UUID
    target = message["targets"][0]
    assert (message["tm_update"], target["status"], target["parts"]) == (None, "queued", 0)


def test_a_fetched_message_can_lose_its_sources_name_and_take_the_writes_moment_as_tm_create():
    message = listed("+1")["result"][0]
    assert (
        "name"
        not in distort(frozenset({"get_drops_source_name"}), "getMessage", message, {}, itertools.count())["source"]
    )
    moved = distort(frozenset({"tm_create_set_at_dispatch"}), "getMessage", message, {}, itertools.count())
    assert moved["tm_create"] == message["tm_update"]
    assert distort(frozenset({"get_drops_source_name"}), "listMessages", listed("+1"), {}, itertools.count()) == listed(
        "+1"
    )


def test_events_can_carry_the_text_html_escaped():
    event = {"type": "message_created", "data": {"id": "m", "text": 'a & <b> "c"'}}
    assert webhook_encoder(frozenset())(event) == orjson.dumps(event)
    escaped = orjson.loads(webhook_encoder(frozenset({"event_text_escaped"}))(event))
    assert escaped["data"]["text"] == "a &amp; &lt;b&gt; &quot;c&quot;"


def test_a_send_of_more_than_160_characters_can_fail_before_anything_is_stored():
    faults = frozenset({"send_500_on_long_text"})
    assert fails(faults, "sendMessage", {}, {"text": "a" * 161})
    assert not fails(faults, "sendMessage", {}, {"text": "a" * 160})
    assert not fails(faults, "listMessages", {"page_size": 100}, None)


def test_time_can_be_written_in_the_wrong_zone_and_the_legacy_era_can_leak_into_a_list():
    """tm_update 5 h back (UTC-5 as UTC), on a message written back and on its targets; tm_create 9 h ahead (KST);
    a list's tm_delete as the legacy era's 9999-01-01."""
    written = listed("+1")["result"][0] | {"tm_update": "2026-12-03T10:00:00.25Z"}
    written["targets"][0]["tm_update"] = "2026-12-03T10:00:00Z"
    page = {"result": [written], "next_page_token": ""}
    zones = frozenset({"tm_update_before_tm_create", "target_time_in_sender_zone", "tm_create_in_kst"})
    shifted_page = distort(zones, "listMessages", page, {}, itertools.count())["result"][0]
    assert shifted_page["tm_update"] == "2026-12-03T05:00:00.25Z"
    assert shifted_page["targets"][0]["tm_update"] == "2026-12-03T05:00:00Z"
    assert shifted_page["tm_create"] == shifted(written["tm_create"], hours=9)
    legacy = distort(frozenset({"deleted_in_legacy_era"}), "listMessages", page, {}, itertools.count())
    assert legacy["result"][0]["tm_delete"] == "9999-01-01 00:00:00.000000"


def test_a_number_read_by_id_can_show_another_name_than_the_list(make_app):
    app = make_app(profile="service", timestamps="rfc3339", faults=frozenset({"number_name_stale_by_id"}))
    with TestClient(app) as http:
        listed_number = http.get("/v1.0/numbers", params={"accesskey": ALICE_KEY}).json()["result"][0]
        read = http.get(f"/v1.0/numbers/{listed_number['id']}", params={"accesskey": ALICE_KEY}).json()
    assert read["name"] == f"{listed_number['name']} (when bought)"


@pytest.mark.parametrize(
    ("fault", "path"),
    [
        ("any_customers_number_readable", "/v1.0/numbers/{number}"),
        ("accesskey_any_owner", "/v1.0/accesskeys/{key}"),
    ],
)
def test_another_customers_number_or_access_key_can_be_read(make_app, fault, path):
    with TestClient(make_app(faults=frozenset({fault}))) as http:
        number = http.get("/v1.0/numbers", params={"accesskey": BOB_KEY}).json()["result"][0]["id"]
        key = http.get("/v1.0/accesskeys", params={"accesskey": BOB_KEY}).json()["result"][0]["id"]
        assert http.get(path.format(number=number, key=key), params={"accesskey": ALICE_KEY}).status_code == 200


def test_listed_access_keys_can_carry_their_secret(make_app):
    with TestClient(make_app(faults=frozenset({"accesskey_token_listed"}))) as http:
        keys = http.get("/v1.0/accesskeys", params={"accesskey": ALICE_KEY}).json()["result"]
    assert [key["token"] for key in keys] == [ALICE_KEY]


def test_another_customers_message_can_be_deleted(make_app):
    body = {
        "source": {"type": "tel", "target": "+821021656521"},
        "destinations": [{"type": "tel", "target": "+31616818985"}],
        "text": "Bob's",
    }
    with TestClient(make_app(faults=frozenset({"cross_tenant_delete"}))) as http:
        sent = http.post("/v1.0/messages", params={"accesskey": BOB_KEY}, json=body).json()
        assert http.delete(f"/v1.0/messages/{sent['id']}", params={"accesskey": ALICE_KEY}).status_code == 200


@pytest.mark.parametrize(
    ("fault", "where"),
    [
        ("token_cookie_ignored", {"headers": {"Cookie": "token={token}"}}),
        ("bearer_ignored", {"headers": {"Authorization": "Bearer {token}"}}),
        ("accesskey_cookie_ignored", {"headers": {"Cookie": f"accesskey={ALICE_KEY}"}}),
    ],
)
def test_a_place_of_credentials_can_be_ignored(make_app, fault, where):
    """The place goes unread (401); the others are still read."""
    with TestClient(make_app(faults=frozenset({fault}))) as http:
        login = {"username": "alice@example.com", "password": "alice-secret"}
        token = http.post("/auth/login", json=login).json()["token"]
        given: dict[str, Any] = {k: {n: v.format(token=token) for n, v in one.items()} for k, one in where.items()}
        http.cookies.clear()  # the login's own cookie aside
        assert http.get("/v1.0/numbers", **given).status_code == 401
        assert http.get("/v1.0/numbers", params={"token": token}).status_code == 200


def test_a_send_with_a_field_the_api_does_not_know_can_be_refused(make_app):
    body = {
        "source": {"type": "tel", "target": "+15559876543"},
        "destinations": [{"type": "tel", "target": "+31616818985"}],
        "text": "hi",
    }
    with TestClient(make_app(faults=frozenset({"unknown_field_refused"}))) as http:
        assert http.post("/v1.0/messages", params={"accesskey": ALICE_KEY}, json=body).status_code == 200
        refused = http.post("/v1.0/messages", params={"accesskey": ALICE_KEY}, json=body | {"extra": 1})
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == "json: unknown field 'extra'"
