from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.message import Message
from ...models.send_message_request import SendMessageRequest
from ...types import Response


def _get_kwargs(
    *,
    body: SendMessageRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1.0/messages",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | Message | None:
    if response.status_code == 200:
        response_200 = Message.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ErrorEnvelope.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorEnvelope.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorEnvelope.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | Message]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SendMessageRequest,
) -> Response[ErrorEnvelope | Message]:
    """Send an SMS

     Sends `text` from `source` to every destination. The answer is **200** (not 201) with the stored
    message:
    one `Target` per destination, in the order given, each `queued` with its segment count in `parts`.
    Delivery happens afterwards, in the background; poll `getMessage` to follow each target's `status`.

    Charges are per segment per destination; the balance is checked before anything is stored (402).
    The source must be a number you own (`listNumbers`). The text is stored in a MySQL `text` column: at
    most
    65,535 bytes of UTF-8 (`x-max-bytes`).

    The service checks little of the body: an empty or missing `destinations` is 400 `INVALID_ARGUMENT`
    ("The
    request is invalid.", no `details`; bin-api-manager/pkg/servicehandler/message.go), a body that is
    not JSON
    or has a field of the wrong JSON type is 400 `INVALID_JSON_BODY` (gin's `BindJSON` writes the status
    before
    the envelope, so that answer's `Content-Type` is `text/plain`; bin-api-manager/server/messages.go).
    Every
    other rule below is the documented contract, which the service does not enforce (the known
    deviations).
    Go's JSON binding reads a `null` field as a missing one and a `null` item of `destinations` as an
    address
    with no fields, so what the deviations say of a missing field holds for a `null` one too.

    Args:
        body (SendMessageRequest): What to send, from which of your numbers, to whom. Every
            address is `tel` with an E.164 target.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | Message]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: SendMessageRequest,
) -> ErrorEnvelope | Message | None:
    """Send an SMS

     Sends `text` from `source` to every destination. The answer is **200** (not 201) with the stored
    message:
    one `Target` per destination, in the order given, each `queued` with its segment count in `parts`.
    Delivery happens afterwards, in the background; poll `getMessage` to follow each target's `status`.

    Charges are per segment per destination; the balance is checked before anything is stored (402).
    The source must be a number you own (`listNumbers`). The text is stored in a MySQL `text` column: at
    most
    65,535 bytes of UTF-8 (`x-max-bytes`).

    The service checks little of the body: an empty or missing `destinations` is 400 `INVALID_ARGUMENT`
    ("The
    request is invalid.", no `details`; bin-api-manager/pkg/servicehandler/message.go), a body that is
    not JSON
    or has a field of the wrong JSON type is 400 `INVALID_JSON_BODY` (gin's `BindJSON` writes the status
    before
    the envelope, so that answer's `Content-Type` is `text/plain`; bin-api-manager/server/messages.go).
    Every
    other rule below is the documented contract, which the service does not enforce (the known
    deviations).
    Go's JSON binding reads a `null` field as a missing one and a `null` item of `destinations` as an
    address
    with no fields, so what the deviations say of a missing field holds for a `null` one too.

    Args:
        body (SendMessageRequest): What to send, from which of your numbers, to whom. Every
            address is `tel` with an E.164 target.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | Message
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SendMessageRequest,
) -> Response[ErrorEnvelope | Message]:
    """Send an SMS

     Sends `text` from `source` to every destination. The answer is **200** (not 201) with the stored
    message:
    one `Target` per destination, in the order given, each `queued` with its segment count in `parts`.
    Delivery happens afterwards, in the background; poll `getMessage` to follow each target's `status`.

    Charges are per segment per destination; the balance is checked before anything is stored (402).
    The source must be a number you own (`listNumbers`). The text is stored in a MySQL `text` column: at
    most
    65,535 bytes of UTF-8 (`x-max-bytes`).

    The service checks little of the body: an empty or missing `destinations` is 400 `INVALID_ARGUMENT`
    ("The
    request is invalid.", no `details`; bin-api-manager/pkg/servicehandler/message.go), a body that is
    not JSON
    or has a field of the wrong JSON type is 400 `INVALID_JSON_BODY` (gin's `BindJSON` writes the status
    before
    the envelope, so that answer's `Content-Type` is `text/plain`; bin-api-manager/server/messages.go).
    Every
    other rule below is the documented contract, which the service does not enforce (the known
    deviations).
    Go's JSON binding reads a `null` field as a missing one and a `null` item of `destinations` as an
    address
    with no fields, so what the deviations say of a missing field holds for a `null` one too.

    Args:
        body (SendMessageRequest): What to send, from which of your numbers, to whom. Every
            address is `tel` with an E.164 target.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | Message]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SendMessageRequest,
) -> ErrorEnvelope | Message | None:
    """Send an SMS

     Sends `text` from `source` to every destination. The answer is **200** (not 201) with the stored
    message:
    one `Target` per destination, in the order given, each `queued` with its segment count in `parts`.
    Delivery happens afterwards, in the background; poll `getMessage` to follow each target's `status`.

    Charges are per segment per destination; the balance is checked before anything is stored (402).
    The source must be a number you own (`listNumbers`). The text is stored in a MySQL `text` column: at
    most
    65,535 bytes of UTF-8 (`x-max-bytes`).

    The service checks little of the body: an empty or missing `destinations` is 400 `INVALID_ARGUMENT`
    ("The
    request is invalid.", no `details`; bin-api-manager/pkg/servicehandler/message.go), a body that is
    not JSON
    or has a field of the wrong JSON type is 400 `INVALID_JSON_BODY` (gin's `BindJSON` writes the status
    before
    the envelope, so that answer's `Content-Type` is `text/plain`; bin-api-manager/server/messages.go).
    Every
    other rule below is the documented contract, which the service does not enforce (the known
    deviations).
    Go's JSON binding reads a `null` field as a missing one and a `null` item of `destinations` as an
    address
    with no fields, so what the deviations say of a missing field holds for a `null` one too.

    Args:
        body (SendMessageRequest): What to send, from which of your numbers, to whom. Every
            address is `tel` with an E.164 target.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | Message
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
