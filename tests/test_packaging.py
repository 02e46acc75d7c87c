"""A new user, with the wheels of `make dist` and no checkout: `voipbin-mock` and `voipbin-contract` work from them,
as a CI system runs them (docs/install.md; GitHub's way, the action, is tests/test_action.py), the mock's wheel needs
nothing of the suite's, and the suite's installs beside an older pytest and hypothesis within its ranges.

The wheels are built by scripts/dist.py with the locked build backends of the dev environment (no download) and
installed with --no-deps into a folder of their own (tests send nothing past 127.0.0.1: the dependencies are the dev
environment's, and each wheel's are checked in its metadata); the commands then run from another directory,
importing this project's packages only from there.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.dist import VERSION, build
from tests.conftest import ROOT, environment_naming_no_server
from tests.voipbin_mock.conftest import ALICE_KEY
from voipbin_contract.rules.operations import OPERATIONS

# Builds and installs the wheels (`make check` leaves it out).
pytestmark = pytest.mark.slow

SUITE_ONLY = ("pytest", "schemathesis", "hypothesis")
# Run as the mock's own command with the suite's dependencies unimportable: what its wheel needs, it has.
WITHOUT_THE_SUITE = (
    "import sys\n"
    "class Refuse:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    f"        if name.split('.')[0] in {SUITE_ONLY!r}:\n"
    "            raise ImportError(f'{name} is not installed with voipbin-mock')\n"
    "sys.meta_path.insert(0, Refuse())\n"
    "from voipbin_mock.__main__ import main\n"
    "sys.exit(main())\n"
)


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the wheels of the mock, the suite and the client."""
    folder = tmp_path_factory.mktemp("repository") / "wheels"
    build(folder, ["voipbin-mock", "voipbin-contract", "voipbin-client"])
    return folder


