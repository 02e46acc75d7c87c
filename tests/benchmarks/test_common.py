"""benchmarks.common: a stopped server leaves nothing running, not even what it started in turn (as npx does)."""

from __future__ import annotations

import os
import time

from benchmarks.common import start, stop


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_stop_reaches_the_servers_children(tmp_path):
    pid_file = tmp_path / "child.pid"
    # The shell starts a long sleep, as npx starts Prism; stopping only the shell would leave the sleep running.
    server = start(["sh", "-c", f"sleep 300 & echo $! > {pid_file}; wait"])
    deadline = time.monotonic() + 10
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline, "the server did not start its child"
        time.sleep(0.05)
    child = int(pid_file.read_text())
    stop(server)
    assert server.returncode is not None
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:  # the kernel reaps the orphan shortly after the kill
        time.sleep(0.05)
    assert not alive(child)
