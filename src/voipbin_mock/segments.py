"""Count SMS segments the way carriers charge them: the mock's segment counter (the contract suite has its own).

- GSM-7 when every character is in the GSM 03.38 basic or extension table: 160 septets in one segment, 153 per
  segment when split. Extension characters (`^{}\\[~]|€` and form feed) take two septets (an escape, then the
  character), and the pair is never split across segments.
- UCS-2 otherwise: 70 UTF-16 code units in one segment, 67 per segment when split; a character outside the Basic
  Multilingual Plane takes two units (a surrogate pair), never split across segments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
GSM7 = GSM7_BASIC | GSM7_EXTENSION

Encoding = Literal["GSM-7", "UCS-2"]


@dataclass(frozen=True)
class SegmentLimits:
    """How many units fit in a message sent whole, and in each part of a split one."""

    single: int
    multipart: int


LIMITS: dict[Encoding, SegmentLimits] = {
    "GSM-7": SegmentLimits(single=160, multipart=153),
    "UCS-2": SegmentLimits(single=70, multipart=67),
}


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


def count_segments(text: str, limits_by_encoding: Mapping[Encoding, SegmentLimits] = LIMITS) -> int:
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