@pytest.fixture(scope="module")
def installed(wheels: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheels installed as docs/install.md says (`pip install` of the three), into a folder of their own."""
    target = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target)]
    subprocess.run([*command, *map(str, sorted(wheels.glob("*.whl")))], check=True, capture_output=True, timeout=300)
    return target


def outside(installed: Path, **variables: str) -> dict[str, str]:
    """An environment that imports the installed packages first, finds their commands, and names no server."""
    environment = environment_naming_no_server()
    path = f"{installed / 'bin'}{os.pathsep}{environment.get('PATH', '')}"
    return environment | {"PYTHONPATH": str(installed), "PATH": path} | variables


def test_each_wheel_holds_its_package_description_and_command_and_the_mock_needs_nothing_of_the_suite(wheels):
    (mock,) = wheels.glob("voipbin_mock-*.whl")
    (suite,) = wheels.glob("voipbin_contract-*.whl")
    with zipfile.ZipFile(mock) as archive:
        assert archive.read("voipbin_mock/openapi.yaml") == (ROOT / "openapi.yaml").read_bytes()
        assert archive.read("voipbin_mock/fixtures.yaml") == (ROOT / "src/voipbin_mock/fixtures.yaml").read_bytes()
        assert not [name for name in archive.namelist() if name.startswith("voipbin_contract/")]
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith("METADATA"))).decode()
        entry_points = archive.read(next(n for n in archive.namelist() if n.endswith("entry_points.txt"))).decode()
    requires = re.findall(r"^Requires-Dist: ([\w-]+)", metadata, re.MULTILINE)
    assert requires
    assert not set(requires) & set(SUITE_ONLY), requires
    assert "voipbin-mock = voipbin_mock.__main__:main" in entry_points
    with zipfile.ZipFile(suite) as archive:
        assert archive.read("voipbin_contract/openapi.yaml") == (ROOT / "openapi.yaml").read_bytes()
        for data in (
            "rules/segment_vectors.json",
            "runner/schemathesis.toml",
            "runner/plugin.py",
            "runner/session.py",
            "contract_tests/pytest.ini",
            "contract_tests/test_properties.py",
        ):
            assert f"voipbin_contract/{data}" in archive.namelist()
        assert not [name for name in archive.namelist() if name.startswith("voipbin_mock/")]
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith("METADATA"))).decode()
        entry_points = archive.read(next(n for n in archive.namelist() if n.endswith("entry_points.txt"))).decode()
    assert f"Requires-Dist: voipbin-mock=={VERSION}" in metadata  # its own mock, of the same version
    assert "voipbin-contract = voipbin_contract.__main__:main" in entry_points
    assert "[pytest11]\nvoipbin_contract = voipbin_contract.runner.plugin" in entry_points


def test_the_installed_packages_are_the_ones_imported(installed, tmp_path):
    """The workflow installs the client too: without it the suite skips its check that the client reads every
    answer (the test imports it from here, not from the dev environment)."""
    packages = ("voipbin_mock", "voipbin_contract", "voipbin_client")
    code = f"import {', '.join(packages)}; print({', '.join(f'{name}.__file__' for name in packages)})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=outside(installed), capture_output=True, text=True, check=True
    )
    assert all(path.startswith(str(installed)) for path in result.stdout.split()), result.stdout


@pytest.fixture
def mock_from_the_wheel(installed: Path, tmp_path: Path) -> Iterator[str]:
    """The mock from its wheel, as its own command, with pytest, schemathesis and hypothesis unimportable."""
    process = subprocess.Popen(
        [sys.executable, "-c", WITHOUT_THE_SUITE, "--port", "0", "--no-access-log"],
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


def run_the_workflow(installed: Path, folder: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """The suite's command as a CI system other than GitHub's runs it (docs/install.md), with the environment its
    secrets and variables give."""
    environment = outside(installed, CI="true", **variables)
    command = ["voipbin-contract", "--reports", "reports"]
    return subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, timeout=600)


def test_the_users_workflow_checks_a_server_of_theirs(installed, mock_from_the_wheel, tmp_path):
    # The wheel's mock has no rate limit: no pacing (voipbin_contract.runner.pacing is tested on its own).
    variables = {"VOIPBIN_BASE_URL": mock_from_the_wheel, "VOIPBIN_ACCESSKEY": ALICE_KEY}
    result = run_the_workflow(installed, tmp_path, VOIPBIN_REQUESTS_PER_SECOND="0", VOIPBIN_EXAMPLES="3", **variables)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert f"contract suite target: {mock_from_the_wheel} (an external server)" in result.stdout
    summary = (tmp_path / "reports" / "summary.md").read_text(encoding="utf-8")
    assert "0 failed" in summary
    assert "not checked: `send-answers-parts-zero` (sending is off" in summary
    assert (tmp_path / "reports" / "deviations.json").is_file()
    assert ALICE_KEY not in summary


def test_the_users_workflow_checks_the_bundled_mock_only_when_asked(installed, tmp_path):
    result = run_the_workflow(installed, tmp_path, VOIPBIN_BASE_URL="mock", VOIPBIN_EXAMPLES="3")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "(the bundled mock, --profile service)" in result.stdout


def test_the_users_workflow_refuses_a_base_url_secret_that_was_never_set(installed, tmp_path):
    result = run_the_workflow(installed, tmp_path, VOIPBIN_BASE_URL="")
    assert result.returncode == 2
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "VOIPBIN_BASE_URL is set but empty" in lines[0]


def test_the_contract_command_exits_2_when_it_cannot_run(installed, tmp_path):
    environment = outside(installed, VOIPBIN_ACCESSKEY="vbk_whatever_key")
    command = ["voipbin-contract", "--base-url", "http://127.0.0.1:9"]
    result = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "contract suite: cannot reach http://127.0.0.1:9" in result.stdout + result.stderr


def test_pytest_runs_the_installed_suite_as_a_plugin_with_its_options(installed, tmp_path):
    """The pytest11 entry point of the wheel loads the plugin; the suite's tests ship inside the package: every module
    of them is collected (-k deselects after), the conformance tests run (the whole suite from the wheel runs in
    test_the_users_workflow_checks_the_bundled_mock_only_when_asked)."""
    command = [sys.executable, "-m", "pytest", "--pyargs", "voipbin_contract", "-p", "no:cacheprovider"]
    command += ["--voipbin-base-url", "mock", "--voipbin-examples", "2", "--voipbin-seed", "3", "-k", "conformance"]
    result = subprocess.run(
        command, cwd=tmp_path, env=outside(installed, CI="true"), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "seed: 3 (replay with --voipbin-seed 3)" in result.stdout
    ran = re.search(r"\b(\d+) passed, (\d+) deselected in", result.stdout)
    assert ran, result.stdout[-2000:]
    assert int(ran.group(1)) == len(OPERATIONS)  # one conformance test each
    assert int(ran.group(2)) > 0
    assert not re.search(r"\b\d+ failed\b", result.stdout), result.stdout[-2000:]


# A project of a team's that installs the suite into a folder of its own: its pytest configuration adds options and
# its conftest.py skips every test it is given.
THEIR_PYPROJECT = """
[tool.pytest.ini_options]
addopts = "-k only_ours"
"""
THEIR_CONFTEST = """
import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.skip(reason="skipped by the project's conftest.py"))
"""


@pytest.fixture(scope="module")
def project(wheels: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose folder holds the suite, installed, with its own pyproject.toml and a conftest.py skipping all."""
    folder = tmp_path_factory.mktemp("project")
    (folder / "pyproject.toml").write_text(THEIR_PYPROJECT, encoding="utf-8")
    (folder / "conftest.py").write_text(THEIR_CONFTEST, encoding="utf-8")
    site = folder / ".venv-site"
    wheels_of = [str(w) for w in sorted(wheels.glob("*.whl"))]
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), *wheels_of]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return folder


