from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.number_status import NumberStatus
from ..models.number_type import NumberType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.number_metadata import NumberMetadata


T = TypeVar("T", bound="Number")


@_attrs_define
class Number:
    """A phone number the customer owns. `call_flow_id` and `message_flow_id` are all zeros when unset.

    Attributes:
        id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
        number (str): A phone number in E.164: `+`, then the country code (never 0) and the number, 7 to 15 digits in
            all, no
            spaces or dashes.
        status (NumberStatus): Whether the number is still held.
        tm_create (str): A moment in UTC, in one of the two formats the service has used:

            - legacy (until early 2026): `YYYY-MM-DD HH:MM:SS.fffffffff`, a space between date and time, no zone,
              up to nine fraction digits, e.g. `2022-03-13 15:11:05.235717`;
            - RFC 3339 (since February 2026): `YYYY-MM-DDTHH:MM:SS.fffffffffZ`, up to nine fraction digits, e.g.
              `2026-02-10T08:30:00.123456Z`.

            The legacy format is not RFC 3339, which is why this is a pattern and not `format: date-time`.
        tm_update (str): A moment in UTC, in one of the two formats the service has used:

            - legacy (until early 2026): `YYYY-MM-DD HH:MM:SS.fffffffff`, a space between date and time, no zone,
              up to nine fraction digits, e.g. `2022-03-13 15:11:05.235717`;
            - RFC 3339 (since February 2026): `YYYY-MM-DDTHH:MM:SS.fffffffffZ`, up to nine fraction digits, e.g.
              `2026-02-10T08:30:00.123456Z`.

            The legacy format is not RFC 3339, which is why this is a pattern and not `format: date-time`.
        tm_delete (None | str): When the record was deleted. A record that is not deleted has `9999-01-01
            00:00:00.000000` in the legacy
            era and `null` in the RFC 3339 era.
        customer_id (UUID | Unset): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
        type_ (NumberType | Unset): `normal` for a number bought from a carrier, `virtual` for one that exists only in
            VoIPbin.
        call_flow_id (UUID | Unset): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means
            "none".
        message_flow_id (UUID | Unset): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means
            "none".
        name (str | Unset): The customer's name for the number.
        detail (str | Unset): Free-form detail.
        t38_enabled (bool | Unset): Whether T.38 fax is enabled.
        emergency_enabled (bool | Unset): Whether emergency calling is enabled.
        metadata (NumberMetadata | Unset): Diagnostic switches of a number.
        tm_purchase (str | Unset): A moment in UTC, in one of the two formats the service has used:

            - legacy (until early 2026): `YYYY-MM-DD HH:MM:SS.fffffffff`, a space between date and time, no zone,
              up to nine fraction digits, e.g. `2022-03-13 15:11:05.235717`;
            - RFC 3339 (since February 2026): `YYYY-MM-DDTHH:MM:SS.fffffffffZ`, up to nine fraction digits, e.g.
              `2026-02-10T08:30:00.123456Z`.

            The legacy format is not RFC 3339, which is why this is a pattern and not `format: date-time`.
        tm_renew (str | Unset): A moment in UTC, in one of the two formats the service has used:

            - legacy (until early 2026): `YYYY-MM-DD HH:MM:SS.fffffffff`, a space between date and time, no zone,
              up to nine fraction digits, e.g. `2022-03-13 15:11:05.235717`;
            - RFC 3339 (since February 2026): `YYYY-MM-DDTHH:MM:SS.fffffffffZ`, up to nine fraction digits, e.g.
              `2026-02-10T08:30:00.123456Z`.

            The legacy format is not RFC 3339, which is why this is a pattern and not `format: date-time`.
    """

    id: UUID
    number: str
    status: NumberStatus
    tm_create: str
    tm_update: str
    tm_delete: None | str
    customer_id: UUID | Unset = UNSET
    type_: NumberType | Unset = UNSET
    call_flow_id: UUID | Unset = UNSET
    message_flow_id: UUID | Unset = UNSET
    name: str | Unset = UNSET
    detail: str | Unset = UNSET
    t38_enabled: bool | Unset = UNSET
    emergency_enabled: bool | Unset = UNSET
    metadata: NumberMetadata | Unset = UNSET
    tm_purchase: str | Unset = UNSET
    tm_renew: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        number = self.number

        status = self.status.value

        tm_create = self.tm_create

        tm_update = self.tm_update

        tm_delete: None | str
        tm_delete = self.tm_delete

        customer_id: str | Unset = UNSET
        if not isinstance(self.customer_id, Unset):
            customer_id = str(self.customer_id)

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        call_flow_id: str | Unset = UNSET
        if not isinstance(self.call_flow_id, Unset):
            call_flow_id = str(self.call_flow_id)

        message_flow_id: str | Unset = UNSET
        if not isinstance(self.message_flow_id, Unset):
            message_flow_id = str(self.message_flow_id)

        name = self.name

        detail = self.detail

        t38_enabled = self.t38_enabled

        emergency_enabled = self.emergency_enabled

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        tm_purchase = self.tm_purchase

        tm_renew = self.tm_renew

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "number": number,
                "status": status,
                "tm_create": tm_create,
                "tm_update": tm_update,
                "tm_delete": tm_delete,
            }
        )
        if customer_id is not UNSET:
            field_dict["customer_id"] = customer_id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if call_flow_id is not UNSET:
            field_dict["call_flow_id"] = call_flow_id
        if message_flow_id is not UNSET:
            field_dict["message_flow_id"] = message_flow_id
        if name is not UNSET:
            field_dict["name"] = name
        if detail is not UNSET:
            field_dict["detail"] = detail
        if t38_enabled is not UNSET:
            field_dict["t38_enabled"] = t38_enabled
        if emergency_enabled is not UNSET:
            field_dict["emergency_enabled"] = emergency_enabled
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if tm_purchase is not UNSET:
            field_dict["tm_purchase"] = tm_purchase
        if tm_renew is not UNSET:
            field_dict["tm_renew"] = tm_renew

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.number_metadata import NumberMetadata  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        number = d.pop("number")

        status = NumberStatus(d.pop("status"))

        tm_create = d.pop("tm_create")

        tm_update = d.pop("tm_update")

        def _parse_tm_delete(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tm_delete = _parse_tm_delete(d.pop("tm_delete"))

        _customer_id = d.pop("customer_id", UNSET)
        customer_id: UUID | Unset
        if isinstance(_customer_id, Unset):
            customer_id = UNSET
        else:
            customer_id = UUID(_customer_id)

        _type_ = d.pop("type", UNSET)
        type_: NumberType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = NumberType(_type_)

        _call_flow_id = d.pop("call_flow_id", UNSET)
        call_flow_id: UUID | Unset
        if isinstance(_call_flow_id, Unset):
            call_flow_id = UNSET
        else:
            call_flow_id = UUID(_call_flow_id)

        _message_flow_id = d.pop("message_flow_id", UNSET)
        message_flow_id: UUID | Unset
        if isinstance(_message_flow_id, Unset):
            message_flow_id = UNSET
        else:
            message_flow_id = UUID(_message_flow_id)

        name = d.pop("name", UNSET)

        detail = d.pop("detail", UNSET)

        t38_enabled = d.pop("t38_enabled", UNSET)

        emergency_enabled = d.pop("emergency_enabled", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: NumberMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = NumberMetadata.from_dict(_metadata)

        tm_purchase = d.pop("tm_purchase", UNSET)

        tm_renew = d.pop("tm_renew", UNSET)

        number = cls(
            id=id,
            number=number,
            status=status,
            tm_create=tm_create,
            tm_update=tm_update,
            tm_delete=tm_delete,
            customer_id=customer_id,
            type_=type_,
            call_flow_id=call_flow_id,
            message_flow_id=message_flow_id,
            name=name,
            detail=detail,
            t38_enabled=t38_enabled,
            emergency_enabled=emergency_enabled,
            metadata=metadata,
            tm_purchase=tm_purchase,
            tm_renew=tm_renew,
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
