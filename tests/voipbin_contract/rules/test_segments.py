"""voipbin_contract.rules.segments: the suite's own counter agrees with Twilio's calculator, whose vectors are
current."""

from __future__ import annotations

import shutil
import subprocess

from tests.conftest import ROOT
from voipbin_contract.rules import segments
from voipbin_contract.rules.description import SPEC

VECTORS = segments.vectors()


def test_the_vectors_are_what_the_pinned_calculator_gives():
    node = shutil.which("node")
    assert node, "node is needed (make test installs the Node tools first)"
    result = subprocess.run(
        [node, "scripts/segment_vectors.mjs", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert len(VECTORS) > 500
    assert segments.GENERATOR.startswith("sms-segments-calculator ")


def test_the_suite_counts_as_the_calculator():
    """Every vector, in one test (a test id each made a thousand of them); a failure lists each that differs."""
    differ = [
        f"{v['encoding']}-{len(v['text'])} {v['text'][:40]!r}: counted {counted}, the calculator {expected}"
        for v in VECTORS
        if (counted := (segments.encoding(v["text"]), segments.segments(v["text"])))
        != (expected := (v["encoding"], v["segments"]))
    ]
    assert not differ, f"{len(differ)} of {len(VECTORS)} vectors differ:\n" + "\n".join(differ[:50])


def test_the_limits_come_from_the_description():
    described = SPEC["components"]["schemas"]["Target"]["properties"]["parts"]["x-sms-segments"]
    assert {name: (v["single"], v["multipart"]) for name, v in described.items()} == segments.LIMITS


def test_the_escape_alone_is_not_gsm_7():
    """The codec encodes ESC, the escape to the extension table; no one can send it as a character."""
    assert segments.encoding("\x1b") == "UCS-2"
