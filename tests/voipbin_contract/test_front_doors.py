"""The suite's four front doors give one verdict: `voipbin-contract --option`, `VOIPBIN_OPTION=... voipbin-contract`,
`make contract OPTION=...` and `pytest --pyargs voipbin_contract.contract_tests --voipbin-option`, against the
bundled mock. `voipbin-contract --strict` passed where `VOIPBIN_STRICT=1 voipbin-contract` failed 13 tests: the
ledger read the environment when it was first imported, before the command set it.

Each door runs the suite with the settings given its way, and the verdict (exit code, the settings the run says it
was given, the known deviations it met) is the same through every door, and differs from the verdict without them:
three runs a door (RUNS), each setting in one of them. Each run is one cheap test (an access key in `?token=`, one
GET), so that the verdict is the settings': the service profile meets a known deviation there, which a strict run
refuses. The conformance module is left out (IGNORED): schemathesis works its cases out as it is collected, 3 s of
CPU in each of these 13 runs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable

import pytest

from tests.conftest import ROOT, environment_naming_no_server

# Whole runs of the suite, each in a process of its own: `make test` runs them, `make check` leaves them out.
pytestmark = pytest.mark.slow

ONE_TEST = "test_an_access_key_works_where_the_tutorial_puts_it"
IGNORED = "--ignore-glob=*/test_conformance.py"
# Each setting, the value the test gives it, and its make variable (make contract takes these five by name).
SETTINGS = {
    "strict": ("1", "STRICT"),
    "profile": ("tutorial", "PROFILE"),
    "examples": ("3", "EXAMPLES"),
    "seed": ("12345", "SEED"),
    "base-url": ("http://127.0.0.1:9", "BASE_URL"),
}
# The runs through each door, each giving some of the settings, and the verdict each must give: its exit code, the
# first thing the run says (the settings it was given, or the server it cannot reach) and the deviations it met.
# Profile, examples and seed go in one run: each shows in what the run says it was given, and the tutorial profile
# meets no deviation; strict and the base URL change the exit code, each in a run of its own.
RUNS: dict[str, tuple[tuple[str, ...], int, str, list[str]]] = {
    "profile, examples, seed": (
        ("profile", "examples", "seed"),
        0,
        "settings: --voipbin-profile tutorial --voipbin-examples 3 --voipbin-seed 12345",
        [],
    ),
    "strict": (
        ("strict",),
        1,
        "settings: --voipbin-strict true --voipbin-seed 1",
        ["- met: accesskey-in-token-query-refused, once"],
    ),
    "base-url": (("base-url",), 2, "contract suite: cannot reach http://127.0.0.1:9:", []),
}
Door = Callable[[tuple[str, ...]], tuple[list[str], dict[str, str]]]


def cli_option(names: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    given = [
        part for name in names for part in ([f"--{name}"] if name == "strict" else [f"--{name}", SETTINGS[name][0]])
    ]
    return [sys.executable, "-m", "voipbin_contract", *given, "--", "-k", ONE_TEST, IGNORED], {}


def cli_variable(names: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    variables = {f"VOIPBIN_{SETTINGS[name][1]}": SETTINGS[name][0] for name in names}
    return [sys.executable, "-m", "voipbin_contract", "--", "-k", ONE_TEST, IGNORED], variables


def make_variable(names: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    # The environment is ready: make must not install it again (-o: take these files as they are).
    keep = ["-o", ".venv/.installed", "-o", ".venv/.installed-client"]
    given = [f"{SETTINGS[name][1]}={SETTINGS[name][0]}" for name in names]
    return ["make", "-s", *keep, "contract", *given, f"PYTEST_ARGS=-k {ONE_TEST} {IGNORED}", "REPORTS={reports}"], {}


def pytest_option(names: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    given = [f"--voipbin-{name}" if name == "strict" else f"--voipbin-{name}={SETTINGS[name][0]}" for name in names]
    command = [sys.executable, "-m", "pytest", "--pyargs", "voipbin_contract.contract_tests", "-p", "no:cacheprovider"]
    return [*command, "-o", "addopts=", *given, "-k", ONE_TEST, IGNORED], {}


DOORS: dict[str, Door] = {
    "voipbin-contract --option": cli_option,
    "VOIPBIN_ variable": cli_variable,
    "make contract": make_variable,
    "pytest --voipbin-option": pytest_option,
}


def verdict(command: list[str], variables: dict[str, str], reports: str) -> tuple[int, list[str]]:
    """A run's exit code, and what it said of its settings (the reports folder, which only make gives, aside), its
    target and the deviations it met. The seed is 1 unless the door gives another; a credential is there for a run
    against another server."""
    environment = environment_naming_no_server()
    environment |= {"VOIPBIN_SEED": "1", "VOIPBIN_ACCESSKEY": "vbk_front_door_test"} | variables
    command = [part.replace("{reports}", reports) for part in command]
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)
    code = result.returncode
    failed = re.search(r"\[Makefile:\d+: contract\] Error (\d+)", result.stderr)
    if command[0] == "make" and failed:  # make exits 2 whenever a recipe fails; its message gives the suite's code
        code = int(failed.group(1))
    said = []
    for line in (result.stdout + result.stderr).splitlines():
        found = re.search(r"(settings:.*|- met: [\w-]+, \w+|contract suite: cannot reach \S+)", line)
        if found:
            said.append(re.sub(r" --voipbin-reports \S+", "", found.group(1)))
    return code, said


@pytest.fixture(scope="module")
def without_settings(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[str]]:
    command, variables = cli_variable(())
    return verdict(command, variables, str(tmp_path_factory.mktemp("reports")))


def test_every_setting_is_given_by_a_run_through_each_door():
    assert sorted(name for names, *_ in RUNS.values() for name in names) == sorted(SETTINGS)


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("run", RUNS)
def test_every_door_gives_the_settings_the_same_verdict(run, door, without_settings, tmp_path):
    names, code, first, met = RUNS[run]
    found = verdict(*DOORS[door](names), str(tmp_path))
    assert (found[0], found[1][:1]) == (code, [first]), f"{door}: {found}"
    assert found != without_settings, f"{run} changed nothing through {door}: {found}"
    assert [line for line in found[1] if line.startswith("- met:")] == met, f"{door}: {found}"


def test_the_help_names_every_command_in_its_usage():
    """`voipbin-contract --help` named `proxy` and `check-traffic` only in a sentence of its description."""
    result = subprocess.run(
        [sys.executable, "-m", "voipbin_contract", "--help"], capture_output=True, text=True, timeout=60, check=True
    )
    usage = result.stdout.split("\n\n")[0]
    assert usage.startswith("usage: voipbin-contract [options]")
    for command in ("proxy --upstream URL", "check-traffic FILE.har"):
        assert f"voipbin-contract {command}" in usage
