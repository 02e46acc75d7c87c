"""The checking proxy (voipbin_contract.traffic.proxy) and check-traffic: traffic from a small client through the
proxy to the bundled mock reaches the client byte-identical and ends with exit 0 and a summary naming the operations
seen; the same traffic against a mock with a fault ends with exit 1 naming the rule; a HAR of the traffic gives the
same verdicts; no credential reaches the report."""

from __future__ import annotations

import base64
import contextlib
import json
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT, environment_naming_no_server
from tests.hostile import LATE, gzip_bomb, gzip_of_zeros, hanging, hostile, malformed
from voipbin_contract.runner.bundled import MOCK_KEYS, bundled_mock
from voipbin_contract.traffic.exchange import MAX_JUDGED_BYTES, Exchange
from voipbin_mock import MockConfig
from voipbin_mock.config import INSTANT

# The proxy and check-traffic as commands, each run in a process of its own (`make check` leaves them out).
pytestmark = pytest.mark.slow

KEY = MOCK_KEYS[0]
PASSWORD = "alice-secret"
SEND = {
    "source": {"type": "tel", "target": "+15559876543", "name": "Alice"},
    "destinations": [{"type": "tel", "target": "+31616818985", "name": "Bob"}],
    "text": "hello through the proxy",
}
# What the summary names for each operation the traffic takes.
OPERATIONS = (
    "POST /auth/login",
    "GET /v1.0/numbers",
    "POST /v1.0/messages",
    "GET /v1.0/messages/{id}",
    "GET /v1.0/messages",
    "DELETE /v1.0/messages/{id}",
)


