"""The README's client example: it passes mypy --strict, and runs against the mock as it is."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import ROOT
from tests.sdk.conftest import ALICE_KEY


def example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use the client", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "the README's client section has no python example"
    return found.group(1)


def test_the_example_passes_mypy_strict(tmp_path):
    path = tmp_path / "readme_example.py"
    path.write_text(example(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_runs_against_the_mock(tmp_path, mock_url):
    path = tmp_path / "readme_example.py"
    path.write_text(example(), encoding="utf-8")
    environment = os.environ | {"VOIPBIN_BASE_URL": mock_url, "VOIPBIN_ACCESSKEY": ALICE_KEY}
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "+31616818985" in lines[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00", lines[1]), lines[1]
    assert any("hello, this is test message." in line for line in lines[2:])
