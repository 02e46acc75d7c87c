"""Every credential where the service reads it, each once per run, read-only (GET /v1.0/numbers): a login token in
the `token` cookie, the `token` query parameter and `Authorization: Bearer`; an access key in the `accesskey` query
parameter and cookie; each place as the description's security schemes name it. And the refusals: no credential,
a credential nobody has, an access key where a token goes."""

from __future__ import annotations

from typing import Any

import pytest

from voipbin_contract.rules.checks import ACCESSKEY_IN_TOKEN
from voipbin_contract.rules.description import SPEC
from voipbin_contract.runner.api import Api
from voipbin_contract.runner.target import Target

# The deviations these tests can meet (the session watches them for the run's ledger).
MEETS = frozenset({ACCESSKEY_IN_TOKEN})
SCHEMES: dict[str, dict[str, Any]] = SPEC["components"]["securitySchemes"]


def kind_of(scheme: dict[str, Any]) -> str:
    """What a scheme carries: a login token (Bearer, or a parameter named `token`) or an access key."""
    return "token" if scheme["type"] == "http" or scheme.get("name") == "token" else "accesskey"


def placed(scheme: dict[str, Any], value: str) -> dict[str, Any]:
    """httpx's arguments that put value where the scheme reads it."""
    if scheme["type"] == "http":
        return {"headers": {"Authorization": f"Bearer {value}"}}
    if scheme["in"] == "cookie":  # a header of its own: httpx keeps per-request cookies no longer
        return {"headers": {"Cookie": f"{scheme['name']}={value}"}}
    return {"params" if scheme["in"] == "query" else "headers": {scheme["name"]: value}}


def credential(api: Api, target: Target, kind: str) -> str:
    """The caller's credential of kind; the test is skipped, saying why, when the run holds none."""
    if kind == "token":
        if target.login_token is None:
            why = "no login token: VOIPBIN_TOKEN, or VOIPBIN_USERNAME and VOIPBIN_PASSWORD"
            api.reach.missed("a login token where the service reads it", why)
            pytest.skip(why)
        return target.login_token
    if target.credential_parameter != "accesskey":
        api.reach.missed("an access key where the service reads it", "no access key: VOIPBIN_ACCESSKEY")
        pytest.skip("no access key: VOIPBIN_ACCESSKEY")
    return target.token


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_a_credential_is_read_where_the_description_says(api, target, scheme):
    value = credential(api, target, kind_of(SCHEMES[scheme]))
    with api.client(authenticated=False) as http:
        response = http.get("/v1.0/numbers", **placed(SCHEMES[scheme], value))
    kind = "login token" if kind_of(SCHEMES[scheme]) == "token" else "access key"
    assert response.status_code == 200, f"the caller's {kind} in {scheme} answered {response.status_code}"


def refusal_problems(response: Any, reason: str) -> list[str]:
    if response.status_code != 401:
        return [f"answered {response.status_code}, not 401"]
    shown = (response.json().get("error") or {}).get("reason")
    return [] if shown == reason else [f"answered 401 with the reason {shown!r}, not {reason!r}"]


def test_a_request_without_a_credential_or_with_one_nobody_has_is_refused(api, target):
    """401 AUTHENTICATION_REQUIRED without a credential, INVALID_CREDENTIALS with an access key and a token that
    nobody has (error_translate.go's reasons; every answer is held to the envelope as it comes)."""
    problems = []
    with api.client(authenticated=False) as http:
        problems += [
            f"no credential: {p}" for p in refusal_problems(http.get("/v1.0/numbers"), "AUTHENTICATION_REQUIRED")
        ]
        for scheme in ("accesskeyQuery", "tokenQuery"):
            forged = "vbk_nobody_has_this_key_0000" if kind_of(SCHEMES[scheme]) == "accesskey" else "eyJ.nobody.has"
            found = refusal_problems(
                http.get("/v1.0/numbers", **placed(SCHEMES[scheme], forged)), "INVALID_CREDENTIALS"
            )
            problems += [f"a credential nobody has in {scheme}: {p}" for p in found]
    assert not problems, "; ".join(problems)


def test_an_access_key_works_where_the_tutorial_puts_it(api, target, ledger):
    """The tutorial passes an access key in `?token=`; the service reads a JWT there only (a known deviation)."""
    value = credential(api, target, "accesskey")
    with api.client(authenticated=False) as http:
        response = http.get("/v1.0/numbers", params={"token": value})
    if response.status_code == 401:
        example = "GET /v1.0/numbers?token=<access key> answered 401"
        assert ledger.tolerates(ACCESSKEY_IN_TOKEN, example), f"{example}: {ledger.named(ACCESSKEY_IN_TOKEN)}"
        found = refusal_problems(response, "INVALID_CREDENTIALS")
        assert not found, "; ".join(found)
        return
    assert response.status_code == 200, f"an access key in ?token= answered {response.status_code}"
