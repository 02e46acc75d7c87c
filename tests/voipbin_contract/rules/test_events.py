"""voipbin_contract.webhooks: what the suite holds a server's events to, the signature first (as the service signs)."""

from __future__ import annotations

import hashlib
import hmac

from tests.conftest import fixture_json
from voipbin_contract.webhooks import Delivery, order_problems, signature_problems

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


def test_the_receiver_refuses_unsigned_and_oversized_posts_unread_and_bounds_its_connections():
    """It accepted 60 unsigned 16 MB posts (1 GB), and 500 stalled connections made 500 threads."""
    import socket
    import threading
    import time

    from voipbin_contract.webhooks import MAX_CONNECTIONS, SIGNATURE_HEADER, WebhookReceiver

    receiver = WebhookReceiver()
    host, port = "127.0.0.1", int(receiver.url.split(":")[2].split("/")[0])
    try:
        with socket.create_connection((host, port)) as unsigned:
            unsigned.sendall(b"POST /h HTTP/1.1\r\nHost: x\r\nContent-Length: 16000000\r\n\r\n" + b"x" * 1000)
            assert b" 413 " in unsigned.recv(200)
        with socket.create_connection((host, port)) as plain:
            plain.sendall(b"POST /h HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            assert b" 401 " in plain.recv(200)
        signed = f"POST /h HTTP/1.1\r\nHost: x\r\n{SIGNATURE_HEADER}: sha256=00\r\nContent-Length: 2\r\n\r\n{{}}"
        with socket.create_connection((host, port)) as good:
            good.sendall(signed.encode())
            assert b" 200 " in good.recv(200)
        assert [status for status, _ in receiver.refused] == [413, 401]
        assert [d.body for d in receiver.deliveries] == [b"{}"]
        before = threading.active_count()
        stalled = [socket.create_connection((host, port)) for _ in range(MAX_CONNECTIONS + 100)]
        time.sleep(0.5)
        assert threading.active_count() - before <= MAX_CONNECTIONS
        for connection in stalled:
            connection.close()
    finally:
        receiver.close()
