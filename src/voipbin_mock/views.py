"""Stored rows as the JSON the API answers with, in the configured timestamp era, at a given moment."""

from __future__ import annotations

from typing import Any

import orjson

from voipbin_mock.store import AccesskeyRow, MessageRow, NumberRow, StoredMessage
from voipbin_mock.timestamps import TimestampFormat

ZERO_UUID = "00000000-0000-0000-0000-000000000000"
DISPLAY_FIELDS = ("target_name", "name", "detail")
# How many characters of an access key the listing shows.
TOKEN_PREFIX_LENGTH = 8


def address(fields: dict[str, Any]) -> dict[str, str]:
    """An Address as the service stores it: the display fields filled with empty strings when not given."""
    stored = {"type": str(fields["type"]), "target": str(fields["target"])}
    for name in DISPLAY_FIELDS:
        value = fields.get(name, "")
        stored[name] = value if isinstance(value, str) else ""
    return stored


def message(row: MessageRow, fmt: TimestampFormat, now_us: int, *, just_sent: bool = False) -> dict[str, Any]:
    """A Message with each target's status as it stands at now_us; just_sent shows every target as sending left
    it (queued), as the service's answer to a send does, whatever the delays."""
    targets = []
    latest = row.tm_update
    for target in row.targets:
        if just_sent:
            status, reached = "queued", target.schedule.queued_us
        else:
            status, reached = target.schedule.status_at(now_us)
        latest = max(latest, reached)
        targets.append(
            {
                "destination": target.destination,
                "status": status,
                "parts": target.parts,
                "tm_update": fmt.format(reached),
            }
        )
    return {
        "id": row.id,
        "customer_id": row.customer_id,
        "type": "sms",
        "source": row.source,
        "targets": targets,
        "text": row.text,
        "direction": row.direction,
        "tm_create": fmt.format(row.tm_create),
        "tm_update": fmt.format(latest),
        "tm_delete": fmt.deletion(row.tm_delete),
    }


class MessageRenderer:
    """Renders stored messages as JSON, reusing a rendering until the message or one of its targets changes.

    A rendering depends only on the stored row and on where each target stands in its schedule, so it stays right
    until the row's version changes or the next scheduled transition comes: lists and polls of settled messages
    cost a lookup, not a rendering.
    """

    def __init__(self, fmt: TimestampFormat, capacity: int = 100_000) -> None:
        self._fmt = fmt
        self._capacity = capacity
        self._cache: dict[tuple[str, int, int | None], tuple[int | None, orjson.Fragment]] = {}

    def render(self, stored: StoredMessage, now_us: int) -> orjson.Fragment:
        key = stored.version
        cached = self._cache.get(key)
        if cached is not None and (cached[0] is None or now_us < cached[0]):
            return cached[1]
        row = stored.parse()
        fragment = orjson.Fragment(orjson.dumps(message(row, self._fmt, now_us)))
        changes = [c for c in (t.schedule.next_change_after(now_us) for t in row.targets) if c is not None]
        if len(self._cache) >= self._capacity:
            self._cache.clear()
        self._cache[key] = (min(changes) if changes else None, fragment)
        return fragment


def number(row: NumberRow, fmt: TimestampFormat) -> dict[str, Any]:
    """A Number; the mock does not model flows, T.38 or emergency calling, so those are their unset values."""
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
        "tm_update": created,
        "tm_delete": fmt.deletion(None),
    }


def accesskey(row: AccesskeyRow, fmt: TimestampFormat) -> dict[str, Any]:
    """An Accesskey as listed: the secret itself is never shown, only its prefix."""
    created = fmt.format(row.tm_create)
    return {
        "id": row.id,
        "customer_id": row.customer_id,
        "name": row.name,
        "detail": row.detail,
        "token_prefix": row.token[:TOKEN_PREFIX_LENGTH],
        "tm_expire": fmt.format(row.tm_expire),
        "tm_create": created,
        "tm_update": created,
        "tm_delete": fmt.deletion(None),
    }
