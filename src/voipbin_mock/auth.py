"""Who is calling: login tokens (signed, expiring JWTs) and access keys, read where the service reads them.

Order, as the service (bin-api-manager/lib/middleware/authenticate.go): a token from the `token` cookie, the `token`
query parameter, or an `Authorization: Bearer` header; only when there is none, an access key from the `accesskey`
cookie or query parameter. As the service, a token is only ever a JWT: an access key in `token` fails with 401
INVALID_CREDENTIALS. In the tutorial profile an access key in `token` works, as the tutorial documents (a known
deviation of the service). The first credential found decides: a bad one is not skipped for the next. The service
splits `Authorization` on the exact string `Bearer ` (`bearer <jwt>` is not read); the tutorial profile reads the
scheme in any case, as RFC 9110 has it.
"""

from __future__ import annotations

from collections import OrderedDict

import jwt

from voipbin_mock import errors
from voipbin_mock.errors import ApiError
from voipbin_mock.incoming import Incoming
from voipbin_mock.store import Store

# Where credentials travel, as the description's security schemes name them (each a cookie or a query parameter),
# and the login body's secret field; tests/voipbin_mock/test_auth.py checks them against the description.
TOKEN = "token"
ACCESSKEY = "accesskey"
PASSWORD = "password"
CREDENTIAL_NAMES = frozenset({TOKEN, ACCESSKEY, PASSWORD})
ALGORITHM = "HS256"
# RFC 7518 section 3.2: an HS256 key must be at least as long as the hash.
MIN_SECRET_BYTES = 32
# Tokens whose signature was verified, kept with their subject and expiry: a client sends its token with every
# request, and verifying it each time cost the mock most of its speed with a login token (4x Prism, against 7x with
# an access key). The least recently used goes beyond this many; a forged token is never kept.
MAX_VERIFIED_TOKENS = 4096


class Authenticator:
    """Issues login tokens and resolves a request's credentials to a customer id."""

    def __init__(
        self,
        store: Store,
        secret: str,
        ttl_seconds: int,
        *,
        accesskey_in_token: bool = False,
        bearer_exact: bool = False,
    ) -> None:
        if len(secret.encode()) < MIN_SECRET_BYTES:
            raise ValueError(f"the token signing secret must be at least {MIN_SECRET_BYTES} bytes long")
        self._store = store
        self._secret = secret
        self._ttl_seconds = ttl_seconds
        self._accesskey_in_token = accesskey_in_token
        self._bearer_exact = bearer_exact
        self._verified: OrderedDict[str, tuple[str, int]] = OrderedDict()

    def issue(self, customer_id: str, username: str, now_us: int) -> str:
        now = now_us // 1_000_000
        claims = {"sub": customer_id, "username": username, "iat": now, "exp": now + self._ttl_seconds}
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def customer_of(self, request: Incoming, now_us: int) -> str:
        """The calling customer's id; ApiError 401 when credentials are missing, bad or expired."""
        token = (
            request.cookies.get(TOKEN)
            or request.query.get(TOKEN)
            or _bearer(request.header(b"authorization") or "", exact=self._bearer_exact)
        )
        if token:
            customer = self._from_jwt(token, now_us) if token.count(".") == 2 else None
            if customer is None and self._accesskey_in_token:
                customer = self._store.customer_of_accesskey(token, now_us)
        else:
            key = request.cookies.get(ACCESSKEY) or request.query.get(ACCESSKEY)
            if not key:
                raise ApiError(401, "AUTHENTICATION_REQUIRED", errors.AUTHENTICATION_REQUIRED)
            customer = self._store.customer_of_accesskey(key, now_us)
        if customer is None:
            raise ApiError(401, "INVALID_CREDENTIALS", errors.INVALID_CREDENTIALS)
        return customer

    def _from_jwt(self, token: str, now_us: int) -> str | None:
        verified = self._verified_claims(token)
        if verified is None:
            return None
        subject, expires = verified
        # Expiry is checked against the mock's clock, so that tests can move time without sleeping.
        if expires * 1_000_000 <= now_us:
            return None
        return subject if self._store.customer_exists(subject) else None

    def _verified_claims(self, token: str) -> tuple[str, int] | None:
        """(subject, expiry in seconds) of a token signed with the mock's secret; None if it is not one."""
        known = self._verified.get(token)
        if known is not None:
            self._verified.move_to_end(token)
            return known
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                options={"require": ["sub", "exp"], "verify_exp": False},
            )
        except jwt.InvalidTokenError:
            return None
        subject, expires = claims["sub"], claims["exp"]
        if not isinstance(subject, str) or not isinstance(expires, int):
            return None
        self._verified[token] = (subject, expires)
        if len(self._verified) > MAX_VERIFIED_TOKENS:
            self._verified.popitem(last=False)
        return subject, expires


def _bearer(header: str, *, exact: bool) -> str | None:
    """The token of an `Authorization: Bearer` header; exact: as the service reads it (split on `Bearer `, the
    scheme's case as written; bin-api-manager/lib/middleware/authenticate.go)."""
    scheme, _, value = header.partition(" ")
    matches = scheme == "Bearer" if exact else scheme.lower() == "bearer"
    return value.strip() or None if matches else None
