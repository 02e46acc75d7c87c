"""Mock throughput next to Prism's: the same openapi.yaml, load generator (wrk), concurrency and duration.

Both servers run on 127.0.0.1; runs alternate between them so that both see the same machine state. The figures
go to benchmarks/RESULTS.md. This is a benchmark, not a test: it asserts nothing, it reports.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SPEC = ROOT / "openapi.yaml"
ACCESS_KEY = "vbk_alice_demo_7d1f0c2a9e"
SEND_BODY = (
    '{"source":{"type":"tel","target":"+15559876543"},'
    '"destinations":[{"type":"tel","target":"+31616818985"}],"text":"hello, this is test message."}'
)
POST_SCRIPT = f"""wrk.method = "POST"
wrk.body = '{SEND_BODY}'
wrk.headers["Content-Type"] = "application/json"
"""
TARGET_RATIO = 5.0


@dataclass(frozen=True)
class Run:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    post: bool


ENDPOINTS = (
    Endpoint("GET /v1.0/messages?page_size=10", f"/v1.0/messages?token={ACCESS_KEY}&page_size=10", post=False),
    Endpoint("POST /v1.0/messages", f"/v1.0/messages?token={ACCESS_KEY}", post=True),
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} exited with status {process.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds:.0f}s")


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, script: Path | None, seconds: int, connections: int) -> Run:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Run(rate, p50, p99, int(errors.group(1)) if errors else 0)


def bench_fixtures(directory: Path) -> Path:
    """The default fixtures with balances large enough that no send is refused during the run."""
    data = yaml.safe_load((ROOT / "src" / "voipbin_mock" / "fixtures.yaml").read_text(encoding="utf-8"))
    for customer in data["customers"]:
        customer["balance"] = "1000000000.00"
    path = directory / "fixtures.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def version(command: list[str]) -> str:
    """The first line a tool prints about its version (wrk prints it with its usage, and exits 1)."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        return (result.stdout + result.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each measured run")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per server and endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="mock server processes")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("benchmarks need wrk: install it with `apt-get install wrk` (make bench does)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="voipbin-bench-") as scratch:
        directory = Path(scratch)
        post_script = directory / "post.lua"
        post_script.write_text(POST_SCRIPT, encoding="utf-8")
        mock_port, prism_port = free_port(), free_port()
        mock = subprocess.Popen(
            [sys.executable, "-m", "voipbin_mock", "--port", str(mock_port), "--db", str(directory / "mock.db"),
             "--fixtures", str(bench_fixtures(directory)), "--workers", str(args.workers), "--no-access-log"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        prism = subprocess.Popen(
            ["npx", "--no-install", "prism", "mock", "-h", "127.0.0.1", "-p", str(prism_port), str(SPEC)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
        )  # fmt: skip
        try:
            servers = {"voipbin_mock": f"http://127.0.0.1:{mock_port}", "Prism": f"http://127.0.0.1:{prism_port}"}
            wait_for(servers["voipbin_mock"] + "/v1.0/numbers", mock)
            wait_for(servers["Prism"] + "/v1.0/numbers", prism)
            with httpx.Client(base_url=servers["voipbin_mock"]) as client:  # something to list
                for _ in range(20):
                    client.post("/v1.0/messages", params={"token": ACCESS_KEY}, content=SEND_BODY,
                                headers={"Content-Type": "application/json"})  # fmt: skip
            results: dict[tuple[str, str], list[Run]] = {}
            for endpoint in ENDPOINTS:
                script = post_script if endpoint.post else None
                for url in servers.values():  # warm-up, not counted
                    wrk(url + endpoint.path, script, 2, args.connections)
                for _ in range(args.runs):
                    for name, url in servers.items():
                        run = wrk(url + endpoint.path, script, args.seconds, args.connections)
                        results.setdefault((name, endpoint.name), []).append(run)
                        print(f"{name:13s} {endpoint.name:34s} {run.requests_per_second:9.0f} req/s", flush=True)
        finally:
            for process in (mock, prism):
                process.terminate()
            for process in (mock, prism):
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()

    args.output.write_text(report(results, args), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def report(results: dict[tuple[str, str], list[Run]], args: argparse.Namespace) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `benchmarks/throughput.py` (`make bench`) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        f"- Machine: {os.cpu_count()} cores, {cpu_model()}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {version(['wrk', '-v'])}; Node {version(['node', '--version'])}",
        f"- Prism: @stoplight/prism-cli {version(['npx', '--no-install', 'prism', '--version'])} (static examples)",
        f"- voipbin_mock: {args.workers} processes, SQLite file in WAL mode, default lifecycle delays, access log off",
        f"- Load: wrk, 1 thread, {args.connections} connections, {args.runs} runs of {args.seconds}s per server and "
        "endpoint, alternating between the servers, after a 2s warm-up; loopback only",
        "",
        "## Mock throughput against Prism (issue #3: at least 5x Prism's req/s)",
        "",
        "| endpoint | server | req/s median | req/s min..max | p50 ms | p99 ms | non-2xx |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    verdicts = []
    for endpoint in ENDPOINTS:
        medians = {}
        for server in ("voipbin_mock", "Prism"):
            runs = results[(server, endpoint.name)]
            rates = [r.requests_per_second for r in runs]
            medians[server] = statistics.median(rates)
            lines.append(
                f"| `{endpoint.name}` | {server} | {medians[server]:,.0f} | {min(rates):,.0f}..{max(rates):,.0f} | "
                f"{statistics.median(r.p50_ms for r in runs):.2f} | {statistics.median(r.p99_ms for r in runs):.2f} | "
                f"{sum(r.errors for r in runs)} |"
            )
        ratio = medians["voipbin_mock"] / medians["Prism"]
        met = "met" if ratio >= TARGET_RATIO else "NOT met"
        verdicts.append(f"- `{endpoint.name}`: {ratio:.1f}x Prism's median req/s; target {TARGET_RATIO:.0f}x {met}.")
    lines += ["", "## Ratios", "", *verdicts, ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
