"""voipbin_contract.runner.target: the target a run's settings name, refused in one line when it cannot be one."""

from __future__ import annotations

import ssl

import httpx
import pytest

from voipbin_contract.runner.pacing import DEFAULT_REQUESTS_PER_SECOND
from voipbin_contract.runner.settings import resolve
from voipbin_contract.runner.target import TargetError, external_target

URL = "https://staging.example.test"


def target_of(**environ: str):
    return external_target(resolve({"base_url": URL}, {"VOIPBIN_ACCESSKEY": "vbk_test"} | environ))


def test_another_server_is_paced_and_settles_as_told():
    target = target_of()
    assert (target.pace.per_second, target.settle_seconds) == (DEFAULT_REQUESTS_PER_SECOND, 30.0)
    assert "paced: at most 15 requests a second" in target.plan()
    target = target_of(VOIPBIN_REQUESTS_PER_SECOND="0", VOIPBIN_SETTLE_SECONDS="5")
    assert (target.pace.per_second, target.settle_seconds) == (None, 5.0)
    assert "paced" not in target.plan()


def test_the_credential_decides_where_it_is_sent():
    assert target_of().credential_parameter == "accesskey"
    token = external_target(resolve({"base_url": URL}, {"VOIPBIN_TOKEN": "eyJ.a.b"}))
    assert (token.credential_parameter, token.security_scheme) == ("token", "tokenQuery")
    with pytest.raises(TargetError, match="set VOIPBIN_ACCESSKEY"):
        external_target(resolve({"base_url": URL}, {}))


def test_the_second_customer_is_of_the_same_kind_of_credential():
    environ = {"VOIPBIN_ACCESSKEY": "vbk_a", "VOIPBIN_OTHER_ACCESSKEY": "vbk_b", "VOIPBIN_OTHER_TOKEN": "eyJ.x.y"}
    assert external_target(resolve({"base_url": URL}, environ)).other_token == "vbk_b"


@pytest.mark.parametrize("url", ["http://[::1", "ftp://staging.example", "staging.example", "http://"])
def test_a_base_url_that_is_no_http_url_is_one_line(url):
    """http://[::1 was a 53-line internal-error traceback."""
    with pytest.raises(TargetError, match="base URL"):
        external_target(resolve({"base_url": url}, {"VOIPBIN_ACCESSKEY": "vbk_key_long_enough"}))


def test_sending_is_within_the_budget_and_to_the_allowed_destinations_only():
    environ = {"VOIPBIN_ALLOW_SEND": "1", "VOIPBIN_TEST_DESTINATIONS": "+31616818985, +4915112345678"}
    target = target_of(**environ, VOIPBIN_MAX_SENDS="3")
    assert (target.destinations, target.sendable, target.budget.remaining) == (
        ("+31616818985", "+4915112345678"),
        ("+31616818985", "+4915112345678"),
        3,
    )
    assert target_of().budget.remaining == 0  # sending off: nothing


def test_a_runs_clients_share_one_tls_context_made_as_httpx_makes_it(monkeypatch):
    """Each client of a run made its own transport, and httpx loaded the trust store for each: 31 ms a client, 1.3 s
    of a run's 43. The run makes the context once, with httpx's own defaults (SSL_CERT_FILE and the like apply)."""
    made = []

    def counted(*args, **kwargs):
        made.append((args, kwargs))
        return real(*args, **kwargs)

    real = httpx.create_ssl_context
    monkeypatch.setattr(httpx, "create_ssl_context", counted)
    target = target_of()
    for _ in range(5):
        with target.http():
            pass
    assert made == [((), {})]
    assert target.tls.verify_mode == ssl.CERT_REQUIRED
    assert target.tls.check_hostname
