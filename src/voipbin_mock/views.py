"""Stored rows as the JSON the API answers with, in the configured timestamp era, at a given moment.

Two shapes: the tutorial's, and the live service's (`service=True`), which leaves out empty Address, name and detail
fields, answers `null` for moments not set yet, and shows a target's `parts` only once the provider has counted.
"""

from __future__ import annotations

from typing import Any

import orjson

from voipbin_mock.fixtures import CustomerFixture
from voipbin_mock.store import AccesskeyRow, MessageRow, NumberRow, StoredMessage
from voipbin_mock.timestamps import TimestampFormat

ZERO_UUID = "00000000-0000-0000-0000-000000000000"
DISPLAY_FIELDS = ("target_name", "name", "detail")
# How many characters of an access key the listing shows.
TOKEN_PREFIX_LENGTH = 8


def address(fields: dict[str, Any], *, normalise: bool = False) -> dict[str, str]:
    """An Address as the service stores it: every field not given an empty string (the service's send lets a
    missing `type` or `target` through); with normalise, a `tel` target as the service normalises it instead of
    refusing it (normalised_tel)."""
    target = str(fields.get("target", ""))
    if normalise and fields.get("type") == "tel":
        target = normalised_tel(target)
    stored = {"type": str(fields.get("type", "")), "target": target}
    for name in DISPLAY_FIELDS:
        value = fields.get(name, "")
        stored[name] = value if isinstance(value, str) else ""
    return stored


def normalised_tel(target: str) -> str:
    """A phone number as the service normalises it (bin-common-handler/models/address/normalize.go): spaces trimmed,
    a `+` kept only in front, every other character but the ASCII digits dropped; a value with no digit stays as
    it was (an alphanumeric sender)."""
    trimmed = target.strip()
    digits = "".join(c for c in trimmed if "0" <= c <= "9")
    if not digits:
        return target
    return ("+" if trimmed.startswith("+") else "") + digits


def message(
    row: MessageRow, fmt: TimestampFormat, now_us: int, *, just_sent: bool = False, service: bool = False
) -> dict[str, Any]:
    """A Message with each target's status as it stands at now_us; just_sent shows every target as sending left
    it (queued), as the service's answer to a send does, whatever the delays.

    As the service (service=True): a target's `tm_update` is null (the provider's moment is never copied), its
    `parts` is 0 while it is queued, and the message's `tm_update` is null until something changed after creation.
    Once dispatched, a target that took a provider's status is the provider's recipient (`provider_recipient`),
    and the targets stand in the order the dispatch gave them (the Telnyx path's).
    """
    targets = []
    latest = row.tm_update
    places: list[int] = []
    for index, target in enumerate(row.targets):
        schedule = target.schedule
        if just_sent:
            status, reached = "queued", schedule.queued_us
        else:
            status, reached = schedule.status_at(now_us)
        latest = max(latest, reached)
        dispatched = not just_sent and schedule.queued_us < schedule.final_us <= now_us
        places.append(schedule.position if dispatched and schedule.position is not None else index)
        if service:
            parts = 0 if status == "queued" else target.parts
            destination = _present(target.destination)
            if dispatched and status != "queued":
                destination = provider_recipient(destination)
            targets.append({"destination": destination, "status": status, "parts": parts, "tm_update": None})
        else:
            targets.append(
                {
                    "destination": target.destination,
                    "status": status,
                    "parts": target.parts,
                    "tm_update": fmt.format(reached),
                }
            )
    if service and places != sorted(places):
        targets = [target for _, target in sorted(zip(places, targets, strict=True), key=lambda pair: pair[0])]
    updated: str | None = fmt.format(latest)
    if service and latest == row.tm_create:
        updated = None
    return {
        "id": row.id,
        "customer_id": row.customer_id,
        "type": "sms",
        "source": _present(row.source) if service else row.source,
        "targets": targets,
        "text": row.text,
        "direction": row.direction,
        "tm_create": fmt.format(row.tm_create),
        "tm_update": updated,
        "tm_delete": fmt.deletion(row.tm_delete),
    }


def provider_recipient(destination: dict[str, str]) -> dict[str, str]:
    """A destination as MessageBird's recipient rebuilds it (bin-message-manager/models/messagebird/recipient.go):
    type `tel`, the number as `+` and the digits of the provider's integer, every display field dropped."""
    digits = "".join(c for c in destination.get("target", "") if "0" <= c <= "9").lstrip("0")
    return {"type": "tel", "target": f"+{digits or '0'}"}


def _present(fields: dict[str, str]) -> dict[str, str]:
    """The fields that are not empty: the service writes every Address field with `omitempty`."""
    return {name: value for name, value in fields.items() if value}


