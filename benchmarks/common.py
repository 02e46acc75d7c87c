"""What every benchmark needs: the demo credentials, free loopback ports, and waiting for a server to answer."""

from __future__ import annotations

import socket
import subprocess
import time

import httpx

ACCESS_KEY = "vbk_alice_demo_7d1f0c2a9e"
ALICE_ID = "5e4a0680-804e-11ec-8477-2fea5968d85b"


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
