"""The GitHub Action at the root (action.yml), as a workflow of another repository runs it with `uses:`: valid, its
install line installing the suite from the action's own folder (no wheel anywhere), its run line checking a server
with the inputs given, leaving nothing in the workspace but the reports.

The steps run here as GitHub runs a composite action's `run` steps: with GITHUB_ACTION_PATH the action's folder (a
copy of this checkout's files), each `${{ inputs.NAME }}` of a step's env the input given or its default. The install
is offline (no dependencies, the build backends of the dev environment); the `uses:` steps (setup-python, the
upload) are GitHub's own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, environment_naming_no_server
from tests.voipbin_mock.conftest import ALICE_KEY
from voipbin_contract.runner.settings import resolve

# Builds and installs the workspace, then runs the suite (`make check` leaves it out).
pytestmark = pytest.mark.slow

ACTION = ROOT / "action.yml"
EXAMPLE = ROOT / "ci" / "voipbin-contract.yml"


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return loaded


def lint(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    """What `make lint` runs on the action and the workflows."""
    command = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", schema, str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_the_action_passes_the_lint_and_the_lint_catches_a_broken_one(tmp_path):
    assert lint(ACTION, "vendor.github-actions").returncode == 0
    broken = tmp_path / "action.yml"
    broken.write_text(ACTION.read_text(encoding="utf-8").replace("using: composite", "using: compost"), "utf-8")
    result = lint(broken, "vendor.github-actions")
    assert result.returncode == 1, result.stdout
    assert "Schema validation errors" in result.stdout


def test_the_example_workflow_uses_the_action_with_secrets_and_commits_no_wheel():
    workflow = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["contract"]["steps"]
    [step] = [step for step in steps if "voipbin-contract@" in step.get("uses", "")]
    given = step["with"]
    assert given["base-url"] == "${{ secrets.VOIPBIN_BASE_URL }}"
    assert given["accesskey"] == "${{ secrets.VOIPBIN_ACCESSKEY }}"
    assert set(given) <= set(action()["inputs"]), "an input the action does not take"
    assert ".whl" not in EXAMPLE.read_text(encoding="utf-8")
    assert not [s for s in steps if "run" in s and "pip install" in s["run"]]  # the action installs


def inputs_given(**given: str) -> dict[str, str]:
    """The action's inputs: those given, else their defaults; a required one must be given."""
    declared = action()["inputs"]
    assert not set(given) - set(declared), "an input the action does not take"
    missing = [name for name, spec in declared.items() if spec.get("required") and name not in given]
    assert not missing, missing
    return {name: given.get(name, str(spec.get("default", ""))) for name, spec in declared.items()}


def step_env(step: dict[str, Any], inputs: dict[str, str]) -> dict[str, str]:
    """A step's env, each `${{ inputs.NAME }}` replaced as GitHub replaces it."""
    expression = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")
    return {
        name: expression.sub(lambda m: inputs[m.group(1)], str(value)) for name, value in step.get("env", {}).items()
    }


def run_steps(action_path: Path) -> dict[str, dict[str, Any]]:
    return {step["name"]: step for step in action()["runs"]["steps"] if "run" in step}


@pytest.fixture(scope="module")
def action_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The action's folder as GitHub downloads it: this checkout's files, no .git, no environment."""
    folder = tmp_path_factory.mktemp("actions") / "voipbin-contract"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the work tree
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, folder / name, follow_symlinks=False)
    return folder


@pytest.fixture(scope="module")
def installed(action_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The action's install line, run offline into a folder of its own."""
    site = tmp_path_factory.mktemp("site")
    line = run_steps(action_path)["Install voipbin-contract"]["run"]
    assert line.startswith("python -m pip install --quiet ")
    offline = f"{sys.executable} -m pip install --no-deps --no-build-isolation --target {site}"
    environment = os.environ | {"GITHUB_ACTION_PATH": str(action_path)}
    result = subprocess.run(
        line.replace("python -m pip install", offline, 1),
        shell=True,
        env=environment,
        cwd=site,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def run_the_action(
    installed: Path, action_path: Path, workspace: Path, **given: str
) -> subprocess.CompletedProcess[str]:
    """The action's run step in a workspace of the user's, in CI, with the inputs given."""
    step = run_steps(action_path)["Run the contract suite"]
    environment = environment_naming_no_server() | step_env(step, inputs_given(**given))
    path = f"{installed / 'bin'}{os.pathsep}{environment.get('PATH', '')}"
    environment |= {"PYTHONPATH": str(installed), "PATH": path, "CI": "true", "GITHUB_ACTIONS": "true"}
    environment |= {"GITHUB_ACTION_PATH": str(action_path), "VOIPBIN_EXAMPLES": "2", "VOIPBIN_SEED": "7"}
    return subprocess.run(
        step["run"], shell=True, cwd=workspace, env=environment, capture_output=True, text=True, timeout=600
    )


def test_the_action_installs_the_suite_from_its_own_folder(installed, action_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import voipbin_contract, voipbin_mock, voipbin_client; print(voipbin_contract.__file__)",
        ],
        env=os.environ | {"PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.startswith(str(installed))
    assert (installed / "bin" / "voipbin-contract").is_file()


def test_the_action_checks_the_server_it_is_given_and_leaves_only_the_reports(installed, action_path, tmp_path):
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    result = run_the_action(installed, action_path, workspace, **{"base-url": "mock", "accesskey": ALICE_KEY})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "(the bundled mock, --profile service)" in result.stdout
    reports = inputs_given(**{"base-url": "mock"})["reports"]
    assert sorted(p.name for p in workspace.iterdir()) == [reports]  # nothing else: no .hypothesis/, no cache
    assert {p.name for p in (workspace / reports).iterdir()} >= {"contract.xml", "summary.md", "deviations.json"}
    upload = action()["runs"]["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "${{ inputs.reports }}/"


def test_the_action_refuses_a_base_url_secret_that_was_never_set(installed, action_path, tmp_path):
    result = run_the_action(installed, action_path, tmp_path, **{"base-url": ""})
    assert result.returncode == 2
    assert "VOIPBIN_BASE_URL is set but empty" in result.stdout + result.stderr


def test_every_input_reaches_the_suite_as_its_setting():
    """Each input of the action becomes the suite's setting of that meaning, as the suite reads its environment
    (voipbin_contract.runner.settings.resolve): the run step's env, with every input given."""
    given = {
        "base-url": "https://api.example.test",
        "accesskey": "vbk_a",
        "token": "jwt.a",
        "other-accesskey": "vbk_b",
        "other-token": "jwt.b",
        "strict": "true",
        "allow-send": "true",
        "destinations": "+31616818985,+31616818986",
        "max-sends": "7",
        "reports": "out",
    }
    step = run_steps(ROOT)["Run the contract suite"]
    settings = resolve({}, step_env(step, inputs_given(**given)))
    assert (settings.base_url, settings.accesskey, settings.token) == ("https://api.example.test", "vbk_a", "jwt.a")
    assert (settings.other_accesskey, settings.other_token) == ("vbk_b", "jwt.b")
    assert (settings.strict, settings.allow_send, settings.max_sends) == (True, True, 7)
    assert settings.test_destinations == ("+31616818985", "+31616818986")
    assert str(settings.reports) == "out"
    defaults = resolve({}, step_env(step, inputs_given(**{"base-url": "https://api.example.test"})))
    assert (defaults.strict, defaults.allow_send, defaults.accesskey) == (False, False, None)
