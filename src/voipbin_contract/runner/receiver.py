"""The suite's webhook receiver: it records every event a server delivers, for the rules of
voipbin_contract.rules.events.

Against the bundled mock the suite runs it on 127.0.0.1 and starts the mock with it as --webhook-url. Against another
server it listens where `--voipbin-webhook-listen` says (host:port), which the customer's webhook URL must reach (a
tunnel or a public host). Signatures are checked with the customer's secret (GET /v1.0/customer), or
`VOIPBIN_WEBHOOK_SECRET`. Events come with the customer's method, GET with the body when none is set: every method
is taken, each delivery recorded with it.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from voipbin_contract.rules.events import SIGNATURE_HEADER, Delivery


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
                    receiver.refused.append((status, Delivery(time.monotonic(), dict(self.headers), b"", self.command)))
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
                delivery = Delivery(time.monotonic(), dict(self.headers), body, self.command)
                about = _message_id(body)
                with receiver._lock:
                    receiver.deliveries.append(delivery)
                    if about is not None:
                        receiver._by_message.setdefault(about[0], []).append((delivery, about[1]))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PUT = do_PATCH = do_GET = do_DELETE = _receive

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
