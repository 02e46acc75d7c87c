"""What the checking proxy adds to each exchange (issue #26: at most 1 ms at the median).

The same mock (one process), the same load, side by side in one run: a keep-alive client reads a message and a page
of 10 in turn, first directly and then through `voipbin-contract proxy` (its default configuration: every exchange
judged, on its own thread, after the answer has left).
"""

from __future__ import annotations

import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from benchmarks.common import ACCESS_KEY, SEND, free_port, start_mock, stop, wait_for

CALLS = 400
TARGET_MS = 1.0


def latencies(base: str, message_id: str) -> list[float]:
    """Milliseconds per exchange, a GET of one message and a page of 10 in turn, after 40 unmeasured."""
    timings = []
    with httpx.Client(base_url=base, params={"accesskey": ACCESS_KEY}) as http:
        for index in range(CALLS + 40):
            started = time.perf_counter()
            if index % 2:
                http.get("/v1.0/messages", params={"page_size": 10}).raise_for_status()
            else:
                http.get(f"/v1.0/messages/{message_id}").raise_for_status()
            if index >= 40:
                timings.append((time.perf_counter() - started) * 1000)
    return timings


def run(directory: Path) -> list[str]:
    port = free_port()
    server = start_mock("--port", str(port), "--db", str(directory / "proxy.sqlite3"), "--instant", "--no-access-log")
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "voipbin_contract", "proxy", "--upstream", base, "--listen", "127.0.0.1:0"]
    proxy = subprocess.Popen(
        [*command, "--report", str(directory / "report")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(base + "/v1.0/numbers", server)
        assert proxy.stdout is not None
        found = re.search(r"(http://127\.0\.0\.1:\d+)", proxy.stdout.readline())
        if found is None:
            raise SystemExit("the proxy did not start")
        with httpx.Client(base_url=base, params={"accesskey": ACCESS_KEY}) as http:
            for _ in range(20):
                message_id = http.post("/v1.0/messages", json=SEND).json()["id"]
        direct = latencies(base, message_id)
        through = latencies(found.group(1), message_id)
    finally:
        proxy.send_signal(signal.SIGINT)
        _, err = proxy.communicate(timeout=60)
        stop(server)
    added = statistics.median(through) - statistics.median(direct)
    p90 = statistics.quantiles(through, n=10)[-1] - statistics.quantiles(direct, n=10)[-1]
    verdict = err.strip().splitlines()[-1] if err.strip() else "no report line"
    return [
        "## Checking proxy cost (issue #26: at most 1 ms added at the median)",
        "",
        f"{CALLS} exchanges each way (a message by id and a page of 10, in turn), one keep-alive connection, the "
        "same mock (one process); the proxy as `voipbin-contract proxy` starts it.",
        "",
        "| how | median ms | p90 ms |",
        "| --- | ---: | ---: |",
        f"| direct | {statistics.median(direct):.3f} | {statistics.quantiles(direct, n=10)[-1]:.3f} |",
        f"| through the proxy | {statistics.median(through):.3f} | {statistics.quantiles(through, n=10)[-1]:.3f} |",
        "",
        f"- The proxy adds {added:.3f} ms at the median ({p90:.3f} ms at p90); target {TARGET_MS} ms "
        f"{'met' if added <= TARGET_MS else 'NOT met'}.",
        f"- Its report at the end: {verdict}",
        "",
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="voipbin-proxy-") as scratch:
        print("\n".join(run(Path(scratch))))
