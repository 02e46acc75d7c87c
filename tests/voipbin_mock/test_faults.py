"""voipbin_mock.faults: every defect is named and described, off by default, and refused when unknown.
tests/voipbin_contract/test_faults.py runs the contract suite against each one."""

from __future__ import annotations

import itertools
from typing import Any

import orjson
import pytest

from voipbin_mock import MockConfig, create_app
from voipbin_mock.config import DEFAULT_SPEC
from voipbin_mock.faults import FAULTS, ZERO_UUID, check_names, distort, fails, segment_limits, webhook_encoder
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


def listed(*sources: str) -> dict[str, Any]:
    """A page of outbound messages from sources, each dispatched (a target `sent`, parts 1, written back)."""
    return {
        "result": [
            {
                "id": f"m{i}",
                "customer_id": "c",
                "source": {"type": "tel", "target": source, "name": f"line {i}"},
                "targets": [{"destination": {"type": "tel", "target": "+31"}, "status": "sent", "parts": 1}],
                "direction": "outbound",
                "tm_create": "2026-02-10T08:30:00Z",
                "tm_update": "2026-02-10T08:30:02Z",
                "tm_delete": None,
            }
            for i, source in enumerate(sources)
        ],
        "next_page_token": "",
    }


def test_a_list_page_can_show_every_message_with_the_last_ones_source():
    page = distort(frozenset({"list_loop_variable"}), "listMessages", listed("+1", "+2"), {}, itertools.count())
    assert [m["source"]["target"] for m in page["result"]] == ["+2", "+2"]


def test_a_list_can_show_the_zero_uuid_and_targets_as_at_the_send():
    faults = frozenset({"list_customer_id_zero", "list_shows_send_time_targets"})
    message = distort(faults, "listMessages", listed("+1"), {}, itertools.count())["result"][0]
    assert message["customer_id"] == ZERO_UUID
    target = message["targets"][0]
    assert (message["tm_update"], target["status"], target["parts"]) == (None, "queued", 0)


def test_a_fetched_message_can_lose_its_sources_name_and_take_the_writes_moment_as_tm_create():
    message = listed("+1")["result"][0]
    assert (
        "name"
        not in distort(frozenset({"get_drops_source_name"}), "getMessage", message, {}, itertools.count())["source"]
    )
    moved = distort(frozenset({"tm_create_set_at_dispatch"}), "getMessage", message, {}, itertools.count())
    assert moved["tm_create"] == message["tm_update"]
    assert distort(frozenset({"get_drops_source_name"}), "listMessages", listed("+1"), {}, itertools.count()) == listed(
        "+1"
    )


def test_events_can_carry_the_text_html_escaped():
    event = {"type": "message_created", "data": {"id": "m", "text": 'a & <b> "c"'}}
    assert webhook_encoder(frozenset())(event) == orjson.dumps(event)
    escaped = orjson.loads(webhook_encoder(frozenset({"event_text_escaped"}))(event))
    assert escaped["data"]["text"] == "a &amp; &lt;b&gt; &quot;c&quot;"


def test_a_send_of_more_than_160_characters_can_fail_before_anything_is_stored():
    faults = frozenset({"send_500_on_long_text"})
    assert fails(faults, "sendMessage", {}, {"text": "a" * 161})
    assert not fails(faults, "sendMessage", {}, {"text": "a" * 160})
    assert not fails(faults, "listMessages", {"page_size": 100}, None)
