"""Realistic defects the mock can be told to have (`--fault NAME`), to prove the contract suite catches drift.

All of them are off by default, and the mock's request path knows none of them: only when some are asked for does
create_app put them beside it (`install`): handlers bound to their defect keywords or wrapped (a 500, the answer's
JSON distorted), the authenticator wrapped (no_auth), the app wrapped (error classes), the content type and the
webhooks' signer and encoder chosen.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from voipbin_mock.auth import Authenticator
from voipbin_mock.errors import ApiError
from voipbin_mock.handlers import (
    Call,
    Handler,
    Services,
    WithHeaders,
    delete_message,
    get_accesskey,
    get_message,
    get_number,
    inject_inbound,
    list_accesskeys,
    send_message,
)
from voipbin_mock.segments import Encoding, SegmentLimits
from voipbin_mock.webhooks import sign

FAULTS = {
    "misspelled_status": "target statuses come out misspelled ('deliverd', 'queud', ...)",
    "tel_without_plus": "tel addresses in answers lose their leading +",
    "parts_off_by_one": "every target's parts is one more than the segment count",
    "missing_targets": "messages come without their targets field",
    "server_error": "listing with a page_size above 50 fails with 500",
    "no_auth": "requests without credentials are served as the first customer",
    "cross_tenant_read": "any customer can read any customer's message",
    "deleted_readable": "a deleted message can still be fetched",
    "page_repeats_item": "each page's cursor repeats the page's last message on the next page",
    "page_skips_item": "each full page leaves out its last message, which no page then shows",
    "third_timestamp_format": "tm_create comes out as 13/03/2022 15:11:05",
    "wrong_content_type": "answers are labelled text/plain",
    "final_status_changes": "every other read shows a target that left `queued` as `failed`",
    "targets_reordered": "targets come back in the reverse order of the destinations",
    "lenient_numbers": "a send takes numbers that are not E.164 and keeps them as written",
    "page_token_stuck": "a page's next_page_token is the page_token it was asked for",
    "segment_limits_skewed": "the segment counter takes 150 GSM-7 septets for one segment and 140 per part",
    "error_class_wrong": "a 404's envelope gives the class INVALID_ARGUMENT, which is 400's",
    "webhook_signature_wrong": "webhook events are signed with another key than the customer's secret",
    "webhook_update_missing": "no message_updated event is sent when a message's targets change",
    "dispatch_partly_queued": "after the dispatch, the first target shows `queued` with parts 0, the others not",
    "rebuilt_number_changed": "a target the provider rebuilt loses the last digit of its number",
    "number_status_capitalised": "numbers come with the status `Active`, as an admin screen labels it",
    "error_class_is_reason": "an error envelope's `status` repeats its `reason` (`AUTHENTICATION_REQUIRED`, ...)",
    "get_drops_source_name": "a message fetched by id comes without its source's name (a slimmer view of the row)",
    "list_loop_variable": "every message of a list page shows the source of the page's last one (a loop variable)",
    "event_text_escaped": "webhook events carry the text HTML-escaped (`&amp;`, `&lt;`), as a template would",
    "tm_create_set_at_dispatch": "once the dispatch writes a message back, its tm_create shows the moment of the write",
    "list_shows_send_time_targets": "lists show each outbound message's targets as at the send (a stale replica)",
    "list_customer_id_zero": "listed messages carry the zero UUID as customer_id (a column the list does not select)",
    "send_500_on_long_text": "a send of a text over 160 characters answers 500: the text column is too short",
    "page_oldest_first": "each page of a list holds the right messages, oldest first (an ORDER BY without DESC)",
    "number_name_stale_by_id": "a number read by id shows the name it had when bought, not the one the list shows",
    "any_customers_number_readable": "a number of any customer can be read by its id",
    "accesskey_any_owner": "an access key of any customer can be read by its id",
    "accesskey_token_listed": "listed access keys carry their secret `token` (the list selects every column)",
    "cross_tenant_delete": "any customer can delete any customer's message",
    "tm_update_before_tm_create": "a message written back shows tm_update in UTC-5 written as UTC: before tm_create",
    "target_time_in_sender_zone": "a target the provider reported on shows when, in UTC-5 as UTC: before its message",
    "tm_create_in_kst": "messages show tm_create in Korean time written as UTC: 9 hours in the future",
    "deleted_in_legacy_era": "listed messages not deleted show tm_delete as the legacy 9999-01-01 beside RFC 3339",
    "token_cookie_ignored": "a login token in the `token` cookie is not read (the cookie parser looks for `jwt`)",
    "bearer_ignored": "an `Authorization: Bearer` token is not read",
    "accesskey_cookie_ignored": "an access key in the `accesskey` cookie is not read",
    "unknown_field_refused": "a send with a field the API does not know is refused (strict JSON decoding)",
}
ZERO_UUID = "00000000-0000-0000-0000-000000000000"
MISSPELLINGS = {
    "queued": "queud",
    "sent": "snet",
    "delivered": "deliverd",
    "failed": "faild",
    "gw_timeout": "gw_timout",
    "dlr_timeout": "dlr_timout",
    "received": "recieved",
}
MESSAGE_ANSWERS = frozenset({"sendMessage", "getMessage", "deleteMessage"})
NUMBER_ANSWERS = frozenset({"listNumbers", "getNumber"})


def check_names(names: frozenset[str]) -> None:
    unknown = sorted(names - FAULTS.keys())
    if unknown:
        raise ValueError(f"unknown fault {', '.join(unknown)}; known: {', '.join(FAULTS)}")


def fails(faults: frozenset[str], operation_id: str, params: dict[str, Any], body: Any) -> bool:
    """Whether the request fails with a 500 before its handler runs (nothing is stored)."""
    if "server_error" in faults and operation_id == "listMessages" and params.get("page_size", 0) > 50:
        return True
    text = body.get("text") if isinstance(body, dict) else None
    return "send_500_on_long_text" in faults and operation_id == "sendMessage" and len(str(text or "")) > 160


def lets_through(faults: frozenset[str]) -> frozenset[tuple[str, str]]:
    """Request-body rules (JSON Schema keyword, field) that a send is let through breaking."""
    return frozenset({("pattern", "target")}) if "lenient_numbers" in faults else frozenset()


def segment_limits(faults: frozenset[str], described: dict[Encoding, SegmentLimits]) -> dict[Encoding, SegmentLimits]:
    """The limits the segment counter uses: the description's, or a plausible slip with segment_limits_skewed."""
    if "segment_limits_skewed" in faults:
        return described | {"GSM-7": SegmentLimits(single=150, multipart=140)}
    return described


