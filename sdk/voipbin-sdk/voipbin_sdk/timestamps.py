"""The service's timestamps as aware datetimes, whichever era wrote them.

- Legacy (until February 2026): `2022-03-13 15:11:05.235717`, in UTC, and `9999-01-01 00:00:00.000000` in
  `tm_delete` of a record that is not deleted.
- RFC 3339 as Go writes it: `2026-02-10T08:30:00Z`, `...:00.5Z`, up to nine fractional digits, and `null` for a
  moment that has not happened.

A moment that has not happened (null, unset, or the legacy not-deleted value) is None. Python keeps microseconds:
fractions beyond six digits are cut, not rounded.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import overload

from voipbin_client.types import Unset

_TIMESTAMP = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}:\d{2})"
    r"(?:\.(?P<fraction>\d{1,9}))?(?P<zone>Z|[+-]\d{2}:\d{2})?$"
)
NOT_DELETED = "9999-01-01 00:00:00.000000"


@overload
def parse_timestamp(value: str) -> datetime: ...


@overload
def parse_timestamp(value: str | Unset | None) -> datetime | None: ...


def parse_timestamp(value: str | Unset | None) -> datetime | None:
    """An aware datetime (UTC unless the value says otherwise), or None for a moment not set. ValueError if value
    is in neither era's format.

    Typed so that a field that is always there (`tm_create`, a `str`) gives a `datetime`, and one that may be
    unset (`tm_update`, `tm_delete`: `str | None`) a `datetime | None`. The legacy era's mark for a moment not set
    (NOT_DELETED) is a string, and None too: only `tm_update` and `tm_delete` carry it."""
    if value is None or isinstance(value, Unset) or value == NOT_DELETED:
        return None
    match = _TIMESTAMP.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a VoIPbin timestamp (legacy or RFC 3339)")
    fraction = (match["fraction"] or "")[:6].ljust(6, "0")
    zone = match["zone"] or "Z"
    moment = datetime.fromisoformat(f"{match['date']}T{match['time']}.{fraction}{'+00:00' if zone == 'Z' else zone}")
    return moment.astimezone(UTC)
