from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.number_metadata import NumberMetadata
from ..models.number_status import NumberStatus
from ..models.number_type import NumberType
from ..types import parse_uuid

T = TypeVar("T", bound="Number")
_NUMBERTYPE_MEMBERS = NumberType._value2member_map_
_NUMBERSTATUS_MEMBERS = NumberStatus._value2member_map_
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "id",
        "customer_id",
        "number",
        "type",
        "call_flow_id",
        "message_flow_id",
        "name",
        "detail",
        "status",
        "t38_enabled",
        "emergency_enabled",
        "metadata",
        "tm_purchase",
        "tm_renew",
        "tm_create",
        "tm_update",
        "tm_delete",
    }
)


@_attrs_define
class Number:
    """A phone number the customer owns. `call_flow_id` and `message_flow_id` are all zeros when unset.

    Attributes:
        id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
        customer_id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
        number (str): The number, E.164 for a number bought from a carrier.
        type_ (NumberType | str): A `NumberType`, or a type the service added after this description.
        call_flow_id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
        message_flow_id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
        name (str): The customer's name for the number.
        detail (str): Free-form detail.
        status (NumberStatus | str): A `NumberStatus`, or a status the service added after this description.
        t38_enabled (bool): Whether T.38 fax is enabled.
        emergency_enabled (bool): Whether emergency calling is enabled.
        metadata (NumberMetadata): Diagnostic switches of a number.
        tm_purchase (None | str): A `Timestamp`, or `null` for a moment that has not happened yet (RFC 3339 era):
            `tm_update` of a record
            never updated, `tm_update` of a target the provider has not reported on, `tm_expire` of a key that never
            expires, `tm_purchase` and `tm_renew` of a virtual number.
        tm_renew (None | str): A `Timestamp`, or `null` for a moment that has not happened yet (RFC 3339 era):
            `tm_update` of a record
            never updated, `tm_update` of a target the provider has not reported on, `tm_expire` of a key that never
            expires, `tm_purchase` and `tm_renew` of a virtual number.
        tm_create (str): A moment in UTC, in one of the two formats the service has used:

            - legacy (until 2026-02-05): `YYYY-MM-DD HH:MM:SS.fffffffff`, a space between date and time, no zone,
              no fraction or one to nine fraction digits, e.g. `2022-03-13 15:11:05.235717`;
            - RFC 3339 (since then): `YYYY-MM-DDTHH:MM:SS.fffffffffZ` as Go's `RFC3339Nano` writes it, trailing zeros
              of the fraction dropped, so no fraction or one to nine digits, e.g. `2026-02-10T08:30:00Z`,
              `2026-02-10T08:30:00.5Z`, `2026-02-10T08:30:00.123456Z`.

            The legacy format is not RFC 3339, which is why this is a pattern and not `format: date-time`.
        tm_update (None | str): A `Timestamp`, or `null` for a moment that has not happened yet (RFC 3339 era):
            `tm_update` of a record
            never updated, `tm_update` of a target the provider has not reported on, `tm_expire` of a key that never
            expires, `tm_purchase` and `tm_renew` of a virtual number.
        tm_delete (None | str): When the record was deleted. A record that is not deleted has `9999-01-01
            00:00:00.000000` in the legacy
            era and `null` in the RFC 3339 era.
    """

    id: UUID
    customer_id: UUID
    number: str
    type_: NumberType | str
    call_flow_id: UUID
    message_flow_id: UUID
    name: str
    detail: str
    status: NumberStatus | str
    t38_enabled: bool
    emergency_enabled: bool
    metadata: NumberMetadata
    tm_purchase: None | str
    tm_renew: None | str
    tm_create: str
    tm_update: None | str
    tm_delete: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        customer_id = str(self.customer_id)

        number = self.number

        type_: str
        if isinstance(self.type_, NumberType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        call_flow_id = str(self.call_flow_id)

        message_flow_id = str(self.message_flow_id)

        name = self.name

        detail = self.detail

        status: str
        if isinstance(self.status, NumberStatus):
            status = self.status.value
        else:
            status = self.status

        t38_enabled = self.t38_enabled

        emergency_enabled = self.emergency_enabled

        metadata = self.metadata.to_dict()

        tm_purchase: None | str
        tm_purchase = self.tm_purchase

        tm_renew: None | str
        tm_renew = self.tm_renew

        tm_create = self.tm_create

        tm_update: None | str
        tm_update = self.tm_update

        tm_delete: None | str
        tm_delete = self.tm_delete

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "number": number,
                "type": type_,
                "call_flow_id": call_flow_id,
                "message_flow_id": message_flow_id,
                "name": name,
                "detail": detail,
                "status": status,
                "t38_enabled": t38_enabled,
                "emergency_enabled": emergency_enabled,
                "metadata": metadata,
                "tm_purchase": tm_purchase,
                "tm_renew": tm_renew,
                "tm_create": tm_create,
                "tm_update": tm_update,
                "tm_delete": tm_delete,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        id = parse_uuid(src_dict["id"])

        customer_id = parse_uuid(src_dict["customer_id"])

        number = src_dict["number"]
        if not isinstance(number, str):
            raise TypeError(f'"number" is {type(number).__name__}, not str')

        type_: Any = src_dict["type"]  # the member or the string, as the attribute's type says
        if isinstance(type_, str):  # the member, looked up as Enum(value) does, without its exception
            type_ = _NUMBERTYPE_MEMBERS.get(type_, type_)
        else:
            raise TypeError(f'"type" is {type(type_).__name__}, not str')

        call_flow_id = parse_uuid(src_dict["call_flow_id"])

        message_flow_id = parse_uuid(src_dict["message_flow_id"])

        name = src_dict["name"]
        if not isinstance(name, str):
            raise TypeError(f'"name" is {type(name).__name__}, not str')

        detail = src_dict["detail"]
        if not isinstance(detail, str):
            raise TypeError(f'"detail" is {type(detail).__name__}, not str')

        status: Any = src_dict["status"]  # the member or the string, as the attribute's type says
        if isinstance(status, str):  # the member, looked up as Enum(value) does, without its exception
            status = _NUMBERSTATUS_MEMBERS.get(status, status)
        else:
            raise TypeError(f'"status" is {type(status).__name__}, not str')

        t38_enabled = src_dict["t38_enabled"]
        if not isinstance(t38_enabled, bool):
            raise TypeError(f'"t38_enabled" is {type(t38_enabled).__name__}, not bool')

        emergency_enabled = src_dict["emergency_enabled"]
        if not isinstance(emergency_enabled, bool):
            raise TypeError(f'"emergency_enabled" is {type(emergency_enabled).__name__}, not bool')

        metadata = NumberMetadata.from_dict(src_dict["metadata"])

        tm_purchase = src_dict["tm_purchase"]
        if tm_purchase is not None and not isinstance(tm_purchase, str):
            raise TypeError(f'"tm_purchase" is {type(tm_purchase).__name__}, not None | str')

        tm_renew = src_dict["tm_renew"]
        if tm_renew is not None and not isinstance(tm_renew, str):
            raise TypeError(f'"tm_renew" is {type(tm_renew).__name__}, not None | str')

        tm_create = src_dict["tm_create"]
        if not isinstance(tm_create, str):
            raise TypeError(f'"tm_create" is {type(tm_create).__name__}, not str')

        tm_update = src_dict["tm_update"]
        if tm_update is not None and not isinstance(tm_update, str):
            raise TypeError(f'"tm_update" is {type(tm_update).__name__}, not None | str')

        tm_delete = src_dict["tm_delete"]
        if tm_delete is not None and not isinstance(tm_delete, str):
            raise TypeError(f'"tm_delete" is {type(tm_delete).__name__}, not None | str')

        _instance = object.__new__(cls)
        _instance.id = id
        _instance.customer_id = customer_id
        _instance.number = number
        _instance.type_ = type_
        _instance.call_flow_id = call_flow_id
        _instance.message_flow_id = message_flow_id
        _instance.name = name
        _instance.detail = detail
        _instance.status = status
        _instance.t38_enabled = t38_enabled
        _instance.emergency_enabled = emergency_enabled
        _instance.metadata = metadata
        _instance.tm_purchase = tm_purchase
        _instance.tm_renew = tm_renew
        _instance.tm_create = tm_create
        _instance.tm_update = tm_update
        _instance.tm_delete = tm_delete
        d = {key: value for key, value in src_dict.items() if key not in _KNOWN} if len(src_dict) > 17 else {}

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
