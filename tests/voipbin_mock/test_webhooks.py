"""voipbin_mock.webhooks: the mock delivers message events as the service does: after the change, in order,
signed, retried on a connection error or a 5xx, never on the request path."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import random
import subprocess
import sys
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import voipbin_sdk as vb
from voipbin_client.models import WebhookEvent

from tests.conftest import Stub
from tests.hostile import LATE
from tests.voipbin_mock.conftest import ALICE_KEY, ALICE_NUMBER
from voipbin_mock.config import DEFAULT_SPEC
from voipbin_mock.openapi import compile_schema, load_spec
from voipbin_mock.webhooks import (
    MAX_ANSWER_BYTES,
    MIN_JITTER_SECONDS,
    UNORDERED_JITTER_SECONDS,
    DeliveryRule,
    Destination,
    Webhooks,
    delivery_rule,
    shown_url,
    unordered_jitter,
    url_problem,
)

SPEC = load_spec(DEFAULT_SPEC)
EVENT_SCHEMAS = {
    "message_created": compile_schema(SPEC, {"$ref": "#/components/schemas/MessageCreatedEvent"}),
    "message_updated": compile_schema(SPEC, {"$ref": "#/components/schemas/MessageUpdatedEvent"}),
    "message_deleted": compile_schema(SPEC, {"$ref": "#/components/schemas/MessageDeletedEvent"}),
}
SECRET = "whsec-test"
FAST = replace(delivery_rule(SPEC), seconds_between=0.0)  # the description's rule, without the waits


class Receiver:
    """A webhook receiver on 127.0.0.1 that records every request and answers from a script (200 when it runs out)."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.requests: list[tuple[float, dict[str, str], bytes, int]] = []
        self.methods: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                receiver.requests.append((time.monotonic(), dict(self.headers), body, status))
                receiver.methods.append(self.command)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_PUT = do_DELETE = do_POST  # a customer's events come with its method

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/voipbin"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def accepted(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, _, body, status in self.requests if status < 500]

    def wait_for(self, count: int, seconds: float = 15) -> list[dict[str, Any]]:
        deadline = time.monotonic() + seconds
        while len(self.accepted()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.accepted()


def test_the_description_gives_the_delivery_rule():
    """bin-webhook-manager/pkg/webhookhandler/message.go and main.go, as x-delivery states them."""
    assert delivery_rule(SPEC) == DeliveryRule(
        attempts=3,
        seconds_between=1.0,
        signature_header="X-VoIPBIN-Signature",
        method_when_unset="GET",
        redirects=2,
        to_get_without_body=frozenset({301, 302, 303}),
        connect_seconds=10.0,
        headers_seconds=15.0,
        total_seconds=30.0,
    )


def test_the_cli_delivers_created_updated_and_deleted_signed_and_retries_a_failed_delivery():
    receiver = Receiver(503)  # the first delivery fails
    command = [
        sys.executable, "-m", "voipbin_mock", "--port", "0", "--no-access-log", "--sent-after", "0.3",
        "--dispatch", "messagebird", "--webhook-order", "ordered",
        "--webhook-url", receiver.url, "--webhook-secret", SECRET,
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        url = banner.split("serving on ", 1)[1].split(",", 1)[0]
        with httpx.Client(base_url=url, params={"accesskey": ALICE_KEY}, timeout=10) as client:
            body = {
                "source": {"type": "tel", "target": ALICE_NUMBER},
                "destinations": [{"type": "tel", "target": "+31616818985"}],
                "text": "webhook test",
            }
            sent = client.post("/v1.0/messages", json=body).json()
            events = receiver.wait_for(2)  # created (after one retry), then updated at the dispatch
            assert [e["type"] for e in events] == ["message_created", "message_updated"]
            assert client.delete(f"/v1.0/messages/{sent['id']}").status_code == 200
            events = receiver.wait_for(3)
    finally:
        process.terminate()
        process.communicate(timeout=10)
    assert [e["type"] for e in events] == ["message_created", "message_updated", "message_deleted"]
    assert all(e["data"]["id"] == sent["id"] for e in events)
    assert events[0]["data"]["targets"][0]["status"] == "queued"
    assert events[1]["data"]["targets"][0]["status"] == "sent"
    assert events[2]["data"]["tm_delete"] is not None
    failed, retried = receiver.requests[0], receiver.requests[1]
    assert (failed[3], retried[3]) == (503, 200)
    assert failed[2] == retried[2]  # the same event, tried again
    assert retried[0] - failed[0] >= 0.9  # 1 s apart, as the service waits
    assert set(receiver.methods) == {"GET"}  # the demo customers never set a method: GET, with the body
    for _, headers, raw, _ in receiver.requests:
        digest = hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
        assert headers["X-VoIPBIN-Signature"] == f"sha256={digest}"  # as the service's computeSignature writes it
        event = json.loads(raw)
        assert EVENT_SCHEMAS[event["type"]].is_valid(event), event
        parsed = vb.parse_event(raw, headers["X-VoIPBIN-Signature"], SECRET)  # what a receiver of ours does
        assert not isinstance(parsed, WebhookEvent), parsed  # a message event, typed as one
        assert str(parsed.data.id) == sent["id"]


@pytest.mark.parametrize(
    ("answers", "tries"),
    [
        ([500, 502, 200], 3),  # 5xx: tried again
        ([httpx.ConnectError("down"), 200], 2),  # not reachable: tried again
        ([404], 1),  # 4xx: the receiver has spoken
        ([503, 503, 503, 200], 3),  # three attempts, then the event is given up, as the service does
    ],
    ids=["5xx", "connection error", "4xx", "gives up after 3"],
)
def test_deliveries_are_retried_as_the_service_retries_them(answers, tries):
    receiver = Stub(*(httpx.Response(a) if isinstance(a, int) else a for a in answers), httpx.Response(200))
    webhooks = Webhooks({"c": Destination("http://receiver.test/hook", "PUT", "")}, FAST, transport=receiver.transport)

    async def scenario() -> None:
        webhooks.publish("c", "message_created", {"id": "m"})
        await webhooks.drain()
        await webhooks.close()

    asyncio.run(scenario())
    assert len(receiver.requests) == tries
    assert {r.method for r in receiver.requests} == {"PUT"}  # the customer's method
    assert "X-VoIPBIN-Signature" not in receiver.requests[0].headers  # no secret, no signature


def test_publishing_never_waits_for_the_receiver_and_keeps_the_order():
    receiver = Stub(httpx.Response(200))
    seen = receiver.requests
    webhooks = Webhooks({"c": Destination("http://receiver.test/hook")}, FAST, transport=receiver.transport)

    async def scenario() -> int:
        for index in range(200):
            webhooks.publish("c", "message_updated", {"n": index})
        sent_while_publishing = len(seen)  # publish only queues: nothing goes out on the caller's turn
        await webhooks.drain()
        await webhooks.close()
        return sent_while_publishing

    assert asyncio.run(scenario()) == 0
    assert [json.loads(r.content)["data"]["n"] for r in seen] == list(range(200))
    assert webhooks.wants("c")
    assert not webhooks.wants("someone else")


class Drawn(random.Random):
    """A random source that keeps the bounds of every delay drawn from it."""

    def __init__(self) -> None:
        super().__init__(5)
        self.bounds: list[tuple[float, float]] = []

    def uniform(self, a: float, b: float) -> float:
        self.bounds.append((a, b))
        return super().uniform(a, b)


def test_unordered_each_event_leaves_on_its_own_so_that_a_later_one_can_arrive_first():
    """Each after a delay drawn up to the jitter."""
    receiver, drawn = Stub(httpx.Response(200)), Drawn()
    webhooks = Webhooks(
        {"c": Destination("http://receiver.test/hook")}, FAST, transport=receiver.transport, ordered=False,
        jitter_seconds=0.2, rng=drawn,
    )  # fmt: skip

    async def scenario() -> None:
        for index in range(30):
            webhooks.publish("c", "message_updated", {"n": index})
        await webhooks.drain()
        await webhooks.close()

    asyncio.run(scenario())
    arrived = [json.loads(r.content)["data"]["n"] for r in receiver.requests]
    assert sorted(arrived) == list(range(30))  # every event, once
    assert arrived != list(range(30))  # but not in the order of the changes
    assert drawn.bounds == [(0.0, 0.2)] * 30


@pytest.mark.parametrize(
    ("dispatch_seconds", "jitter"), [(0.0, MIN_JITTER_SECONDS), (0.1, 0.2), (0.3, 0.6), (2.0, UNORDERED_JITTER_SECONDS)]
)
def test_unordered_events_wait_up_to_twice_the_dispatch_delay_within_bounds(dispatch_seconds, jitter):
    from voipbin_mock import MockConfig, create_app
    from voipbin_mock.config import Delays

    assert unordered_jitter(dispatch_seconds) == pytest.approx(jitter)
    delays = Delays(sent=dispatch_seconds, delivered=dispatch_seconds, timeout=dispatch_seconds)
    webhooks = create_app(MockConfig(delays=delays, webhook_url="http://127.0.0.1:9/hook")).services.webhooks
    assert webhooks is not None
    assert webhooks.jitter_seconds == pytest.approx(jitter)


def test_the_service_profile_delivers_unordered_and_the_tutorial_in_order():
    from voipbin_mock import MockConfig, create_app
    from voipbin_mock.config import Profile

    url = "http://127.0.0.1:9/hook"
    profiles: tuple[tuple[Profile, bool], ...] = (("service", False), ("tutorial", True))
    for profile, ordered in profiles:
        webhooks = create_app(MockConfig(profile=profile, webhook_url=url)).services.webhooks
        assert webhooks is not None
        assert webhooks.ordered is ordered
    forced = create_app(MockConfig(webhook_url=url, webhooks_ordered=True)).services.webhooks
    assert forced is not None
    assert forced.ordered


def test_the_secret_can_come_from_the_environment_and_needs_a_url(monkeypatch):
    from voipbin_mock.__main__ import parse_args

    monkeypatch.setenv("VOIPBIN_MOCK_WEBHOOK_SECRET", "from-the-environment")
    assert parse_args(["--webhook-url", "http://127.0.0.1:9/hook"]).webhook_secret == "from-the-environment"
    with pytest.raises(SystemExit):
        parse_args([])  # a secret without a URL
    monkeypatch.delenv("VOIPBIN_MOCK_WEBHOOK_SECRET")
    with pytest.raises(SystemExit):
        parse_args(["--webhook-url", "ftp://example.com/hook"])


class Endless(httpx.AsyncByteStream):
    """An answer body that never ends: 64 KiB chunks, or one byte every drip seconds; counts what was taken."""

    def __init__(self, drip: float | None = None) -> None:
        self.drip = drip
        self.taken = 0

    async def __aiter__(self):
        while True:
            if self.drip is not None:
                await asyncio.sleep(self.drip)
            chunk = b"x" if self.drip is not None else b"x" * 65536
            self.taken += len(chunk)
            yield chunk


class Answering(httpx.AsyncBaseTransport):
    """A receiver that answers 200 with body(), for every request it gets."""

    def __init__(self, body) -> None:
        self.body = body
        self.bodies: list[Endless] = []
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        stream = self.body()
        self.bodies.append(stream)
        return httpx.Response(200, stream=stream)


def test_an_endless_answer_is_read_to_a_small_cap():
    """A receiver that answers 1 GB, or forever, took the mock to gigabytes: its status is all the mock reads."""
    receiver = Answering(Endless)
    webhooks = Webhooks({"c": Destination("http://receiver.test/hook")}, FAST, transport=receiver)

    async def scenario() -> None:
        webhooks.publish("c", "message_created", {"id": "m1"})
        webhooks.publish("c", "message_created", {"id": "m2"})
        await webhooks.drain()
        await webhooks.close()

    asyncio.run(scenario())
    assert len(receiver.requests) == 2  # each delivered once: 200, whatever followed
    assert all(body.taken <= MAX_ANSWER_BYTES + 65536 for body in receiver.bodies)


def test_a_dripping_answer_ends_the_attempt_at_its_deadline_and_the_next_event_leaves(monkeypatch):
    """A receiver dripping its answer one byte a second held an attempt past its 10 s, and the customer's queue
    stalled. Its 200 came: the event is delivered, and its body is read no longer than the deadline."""
    receiver = Answering(lambda: Endless(drip=0.05))
    rule = replace(FAST, total_seconds=0.3)
    webhooks = Webhooks({"c": Destination("http://receiver.test/hook")}, rule, transport=receiver)

    async def scenario() -> float:
        started = time.monotonic()
        webhooks.publish("c", "message_created", {"id": "m1"})
        webhooks.publish("c", "message_created", {"id": "m2"})
        await webhooks.drain(seconds=10)
        await webhooks.close()
        return time.monotonic() - started

    elapsed = asyncio.run(scenario())
    assert len(receiver.requests) == 2  # each once: a 200 is an answer, however its body comes
    assert all(body.taken < 20 for body in receiver.bodies)  # about 0.3 s of drips each
    assert elapsed < 2 * 0.3 + LATE


class Hanging(httpx.AsyncBaseTransport):
    """A receiver that takes the request and never answers."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")


def test_a_receiver_that_never_answers_costs_each_attempt_its_deadline_and_is_logged_without_secrets(
    monkeypatch, caplog
):
    receiver = Hanging()
    destination = Destination("http://user:pw@receiver.test/hook?token=s3cret")
    webhooks = Webhooks({"c": destination}, replace(FAST, total_seconds=0.2), transport=receiver)

    async def scenario() -> float:
        started = time.monotonic()
        webhooks.publish("c", "message_created", {"id": "m1"})
        await webhooks.drain(seconds=10)
        await webhooks.close()
        return time.monotonic() - started

    elapsed = asyncio.run(scenario())
    assert len(receiver.requests) == FAST.attempts
    assert elapsed < FAST.attempts * 0.2 + 2
    warnings = [r.getMessage() for r in caplog.records if r.name == "voipbin_mock.webhooks"]
    assert warnings == [
        "webhook http://receiver.test/hook?<query hidden> took more than 0.2 s after 3 attempts; the event is dropped"
    ]


def test_the_queue_is_bounded_in_bytes(monkeypatch):
    """300 inbound posts of 1 MB to a hung receiver took 2.7 GB; the oldest events now go beyond the cap."""
    monkeypatch.setattr("voipbin_mock.webhooks.MAX_QUEUED_BYTES", 5_000_000)
    webhooks = Webhooks({"c": Destination("http://receiver.test/hook")}, FAST, transport=Answering(Endless))

    async def scenario() -> int:
        for index in range(30):
            webhooks.publish("c", "message_created", {"id": index, "text": "x" * 1_000_000})
        queued = webhooks._queued_bytes["c"]
        await webhooks.close()
        return queued

    assert asyncio.run(scenario()) <= 5_000_000


@pytest.mark.parametrize(
    "url",
    [
        "http://receiver.test/a\r\nInjected: yes",
        "http://[::1/x",
        "ftp://receiver.test/",
        "http:///nohost",
        "http://a b/",
    ],
)
def test_a_webhook_url_that_is_no_http_url_is_refused_at_once(url):
    assert url_problem(url)
    with pytest.raises(ValueError, match="cannot be used"):
        Webhooks({"c": Destination(url)}, FAST)


def test_a_webhook_url_is_shown_without_its_credentials():
    assert shown_url("https://user:pw@hooks.example:8443/voipbin?token=s3cret") == (
        "https://hooks.example:8443/voipbin?<query hidden>"
    )
    assert shown_url("http://hooks.example/voipbin") == "http://hooks.example/voipbin"
    assert url_problem("http://hooks.example/voipbin") is None


@pytest.mark.parametrize("dispatch", ["messagebird", "telnyx"])
def test_instant_in_the_service_profile_delivers_the_update_it_makes(dispatch):
    """--instant: the dispatch is the next microsecond; its message_updated still leaves, and tm_update is set."""
    from starlette.testclient import TestClient

    from voipbin_mock import INSTANT, MockConfig, create_app

    receiver = Receiver()
    config = MockConfig(delays=INSTANT, dispatch=dispatch, webhook_url=receiver.url, webhooks_ordered=True)
    with TestClient(create_app(config)) as client:
        body = {
            "source": {"type": "tel", "target": ALICE_NUMBER},
            "destinations": [{"type": "tel", "target": "+31616818985"}],
            "text": "instant",
        }
        sent = client.post("/v1.0/messages", json=body, params={"accesskey": ALICE_KEY}).json()
        events = receiver.wait_for(2)
        read = client.get(f"/v1.0/messages/{sent['id']}", params={"accesskey": ALICE_KEY}).json()
    assert [e["type"] for e in events] == ["message_created", "message_updated"]
    assert sent["tm_update"] is None
    assert read["tm_update"] is not None
    assert events[1]["data"]["tm_update"] == read["tm_update"]


class Recording(httpx.AsyncBaseTransport):
    """A receiver that records each request (method, URL, body) and answers from a script of (status, location)."""

    def __init__(self, *answers: tuple[int, str | None]) -> None:
        self.answers = list(answers)
        self.seen: list[tuple[str, str, bytes, str | None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        self.seen.append((request.method, str(request.url), body, request.headers.get("x-voipbin-signature")))
        status, location = self.answers.pop(0) if self.answers else (200, None)
        return httpx.Response(status, headers={"location": location} if location else {})


def deliver(webhooks: Webhooks) -> None:
    async def scenario() -> None:
        webhooks.publish("c", "message_created", {"id": "m1"})
        await webhooks.drain(seconds=10)
        await webhooks.close()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("method", "when_unset", "sent"),
    [("", None, "GET"), ("", "POST", "POST"), ("PUT", None, "PUT"), ("DELETE", None, "DELETE")],
    ids=["none set, as the service", "none set, as the tutorial's receivers", "put", "delete"],
)
def test_an_event_comes_with_the_customers_method_and_always_its_body(method, when_unset, sent):
    """webhookhandler/message.go passes the customer's webhook_method to http.NewRequest, "" meaning GET; the body
    and its signature come whatever the method."""
    receiver = Recording()
    destination = Destination("http://receiver.test/hook", method, SECRET)
    deliver(Webhooks({"c": destination}, FAST, transport=receiver, method_when_unset=when_unset))
    ((seen_method, _, body, signature),) = receiver.seen
    assert seen_method == sent
    assert json.loads(body) == {"type": "message_created", "data": {"id": "m1"}}
    assert signature == "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("status", [301, 302, 303])
def test_a_redirect_is_followed_as_go_follows_it_a_get_without_the_body(status):
    receiver = Recording((status, "/elsewhere"))
    deliver(Webhooks({"c": Destination("http://receiver.test/hook", "POST", SECRET)}, FAST, transport=receiver))
    assert [(m, u, b) for m, u, b, _ in receiver.seen][1] == ("GET", "http://receiver.test/elsewhere", b"")
    assert len(receiver.seen) == 2  # delivered: the redirect's 200 ends it


@pytest.mark.parametrize("status", [307, 308])
def test_a_307_or_308_keeps_the_method_and_the_body(status):
    receiver = Recording((status, "http://other.test/hook"))
    deliver(Webhooks({"c": Destination("http://receiver.test/hook", "POST", SECRET)}, FAST, transport=receiver))
    (first, second) = receiver.seen
    assert (second[0], second[1], second[2]) == ("POST", "http://other.test/hook", first[2])


def test_more_than_two_redirects_fail_the_attempt_which_is_tried_again():
    """CheckRedirect refuses once len(via) >= 3: two redirects are followed, a third fails the attempt, and the
    attempt counts as failed (retried, up to 3 attempts)."""
    loop = [(302, "/a"), (302, "/b"), (302, "/c")]
    receiver = Recording(*loop, *loop, *loop)
    deliver(Webhooks({"c": Destination("http://receiver.test/hook", "POST", SECRET)}, FAST, transport=receiver))
    assert len(receiver.seen) == 3 * 3  # each attempt: the request and its two redirects; none delivered
    second_try = Recording(*loop, (200, None))
    deliver(Webhooks({"c": Destination("http://receiver.test/hook", "POST", SECRET)}, FAST, transport=second_try))
    assert len(second_try.seen) == 4  # the first attempt failed at its third redirect; the second was answered


def test_without_a_webhook_secret_of_the_run_each_customers_own_signs_and_get_customer_shows_it(tmp_path):
    """Every customer has a secret (bin-customer-manager: generated at signup, backfilled by a migration), so every
    event is signed; the customer reads it in GET /v1.0/customer."""
    from starlette.testclient import TestClient

    from voipbin_mock import MockConfig, create_app
    from voipbin_mock.config import INSTANT

    receiver = Receiver()
    app = create_app(MockConfig(delays=INSTANT, webhook_url=receiver.url, webhooks_ordered=True))
    with TestClient(app) as client:
        customer = client.get("/v1.0/customer", params={"accesskey": ALICE_KEY}).json()
        body = {
            "source": {"type": "tel", "target": ALICE_NUMBER},
            "destinations": [{"type": "tel", "target": "+31616818985"}],
            "text": "signed",
        }
        client.post("/v1.0/messages", json=body, params={"accesskey": ALICE_KEY})
        receiver.wait_for(1)
    assert customer["webhook_uri"] == receiver.url
    assert "webhook_method" not in customer  # none set: left out, and sent as GET
    _, headers, raw, _ = receiver.requests[0]
    assert receiver.methods[0] == "GET"
    expected = hmac.new(customer["webhook_secret"].encode(), raw, hashlib.sha256).hexdigest()
    assert headers["X-VoIPBIN-Signature"] == f"sha256={expected}"
