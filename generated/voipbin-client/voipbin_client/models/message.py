from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_direction import MessageDirection
from ..models.message_type import MessageType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address
    from ..models.target import Target


T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """A message with one `Target` per destination. `customer_id` is sent by the service today; the 2022 tutorial
    omits it, so it is not required.

        Attributes:
            id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
            type_ (MessageType): The kind of message; only `sms` exists.
            source (Address): An endpoint of a message. For `type: tel`, `target` must be E.164. The service fills the
                display fields
                (`target_name`, `name`, `detail`) with empty strings when it has nothing to say.
            targets (list[Target]): One entry per destination, in the order the destinations were sent.
            text (str): The message body.
            direction (MessageDirection): `outbound` for messages the customer sent, `inbound` for messages to one of its
                numbers.
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
    """

    id: UUID
    type_: MessageType
    source: Address
    targets: list[Target]
    text: str
    direction: MessageDirection
    tm_create: str
    tm_update: str
    tm_delete: None | str
    customer_id: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        type_ = self.type_.value

        source = self.source.to_dict()

        targets = []
        for targets_item_data in self.targets:
            targets_item = targets_item_data.to_dict()
            targets.append(targets_item)

        text = self.text

        direction = self.direction.value

        tm_create = self.tm_create

        tm_update = self.tm_update

        tm_delete: None | str
        tm_delete = self.tm_delete

        customer_id: str | Unset = UNSET
        if not isinstance(self.customer_id, Unset):
            customer_id = str(self.customer_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "source": source,
                "targets": targets,
                "text": text,
                "direction": direction,
                "tm_create": tm_create,
                "tm_update": tm_update,
                "tm_delete": tm_delete,
            }
        )
        if customer_id is not UNSET:
            field_dict["customer_id"] = customer_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415
        from ..models.target import Target  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        type_ = MessageType(d.pop("type"))

        source = Address.from_dict(d.pop("source"))

        targets = []
        _targets = d.pop("targets")
        for targets_item_data in _targets:
            targets_item = Target.from_dict(targets_item_data)

            targets.append(targets_item)

        text = d.pop("text")

        direction = MessageDirection(d.pop("direction"))

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

        message = cls(
            id=id,
            type_=type_,
            source=source,
            targets=targets,
            text=text,
            direction=direction,
            tm_create=tm_create,
            tm_update=tm_update,
            tm_delete=tm_delete,
            customer_id=customer_id,
        )

        message.additional_properties = d
        return message

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
