"""`python -m benchmarks` (make bench): every benchmark in one run, written to benchmarks/RESULTS.md.

1. the mock's throughput and latency against Prism; 2. list latency at 1k and 1M stored messages; 3. the client's
cost over raw httpx; 4. the contract suite's speed against the mock and Prism, and `make contract`'s wall time;
5. the latency the checking proxy adds; 6. how fast the mock refuses a megabyte of hostile body.
These are measurements, not tests: each section says whether its target is met, and the figures stand either way.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import client_cost, contract_speed, hostile_input, proxy_cost, scale, throughput

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def main() -> int:
    started = time.perf_counter()
    sections: list[str] = []
    with tempfile.TemporaryDirectory(prefix="voipbin-bench-") as scratch:
        directory = Path(scratch)
        for name, measure in (
            ("throughput", throughput.run),
            ("scale", scale.run),
            ("client cost", client_cost.run),
            ("contract speed", contract_speed.run),
            ("proxy cost", proxy_cost.run),
            ("hostile input", hostile_input.run),
        ):
            print(f"benchmark: {name}", flush=True)
            part = directory / name.replace(" ", "-")
            part.mkdir()
            sections += measure(part)
    header = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`python -m benchmarks`) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"in {time.perf_counter() - started:.0f}s.",
        "",
        f"- Machine: {os.cpu_count()} cores, {throughput.cpu_model()}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, Node {throughput.version(['node', '--version'])}",
        "",
    ]
    RESULTS.write_text("\n".join(header + sections), encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
