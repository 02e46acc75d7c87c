"""voipbin_mock.segments: the mock's counter, against the boundaries carriers charge by, the vectors of Twilio's
calculator (the same the contract suite judges by) and the limits the description states."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voipbin_contract.rules.segments import vectors as segment_vectors
from voipbin_mock.config import DEFAULT_SPEC
from voipbin_mock.openapi import load_spec
from voipbin_mock.segments import GSM7_BASIC, GSM7_EXTENSION, encoding_of, limits_from, total_units, unit_costs
from voipbin_mock.segments import count_segments as count_with

LIMITS = limits_from(load_spec(DEFAULT_SPEC))
EMOJI = "\U0001f600"  # outside the BMP: two UTF-16 code units


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", 1),
        ("a", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("a" * 459, 3),
        ("a" * 460, 4),
        ("é" * 160, 1),  # é is in the GSM-7 basic table
        ("€" * 80, 1),  # 160 septets
        ("€" * 81, 2),  # 162 septets
        ("a" * 159 + "^", 2),  # 161 septets
        ("a" * 158 + "^", 1),  # 160 septets
        ("a" * 152 + "{" + "a" * 10, 2),  # escape pair not split: 152 + 2 moves { to the second part
        ("a" * 152 + "{" + "a" * 152, 3),  # 152 | { + 151 | 1
        ("\f" * 80, 1),  # form feed is an extension character
        ("ж" * 70, 1),
        ("ж" * 71, 2),
        ("ж" * 134, 2),
        ("ж" * 135, 3),
        (EMOJI * 35, 1),  # 70 code units
        (EMOJI * 36, 2),  # 72 units: 33 pairs fill 66, the 34th is not split
        (EMOJI * 34, 1),
        ("a" * 66 + EMOJI, 1),  # 68 units
        ("a" * 66 + EMOJI * 3, 2),  # 72 units: the pair after 66 units does not fit in 67
        ("a" * 69 + "ж", 1),  # one non-GSM character switches all to UCS-2
        ("a" * 70 + "ж", 2),
        ("hello, this is test message.", 1),
    ],
)
def test_count_segments(text, segments):
    assert count_segments(text) == segments


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("hello", "GSM-7"),
        ("€[]{}~^|\\", "GSM-7"),
        ("ñandú", "UCS-2"),
        ("ça", "UCS-2"),
        ("Ça", "GSM-7"),
        (EMOJI, "UCS-2"),
    ],
)
def test_encoding_of(text, encoding):
    assert encoding_of(text) == encoding


# Texts drawn from GSM-7 characters, extension characters, other BMP characters and astral ones, so that every
# branch of the counter is reached.
MIXED = st.text(st.sampled_from(["a", "é", "€", "^", "\f", "ж", "ç", EMOJI]), max_size=400)


@given(MIXED)
def test_total_units_is_the_sum_of_each_characters_units(text):
    encoding = encoding_of(text)
    assert total_units(text, encoding) == sum(unit_costs(text, encoding))


@given(MIXED)
def test_a_text_that_fits_one_segment_is_one_and_a_longer_one_is_more(text):
    encoding = encoding_of(text)
    fits = sum(unit_costs(text, encoding)) <= LIMITS[encoding].single
    assert (count_segments(text) == 1) == fits


@pytest.mark.parametrize("vector", segment_vectors(), ids=lambda v: f"{v['encoding']}-{len(v['text'])}")
def test_the_mock_counts_as_twilios_calculator(vector):
    assert (encoding_of(vector["text"]), count_segments(vector["text"])) == (vector["encoding"], vector["segments"])


def test_the_limits_are_the_descriptions():
    assert {name: (limits.single, limits.multipart) for name, limits in LIMITS.items()} == {
        "GSM-7": (160, 153),
        "UCS-2": (70, 67),
    }


def count_segments(text: str) -> int:
    return count_with(text, LIMITS)


def test_the_character_tables_come_from_the_gsm0338_package_without_its_escape():
    assert len(GSM7_BASIC) == 127  # 128 codes, the escape left out
    assert len(GSM7_EXTENSION) == 10
    assert "\x1b" not in GSM7_BASIC
    assert {"@", "£", "Δ", "é", "à"} <= GSM7_BASIC
    assert set("^{}\\[~]|€\f") == GSM7_EXTENSION
