"""voipbin_mock.workers: the worker processes of `--workers` end with their parent, also when it is killed."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.voipbin_mock.conftest import ALICE_KEY


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is a Linux feature")
def test_killing_the_parent_stops_every_worker(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "voipbin_mock", "--port", "0", "--workers", "2", "--db", str(tmp_path / "mock.db")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        match = re.search(r"serving on (http://127\.0\.0\.1:\d+)", process.stdout.readline())
        assert match
        url = match.group(1)
        deadline = time.monotonic() + 30
        while True:  # the workers are up once one of them answers
            try:
                assert httpx.get(f"{url}/v1.0/numbers", params={"accesskey": ALICE_KEY}).status_code == 200
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the workers did not start"
                time.sleep(0.1)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 30
        while True:  # a worker left behind would go on answering on the port
            try:
                httpx.get(f"{url}/v1.0/numbers", params={"accesskey": ALICE_KEY}, timeout=1)
            except httpx.TransportError:
                break
            assert time.monotonic() < deadline, "a worker outlived its killed parent and still serves the port"
            time.sleep(0.1)
    finally:
        if process.poll() is None:
            process.kill()
        if process.stdout is not None:
            process.stdout.close()
