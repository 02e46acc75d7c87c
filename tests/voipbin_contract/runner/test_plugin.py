"""voipbin_contract.runner.plugin: loaded by every pytest run of an environment that installs the suite (the pytest11
entry point), it joins only runs of the suite, resolves their settings once, and a run of it in which none of its
tests ran fails, saying so."""

from __future__ import annotations

import os
from dataclasses import fields
from types import SimpleNamespace

import pytest
from hypothesis import settings

from tests.conftest import ROOT, environment_naming_no_server
from voipbin_contract.runner.plugin import PACKAGE, SESSION, runs_the_suite, suite_tests
from voipbin_contract.runner.settings import Settings, configurable, option


def test_this_run_loaded_the_plugin_and_left_it_inert(request):
    """This project's own tests run with the plugin installed: no target resolved, no hypothesis profile changed."""
    assert request.config.pluginmanager.has_plugin("voipbin_contract")
    assert not request.config.pluginmanager.has_plugin(SESSION)
    assert settings.get_current_profile_name() != "voipbin-contract"


def test_the_suites_tests_are_the_checkouts_contract_tests():
    assert suite_tests() == ROOT / "contract_tests"
    assert PACKAGE == ROOT / "src" / "voipbin_contract"


def config(*args: str, flag: bool = False, pyargs: bool = False) -> pytest.Config:
    option = SimpleNamespace(pyargs=pyargs)
    fake = SimpleNamespace(args=list(args), option=option, getoption=lambda name: flag)
    return fake  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("arguments", "runs"),
    [
        (config(str(ROOT / "contract_tests")), True),
        (config("contract_tests/test_properties.py::test_x"), True),
        (config("voipbin_contract.contract_tests", pyargs=True), True),
        (config("voipbin_contract", pyargs=True), True),
        (config("tests"), False),
        (config("voipbin_mock", pyargs=True), False),
        (config("tests", flag=True), True),
    ],
    ids=["the folder", "a test of it", "--pyargs", "--pyargs, the package", "another folder", "another", "the flag"],
)
def test_the_plugin_joins_a_run_of_the_suite_only(arguments, runs, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert runs_the_suite(arguments) is runs


def test_every_setting_but_the_credentials_is_an_option(request):
    for f in configurable():
        assert request.config.getoption(f"voipbin_{f.name}") is None, option(f)  # declared, and not given here
    secret = [f.name for f in fields(Settings) if f.metadata["secret"]]
    for name in secret:
        with pytest.raises(ValueError, match="no option"):
            request.config.getoption(f"voipbin_{name}")


SKIP_EVERYTHING = """
import pytest

def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.skip(reason="not today"))
"""


def test_a_run_of_the_suite_in_which_none_of_its_tests_ran_fails_saying_so(pytester, monkeypatch):
    """A user's plugin (or conftest.py) that skips every item made the suite exit 0 having checked nothing."""
    pytester.makepyfile(skip_everything=SKIP_EVERYTHING)
    pytester.syspathinsert()
    kept = environment_naming_no_server()
    for name in [name for name in os.environ if name not in kept]:
        monkeypatch.delenv(name)
    result = pytester.runpytest_subprocess(
        "-p", "skip_everything", "--voipbin-base-url=mock", "--pyargs", "voipbin_contract.contract_tests",
        "-k", "test_an_access_key_works_where_the_tutorial_puts_it", "-p", "no:cacheprovider",
    )  # fmt: skip
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*contract suite: none of its tests ran (1 skipped, * deselected*checked nothing"])
