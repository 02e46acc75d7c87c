"""What every benchmark needs: the demo credentials, free loopback ports, and servers started, awaited, stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from voipbin_mock.config import DEFAULT_FIXTURES
from voipbin_mock.fixtures import load_fixtures

# The first demo customer of the mock's built-in fixtures.
_ALICE = load_fixtures(DEFAULT_FIXTURES).customers[0]
ACCESS_KEY = _ALICE.accesskeys[0].token
LOGIN = {"username": _ALICE.username, "password": _ALICE.password}
ALICE_ID = _ALICE.id
ROOT = Path(__file__).resolve().parent.parent
# The send every benchmark makes: the tutorial's, from alice's number to a destination the mock delivers to.
SEND = {
    "source": {"type": "tel", "target": "+15559876543"},
    "destinations": [{"type": "tel", "target": "+31616818985"}],
    "text": "hello, this is test message.",
}
STOP_SECONDS = 15


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Return once url answers; SystemExit if the server exits or stays silent for seconds."""
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


def start(command: Sequence[str], log: Path | None = None) -> subprocess.Popen[bytes]:
    """A server in its own process group, so that stop() reaches what it starts in turn: npx runs Prism as a child
    that outlives npx, and the mock with --workers runs worker processes. Its stderr goes to log, if given."""
    with open(log or os.devnull, "ab") as stderr:
        return subprocess.Popen(
            list(command), stdout=subprocess.DEVNULL, stderr=stderr, cwd=ROOT, start_new_session=True
        )


def start_mock(*arguments: str, log: Path | None = None) -> subprocess.Popen[bytes]:
    """The mock as `make mock` runs it, plus arguments; with log, its access log is on and written there, as a user
    who keeps the log sees it (a file costs what a terminal or a pipe does); without, the log is off."""
    switch = [] if log else ["--no-access-log"]
    return start([sys.executable, "-m", "voipbin_mock", *switch, *arguments], log)


def start_prism(port: int) -> subprocess.Popen[bytes]:
    spec = str(ROOT / "openapi.yaml")
    return start(["npx", "--no-install", "prism", "mock", "-h", "127.0.0.1", "-p", str(port), spec])


def stop(*processes: subprocess.Popen[bytes]) -> None:
    """Ask each server's process group to stop, wait, then kill whatever of the group is left."""
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_SECONDS)
        _signal_group(process, signal.SIGKILL)
        process.wait()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has already exited
        os.killpg(process.pid, signum)
