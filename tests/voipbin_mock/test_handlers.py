"""voipbin_mock.handlers: what the service does beyond the schemas: ownership, charging, tenancy, paging, lifecycle."""

from __future__ import annotations

import uuid

import pytest
from starlette.testclient import TestClient

from tests.voipbin_mock.conftest import ALICE, ALICE_KEY, ALICE_NUMBER, BOB_KEY, BOB_NUMBER, send, write_fixtures
from voipbin_mock.config import DEFAULT_FIXTURES, DEFAULT_SPEC, Delays
from voipbin_mock.fixtures import load_fixtures
from voipbin_mock.lifecycle import MAGIC_DESTINATIONS
from voipbin_mock.openapi import load_spec
from voipbin_mock.segments import count_segments, limits_from

ALICE_ID = ALICE.id
PRICE_MICROS = load_fixtures(DEFAULT_FIXTURES).price_micros


def balance(app, customer_id=ALICE_ID):
    return app.services.store.balance_micros(customer_id)


def list_all(client, key, page_size=100):
    """Walk every page; return the ids in the order seen."""
    seen: list[str] = []
    token = None
    while True:
        params = {"accesskey": key, "page_size": page_size} | ({"page_token": token} if token else {})
        body = client.get("/v1.0/messages", params=params).json()
        if not body["result"]:
            assert body["next_page_token"] == ""
            return seen
        seen += [m["id"] for m in body["result"]]
        token = body["next_page_token"]


# Send


def test_send_returns_200_with_one_queued_target_per_destination_in_order(client):
    destinations = ("+31616818985", next(iter(MAGIC_DESTINATIONS)), "+442071838750")
    response = send(client, ALICE_KEY, text="hello, this is test message.", to=destinations)
    assert response.status_code == 200
    message = response.json()
    assert [t["destination"]["target"] for t in message["targets"]] == list(destinations)
    assert {t["status"] for t in message["targets"]} == {"queued"}
    assert message["source"] == {"type": "tel", "target": ALICE_NUMBER, "target_name": "", "name": "", "detail": ""}
    assert message["direction"] == "outbound"
    assert message["customer_id"] == ALICE_ID
    assert message["tm_delete"] == "9999-01-01 00:00:00.000000"


@pytest.mark.parametrize("text", ["a" * 161, "€" * 81, "ж" * 135, "\U0001f600" * 36, "hi"])
def test_parts_and_charge_follow_the_segment_counter(app, client, text):
    before = balance(app)
    message = send(client, ALICE_KEY, text=text, to=("+31616818985", "+31616818986")).json()
    parts = count_segments(text, limits_from(load_spec(DEFAULT_SPEC)))
    assert [t["parts"] for t in message["targets"]] == [parts, parts]
    assert balance(app) == before - 2 * parts * PRICE_MICROS


def test_source_must_be_a_number_the_caller_owns(client):
    response = send(client, ALICE_KEY, source=BOB_NUMBER)
    assert response.status_code == 403
    assert response.json()["error"]["reason"] == "SOURCE_NOT_OWNED"


@pytest.mark.parametrize(
    "body",
    [
        {"source": {"type": "tel", "target": ALICE_NUMBER}, "destinations": [], "text": "x"},
        {
            "source": {"type": "tel", "target": ALICE_NUMBER},
            "destinations": [{"type": "tel", "target": "+31616818985"}],
            "text": "",
        },
        {
            "source": {"type": "sip", "target": ALICE_NUMBER},
            "destinations": [{"type": "tel", "target": "+31616818985"}],
            "text": "x",
        },
        {
            "source": {"type": "tel", "target": ALICE_NUMBER},
            "destinations": [{"type": "tel", "target": "+31 6 1681 8985"}],
            "text": "x",
        },
        {"source": {"type": "tel", "target": ALICE_NUMBER}, "text": "x"},
        "just a string",
    ],
)
def test_send_rejects_what_the_description_rejects(client, body):
    response = client.post("/v1.0/messages", json=body, params={"accesskey": ALICE_KEY})
    assert response.status_code == 400
    assert response.json()["error"]["reason"] == "INVALID_REQUEST_BODY"


def test_unknown_request_fields_are_ignored(client):
    body = {
        "source": {"type": "tel", "target": ALICE_NUMBER, "extra": 1},
        "destinations": [{"type": "tel", "target": "+31616818985"}],
        "text": "hi",
        "campaign": "spring",
    }
    response = client.post("/v1.0/messages", json=body, params={"accesskey": ALICE_KEY})
    assert response.status_code == 200
    assert "extra" not in response.json()["source"]


