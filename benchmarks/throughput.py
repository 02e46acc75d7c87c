"""Mock throughput next to Prism's: the same openapi.yaml, load generator (wrk), concurrency and duration.

Both servers run on 127.0.0.1; runs alternate between them so that both see the same machine state. The figures
go to benchmarks/RESULTS.md. This is a benchmark, not a test: it asserts nothing, it reports.
"""

from __future__ import annotations

import json
import platform
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

from benchmarks.common import ACCESS_KEY, LOGIN, ROOT, SEND, free_port, start_mock, start_prism, stop, wait_for

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SPEC = ROOT / "openapi.yaml"
SEND_BODY = json.dumps(SEND, separators=(",", ":"))
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
    path: str  # `{id}` stands for a message the server knows
    post: bool


ENDPOINTS = (
    Endpoint("GET /v1.0/messages?page_size=10", f"/v1.0/messages?accesskey={ACCESS_KEY}&page_size=10", post=False),
    Endpoint("GET /v1.0/messages/{id}", f"/v1.0/messages/{{id}}?accesskey={ACCESS_KEY}", post=False),
    Endpoint("POST /v1.0/messages", f"/v1.0/messages?accesskey={ACCESS_KEY}", post=True),
    # With a login token (a JWT the mock signs and verifies) instead of an access key.
    Endpoint("GET /v1.0/messages?page_size=10, login token", "/v1.0/messages?token={token}&page_size=10", post=False),
    Endpoint("POST /v1.0/messages, login token", "/v1.0/messages?token={token}", post=True),
)
# Prism answers any UUID with the description's example, and takes any token.
PRISM_MESSAGE_ID = "a5d2114a-8e84-48cd-8bb2-c406eeb08cd1"
PRISM_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcmlzbSJ9.c2lnbmF0dXJl"


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


# The configurations measured: the mock as `make mock` starts it, and with --workers.
DEFAULT = "voipbin_mock"
WORKERS = "voipbin_mock --workers 2"
PRISM = "Prism"


def run(directory: Path, seconds: int = 5, runs: int = 3, connections: int = 16, workers: int = 2) -> list[str]:
    """The section of RESULTS.md: every server under the same load, runs alternating between them."""
    if shutil.which("wrk") is None:
        raise SystemExit("benchmarks need wrk: install it with `apt-get install wrk` (make bench does)")
    settings = Settings(seconds, runs, connections, workers)
    post_script = directory / "post.lua"
    post_script.write_text(POST_SCRIPT, encoding="utf-8")
    fixtures = str(bench_fixtures(directory))
    ports = {DEFAULT: free_port(), WORKERS: free_port(), PRISM: free_port()}
    shared = ["--db", str(directory / "mock.db"), "--workers", str(settings.workers)]
    processes = {
        # As `make mock` runs it: one process, state in memory, the access log on.
        DEFAULT: start_mock("--port", str(ports[DEFAULT]), "--fixtures", fixtures, log=directory / "default.log"),
        WORKERS: start_mock("--port", str(ports[WORKERS]), "--fixtures", fixtures, *shared, log=directory / "w.log"),
        PRISM: start_prism(ports[PRISM]),
    }
    try:
        servers = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        for name, url in servers.items():
            wait_for(url + "/v1.0/numbers", processes[name])
        message_ids, tokens = {PRISM: PRISM_MESSAGE_ID}, {PRISM: PRISM_TOKEN}
        for name in (DEFAULT, WORKERS):  # something to list and fetch, and a token
            with httpx.Client(base_url=servers[name]) as client:
                for _ in range(20):
                    sent = client.post("/v1.0/messages", params={"accesskey": ACCESS_KEY}, content=SEND_BODY,
                                       headers={"Content-Type": "application/json"})  # fmt: skip
                tokens[name] = client.post("/auth/login", json=LOGIN).json()["token"]
            message_ids[name] = sent.json()["id"]
        results: dict[tuple[str, str], list[Run]] = {}
        for endpoint in ENDPOINTS:
            script = post_script if endpoint.post else None
            for name, url in servers.items():  # warm-up, not counted
                path = endpoint.path.format(id=message_ids[name], token=tokens[name])
                wrk(url + path, script, 2, settings.connections)
            for _ in range(settings.runs):
                for name, url in servers.items():
                    path = endpoint.path.format(id=message_ids[name], token=tokens[name])
                    run = wrk(url + path, script, settings.seconds, settings.connections)
                    results.setdefault((name, endpoint.name), []).append(run)
                    print(f"{name:26s} {endpoint.name:34s} {run.requests_per_second:9.0f} req/s", flush=True)
    finally:
        stop(*processes.values())

    return report(results, settings)


@dataclass(frozen=True)
class Settings:
    seconds: int
    runs: int
    connections: int
    workers: int


def report(results: dict[tuple[str, str], list[Run]], args: Settings) -> list[str]:
    lines = [
        "## Mock throughput and latency against Prism (issues #3, #6 and #13: >= 5x Prism's req/s, p99 below its p50)",
        "",
        f"Prism: @stoplight/prism-cli {version(['npx', '--no-install', 'prism', '--version'])} (static examples). "
        f"`{DEFAULT}`: as `make mock` starts it, one process, state in memory, the access log on (written to a "
        f"file), default lifecycle delays. `{WORKERS}`: {args.workers} processes sharing a SQLite file (WAL), the "
        "access log on. Both with the demo fixtures, their balances raised so that no send is refused. "
        f"Load: {version(['wrk', '-v']).split(' [')[0]}, 1 thread, {args.connections} connections, {args.runs} runs of "
        f"{args.seconds}s per server and endpoint, alternating between the servers, after a 2s warm-up; loopback "
        "only. wrk takes one of the machine's cores: with 2 cores, the workers share the other one with it.",
        "",
        "| endpoint | server | req/s median | req/s min..max | p50 ms | p99 ms | non-2xx |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    verdicts = []
    for endpoint in ENDPOINTS:
        medians = {}
        for server in (DEFAULT, WORKERS, PRISM):
            runs = results[(server, endpoint.name)]
            rates = [r.requests_per_second for r in runs]
            medians[server] = statistics.median(rates)
            lines.append(
                f"| `{endpoint.name}` | {server} | {medians[server]:,.0f} | {min(rates):,.0f}..{max(rates):,.0f} | "
                f"{statistics.median(r.p50_ms for r in runs):.2f} | {statistics.median(r.p99_ms for r in runs):.2f} | "
                f"{sum(r.errors for r in runs)} |"
            )
        prism_p50 = statistics.median(r.p50_ms for r in results[(PRISM, endpoint.name)])
        for server in (DEFAULT, WORKERS):
            ratio = medians[server] / medians[PRISM]
            met = "met" if ratio >= TARGET_RATIO else "NOT met"
            mock_p99 = statistics.median(r.p99_ms for r in results[(server, endpoint.name)])
            latency = "met" if mock_p99 < prism_p50 else "NOT met"
            verdicts.append(
                f"- `{endpoint.name}`, `{server}`: {ratio:.1f}x Prism's median req/s (target {TARGET_RATIO:.0f}x: "
                f"{met}); p99 {mock_p99:.2f} ms against Prism's p50 {prism_p50:.2f} ms (target below it: {latency})."
            )
    lines += ["", *verdicts, ""]
    return lines