def error_class(faults: frozenset[str], http_status: int, reason: str) -> str | None:
    """The envelope's `status` to give instead of the description's, if any."""
    if "error_class_is_reason" in faults:
        return reason
    return "INVALID_ARGUMENT" if "error_class_wrong" in faults and http_status == 404 else None


def webhook_signer(faults: frozenset[str]) -> Callable[[bytes, str], str]:
    """How webhook bodies are signed: with the customer's secret, or with another one."""
    if "webhook_signature_wrong" in faults:
        return lambda body, secret: sign(body, secret + "-not-the-secret")
    return sign


def webhook_encoder(faults: frozenset[str]) -> Callable[[dict[str, Any]], bytes]:
    """How an event becomes the body delivered: JSON, or with its message's text HTML-escaped."""
    if "event_text_escaped" not in faults:
        return orjson.dumps

    def escaped(event: dict[str, Any]) -> bytes:
        data = orjson.loads(orjson.dumps(event["data"]))
        if isinstance(data.get("text"), str):
            data["text"] = html.escape(data["text"])
        return orjson.dumps(event | {"data": data})

    return escaped


def content_type(faults: frozenset[str]) -> str:
    return "text/plain" if "wrong_content_type" in faults else "application/json"


def distort(
    faults: frozenset[str], operation_id: str, answer: Any, params: dict[str, Any], reads: Iterator[int]
) -> Any:
    """The answer's JSON with the configured defects; reads counts the app's reads of a message, for
    final_status_changes, which flips every other one."""
    answer = orjson.loads(orjson.dumps(answer))  # plain data, also where the answer held cached fragments
    if "number_status_capitalised" in faults and operation_id in NUMBER_ANSWERS:
        for number in answer.get("result", [answer]):
            number["status"] = number["status"].capitalize()
    messages = []
    if operation_id in MESSAGE_ANSWERS:
        messages = [answer]
    elif operation_id == "listMessages":
        messages = answer["result"]
        if "page_token_stuck" in faults and params.get("page_token") and messages:
            answer["next_page_token"] = params["page_token"]
        if "page_repeats_item" in faults and len(messages) > 1:
            answer["next_page_token"] = messages[-2]["tm_create"]
        if "page_skips_item" in faults and len(messages) > 1:
            answer["result"] = messages = messages[:-1]
        if "page_oldest_first" in faults:
            answer["result"] = messages = messages[::-1]
        for message in messages:
            if "list_loop_variable" in faults:
                message["source"] = dict(messages[-1]["source"])
            if "list_customer_id_zero" in faults:
                message["customer_id"] = ZERO_UUID
            if "list_shows_send_time_targets" in faults and message.get("direction") == "outbound":
                message["tm_update"] = None
                for target in message.get("targets", []):
                    target.update(status="queued", parts=0, tm_update=None)
    if "get_drops_source_name" in faults and operation_id == "getMessage":
        answer.get("source", {}).pop("name", None)
    if "number_name_stale_by_id" in faults and operation_id == "getNumber":
        answer["name"] = f"{answer.get('name') or 'number'} (when bought)"
    if "deleted_in_legacy_era" in faults and operation_id == "listMessages":
        for message in messages:
            if message.get("tm_delete") is None:
                message["tm_delete"] = "9999-01-01 00:00:00.000000"
    flip = "final_status_changes" in faults and operation_id == "getMessage" and next(reads) % 2 == 1
    for message in messages:
        written = message.get("tm_update") not in (None, message.get("tm_create")) and not message.get("tm_delete")
        if "tm_create_set_at_dispatch" in faults and written:
            message["tm_create"] = message["tm_update"]
        if "tm_update_before_tm_create" in faults and written:
            message["tm_update"] = shifted(message["tm_update"], hours=-5)
        if "tm_create_in_kst" in faults:
            message["tm_create"] = shifted(message["tm_create"], hours=9)
        if "target_time_in_sender_zone" in faults:
            for target in message.get("targets", []):
                if target["status"] != "queued":  # the provider's report, its time in its own zone
                    target["tm_update"] = shifted(target.get("tm_update") or message["tm_create"], hours=-5)
        if "targets_reordered" in faults and isinstance(message.get("targets"), list):
            message["targets"].reverse()
        if "missing_targets" in faults:
            message.pop("targets", None)
        if "third_timestamp_format" in faults:
            date, _, time = message["tm_create"].replace("T", " ").partition(" ")
            year, month, day = date.split("-")
            message["tm_create"] = f"{day}/{month}/{year} {time[:8]}"
        for address in [message.get("source", {}), *(t["destination"] for t in message.get("targets", []))]:
            if "tel_without_plus" in faults and address.get("type") == "tel":
                address["target"] = address["target"].lstrip("+")
        targets = message.get("targets", [])
        moved = [t for t in targets if t["status"] != "queued"] if message.get("direction") == "outbound" else []
        if "dispatch_partly_queued" in faults and moved and len(targets) > 1:
            targets[0].update(status="queued", parts=0)
        if "rebuilt_number_changed" in faults:
            for target in moved:
                target["destination"]["target"] = target["destination"]["target"][:-1]
        for target in targets:
            if flip and target["status"] != "queued" and message["direction"] == "outbound":
                target["status"] = "failed" if target["status"] != "failed" else "delivered"
            if "misspelled_status" in faults:
                target["status"] = MISSPELLINGS.get(target["status"], target["status"])
            if "parts_off_by_one" in faults:
                target["parts"] += 1
    return answer


