"""voipbin_contract.rules.known: the ledger lets a declared deviation pass (or, strict, not), counts it, and reports
it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from voipbin_contract.reports.summary import deviation_lines
from voipbin_contract.rules.deviations import Deviation
from voipbin_contract.rules.known import DECLARED, NO_CHECK, NOT_OBSERVED, Ledger


def deviation(deviation_id: str) -> Deviation:
    return Deviation(deviation_id, f"{deviation_id} happens.", "d", "s", ("bin-a/b.go",), "#/x", {})


def ledger(strict: bool = False) -> Ledger:
    return Ledger(strict, {d: deviation(d) for d in ("a", "b", "c")})


def test_a_met_deviation_passes_and_is_counted_with_its_first_example():
    known = ledger()
    known.watch("a", "b")
    assert known.tolerates("a", "first")
    assert known.tolerates("a", "second")
    report = known.report()
    assert report["seen"] == {"a": {"count": 2, "example": "first", "summary": "a happens."}}
    assert report["not_observed"] == ["b"]
    assert report["not_checked"] == ["c"]


def test_strict_lets_nothing_pass_but_still_names_what_it_met():
    known = ledger(strict=True)
    assert not known.tolerates("a", "x")
    assert known.report()["seen"]["a"]["count"] == 1
    assert known.named("a") == "known deviation a (a happens.), refused because the run is strict (--voipbin-strict)"


def test_a_deviation_the_description_does_not_declare_is_an_error():
    with pytest.raises(KeyError, match="declares no known deviation 'z'"):
        ledger().watch("z")
    with pytest.raises(KeyError, match="declares no known deviation 'z'"):
        ledger().tolerates("z", "x")


def test_the_suite_reads_every_deviation_from_the_description(spec):
    assert set(DECLARED) == {entry["id"] for entry in _entries(spec)}
    assert Ledger().declared == DECLARED


def test_each_ledger_is_its_own():
    """A ledger belongs to one run: what one meets, another does not see (the suite's and a proxy's in one process)."""
    one, other = Ledger(), Ledger(strict=True)
    one.tolerates("delete-repeats-200", "x")
    assert other.report()["seen"] == {}
    assert (one.strict, other.strict) == (False, True)


def _entries(node):
    if isinstance(node, dict):
        yield from node.get("x-known-deviations", [])
        for key, value in node.items():
            if key != "x-known-deviations":
                yield from _entries(value)
    elif isinstance(node, list):
        for value in node:
            yield from _entries(value)


def test_the_report_round_trips_into_the_summary(tmp_path):
    known = ledger()
    known.watch("a", "b")
    known.tolerates("a", "an example")
    known.write(tmp_path / "deviations.json")
    lines = deviation_lines(json.loads((tmp_path / "deviations.json").read_text(encoding="utf-8")))
    assert "- `a`, once: a happens. Example: an example" in lines
    assert f"- not observed: `b` ({NOT_OBSERVED})" in lines
    assert "- not checked: `c` (no check of the suite can observe it)" in lines


def test_a_deviation_this_run_cannot_observe_is_not_checked_saying_why_never_not_observed():
    """A run without send permission reported every send-related deviation as "not observed (fixed upstream?)":
    its case can never come up in such a run, which knows it."""
    known = Ledger(
        False,
        {
            "a": replace(deviation("a"), extra={"observed-with": ["send"]}),
            "b": replace(deviation("b"), extra={"observed-with": ["send", "webhooks"]}),
            "c": deviation("c"),
        },
        unable={"webhooks": "no webhook receiver"},
    )
    known.watch("a", "b", "c")
    report = known.report()
    assert report["not_observed"] == ["a", "c"]
    assert report["not_checked"] == ["b"]
    assert "- not checked: b (no webhook receiver)" in known.lines()
    known.unable["send"] = "sending is off"
    assert known.report()["not_observed"] == ["c"]
    assert known.report()["why_not_checked"] == {"a": "sending is off", "b": "sending is off"}


def test_a_deviation_no_check_watches_for_is_not_checked_saying_so():
    """`charge-flat-per-destination` concerns a charge no answer shows: it was listed "not checked" with no reason."""
    known = ledger()
    known.watch("a", "b")
    assert known.report()["why_not_checked"] == {"c": NO_CHECK}
    assert f"- not checked: c ({NO_CHECK})" in known.lines()


def test_a_deviation_met_by_several_checks_of_one_occasion_is_counted_once():
    """One exchange of traffic whose send and echo both meet a deviation counts it once; the next exchange again."""
    known = ledger()
    with known.on(1):
        assert known.tolerates("a", "the send")
        assert known.tolerates("a", "its echo")
    with known.on(2):
        assert known.tolerates("a", "a read")
    assert known.report()["seen"]["a"] == {"count": 2, "example": "the send", "summary": "a happens."}
    strict = ledger(strict=True)
    with strict.on(1):
        assert not strict.tolerates("a", "x")
        assert not strict.tolerates("a", "y")
