"""One function per operationId of openapi.yaml, plus the mock's own control operations.

A handler gets a Call (who is calling, the checked parameters and body, the moment) and returns the JSON to answer
with 200, or raises ApiError. Request rules come from the description (voipbin_mock.openapi), not from here; what
is here is what a schema cannot say: ownership, balance, tenancy, lifecycle.

In the service profile the handlers do what the live service does where it differs from the documented contract
(openapi.yaml's known deviations): a send normalises numbers, does not check the source's owner, takes a send
without text, source or an address's type or target, charges a flat price per destination (and per inbound
message) and answers 500 when the balance is short; lists show deleted messages; a deleted message can be deleted
again; an inbound message stays `received`.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any, Protocol, TypeVar

from voipbin_mock import errors, views
from voipbin_mock.auth import Authenticator
from voipbin_mock.config import MockConfig
from voipbin_mock.errors import MOCK_ONLY_STATUS_NAMES, ApiError
from voipbin_mock.fixtures import CustomerFixture
from voipbin_mock.lifecycle import Dispatcher, inbound_schedule, outbound_schedule, service_schedules
from voipbin_mock.request_ids import RequestIds
from voipbin_mock.segments import Encoding, SegmentLimits, count_segments
from voipbin_mock.store import NO_CURSOR, InsufficientBalance, MessageRow, NewMessage, Store, StoredMessage
from voipbin_mock.timestamps import TimestampFormat, format_cursor, parse_cursor
from voipbin_mock.views import MessageRenderer
from voipbin_mock.webhooks import Webhooks
from voipbin_mock.writer import GroupWriter

ListedRow = TypeVar("ListedRow", bound="Listed")
OwnedRow = TypeVar("OwnedRow", bound="Owned")


@dataclass(frozen=True)
class Services:
    """What handlers work with; one per running app."""

    config: MockConfig
    store: Store
    auth: Authenticator
    fmt: TimestampFormat
    renderer: MessageRenderer
    writer: GroupWriter
    segment_limits: dict[Encoding, SegmentLimits]  # the description's, by encoding
    webhooks: Webhooks | None = None  # None: no customer has a webhook
    # Chooses each message's dispatch path (service profile); its rng, seeded by config.seed, the Telnyx order too.
    dispatcher: Dispatcher = field(default_factory=lambda: Dispatcher("either", random.Random()))
    # The envelope's `status` of each HTTP status (errors.status_names), and the app's request ids.
    status_names: Mapping[int, str] = field(default_factory=lambda: dict(MOCK_ONLY_STATUS_NAMES))
    request_ids: RequestIds = field(default_factory=RequestIds)
    # The customers by id, their webhook settings as the run has them (app.effective_customers).
    customers: Mapping[str, CustomerFixture] = field(default_factory=dict)
    # The longest text a send may have, in bytes of UTF-8 (x-max-bytes of SendMessageRequest.text); None: no limit.
    text_max_bytes: int | None = None

    @property
    def as_service(self) -> bool:
        """Whether the mock answers as the live service does (the service profile)."""
        return self.config.profile == "service"


@dataclass(frozen=True)
class Call:
    """One request, checked: the caller (None for login), its parameters and body, and when it arrived."""

    services: Services
    customer_id: str | None
    params: dict[str, Any]
    body: Any
    now_us: int

    @property
    def customer(self) -> str:
        if self.customer_id is None:  # only operations without security have no customer; they don't ask
            raise ApiError(401, "AUTHENTICATION_REQUIRED", errors.AUTHENTICATION_REQUIRED)
        return self.customer_id


Handler = Callable[[Call], Awaitable[Any]]
# The login cookie lives as long as the service's (bin-api-manager: Max-Age of 7 days), whatever the token's own TTL.
LOGIN_COOKIE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class WithHeaders:
    """An answer's JSON with headers of its own (the login's cookie)."""

    body: Any
    headers: dict[str, str]


def page_window(params: dict[str, Any]) -> tuple[int, int] | None:
    """(exclusive tm_create bound, page size) from page_token and page_size; None when the token matches nothing.

    page_size is read with the description's default and clamp (x-clamped), as the service reads it.
    """
    size = int(params["page_size"])
    token = params.get("page_token")
    if token is None or token == "":
        return NO_CURSOR, size
    bound = parse_cursor(token)
    return (bound, size) if bound is not None else None


class Listed(Protocol):
    """A stored row that lists are paged by."""

    @property
    def tm_create(self) -> int: ...


class Owned(Protocol):
    """A stored row that belongs to one customer."""

    @property
    def customer_id(self) -> str: ...


def listing(
    call: Call, fetch: Callable[[str, int, int], Sequence[ListedRow]], render: Callable[[ListedRow], Any]
) -> dict[str, Any]:
    """One page of the caller's items, newest first, in the list envelope.

    next_page_token is the last item's tm_create, empty when the page is empty.
    """
    window = page_window(call.params)
    rows = fetch(call.customer, *window) if window else []
    cursor = format_cursor(rows[-1].tm_create) if rows else ""
    return {"result": [render(row) for row in rows], "next_page_token": cursor}


async def login(call: Call) -> Any:
    body = call.body
    customer = call.services.store.login(body["username"], body["password"])
    if customer is None:
        raise ApiError(400, "LOGIN_FAILED", errors.LOGIN_FAILED)
    token = call.services.auth.issue(customer, body["username"], call.now_us)
    cookie = f"token={token}; Path=/; Max-Age={LOGIN_COOKIE_SECONDS}; HttpOnly; Secure; SameSite=Strict"
    return WithHeaders({"username": body["username"], "token": token}, {"Set-Cookie": cookie})


async def get_customer(call: Call) -> Any:
    """The caller's own customer, with its webhook settings and secret (bin-api-manager/server/customer.go)."""
    return views.customer(call.services.customers[call.customer], call.services.fmt)