def shifted(moment: Any, *, hours: int) -> Any:
    """An RFC 3339 moment moved by hours, written as Go's RFC3339Nano writes it; anything else as it was."""
    if not isinstance(moment, str) or "T" not in moment:
        return moment
    when = datetime.fromisoformat(moment) + timedelta(hours=hours)
    fraction = f"{when.microsecond:06d}".rstrip("0")
    return when.strftime("%Y-%m-%dT%H:%M:%S") + (f".{fraction}" if fraction else "") + "Z"


class _Without:
    """A request as the authenticator sees it, without the credentials of one place: a cookie, or a header."""

    def __init__(self, request: Any, cookie: str | None, header: bytes | None) -> None:
        self._request, self._cookie, self._header = request, cookie, header

    @property
    def cookies(self) -> dict[str, str]:
        return {k: v for k, v in self._request.cookies.items() if k != self._cookie}

    @property
    def query(self) -> dict[str, str]:
        return dict(self._request.query)

    def header(self, name: bytes) -> str | None:
        return None if name == self._header else self._request.header(name)


class _IgnoringCredentials(Authenticator):
    """token_cookie_ignored, bearer_ignored, accesskey_cookie_ignored: one place of credentials is not read."""

    def __init__(self, inner: Authenticator, cookies: set[str], header: bytes | None) -> None:
        self.__dict__.update(inner.__dict__)
        self._ignored_cookies, self._ignored_header = cookies, header

    def customer_of(self, request: Any, now_us: int) -> str:
        seen = _Without(request, None, self._ignored_header)
        for cookie in self._ignored_cookies:
            seen = _Without(seen, cookie, None)
        return super().customer_of(seen, now_us)  # type: ignore[arg-type]  # what it reads of an Incoming


# The fields of a send the API reads (SendMessageRequest's), for unknown_field_refused.
SEND_FIELDS = frozenset({"source", "destinations", "text"})


