"""Fixtures for voipbin_sdk's tests: the bundled mock on a free port, a stub transport, and no real sleeping."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import orjson
import pytest

from contract_tests.target import bundled_mock
from tests.conftest import ROOT
from tests.voipbin_mock.conftest import ALICE_KEY
from voipbin_mock import MockConfig
from voipbin_mock.config import INSTANT

BASE_URL = "http://voipbin.test"


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """The mock, as the service answers, on 127.0.0.1; every target settles at once."""
    with bundled_mock(MockConfig(delays=INSTANT)) as url:
        yield url


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the retries asked for, recorded instead of slept."""
    waits: list[float] = []

    async def asleep(seconds: float) -> None:
        waits.append(seconds)

    # The names httpx-retries sleeps through, replaced in its module only: the mock's server thread sleeps too.
    monkeypatch.setattr("httpx_retries.retry.time", SimpleNamespace(sleep=waits.append))
    monkeypatch.setattr("httpx_retries.retry.asyncio", SimpleNamespace(sleep=asleep))
    return waits


def envelope(status: str, reason: str, message: str = "m", details: list[dict[str, object]] | None = None) -> bytes:
    error: dict[str, object] = {"status": status, "reason": reason, "message": message, "request_id": "req_TEST"}
    if details:
        error["details"] = details
    return orjson.dumps({"error": error})


class Stub:
    """A transport that answers from a script, one answer (or exception) per request, and records the requests."""

    def __init__(self, *answers: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        answer.read()  # a fresh copy each time: a response's stream is read once, and sync or async by its use
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


def readme_example(heading: str) -> str:
    """The first python block of the README after heading."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split(heading, 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, f"the README has no python example under {heading!r}"
    return found.group(1)


def mypy_strict_problems(code: str, directory: Path) -> str:
    """What mypy --strict says of code, as a module of its own; empty when it passes."""
    path = directory / "example.py"
    path.write_text(code, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=directory)
    return "" if result.returncode == 0 else result.stdout + result.stderr


__all__ = ["ALICE_KEY", "BASE_URL", "Stub", "envelope", "mypy_strict_problems", "readme_example"]
