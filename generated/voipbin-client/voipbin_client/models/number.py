from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.number_metadata import NumberMetadata
from ..models.number_status import NumberStatus
from ..models.number_type import NumberType

T = TypeVar("T", bound="Number")


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
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        customer_id = UUID(d.pop("customer_id"))

        number = d.pop("number")

        type_ = d.pop("type")
        if isinstance(type_, str):  # the member, looked up as Enum(value) does, without its exception
            type_ = NumberType._value2member_map_.get(type_, type_)

        call_flow_id = UUID(d.pop("call_flow_id"))

        message_flow_id = UUID(d.pop("message_flow_id"))

        name = d.pop("name")

        detail = d.pop("detail")

        status = d.pop("status")
        if isinstance(status, str):  # the member, looked up as Enum(value) does, without its exception
            status = NumberStatus._value2member_map_.get(status, status)

        t38_enabled = d.pop("t38_enabled")

        emergency_enabled = d.pop("emergency_enabled")

        metadata = NumberMetadata.from_dict(d.pop("metadata"))

        tm_purchase = d.pop("tm_purchase")

        tm_renew = d.pop("tm_renew")

        tm_create = d.pop("tm_create")

        tm_update = d.pop("tm_update")

        tm_delete = d.pop("tm_delete")

        number = cls(
            id=id,
            customer_id=customer_id,
            number=number,
            type_=type_,
            call_flow_id=call_flow_id,
            message_flow_id=message_flow_id,
            name=name,
            detail=detail,
            status=status,
            t38_enabled=t38_enabled,
            emergency_enabled=emergency_enabled,
            metadata=metadata,
            tm_purchase=tm_purchase,
            tm_renew=tm_renew,
            tm_create=tm_create,
            tm_update=tm_update,
            tm_delete=tm_delete,
        )

        number.additional_properties = d
        return number

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