def _refusing_unknown_fields(handler: Handler) -> Handler:
    async def strict(call: Call) -> Any:
        unknown = sorted(set(call.body) - SEND_FIELDS) if isinstance(call.body, dict) else []
        if unknown:
            raise ApiError(400, "INVALID_REQUEST_BODY", f"json: unknown field {unknown[0]!r}")
        return await handler(call)

    return strict


class _FirstCustomerIfAnonymous(Authenticator):
    """no_auth: a request without credentials passes as the first customer; any other as the wrapped one says."""

    def __init__(self, inner: Authenticator, first_customer: Callable[[], str]) -> None:
        self.__dict__.update(inner.__dict__)
        self._first_customer = first_customer

    def customer_of(self, request: Any, now_us: int) -> str:
        try:
            return super().customer_of(request, now_us)
        except ApiError as error:
            if error.reason == "AUTHENTICATION_REQUIRED":
                return self._first_customer()
            raise


def _wrapped(operation_id: str, handler: Handler, names: frozenset[str], reads: Iterator[int]) -> Handler:
    """The handler with the defects of its answer: a 500 before it runs, its answer's JSON distorted after."""

    async def faulty(call: Call) -> Any:
        if fails(names, operation_id, call.params, call.body):
            raise RuntimeError("injected fault: a server error")
        result = await handler(call)
        if isinstance(result, WithHeaders):
            return WithHeaders(distort(names, operation_id, result.body, call.params, reads), result.headers)
        return distort(names, operation_id, result, call.params, reads)

    return faulty


def install(
    services: Services, handlers: dict[str, Handler], names: frozenset[str]
) -> tuple[Services, dict[str, Handler]]:
    """The services and the handlers with the defects of names: the authenticator wrapped for no_auth, handlers
    bound to their defect keywords, every handler wrapped for the defects of its answer."""
    bound: dict[str, Handler] = dict(handlers)
    if "no_auth" in names:
        services = replace(services, auth=_FirstCustomerIfAnonymous(services.auth, services.store.first_customer))
    updates = "webhook_update_missing" not in names
    bound["sendMessage"] = partial(
        send_message,
        normalise_numbers="lenient_numbers" not in names,
        limits=segment_limits(names, services.segment_limits),
        webhook_updates=updates,
    )
    bound["injectInbound"] = partial(inject_inbound, webhook_updates=updates)
    bound["getMessage"] = partial(
        get_message, any_owner="cross_tenant_read" in names, deleted_too="deleted_readable" in names
    )
    bound["getNumber"] = partial(get_number, any_owner="any_customers_number_readable" in names)
    bound["getAccesskey"] = partial(get_accesskey, any_owner="accesskey_any_owner" in names)
    bound["listAccesskeys"] = partial(list_accesskeys, secret_too="accesskey_token_listed" in names)
    bound["deleteMessage"] = partial(delete_message, any_owner="cross_tenant_delete" in names)
    if "unknown_field_refused" in names:
        bound["sendMessage"] = _refusing_unknown_fields(bound["sendMessage"])
    ignored_cookies = {
        n
        for fault, n in (("token_cookie_ignored", "token"), ("accesskey_cookie_ignored", "accesskey"))
        if fault in names
    }
    ignored_header = b"authorization" if "bearer_ignored" in names else None
    if ignored_cookies or ignored_header:
        services = replace(services, auth=_IgnoringCredentials(services.auth, ignored_cookies, ignored_header))
    reads = itertools.count()  # the app's own
    wrapped = {operation_id: _wrapped(operation_id, handler, names, reads) for operation_id, handler in bound.items()}
    return services, wrapped


def wrap_app(app: ASGIApp, names: frozenset[str]) -> ASGIApp:
    """The app, its error envelopes' class rewritten for error_class_wrong and error_class_is_reason; as it is
    without those."""
    if not names & {"error_class_wrong", "error_class_is_reason"}:
        return app

    async def faulty(scope: Scope, receive: Receive, send: Send) -> None:
        held: list[Message] = []

        async def rewrite(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 400:
                held.append(message)  # until its body: the length may change
                return
            if held and message["type"] == "http.response.body":
                start, body = held.pop(), bytes(message.get("body", b""))
                try:
                    document = orjson.loads(body)
                    name = error_class(names, start["status"], document["error"]["reason"])
                    if name is not None:
                        document["error"]["status"] = name
                        body = orjson.dumps(document)
                except (orjson.JSONDecodeError, KeyError, TypeError):
                    pass
                length = str(len(body)).encode()
                headers = [(k, length if k == b"content-length" else v) for k, v in start["headers"]]
                await send({**start, "headers": headers})
                await send({**message, "body": body})
                return
            await send(message)

        await app(scope, receive, rewrite if scope["type"] == "http" else send)

    return faulty