async def list_numbers(call: Call) -> Any:
    services = call.services
    render = lambda row: views.number(row, services.fmt, service=services.as_service)  # noqa: E731
    return listing(call, services.store.list_numbers, render)


async def get_number(call: Call, *, any_owner: bool = False) -> Any:
    """A number by id; the keyword is a defect (voipbin_mock.faults): another customer's."""
    row = _owned(call.services.store.get_number(call.params["id"]), call.customer, "number", any_owner=any_owner)
    return views.number(row, call.services.fmt, service=call.services.as_service)


async def list_accesskeys(call: Call, *, secret_too: bool = False) -> Any:
    """The caller's access keys; the keyword is a defect (voipbin_mock.faults): each with its secret."""
    services = call.services

    def render(row: Any) -> dict[str, Any]:
        shown = views.accesskey(row, services.fmt, service=services.as_service)
        return shown | {"token": row.token} if secret_too else shown

    return listing(call, services.store.list_accesskeys, render)


async def get_accesskey(call: Call, *, any_owner: bool = False) -> Any:
    """Another customer's key is hidden as if it did not exist (bin-api-manager/pkg/servicehandler/accesskeys.go):
    404, with the API's untyped RESOURCE_NOT_FOUND as the service answers it, or the ACCESSKEY_NOT_FOUND that the
    developer docs (restful_api_errors.rst) document for it."""
    services = call.services
    row = services.store.get_accesskey(call.params["id"])
    if row is not None and row.customer_id != call.customer and not any_owner:
        reason = "RESOURCE_NOT_FOUND" if services.as_service else errors.NOT_FOUND_REASONS["access key"]
        raise ApiError(404, reason, errors.NOT_FOUND.format(kind="access key"))
    owned = _owned(row, call.customer, "access key", any_owner=any_owner)
    return views.accesskey(owned, services.fmt, service=services.as_service)


