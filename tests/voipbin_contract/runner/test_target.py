"""voipbin_contract.target: the environment's settings of a run, each refused in one line when it makes no sense."""

from __future__ import annotations

import pytest

from voipbin_contract.pacing import DEFAULT_REQUESTS_PER_SECOND
from voipbin_contract.target import DEFAULT_SETTLE_SECONDS, TargetError, base_url_of, external_target, resolve

URL = "https://staging.example.test"


def target_of(**environ: str):
    return external_target({"VOIPBIN_ACCESSKEY": "vbk_test"} | environ, URL)


def test_another_server_is_paced_and_settles_as_told():
    target = target_of()
    assert (target.pace.per_second, target.settle_seconds) == (DEFAULT_REQUESTS_PER_SECOND, DEFAULT_SETTLE_SECONDS)
    assert "paced: at most 15 requests a second" in target.plan()
    target = target_of(VOIPBIN_REQUESTS_PER_SECOND="0", VOIPBIN_SETTLE_SECONDS="5")
    assert (target.pace.per_second, target.settle_seconds) == (None, 5.0)
    assert "paced" not in target.plan()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("VOIPBIN_SETTLE_SECONDS", "soon"),
        ("VOIPBIN_SETTLE_SECONDS", "0"),
        ("VOIPBIN_SETTLE_SECONDS", "nan"),
        ("VOIPBIN_SETTLE_SECONDS", "1000"),
        ("VOIPBIN_REQUESTS_PER_SECOND", "fast"),
    ],
)
def test_a_setting_that_makes_no_sense_is_refused_in_one_line(name, value):
    with pytest.raises(TargetError, match=name):
        target_of(**{name: value})


def test_the_bundled_mocks_dispatch_must_be_one_it_has():
    refused = pytest.raises(TargetError, match="VOIPBIN_MOCK_DISPATCH must be one of either, telnyx, messagebird")
    with refused, resolve({"VOIPBIN_MOCK_DISPATCH": "pigeon"}):
        pass  # pragma: no cover


@pytest.mark.parametrize("url", ["http://[::1", "ftp://staging.example", "staging.example", "http://"])
def test_a_base_url_that_is_no_http_url_is_one_line(url):
    """http://[::1 was a 53-line internal-error traceback."""
    with pytest.raises(TargetError, match="base URL"):
        external_target({"VOIPBIN_ACCESSKEY": "vbk_key_long_enough"}, url)


@pytest.mark.parametrize(
    ("environ", "refusal"),
    [
        ({"VOIPBIN_BASE_URL": ""}, "VOIPBIN_BASE_URL is set but empty"),
        ({"BASE_URL": "  "}, "BASE_URL is set but empty"),
        ({"CI": "true"}, r"in CI \(CI is set\) the suite does not fall back to the bundled mock"),
        ({"GITHUB_ACTIONS": "true", "VOIPBIN_BASE_URL": ""}, "VOIPBIN_BASE_URL is set but empty"),
    ],
)
def test_the_bundled_mock_is_never_checked_by_default_where_a_server_was_meant(environ, refusal):
    """A nightly job whose base-URL secret was never set went green checking the bundled mock."""
    with pytest.raises(TargetError, match=refusal):
        base_url_of(environ)


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({}, None),
        ({"CI": "false"}, None),
        ({"CI": "true", "VOIPBIN_BASE_URL": "mock"}, None),
        ({"BASE_URL": "MOCK"}, None),
        ({"CI": "1", "BASE_URL": "https://staging.example"}, "https://staging.example"),
        ({"VOIPBIN_BASE_URL": "", "BASE_URL": "https://staging.example"}, "https://staging.example"),
    ],
)
def test_the_bundled_mock_is_checked_when_asked_for_or_outside_ci(environ, named):
    assert base_url_of(environ) == named
