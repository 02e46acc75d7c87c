"""voipbin_sdk.timestamps: both eras to aware datetimes; moments not set are None; anything else is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from voipbin_client.types import UNSET
from voipbin_sdk import parse_timestamp


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2022-03-13 15:11:05.235717", datetime(2022, 3, 13, 15, 11, 5, 235717, tzinfo=UTC)),
        ("2022-03-13 15:11:05", datetime(2022, 3, 13, 15, 11, 5, tzinfo=UTC)),
        ("2026-02-10T08:30:00Z", datetime(2026, 2, 10, 8, 30, tzinfo=UTC)),
        ("2026-02-10T08:30:00.5Z", datetime(2026, 2, 10, 8, 30, 0, 500000, tzinfo=UTC)),
        ("2026-02-10T08:30:00.123456789Z", datetime(2026, 2, 10, 8, 30, 0, 123456, tzinfo=UTC)),  # cut, not rounded
        ("2026-02-10T09:30:00+01:00", datetime(2026, 2, 10, 8, 30, tzinfo=UTC)),
    ],
)
def test_both_eras_become_aware_datetimes(text, moment):
    parsed = parse_timestamp(text)
    assert parsed == moment
    assert parsed is not None
    assert parsed.tzinfo is not None


@pytest.mark.parametrize("unset", [None, UNSET, "9999-01-01 00:00:00.000000"])
def test_moments_not_set_are_none(unset):
    assert parse_timestamp(unset) is None


@pytest.mark.parametrize("text", ["", "13/03/2022 15:11:05", "2026-02-10T08:30:00.1234567890Z", "yesterday"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError, match="not a VoIPbin timestamp"):
        parse_timestamp(text)
