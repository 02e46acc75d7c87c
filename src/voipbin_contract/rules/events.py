"""The suite's webhook receiver, and what it holds a server's message events to.

Against the bundled mock the suite runs this receiver on 127.0.0.1 and starts the mock with it as --webhook-url.
Against another server it listens where VOIPBIN_WEBHOOK_LISTEN says (host:port), which the customer's webhook URL
must reach (a tunnel or a public host), and checks signatures with VOIPBIN_WEBHOOK_SECRET. The rules come from the
description: the event schemas of its `webhooks`, the signature header, the lifecycle of `TargetStatus`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from jsonschema import Draft202012Validator

from voipbin_contract.description import SPEC, validator
from voipbin_contract.enums import Unlisted, unlisted
from voipbin_contract.known import LEDGER


def _event_refs() -> dict[str, str]:
    """Each event type's schema reference, from the description's webhooks (the `type` const of its body)."""
    refs = {}
    for item in SPEC.get("webhooks", {}).values():
        for operation in item.values():
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            schema = SPEC["components"]["schemas"][ref.rsplit("/", 1)[1]]
            refs[str(schema["properties"]["type"]["const"])] = str(ref)
    return refs


EVENT_REFS = _event_refs()
EVENT_SCHEMAS: dict[str, Draft202012Validator] = {kind: validator(ref) for kind, ref in EVENT_REFS.items()}
# The known deviation that lets a message's events arrive in any order.
UNORDERED = "webhook-events-unordered"
LEDGER.watch(UNORDERED)
SIGNATURE_HEADER: str = SPEC["components"]["parameters"]["WebhookSignature"]["name"]
# The header's form: the parameter's pattern, `^sha256=[0-9a-f]{64}$`.
SIGNATURE_FORM = re.compile(SPEC["components"]["parameters"]["WebhookSignature"]["schema"]["pattern"])


@dataclass(frozen=True)
class Delivery:
    """One request the receiver got."""

    at: float
    headers: dict[str, str]
    body: bytes


def _message_id(body: bytes) -> tuple[str, dict[str, Any]] | None:
    """The message an event body is about, and the event; None for a body that is not a message event."""
    try:
        event = json.loads(body)
    except ValueError:
        return None
    data = event.get("data") if isinstance(event, dict) else None
    message_id = data.get("id") if isinstance(data, dict) else None
    return (message_id, event) if isinstance(message_id, str) else None


# What one post may hold: a message event of 100 targets is some 30 KiB. A larger one is answered 413 unread.
MAX_EVENT_BYTES = 1024 * 1024
# Connections served at once, and how long one may sit idle: beyond, a new one is closed at once, and an idle one
# frees its thread (500 stalled connections made 500 threads).
MAX_CONNECTIONS = 64
IDLE_SECONDS = 10


class _BoundedServer(ThreadingHTTPServer):
    """A threading HTTP server that serves at most MAX_CONNECTIONS connections at once."""

    daemon_threads = True
    request_queue_size = 128  # socketserver's 5 made a burst of connections wait on the kernel's retries

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class WebhookReceiver:
    """An HTTP server that records every request and answers 200; a post without a signature (when signed events
    are expected) or over MAX_EVENT_BYTES is answered 401 or 413 unread, its connection closed, and its headers kept
    in `refused`."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, signed: bool = True) -> None:
        self.deliveries: list[Delivery] = []
        # Posts answered unread: (401 unsigned or 413 too large, the post's headers).
        self.refused: list[tuple[int, Delivery]] = []
        # Each message's deliveries with their parsed event, in the order they arrived: parsed once, on arrival.
        self._by_message: dict[str, list[tuple[Delivery, dict[str, Any]]]] = {}
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive: a server delivers many events, and a connection (and thread) each would cost it the most.
            protocol_version = "HTTP/1.1"
            timeout = IDLE_SECONDS

            def _refuse(self, status: int) -> None:
                with receiver._lock:
                    receiver.refused.append((status, Delivery(time.monotonic(), dict(self.headers), b"")))
                self.close_connection = True
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()

            def _receive(self) -> None:
                declared = self.headers.get("Content-Length") or "0"
                length = int(declared) if declared.isascii() and declared.isdigit() else MAX_EVENT_BYTES + 1
                if length > MAX_EVENT_BYTES:
                    return self._refuse(413)
                if signed and SIGNATURE_HEADER not in self.headers:
                    return self._refuse(401)
                body = self.rfile.read(length)
                delivery = Delivery(time.monotonic(), dict(self.headers), body)
                about = _message_id(body)
                with receiver._lock:
                    receiver.deliveries.append(delivery)
                    if about is not None:
                        receiver._by_message.setdefault(about[0], []).append((delivery, about[1]))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PUT = do_PATCH = _receive

            def log_message(self, *args: Any) -> None:
                pass

        self._server = _BoundedServer((host, port), Handler)
        self.url = f"http://{host}:{self._server.server_address[1]}/voipbin-contract/webhooks"
        self._thread = threading.Thread(target=self._server.serve_forever, name="webhook-receiver", daemon=True)
        self._thread.start()

    def events_of(self, message_id: str) -> list[tuple[Delivery, dict[str, Any]]]:
        """The deliveries whose event is about message_id, in the order they arrived, with their parsed body."""
        with self._lock:
            return list(self._by_message.get(message_id, []))

    def wait_for(self, message_id: str, kinds: set[str], seconds: float) -> list[tuple[Delivery, dict[str, Any]]]:
        """The message's events once one of each of kinds has arrived, or after seconds."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            events = self.events_of(message_id)
            if kinds <= {event.get("type") for _, event in events}:
                return events
            time.sleep(0.05)
        return self.events_of(message_id)

    def wait_for_each(self, message_ids: list[str], kind: str, seconds: float) -> list[dict[str, Any]]:
        """The events about message_ids, once each has one of kind, or after seconds."""
        deadline = time.monotonic() + seconds
        while True:
            events = [event for message_id in message_ids for _, event in self.events_of(message_id)]
            have = {event["data"]["id"] for event in events if event.get("type") == kind}
            if have >= set(message_ids) or time.monotonic() >= deadline:
                return events
            time.sleep(0.05)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def signature_problems(delivery: Delivery, secret: str) -> list[str]:
    """The event is signed with the customer's secret, over the bytes as received, in the form the description's
    WebhookSignature gives (`sha256=` and lowercase hex, as the service writes it)."""
    received = next((v for k, v in delivery.headers.items() if k.lower() == SIGNATURE_HEADER.lower()), None)
    if received is None:
        return [f"an event came without {SIGNATURE_HEADER}, though the webhook has a secret"]
    if not SIGNATURE_FORM.fullmatch(received):
        return [f"an event's {SIGNATURE_HEADER} is {received[:80]!r}, not of the form {SIGNATURE_FORM.pattern}"]
    digest = hmac.new(secret.encode(), delivery.body, hashlib.sha256).hexdigest()  # the form fixed what precedes it
    if not hmac.compare_digest(digest.encode(), received[-len(digest) :].encode()):
        return [f"an event's {SIGNATURE_HEADER} does not sign its body with the webhook's secret"]
    return []


def schema_problems(event: dict[str, Any]) -> list[str]:
    """The event is one the description's webhooks describe, and valid against its schema."""
    kind = event.get("type")
    validator = EVENT_SCHEMAS.get(kind) if isinstance(kind, str) else None
    if validator is None:
        return [f"an event of type {kind!r}, which the description's webhooks do not describe"]
    return [
        f"{kind} event /{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}"
        for error in validator.iter_errors(event)
    ][:5]


def unlisted_in_event(event: dict[str, Any]) -> list[Unlisted]:
    """The values of an event that its schema's open enums do not list (judged by checks.judge_unlisted)."""
    kind = event.get("type")
    schema = EVENT_REFS.get(kind) if isinstance(kind, str) else None
    return list(unlisted(event, {"$ref": schema})) if schema is not None else []


def order_problems(kinds: list[str]) -> list[str]:
    """Each change once, in order: message_created first, message_deleted last and once, updates between."""
    problems = []
    if kinds.count("message_created") != 1 or kinds[:1] != ["message_created"]:
        problems.append(f"message_created must come first and once; the events came as {kinds}")
    if kinds.count("message_deleted") != 1 or kinds[-1:] != ["message_deleted"]:
        problems.append(f"message_deleted must come last and once; the events came as {kinds}")
    return problems


def repeated_problems(events: list[dict[str, Any]]) -> list[str]:
    """An update reports a change: two updates that show the same targets report one change twice."""
    seen: list[Any] = []
    problems = []
    for event in events:
        if event.get("type") != "message_updated":
            continue
        targets = event.get("data", {}).get("targets")
        if targets in seen:
            problems.append("two message_updated events show the same targets: one change was reported twice")
        seen.append(targets)
    return problems
