"""voipbin_mock.auth: credentials read where, and in the order, the service reads them; names as the description's."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

import jwt
import pytest

from tests.voipbin_mock.conftest import ALICE, ALICE_KEY, BOB, START_US
from voipbin_mock.auth import ACCESSKEY, CREDENTIAL_NAMES, PASSWORD, TOKEN, Authenticator
from voipbin_mock.config import DEFAULT_FIXTURES, DEFAULT_SPEC
from voipbin_mock.errors import ApiError
from voipbin_mock.fixtures import load_fixtures
from voipbin_mock.incoming import Incoming
from voipbin_mock.openapi import load_spec
from voipbin_mock.store import Store

SECRET = "s" * 32
HOUR_US = 3600 * 1_000_000


@pytest.fixture
def store():
    store = Store(None, load_fixtures(DEFAULT_FIXTURES))
    yield store
    store.close()


def request(query: str = "", cookies: dict[str, str] | None = None, bearer: str | None = None) -> Incoming:
    headers = []
    if cookies:
        jar = SimpleCookie(cookies)
        headers.append((b"cookie", "; ".join(f"{k}={v.value}" for k, v in jar.items()).encode()))
    if bearer is not None:
        headers.append((b"authorization", f"Bearer {bearer}".encode()))
    scope = {"type": "http", "query_string": query.encode(), "headers": headers, "path_params": {}}

    async def receive():
        return {"type": "http.request", "body": b""}

    return Incoming(scope, receive)


def test_the_credential_names_are_the_descriptions():
    spec = load_spec(DEFAULT_SPEC)
    schemes = spec["components"]["securitySchemes"].values()
    assert {s["name"] for s in schemes if s["type"] == "apiKey"} == {TOKEN, ACCESSKEY}
    login = spec["paths"]["/auth/login"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    login = spec["components"]["schemas"][login["$ref"].rsplit("/", 1)[1]] if "$ref" in login else login
    assert PASSWORD in login["properties"]
    assert {TOKEN, ACCESSKEY, PASSWORD} == CREDENTIAL_NAMES


@pytest.mark.parametrize("where", ["cookie", "query", "bearer"])
def test_a_login_token_works_wherever_the_service_reads_one(store, where):
    auth = Authenticator(store, SECRET, 3600)
    token = auth.issue(ALICE.id, ALICE.username, START_US)
    incoming = {
        "cookie": request(cookies={TOKEN: token}),
        "query": request(f"{TOKEN}={token}"),
        "bearer": request(bearer=token),
    }[where]
    assert auth.customer_of(incoming, START_US) == ALICE.id


def test_a_token_expires_by_the_mocks_clock(store):
    auth = Authenticator(store, SECRET, 3600)
    token = auth.issue(ALICE.id, ALICE.username, START_US)
    assert auth.customer_of(request(f"token={token}"), START_US + HOUR_US - 1) == ALICE.id
    with pytest.raises(ApiError, match="INVALID_CREDENTIALS"):
        auth.customer_of(request(f"token={token}"), START_US + HOUR_US)


def test_a_token_signed_with_another_secret_is_refused(store):
    other = Authenticator(store, "o" * 32, 3600).issue(ALICE.id, ALICE.username, START_US)
    with pytest.raises(ApiError, match="INVALID_CREDENTIALS"):
        Authenticator(store, SECRET, 3600).customer_of(request(f"token={other}"), START_US)


def test_the_first_credential_found_decides(store):
    """A bad token is not skipped for a good access key: the service reads the token first and stops there."""
    auth = Authenticator(store, SECRET, 3600)
    with pytest.raises(ApiError, match="INVALID_CREDENTIALS"):
        auth.customer_of(request(f"token=a.b.c&accesskey={ALICE_KEY}"), START_US)
    assert auth.customer_of(request(f"accesskey={ALICE_KEY}"), START_US) == ALICE.id
    assert auth.customer_of(request(cookies={ACCESSKEY: ALICE_KEY}), START_US) == ALICE.id


def test_an_access_key_in_token_works_only_where_the_tutorial_profile_allows(store):
    with pytest.raises(ApiError, match="INVALID_CREDENTIALS"):
        Authenticator(store, SECRET, 3600).customer_of(request(f"token={ALICE_KEY}"), START_US)
    tutorial = Authenticator(store, SECRET, 3600, accesskey_in_token=True)
    assert tutorial.customer_of(request(f"token={ALICE_KEY}"), START_US) == ALICE.id


def test_no_credentials_is_authentication_required(store):
    with pytest.raises(ApiError, match="AUTHENTICATION_REQUIRED"):
        Authenticator(store, SECRET, 3600).customer_of(request(), START_US)


def test_a_short_signing_secret_is_refused(store):
    with pytest.raises(ValueError, match="at least 32 bytes"):
        Authenticator(store, "short", 3600)


def test_a_token_of_a_customer_who_is_not_there_is_refused(store):
    auth = Authenticator(store, SECRET, 3600)
    stranger = auth.issue("00000000-0000-4000-8000-000000000000", BOB.username, START_US)
    with pytest.raises(ApiError, match="INVALID_CREDENTIALS"):
        auth.customer_of(request(f"token={stranger}"), START_US)


def test_a_token_is_verified_once_and_the_verified_ones_are_bounded(store, monkeypatch):
    """Verifying the signature on every request cost most of the mock's speed with a login token."""
    auth = Authenticator(store, SECRET, 3600)
    token = auth.issue(ALICE.id, ALICE.username, START_US)
    decoded = []
    real_decode = jwt.decode

    def counting_decode(token: str, *args: Any, **kwargs: Any) -> Any:
        decoded.append(token)
        return real_decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting_decode)
    for _ in range(3):
        assert auth.customer_of(request(f"token={token}"), START_US) == ALICE.id
    assert decoded == [token]
    with pytest.raises(ApiError, match="INVALID_CREDENTIALS"):  # a kept token still expires by the clock
        auth.customer_of(request(f"token={token}"), START_US + HOUR_US)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for _ in range(2):
        with pytest.raises(ApiError, match="INVALID_CREDENTIALS"):
            auth.customer_of(request(f"token={forged}"), START_US)
    assert decoded.count(forged) == 2  # a forged token is never kept
    monkeypatch.setattr("voipbin_mock.auth.MAX_VERIFIED_TOKENS", 5)
    for second in range(10):
        auth.customer_of(
            request(f"token={auth.issue(ALICE.id, ALICE.username, START_US + second * 1_000_000)}"), START_US
        )
    assert len(auth._verified) == 5
