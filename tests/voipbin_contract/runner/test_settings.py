"""voipbin_contract.runner.settings: a run's settings, each from its option, else its variable, else its default;
refused in one line when one cannot be used; every one documented in docs/suite.md."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from tests.conftest import ROOT
from voipbin_contract.runner.settings import (
    BUNDLED,
    Settings,
    SettingsError,
    configurable,
    option,
    resolve,
    table,
    variable,
)
from voipbin_mock.config import DISPATCHES, PROFILES


def test_each_setting_is_its_option_else_its_variable_else_its_default():
    defaults = resolve({}, {})
    assert (defaults.base_url, defaults.examples, defaults.strict, defaults.profile) == (BUNDLED, 25, False, "service")
    from_environment = resolve({}, {"VOIPBIN_EXAMPLES": "7", "VOIPBIN_STRICT": "1", "VOIPBIN_PROFILE": "tutorial"})
    assert (from_environment.examples, from_environment.strict, from_environment.profile) == (7, True, "tutorial")
    given = {"examples": "3", "strict": True, "profile": "service"}
    from_options = resolve(given, {"VOIPBIN_EXAMPLES": "7", "VOIPBIN_PROFILE": "tutorial"})
    assert (from_options.examples, from_options.strict, from_options.profile) == (3, True, "service")


def test_every_setting_has_one_option_and_one_variable_spelled_from_its_name():
    for f in fields(Settings):
        assert variable(f) == "VOIPBIN_" + f.name.upper()
    assert [option(f) for f in configurable()] == [
        "--voipbin-" + f.name.replace("_", "-") for f in fields(Settings) if not f.metadata["secret"]
    ]


def test_credentials_come_from_the_environment_only():
    secrets = {f.name for f in fields(Settings) if f.metadata["secret"]}
    assert secrets == {"accesskey", "token", "username", "password", "other_accesskey", "other_token", "webhook_secret"}
    given = resolve({"accesskey": "vbk_from_the_command_line"}, {"VOIPBIN_ACCESSKEY": "vbk_from_the_environment"})
    assert given.accesskey == "vbk_from_the_environment"
    assert "vbk_from_the_environment" not in repr(given)
    assert given.secrets == ("vbk_from_the_environment",)


def test_the_seed_is_drawn_once_when_not_given_and_kept():
    assert resolve({"seed": "5"}, {}).seed == 5
    drawn = resolve({}, {})
    assert isinstance(drawn.seed, int)
    assert "--voipbin-seed" in " ".join(drawn.shown())


@pytest.mark.parametrize(
    ("options", "environ", "refusal"),
    [
        ({}, {"VOIPBIN_EXAMPLES": "many"}, "VOIPBIN_EXAMPLES='many'"),
        ({"examples": "0"}, {}, "--voipbin-examples='0': must be at least 1"),
        ({}, {"VOIPBIN_STRICT": "maybe"}, "VOIPBIN_STRICT='maybe': must be one of 1, true"),
        ({}, {"VOIPBIN_PROFILE": "staging"}, "VOIPBIN_PROFILE must be one of service, tutorial"),
        ({"dispatch": "pigeon"}, {}, "--voipbin-dispatch must be one of either, telnyx"),
        ({}, {"VOIPBIN_SETTLE_SECONDS": "nan"}, "VOIPBIN_SETTLE_SECONDS"),
        ({}, {"VOIPBIN_SETTLE_SECONDS": "1000"}, "at most 120"),
        ({}, {"VOIPBIN_REQUESTS_PER_SECOND": "fast"}, "VOIPBIN_REQUESTS_PER_SECOND"),
        ({}, {"VOIPBIN_REQUESTS_PER_SECOND": "inf"}, "VOIPBIN_REQUESTS_PER_SECOND"),
        ({}, {"VOIPBIN_WEBHOOK_LISTEN": "somewhere"}, "must be HOST:PORT"),
        ({"base_url": "https://x.test"}, {"VOIPBIN_ALLOW_SEND": "1"}, "needs VOIPBIN_TEST_DESTINATIONS"),
        ({}, {"VOIPBIN_CONTRACT_SEED": "1"}, "VOIPBIN_CONTRACT_SEED is now VOIPBIN_SEED"),
        ({}, {"VOIPBIN_MOCK_PROFILE": "tutorial"}, "VOIPBIN_MOCK_PROFILE is now VOIPBIN_PROFILE"),
        ({}, {"VOIPBIN_SPEC": "other.yaml"}, "VOIPBIN_SPEC is no longer read"),
    ],
)
def test_a_setting_that_cannot_be_used_is_refused_in_one_line_naming_it(options, environ, refusal):
    with pytest.raises(SettingsError, match=re.escape(refusal)) as refused:
        resolve(options, environ)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("options", "environ", "refusal"),
    [
        ({}, {"VOIPBIN_BASE_URL": ""}, "VOIPBIN_BASE_URL is set but empty"),
        ({"base_url": " "}, {}, "--voipbin-base-url is set but empty"),
        ({}, {"CI": "true"}, r"in CI \(CI is set\) the suite does not fall back to the bundled mock"),
        ({}, {"GITHUB_ACTIONS": "true", "VOIPBIN_BASE_URL": ""}, "VOIPBIN_BASE_URL is set but empty"),
    ],
)
def test_the_bundled_mock_is_never_checked_by_default_where_a_server_was_meant(options, environ, refusal):
    """A nightly job whose base-URL secret was never set went green checking the bundled mock."""
    with pytest.raises(SettingsError, match=refusal):
        resolve(options, environ)


@pytest.mark.parametrize(
    ("options", "environ", "named"),
    [
        ({}, {}, BUNDLED),
        ({}, {"CI": "false"}, BUNDLED),
        ({}, {"CI": "true", "VOIPBIN_BASE_URL": "mock"}, BUNDLED),
        ({"base_url": "MOCK"}, {"CI": "1"}, BUNDLED),
        ({}, {"CI": "1", "VOIPBIN_BASE_URL": "https://staging.example/"}, "https://staging.example"),
        ({"base_url": "https://staging.example"}, {"VOIPBIN_BASE_URL": ""}, "https://staging.example"),
    ],
)
def test_the_bundled_mock_is_checked_when_asked_for_or_outside_ci(options, environ, named):
    assert resolve(options, environ).base_url == named


def test_the_unprefixed_spellings_are_not_the_suites():
    """BASE_URL, ACCESSKEY and TOKEN are make's variables (make contract BASE_URL=...), not the suite's: a shell that
    happens to hold them does not point a run elsewhere."""
    settings = resolve({}, {"BASE_URL": "https://elsewhere.example", "ACCESSKEY": "vbk_x", "TOKEN": "eyJ"})
    assert (settings.base_url, settings.accesskey, settings.token) == (BUNDLED, None, None)


def test_the_choices_are_the_bundled_mocks_own():
    choices = {f.name: f.metadata["choices"] for f in fields(Settings)}
    assert (choices["profile"], choices["dispatch"]) == (PROFILES, DISPATCHES)


def test_every_setting_is_documented_in_docs_suite_md():
    """docs/suite.md holds table() as it is: a setting added, renamed or reworded shows here until the docs say so."""
    documented = (ROOT / "docs" / "suite.md").read_text(encoding="utf-8")
    assert table() in documented, f"docs/suite.md's table of settings is not this one:\n{table()}"
    assert len(table().splitlines()) == 2 + len(fields(Settings))


def test_the_reports_folder_is_a_path():
    assert resolve({"reports": "out"}, {}).reports == Path("out")