def test_in_a_project_whose_conftest_skips_everything_the_suite_still_runs_its_tests(project):
    """Installed inside a project, the suite's test modules sat below the project's conftest.py and pyproject.toml:
    its verdict was theirs (exit 0 with 0 tests run). voipbin-contract runs with its own configuration only."""
    environment = outside(project / ".venv-site", PYTEST_ADDOPTS="-x -k nothing_at_all")
    command = ["voipbin-contract", "--examples", "2", "--seed", "5", "--", "-k", "conformance"]
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    operations = len(OPERATIONS)
    assert re.search(rf"\b{operations} passed", result.stdout), output[-3000:]  # one conformance test each
    assert "skipped by the project" not in output
    assert sorted(p.name for p in project.iterdir()) == [".venv-site", "conftest.py", "pyproject.toml"]  # nothing left


def test_in_such_a_project_pytest_fails_a_run_of_the_suite_that_ran_nothing(project):
    """Run by pytest itself from the project, the project's configuration takes part: its conftest.py skips every
    test, and the run fails, saying that none of the suite's tests ran, rather than pass having checked nothing."""
    environment = outside(project / ".venv-site")
    command = [sys.executable, "-m", "pytest", "--pyargs", "voipbin_contract", "--voipbin-base-url", "mock", "-o"]
    command += ["addopts=", "-p", "no:cacheprovider"]
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, (result.stdout + result.stderr)[-3000:]
    nothing = r"contract suite: none of its tests ran \((\d+) skipped, 0 deselected, (\d+) collected\)"
    ran = re.search(nothing, result.stdout)
    assert ran, result.stdout[-3000:]
    assert ran.group(1) == ran.group(2) != "0"


# Older than the locked versions, inside the suite's ranges: a team's project may hold these.
OLDER = {"pytest": "9.1.1", "hypothesis": "6.168.3"}


def test_the_suites_wheel_installs_beside_an_older_pytest_and_hypothesis_and_keeps_them(wheels, tmp_path):
    """Each of its dependencies a range, the suite's wheel goes into a project that already holds an older pytest and
    hypothesis without replacing them (its wheel pinned pytest==9.2.0: pip had to replace it or fail). The project is
    a new environment holding the metadata of every package of this one (what pip decides on), pytest and hypothesis
    at the older versions; pip, offline, with only this project's wheels to take from, must install the two and
    nothing else."""
    environment = tmp_path / "project"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True, capture_output=True, timeout=120)
    python = environment / "bin" / "python"
    where = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site = Path(subprocess.check_output([str(python), "-c", where], text=True, timeout=60).strip())
    present = {path.name.split("-")[0].lower() for path in site.glob("*.dist-info")}  # pip, setuptools: the venv's
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        folder = Path(str(distribution._path))  # type: ignore[attr-defined]
        if name.lower().startswith("voipbin") or name.lower() in present or folder.suffix != ".dist-info":
            continue
        version = OLDER.get(name.lower(), distribution.version)
        copy = site / f"{name.replace('-', '_')}-{version}.dist-info"
        shutil.copytree(folder, copy)
        metadata = (copy / "METADATA").read_text(encoding="utf-8")
        (copy / "METADATA").write_text(re.sub(r"(?m)^Version: .*$", f"Version: {version}", metadata), encoding="utf-8")
    report = tmp_path / "report.json"
    ours = [str(wheel) for wheel in sorted(wheels.glob("voipbin_*.whl"))]
    command = [str(python), "-m", "pip", "install", "--dry-run", "--no-index", "--find-links", str(wheels)]
    result = subprocess.run(
        [*command, "--report", str(report), "--quiet", *ours], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    assert sorted(item["metadata"]["name"] for item in installs) == [
        "voipbin-client",
        "voipbin-contract",
        "voipbin-mock",
    ]
    kept = subprocess.run(
        [str(python), "-m", "pip", "list", "--format", "json"], capture_output=True, text=True, check=True, timeout=120
    )
    versions = {item["name"].lower(): item["version"] for item in json.loads(kept.stdout)}
    assert {name: versions[name] for name in OLDER} == OLDER


def test_a_wheel_built_from_a_tag_carries_its_version(tmp_path):
    """There was no version but 0.1.0: wheels now take the repository's tag (setuptools-scm). A clone of this
    repository, its HEAD tagged v9.8.7, builds voipbin-mock, voipbin-contract (needing that mock) and voipbin-sdk
    9.8.7."""
    clone = tmp_path / "clone"
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.com"]
    subprocess.run([*git, "clone", "--quiet", str(ROOT), str(clone)], check=True, capture_output=True, timeout=120)
    subprocess.run([*git, "tag", "v9.8.7"], cwd=clone, check=True, capture_output=True, timeout=60)
    out = tmp_path / "dist"
    command = [sys.executable, "scripts/dist.py", "--out", str(out), "voipbin-mock", "voipbin-contract", "voipbin-sdk"]
    result = subprocess.run(command, cwd=clone, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    names = sorted(wheel.name for wheel in out.glob("*.whl"))
    assert names == [f"voipbin_{name}-9.8.7-py3-none-any.whl" for name in ("contract", "mock", "sdk")]
    with zipfile.ZipFile(out / names[0]) as archive:
        metadata = archive.read("voipbin_contract-9.8.7.dist-info/METADATA").decode()
    assert "Requires-Dist: voipbin-mock==9.8.7" in metadata
