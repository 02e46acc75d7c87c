"""Moments as integer microseconds since the epoch, written in either format the service has used.

- legacy: `2022-03-13 15:11:05.235717`, and `9999-01-01 00:00:00.000000` for "not deleted";
- rfc3339: `2022-03-13T15:11:05.235717Z`, and null for "not deleted".

The list cursor (`page_token`) is always `YYYY-MM-DDTHH:MM:SS.ffffffZ`, as the service issues it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
Era = Literal["legacy", "rfc3339"]
ERAS: tuple[Era, ...] = ("legacy", "rfc3339")

# ASCII digits only, and the whole token: Python's \d takes any script's digits, and `$` a trailing newline.
_CURSOR = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?", re.ASCII)


def now_us() -> int:
    """The current time in microseconds since the epoch."""
    return time.time_ns() // 1000


def from_iso(text: str) -> int:
    """Microseconds since the epoch of an ISO 8601 / RFC 3339 string (as written in the fixtures)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // timedelta(microseconds=1)


@lru_cache(maxsize=65536)
def _whole_second(seconds: int, separator: str) -> str:
    """`YYYY-MM-DD<separator>HH:MM:SS` of a whole second; cached, since a list shows many moments of few seconds."""
    return (EPOCH + timedelta(seconds=seconds)).strftime(f"%Y-%m-%d{separator}%H:%M:%S")


def _format(us: int, separator: str, suffix: str) -> str:
    seconds, micros = divmod(us, 1_000_000)
    return f"{_whole_second(seconds, separator)}.{micros:06d}{suffix}"


def _rfc3339_nano(us: int) -> str:
    """RFC 3339 as Go's RFC3339Nano writes it, which the service uses: trailing zeros of the fraction dropped."""
    seconds, micros = divmod(us, 1_000_000)
    fraction = f".{micros:06d}".rstrip("0").rstrip(".")
    return f"{_whole_second(seconds, 'T')}{fraction}Z"


def format_cursor(us: int) -> str:
    """The `next_page_token` for an item created at us."""
    return _format(us, "T", "Z")


def parse_cursor(token: str) -> int | None:
    """The exclusive upper bound, in microseconds, that a `page_token` stands for; None if it is no timestamp.

    A token with more than six fraction digits is rounded up, so that `tm_create < token` keeps its meaning.
    """
    match = _CURSOR.fullmatch(token)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction = (match.group(7) or "").ljust(9, "0")
    try:
        whole = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
    nanoseconds = int(fraction)
    return (whole - EPOCH) // timedelta(microseconds=1) + -(-nanoseconds // 1000)


@dataclass(frozen=True)
class TimestampFormat:
    """How one era writes a moment, and what it writes in `tm_delete` of a record that is not deleted."""

    era: Era

    def format(self, us: int) -> str:
        return _format(us, " ", "") if self.era == "legacy" else _rfc3339_nano(us)

    def deletion(self, us: int | None) -> str | None:
        if us is not None:
            return self.format(us)
        return "9999-01-01 00:00:00.000000" if self.era == "legacy" else None
