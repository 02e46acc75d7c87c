"""voipbin_mock.app: routing from the description, the error envelope for every failure, credentials, the log."""

from __future__ import annotations

import logging
import re

import pytest
from starlette.testclient import TestClient

from tests.voipbin_mock.conftest import ALICE_KEY, ALICE_NUMBER, BOB_KEY, send


def assert_envelope(response, status, reason):
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["reason"] == reason
    assert error["request_id"] == response.headers["x-request-id"]
    assert error["message"]
    return error


def test_unknown_route_is_404_with_the_envelope(client):
    assert_envelope(client.get("/v1.0/calls"), 404, "ROUTE_NOT_FOUND")


def test_wrong_method_is_405_with_allow_in_the_tutorial_profile(client):
    """HTTP's answer (the service's is 404: tests/voipbin_mock/test_service_profile.py)."""
    response = client.put("/v1.0/messages", params={"accesskey": ALICE_KEY})
    assert_envelope(response, 405, "METHOD_NOT_ALLOWED")
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}


def test_a_trailing_slash_is_404_with_the_envelope_not_a_redirect(client):
    assert_envelope(client.get("/v1.0/messages/", params={"accesskey": ALICE_KEY}), 404, "ROUTE_NOT_FOUND")


def test_head_answers_as_get_without_a_body(client):
    response = client.head("/v1.0/messages", params={"accesskey": ALICE_KEY})
    assert response.status_code == 200
    assert response.content == b""
    full = client.get("/v1.0/messages", params={"accesskey": ALICE_KEY})
    assert int(response.headers["content-length"]) == len(full.content)


def test_request_ids_are_given_with_the_access_log_off(app, caplog, monkeypatch):
    caplog.set_level(logging.INFO)  # the capture takes everything; only the access logger is off
    monkeypatch.setattr(logging.getLogger("voipbin_mock.access"), "level", logging.WARNING)
    with TestClient(app) as client:
        response = client.get("/v1.0/calls")
    assert_envelope(response, 404, "ROUTE_NOT_FOUND")
    assert [r for r in caplog.records if r.name.startswith("voipbin_mock")] == []


def test_the_access_log_names_each_request_and_its_id(app, caplog):
    caplog.set_level(logging.INFO)
    with TestClient(app) as client:
        response = client.get("/v1.0/calls")
    [record] = [record for record in caplog.records if record.name == "voipbin_mock.access"]
    assert "GET /v1.0/calls 404 " in record.getMessage()
    assert record.getMessage().endswith(response.headers["x-request-id"])


@pytest.mark.parametrize("body", [b"{", b"", b"not json", b"\xff\xfe", b'{"text": NaN}'])
def test_malformed_json_is_400(client, body):
    response = client.post("/v1.0/messages", content=body, params={"accesskey": ALICE_KEY})
    assert_envelope(response, 400, "INVALID_JSON_BODY")


def test_a_body_over_one_mib_is_413(client):
    body = b'{"text": "' + b"a" * (1024 * 1024) + b'"}'
    assert_envelope(client.post("/v1.0/messages", content=body, params={"accesskey": ALICE_KEY}), 413, "BODY_TOO_LARGE")


def test_a_body_over_the_limit_without_content_length_is_413(client):
    def chunks():
        for _ in range(17):
            yield b"a" * 65536

    response = client.post("/v1.0/messages", content=chunks(), params={"accesskey": ALICE_KEY})
    assert_envelope(response, 413, "BODY_TOO_LARGE")


def test_deep_nesting_is_a_400_not_a_500(client):
    body = b"[" * 100_000 + b"]" * 100_000
    assert client.post("/v1.0/messages", content=body, params={"accesskey": ALICE_KEY}).status_code == 400


def test_request_body_rules_come_from_the_description(client):
    response = send(client, ALICE_KEY, to=("0031616818985",))
    error = assert_envelope(response, 400, "INVALID_REQUEST_BODY")
    assert error["details"] == [{"path": "/destinations/0/target", "message": error["details"][0]["message"]}]
    assert "0031616818985" in error["details"][0]["message"]
    assert "0031616818985" in error["message"]


def test_every_request_gets_its_own_request_id_shaped_as_the_services(client):
    answers = [client.get("/v1.0/messages") for _ in range(3)]
    ids = {response.headers["x-request-id"] for response in answers}
    assert len(ids) == 3
    assert all(re.fullmatch(r"req_[A-Z2-7]{26}", request_id) for request_id in ids)
    assert {response.json()["error"]["request_id"] for response in answers} == ids


