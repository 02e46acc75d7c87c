"""voipbin_sdk.webhooks: signatures checked on the raw bytes, events parsed into the generated models; and the
docs/mock.md's receiver example, which passes mypy --strict and tells a signed event from a forged one."""

from __future__ import annotations

import json
import re

import pytest
import voipbin_sdk as vb
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient
from voipbin_client.models import MessageCreatedEvent, MessageDeletedEvent, MessageUpdatedEvent, WebhookEvent

from tests.conftest import fixture_json
from tests.sdk.conftest import mypy_strict_problems, readme_example
from tests.test_service_answers import answer as service_answer

SECRET = "whsec-test"
MESSAGE = service_answer("dispatched_provider_statuses")["body"]


def body(kind: str) -> bytes:
    return json.dumps({"type": kind, "data": MESSAGE}).encode()


@pytest.mark.parametrize(
    ("kind", "model"),
    [
        ("message_created", MessageCreatedEvent),
        ("message_updated", MessageUpdatedEvent),
        ("message_deleted", MessageDeletedEvent),
    ],
)
def test_a_signed_event_parses_into_its_model(kind, model):
    raw = body(kind)
    event = vb.parse_event(raw, vb.signature(raw, SECRET), SECRET)
    assert isinstance(event, model)
    assert str(event.data.id) == MESSAGE["id"]


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=" + "0" * 64, "not hex", "sha256=é", "sha1=" + "0" * 40],
    ids=["missing", "empty", "another body's", "garbage", "not ASCII", "another algorithm"],
)
def test_a_bad_signature_is_refused(signature):
    with pytest.raises(vb.InvalidSignatureError):
        vb.parse_event(body("message_created"), signature, SECRET)


def test_the_signature_covers_the_bytes_as_received():
    raw = body("message_created")
    reformatted = json.dumps(json.loads(raw), indent=2).encode()  # the same JSON, other bytes
    assert vb.verify_signature(raw, vb.signature(raw, SECRET), SECRET)
    assert not vb.verify_signature(reformatted, vb.signature(raw, SECRET), SECRET)
    assert vb.verify_signature(raw, vb.signature(raw, SECRET).upper(), SECRET)  # hex in either case


def test_the_signature_is_sha256_and_hex_as_the_service_writes_it(spec):
    raw = body("message_created")
    written = vb.signature(raw, SECRET)
    assert written.startswith(vb.SIGNATURE_PREFIX)
    assert re.fullmatch(spec["components"]["parameters"]["WebhookSignature"]["schema"]["pattern"], written)
    bare = written.removeprefix(vb.SIGNATURE_PREFIX)
    assert not vb.verify_signature(raw, bare, SECRET), "bare hex is not what the service sends"


SERVICE_EVENT = fixture_json("service/webhooks/message_updated_telnyx.json")


def test_an_event_signed_as_the_service_signs_it_is_accepted_and_round_trips(spec):
    raw = SERVICE_EVENT["raw_body"].encode()
    header = SERVICE_EVENT["headers"][vb.SIGNATURE_HEADER]
    assert re.fullmatch(spec["components"]["parameters"]["WebhookSignature"]["schema"]["pattern"], header)
    event = vb.parse_event(raw, header, SERVICE_EVENT["secret"])
    assert isinstance(event, MessageUpdatedEvent)
    assert event.to_dict() == json.loads(raw)


def test_an_event_signed_with_another_secret_is_refused():
    raw = SERVICE_EVENT["raw_body"].encode()
    header = SERVICE_EVENT["headers"][vb.SIGNATURE_HEADER]
    with pytest.raises(vb.InvalidSignatureError):
        vb.parse_event(raw, header, SERVICE_EVENT["secret"] + "-other")
    with pytest.raises(vb.InvalidSignatureError):
        vb.parse_event(raw.replace(b"queued", b"sent", 1), header, SERVICE_EVENT["secret"])


