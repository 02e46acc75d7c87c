"""`python -m voipbin_mock`: starts on 127.0.0.1, prints how to use it, and refuses bad input readably."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from tests.voipbin_mock.conftest import ALICE_KEY
from tests.voipbin_mock.test_pagination import free_port
from voipbin_mock.lifecycle import PROVIDER_OUTCOMES


def run(*args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "voipbin_mock", *args], capture_output=True, text=True, timeout=timeout
    )


def test_it_serves_and_prints_the_url_and_demo_credentials(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "voipbin_mock", "--port", str(port), "--db", str(tmp_path / "db.sqlite3"), "--instant"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/v1.0/numbers", params={"accesskey": ALICE_KEY})
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the mock did not start"
                time.sleep(0.1)
        assert response.status_code == 200
        assert response.json()["result"][0]["tm_update"] is None  # the service profile, by default
    finally:
        process.terminate()
        out, err = process.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}, answering as the live service does (--profile service)" in out
    assert all(f"{number} -> {status}" in out for number, status in PROVIDER_OUTCOMES.items())
    assert "alice@example.com / alice-secret" in out
    assert "bob@example.com / bob-secret" in out
    assert ALICE_KEY in out
    assert "Traceback" not in err
    assert ALICE_KEY not in err  # the access log redacts it
    assert " voipbin_mock.access 127.0.0.1 GET /v1.0/numbers?accesskey=REDACTED 200 " in err  # written as it stops


def test_missing_fixtures_are_a_readable_error(tmp_path):
    result = run("--fixtures", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert "cannot read fixtures" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/a\r\nInjected: yes", "http://[::1/x", "mailto:me@example.com"])
def test_a_webhook_url_that_is_no_http_url_is_one_line_and_exit_2(url):
    result = run("--webhook-url", url)
    assert result.returncode == 2
    assert "--webhook-url" in result.stderr
    assert "cannot be used" in result.stderr
    assert "Injected" not in result.stderr  # the injected line is not echoed
    assert "Traceback" not in result.stderr


def test_bad_arguments_are_a_readable_error():
    result = run("--timestamps", "unix")
    assert result.returncode == 2
    assert "invalid choice: 'unix'" in result.stderr
    result = run("--sent-after", "-1")
    assert result.returncode == 2
    assert "must not be negative" in result.stderr


def test_workers_share_one_database_and_stop_together(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voipbin_mock",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "db.sqlite3"),
            "--workers",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    body = {
        "source": {"type": "tel", "target": "+15559876543"},
        "destinations": [{"type": "tel", "target": "+31616818985"}],
        "text": "hi",
    }
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/v1.0/numbers", params={"accesskey": ALICE_KEY})
                break
            except httpx.ConnectError:  # refused until a worker listens; never reset once one does
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "the workers did not start"
                time.sleep(0.01)
        sent = set()
        for _ in range(40):  # a new connection each time, so both processes take some
            response = httpx.post(f"http://127.0.0.1:{port}/v1.0/messages", params={"accesskey": ALICE_KEY}, json=body)
            assert response.status_code == 200
            sent.add(response.json()["id"])
        listed = httpx.get(f"http://127.0.0.1:{port}/v1.0/messages", params={"accesskey": ALICE_KEY}).json()["result"]
        assert [m["id"] for m in listed] == sorted(sent, reverse=True)  # UUIDv7 ids sort by creation
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Traceback" not in err


def test_workers_need_a_database_file():
    result = run("--workers", "2")
    assert result.returncode == 2
    assert "--workers above 1 needs --db" in result.stderr


def test_an_unknown_profile_is_a_readable_error():
    result = run("--profile", "staging")
    assert result.returncode == 2
    assert "invalid choice: 'staging'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_profile_chooses_the_default_timestamps():
    from voipbin_mock.__main__ import parse_args

    assert parse_args([]).timestamps == "rfc3339"
    assert parse_args(["--profile", "tutorial"]).timestamps == "legacy"
    assert parse_args(["--profile", "tutorial", "--timestamps", "rfc3339"]).timestamps == "rfc3339"


def test_the_dispatch_and_webhook_order_are_switches_with_the_services_defaults():
    from voipbin_mock.__main__ import banner, parse_args
    from voipbin_mock.config import DEFAULT_FIXTURES
    from voipbin_mock.lifecycle import DISPATCH_REFUSED

    defaults = parse_args([])
    assert (defaults.dispatch, defaults.webhook_order, defaults.seed) == ("either", None, None)  # as the profile
    chosen = parse_args(["--dispatch", "telnyx", "--webhook-order", "ordered", "--seed", "7"])
    assert (chosen.dispatch, chosen.webhook_order, chosen.seed) == ("telnyx", "ordered", 7)
    assert DISPATCH_REFUSED in banner("http://127.0.0.1:8000", DEFAULT_FIXTURES, "service")
    assert DISPATCH_REFUSED not in banner("http://127.0.0.1:8000", DEFAULT_FIXTURES, "tutorial")


def test_an_unknown_dispatch_is_a_readable_error():
    result = run("--dispatch", "pigeon")
    assert result.returncode == 2
    assert "invalid choice: 'pigeon'" in result.stderr
    assert "Traceback" not in result.stderr
