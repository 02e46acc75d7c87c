"""Message webhooks as the service delivers them (bin-webhook-manager/pkg/webhookhandler/message.go).

Every change of a customer's message becomes an event `{"type": ..., "data": <the message as the API answers it>}`:
`message_created` when it is stored, `message_updated` when the dispatch changes it (at the moment its schedule
gives), `message_deleted` when it is deleted. Events leave after the change is stored, off the request path: a
handler only queues. Each is sent with the customer's method, signed when there is a secret (`sha256=` and the hex
HMAC-SHA256 of the raw body, in the header the description's WebhookSignature names), and tried up to `attempts`
times, `seconds_between` apart, while the receiver cannot be reached or answers 5xx, as the description's
`x-delivery` says; any other answer ends it. Loopback URLs are allowed (the service refuses them).

Ordered, one customer's events leave one after the other, in the order of the changes. Unordered, as the service
publishes them (each in a goroutine of its own: bin-common-handler/pkg/notifyhandler/publish.go), each event leaves
on its own after a random delay of up to UNORDERED_JITTER_SECONDS, so that a later change can arrive first.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

log = logging.getLogger("voipbin_mock.webhooks")
# Events waiting per customer; beyond, the oldest undelivered is dropped, with a log line (memory stays bounded).
MAX_QUEUED = 100_000
SEND_SECONDS = 10.0  # how long one attempt may take
# Unordered, how long an event may wait before it leaves: longer than the suite's dispatch delay, so that a
# message_updated can overtake its message_created.
UNORDERED_JITTER_SECONDS = 1.0


@dataclass(frozen=True)
class Destination:
    """Where a customer's events go."""

    uri: str
    method: str = "POST"
    secret: str = ""


@dataclass(frozen=True)
class DeliveryRule:
    """How often and how far apart a delivery is tried (x-delivery in the description), and the header the
    signature goes in (the description's WebhookSignature parameter)."""

    attempts: int
    seconds_between: float
    signature_header: str


def delivery_rule(spec: Mapping[str, Any]) -> DeliveryRule:
    """The rule the description gives its webhooks (the same on each)."""
    rules = {
        (int(op["x-delivery"]["attempts"]), float(op["x-delivery"]["seconds_between"]))
        for item in spec.get("webhooks", {}).values()
        for op in item.values()
    }
    if len(rules) != 1:
        raise ValueError("the description's webhooks must share one x-delivery rule")
    attempts, seconds = rules.pop()
    return DeliveryRule(attempts, seconds, str(spec["components"]["parameters"]["WebhookSignature"]["name"]))


def sign(body: bytes, secret: str) -> str:
    """The signature header's value as the service computes it (`computeSignature`): `sha256=` and the lowercase
    hex HMAC-SHA256 of the raw body keyed by the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Webhooks:
    """Queues each customer's events and delivers them in order, in the background of the app's event loop."""

    def __init__(
        self,
        destinations: Mapping[str, Destination],
        rule: DeliveryRule,
        *,
        sign_body: Callable[[bytes, str], str] = sign,
        transport: httpx.AsyncBaseTransport | None = None,
        ordered: bool = True,
        rng: random.Random | None = None,
    ) -> None:
        self._destinations = dict(destinations)
        self._rule = rule
        self._sign = sign_body
        self._queues: dict[str, asyncio.Queue[bytes]] = {}
        self._workers: list[asyncio.Task[None]] = []
        self._timers: set[asyncio.TimerHandle] = set()
        self._client: httpx.AsyncClient | None = None
        self._transport = transport  # tests give a stub; None: the network
        self._ordered = ordered
        self._rng = rng or random.Random()
        self._loose: dict[str, set[asyncio.Task[None]]] = {}  # unordered: each customer's events on their way

    @property
    def ordered(self) -> bool:
        """Whether one customer's events leave in the order of the changes."""
        return self._ordered

    def wants(self, customer: str) -> bool:
        return customer in self._destinations

    def publish(self, customer: str, event_type: str, message: Any) -> None:
        """Queue an event; message is the message as the API answers it (JSON-ready, or an orjson Fragment)."""
        if customer not in self._destinations:
            return
        body = orjson.dumps({"type": event_type, "data": message})
        if not self._ordered:
            self._publish_alone(customer, body)
            return
        queue = self._queues.get(customer)
        if queue is None:
            queue = self._queues[customer] = asyncio.Queue()
            self._workers.append(asyncio.get_running_loop().create_task(self._deliver(customer, queue)))
        if queue.qsize() >= MAX_QUEUED:
            queue.get_nowait()
            log.warning(
                "customer %s: more than %d webhook events waiting; the oldest was dropped", customer, MAX_QUEUED
            )
        queue.put_nowait(body)

    def _publish_alone(self, customer: str, body: bytes) -> None:
        """Unordered: the event leaves on its own after a random delay, as the service's goroutines do."""
        loose = self._loose.setdefault(customer, set())
        if len(loose) >= MAX_QUEUED:
            log.warning("customer %s: more than %d webhook events waiting; this one was dropped", customer, MAX_QUEUED)
            return
        delay = self._rng.uniform(0.0, UNORDERED_JITTER_SECONDS)

        async def deliver() -> None:
            await asyncio.sleep(delay)
            await self._send(self._destinations[customer], body)

        task = asyncio.get_running_loop().create_task(deliver())
        loose.add(task)
        task.add_done_callback(loose.discard)

    def publish_later(self, delay_seconds: float, publish: Callable[[], None]) -> None:
        """Run publish after delay_seconds on the event loop (a target's scheduled change)."""
        loop = asyncio.get_running_loop()
        handle: asyncio.TimerHandle

        def fire() -> None:
            self._timers.discard(handle)
            publish()

        handle = loop.call_later(max(0.0, delay_seconds), fire)
        self._timers.add(handle)

    async def _deliver(self, customer: str, queue: asyncio.Queue[bytes]) -> None:
        destination = self._destinations[customer]
        while True:
            body = await queue.get()
            await self._send(destination, body)
            queue.task_done()

    async def _send(self, destination: Destination, body: bytes) -> None:
        headers = {"Content-Type": "application/json"}
        if destination.secret:
            headers[self._rule.signature_header] = self._sign(body, destination.secret)
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=SEND_SECONDS, transport=self._transport)
        for attempt in range(1, self._rule.attempts + 1):
            try:
                response = await self._client.request(
                    destination.method, destination.uri, content=body, headers=headers
                )
                if response.status_code < 500:
                    return
                problem = f"answered {response.status_code}"
            except httpx.HTTPError as error:
                problem = f"could not be reached ({type(error).__name__})"
            if attempt < self._rule.attempts:
                await asyncio.sleep(self._rule.seconds_between)
        log.warning("webhook %s %s after %d attempts; the event is dropped", destination.uri, problem, attempt)

    async def drain(self, seconds: float = 5.0) -> None:
        """Wait, at most seconds, for the queued events to be delivered (the app is stopping)."""
        waiting: list[Awaitable[Any]] = [q.join() for q in self._queues.values()]
        waiting += [asyncio.wait(tasks) for tasks in self._loose.values() if tasks]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*waiting), seconds)

    async def close(self) -> None:
        for timer in self._timers:
            timer.cancel()
        for worker in [*self._workers, *(task for tasks in self._loose.values() for task in tasks)]:
            worker.cancel()
        if self._client is not None:
            await self._client.aclose()
