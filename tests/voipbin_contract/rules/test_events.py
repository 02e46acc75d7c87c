"""voipbin_contract.rules.events: what the suite holds a server's events to, the signature first (as the service
signs)."""

from __future__ import annotations

import hashlib
import hmac

from tests.conftest import fixture_json
from voipbin_contract.rules.events import Delivery, order_problems, signature_problems

SECRET = "whsec-test"
BODY = b'{"type":"message_created","data":{}}'


def delivery(signature: str | None, body: bytes = BODY) -> Delivery:
    return Delivery(0.0, {} if signature is None else {"x-voipbin-signature": signature}, body)


def test_an_event_signed_as_the_service_signs_it_passes():
    digest = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert signature_problems(delivery(f"sha256={digest}"), SECRET) == []
    event = fixture_json("service/webhooks/message_updated_telnyx.json")
    service = Delivery(0.0, event["headers"], event["raw_body"].encode())
    assert signature_problems(service, event["secret"]) == []


def test_bare_hex_another_secret_or_no_header_fail_each_with_its_reason():
    digest = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert "not of the form ^sha256=[0-9a-f]{64}$" in signature_problems(delivery(digest), SECRET)[0]
    assert "does not sign its body" in signature_problems(delivery(f"sha256={digest}"), "other")[0]
    assert "came without X-VoIPBIN-Signature" in signature_problems(delivery(None), SECRET)[0]


def test_order_is_created_first_deleted_last():
    assert order_problems(["message_created", "message_updated", "message_deleted"]) == []
    assert order_problems(["message_updated", "message_created", "message_deleted"]) != []
