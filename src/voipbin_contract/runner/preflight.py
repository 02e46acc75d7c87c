"""Before any test: can the suite run against this target at all? One readable line when it cannot.

The server must answer a read within seconds and accept the credentials (a 200 from GET /v1.0/numbers); when the
suite may send, the source number must be one of the customer's and the test destinations E.164 numbers.
"""

from __future__ import annotations

import re

import httpx

from voipbin_contract.rules.description import SPEC
from voipbin_contract.runner.deadline import alarm
from voipbin_contract.runner.target import Target, TargetError

PREFLIGHT_SECONDS = 5.0
E164 = re.compile(SPEC["components"]["schemas"]["E164Number"]["pattern"])


def preflight(target: Target, timeout: float = PREFLIGHT_SECONDS) -> None:
    """TargetError, saying what is wrong in one line, unless the target can be tested; within timeout seconds in
    all, however the server drips its answer."""
    too_slow = f"{target.base_url} did not answer GET /v1.0/numbers within {timeout:g} s"
    try:
        with alarm(timeout, lambda: TargetError(too_slow)), target.http(timeout=timeout) as http:
            response = http.get("/v1.0/numbers", params=target.credentials())
    except httpx.TimeoutException:
        raise TargetError(too_slow) from None
    except httpx.TransportError as error:
        raise TargetError(f"cannot reach {target.base_url}: {type(error).__name__}: {error}") from None
    reason = _reason(response)
    if response.status_code == 401:
        credential = (
            "VOIPBIN_ACCESSKEY (sent as accesskey)"
            if target.credential_parameter == "accesskey"
            else ("VOIPBIN_TOKEN (a login JWT, sent as token)")
        )
        raise TargetError(f"{target.base_url} refused the credentials: 401 {reason}; check {credential}")
    if response.status_code == 403:
        raise TargetError(f"{target.base_url} lets this customer read nothing: 403 {reason} (frozen, or no permission)")
    if response.status_code != 200:
        raise TargetError(f"{target.base_url} answered GET /v1.0/numbers with {response.status_code} {reason}, not 200")
    try:
        numbers = [str(number["number"]) for number in response.json()["result"]]
    except (ValueError, KeyError, TypeError):
        raise TargetError(f"{target.base_url} did not answer GET /v1.0/numbers with a page of numbers") from None
    if target.allow_send and not target.bundled_mock:
        _check_sending(target, numbers)


def _check_sending(target: Target, numbers: list[str]) -> None:
    if target.source_number and target.source_number not in numbers:
        shown = ", ".join(numbers) or "none"
        raise TargetError(
            f"VOIPBIN_SOURCE_NUMBER {target.source_number} is not one of the customer's numbers ({shown})"
        )
    if not target.source_number and not numbers:
        raise TargetError("the customer owns no number to send from: set VOIPBIN_SOURCE_NUMBER, or buy one")
    for number in target.destinations:
        if not E164.match(number):
            raise TargetError(f"VOIPBIN_TEST_DESTINATIONS: {number!r} is not an E.164 number (+, country code, digits)")


def _reason(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"]["reason"])
    except (ValueError, KeyError, TypeError):
        return "(no error envelope)"
