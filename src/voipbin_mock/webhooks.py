"""Webhooks as the service delivers them (bin-webhook-manager/pkg/webhookhandler/message.go and main.go).

Every change of a customer's message becomes an event `{"type": ..., "data": <the message as the API answers it>}`:
`message_created` when it is stored, `message_updated` when the dispatch changes it (at the moment its schedule
gives), `message_deleted` when it is deleted. Events leave after the change is stored, off the request path: a
handler only queues. Each is sent as the description's `x-delivery` says: with the customer's method (none set, `""`:
GET with the body, as Go's http.NewRequest sends it, in the service profile; POST in the tutorial's), signed
(`sha256=` and the hex HMAC-SHA256 of the raw body, in the header the description's WebhookSignature names), and
tried up to `attempts` times, `seconds_between` apart, while the receiver cannot be reached, answers 5xx or
redirects more than `redirects.followed` times; any other answer ends it. A redirect is followed as Go's client
follows it: 301, 302 and 303 as a GET without a body, 307 and 308 as they came. Each attempt has the timeouts of
`x-delivery.seconds` (to connect, to the answer's headers, in all). Loopback URLs are allowed (the service refuses
them).

Ordered, one customer's events leave one after the other, in the order of the changes. Unordered, as the service
publishes them (each in a goroutine of its own: bin-common-handler/pkg/notifyhandler/publish.go), each event may
leave after a random delay of up to its jitter (unordered_jitter: twice the dispatch delay, at most
UNORDERED_JITTER_SECONDS), several at once, so that a later change can arrive first.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

log = logging.getLogger("voipbin_mock.webhooks")
# Events waiting per customer, by count and by bytes; beyond either, the oldest undelivered is dropped, with a log
# line (memory stays bounded whatever a hung receiver does).
MAX_QUEUED = 100_000
MAX_QUEUED_BYTES = 64 * 1024 * 1024
# How much of a receiver's answer is read: its status is all the mock needs; the rest is not waited for.
MAX_ANSWER_BYTES = 64 * 1024
# Unordered, how long an event may wait before it leaves (unordered_jitter): up to twice the dispatch delay, so that
# a message_updated can overtake its message_created (one time in eight), but no more than UNORDERED_JITTER_SECONDS
# (a slower dispatch is not overtaken) nor less than MIN_JITTER_SECONDS (changes made at one moment still leave in
# any order); and how many of a customer's events may be on their way at once (each on a connection of its own, as
# the service's goroutines are).
UNORDERED_JITTER_SECONDS = 1.0
MIN_JITTER_SECONDS = 0.05
UNORDERED_WORKERS = 4


def unordered_jitter(dispatch_seconds: float) -> float:
    """The longest an unordered event waits before it leaves, when a message's dispatch comes dispatch_seconds after
    its send."""
    return min(UNORDERED_JITTER_SECONDS, max(MIN_JITTER_SECONDS, 2 * dispatch_seconds))


class TooManyRedirects(Exception):
    """A delivery redirected more often than the rule follows: a failed attempt, as Go's CheckRedirect makes it."""


@dataclass(frozen=True)
class Destination:
    """Where a customer's events go: with method (`""`: none set), signed with secret."""

    uri: str
    method: str = ""
    secret: str = ""


def url_problem(url: str) -> str | None:
    """Why url cannot be a webhook's (a character that is not printable or a space, not http or https, no host,
    not parseable); None if it can."""
    if any(not c.isprintable() or c.isspace() for c in url):
        return "it holds a control character or a space"
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as error:
        return f"it is not a URL ({error})"
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return "it is not an http or https URL with a host"
    return None


