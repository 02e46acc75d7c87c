"""voipbin_mock.faults: every defect is named and described, off by default, and refused when unknown.
tests/contract_tests/test_faults.py runs the contract suite against each one."""

from __future__ import annotations

import pytest

from voipbin_mock import MockConfig, create_app
from voipbin_mock.config import DEFAULT_SPEC
from voipbin_mock.faults import FAULTS, check_names, segment_limits
from voipbin_mock.openapi import load_spec
from voipbin_mock.segments import SegmentLimits, count_segments, limits_from

LIMITS = limits_from(load_spec(DEFAULT_SPEC))


def test_no_fault_is_on_by_default():
    assert MockConfig().faults == frozenset()


def test_an_unknown_fault_is_refused_with_the_known_ones_listed():
    with pytest.raises(ValueError, match="unknown fault nope; known: misspelled_status"):
        check_names(frozenset({"nope", "misspelled_status"}))
    with pytest.raises(ValueError, match="unknown fault"):
        create_app(MockConfig(faults=frozenset({"nope"})))


def test_every_fault_says_what_it_breaks():
    assert all(description.strip() for description in FAULTS.values())


def test_skewed_segment_limits_change_the_count_at_the_gsm_7_boundary_only():
    skewed = segment_limits(frozenset({"segment_limits_skewed"}), LIMITS)
    assert segment_limits(frozenset(), LIMITS) == LIMITS
    assert skewed["GSM-7"] == SegmentLimits(single=150, multipart=140)
    assert skewed["UCS-2"] == LIMITS["UCS-2"]
    assert (count_segments("a" * 155, LIMITS), count_segments("a" * 155, skewed)) == (1, 2)