class MessageRenderer:
    """Renders stored messages as JSON, reusing a rendering until the message or one of its targets changes.

    A rendering depends only on the stored row and on where each target stands in its schedule, so it stays right
    until the row's version changes or the next scheduled transition comes: lists and polls of settled messages
    cost a lookup, not a rendering. The cache holds at most `capacity` renderings and `max_bytes` of them: a few
    huge messages cannot hold the memory that many small ones would.
    """

    def __init__(
        self, fmt: TimestampFormat, capacity: int = 100_000, *, service: bool = False, max_bytes: int = 64 * 2**20
    ) -> None:
        self._fmt = fmt
        self._capacity = capacity
        self._max_bytes = max_bytes
        self._service = service
        # version -> (until when the rendering holds, the rendering, its size in bytes)
        self._cache: dict[tuple[str, int, int | None], tuple[int | None, orjson.Fragment, int]] = {}
        self.cached_bytes = 0

    def render(self, stored: StoredMessage, now_us: int) -> orjson.Fragment:
        key = stored.version
        cached = self._cache.get(key)
        if cached is not None and (cached[0] is None or now_us < cached[0]):
            return cached[1]
        row = stored.parse()
        rendered = orjson.dumps(message(row, self._fmt, now_us, service=self._service))
        fragment = orjson.Fragment(rendered)
        if len(rendered) > self._max_bytes // 16:  # too large to be worth a sixteenth of the cache
            return fragment
        changes = [c for c in (t.schedule.next_change_after(now_us) for t in row.targets) if c is not None]
        if cached is not None:
            self.cached_bytes -= cached[2]
        if len(self._cache) >= self._capacity or self.cached_bytes + len(rendered) > self._max_bytes:
            self._cache.clear()
            self.cached_bytes = 0
        self._cache[key] = (min(changes) if changes else None, fragment, len(rendered))
        self.cached_bytes += len(rendered)
        return fragment


def number(row: NumberRow, fmt: TimestampFormat, *, service: bool = False) -> dict[str, Any]:
    """A Number; the mock does not model flows, T.38 or emergency calling, so those are their unset values. As the
    service, `tm_update` is null: the fixtures' numbers were never updated."""
    created = fmt.format(row.tm_create)
    return {
        "id": row.id,
        "customer_id": row.customer_id,
        "number": row.number,
        "type": "normal",
        "call_flow_id": ZERO_UUID,
        "message_flow_id": ZERO_UUID,
        "name": row.name,
        "detail": "",
        "status": "active",
        "t38_enabled": False,
        "emergency_enabled": False,
        "metadata": {"rtp_debug": False},
        "tm_purchase": created,
        "tm_renew": created,
        "tm_create": created,
        "tm_update": None if service else created,
        "tm_delete": fmt.deletion(None),
    }


def customer(fixture: CustomerFixture, fmt: TimestampFormat) -> dict[str, Any]:
    """The caller's own customer, as the service's self view writes it (bin-customer-manager/models/customer/
    webhook.go `SelfWebhookMessage`): empty strings left out (`omitempty`), the moments not set null. The mock does
    not model billing accounts, identity checks or account freezes: a demo customer is active and verified."""
    shown: dict[str, Any] = {"id": fixture.id}
    for name, value in (
        ("name", fixture.name),
        ("email", fixture.email),
        ("webhook_method", fixture.webhook_method),
        ("webhook_uri", fixture.webhook_uri),
    ):
        if value:
            shown[name] = value
    return shown | {
        "billing_account_id": ZERO_UUID,
        "metadata": {"rtp_debug": False},
        "email_verified": True,
        "status": "active",
        "identity_verification_status": "verified",
        "tm_deletion_scheduled": None,
        "tm_create": fmt.format(fixture.tm_create_us),
        "tm_update": None,
        "tm_delete": None,
        "webhook_secret": fixture.webhook_secret,
    }


def accesskey(row: AccesskeyRow, fmt: TimestampFormat, *, service: bool = False) -> dict[str, Any]:
    """An Accesskey as listed: the secret itself is never shown, only its prefix. As the service, an empty name or
    detail is left out and `tm_update` is null."""
    created = fmt.format(row.tm_create)
    shown = {"name": row.name, "detail": row.detail}
    return {
        "id": row.id,
        "customer_id": row.customer_id,
        **(_present(shown) if service else shown),
        "token_prefix": row.token[:TOKEN_PREFIX_LENGTH],
        "tm_expire": fmt.format(row.tm_expire),
        "tm_create": created,
        "tm_update": None if service else created,
        "tm_delete": fmt.deletion(None),
    }
