"""Invariants of time in what a server answers, for messages, their targets, numbers and access keys: a record is
updated and deleted no earlier than it was created, a target moves no earlier than its message was created, no
moment of the past is far in the future, and one answer writes every moment in one era (the description's
`Timestamp`: legacy `2022-03-13 15:11:05.235717`, or RFC 3339).

Moments that name the future by design (an access key's `tm_expire`, a number's `tm_renew`) are not held to the
clock; the legacy era's `9999-01-01 00:00:00.000000` says "not deleted" and is no moment at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

# How far ahead of this machine's clock a moment of the past may be: clocks differ, but not by this much (a moment
# written in local time as UTC, say KST, is 9 hours ahead).
CLOCK_ALLOWANCE = timedelta(minutes=10)
# The moments of each kind of record that happened already, when they are set; each at or after tm_create.
PAST = ("tm_create", "tm_update", "tm_delete", "tm_purchase")
# The legacy era's stand-in for "not deleted".
NEVER = "9999-"
LEGACY = re.compile(r"^\d{4}-\d\d-\d\d \d")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d")


def moment(value: Any) -> datetime | None:
    """A timestamp of either era as an aware datetime (legacy ones are UTC); None if it is none, or "not deleted"."""
    if not isinstance(value, str) or not value or value.startswith(NEVER):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def record_problems(where: str, record: dict[str, Any], now: datetime) -> list[str]:
    """A record's own moments: each of PAST at or after its tm_create, none far ahead of now; and, for a message,
    each target's tm_update at or after the message's tm_create, and not far ahead of now either."""
    problems = []
    created = moment(record.get("tm_create"))
    for name in PAST:
        at = moment(record.get(name))
        if at is None:
            continue
        if at > now + CLOCK_ALLOWANCE:
            problems.append(
                f"{where}/{name} is {record[name]}, in the future (this machine's clock says {now:%Y-%m-%d %H:%M:%S}Z)"
            )
        elif created is not None and at < created and name != "tm_create":
            problems.append(f"{where}/{name} is {record[name]}, before its tm_create {record['tm_create']}")
    targets = record.get("targets")
    for index, target in enumerate(targets if isinstance(targets, list) else []):
        at = moment(target.get("tm_update")) if isinstance(target, dict) else None
        if at is None:
            continue
        if at > now + CLOCK_ALLOWANCE:
            problems.append(f"{where}/targets/{index}/tm_update is {target['tm_update']}, in the future")
        elif created is not None and at < created:
            problems.append(
                f"{where}/targets/{index}/tm_update is {target['tm_update']}, before its message's tm_create"
                f" {record['tm_create']}"
            )
    return problems


def records_in(body: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON pointer, record) for a record answered alone or each of a page's `result`."""
    if isinstance(body, dict) and isinstance(body.get("result"), list):
        for index, record in enumerate(body["result"]):
            if isinstance(record, dict):
                yield f"/result/{index}", record
    elif isinstance(body, dict) and "tm_create" in body:
        yield "", body


def moment_problems(body: Any, now: datetime | None = None) -> list[str]:
    """The invariants of time of every record in an answer (a message, number or access key, alone or a page)."""
    now = now or datetime.now(UTC)
    return [problem for where, record in records_in(body) for problem in record_problems(where, record, now)]


def _timestamps(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(JSON pointer, value) of every `tm_*` string in an answer."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("tm_") and isinstance(value, str):
                yield f"{where}/{key}", value
            else:
                yield from _timestamps(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _timestamps(value, f"{where}/{index}")


def era_problems(body: Any) -> list[str]:
    """One answer writes every moment in one era: a legacy moment and an RFC 3339 one side by side is a record
    written by two versions of the service, half migrated."""
    legacy = next(((w, v) for w, v in _timestamps(body) if LEGACY.match(v)), None)
    rfc3339 = next(((w, v) for w, v in _timestamps(body) if RFC3339.match(v)), None)
    if legacy is None or rfc3339 is None:
        return []
    return [
        f"{legacy[0]} is {legacy[1]!r}, a legacy moment, where {rfc3339[0]} is {rfc3339[1]!r}, an RFC 3339 one:"
        " one answer writes its moments in one era"
    ]
