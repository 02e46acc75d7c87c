"""How fast the mock refuses a hostile body (a goal, not a test: tests/voipbin_mock/test_hostile_input.py checks what
it answers; how long it takes depends on the machine and its load, which a timed test turned into a failure).

A send of a megabyte of empty destinations, 262,000 of them: jsonschema-rs listed every error of them, 9 s; the mock
checks item by item and stops where its report stops. Goal: under 2 s, the median of a few in one run, in each profile.
The service profile (what `voipbin-mock` serves unless told otherwise) checks the body as the service does: an
address without type or target is let through, and the send is refused because 262,000 destinations cost more than
the customer's balance, with the service's 500 (bin-message-manager's balance check fails untyped). The tutorial
profile refuses it with 400 and the first errors.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from starlette.testclient import TestClient

from benchmarks.common import ACCESS_KEY
from voipbin_mock import MockConfig, create_app
from voipbin_mock.config import Profile

GOAL_SECONDS = 2.0
RUNS = 5
BODY = (
    b'{"source": {"type": "tel", "target": "+15559876543"}, "destinations": ['
    + b",".join([b"{}"] * 262_000)
    + b'], "text": "x"}'
)


# Each profile, the default first, and the status it refuses the body with.
PROFILES: tuple[tuple[Profile, int], ...] = (("service", 500), ("tutorial", 400))


def run(directory: Path) -> list[str]:
    lines = [
        "## A hostile body refused (issue #23)",
        "",
        f"A send of a megabyte of empty destinations (262,000), {RUNS} times in each profile, the mock's test client in"
        f" this process. Goal: under {GOAL_SECONDS:g} s at the median.",
        "",
        "| profile | answered | median s | fastest s | slowest s | goal |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for profile, refusal in PROFILES:
        timings, statuses = [], set()
        config = MockConfig(db_path=directory / f"{profile}.sqlite3", profile=profile)
        with TestClient(create_app(config)) as client:
            for _ in range(RUNS):
                started = time.perf_counter()
                answer = client.post("/v1.0/messages", content=BODY, params={"accesskey": ACCESS_KEY})
                timings.append(time.perf_counter() - started)
                statuses.add(answer.status_code)
        median = statistics.median(timings)
        answered = ", ".join(str(status) for status in sorted(statuses))
        met = "met" if median < GOAL_SECONDS and statuses == {refusal} else "NOT met"
        if statuses != {refusal}:
            met += f" (expected {refusal})"
        default = " (default)" if profile == PROFILES[0][0] else ""
        timing = f"{median:.2f} | {min(timings):.2f} | {max(timings):.2f}"
        lines.append(f"| {profile}{default} | {answered} | {timing} | {met} |")
    return [*lines, ""]