def test_402_when_the_balance_is_short_leaves_nothing_behind(make_app, tmp_path):
    fixtures = write_fixtures(tmp_path / "fixtures.yaml", {'balance: "20.00"': 'balance: "0.03"'})  # 4 segments
    app = make_app(fixtures_path=fixtures)
    with TestClient(app) as client:
        response = send(client, ALICE_KEY, text="a" * 161, to=("+31616818985", "+31616818986", "+31616818987"))
        assert response.status_code == 402
        assert response.json()["error"]["status"] == "PAYMENT_REQUIRED"
        assert app.services.store.count_messages(ALICE_ID) == 0
        assert balance(app) == 30_000
        assert list_all(client, ALICE_KEY) == []
        assert send(client, ALICE_KEY, text="a" * 161, to=("+31616818985", "+31616818986")).status_code == 200
        assert balance(app) == 0


# Get and delete


def test_get_returns_the_message_and_delete_returns_it_with_tm_delete(client, clock):
    sent = send(client, ALICE_KEY).json()
    got = client.get(f"/v1.0/messages/{sent['id']}", params={"accesskey": ALICE_KEY})
    assert got.status_code == 200
    assert got.json()["id"] == sent["id"]
    clock.advance(10)
    deleted = client.delete(f"/v1.0/messages/{sent['id']}", params={"accesskey": ALICE_KEY})
    assert deleted.status_code == 200
    assert deleted.json()["tm_delete"] != "9999-01-01 00:00:00.000000"
    assert deleted.json()["tm_delete"] >= deleted.json()["tm_create"]
    for method in (client.get, client.delete):
        gone = method(f"/v1.0/messages/{sent['id']}", params={"accesskey": ALICE_KEY})
        assert gone.status_code == 404
    assert sent["id"] not in list_all(client, ALICE_KEY)


@pytest.mark.parametrize("path", ["/v1.0/messages/not-a-uuid", "/v1.0/numbers/123", "/v1.0/accesskeys/zz"])
def test_a_malformed_id_is_400_invalid_id(client, path):
    response = client.get(path, params={"accesskey": ALICE_KEY})
    assert response.status_code == 400
    assert response.json()["error"]["reason"] == "INVALID_ID"


@pytest.mark.parametrize("kind", ["messages", "numbers", "accesskeys"])
def test_an_unknown_id_is_404(client, kind):
    assert client.get(f"/v1.0/{kind}/{uuid.uuid4()}", params={"accesskey": ALICE_KEY}).status_code == 404


# Tenancy


def test_one_customer_cannot_read_or_delete_anothers_message(client):
    sent = send(client, ALICE_KEY).json()
    for method in (client.get, client.delete):
        response = method(f"/v1.0/messages/{sent['id']}", params={"accesskey": BOB_KEY})
        assert response.status_code == 403
        assert response.json()["error"]["status"] == "PERMISSION_DENIED"
    assert client.get(f"/v1.0/messages/{sent['id']}", params={"accesskey": ALICE_KEY}).status_code == 200
    assert list_all(client, BOB_KEY) == []


def test_numbers_and_access_keys_are_per_customer(client):
    alice = client.get("/v1.0/numbers", params={"accesskey": ALICE_KEY}).json()["result"]
    bob = client.get("/v1.0/numbers", params={"accesskey": BOB_KEY}).json()["result"]
    assert {n["number"] for n in alice} == {ALICE_NUMBER, "+15551234567"}
    assert {n["number"] for n in bob} == {BOB_NUMBER, "+821028286521"}
    assert client.get(f"/v1.0/numbers/{alice[0]['id']}", params={"accesskey": BOB_KEY}).status_code == 403
    key = client.get("/v1.0/accesskeys", params={"accesskey": ALICE_KEY}).json()["result"][0]
    assert key["token_prefix"] == ALICE_KEY[:8]
    assert ALICE_KEY not in str(key)
    hidden = client.get(f"/v1.0/accesskeys/{key['id']}", params={"accesskey": BOB_KEY})  # as if it did not exist
    assert (hidden.status_code, hidden.json()["error"]["reason"]) == (404, "ACCESSKEY_NOT_FOUND")


# Lists


def test_list_is_newest_first_and_walks_every_message_once(client, clock):
    ids = []
    for index in range(23):
        ids.append(send(client, ALICE_KEY, text=f"message {index}").json()["id"])
        if index % 5 == 0:
            clock.advance(0.001)  # some share a clock reading: the store still orders them
    assert list_all(client, ALICE_KEY, page_size=7) == ids[::-1]


@pytest.mark.parametrize(
    ("asked", "served"), [(0, 100), (-5, 100), (101, 100), (1000, 100), (1, 1), (100, 100), (37, 37)]
)
def test_page_size_is_clamped_not_rejected(client, asked, served):
    for index in range(101):
        send(client, ALICE_KEY, text=str(index))
    response = client.get("/v1.0/messages", params={"accesskey": ALICE_KEY, "page_size": asked})
    assert response.status_code == 200
    assert len(response.json()["result"]) == served


