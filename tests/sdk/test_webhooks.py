"""voipbin_sdk.webhooks: signatures checked on the raw bytes, events parsed into the generated models; and the
README's receiver example, which passes mypy --strict and tells a signed event from a forged one."""

from __future__ import annotations

import json

import pytest
import voipbin_sdk as vb
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient
from voipbin_client.models import MessageCreatedEvent, MessageDeletedEvent, MessageUpdatedEvent

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
    [None, "", "0" * 64, "not hex"],
    ids=["missing", "empty", "another body's", "garbage"],
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


@pytest.mark.parametrize(
    "raw", [b"not json", b"[]", b'{"type": "call_created", "data": {}}', b'{"type": "message_created", "data": 5}']
)
def test_anything_but_a_message_event_is_a_webhook_error(raw):
    with pytest.raises(vb.WebhookError):
        vb.parse_event(raw, None, None)


def receiver_example() -> str:
    return readme_example("### Webhooks")


def test_the_receiver_example_passes_mypy_strict(tmp_path):
    assert mypy_strict_problems(receiver_example(), tmp_path) == ""


def test_the_receiver_example_accepts_signed_events_and_refuses_forged_ones():
    namespace: dict[str, object] = {}
    exec(compile(receiver_example(), "receiver_example.py", "exec"), namespace)
    secret = str(namespace["WEBHOOK_SECRET"])
    app = Starlette(routes=[Route("/hooks", namespace["voipbin_events"], methods=["POST"])])  # type: ignore[arg-type]
    raw = body("message_updated")
    with TestClient(app) as client:
        signed = client.post("/hooks", content=raw, headers={vb.SIGNATURE_HEADER: vb.signature(raw, secret)})
        forged = client.post("/hooks", content=raw, headers={vb.SIGNATURE_HEADER: vb.signature(raw, "guess")})
    assert (signed.status_code, forged.status_code) == (204, 401)
