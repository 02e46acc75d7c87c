"""The contract suite's pytest plugin, registered through the `pytest11` entry point (as schemathesis' is).

Installed, it is loaded by every pytest run of the environment, and does nothing there but declare its options: the
suite's hooks and fixtures (voipbin_contract.runner.session) join a run only when it runs the suite: with
`--voipbin-contract` (what `voipbin-contract` passes), or when it collects the suite's tests (`pytest contract_tests`
in a checkout, `pytest --pyargs voipbin_contract.contract_tests` anywhere). Then the run's Settings are resolved,
once, from the options, the environment and the defaults (voipbin_contract.runner.settings), and kept in its config.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from voipbin_contract.runner.settings import (
    Settings,
    SettingsError,
    configurable,
    is_flag,
    option,
    resolve,
    variable,
)

PACKAGE = Path(__file__).resolve().parent.parent
SESSION = "voipbin_contract.runner.session"
SUITE_TESTS = "voipbin_contract.contract_tests"
SETTINGS = pytest.StashKey[Settings]()


@cache
def suite_tests() -> Path:
    """The folder of the suite's test modules: contract_tests/ in a checkout, inside the package in a wheel (the
    package's own folder if an install lacks them, so that nothing of another run is taken for the suite's)."""
    try:
        spec = importlib.util.find_spec(SUITE_TESTS)
    except ImportError:
        spec = None
    return Path(spec.origin).resolve().parent if spec is not None and spec.origin else PACKAGE


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("voipbin-contract", "the VoIPbin contract suite (docs/suite.md lists every setting)")
    group.addoption(
        "--voipbin-contract",
        action="store_true",
        default=False,
        help="run with the contract suite's hooks and fixtures",
    )
    for f in configurable():
        what = f"{f.metadata['what']} ({variable(f)})"
        if is_flag(f):
            group.addoption(option(f), action="store_true", default=None, dest=f"voipbin_{f.name}", help=what)
        else:
            group.addoption(option(f), default=None, dest=f"voipbin_{f.name}", metavar=f.name.upper(), help=what)


def _inside(argument: str, pyargs: bool) -> bool:
    """Whether a command-line argument names the suite's tests, or the package that holds them."""
    name = argument.split("::")[0]
    if pyargs and not name.endswith(".py") and "/" not in name:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            found = Path(spec.origin).resolve()
            return found.is_relative_to(suite_tests()) or found.is_relative_to(PACKAGE)
    path = Path(name).resolve()
    return path.is_relative_to(suite_tests()) or path.is_relative_to(PACKAGE)


def runs_the_suite(config: pytest.Config) -> bool:
    if config.getoption("voipbin_contract"):
        return True
    pyargs = bool(getattr(config.option, "pyargs", False))
    return any(_inside(argument, pyargs) for argument in config.args)


def given_options(config: pytest.Config) -> dict[str, Any]:
    """The settings the run's options give, by name; None for each not given."""
    return {f.name: config.getoption(f"voipbin_{f.name}") for f in configurable()}


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """In a run of the suite: its settings, resolved once (one line and exit code 2 if one cannot be used); the
    JUnit XML in the reports folder, if one is asked for; then its session. Before pytest's own plugins configure."""
    if not runs_the_suite(config) or config.pluginmanager.has_plugin(SESSION):
        return
    try:
        settings = resolve(given_options(config), os.environ)
    except SettingsError as error:
        pytest.exit(f"contract suite: {error}", returncode=2)
    config.stash[SETTINGS] = settings
    config.addinivalue_line("markers", "sends(count): a test that sends: count messages, or a share of the budget")
    if settings.reports is not None:
        settings.reports.mkdir(parents=True, exist_ok=True)
        if not config.getoption("xmlpath", None):
            config.option.xmlpath = str(settings.reports / "contract.xml")
    from voipbin_contract.runner import session  # schemathesis, hypothesis and the rules come with it, only then

    config.pluginmanager.register(session, SESSION)
