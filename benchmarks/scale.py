"""List latency with 1,000 versus 1,000,000 stored messages: the cursor must ride an index, never an OFFSET scan.

Each store is seeded in bulk through the mock's own schema (a running mock then opens the file), the customer's
messages spread among other customers' so that the index, not luck, finds them. Latency is measured over HTTP
from one keep-alive connection, for the first page and for a page deep in the cursor walk.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson

from benchmarks.common import ACCESS_KEY, ALICE_ID, free_port, start_mock, stop, wait_for
from voipbin_mock.config import DEFAULT_FIXTURES
from voipbin_mock.fixtures import load_fixtures
from voipbin_mock.store import MESSAGE_COLUMNS, Store, uuid7

SIZES = (1_000, 1_000_000)
REQUESTS = 500
PAGE_SIZE = 10
TARGET_RATIO = 1.5
OTHER_CUSTOMER = "9b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e"


@dataclass(frozen=True)
class Latency:
    messages: int
    first_page_ms: float
    deep_page_ms: float
    deep_position: int


def seed(path: Path, count: int) -> int:
    """A store with count messages, half of them alice's; returns the tm_create of alice's message in the middle."""
    Store(path, load_fixtures(DEFAULT_FIXTURES)).close()  # the schema and fixtures, as the mock makes them
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    source = orjson.dumps({"type": "tel", "target": "+15559876543", "target_name": "", "name": "", "detail": ""})
    destination = {"type": "tel", "target": "+31616818985", "target_name": "", "name": "", "detail": ""}
    start = 1_600_000_000_000_000
    rows = (
        (
            start + i,
            uuid7(start + i),
            ALICE_ID if i % 2 == 0 else OTHER_CUSTOMER,
            "outbound",
            source,
            orjson.dumps([[destination, 1, start + i, start + i, start + i, "delivered"]]),
            f"message {i}",
            start + i,
            None,
        )
        for i in range(count)
    )
    columns = "tm_create, id, customer_id, direction, source, targets, text, tm_update, tm_delete"
    if set(columns.split(", ")) != set(MESSAGE_COLUMNS.split(", ")):
        raise SystemExit("benchmarks/scale.py seeds columns the store no longer has")
    db.executemany(f"INSERT INTO messages ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    middle = count // 2 - (count // 2) % 2
    return start + middle


def cursor_of(moment_us: int) -> str:
    seconds, micros = divmod(moment_us, 1_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{micros:06d}Z"


def measure(count: int, directory: Path) -> Latency:
    db = directory / f"scale-{count}.sqlite3"
    middle_us = seed(db, count)
    port = free_port()
    server = start_mock("--port", str(port), "--db", str(db))
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/v1.0/numbers", server)
        with httpx.Client(base_url=base, params={"accesskey": ACCESS_KEY}) as client:

            def p50(params: dict[str, str | int]) -> float:
                for _ in range(50):
                    client.get("/v1.0/messages", params=params)
                timings = []
                for _ in range(REQUESTS):
                    started = time.perf_counter()
                    response = client.get("/v1.0/messages", params=params)
                    timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200 or len(response.json()["result"]) != PAGE_SIZE:
                        raise SystemExit(f"unexpected answer {response.status_code}: {response.text[:200]}")
                return statistics.median(timings)

            first = p50({"page_size": PAGE_SIZE})
            deep = p50({"page_size": PAGE_SIZE, "page_token": cursor_of(middle_us)})
    finally:
        stop(server)
    return Latency(count, first, deep, count // 4)


def run(directory: Path) -> list[str]:
    """The section of RESULTS.md."""
    started = time.perf_counter()
    results = [measure(size, directory) for size in SIZES]
    small, large = results
    lines = [
        "## List latency at scale (issue #6, part 2: p50 at 1M within 1.5x of p50 at 1k)",
        "",
        f"`GET /v1.0/messages?page_size={PAGE_SIZE}` for the customer who owns half the stored messages; "
        f"{REQUESTS} sequential requests on one keep-alive connection, after 50 unmeasured ones; one mock process. "
        "The listed messages are settled, so their renderings come from the mock's cache after the first request: "
        "what differs between the sizes is the indexed query.",
        "",
        "| stored messages | first page p50 ms | deep page p50 ms | deep page starts after |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        lines.append(
            f"| {result.messages:,} | {result.first_page_ms:.3f} | {result.deep_page_ms:.3f} | "
            f"{result.deep_position:,} of the customer's messages |"
        )
    for name, low, high in (
        ("first page", small.first_page_ms, large.first_page_ms),
        ("deep page", small.deep_page_ms, large.deep_page_ms),
    ):
        ratio = high / low
        met = "met" if ratio <= TARGET_RATIO else "NOT met"
        lines.append(f"- {name}: p50 at 1M is {ratio:.2f}x p50 at 1k; target {TARGET_RATIO}x {met}.")
    lines += ["", f"(seeding and measuring took {time.perf_counter() - started:.0f}s)", ""]
    return lines


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="voipbin-scale-") as scratch:
        print("\n".join(run(Path(scratch))))
