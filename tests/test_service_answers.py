"""Answers shaped as the live service sends them (tests/fixtures/service/) satisfy the description, and the generated
client parses each one without raising and gives it back unchanged.

Each corpus file names the files of VoIPbin's public source (voipbin/monorepo) that its shape comes from, the
operation and status it answers, its headers and its body.
"""

from __future__ import annotations

import importlib
import re
from typing import Any
from uuid import UUID

import httpx
import pytest
from voipbin_client import AuthenticatedClient, Client
from voipbin_client.models import ErrorEnvelope, LoginRequest, SendMessageRequest

from tests.conftest import FIXTURES, fixture_json
from tests.test_openapi import deref, operations, validator

CORPUS = sorted(path.stem for path in (FIXTURES / "service").glob("*.json"))
# What the facts file says the service answers, by status: the corpus holds at least one answer of each.
STATUSES_THE_SERVICE_SENDS = {200, 400, 401, 403, 404, 409, 429, 500, 503}
SOURCE_PATH = re.compile(r"^(bin-[a-z-]+/[\w./-]+|\.\./shared/seeds.*)$")


def answer(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = fixture_json(f"service/{name}.json")
    return loaded


def operation_of(spec: dict[str, Any], operation_id: str) -> tuple[str, str, dict[str, Any]]:
    for path, method, operation in operations(spec):
        if operation["operationId"] == operation_id:
            return path, method, operation
    raise AssertionError(f"no operation {operation_id} in the description")


def test_the_corpus_covers_every_status_the_service_sends():
    assert {answer(name)["status"] for name in CORPUS} >= STATUSES_THE_SERVICE_SENDS
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("name", CORPUS)
def test_each_answer_names_the_source_it_reflects(name):
    reflects = answer(name)["reflects"]
    assert reflects, name
    assert all(SOURCE_PATH.match(path) for path in reflects), reflects
    assert answer(name)["about"].strip()


@pytest.mark.parametrize("name", CORPUS)
def test_the_description_accepts_the_answer(spec, name):
    case = answer(name)
    _, _, operation = operation_of(spec, case["operation"])
    documented = operation["responses"].get(str(case["status"]))
    assert documented is not None, f"{case['operation']} does not declare {case['status']}"
    documented = deref(spec, documented)
    for header, declared in documented.get("headers", {}).items():
        if deref(spec, declared).get("required"):
            assert header in case["headers"], f"{name}: the required header {header} is missing"
    if case["body"] is None:
        assert "content" not in documented, f"{name}: the description promises a body for {case['status']}"
        return
    pointer = documented["content"]["application/json"]["schema"]["$ref"].removeprefix("#")
    errors = [f"{e.json_path}: {e.message}" for e in validator(spec, pointer).iter_errors(case["body"])]
    assert errors == [], name


def call(spec: dict[str, Any], case: dict[str, Any]) -> Any:
    """Run the operation through voipbin_client against a transport that answers with the corpus answer."""

    def serve(request: httpx.Request) -> httpx.Response:
        if case["body"] is None:
            return httpx.Response(case["status"], headers=case["headers"])
        return httpx.Response(case["status"], headers=case["headers"], json=case["body"])

    operation_id = case["operation"]
    _, _, operation = operation_of(spec, operation_id)
    snake = re.sub(r"([A-Z])", r"_\1", operation_id).lower()
    module = importlib.import_module(f"voipbin_client.api.{operation['tags'][0]}.{snake}")
    arguments: dict[str, Any] = {}
    if operation_id.startswith(("get", "delete")):
        arguments["id"] = UUID("0195a2b4-8f3c-7d1e-9a2b-3c4d5e6f7a80")
    if operation_id == "sendMessage":
        arguments["body"] = SendMessageRequest.from_dict(fixture_json("seeds/tutorial_send_request.json"))
    transport = httpx.MockTransport(serve)
    if operation_id == "login":
        client: Client | AuthenticatedClient = Client(base_url="https://api.voipbin.net")
        arguments["body"] = LoginRequest(username="alice@example.com", password="alice-secret")
    else:
        client = AuthenticatedClient(base_url="https://api.voipbin.net", token="not-a-secret")
    client.set_httpx_client(httpx.Client(base_url="https://api.voipbin.net", transport=transport))
    return module.sync_detailed(client=client, **arguments)


@pytest.mark.parametrize("name", CORPUS)
def test_the_client_parses_the_answer_and_gives_it_back_unchanged(spec, name):
    case = answer(name)
    response = call(spec, case)
    assert response.status_code == case["status"]
    assert response.headers["X-Request-Id"] == case["headers"]["X-Request-Id"]
    if case["body"] is None:
        assert response.parsed is None
        return
    assert response.parsed is not None, f"{name}: the client did not parse a {case['status']}"
    assert response.parsed.to_dict() == case["body"]
    if case["status"] >= 400:
        assert isinstance(response.parsed, ErrorEnvelope)
        assert response.parsed.error.reason == case["body"]["error"]["reason"]
        details = case["body"]["error"].get("details")
        if details is not None:
            assert isinstance(response.parsed.error.details, list)
            assert [item.to_dict() for item in response.parsed.error.details] == details


def test_a_rate_limit_keeps_its_retry_after_and_details(spec):
    response = call(spec, answer("error_rate_limited_ip"))
    assert response.headers["Retry-After"] == "1"
    assert response.parsed.error.details[0]["limited_by"] == "ip"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("/targets/0/status", "rejected_by_carrier"),
        ("/targets/0/destination/type", "kakao"),
        ("/direction", "internal"),
        ("/type", "mms"),
    ],
)
def test_a_value_the_service_adds_to_a_response_enum_is_kept(spec, field, value):
    """Not from the source: values the service may add later, which the client must keep instead of raising."""
    body = answer("send_answer")["body"]
    node = body
    *parents, last = field.strip("/").split("/")
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = value
    assert validator(spec, "/components/schemas/Message").is_valid(body)
    response = call(spec, {**answer("send_answer"), "body": body})
    assert response.parsed.to_dict() == body


def test_an_unknown_error_status_is_kept(spec):
    case = answer("error_unavailable")
    case["body"]["error"]["status"] = "DEADLINE_EXCEEDED"
    assert validator(spec, "/components/schemas/ErrorEnvelope").is_valid(case["body"])
    assert call(spec, case).parsed.error.status == "DEADLINE_EXCEEDED"


def test_request_enums_stay_strict(spec):
    body = fixture_json("seeds/tutorial_send_request.json")
    body["destinations"][0]["type"] = "whatsapp"
    assert not validator(spec, "/components/schemas/SendMessageRequest").is_valid(body)
    with pytest.raises(ValueError, match="whatsapp"):
        SendMessageRequest.from_dict(body)


def test_an_rfc3339_message_without_customer_id_is_refused_but_a_legacy_one_is_not(spec):
    message = answer("send_answer")["body"]
    del message["customer_id"]
    assert not validator(spec, "/components/schemas/Message").is_valid(message)
    legacy = answer("legacy_era_message")["body"]
    del legacy["customer_id"]
    assert validator(spec, "/components/schemas/Message").is_valid(legacy)
