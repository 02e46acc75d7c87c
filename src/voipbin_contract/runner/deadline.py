"""Time limits that interrupt what is running, not only what would start next: httpx's timeouts are per read, so a
server that drips its answers or hangs after the preflight kept a run with a limit of 30 s going for 355 s.

An alarm (SIGALRM, in the main thread, where pytest runs the tests) raises in the code that is running when the
time is up; elsewhere (another thread, a system without SIGALRM) nothing is interrupted, as before.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType


class RunTimeLimitReached(KeyboardInterrupt):
    """The run's time limit is spent: it ends the session as an interruption does (exit code 2), so that no test
    framework (hypothesis, schemathesis) catches it as a test's failure and runs the test again."""


@contextmanager
def alarm(seconds: float, expired: Callable[[], BaseException]) -> Iterator[None]:
    """Raise expired() in the running code once seconds have passed, if the block is still running. Alarms nest:
    within an outer one (the run's limit) an inner one (a request's deadline) rings first if it is due first, and
    the outer one rings at its own time, in the block or after it."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    started = time.monotonic()
    outer, _ = signal.getitimer(signal.ITIMER_REAL)  # 0: no outer alarm
    if outer and outer <= seconds:  # the outer one rings first: nothing to add
        yield
        return

    def ring(signum: int, frame: FrameType | None) -> None:
        raise expired()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # the outer alarm again, for what is left of it (at once if nothing is)
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3))
