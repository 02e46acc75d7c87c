"""The suite's four front doors give one verdict: `voipbin-contract --option`, `VOIPBIN_OPTION=... voipbin-contract`,
`make contract OPTION=...` and `pytest --pyargs voipbin_contract.contract_tests --voipbin-option`, against the
bundled mock. `voipbin-contract --strict` passed where `VOIPBIN_STRICT=1 voipbin-contract` failed 13 tests: the
ledger read the environment when it was first imported, before the command set it.

For each setting, each door runs the suite with the setting given its way, and the verdict (exit code, the settings
the run says it was given, the known deviations it met) is the same through every door, and differs from the
verdict without it. Each run is one cheap test (an access key in `?token=`, one GET), so that the verdict is the
setting's: the service profile meets a known deviation there, which a strict run refuses.
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
# Each setting, the value the test gives it, and its make variable (make contract takes these five by name).
SETTINGS = {
    "strict": ("1", "STRICT"),
    "profile": ("tutorial", "PROFILE"),
    "examples": ("3", "EXAMPLES"),
    "seed": ("12345", "SEED"),
    "base-url": ("http://127.0.0.1:9", "BASE_URL"),
}
Door = Callable[[str, str, str], tuple[list[str], dict[str, str]]]


def cli_option(name: str, value: str, make: str) -> tuple[list[str], dict[str, str]]:
    given = [f"--{name}"] if name == "strict" else [f"--{name}", value]
    return [sys.executable, "-m", "voipbin_contract", *given, "--", "-k", ONE_TEST], {}


def cli_variable(name: str, value: str, make: str) -> tuple[list[str], dict[str, str]]:
    return [sys.executable, "-m", "voipbin_contract", "--", "-k", ONE_TEST], {f"VOIPBIN_{make}": value}


def make_variable(name: str, value: str, make: str) -> tuple[list[str], dict[str, str]]:
    # The environment is ready: make must not install it again (-o: take these files as they are).
    keep = ["-o", ".venv/.installed", "-o", ".venv/.installed-client"]
    return ["make", "-s", *keep, "contract", f"{make}={value}", f"PYTEST_ARGS=-k {ONE_TEST}", "REPORTS={reports}"], {}


def pytest_option(name: str, value: str, make: str) -> tuple[list[str], dict[str, str]]:
    given = [f"--voipbin-{name}"] if name == "strict" else [f"--voipbin-{name}={value}"]
    command = [sys.executable, "-m", "pytest", "--pyargs", "voipbin_contract.contract_tests", "-p", "no:cacheprovider"]
    return [*command, "-o", "addopts=", *given, "-k", ONE_TEST], {}


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
    command, variables = cli_variable("seed", "1", "SEED")
    return verdict(command, variables, str(tmp_path_factory.mktemp("reports")))


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("setting", SETTINGS)
def test_every_door_gives_the_setting_the_same_verdict(setting, door, without_settings, tmp_path):
    value, make = SETTINGS[setting]
    found = verdict(*DOORS[door](setting, value, make), str(tmp_path))
    expected = {
        "strict": (1, "settings: --voipbin-strict true --voipbin-seed 1"),
        "profile": (0, "settings: --voipbin-profile tutorial --voipbin-seed 1"),
        "examples": (0, "settings: --voipbin-examples 3 --voipbin-seed 1"),
        "seed": (0, "settings: --voipbin-seed 12345"),
        "base-url": (2, "contract suite: cannot reach http://127.0.0.1:9:"),
    }[setting]
    assert (found[0], found[1][:1]) == (expected[0], [expected[1]]), f"{door}: {found}"
    assert found != without_settings, f"{setting} changed nothing through {door}: {found}"
    met = [line for line in found[1] if line.startswith("- met:")]
    if setting == "profile":
        assert met == []  # the tutorial meets no deviation
    elif setting != "base-url":
        assert met == ["- met: accesskey-in-token-query-refused, once"], f"{door}: {found}"


def test_the_help_names_every_command_in_its_usage():
    """`voipbin-contract --help` named `proxy` and `check-traffic` only in a sentence of its description."""
    result = subprocess.run(
        [sys.executable, "-m", "voipbin_contract", "--help"], capture_output=True, text=True, timeout=60, check=True
    )
    usage = result.stdout.split("\n\n")[0]
    assert usage.startswith("usage: voipbin-contract [options]")
    for command in ("proxy --upstream URL", "check-traffic FILE.har"):
        assert f"voipbin-contract {command}" in usage
