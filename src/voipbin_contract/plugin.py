"""The contract suite's pytest plugin, registered through the `pytest11` entry point (as schemathesis' is).

Installed, it is loaded by every pytest run of the environment, and does nothing there: the suite's hooks and fixtures
(voipbin_contract.session) join a run only when it runs the suite: `--voipbin-contract` (what `voipbin-contract`
passes), or a path or `--pyargs` module inside this package (`pytest src/voipbin_contract`, `make contract`,
`pytest --pyargs voipbin_contract`).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SESSION = "voipbin_contract.session"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("voipbin-contract", "the VoIPbin contract suite")
    group.addoption(
        "--voipbin-contract",
        action="store_true",
        default=False,
        help="run with the contract suite's hooks and fixtures (its target from VOIPBIN_* variables)",
    )


def _inside(argument: str, pyargs: bool) -> bool:
    """Whether a command-line argument names this package or something in it."""
    name = argument.split("::")[0]
    if pyargs and not name.endswith(".py") and "/" not in name:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            return Path(spec.origin).resolve().is_relative_to(HERE)
    return Path(name).resolve().is_relative_to(HERE)


def runs_the_suite(config: pytest.Config) -> bool:
    if config.getoption("voipbin_contract"):
        return True
    pyargs = bool(getattr(config.option, "pyargs", False))
    return any(_inside(argument, pyargs) for argument in config.args)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if runs_the_suite(config) and not config.pluginmanager.has_plugin(SESSION):
        from voipbin_contract import session  # its hypothesis profile and the target come with it, and only then

        config.pluginmanager.register(session, SESSION)
