"""The suite's own SMS segment counter, sharing nothing with the mock's: the GSM 03.38 character set comes from the
`gsm0338` codec, the limits from the description (`x-sms-segments` on `Target.parts`). Both counters are tested
against the vectors of Twilio's calculator (segment_vectors.json), so that when they disagree one of them is caught.

GSM-7 when the codec encodes every character (an extension character takes two septets, escape and character, and
the pair is never split across segments); else UCS-2, in UTF-16 code units, a surrogate pair never split.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

from voipbin_contract.rules.description import SPEC

CODEC = "gsm03.38"
ESCAPE = "\x1b"  # the codec's escape to the extension table: not a character anyone can send
VECTORS_PATH = Path(__file__).resolve().parent / "segment_vectors.json"


def _limits() -> dict[str, tuple[int, int]]:
    parts = SPEC["components"]["schemas"]["Target"]["properties"]["parts"]
    return {name: (int(v["single"]), int(v["multipart"])) for name, v in parts["x-sms-segments"].items()}


LIMITS = _limits()


def _septets(text: str) -> list[int] | None:
    """Each character's size in septets, or None if the text is not all GSM-7."""
    costs = []
    for character in text:
        cost = _septets_of(character)
        if cost is None:
            return None
        costs.append(cost)
    return costs


@functools.lru_cache(maxsize=4096)
def _septets_of(character: str) -> int | None:
    """One character's size in septets (the codec is pure Python: asked once per character), None if not GSM-7."""
    if character == ESCAPE:
        return None
    try:
        return len(character.encode(CODEC))
    except UnicodeEncodeError:
        return None


def _code_units(text: str) -> Iterator[int]:
    return (2 if ord(character) > 0xFFFF else 1 for character in text)


def encoding(text: str) -> str:
    return "UCS-2" if _septets(text) is None else "GSM-7"


def segments(text: str) -> int:
    """How many segments text takes; an empty text is one."""
    septets = _septets(text)
    name, costs = ("UCS-2", list(_code_units(text))) if septets is None else ("GSM-7", septets)
    single, multipart = LIMITS[name]
    if sum(costs) <= single:
        return 1
    count, used = 1, 0
    for cost in costs:  # a character never straddles two segments
        if used + cost > multipart:
            count, used = count + 1, 0
        used += cost
    return count


_VECTORS: dict[str, Any] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
GENERATOR = str(_VECTORS["generator"])


def vectors() -> list[dict[str, Any]]:
    """Texts with the encoding and segment count Twilio's calculator gives them (scripts/segment_vectors.mjs)."""
    return list(_VECTORS["vectors"])
