"""voipbin_mock.timestamps: both eras, and the cursor format the service issues."""

from __future__ import annotations

import pytest

from voipbin_mock.timestamps import TimestampFormat, format_cursor, from_iso, parse_cursor

MOMENT = from_iso("2022-03-13T15:11:05.235717Z")


def test_legacy_format():
    fmt = TimestampFormat("legacy")
    assert fmt.format(MOMENT) == "2022-03-13 15:11:05.235717"
    assert fmt.deletion(None) == "9999-01-01 00:00:00.000000"
    assert fmt.deletion(MOMENT) == "2022-03-13 15:11:05.235717"


@pytest.mark.parametrize(
    ("micros", "written"),
    [
        (0, "2022-03-13T15:11:05Z"),
        (500_000, "2022-03-13T15:11:05.5Z"),
        (120_000, "2022-03-13T15:11:05.12Z"),
        (1, "2022-03-13T15:11:05.000001Z"),
    ],
)
def test_rfc3339_drops_trailing_zeros_as_go_writes_it(micros, written):
    whole_second = MOMENT - MOMENT % 1_000_000
    assert TimestampFormat("rfc3339").format(whole_second + micros) == written


def test_rfc3339_format():
    fmt = TimestampFormat("rfc3339")
    assert fmt.format(MOMENT) == "2022-03-13T15:11:05.235717Z"
    assert fmt.deletion(None) is None


def test_cursor_round_trips():
    assert format_cursor(MOMENT) == "2022-03-13T15:11:05.235717Z"
    assert parse_cursor(format_cursor(MOMENT)) == MOMENT


@pytest.mark.parametrize(
    ("token", "bound"),
    [
        ("2022-03-13T15:11:05Z", MOMENT - 235717),
        ("2022-03-13T15:11:05.235717000Z", MOMENT),
        ("2022-03-13T15:11:05.235717001Z", MOMENT + 1),  # rounded up: tm_create < token keeps its meaning
        ("2022-03-13 15:11:05.235717", MOMENT),
    ],
)
def test_parse_cursor(token, bound):
    assert parse_cursor(token) == bound


@pytest.mark.parametrize("token", ["", "abc", "2022-02-30T00:00:00Z", "2022-03-13T15:11:05.1234567890Z", "1647184265"])
def test_a_token_that_is_no_timestamp_parses_to_none(token):
    assert parse_cursor(token) is None
