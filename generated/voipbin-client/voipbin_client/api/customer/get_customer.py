from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.customer import Customer
from ...models.error_envelope import ErrorEnvelope
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1.0/customer",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Customer | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = Customer.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

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
) -> Response[Customer | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Customer | ErrorEnvelope]:
    """Get your own customer, with its webhook settings

     The caller's own customer (bin-api-manager/server/customer.go, `CustomerSelfGet`): where its webhook
    events go (`webhook_uri`), with which method (`webhook_method`, `""` for none set, which the service
    sends
    as GET) and the secret they are signed with (`webhook_secret`), as bin-customer-manager's self view
    writes
    it (`ConvertWebhookMessageSelf`). Enough to set up a receiver from the API alone. Needs the admin or
    manager permission (403 otherwise). Empty fields are left out, as everywhere.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Customer | ErrorEnvelope]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Customer | ErrorEnvelope | None:
    """Get your own customer, with its webhook settings

     The caller's own customer (bin-api-manager/server/customer.go, `CustomerSelfGet`): where its webhook
    events go (`webhook_uri`), with which method (`webhook_method`, `""` for none set, which the service
    sends
    as GET) and the secret they are signed with (`webhook_secret`), as bin-customer-manager's self view
    writes
    it (`ConvertWebhookMessageSelf`). Enough to set up a receiver from the API alone. Needs the admin or
    manager permission (403 otherwise). Empty fields are left out, as everywhere.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Customer | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Customer | ErrorEnvelope]:
    """Get your own customer, with its webhook settings

     The caller's own customer (bin-api-manager/server/customer.go, `CustomerSelfGet`): where its webhook
    events go (`webhook_uri`), with which method (`webhook_method`, `""` for none set, which the service
    sends
    as GET) and the secret they are signed with (`webhook_secret`), as bin-customer-manager's self view
    writes
    it (`ConvertWebhookMessageSelf`). Enough to set up a receiver from the API alone. Needs the admin or
    manager permission (403 otherwise). Empty fields are left out, as everywhere.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Customer | ErrorEnvelope]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Customer | ErrorEnvelope | None:
    """Get your own customer, with its webhook settings

     The caller's own customer (bin-api-manager/server/customer.go, `CustomerSelfGet`): where its webhook
    events go (`webhook_uri`), with which method (`webhook_method`, `""` for none set, which the service
    sends
    as GET) and the secret they are signed with (`webhook_secret`), as bin-customer-manager's self view
    writes
    it (`ConvertWebhookMessageSelf`). Enough to set up a receiver from the API alone. Needs the admin or
    manager permission (403 otherwise). Empty fields are left out, as everywhere.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Customer | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
