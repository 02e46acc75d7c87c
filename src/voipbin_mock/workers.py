"""Serve the mock from several processes that share one SQLite file, each with its own listening socket.

uvicorn's own --workers share one socket, and whichever process wakes first accepts: a handful of connections
often all land on one process. With SO_REUSEPORT each process listens on its own socket and the kernel spreads
connections between them by their addresses.
"""

from __future__ import annotations

import ctypes
import json
import logging
import multiprocessing
import os
import signal
import socket
import sys
from pathlib import Path
from types import FrameType

import uvicorn

from voipbin_mock import access_log as access_log_module
from voipbin_mock.app import MockApp, create_app
from voipbin_mock.config import Delays, MockConfig
from voipbin_mock.server import UVICORN_OPTIONS, raise_file_limit

CONFIG_VARIABLE = "VOIPBIN_MOCK_CONFIG"
BACKLOG = 2048


def reuseport_socket(host: str, port: int, *, listen: bool = True) -> socket.socket:
    """A TCP socket bound to host:port that other processes may bind to the same address too; listening unless
    told. Only listening sockets take connections: one bound alone holds the port and takes none."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # No SO_REUSEPORT (Windows): `--workers` above 1 is refused before this (voipbin_mock.__main__).
        sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_REUSEPORT", socket.SO_REUSEADDR), 1)
        sock.bind((host, port))
        if listen:
            sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


# prctl(2) option: the signal the kernel sends this process when its parent dies.
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel stop this process when its parent dies, even by SIGKILL (Linux); elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def configure_logging(access_log: bool) -> None:
    """Logging of a serving process: the mock's lines with their time and process, the access log as asked."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(name)s %(message)s")
    access_log_module.configure(access_log)


def app_from_environment() -> MockApp:
    """The app of each worker process (--workers), configured by the parent through the environment."""
    settings = json.loads(os.environ[CONFIG_VARIABLE])
    configure_logging(settings.pop("access_log"))
    settings["delays"] = Delays(**settings["delays"])
    settings["faults"] = frozenset(settings["faults"])
    for name in ("spec_path", "fixtures_path", "db_path"):
        settings[name] = Path(settings[name]) if settings[name] else None
    return create_app(MockConfig(**settings))


def _worker(settings: str, host: str, port: int, parent: int) -> None:
    die_with_parent(parent)
    raise_file_limit()
    os.environ[CONFIG_VARIABLE] = settings
    server = uvicorn.Server(uvicorn.Config(app_from_environment(), **UVICORN_OPTIONS))
    server.run(sockets=[reuseport_socket(host, port)])


def serve(settings: str, host: str, port: int, workers: int) -> int:
    """Run workers until one of them ends or this process is asked to stop; then stop them all."""
    context = multiprocessing.get_context("spawn")
    arguments = (settings, host, port, os.getpid())
    processes = [context.Process(target=_worker, args=arguments, daemon=True) for _ in range(workers)]
    for process in processes:
        process.start()

    def stop(signum: int, _frame: FrameType | None) -> None:
        for process in processes:
            if process.is_alive():
                os.kill(process.pid or 0, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sentinels = [process.sentinel for process in processes]
    multiprocessing.connection.wait(sentinels)  # the first worker to end, or a signal's SIGTERM to all
    stop(signal.SIGTERM, None)
    for process in processes:
        process.join(timeout=10)
    failed = [p.exitcode for p in processes if p.exitcode not in (0, -signal.SIGTERM)]
    if failed:
        print(f"voipbin_mock: a worker exited with status {failed[0]}", file=sys.stderr)
    return 1 if failed else 0
