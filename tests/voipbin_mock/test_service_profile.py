"""The service profile (the default): the mock answers as the live service does, each known deviation included.

Every answer is still checked against openapi.yaml by the client fixture's conformance hook: the description
describes responses as the service sends them, so the service profile must conform too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.voipbin_mock.conftest import ALICE_KEY, ALICE_NUMBER, BOB_KEY, BOB_NUMBER, send, write_fixtures
from voipbin_mock import MockConfig
from voipbin_mock.lifecycle import PROVIDER_OUTCOMES
from voipbin_mock.views import normalised_tel

DISPATCH_SECONDS = 2.0  # the default `sent` delay, which is the provider dispatch in this profile


def service_client(make_app, conformance, **overrides) -> TestClient:
    app = make_app(profile="service", timestamps="rfc3339", **overrides)
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    client.event_hooks = {"response": [lambda response: (response.read(), conformance.check(response))]}
    return client


@pytest.fixture
def client(make_app, conformance) -> Iterator[TestClient]:
    """The service profile, every message dispatched through MessageBird (the path that changes the targets)."""
    with service_client(make_app, conformance, dispatch="messagebird") as client:
        yield client


def read(client: TestClient, message: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = client.get(f"/v1.0/messages/{message['id']}", params={"accesskey": ALICE_KEY}).json()
    return answer


def test_the_default_profile_is_the_service():
    assert MockConfig().profile == "service"
    assert MockConfig().timestamps == "rfc3339"


def test_a_send_answers_parts_zero_and_no_tm_update(client):
    message = send(client, ALICE_KEY, to=("+31616818985", "+821021656521")).json()
    assert [(t["status"], t["parts"], t["tm_update"]) for t in message["targets"]] == [("queued", 0, None)] * 2
    assert message["tm_update"] is None
    assert message["tm_delete"] is None


def test_empty_address_fields_are_left_out(client):
    message = send(client, ALICE_KEY).json()
    assert message["source"] == {"type": "tel", "target": ALICE_NUMBER}
    assert message["targets"][0]["destination"] == {"type": "tel", "target": "+31616818985"}


def test_after_dispatch_targets_take_the_providers_status_and_keep_it(client, clock):
    to = ("+31616818985", *PROVIDER_OUTCOMES)
    message = send(client, ALICE_KEY, text="x" * 161, to=to).json()
    clock.advance(DISPATCH_SECONDS - 0.001)
    before = client.get(f"/v1.0/messages/{message['id']}", params={"accesskey": ALICE_KEY}).json()
    assert {t["status"] for t in before["targets"]} == {"queued"}
    assert {t["parts"] for t in before["targets"]} == {0}
    clock.advance(0.001)
    for _ in range(3):
        after = client.get(f"/v1.0/messages/{message['id']}", params={"accesskey": ALICE_KEY}).json()
        assert [t["status"] for t in after["targets"]] == ["sent", *PROVIDER_OUTCOMES.values()]
        assert {t["parts"] for t in after["targets"]} == {2}
        assert {t["tm_update"] for t in after["targets"]} == {None}
        assert after["tm_update"] is not None
        clock.advance(3600)


def test_messagebird_rebuilds_each_target_from_its_recipient(client, clock):
    """type forced to tel, display fields dropped, the number as + and the provider's integer."""
    body = {
        "source": {"type": "tel", "target": ALICE_NUMBER},
        "destinations": [{"type": "whatsapp", "target": "+31 6 1681 8985", "name": "Bob", "detail": "x"}],
        "text": "hello",
    }
    sent = client.post("/v1.0/messages", json=body, params={"accesskey": ALICE_KEY}).json()
    assert sent["targets"][0]["destination"] == {
        "type": "whatsapp",
        "target": "+31 6 1681 8985",
        "name": "Bob",
        "detail": "x",
    }  # fmt: skip; only tel targets are normalised
    clock.advance(DISPATCH_SECONDS)
    assert read(client, sent)["targets"][0]["destination"] == {"type": "tel", "target": "+31616818985"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_telnyx_path_leaves_every_target_queued_in_the_order_its_goroutines_finished(
    make_app, conformance, clock, seed
):
    to = ("+31616818981", "+31616818982", "+31616818983", "+31616818984", "+31616818985")
    with service_client(make_app, conformance, dispatch="telnyx", seed=seed) as client:
        body = {
            "source": {"type": "tel", "target": ALICE_NUMBER},
            "destinations": [{"type": "tel", "target": n, "name": f"n{i}"} for i, n in enumerate(to)],
            "text": "hello",
        }
        message = client.post("/v1.0/messages", json=body, params={"accesskey": ALICE_KEY}).json()
        assert [t["destination"]["target"] for t in message["targets"]] == list(to)  # the answer keeps the order
        clock.advance(DISPATCH_SECONDS)
        after = read(client, message)
        clock.advance(3600)
        assert read(client, message) == after  # for good
    targets = after["targets"]
    assert isinstance(targets, list)
    assert {(t["status"], t["parts"], t["tm_update"]) for t in targets} == {("queued", 0, None)}
    assert sorted(t["destination"]["target"] for t in targets) == list(to)  # the same targets, names kept
    assert {t["destination"]["name"] for t in targets} == {f"n{i}" for i in range(len(to))}
    assert after["tm_update"] is not None  # the dispatch wrote the targets back


def test_the_telnyx_path_reorders_some_messages(make_app, conformance, clock):
    to = ("+31616818981", "+31616818982", "+31616818983")
    orders = set()
    with service_client(make_app, conformance, dispatch="telnyx", seed=7) as client:
        for _ in range(10):
            message = send(client, ALICE_KEY, to=to).json()
            clock.advance(DISPATCH_SECONDS)
            orders.add(tuple(t["destination"]["target"] for t in read(client, message)["targets"]))
    assert len(orders) > 1


@pytest.mark.parametrize("how", ["forced", "refused destination"])
def test_a_failed_dispatch_changes_nothing_ever(make_app, conformance, clock, how):
    from voipbin_mock.lifecycle import DISPATCH_REFUSED

    dispatch, to = ("failed", ("+31616818985",)) if how == "forced" else ("either", ("+31616818985", DISPATCH_REFUSED))
    with service_client(make_app, conformance, dispatch=dispatch) as client:
        message = send(client, ALICE_KEY, to=to).json()
        clock.advance(3600)
        after = read(client, message)
    assert after == message  # queued, parts 0, tm_update null: nothing was written


def test_either_path_is_chosen_per_message(make_app, conformance, clock):
    kinds = []
    with service_client(make_app, conformance, seed=3) as client:
        for _ in range(12):
            message = send(client, ALICE_KEY).json()
            clock.advance(DISPATCH_SECONDS)
            kinds.append(read(client, message)["targets"][0]["status"])
    assert set(kinds) == {"queued", "sent"}  # Telnyx left some queued, MessageBird moved the others


def test_numbers_are_normalised_instead_of_refused(client):
    sent = send(client, ALICE_KEY, source="+1 555-987-6543", to=("+31 6 1681 8985", "0031616818985"))
    assert sent.status_code == 200, sent.text
    message = sent.json()
    assert message["source"]["target"] == "+15559876543"
    assert [t["destination"]["target"] for t in message["targets"]] == ["+31616818985", "0031616818985"]


def test_any_address_type_and_an_empty_text_are_let_through(client):
    body = {
        "source": {"type": "tel", "target": ALICE_NUMBER},
        "destinations": [{"type": "whatsapp", "target": "+31616818985"}],
        "text": "",
    }
    answer = client.post("/v1.0/messages", json=body, params={"accesskey": ALICE_KEY})
    assert answer.status_code == 200, answer.text
    assert answer.json()["targets"][0]["destination"]["type"] == "whatsapp"


@pytest.mark.parametrize(
    "body",
    [
        {"source": {"type": "tel", "target": ALICE_NUMBER}, "destinations": [], "text": "x"},
        {"source": {"type": "tel", "target": ALICE_NUMBER}, "text": "x"},
        {"source": {"type": "tel", "target": ALICE_NUMBER}, "destinations": None, "text": "x"},
    ],
    ids=["empty", "missing", "null"],
)
def test_a_send_without_a_destination_is_invalid_argument_without_details(client, body):
    """bin-api-manager/pkg/servicehandler/message.go: `len(destinations) <= 0` is ErrInvalidArgument, which
    error_translate.go answers 400 INVALID_ARGUMENT "The request is invalid.", nothing more."""
    answer = client.post("/v1.0/messages", json=body, params={"accesskey": ALICE_KEY})
    assert answer.status_code == 400
    assert answer.json()["error"] | {"request_id": ""} == {
        "status": "INVALID_ARGUMENT",
        "reason": "INVALID_ARGUMENT",
        "message": "The request is invalid.",
        "request_id": "",
    }


@pytest.mark.parametrize(
    "body",
    [
        {"source": {"type": "tel", "target": ALICE_NUMBER}, "destinations": [{"target": "+31616818985"}], "text": 1},
        {"source": "+15559876543", "destinations": [{"type": "tel", "target": "+31616818985"}], "text": "x"},
        {"source": {"type": "tel", "target": ALICE_NUMBER}, "destinations": {"type": "tel"}, "text": "x"},
        "just a string",
        [],
    ],
    ids=["text a number", "source a string", "destinations an object", "a string", "an array"],
)
def test_a_body_of_the_wrong_json_types_is_invalid_json_body_labelled_text(client, body):
    """server/messages.go: BindJSON fails, and gin writes the 400 before the envelope, so the answer is labelled
    text/plain (net/http sniffs it); the body is the envelope all the same."""
    answer = client.post("/v1.0/messages", json=body, params={"accesskey": ALICE_KEY})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/plain")
    assert json.loads(answer.content)["error"]["reason"] == "INVALID_JSON_BODY"


ALICE_SOURCE = {"type": "tel", "target": ALICE_NUMBER}
TO_BOB = [{"type": "tel", "target": "+31616818985"}]


@pytest.mark.parametrize(
    ("body", "source", "destination", "text"),
    [
        ({"destinations": TO_BOB, "text": "x"}, {}, None, "x"),
        ({"source": ALICE_SOURCE, "destinations": TO_BOB}, None, None, ""),
        ({"source": ALICE_SOURCE, "destinations": [{"target": "+3161"}], "text": "x"}, None, {"target": "+3161"}, "x"),
        ({"source": ALICE_SOURCE, "destinations": [{"type": "tel"}], "text": "x"}, None, {"type": "tel"}, "x"),
        ({"source": None, "destinations": [None], "text": None}, {}, {}, ""),
    ],
    ids=["no source", "no text", "no type", "no target", "nulls"],
)  # fmt: skip
def test_what_the_body_binding_does_not_check_is_sent(client, body, source, destination, text):
    """PostMessagesJSONBody: text a plain string, source a struct, every address field optional; a null binds as
    the zero value. Each is sent, and answered with the empty fields left out."""
    answer = client.post("/v1.0/messages", json=body, params={"accesskey": ALICE_KEY})
    assert answer.status_code == 200, answer.text
    message = answer.json()
    assert message["text"] == text
    if source is not None:
        assert message["source"] == source
    if destination is not None:
        assert message["targets"][0]["destination"] == destination


def test_a_text_past_65535_bytes_is_refused(client):
    """SendMessageRequest.text's x-max-bytes: the service stores it in a MySQL `text` column."""
    assert send(client, ALICE_KEY, text="€" * 21845).status_code == 200  # 65,535 bytes of UTF-8
    answer = send(client, ALICE_KEY, text="€" * 21845 + "x")
    assert answer.status_code == 400
    assert "65535" in answer.json()["error"]["message"]


def test_a_wrong_method_is_route_not_found_not_405(client):
    """gin's HandleMethodNotAllowed is off (bin-api-manager/server/no_route.go)."""
    answer = client.put("/v1.0/messages", params={"accesskey": ALICE_KEY})
    assert answer.status_code == 404
    assert answer.json()["error"]["reason"] == "ROUTE_NOT_FOUND"
    assert "allow" not in answer.headers


@pytest.mark.parametrize("path", ["/v1.0/messages", "/v1.0/numbers", "/v1.0/accesskeys"])
def test_the_nil_uuid_as_an_id_is_invalid_id(client, path):
    """uuid.FromStringOrNil gives the nil UUID for anything it cannot parse, and the API refuses it
    (server/messages.go, numbers.go, accesskeys.go)."""
    answer = client.get(f"{path}/00000000-0000-0000-0000-000000000000", params={"accesskey": ALICE_KEY})
    assert answer.status_code == 400
    assert answer.json()["error"]["reason"] == "INVALID_ID"


def test_a_page_size_that_is_not_an_integer_is_invalid_request_parameter(client):
    """server/error.go classifyBindingError."""
    answer = client.get("/v1.0/messages", params={"accesskey": ALICE_KEY, "page_size": "abc"})
    assert answer.status_code == 400
    assert answer.json()["error"]["reason"] == "INVALID_REQUEST_PARAMETER"
    assert answer.json()["error"]["message"] == 'The parameter "page_size" has an invalid format.'


def login_token(client: TestClient) -> str:
    token: str = client.post("/auth/login", json={"username": "alice@example.com", "password": "alice-secret"}).json()[
        "token"
    ]
    return token


def test_bearer_is_read_only_as_written(client):
    """authenticate.go splits Authorization on the exact string "Bearer "."""
    token = login_token(client)
    assert client.get("/v1.0/numbers", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get("/v1.0/numbers", headers={"Authorization": f"bearer {token}"}).status_code == 401


def test_a_login_token_lives_seven_days(client, clock):
    """TokenExpiration, bin-api-manager/pkg/servicehandler/main.go."""
    token = login_token(client)
    clock.advance(7 * 24 * 3600 - 60)
    assert client.get("/v1.0/numbers", params={"token": token}).status_code == 200
    clock.advance(120)
    assert client.get("/v1.0/numbers", params={"token": token}).status_code == 401


def balance(app: Any, customer: str = "5e4a0680-804e-11ec-8477-2fea5968d85b") -> int:
    return int(app.services.store.balance_micros(customer))


def test_an_inbound_message_is_charged_and_stays_received(make_app, conformance, clock):
    """bin-billing-manager billinghandler/event.go charges every message_created, whatever the direction; nothing
    moves an inbound target on from `received` (bin-message-manager/models/telnyx/message_event.go)."""
    app = make_app(profile="service", timestamps="rfc3339")
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        before = balance(app)
        body = {"source": "+31616818985", "destination": ALICE_NUMBER, "text": "hi"}
        message = client.post("/_mock/inbound", json=body).json()
        assert balance(app) == before - app.services.store.price_micros
        clock.advance(3600)
        read = client.get(f"/v1.0/messages/{message['id']}", params={"accesskey": ALICE_KEY}).json()
    assert read["targets"][0]["status"] == "received"


def test_get_customer_shows_the_webhook_settings_and_secret(client):
    """bin-api-manager/server/customer.go CustomerSelfGet, ConvertWebhookMessageSelf: the secret, empty fields left
    out (a demo customer never set a webhook)."""
    customer = client.get("/v1.0/customer", params={"accesskey": ALICE_KEY}).json()
    assert customer["id"] == "5e4a0680-804e-11ec-8477-2fea5968d85b"
    assert customer["webhook_secret"].startswith("whsec_")
    assert "webhook_uri" not in customer
    assert "webhook_method" not in customer
    other = client.get("/v1.0/customer", params={"accesskey": BOB_KEY}).json()
    assert other["webhook_secret"] != customer["webhook_secret"]


def test_the_source_is_not_checked_for_ownership(client):
    assert send(client, ALICE_KEY, source=BOB_NUMBER).status_code == 200


def test_deleted_messages_stay_listed_and_a_second_delete_answers_200(client, clock):
    message = send(client, ALICE_KEY).json()
    first = client.delete(f"/v1.0/messages/{message['id']}", params={"accesskey": ALICE_KEY}).json()
    listed = client.get("/v1.0/messages", params={"accesskey": ALICE_KEY}).json()["result"]
    assert [(m["id"], m["tm_delete"]) for m in listed] == [(message["id"], first["tm_delete"])]
    gone = client.get(f"/v1.0/messages/{message['id']}", params={"accesskey": ALICE_KEY})
    assert gone.status_code == 404
    clock.advance(1)
    second = client.delete(f"/v1.0/messages/{message['id']}", params={"accesskey": ALICE_KEY})
    assert second.status_code == 200
    assert second.json()["tm_delete"] > first["tm_delete"]
    other = client.delete(f"/v1.0/messages/{message['id']}", params={"accesskey": BOB_KEY})
    assert other.status_code == 403


def test_too_little_balance_answers_500_with_a_flat_charge_per_destination(make_app, tmp_path, conformance):
    # 0.0225 pays for three destinations at 0.0075, whatever the number of segments.
    fixtures = write_fixtures(tmp_path / "fixtures.yaml", {'balance: "20.00"': 'balance: "0.0225"'})
    with TestClient(make_app(profile="service", fixtures_path=fixtures)) as client:
        long_text = "x" * 1000  # seven segments: charged per segment it would not be covered
        assert send(client, ALICE_KEY, text=long_text, to=("+31616818985", "+31616818986")).status_code == 200
        assert send(client, ALICE_KEY, text=long_text).status_code == 200
        short = send(client, ALICE_KEY)
        assert short.status_code == 500
        assert short.json()["error"] | {"request_id": "-"} == {
            "status": "INTERNAL",
            "reason": "INTERNAL",
            "message": "An internal error occurred.",
            "request_id": "-",
        }
        conformance.check(short)
        assert len(client.get("/v1.0/messages", params={"accesskey": ALICE_KEY}).json()["result"]) == 2


def test_numbers_and_access_keys_have_null_moments_not_set_yet(client):
    number = client.get("/v1.0/numbers", params={"accesskey": ALICE_KEY}).json()["result"][0]
    assert number["tm_update"] is None
    assert number["tm_delete"] is None
    key = client.get("/v1.0/accesskeys", params={"accesskey": ALICE_KEY}).json()["result"][0]
    assert key["tm_update"] is None


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("+31 6 1681 8985", "+31616818985"),
        (" +31-616-818985 ", "+31616818985"),
        ("0031616818985", "0031616818985"),
        ("31616818985", "31616818985"),
        ("3+1616818985", "31616818985"),
        ("VOIPBIN", "VOIPBIN"),
        ("+", "+"),
        ("+٣١٦", "+٣١٦"),  # Arabic-Indic digits are no ASCII digits: nothing to keep, the value stays
    ],
)
def test_normalised_tel_follows_the_service(given, normalised):
    assert normalised_tel(given) == normalised