@pytest.mark.parametrize(
    "raw",
    [b"not json", b"[]", b'{"data": {}}', b'{"type": "", "data": {}}', b'{"type": "message_created", "data": 5}'],
)
def test_anything_but_an_event_is_a_webhook_error(raw):
    with pytest.raises(vb.WebhookError):
        vb.parse_event(raw, None, None)


def test_a_signed_number_created_event_parses_as_an_event_of_its_type():
    """The webhook URL gets every event of the customer (bin-webhook-manager webhookhandler/webhook.go); a
    number_created raised WebhookError, and a receiver built on it answered 500, so the service retried it."""
    number = {
        "id": "8a0b1c2d-3e4f-4a5b-9c6d-7e8f9a0b1c2d",
        "customer_id": MESSAGE["customer_id"],
        "number": "+15559876543",
    }
    raw = json.dumps({"type": "number_created", "data": number}).encode()
    event = vb.parse_event(raw, vb.signature(raw, "s3cret"), "s3cret")
    assert isinstance(event, WebhookEvent)
    assert event.type_ == "number_created"
    assert event.data.to_dict() == number
    with pytest.raises(vb.InvalidSignatureError):
        vb.parse_event(raw, vb.signature(raw, "other"), "s3cret")


def receiver_example() -> str:
    return readme_example("## Webhooks", "docs/mock.md")


def test_the_receiver_example_passes_mypy_strict(tmp_path):
    assert mypy_strict_problems(receiver_example(), tmp_path) == ""


def test_the_receiver_example_accepts_signed_events_and_refuses_forged_ones():
    namespace: dict[str, object] = {}
    exec(compile(receiver_example(), "receiver_example.py", "exec"), namespace)
    secret = str(namespace["WEBHOOK_SECRET"])
    methods = ["GET", "POST", "PUT", "DELETE"]  # the customer's webhook_method; GET when none is set
    app = Starlette(routes=[Route("/hooks", namespace["voipbin_events"], methods=methods)])  # type: ignore[arg-type]
    raw = body("message_updated")
    other = json.dumps({"type": "number_created", "data": {"id": "x"}}).encode()
    with TestClient(app) as client:

        def hand(method: str, content: bytes, key: str) -> int:
            headers = {vb.SIGNATURE_HEADER: vb.signature(content, key)}
            return client.request(method, "/hooks", content=content, headers=headers).status_code

        assert [hand(m, raw, secret) for m in methods] == [204] * 4
        assert hand("GET", raw, "guess") == 401
        assert hand("GET", other, secret) == 204  # another event type: a 2xx, not retried
        assert hand("POST", b"not json", secret) == 400


@pytest.mark.parametrize(
    "body",
    [
        b'{"type": "message_created", "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",  # RecursionError before
        b'{"type": "message_created", "data": {"id": 5}}',  # AttributeError before
        b'{"type": "message_created", "data": 7}',
        b'{"type": "message_created", "data": {"id": "' + b"x" * (2 * 1024 * 1024) + b'"}}',  # 2 MiB
    ],
    ids=["nested", "integer id", "data not an object", "2 MiB"],
)
def test_a_hostile_event_body_is_a_webhook_error(body):
    with pytest.raises(vb.WebhookError):
        vb.parse_event(body, None, None)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"text": 123}, '"text" is int, not str'),
        ({"targets": [{**MESSAGE["targets"][0], "parts": "x"}]}, '"parts" is str, not int'),
    ],
    ids=["text 123", "parts x"],
)
def test_an_event_whose_fields_have_the_wrong_types_is_a_webhook_error_naming_the_field(change, named):
    """`text: 123` and `parts: "x"` were accepted, as an int text and a str count."""
    raw = json.dumps({"type": "message_created", "data": MESSAGE | change}).encode()
    with pytest.raises(vb.WebhookError, match=re.escape(named)):
        vb.parse_event(raw, None, None)
