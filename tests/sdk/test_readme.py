"""The client's examples, in the README and in docs/client.md: each passes mypy --strict, and runs against the mock
as it is."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.sdk.conftest import ALICE_KEY, mypy_strict_problems, readme_example


def example() -> str:
    return readme_example("# The client and the SDK", "docs/client.md")


def front_door() -> str:
    return readme_example("## Send an SMS from Python")


def test_the_readmes_example_passes_mypy_strict_and_runs_against_the_mock(tmp_path, mock_url):
    assert mypy_strict_problems(front_door(), tmp_path) == ""
    path = tmp_path / "front_door.py"
    path.write_text(front_door().replace("http://127.0.0.1:8000", mock_url), encoding="utf-8")
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "queued" in result.stdout


def test_the_example_passes_mypy_strict(tmp_path):
    assert mypy_strict_problems(example(), tmp_path) == ""


def test_the_example_runs_against_the_mock(tmp_path, mock_url):
    path = tmp_path / "readme_example.py"
    path.write_text(example(), encoding="utf-8")
    environment = os.environ | {"VOIPBIN_BASE_URL": mock_url, "VOIPBIN_ACCESSKEY": ALICE_KEY}
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "+31616818985" in lines[0]
    assert "+31616818986" in lines[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00", lines[1]), lines[1]
    assert any("hello, this is test message." in line for line in lines[2:])
    assert lines[-2] == "deleted"
    assert "+15559876543" in lines[-1]
