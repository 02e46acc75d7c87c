"""voipbin_sdk.errors and calls: the model on success; one exception per kind of failure, with what the service said."""

from __future__ import annotations

from uuid import UUID

import httpx
import pytest
import voipbin_sdk as vb
from voipbin_client.api.messages import get_message
from voipbin_client.models import Message

from tests.sdk.conftest import BASE_URL, Stub, envelope
from tests.test_service_answers import answer as service_answer

MESSAGE_ID = UUID("a5d2114a-8e84-48cd-8bb2-c406eeb08cd1")


@pytest.mark.parametrize(
    ("status", "kind", "reason"),
    [
        (400, vb.InvalidRequestError, "INVALID_ID"),
        (401, vb.AuthenticationError, "INVALID_CREDENTIALS"),
        (402, vb.PaymentRequiredError, "INSUFFICIENT_BALANCE"),
        (403, vb.PermissionDeniedError, "PERMISSION_DENIED"),
        (404, vb.NotFoundError, "RESOURCE_NOT_FOUND"),
        (409, vb.ConflictError, "STATE_INVALID"),
        (429, vb.RateLimitedError, "RATE_LIMIT_EXCEEDED"),
        (500, vb.ServerError, "INTERNAL"),
        (503, vb.UnavailableError, "SERVICE_UNAVAILABLE"),
    ],
)
def test_each_status_raises_its_kind_with_the_envelope(status, kind, reason, slept):
    headers = {"x-request-id": "req_HEADER", "retry-after": "7"}
    answer = httpx.Response(
        status, content=envelope("X", reason, "what went wrong", [{"limited_by": "ip"}]), headers=headers
    )
    stub = Stub(answer)
    client = vb.connect(BASE_URL, accesskey="k", transport=stub.transport, attempts=0)
    with client, pytest.raises(kind) as raised:
        vb.call(get_message.sync_detailed, client=client, id=MESSAGE_ID)
    error = raised.value
    assert isinstance(error, vb.VoipbinError)
    assert (error.status, error.reason, error.message) == (status, reason, "what went wrong")
    assert error.request_id == "req_TEST"  # the envelope's, which the header repeats
    assert error.details == [{"limited_by": "ip"}]
    if isinstance(error, vb.RateLimitedError):
        assert error.retry_after == 7.0


def test_a_success_returns_the_model():
    answer = httpx.Response(200, json=service_answer("dispatched_provider_statuses")["body"])
    with vb.connect(BASE_URL, accesskey="k", transport=Stub(answer).transport) as client:
        message = vb.call(get_message.sync_detailed, client=client, id=MESSAGE_ID)
    assert isinstance(message, Message)


def test_a_failed_login_is_an_invalid_request_with_the_bare_answer():
    stub = Stub(httpx.Response(400, text="wrong username or password"))
    client = vb.connect(BASE_URL, transport=stub.transport)
    with client, pytest.raises(vb.InvalidRequestError, match="wrong username or password"):
        vb.login(client, "alice@example.com", "nope")


def test_the_real_mock_answers_each_kind(mock_url):
    from tests.sdk.conftest import ALICE_KEY

    with vb.connect(mock_url, accesskey="vbk_wrong") as client:
        with pytest.raises(vb.AuthenticationError) as raised:
            vb.call(get_message.sync_detailed, client=client, id=MESSAGE_ID)
        assert raised.value.request_id
        assert raised.value.request_id.startswith("req_")
    with vb.connect(mock_url, accesskey=ALICE_KEY) as client, pytest.raises(vb.NotFoundError):
        vb.call(get_message.sync_detailed, client=client, id=MESSAGE_ID)
    with vb.connect(mock_url) as client:
        token = vb.login(client, "alice@example.com", "alice-secret")
        with pytest.raises(vb.InvalidRequestError):
            vb.login(client, "alice@example.com", "wrong")
    with vb.connect(mock_url, token=token) as client:
        assert vb.iter_numbers(client).__next__().number.startswith("+")


def test_an_access_key_and_a_token_together_are_refused():
    with pytest.raises(ValueError, match="not both"):
        vb.connect(BASE_URL, accesskey="k", token="t")