async def send_message(
    call: Call,
    *,
    normalise_numbers: bool = True,
    limits: dict[Encoding, SegmentLimits] | None = None,
    webhook_updates: bool = True,
) -> Any:
    """A send. The keywords are the defects the mock can be told to have (voipbin_mock.faults binds them): numbers
    kept as written, other segment limits than the description's, no message_updated events."""
    services, body = call.services, call.body
    as_service = services.as_service
    normalise = as_service and normalise_numbers
    text = str(body.get("text", ""))  # the service sends a missing text as ""
    size = len(text.encode())
    if services.text_max_bytes is not None and size > services.text_max_bytes:
        message = errors.TEXT_TOO_LONG.format(size=size, limit=services.text_max_bytes)
        raise ApiError(400, "INVALID_ARGUMENT", message)
    source = views.address(body.get("source", {}), normalise=normalise)
    if not as_service and services.store.owner_of_number(source["target"]) != call.customer:
        raise ApiError(403, "SOURCE_NOT_OWNED", errors.SOURCE_NOT_OWNED.format(number=source["target"]))
    parts = count_segments(text, limits or services.segment_limits)
    destinations = [views.address(d, normalise=normalise) for d in body["destinations"]]
    # The documented charge is per segment per destination; the service charges a flat price per destination.
    charged = len(destinations) if as_service else parts * len(destinations)
    delays = services.config.delays
    if as_service:  # dispatched as the service dispatches: through Telnyx, MessageBird, or not at all
        path = services.dispatcher.path([d["target"] for d in destinations])
        schedule_for = service_schedules(path, len(destinations), delays, services.dispatcher.rng)
    else:
        schedule_for = lambda _index, target, queued_us: outbound_schedule(target, queued_us, delays)  # noqa: E731
    request = NewMessage(
        call.customer,
        "outbound",
        source,
        [(d, parts) for d in destinations],
        text,
        call.now_us,
        schedule_for,
        charged * services.store.price_micros,
    )
    try:
        row = await services.writer.create_message(request)
    except InsufficientBalance:
        if as_service:  # the service's balance check fails untyped, which its API answers as 500
            raise ApiError(500, "INTERNAL", errors.INTERNAL_AS_SERVICE) from None
        price = Decimal(services.store.price_micros) / 1_000_000
        message = errors.INSUFFICIENT_BALANCE.format(segments=charged, price=price)
        raise ApiError(402, "INSUFFICIENT_BALANCE", message) from None
    answer = views.message(row, services.fmt, row.tm_create, just_sent=True, service=as_service)
    announce_created(services, row, answer, updates=webhook_updates)
    return answer


async def list_messages(call: Call) -> Any:
    services = call.services

    def fetch(customer: str, before_us: int, limit: int) -> list[StoredMessage]:
        return services.store.list_messages(customer, before_us, limit, deleted=services.as_service)

    return listing(call, fetch, lambda row: services.renderer.render(row, call.now_us))


async def get_message(call: Call, *, any_owner: bool = False, deleted_too: bool = False) -> Any:
    """A message by id; the keywords are defects (voipbin_mock.faults): another customer's, or a deleted one."""
    row = _live_message(call, any_owner=any_owner, deleted_too=deleted_too)
    return call.services.renderer.render(row, call.now_us)


async def delete_message(call: Call, *, any_owner: bool = False) -> Any:
    """A message deleted; the keyword is a defect (voipbin_mock.faults): another customer's."""
    services = call.services
    if services.as_service:  # the service deletes a deleted message again
        _owned(services.store.get_message(call.params["id"]), call.customer, "message", any_owner=any_owner)
    else:
        _live_message(call, any_owner=any_owner)
    row = services.store.delete_message(call.params["id"], call.now_us, again=services.as_service)
    if row is None:  # deleted by another request in between
        raise ApiError(404, "RESOURCE_NOT_FOUND", errors.DELETED.format(kind="message"))
    answer = views.message(row, services.fmt, call.now_us, service=services.as_service)
    if services.webhooks is not None:
        services.webhooks.publish(row.customer_id, "message_deleted", answer)
    return answer