def to_har(exchanges: list[Exchange]) -> dict[str, Any]:
    """Exchanges as a HAR document, as a browser or mitmproxy exports one (its fields that check-traffic reads)."""

    def headers(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
        return [{"name": name, "value": value} for name, value in pairs]

    entries = []
    for exchange in exchanges:
        request: dict[str, Any] = {
            "method": exchange.method,
            "url": exchange.url,
            "httpVersion": "HTTP/1.1",
            "headers": headers(exchange.request_headers),
            "queryString": [{"name": k, "value": v} for k, v in exchange.query],
            "cookies": [],
            "headersSize": -1,
            "bodySize": len(exchange.request_body),
        }
        if exchange.request_body:
            request["postData"] = {
                "mimeType": exchange.request_header("content-type") or "",
                "text": exchange.request_body.decode("utf-8", "replace"),
            }
        content = {
            "size": len(exchange.response_body),
            "mimeType": exchange.response_header("content-type") or "",
            "text": base64.b64encode(exchange.response_body).decode("ascii"),
            "encoding": "base64",
        }
        entries.append(
            {
                "startedDateTime": "1970-01-01T00:00:00.000Z",
                "time": 0,
                "request": request,
                "response": {
                    "status": exchange.status,
                    "statusText": "",
                    "httpVersion": "HTTP/1.1",
                    "headers": headers(exchange.response_headers),
                    "cookies": [],
                    "content": content,
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": len(exchange.response_body),
                },
                "cache": {},
                "timings": {"send": 0, "wait": 0, "receive": 0},
            }
        )
    return {"log": {"version": "1.2", "creator": {"name": "voipbin-contract", "version": "1"}, "entries": entries}}


def environment() -> dict[str, str]:
    return environment_naming_no_server()


@contextmanager
def proxy(upstream: str, report: Path, *extra: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The proxy in a process of its own on a free port; yields its URL and the process (stopped by the caller)."""
    command = [sys.executable, "-m", "voipbin_contract", "proxy", "--upstream", upstream, "--listen", "127.0.0.1:0"]
    process = subprocess.Popen(
        [*command, "--report", str(report), *extra],
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)", banner)
        assert found, banner + (process.stderr.read() if process.stderr else "")
        yield found.group(1), process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    return process.returncode, err


def traffic(base: str) -> list[httpx.Response]:
    """Login, numbers, two sends, a read, a walk two per page, a delete and a read of it: the answers."""
    answers = []
    with httpx.Client(base_url=base, timeout=10) as http:
        answers.append(http.post("/auth/login", json={"username": "alice@example.com", "password": PASSWORD}))
        token = answers[-1].json()["token"]
        answers.append(http.get("/v1.0/numbers", headers={"Authorization": f"Bearer {token}"}))
        sent = [http.post("/v1.0/messages", params={"accesskey": KEY}, json=SEND) for _ in range(2)]
        answers += sent
        first = sent[0].json()["id"]
        answers.append(http.get(f"/v1.0/messages/{first}", params={"accesskey": KEY}))
        token = ""
        while True:
            params: dict[str, str | int] = {"accesskey": KEY, "page_size": 2}
            params |= {"page_token": token} if token else {}
            answers.append(http.get("/v1.0/messages", params=params))
            page = answers[-1].json()
            if not page["result"] or not page["next_page_token"]:
                break
            token = page["next_page_token"]
        answers.append(http.delete(f"/v1.0/messages/{first}", params={"accesskey": KEY}))
        answers.append(http.get(f"/v1.0/messages/{first}", params={"accesskey": KEY}))
    return answers


def report_text(report: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(report.iterdir()))


def test_traffic_through_the_proxy_is_forwarded_unchanged_and_judged(tmp_path):
    report = tmp_path / "report"
    config = MockConfig(delays=INSTANT, db_path=tmp_path / "mock.sqlite3")
    with bundled_mock(config) as upstream, proxy(upstream, report) as (url, process):
        answers = traffic(url)
        message = answers[3].json()["id"]  # the second send: not deleted
        through = httpx.get(f"{url}/v1.0/messages/{message}", params={"accesskey": KEY})
        direct = httpx.get(f"{upstream}/v1.0/messages/{message}", params={"accesskey": KEY})
        code, err = stop(process)
    assert code == 0, err + report_text(report)
    assert [a.status_code for a in answers[:4]] == [200, 200, 200, 200]
    assert answers[-1].status_code == 404
    assert through.content == direct.content
    assert through.status_code == direct.status_code
    assert through.headers["content-type"] == direct.headers["content-type"]
    assert through.headers["content-length"] == direct.headers["content-length"]
    summary = (report / "summary.md").read_text(encoding="utf-8")
    assert "0 failed" in summary
    for operation in OPERATIONS:
        assert f"`{operation}`" in summary, operation
    text = report_text(report)
    for secret in (KEY, PASSWORD, answers[0].json()["token"]):
        assert secret not in text
        assert secret.upper() not in text


@pytest.mark.parametrize(
    ("fault", "rule"),
    [
        ("misspelled_status", "which is not a TargetStatus"),
        ("get_drops_source_name", "/source/name is None, but"),
        ("page_repeats_item", "listed more than once"),
    ],
)
def test_traffic_against_a_mock_with_a_fault_ends_with_exit_1_naming_the_rule(tmp_path, fault, rule):
    report = tmp_path / "report"
    config = MockConfig(delays=INSTANT, db_path=tmp_path / "mock.sqlite3", faults=frozenset({fault}))
    with bundled_mock(config) as upstream, proxy(upstream, report) as (url, process):
        traffic(url)
        code, err = stop(process)
    summary = (report / "summary.md").read_text(encoding="utf-8")
    assert code == 1, err + summary
    assert rule in summary
    assert KEY not in report_text(report)


def test_fail_on_violation_marks_the_answer_that_breaks_the_contract(tmp_path):
    config = MockConfig(delays=INSTANT, faults=frozenset({"misspelled_status"}))
    with bundled_mock(config) as upstream, proxy(upstream, tmp_path / "r", "--fail-on-violation") as (url, process):
        sent = httpx.post(f"{url}/v1.0/messages", params={"accesskey": KEY}, json=SEND)
        numbers = httpx.get(f"{url}/v1.0/numbers", params={"accesskey": KEY})
        stop(process)
    assert "which is not a TargetStatus" in sent.headers["x-contract-violation"]
    assert "x-contract-violation" not in numbers.headers


def test_a_har_of_the_traffic_gives_the_same_verdicts(tmp_path):
    """The traffic recorded as a HAR file (as a browser or mitmproxy exports it) and judged by check-traffic."""
    verdicts = {}
    for faults in ((), ("get_drops_source_name",)):
        config = MockConfig(delays=INSTANT, db_path=tmp_path / f"{len(faults)}.sqlite3", faults=frozenset(faults))
        with bundled_mock(config) as upstream:
            answers = traffic(upstream)
        exchanges = [
            Exchange(
                a.request.method,
                str(a.request.url),
                list(a.request.headers.items()),
                a.request.content,
                a.status_code,
                list(a.headers.items()),
                a.content,
            )
            for a in answers
        ]
        har = tmp_path / f"{len(faults)}.har"
        har.write_text(json.dumps(to_har(exchanges)), encoding="utf-8")
        report = tmp_path / f"report{len(faults)}"
        command = [sys.executable, "-m", "voipbin_contract", "check-traffic", str(har), "--report", str(report)]
        result = subprocess.run(command, cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=120)
        verdicts[faults] = (result.returncode, (report / "summary.md").read_text(encoding="utf-8"))
        assert KEY not in report_text(report)
        assert PASSWORD not in report_text(report)
    assert verdicts[()][0] == 0, verdicts[()][1]
    assert verdicts[("get_drops_source_name",)][0] == 1
    assert "/source/name is None, but" in verdicts[("get_drops_source_name",)][1]
    for operation in OPERATIONS:
        assert f"`{operation}`" in verdicts[()][1]


def test_a_har_file_that_is_not_one_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.har"
    bad.write_text('{"log": {"entries": [{"request": {}}]}}', encoding="utf-8")
    command = [sys.executable, "-m", "voipbin_contract", "check-traffic", str(bad), "--report", str(tmp_path / "r")]
    result = subprocess.run(command, cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "entry 0" in result.stderr


def test_an_upstream_that_hangs_gets_the_client_a_502_at_the_deadline_and_the_report_a_violation(tmp_path):
    report = tmp_path / "report"
    with hostile(hanging) as upstream, proxy(upstream, report, "--upstream-timeout", "1") as (url, process):
        started = time.monotonic()
        answer = httpx.get(f"{url}/v1.0/numbers", params={"accesskey": KEY}, timeout=30)
        elapsed = time.monotonic() - started
        code, err = stop(process)
    assert answer.status_code == 502
    assert answer.json()["error"]["reason"] == "UPSTREAM_UNANSWERED"
    assert elapsed < 1 + LATE
    assert code == 1, err
    assert "No answer" in (report / "summary.md").read_text(encoding="utf-8")


def test_an_answer_over_the_cap_streams_through_whole_and_is_counted_as_not_judged(tmp_path):
    size = MAX_JUDGED_BYTES + 3 * 1024 * 1024

    def large(connection) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % size
        connection.sendall(head)
        for _ in range(size // 65536):
            connection.sendall(b" " * 65536)

    report = tmp_path / "report"
    with hostile(large) as upstream, proxy(upstream, report) as (url, process):
        answer = httpx.get(f"{url}/v1.0/numbers", params={"accesskey": KEY}, timeout=60)
        code, err = stop(process)
    assert answer.status_code == 200
    assert len(answer.content) == size
    assert code == 0, err
    assert "1 a body over the cap (16 MiB)" in (report / "summary.md").read_text(encoding="utf-8")


def test_an_answer_never_waits_on_a_judge_that_died(tmp_path, monkeypatch):
    """With --fail-on-violation each answer waits for its verdict: a dead judge held it for ever."""
    import asyncio

    from voipbin_contract.traffic import proxy as proxy_module

    monkeypatch.setattr(proxy_module, "VERDICT_SECONDS", 0.5)
    judging = proxy_module.JudgeProcess(tmp_path / "report", "http://upstream.test")
    judging.process.kill()
    judging.process.join()
    exchange = Exchange("GET", "http://upstream.test/v1.0/numbers", [], b"", 200, [], b"{}")
    started = time.monotonic()
    verdict = asyncio.run(judging.judge(exchange, wait=True))
    assert verdict.startswith("no verdict: the judge did not answer")
    assert time.monotonic() - started < 0.5 + LATE
    assert judging.close() == 2  # the run's report cannot be trusted: exit 2, not a pass


def peak_megabytes(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    (kilobytes,) = re.findall(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(kilobytes) / 1024


def test_an_upstream_that_answers_no_http_is_a_violation_that_names_no_secret(tmp_path):
    """aiohttp's error quotes the upstream URL, access key and all: the report says what happened, redacted. A
    login's password shorter than the redactor's usual minimum is a password still."""
    report = tmp_path / "report"
    with hostile(malformed) as upstream, proxy(upstream, report) as (url, process):
        answers = [
            httpx.get(f"{url}/v1.0/numbers", params={"accesskey": KEY}, timeout=30),
            httpx.post(f"{url}/auth/login", json={"username": "alice@example.com", "password": "pw1"}, timeout=30),
        ]
        code, err = stop(process)
    assert [a.status_code for a in answers] == [502, 502]
    assert KEY not in answers[0].text
    assert code == 1, err
    text = report_text(report)
    assert "No answer" in text
    assert "[REDACTED]" in text
    for secret in (KEY, "pw1"):
        assert secret not in text + err, secret


def test_a_gzip_answer_that_inflates_to_a_gibibyte_passes_whole_unjudged_and_the_proxy_stays_small(tmp_path):
    report = tmp_path / "report"
    with hostile(gzip_bomb()) as upstream, proxy(upstream, report) as (url, process):
        before = peak_megabytes(process.pid)
        with httpx.stream("GET", f"{url}/v1.0/numbers", params={"accesskey": KEY}, timeout=60) as answer:
            raw = b"".join(answer.iter_raw())
        after = peak_megabytes(process.pid)
        code, err = stop(process)
    assert answer.status_code == 200
    assert raw == gzip_of_zeros(1 << 30)  # forwarded as it came
    assert after - before < 300, (before, after)
    assert code == 0, err
    assert "1 a body that inflates past the cap" in (report / "summary.md").read_text(encoding="utf-8")


def test_a_request_header_that_never_ends_is_refused_and_the_proxy_stays_small(tmp_path):
    with hostile(hanging) as upstream, proxy(upstream, tmp_path / "report") as (url, process):
        before = peak_megabytes(process.pid)
        host, port = url.removeprefix("http://").split(":")
        started = time.monotonic()
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(b"GET /v1.0/numbers HTTP/1.1\r\nHost: x\r\nX-Endless: ")
            with contextlib.suppress(OSError):  # the proxy closes once it has refused
                for _ in range(88 * 16):
                    connection.sendall(b"a" * 65536)
            answer = b""
            with contextlib.suppress(OSError):
                while chunk := connection.recv(65536):
                    answer += chunk
        elapsed = time.monotonic() - started
        after = peak_megabytes(process.pid)
        stop(process)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert b"HEADERS_TOO_LARGE" in answer
    assert after - before < 50, (before, after)
    assert elapsed < 10


@pytest.mark.parametrize(
    "path",
    [
        "/v1.0/numbers/../../../capture/x",
        "/v1.0/numbers/%2e%2e/%2E%2E/%2e./capture/x",
        "/v1.0/numbers/.%2E%2f..%2fcapture",
        "/v1.0/numbers/..\\..\\capture",
        "/v1.0/./numbers",
    ],
)
def test_a_path_that_could_leave_the_upstreams_base_path_is_refused_and_never_forwarded(tmp_path, path):
    reached: list[int] = []

    def upstream_answer(connection: socket.socket) -> None:
        reached.append(1)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    with hostile(upstream_answer) as upstream, proxy(f"{upstream}/base", tmp_path / "report") as (url, process):
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(f"GET {path}?accesskey={KEY} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            head = b""
            while chunk := connection.recv(65536):
                head += chunk
        stop(process)
    assert head.startswith(b"HTTP/1.1 400 "), head[:200]
    assert b"PATH_NOT_NORMALISED" in head
    assert reached == []