def shown_url(url: str) -> str:
    """url as logs and banners show it: without credentials (`user:password@`) or query (`?token=`)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return "<an invalid URL>"
    port = f":{parsed.port}" if parsed.port else ""
    hidden = "?<query hidden>" if parsed.query else ""
    return f"{parsed.scheme}://{parsed.host}{port}{parsed.path}{hidden}"


@dataclass(frozen=True)
class DeliveryRule:
    """How a delivery is tried (x-delivery in the description): attempts, seconds_between, the method of a customer
    who set none, how many redirects are followed and which turn into a GET without a body, each attempt's
    timeouts; and the header the signature goes in (the description's WebhookSignature parameter)."""

    attempts: int
    seconds_between: float
    signature_header: str
    method_when_unset: str = "GET"
    redirects: int = 2
    to_get_without_body: frozenset[int] = frozenset({301, 302, 303})
    connect_seconds: float = 10.0
    headers_seconds: float = 15.0
    total_seconds: float = 30.0


def delivery_rule(spec: Mapping[str, Any]) -> DeliveryRule:
    """The rule the description gives its webhooks (the same on each)."""
    rules = [op["x-delivery"] for item in spec.get("webhooks", {}).values() for op in item.values()]
    if not rules or any(rule != rules[0] for rule in rules):
        raise ValueError("the description's webhooks must share one x-delivery rule")
    rule = rules[0]
    seconds, redirects = rule["seconds"], rule["redirects"]
    return DeliveryRule(
        int(rule["attempts"]),
        float(rule["seconds_between"]),
        str(spec["components"]["parameters"]["WebhookSignature"]["name"]),
        str(rule["method"]["when_unset"]),
        int(redirects["followed"]),
        frozenset(int(status) for status in redirects["to_get_without_body"]),
        float(seconds["connect"]),
        float(seconds["response_headers"]),
        float(seconds["total"]),
    )


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
        encode: Callable[[dict[str, Any]], bytes] = orjson.dumps,
        transport: httpx.AsyncBaseTransport | None = None,
        ordered: bool = True,
        jitter_seconds: float = UNORDERED_JITTER_SECONDS,
        rng: random.Random | None = None,
        method_when_unset: str | None = None,
    ) -> None:
        for destination in destinations.values():
            problem = url_problem(destination.uri)
            if problem:
                raise ValueError(f"the webhook URL {shown_url(destination.uri)!r} cannot be used: {problem}")
        self._destinations = dict(destinations)
        self._queued_bytes: dict[str, int] = {}
        self._rule = rule
        self._sign = sign_body
        self._encode = encode
        # Per customer: (when it may leave, publication number, body), earliest first.
        self._queues: dict[str, asyncio.PriorityQueue[tuple[float, int, bytes]]] = {}
        self._published = itertools.count()
        self._workers: list[asyncio.Task[None]] = []
        self._timers: set[asyncio.TimerHandle] = set()
        self._client: httpx.AsyncClient | None = None
        self._transport = transport  # tests give a stub; None: the network
        self._ordered = ordered
        self._jitter = jitter_seconds  # unordered, the longest an event waits before it leaves
        self._rng = rng or random.Random()
        # The method of a customer who set none: the rule's (the service's GET), unless told (the tutorial's POST).
        self._method_when_unset = method_when_unset or rule.method_when_unset

    @property
    def ordered(self) -> bool:
        """Whether one customer's events leave in the order of the changes."""
        return self._ordered

    @property
    def jitter_seconds(self) -> float:
        """Unordered, the longest an event waits before it leaves."""
        return self._jitter

    def wants(self, customer: str) -> bool:
        return customer in self._destinations

    def publish(self, customer: str, event_type: str, message: Any) -> None:
        """Queue an event; message is the message as the API answers it (JSON-ready, or an orjson Fragment)."""
        if customer not in self._destinations:
            return
        body = self._encode({"type": event_type, "data": message})
        loop = asyncio.get_running_loop()
        queue = self._queues.get(customer)
        if queue is None:
            queue = self._queues[customer] = asyncio.PriorityQueue()
            workers = 1 if self._ordered else UNORDERED_WORKERS
            self._workers += [loop.create_task(self._deliver(customer, queue)) for _ in range(workers)]
        queued = self._queued_bytes.get(customer, 0) + len(body)
        while queue.qsize() >= MAX_QUEUED or (queued > MAX_QUEUED_BYTES and not queue.empty()):
            _, _, dropped = queue.get_nowait()
            queue.task_done()
            queued -= len(dropped)
            log.warning(
                "customer %s: more than %d webhook events or %d bytes waiting; the oldest was dropped",
                customer,
                MAX_QUEUED,
                MAX_QUEUED_BYTES,
            )
        self._queued_bytes[customer] = queued
        delay = 0.0 if self._ordered else self._rng.uniform(0.0, self._jitter)
        queue.put_nowait((loop.time() + delay, next(self._published), body))

    def publish_later(self, delay_seconds: float, publish: Callable[[], None]) -> None:
        """Run publish after delay_seconds on the event loop (a target's scheduled change)."""
        loop = asyncio.get_running_loop()
        handle: asyncio.TimerHandle

        def fire() -> None:
            self._timers.discard(handle)
            publish()

        handle = loop.call_later(max(0.0, delay_seconds), fire)
        self._timers.add(handle)

    async def _deliver(self, customer: str, queue: asyncio.PriorityQueue[tuple[float, int, bytes]]) -> None:
        """One of a customer's delivery workers: the event that may leave first, once it may."""
        destination = self._destinations[customer]
        loop = asyncio.get_running_loop()
        while True:
            leaves_at, _, body = await queue.get()
            self._queued_bytes[customer] -= len(body)
            await asyncio.sleep(max(0.0, leaves_at - loop.time()))
            try:
                await self._send(destination, body)
            except Exception:  # the worker outlives any event: the customer's later events still leave
                log.exception("webhook %s: an event could not be delivered", shown_url(destination.uri))
            queue.task_done()

    async def _send(self, destination: Destination, body: bytes) -> None:
        headers = {"Content-Type": "application/json"}
        if destination.secret:
            headers[self._rule.signature_header] = self._sign(body, destination.secret)
        if self._client is None:
            rule = self._rule
            timeout = httpx.Timeout(rule.headers_seconds, connect=rule.connect_seconds)
            self._client = httpx.AsyncClient(timeout=timeout, transport=self._transport, follow_redirects=False)
        method = destination.method or self._method_when_unset
        for attempt in range(1, self._rule.attempts + 1):
            try:
                status = await self._attempt(method, destination.uri, body, headers)
                if status < 500:
                    return
                problem = f"answered {status}"
            except TimeoutError:
                problem = f"took more than {self._rule.total_seconds:g} s"
            except TooManyRedirects:
                problem = f"redirected more than {self._rule.redirects} times"
            except (httpx.HTTPError, httpx.InvalidURL) as error:
                problem = f"could not be reached ({type(error).__name__})"
            if attempt < self._rule.attempts:
                await asyncio.sleep(self._rule.seconds_between)
        log.warning(
            "webhook %s %s after %d attempts; the event is dropped", shown_url(destination.uri), problem, attempt
        )

    async def _attempt(self, method: str, uri: str, body: bytes, headers: dict[str, str]) -> int:
        """One delivery, redirects followed as Go's client follows them, all within the rule's total seconds: the
        receiver's status (TimeoutError if it has not come by then, TooManyRedirects past the rule's redirects)."""
        deadline = asyncio.get_running_loop().time() + self._rule.total_seconds
        content: bytes | None = body
        for redirect in range(self._rule.redirects + 1):
            status, location = await self._one_request(method, uri, content, headers, deadline)
            if location is None:
                return status
            if redirect == self._rule.redirects:
                raise TooManyRedirects
            uri = str(httpx.URL(uri).join(location))
            if status in self._rule.to_get_without_body and method != "HEAD":
                method, content = "GET", None
                headers = {k: v for k, v in headers.items() if k != "Content-Type"}
        raise AssertionError("unreachable")  # pragma: no cover

    async def _one_request(
        self, method: str, uri: str, content: bytes | None, headers: dict[str, str], deadline: float
    ) -> tuple[int, str | None]:
        """One request of a delivery: its status, and where it redirects to (None if it does not). Its answer's
        body is read only to the deadline and at most MAX_ANSWER_BYTES: the status is the answer, and a receiver
        that drips or streams its body has still answered."""
        assert self._client is not None
        request = self._client.build_request(method, uri, content=content, headers=headers)
        async with asyncio.timeout_at(deadline):
            response = await self._client.send(request, stream=True)
        try:
            async with asyncio.timeout_at(deadline):
                read = 0
                async for chunk in response.aiter_raw():
                    read += len(chunk)
                    if read >= MAX_ANSWER_BYTES:
                        break
        except (TimeoutError, httpx.StreamConsumed, httpx.HTTPError):  # the body is not the answer
            pass
        finally:
            await response.aclose()
        location = response.headers.get("location") if response.is_redirect else None
        return response.status_code, location

    async def drain(self, seconds: float = 5.0) -> None:
        """Wait, at most seconds, for the queued events to be delivered (the app is stopping)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(q.join() for q in self._queues.values())), seconds)

    async def close(self) -> None:
        for timer in self._timers:
            timer.cancel()
        for worker in self._workers:
            worker.cancel()
        if self._client is not None:
            await self._client.aclose()