@pytest.mark.parametrize(("sent", "kept"), [("trace-42_A", True), ("a" * 64, True), ("a" * 65, False), ("a b", False)])
def test_a_safe_request_id_of_the_caller_is_kept(client, sent, kept):
    response = client.get("/v1.0/messages", headers={"X-Request-Id": sent})
    assert (response.headers["x-request-id"] == sent) is kept
    assert response.json()["error"]["request_id"] == response.headers["x-request-id"]


# Credentials


def test_no_credentials_is_401_authentication_required(client):
    assert_envelope(client.get("/v1.0/messages"), 401, "AUTHENTICATION_REQUIRED")


@pytest.mark.parametrize(
    "where",
    [
        {"params": {"token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"}},
        {"params": {"token": "vbk_unknown"}},
        {"params": {"accesskey": "vbk_unknown"}},
        {"headers": {"Authorization": "Bearer not-a-token"}},
        {"cookies": {"token": "x.y.z"}},
    ],
)
def test_bad_credentials_are_401_invalid_credentials(client, where):
    if "cookies" in where:
        client.cookies.update(where.pop("cookies"))
    assert_envelope(client.get("/v1.0/messages", **where), 401, "INVALID_CREDENTIALS")


def test_a_bad_first_credential_is_not_skipped_for_a_good_later_one(client):
    response = client.get("/v1.0/messages", params={"token": "vbk_unknown", "accesskey": ALICE_KEY})
    assert_envelope(response, 401, "INVALID_CREDENTIALS")


def login(client, username="alice@example.com", password="alice-secret"):
    return client.post("/auth/login", json={"username": username, "password": password})


