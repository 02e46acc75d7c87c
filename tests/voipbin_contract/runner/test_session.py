"""voipbin_contract.runner.session: the run's hooks and fixtures, beside a user's own tests in one run."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT, environment_naming_no_server
from voipbin_contract.rules.operations import OPERATIONS
from voipbin_contract.runner.session import cached_home

THEIR_TESTS = """
import schemathesis
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "theirs", "version": "1"},
    "paths": {"/ping": {"get": {"responses": {"200": {"description": "pong"}}}}},
}
app = Starlette(routes=[
    Route("/openapi.json", lambda request: JSONResponse(SPEC)),
    Route("/ping", lambda request: JSONResponse({})),
])
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
def test_theirs(case):
    case.call_and_validate()


def test_the_run_draws_from_its_seed_with_no_example_database():
    # CI=true makes hypothesis load its "ci" profile (derandomize: the same draws in every run): the suite's own
    # profile turns that off, so that the seed a run prints replays it; and keeps no database in the working folder.
    from hypothesis import settings

    assert settings.get_current_profile_name() == "voipbin-contract"
    assert settings.default.derandomize is False
    assert settings.default.database is None
"""


def test_the_suites_schema_tests_are_pointed_at_the_target_and_another_schemas_left_alone(tmp_path):
    """The suite's test module declares openapi.yaml alone; the session makes its tests, pointed at the run's target
    (no module holds the target), and leaves the tests of a schema of the user's, in the same run, as they are.
    Under CI=true, the run's hypothesis profile is the suite's (their test module checks it)."""
    theirs = tmp_path / "test_theirs.py"
    theirs.write_text(THEIR_TESTS, encoding="utf-8")
    ours = ROOT / "contract_tests" / "test_conformance.py"
    variables = {"VOIPBIN_BASE_URL": "mock", "VOIPBIN_EXAMPLES": "2", "VOIPBIN_SEED": "1", "CI": "true"}
    environment = environment_naming_no_server() | variables
    command = [sys.executable, "-m", "pytest", "--voipbin-contract", "-p", "no:cacheprovider", "-q", "-o", "addopts="]
    result = subprocess.run(
        [*command, str(ours), str(theirs), f"--rootdir={ROOT}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    operations = len(OPERATIONS)
    assert re.search(rf"\b{operations + 2} passed\b", output), output[-3000:]  # each operation of ours, their two


def test_hypothesis_keeps_its_caches_in_the_users_cache_folder_or_in_a_folder_of_the_runs_own(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    home = cached_home()
    assert home == tmp_path / "cache" / "voipbin-contract" / "hypothesis"
    assert home is not None
    assert home.is_dir()
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert cached_home() is None  # the run then makes a folder of its own
