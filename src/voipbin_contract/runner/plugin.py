"""The contract suite's pytest plugin, registered through the `pytest11` entry point (as schemathesis' is).

Installed, it is loaded by every pytest run of the environment, and does nothing there: the suite's hooks and fixtures
(voipbin_contract.session) join a run only when it runs the suite: `--voipbin-contract` (what `voipbin-contract`
passes), or a path or `--pyargs` module inside this package (`pytest src/voipbin_contract`, `make contract`,
`pytest --pyargs voipbin_contract`).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SESSION = "voipbin_contract.session"


# The plugin's options, each the environment variable it sets for the run (the environment is where the suite
# reads its settings, so that `make contract`, `voipbin-contract` and pytest take the same). Credentials have no
# option: they come from the environment only, never a command line other users of the machine can read.
OPTIONS = {
    "--voipbin-base-url": ("VOIPBIN_BASE_URL", "the server to check; `mock` for the bundled mock"),
    "--voipbin-profile": ("VOIPBIN_MOCK_PROFILE", "the bundled mock's profile: service (the default) or tutorial"),
    "--voipbin-examples": ("VOIPBIN_CONTRACT_EXAMPLES", "examples per operation (default: 25)"),
    "--voipbin-seed": ("VOIPBIN_CONTRACT_SEED", "replay a run (its seed is printed at the start)"),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("voipbin-contract", "the VoIPbin contract suite")
    group.addoption(
        "--voipbin-contract",
        action="store_true",
        default=False,
        help="run with the contract suite's hooks and fixtures (its settings from VOIPBIN_* variables)",
    )
    group.addoption("--voipbin-strict", action="store_true", default=False, help="fail every known deviation")
    for option, (variable, what) in OPTIONS.items():
        group.addoption(option, default=None, help=f"{what} ({variable})")


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
        given = {variable: config.getoption(option) for option, (variable, _) in OPTIONS.items()}
        given["VOIPBIN_STRICT"] = "1" if config.getoption("voipbin_strict") else None
        os.environ.update({variable: str(value) for variable, value in given.items() if value is not None})
        from voipbin_contract import session  # its hypothesis profile and the target come with it, and only then

        config.pluginmanager.register(session, SESSION)