def test_login_token_works_in_query_header_and_cookie(client):
    response = login(client)
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["username"] == "alice@example.com"
    assert client.get("/v1.0/numbers", params={"token": token}).status_code == 200
    assert client.get("/v1.0/numbers", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    client.cookies.set("token", token)
    assert client.get("/v1.0/numbers").status_code == 200


@pytest.mark.parametrize("key", [ALICE_KEY, BOB_KEY])
def test_access_keys_work_in_the_accesskey_parameter_and_cookie(client, key):
    response = client.get("/v1.0/numbers", params={"accesskey": key})
    assert response.status_code == 200
    assert len(response.json()["result"]) == 2
    client.cookies.set("accesskey", key)
    assert client.get("/v1.0/numbers").status_code == 200


@pytest.mark.parametrize(
    "where",
    [
        {"params": {"token": ALICE_KEY}},
        {"headers": {"Authorization": f"Bearer {ALICE_KEY}"}},
        {"cookies": {"token": ALICE_KEY}},
    ],
)
def test_an_access_key_where_a_token_goes_is_401_as_the_service_answers(make_app, where):
    """The tutorial passes an access key in ?token=; the service reads `token` as a JWT only."""
    with TestClient(make_app(profile="service")) as client:
        if "cookies" in where:
            client.cookies.update(where.pop("cookies"))
        assert_envelope(client.get("/v1.0/numbers", **where), 401, "INVALID_CREDENTIALS")


def test_an_access_key_works_in_token_as_the_tutorial_documents(client):
    assert client.get("/v1.0/numbers", params={"token": ALICE_KEY}).status_code == 200
    assert_envelope(client.get("/v1.0/numbers", params={"token": "vbk_unknown"}), 401, "INVALID_CREDENTIALS")


@pytest.mark.parametrize(
    "body",
    [
        {"username": "alice@example.com", "password": "wrong"},
        {"username": "nobody@example.com", "password": "alice-secret"},
        {"username": "alice@example.com"},
        {"username": "alice@example.com", "password": 12345},
        ["alice@example.com", "alice-secret"],
    ],
)
def test_failed_login_is_400(client, body):
    response = client.post("/auth/login", json=body)
    assert response.status_code == 400
    assert "alice-secret" not in response.text
    assert "12345" not in response.text


def test_a_token_expires(make_app, clock):
    with TestClient(make_app(token_ttl_seconds=60)) as client:
        token = login(client).json()["token"]
        clock.advance(59)
        assert client.get("/v1.0/numbers", params={"token": token}).status_code == 200
        clock.advance(1)
        assert_envelope(client.get("/v1.0/numbers", params={"token": token}), 401, "INVALID_CREDENTIALS")


def test_a_token_signed_with_another_key_is_refused(make_app):
    with TestClient(make_app(secret="1" * 32)) as first, TestClient(make_app(secret="2" * 32)) as second:
        token = login(first).json()["token"]
        assert_envelope(second.get("/v1.0/numbers", params={"token": token}), 401, "INVALID_CREDENTIALS")


def test_credentials_never_reach_the_log_or_error_messages(app, caplog):
    caplog.set_level(logging.INFO, logger="voipbin_mock")
    with TestClient(app) as client:  # leaving it stops the app, which writes the access log's last lines
        token = login(client).json()["token"]
        responses = [
            client.get("/v1.0/messages", params={"token": token, "page_size": 1}),
            client.get("/v1.0/messages", params={"accesskey": ALICE_KEY}),
            client.get("/v1.0/messages", params={"token": token + "x"}),
            client.get("/v1.0/messages", headers={"Authorization": f"Bearer {token}x"}),
            client.post("/auth/login", json={"username": "alice@example.com", "password": ["alice-secret"]}),
        ]
    text = caplog.text + "".join(r.text for r in responses)
    for secret in (token, ALICE_KEY, "alice-secret"):
        assert secret not in text
    assert "token=REDACTED" in caplog.text
    assert "page_size=1" in caplog.text


def test_two_apps_in_one_process_answer_each_as_its_own(tmp_path):
    """Each app keeps its own error classes (from its description), request ids and profile: creating one rewrote
    the error classes of every app of the process, and their request ids shared one counter."""
    import yaml

    from tests.voipbin_mock.test_request_ids import counter
    from voipbin_mock import MockConfig, create_app
    from voipbin_mock.config import DEFAULT_SPEC

    spec = yaml.safe_load(DEFAULT_SPEC.read_text(encoding="utf-8"))
    classes = spec["components"]["schemas"]["ErrorStatus"]["x-http-status"]
    classes["ABSENT"] = classes.pop("NOT_FOUND")
    other_spec = tmp_path / "openapi.yaml"
    other_spec.write_text(yaml.safe_dump(spec), encoding="utf-8")
    service = create_app(MockConfig(db_path=tmp_path / "a.sqlite3"))
    tutorial = create_app(MockConfig(profile="tutorial", spec_path=other_spec, db_path=tmp_path / "b.sqlite3"))
    with TestClient(service) as one, TestClient(tutorial) as other:
        missing = "/v1.0/messages/01a23b02-7366-7024-96be-017e7be80294"
        assert one.get(missing, params={"accesskey": ALICE_KEY}).json()["error"]["status"] == "NOT_FOUND"
        assert other.get(missing, params={"accesskey": ALICE_KEY}).json()["error"]["status"] == "ABSENT"
        assert one.get("/v1.0/numbers", params={"token": ALICE_KEY}).status_code == 401  # the service: JWTs only
        assert other.get("/v1.0/numbers", params={"token": ALICE_KEY}).status_code == 200  # as the tutorial says
        ids = [client.get("/v1.0/numbers").headers["x-request-id"] for client in (one, other, one)]
    assert ids[0][:20] == ids[2][:20] != ids[1][:20]  # each app's own prefix
    assert counter(ids[2]) == counter(ids[0]) + 1  # and its own count: the other's requests took none of it


def test_the_tutorial_profile_reads_the_bearer_scheme_in_any_case(client):
    """RFC 9110 makes the scheme case-insensitive (the service's exact match: test_service_profile.py)."""
    body = {"username": "alice@example.com", "password": "alice-secret"}
    token = client.post("/auth/login", json=body).json()["token"]
    assert client.get("/v1.0/numbers", headers={"Authorization": f"bearer {token}"}).status_code == 200


def test_an_inbound_message_moves_on_to_delivered_and_costs_nothing(app, client, clock):
    """The developer docs' inbound lifecycle, received -> delivered (message_overview.rst); documented, receiving
    is free."""
    before = app.services.store.balance_micros("5e4a0680-804e-11ec-8477-2fea5968d85b")
    message = client.post("/_mock/inbound", json={"source": "+31616818985", "destination": ALICE_NUMBER, "text": "hi"})
    first = message.json()["targets"][0]["status"]
    clock.advance(3600)
    read = client.get(f"/v1.0/messages/{message.json()['id']}", params={"accesskey": ALICE_KEY}).json()
    assert (first, read["targets"][0]["status"]) == ("received", "delivered")
    assert app.services.store.balance_micros("5e4a0680-804e-11ec-8477-2fea5968d85b") == before
