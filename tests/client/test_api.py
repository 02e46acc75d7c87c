"""Every operation of voipbin_client works, sync and async, against a stub that serves the seeds' payloads.

The stub is a plain handler behind httpx.MockTransport: it answers with the seeds' bytes verbatim and with the
description's own examples, and records each request so that the tests can see what the client put on the wire.
"""

from __future__ import annotations

import asyncio
import json
import re
from types import ModuleType
from typing import Any
from uuid import UUID

import httpx
import pytest
from voipbin_client import AuthenticatedClient, Client
from voipbin_client.api.accesskeys import get_accesskey, list_accesskeys
from voipbin_client.api.auth import login
from voipbin_client.api.messages import delete_message, get_message, list_messages, send_message
from voipbin_client.api.numbers import get_number, list_numbers
from voipbin_client.models import (
    Accesskey,
    AccesskeyList,
    ErrorEnvelope,
    ErrorStatus,
    LoginRequest,
    LoginResponse,
    Message,
    MessageList,
    Number,
    NumberList,
    SendMessageRequest,
    TargetStatus,
    TelAddress,
    TelAddressType,
)
from voipbin_client.types import Response

from tests.conftest import SEED_LISTS, fixture_json, fixture_text

BASE_URL = "https://api.voipbin.net"
TOKEN = "test-token-not-a-secret"
SEED_MESSAGE_ID = UUID("a5d2114a-8e84-48cd-8bb2-c406eeb08cd1")
ID_PATH = re.compile(r"^/v1\.0/(messages|numbers|accesskeys)/([^/]+)$")


class Stub:
    """A fake VoIPbin: answers from fixtures and the description's examples, and keeps the requests it saw."""

    def __init__(self, spec: dict[str, Any], message_list: str) -> None:
        self.examples = {name: e["value"] for name, e in spec["components"]["examples"].items()}
        self.message_list = message_list
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path == "/auth/login":
            body = json.loads(request.content)
            if body == {"username": "alice@example.com", "password": "alice-secret"}:
                return httpx.Response(200, json={"username": body["username"], "token": TOKEN})
            return httpx.Response(400)  # the live service's bare 400
        if request.headers.get("Authorization") != f"Bearer {TOKEN}" and request.url.params.get("token") != TOKEN:
            return self.error(401, "UNAUTHENTICATED", "AUTHENTICATION_REQUIRED")
        if path == "/v1.0/messages" and request.method == "GET":
            return httpx.Response(200, content=self.message_list.encode(), headers={"Content-Type": "application/json"})
        if path == "/v1.0/messages" and request.method == "POST":
            return httpx.Response(200, json=self.examples["QueuedMessage"])
        if path == "/v1.0/numbers":
            return httpx.Response(200, json=self.examples["NumberList"])
        if path == "/v1.0/accesskeys":
            return httpx.Response(200, json=self.examples["AccesskeyList"])
        match = ID_PATH.match(path)
        if match:
            kind, resource_id = match.groups()
            known = {
                "messages": self.examples["DeliveredMessage"],
                "numbers": self.examples["Number"],
                "accesskeys": self.examples["Accesskey"],
            }[kind]
            if resource_id != known["id"]:
                return self.error(404, "NOT_FOUND", "RESOURCE_NOT_FOUND")
            if request.method == "DELETE":
                return httpx.Response(200, json=self.examples["DeletedMessage"])
            return httpx.Response(200, json=known)
        return self.error(404, "NOT_FOUND", "ROUTE_NOT_FOUND")

    @staticmethod
    def error(status: int, name: str, reason: str) -> httpx.Response:
        body = {"error": {"status": name, "reason": reason, "message": "stub", "request_id": "req-1"}}
        return httpx.Response(status, json=body)


@pytest.fixture
def stub(spec):
    return Stub(spec, fixture_text(SEED_LISTS[0]))


def bearer_client(stub: Stub) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=BASE_URL, token=TOKEN, httpx_args={"transport": httpx.MockTransport(stub)})


def query_token_client(stub: Stub) -> Client:
    """The tutorial's way: the token in the `token` query parameter of every request."""
    return Client(base_url=BASE_URL, httpx_args={"transport": httpx.MockTransport(stub), "params": {"token": TOKEN}})


def call(module: ModuleType, mode: str, **kwargs: Any) -> Response[Any]:
    """Call an operation's sync_detailed, or run its asyncio_detailed, and return the detailed response."""
    if mode == "sync":
        response: Response[Any] = module.sync_detailed(**kwargs)
        return response

    async def run() -> Response[Any]:
        result: Response[Any] = await module.asyncio_detailed(**kwargs)
        return result

    return asyncio.run(run())


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@MODES
def test_login_returns_a_token(stub, mode):
    client = Client(base_url=BASE_URL, httpx_args={"transport": httpx.MockTransport(stub)})
    body = LoginRequest(username="alice@example.com", password="alice-secret")
    response = call(login, mode, client=client, body=body)
    assert response.status_code == 200
    assert isinstance(response.parsed, LoginResponse)
    assert response.parsed.token == TOKEN
    assert json.loads(stub.requests[0].content) == {"username": "alice@example.com", "password": "alice-secret"}


