"""The GitHub Actions workflow users copy: valid, and safe with their secrets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "contract.yml"


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    """What `make lint` runs on the workflows."""
    command = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    return subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def test_the_workflow_passes_the_lint_and_the_lint_catches_a_broken_one(tmp_path):
    assert lint(WORKFLOW).returncode == 0
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1), encoding="utf-8")
    result = lint(broken)
    assert result.returncode == 1
    assert "Schema validation errors" in result.stdout


def test_every_push_runs_make_test_without_secrets(workflow):
    test = workflow["jobs"]["test"]
    assert [step.get("run") for step in test["steps"]][-1] == "make test"
    assert "secrets" not in yaml.safe_dump(test)


def test_the_scheduled_run_takes_credentials_from_secrets_and_uploads_the_reports(workflow):
    # PyYAML reads the key `on` as True (YAML 1.1).
    triggers = workflow[True]
    assert {"schedule", "workflow_dispatch", "push"} <= set(triggers)
    contract = workflow["jobs"]["contract"]
    assert contract["env"]["VOIPBIN_ACCESSKEY"] == "${{ secrets.VOIPBIN_ACCESSKEY }}"
    runs = [step.get("run", "") for step in contract["steps"]]
    assert "make contract" in runs
    assert not any("secrets." in run or "ACCESSKEY" in run for run in runs), "a credential on a command line"
    upload = contract["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == "reports/"
    assert workflow["permissions"] == {"contents": "read"}


def test_every_push_runs_the_action_as_a_users_workflow_does_on_the_bundled_mock(workflow):
    action = workflow["jobs"]["action"]
    assert action["if"] == workflow["jobs"]["test"]["if"]
    [step] = [step for step in action["steps"] if step.get("uses") == "./"]
    assert step["with"]["base-url"] == "mock"
    assert "secrets" not in yaml.safe_dump(action)