async def inject_inbound(call: Call, *, webhook_updates: bool = True) -> Any:
    """POST /_mock/inbound: a message from `source` arrives at `destination`, owned by some customer (without
    message_updated events if webhook_updates is off, a defect)."""
    services, body = call.services, call.body
    owner = services.store.owner_of_number(body["destination"])
    if owner is None:
        raise ApiError(404, "NUMBER_NOT_FOUND", errors.NUMBER_NOT_FOUND.format(number=body["destination"]))
    parts = count_segments(body["text"], services.segment_limits)
    # Documented, an inbound target moves on to `delivered`; the service writes `received` and nothing moves it.
    delivered_after = None if services.as_service else services.config.delays.delivered
    request = NewMessage(
        owner,
        "inbound",
        views.address({"type": "tel", "target": body["source"]}),
        [(views.address({"type": "tel", "target": body["destination"]}), parts)],
        body["text"],
        call.now_us,
        lambda _index, _target, queued_us: inbound_schedule(queued_us, delivered_after),
        # The service's billing charges every message_created, inbound ones too, flat per target (known deviation
        # charge-flat-per-destination); documented, receiving is free. The charge may take the balance below 0.
        services.store.price_micros if services.as_service else 0,
        overdraw=True,
    )
    row = await services.writer.create_message(request)
    answer = views.message(row, services.fmt, call.now_us, service=services.as_service)
    announce_created(services, row, answer, updates=webhook_updates)
    return answer


def announce_created(services: Services, row: MessageRow, answer: Any, *, updates: bool = True) -> None:
    """message_created now, and (unless updates is off, a defect) message_updated at each moment the schedule
    changes one of its targets."""
    webhooks = services.webhooks
    if webhooks is None or not webhooks.wants(row.customer_id):
        return
    webhooks.publish(row.customer_id, "message_created", answer)
    if not updates:
        return
    moments: set[int] = set()
    for target in row.targets:
        moment = target.schedule.next_change_after(row.tm_create)
        while moment is not None:
            moments.add(moment)
            moment = target.schedule.next_change_after(moment)
    now = services.config.clock()
    for moment in sorted(moments):
        webhooks.publish_later((moment - now) / 1_000_000, partial(_announce_updated, services, row.id, moment))


def _announce_updated(services: Services, message_id: str, moment_us: int) -> None:
    stored = services.store.get_message(message_id)
    if stored is None or stored.tm_delete is not None or services.webhooks is None:
        return  # deleted meanwhile: the service would not report a change of it any more
    # The event loop's timers may fire a little before the clock reaches the moment (libuv counts milliseconds).
    rendered = services.renderer.render(stored, max(services.config.clock(), moment_us))
    services.webhooks.publish(stored.customer_id, "message_updated", rendered)


def _live_message(call: Call, *, any_owner: bool = False, deleted_too: bool = False) -> StoredMessage:
    """The message the call names: 404 if there is none or it is deleted, 403 if another customer's. The faults
    cross_tenant_read and deleted_readable skip a check (any_owner, deleted_too)."""
    row = _owned(call.services.store.get_message(call.params["id"]), call.customer, "message", any_owner=any_owner)
    if row.tm_delete is not None and not deleted_too:
        raise ApiError(404, "RESOURCE_NOT_FOUND", errors.DELETED.format(kind="message"))
    return row


def _owned(row: OwnedRow | None, caller: str, kind: str, *, any_owner: bool = False) -> OwnedRow:
    """The row if the caller owns it; 404 when there is none, 403 when it is another customer's."""
    if row is None:
        raise ApiError(404, errors.NOT_FOUND_REASONS[kind], errors.NOT_FOUND.format(kind=kind))
    if row.customer_id != caller and not any_owner:
        raise ApiError(403, "PERMISSION_DENIED", errors.PERMISSION_DENIED.format(kind=kind))
    return row


HANDLERS: dict[str, Handler] = {
    "login": login,
    "getCustomer": get_customer,
    "listNumbers": list_numbers,
    "getNumber": get_number,
    "listAccesskeys": list_accesskeys,
    "getAccesskey": get_accesskey,
    "sendMessage": send_message,
    "listMessages": list_messages,
    "getMessage": get_message,
    "deleteMessage": delete_message,
}
