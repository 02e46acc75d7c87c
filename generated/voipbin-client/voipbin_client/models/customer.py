from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.customer_metadata import CustomerMetadata
from ..models.customer_status import CustomerStatus
from ..models.identity_verification_status import IdentityVerificationStatus
from ..models.webhook_method import WebhookMethod
from ..types import UNSET, Unset, parse_uuid

T = TypeVar("T", bound="Customer")
_CUSTOMERSTATUS_MEMBERS = CustomerStatus._value2member_map_
_IDENTITYVERIFICATIONSTATUS_MEMBERS = IdentityVerificationStatus._value2member_map_
_WEBHOOKMETHOD_MEMBERS = WebhookMethod._value2member_map_
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "id",
        "metadata",
        "email_verified",
        "status",
        "identity_verification_status",
        "tm_create",
        "tm_update",
        "tm_delete",
        "name",
        "detail",
        "email",
        "phone_number",
        "address",
        "webhook_method",
        "webhook_uri",
        "webhook_secret",
        "billing_account_id",
        "tm_deletion_scheduled",
    }
)


@_attrs_define
class Customer:
    """Your own customer, as the service's self view answers it (bin-customer-manager/models/customer/webhook.go
    `SelfWebhookMessage`): empty strings are left out, moments not set are `null`.

        Attributes:
            id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
            metadata (CustomerMetadata): Diagnostic switches of the customer.
            email_verified (bool):
            status (CustomerStatus | str): A `CustomerStatus`, or a status the service added after this description.
            identity_verification_status (IdentityVerificationStatus | str): An `IdentityVerificationStatus`, or one the
                service added after this description.
            tm_create (None | str): A `Timestamp`, or `null` for a moment that has not happened yet (RFC 3339 era):
                `tm_update` of a record
                never updated, `tm_update` of a target the provider has not reported on, `tm_expire` of a key that never
                expires, `tm_purchase` and `tm_renew` of a virtual number.
            tm_update (None | str): A `Timestamp`, or `null` for a moment that has not happened yet (RFC 3339 era):
                `tm_update` of a record
                never updated, `tm_update` of a target the provider has not reported on, `tm_expire` of a key that never
                expires, `tm_purchase` and `tm_renew` of a virtual number.
            tm_delete (None | str): A `Timestamp`, or `null` for a moment that has not happened yet (RFC 3339 era):
                `tm_update` of a record
                never updated, `tm_update` of a target the provider has not reported on, `tm_expire` of a key that never
                expires, `tm_purchase` and `tm_renew` of a virtual number.
            name (str | Unset):
            detail (str | Unset):
            email (str | Unset):
            phone_number (str | Unset):
            address (str | Unset):
            webhook_method (str | Unset | WebhookMethod): A `WebhookMethod`; left out when none is set (the events then come
                by GET).
            webhook_uri (str | Unset): Where every event of the customer goes; left out when none is set (no events are
                sent).
            webhook_secret (str | Unset): The key of the HMAC-SHA256 that signs every webhook event (`X-VoIPBIN-Signature`).
                Shown to the
                customer itself only, never in an event.
            billing_account_id (UUID | Unset): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means
                "none".
            tm_deletion_scheduled (None | str | Unset): A `Timestamp`, or `null` for a moment that has not happened yet (RFC
                3339 era): `tm_update` of a record
                never updated, `tm_update` of a target the provider has not reported on, `tm_expire` of a key that never
                expires, `tm_purchase` and `tm_renew` of a virtual number.
    """

    id: UUID
    metadata: CustomerMetadata
    email_verified: bool
    status: CustomerStatus | str
    identity_verification_status: IdentityVerificationStatus | str
    tm_create: None | str
    tm_update: None | str
    tm_delete: None | str
    name: str | Unset = UNSET
    detail: str | Unset = UNSET
    email: str | Unset = UNSET
    phone_number: str | Unset = UNSET
    address: str | Unset = UNSET
    webhook_method: str | Unset | WebhookMethod = UNSET
    webhook_uri: str | Unset = UNSET
    webhook_secret: str | Unset = UNSET
    billing_account_id: UUID | Unset = UNSET
    tm_deletion_scheduled: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        metadata = self.metadata.to_dict()

        email_verified = self.email_verified

        status: str
        if isinstance(self.status, CustomerStatus):
            status = self.status.value
        else:
            status = self.status

        identity_verification_status: str
        if isinstance(self.identity_verification_status, IdentityVerificationStatus):
            identity_verification_status = self.identity_verification_status.value
        else:
            identity_verification_status = self.identity_verification_status

        tm_create: None | str
        tm_create = self.tm_create

        tm_update: None | str
        tm_update = self.tm_update

        tm_delete: None | str
        tm_delete = self.tm_delete

        name = self.name

        detail = self.detail

        email = self.email

        phone_number = self.phone_number

        address = self.address

        webhook_method: str | Unset
        if isinstance(self.webhook_method, Unset):
            webhook_method = UNSET
        elif isinstance(self.webhook_method, WebhookMethod):
            webhook_method = self.webhook_method.value
        else:
            webhook_method = self.webhook_method

        webhook_uri = self.webhook_uri

        webhook_secret = self.webhook_secret

        billing_account_id: str | Unset = UNSET
        if not isinstance(self.billing_account_id, Unset):
            billing_account_id = str(self.billing_account_id)

        tm_deletion_scheduled: None | str | Unset
        if isinstance(self.tm_deletion_scheduled, Unset):
            tm_deletion_scheduled = UNSET
        else:
            tm_deletion_scheduled = self.tm_deletion_scheduled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "metadata": metadata,
                "email_verified": email_verified,
                "status": status,
                "identity_verification_status": identity_verification_status,
                "tm_create": tm_create,
                "tm_update": tm_update,
                "tm_delete": tm_delete,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if detail is not UNSET:
            field_dict["detail"] = detail
        if email is not UNSET:
            field_dict["email"] = email
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if address is not UNSET:
            field_dict["address"] = address
        if webhook_method is not UNSET:
            field_dict["webhook_method"] = webhook_method
        if webhook_uri is not UNSET:
            field_dict["webhook_uri"] = webhook_uri
        if webhook_secret is not UNSET:
            field_dict["webhook_secret"] = webhook_secret
        if billing_account_id is not UNSET:
            field_dict["billing_account_id"] = billing_account_id
        if tm_deletion_scheduled is not UNSET:
            field_dict["tm_deletion_scheduled"] = tm_deletion_scheduled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        _get = src_dict.get
        id = parse_uuid(src_dict["id"])

        metadata = CustomerMetadata.from_dict(src_dict["metadata"])

        email_verified = src_dict["email_verified"]
        if not isinstance(email_verified, bool):
            raise TypeError(f'"email_verified" is {type(email_verified).__name__}, not bool')

        status: Any = src_dict["status"]  # the member or the string, as the attribute's type says
        if isinstance(status, str):  # the member, looked up as Enum(value) does, without its exception
            status = _CUSTOMERSTATUS_MEMBERS.get(status, status)
        else:
            raise TypeError(f'"status" is {type(status).__name__}, not str')

        identity_verification_status: Any = src_dict[
            "identity_verification_status"
        ]  # the member or the string, as the attribute's type says
        if isinstance(
            identity_verification_status, str
        ):  # the member, looked up as Enum(value) does, without its exception
            identity_verification_status = _IDENTITYVERIFICATIONSTATUS_MEMBERS.get(
                identity_verification_status, identity_verification_status
            )
        else:
            raise TypeError(f'"identity_verification_status" is {type(identity_verification_status).__name__}, not str')

        tm_create = src_dict["tm_create"]
        if tm_create is not None and not isinstance(tm_create, str):
            raise TypeError(f'"tm_create" is {type(tm_create).__name__}, not None | str')

        tm_update = src_dict["tm_update"]
        if tm_update is not None and not isinstance(tm_update, str):
            raise TypeError(f'"tm_update" is {type(tm_update).__name__}, not None | str')

        tm_delete = src_dict["tm_delete"]
        if tm_delete is not None and not isinstance(tm_delete, str):
            raise TypeError(f'"tm_delete" is {type(tm_delete).__name__}, not None | str')

        name = _get("name", UNSET)
        if not isinstance(name, (str, Unset)):
            raise TypeError(f'"name" is {type(name).__name__}, not str')

        detail = _get("detail", UNSET)
        if not isinstance(detail, (str, Unset)):
            raise TypeError(f'"detail" is {type(detail).__name__}, not str')

        email = _get("email", UNSET)
        if not isinstance(email, (str, Unset)):
            raise TypeError(f'"email" is {type(email).__name__}, not str')

        phone_number = _get("phone_number", UNSET)
        if not isinstance(phone_number, (str, Unset)):
            raise TypeError(f'"phone_number" is {type(phone_number).__name__}, not str')

        address = _get("address", UNSET)
        if not isinstance(address, (str, Unset)):
            raise TypeError(f'"address" is {type(address).__name__}, not str')

        webhook_method: Any = _get("webhook_method", UNSET)  # the member or the string, as the attribute's type says
        if isinstance(webhook_method, str):  # the member, looked up as Enum(value) does, without its exception
            webhook_method = _WEBHOOKMETHOD_MEMBERS.get(webhook_method, webhook_method)
        elif not isinstance(webhook_method, Unset):
            raise TypeError(f'"webhook_method" is {type(webhook_method).__name__}, not str')

        webhook_uri = _get("webhook_uri", UNSET)
        if not isinstance(webhook_uri, (str, Unset)):
            raise TypeError(f'"webhook_uri" is {type(webhook_uri).__name__}, not str')

        webhook_secret = _get("webhook_secret", UNSET)
        if not isinstance(webhook_secret, (str, Unset)):
            raise TypeError(f'"webhook_secret" is {type(webhook_secret).__name__}, not str')

        _billing_account_id = _get("billing_account_id", UNSET)
        billing_account_id: UUID | Unset
        if isinstance(_billing_account_id, Unset):
            billing_account_id = UNSET
        else:
            billing_account_id = parse_uuid(_billing_account_id)

        tm_deletion_scheduled = _get("tm_deletion_scheduled", UNSET)
        if tm_deletion_scheduled is not None and not isinstance(tm_deletion_scheduled, (str, Unset)):
            raise TypeError(f'"tm_deletion_scheduled" is {type(tm_deletion_scheduled).__name__}, not None | str')

        _instance = object.__new__(cls)
        _instance.id = id
        _instance.metadata = metadata
        _instance.email_verified = email_verified
        _instance.status = status
        _instance.identity_verification_status = identity_verification_status
        _instance.tm_create = tm_create
        _instance.tm_update = tm_update
        _instance.tm_delete = tm_delete
        _instance.name = name
        _instance.detail = detail
        _instance.email = email
        _instance.phone_number = phone_number
        _instance.address = address
        _instance.webhook_method = webhook_method
        _instance.webhook_uri = webhook_uri
        _instance.webhook_secret = webhook_secret
        _instance.billing_account_id = billing_account_id
        _instance.tm_deletion_scheduled = tm_deletion_scheduled
        d = (
            {key: value for key, value in src_dict.items() if key not in _KNOWN}
            if len(src_dict)
            > 8
            + (name is not UNSET)
            + (detail is not UNSET)
            + (email is not UNSET)
            + (phone_number is not UNSET)
            + (address is not UNSET)
            + (webhook_method is not UNSET)
            + (webhook_uri is not UNSET)
            + (webhook_secret is not UNSET)
            + (billing_account_id is not UNSET)
            + (tm_deletion_scheduled is not UNSET)
            else {}
        )

        _instance.additional_properties = d
        return _instance

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
