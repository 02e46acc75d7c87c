"""voipbin_contract.plugin: loaded by every pytest run of an environment that installs the suite (the pytest11 entry
point), it joins only runs of the suite."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import settings

from voipbin_contract.plugin import HERE, SESSION, runs_the_suite


def test_this_run_loaded_the_plugin_and_left_it_inert(request):
    """This project's own tests run with the plugin installed: no target resolved, no hypothesis profile changed."""
    assert request.config.pluginmanager.has_plugin("voipbin_contract.plugin")
    assert not request.config.pluginmanager.has_plugin(SESSION)
    assert settings.get_current_profile_name() != "contract"


def config(*args: str, flag: bool = False, pyargs: bool = False) -> pytest.Config:
    option = SimpleNamespace(pyargs=pyargs)
    fake = SimpleNamespace(args=list(args), option=option, getoption=lambda name: flag)
    return fake  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("arguments", "runs"),
    [
        (config(str(HERE)), True),
        (config(str(HERE / "test_properties.py") + "::test_x"), True),
        (config("voipbin_contract", pyargs=True), True),
        (config("tests"), False),
        (config("voipbin_mock", pyargs=True), False),
        (config("tests", flag=True), True),
    ],
    ids=["the package", "a test of it", "--pyargs", "another folder", "another module", "--voipbin-contract"],
)
def test_the_plugin_joins_a_run_of_the_suite_only(arguments, runs):
    assert runs_the_suite(arguments) is runs


def test_the_plugins_options_are_its_settings_variables():
    """Each option sets the variable the suite reads (one place for each setting); no credential has an option."""
    from voipbin_contract.plugin import OPTIONS

    variables = {variable for variable, _ in OPTIONS.values()}
    assert variables == {
        "VOIPBIN_BASE_URL",
        "VOIPBIN_MOCK_PROFILE",
        "VOIPBIN_CONTRACT_EXAMPLES",
        "VOIPBIN_CONTRACT_SEED",
    }
    assert not [option for option in OPTIONS if any(word in option for word in ("key", "token", "password"))]