@MODES
def test_login_with_a_wrong_password_is_a_400_not_an_exception(stub, mode):
    client = Client(base_url=BASE_URL, httpx_args={"transport": httpx.MockTransport(stub)})
    response = call(login, mode, client=client, body=LoginRequest(username="alice@example.com", password="nope"))
    assert response.status_code == 400
    assert response.parsed is None


@MODES
@pytest.mark.parametrize("seed", SEED_LISTS)
@pytest.mark.parametrize("make_client", [bearer_client, query_token_client])
def test_list_messages_parses_each_seed_payload(spec, mode, seed, make_client):
    stub = Stub(spec, fixture_text(seed))
    response = call(list_messages, mode, client=make_client(stub), page_size=10)
    assert response.status_code == 200
    assert isinstance(response.parsed, MessageList)
    assert response.parsed.to_dict() == fixture_json(seed)
    assert stub.requests[0].url.params["page_size"] == "10"


def test_the_token_travels_as_the_service_accepts_it(stub):
    call(list_messages, "sync", client=bearer_client(stub))
    call(list_messages, "sync", client=query_token_client(stub))
    bearer, query = stub.requests
    assert bearer.headers["Authorization"] == f"Bearer {TOKEN}"
    assert query.url.params["token"] == TOKEN
    assert "Authorization" not in query.headers


@MODES
def test_send_message_puts_the_tutorial_json_on_the_wire(stub, mode):
    body = SendMessageRequest(
        source=TelAddress(type_=TelAddressType.TEL, target="+15559876543"),
        destinations=[TelAddress(type_=TelAddressType.TEL, target="+31616818985")],
        text="hello, this is test message.",
    )
    response = call(send_message, mode, client=bearer_client(stub), body=body)
    assert response.status_code == 200
    assert isinstance(response.parsed, Message)
    assert [t.status for t in response.parsed.targets] == [TargetStatus.QUEUED]
    sent = stub.requests[0]
    assert sent.method == "POST"
    assert sent.url.path == "/v1.0/messages"
    assert sent.headers["Content-Type"] == "application/json"
    assert json.loads(sent.content) == fixture_json("seeds/tutorial_send_request.json")


@MODES
def test_get_and_delete_message(stub, mode):
    got = call(get_message, mode, id=SEED_MESSAGE_ID, client=bearer_client(stub))
    assert isinstance(got.parsed, Message)
    assert got.parsed.targets[0].status is TargetStatus.DELIVERED
    deleted = call(delete_message, mode, id=SEED_MESSAGE_ID, client=bearer_client(stub))
    assert isinstance(deleted.parsed, Message)
    assert deleted.parsed.tm_delete == "2026-02-14T09:00:00Z"
    assert [r.method for r in stub.requests] == ["GET", "DELETE"]
    assert stub.requests[1].url.path == f"/v1.0/messages/{SEED_MESSAGE_ID}"


@MODES
def test_an_unknown_message_gives_the_error_envelope(stub, mode):
    response = call(get_message, mode, id=UUID(int=1), client=bearer_client(stub))
    assert response.status_code == 404
    assert isinstance(response.parsed, ErrorEnvelope)
    assert response.parsed.error.status is ErrorStatus.NOT_FOUND


@MODES
def test_numbers_and_accesskeys(stub, mode):
    client = bearer_client(stub)
    numbers = call(list_numbers, mode, client=client)
    assert isinstance(numbers.parsed, NumberList)
    number = numbers.parsed.result[0]
    assert number.number == "+15559876543"
    one_number = call(get_number, mode, id=number.id, client=client)
    assert isinstance(one_number.parsed, Number)
    assert one_number.parsed.tm_delete is None
    keys = call(list_accesskeys, mode, client=client)
    assert isinstance(keys.parsed, AccesskeyList)
    one_key = call(get_accesskey, mode, id=keys.parsed.result[0].id, client=client)
    assert isinstance(one_key.parsed, Accesskey)
    assert one_key.parsed.token_prefix == "vb_3c9d"


@MODES
def test_no_credentials_gives_401_with_the_envelope(stub, mode):
    client = Client(base_url=BASE_URL, httpx_args={"transport": httpx.MockTransport(stub)})
    response = call(list_messages, mode, client=client)
    assert response.status_code == 401
    assert isinstance(response.parsed, ErrorEnvelope)
    assert response.parsed.error.reason == "AUTHENTICATION_REQUIRED"
