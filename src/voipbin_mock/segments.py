"""Count SMS segments the way carriers charge them: the mock's segment counter (the contract suite has its own).

The limits are the description's (x-sms-segments on Target.parts: GSM-7 160 in one segment and 153 per part, UCS-2
70 and 67); the rules of the count are these:
- GSM-7 when every character is in the GSM 03.38 basic or extension table (as the gsm0338 package has them),
  counted in septets. Extension
  characters (`^{}\\[~]|€` and form feed) take two septets (an escape, then the character), and the pair is never
  split across segments.
- UCS-2 otherwise, counted in UTF-16 code units; a character outside the Basic Multilingual Plane takes two units
  (a surrogate pair), never split across segments.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from gsm0338.charset import BASIC_CHARACTER_SET, BASIC_CHARACTER_SET_EXTENSION

# The escape to the extension table: a code of the basic table, but not a character anyone can send.
ESCAPE_CODE = 0x1B


def _characters(table: Mapping[int, str]) -> frozenset[str]:
    """The characters of a GSM 03.38 table, which the gsm0338 package gives by their Unicode names."""
    return frozenset(unicodedata.lookup(name) for code, name in table.items() if code != ESCAPE_CODE)


GSM7_BASIC = _characters(BASIC_CHARACTER_SET)
GSM7_EXTENSION = _characters(BASIC_CHARACTER_SET_EXTENSION)
GSM7 = GSM7_BASIC | GSM7_EXTENSION

Encoding = Literal["GSM-7", "UCS-2"]


@dataclass(frozen=True)
class SegmentLimits:
    """How many units fit in a message sent whole, and in each part of a split one."""

    single: int
    multipart: int


def limits_from(spec: Mapping[str, Any]) -> dict[Encoding, SegmentLimits]:
    """The limits the description states (x-sms-segments on Target.parts), by encoding."""
    described = spec["components"]["schemas"]["Target"]["properties"]["parts"]["x-sms-segments"]
    return {name: SegmentLimits(int(v["single"]), int(v["multipart"])) for name, v in described.items()}


def encoding_of(text: str) -> Encoding:
    """GSM-7 if every character has a GSM-7 code, else UCS-2."""
    return "GSM-7" if GSM7.issuperset(text) else "UCS-2"


def unit_costs(text: str, encoding: Encoding) -> list[int]:
    """Each character's size in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2."""
    if encoding == "GSM-7":
        return [2 if c in GSM7_EXTENSION else 1 for c in text]
    return [2 if ord(c) > 0xFFFF else 1 for c in text]


def total_units(text: str, encoding: Encoding) -> int:
    """The text's size in the encoding's units, as sum(unit_costs(...)) without a list per character."""
    if encoding == "GSM-7":
        return len(text) + sum(text.count(c) for c in GSM7_EXTENSION.intersection(text))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def count_segments(text: str, limits_by_encoding: Mapping[Encoding, SegmentLimits]) -> int:
    """How many SMS segments text takes; an empty text is still one (empty) segment."""
    encoding = encoding_of(text)
    limits = limits_by_encoding[encoding]
    if total_units(text, encoding) <= limits.single:
        return 1
    segments, used = 1, 0
    for cost in unit_costs(text, encoding):
        if used + cost > limits.multipart:
            segments, used = segments + 1, 0
        used += cost
    return segments
