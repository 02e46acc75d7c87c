"""Fixtures for voipbin_sdk's tests: the bundled mock on a free port, a stub transport, and no real sleeping."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import orjson
import pytest

from tests.conftest import ROOT, Stub
from tests.voipbin_mock.conftest import ALICE_KEY
from voipbin_contract.runner.bundled import bundled_mock
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


def readme_example(heading: str, page: str = "README.md") -> str:
    """The first python block of a page of the manual (the README, or one under docs/) after heading."""
    section = ("\n" + (ROOT / page).read_text(encoding="utf-8")).split(f"\n{heading}\n", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, f"{page} has no python example under {heading!r}"
    return found.group(1)


def mypy_strict_problems(code: str, directory: Path) -> str:
    """What mypy --strict says of code, as a module of its own; empty when it passes."""
    path = directory / "example.py"
    path.write_text(code, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=directory)
    return "" if result.returncode == 0 else result.stdout + result.stderr


__all__ = ["ALICE_KEY", "BASE_URL", "Stub", "envelope", "mypy_strict_problems", "readme_example"]
