"""The wheel of this project works away from the checkout: `voipbin-mock` and `voipbin-contract`, with the
description and the fixtures inside the package.

The wheel is built with the pinned setuptools of the dev environment (no download) and installed into a folder of
its own; the commands then run from another directory, importing only from there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.voipbin_mock.conftest import ALICE_KEY

# Builds and installs the wheels (`make check` leaves it out).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the checkout without its build/ folder: setuptools reuses build/lib, where a
    module since removed would linger and be packaged."""
    out = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source") / "checkout"
    skipped = shutil.ignore_patterns(".git", ".venv", "node_modules", "build", "dist", "docs", "reports", "*.egg-info")
    shutil.copytree(ROOT, source, symlinks=True, ignore=skipped)
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(out),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    (built,) = out.glob("voipbin_contract-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile", "-q", "--target", str(target)]
    subprocess.run([*command, str(wheel)], check=True, capture_output=True, timeout=300)
    return target


def outside(installed: Path) -> dict[str, str]:
    """An environment that imports the installed package first, and points nowhere else."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("VOIPBIN_", "BASE_URL", "TOKEN", "ACCESS"))}
    return environment | {"PYTHONPATH": str(installed)}


def test_the_wheel_holds_the_description_the_data_and_both_commands(wheel):
    with zipfile.ZipFile(wheel) as archive:
        for package in ("voipbin_mock", "contract_tests"):  # each reads the description on its own
            assert archive.read(f"{package}/openapi.yaml") == (ROOT / "openapi.yaml").read_bytes()
        assert "contract_tests/segment_vectors.json" in archive.namelist()
        assert not [name for name in archive.namelist() if name.startswith("voipbin_contract/")]
        assert archive.read("voipbin_mock/fixtures.yaml") == (ROOT / "src/voipbin_mock/fixtures.yaml").read_bytes()
        assert "contract_tests/schemathesis.toml" in archive.namelist()
        (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        scripts = archive.read(entry_points).decode()
    assert "voipbin-mock = voipbin_mock.__main__:main" in scripts
    assert "voipbin-contract = contract_tests.__main__:main" in scripts


def test_the_installed_package_is_the_one_imported(installed, tmp_path):
    code = "import contract_tests, voipbin_mock; print(voipbin_mock.__file__, contract_tests.__file__)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=outside(installed), capture_output=True, text=True, check=True
    )
    assert all(path.startswith(str(installed)) for path in result.stdout.split()), result.stdout


@pytest.fixture
def mock_from_the_wheel(installed: Path, tmp_path: Path) -> Iterator[str]:
    process = subprocess.Popen(
        [str(installed / "bin" / "voipbin-mock"), "--port", "0", "--no-access-log"],
        cwd=tmp_path,
        env=outside(installed),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.search(r"serving on (http://127\.0\.0\.1:(\d+))", first)
        assert match, first + (process.stderr.read() if process.stderr else "")
        assert match.group(2) != "0"  # --port 0 prints the port it got
        yield match.group(1)
    finally:
        process.terminate()
        process.communicate(timeout=10)  # also closes the pipes


def test_both_commands_work_from_outside_the_checkout(installed, mock_from_the_wheel, tmp_path):
    # The wheel's mock has no rate limit: no pacing (contract_tests.pacing is tested on its own).
    environment = outside(installed) | {"VOIPBIN_ACCESSKEY": ALICE_KEY, "VOIPBIN_REQUESTS_PER_SECOND": "0"}
    reports = tmp_path / "reports"
    command = [str(installed / "bin" / "voipbin-contract"), "--base-url", mock_from_the_wheel, "--examples", "3"]
    command += ["--seed", "1", "--junit", str(reports / "contract.xml"), "--summary", str(reports / "summary.md")]
    result = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert f"contract suite target: {mock_from_the_wheel} (an external server)" in result.stdout
    assert "passed" in (reports / "summary.md").read_text(encoding="utf-8")
    assert (reports / "deviations.json").is_file()


def test_the_contract_command_exits_2_when_it_cannot_run(installed, tmp_path):
    environment = outside(installed) | {"VOIPBIN_ACCESSKEY": "vbk_whatever_key"}
    command = [str(installed / "bin" / "voipbin-contract"), "--base-url", "http://127.0.0.1:9"]
    result = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "contract suite: cannot reach http://127.0.0.1:9" in result.stdout + result.stderr