@pytest.mark.parametrize("size", ["ten", "1.5", ""])
def test_a_page_size_that_is_not_an_integer_is_400(client, size):
    response = client.get("/v1.0/messages", params={"accesskey": ALICE_KEY, "page_size": size})
    assert response.status_code == 400
    assert response.json()["error"]["reason"] == "INVALID_REQUEST_PARAMETER"


@pytest.mark.parametrize("token", ["abc", "2022-13-40T00:00:00Z", "null"])
def test_a_page_token_that_is_no_timestamp_gives_an_empty_page(client, token):
    send(client, ALICE_KEY)
    response = client.get("/v1.0/messages", params={"accesskey": ALICE_KEY, "page_token": token})
    assert response.status_code == 200
    assert response.json() == {"result": [], "next_page_token": ""}


def test_next_page_token_is_the_last_items_tm_create_as_rfc3339(client):
    send(client, ALICE_KEY)
    body = client.get("/v1.0/messages", params={"accesskey": ALICE_KEY}).json()
    created = body["result"][-1]["tm_create"]  # legacy: 2023-11-14 22:13:20.000000
    assert body["next_page_token"] == created.replace(" ", "T") + "Z"


def test_rfc3339_era_timestamps_and_null_tm_delete(make_app):
    with TestClient(make_app(timestamps="rfc3339")) as client:
        message = send(client, ALICE_KEY).json()
        assert message["tm_delete"] is None
        assert message["tm_create"].endswith("Z")
        assert "T" in message["tm_create"]
        number = client.get("/v1.0/numbers", params={"accesskey": ALICE_KEY}).json()["result"][0]
        assert number["tm_delete"] is None


# Lifecycle


def statuses(client, message_id):
    message = client.get(f"/v1.0/messages/{message_id}", params={"accesskey": ALICE_KEY}).json()
    return [t["status"] for t in message["targets"]], message


def test_each_target_moves_through_its_lifecycle_and_every_failure_status_is_reachable(make_app, clock):
    delays = Delays(sent=2, delivered=5, timeout=30)
    with TestClient(make_app(delays=delays)) as client:
        by_status = {status: number for number, status in MAGIC_DESTINATIONS.items()}
        order = ("+31616818985", by_status["failed"], by_status["gw_timeout"], by_status["dlr_timeout"])
        sent = send(client, ALICE_KEY, to=order).json()
        timeline = [
            (0, ["queued", "queued", "queued", "queued"]),
            (1.9, ["queued", "queued", "queued", "queued"]),
            (2, ["sent", "sent", "queued", "sent"]),
            (5, ["delivered", "failed", "queued", "sent"]),
            (29.9, ["delivered", "failed", "queued", "sent"]),
            (30, ["delivered", "failed", "gw_timeout", "dlr_timeout"]),
            (3600, ["delivered", "failed", "gw_timeout", "dlr_timeout"]),
        ]
        elapsed = 0.0
        for at, expected in timeline:
            clock.advance(at - elapsed)
            elapsed = at
            seen, message = statuses(client, sent["id"])
            assert seen == expected, f"at {at}s"
        assert message["tm_update"] == max(t["tm_update"] for t in message["targets"])


def test_instant_mode_delivers_at_once_but_send_still_answers_queued(make_app):
    from voipbin_mock.config import INSTANT

    with TestClient(make_app(delays=INSTANT)) as client:
        [(never_confirmed, _)] = [(n, s) for n, s in MAGIC_DESTINATIONS.items() if s == "dlr_timeout"]
        sent = send(client, ALICE_KEY, to=("+31616818985", never_confirmed)).json()
        assert [t["status"] for t in sent["targets"]] == ["queued", "queued"]
        assert statuses(client, sent["id"])[0] == ["delivered", "dlr_timeout"]


def test_an_injected_inbound_message_is_received_by_the_numbers_owner(client):
    body = {"source": "+31616818985", "destination": BOB_NUMBER, "text": "hi Bob"}
    response = client.post("/_mock/inbound", json=body)
    assert response.status_code == 200
    message = response.json()
    assert message["direction"] == "inbound"
    assert message["targets"][0]["status"] == "received"
    assert message["targets"][0]["destination"]["target"] == BOB_NUMBER
    assert message["source"]["target"] == "+31616818985"
    listed = client.get("/v1.0/messages", params={"accesskey": BOB_KEY}).json()["result"]
    assert [m["id"] for m in listed] == [message["id"]]
    assert client.get("/v1.0/messages", params={"accesskey": ALICE_KEY}).json()["result"] == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"source": "+31616818985", "destination": "+19999999999", "text": "hi"}, 404),
        ({"source": "0031616818985", "destination": BOB_NUMBER, "text": "hi"}, 400),
        ({"source": "+31616818985", "destination": BOB_NUMBER, "text": ""}, 400),
    ],
)
def test_inbound_injection_checks_its_input(client, body, status):
    response = client.post("/_mock/inbound", json=body)
    assert response.status_code == status
    assert response.json()["error"]["request_id"]
