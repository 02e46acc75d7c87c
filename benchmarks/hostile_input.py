"""How fast the mock refuses a hostile body (a goal, not a test: tests/voipbin_mock/test_hostile_input.py checks what
it answers; how long it takes depends on the machine and its load, which a timed test turned into a failure).

A send of a megabyte of empty destinations, 262,000 of them: jsonschema-rs listed every error of them, 9 s; the mock
checks item by item and stops where its report stops. Goal: under 2 s, the median of a few in one run.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from starlette.testclient import TestClient

from benchmarks.common import ACCESS_KEY
from voipbin_mock import MockConfig, create_app

GOAL_SECONDS = 2.0
RUNS = 5
BODY = (
    b'{"source": {"type": "tel", "target": "+15559876543"}, "destinations": ['
    + b",".join([b"{}"] * 262_000)
    + b'], "text": "x"}'
)


def run(directory: Path) -> list[str]:
    timings = []
    with TestClient(create_app(MockConfig(db_path=directory / "mock.sqlite3"))) as client:
        for _ in range(RUNS):
            started = time.perf_counter()
            answer = client.post("/v1.0/messages", content=BODY, params={"accesskey": ACCESS_KEY})
            timings.append(time.perf_counter() - started)
            assert answer.status_code == 400, answer.status_code
    median = statistics.median(timings)
    met = "met" if median < GOAL_SECONDS else "NOT met"
    return [
        "## A hostile body refused (issue #23)",
        "",
        f"A send of a megabyte of empty destinations (262,000): refused with 400 in {median:.2f} s at the median of"
        f" {RUNS} (fastest {min(timings):.2f} s, slowest {max(timings):.2f} s), the mock's test client in this"
        f" process. Goal: under {GOAL_SECONDS:g} s: {met}.",
        "",
    ]