def test_a_404_names_the_resource_an_unknown_id_was_for_and_a_deleted_message_is_resource_not_found(client):
    unknown = "0195a2b4-8f3c-7d1e-9a2b-3c4d5e6f7a99"
    key = {"accesskey": ALICE_KEY}
    for path, reason in (("messages", "MESSAGE_NOT_FOUND"), ("numbers", "NUMBER_NOT_FOUND"),
                         ("accesskeys", "ACCESSKEY_NOT_FOUND")):  # fmt: skip
        answer = client.get(f"/v1.0/{path}/{unknown}", params=key)
        assert (answer.status_code, answer.json()["error"]["reason"]) == (404, reason)
    message = send(client, ALICE_KEY).json()
    client.delete(f"/v1.0/messages/{message['id']}", params=key)
    deleted = client.get(f"/v1.0/messages/{message['id']}", params=key)
    assert (deleted.status_code, deleted.json()["error"]["reason"]) == (404, "RESOURCE_NOT_FOUND")
    assert client.get("/v1.0/calls", params=key).json()["error"]["reason"] == "ROUTE_NOT_FOUND"
    alices = client.get("/v1.0/accesskeys", params=key).json()["result"][0]["id"]
    hidden = client.get(f"/v1.0/accesskeys/{alices}", params={"accesskey": BOB_KEY})  # ErrNotFound in accesskeys.go
    assert (hidden.status_code, hidden.json()["error"]["reason"]) == (404, "RESOURCE_NOT_FOUND")


@pytest.mark.parametrize(
    "body", [{"username": "alice@example.com", "password": "wrong"}, {"username": "alice@example.com"}, []]
)
def test_every_login_failure_is_a_bare_400(client, body):
    answer = client.post("/auth/login", json=body)
    assert (answer.status_code, answer.content) == (400, b"")


def test_the_login_sets_the_token_cookie_for_seven_days(client):
    answer = client.post("/auth/login", json={"username": "alice@example.com", "password": "alice-secret"})
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"token={answer.json()['token']};")
    assert {"Max-Age=604800", "HttpOnly", "Secure", "SameSite=Strict"} <= {part.strip() for part in cookie.split(";")}
