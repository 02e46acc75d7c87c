from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.address import Address
from ..models.message_direction import MessageDirection
from ..models.message_type import MessageType
from ..models.target import Target
from ..types import UNSET, Unset, parse_uuid

T = TypeVar("T", bound="Message")
_MESSAGETYPE_MEMBERS = MessageType._value2member_map_
_MESSAGEDIRECTION_MEMBERS = MessageDirection._value2member_map_
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "id",
        "type",
        "source",
        "targets",
        "text",
        "direction",
        "tm_create",
        "tm_update",
        "tm_delete",
        "customer_id",
    }
)


@_attrs_define
class Message:
    """A message with one `Target` per destination. The service always sends `customer_id`; the 2022 tutorial's
    second excerpt (legacy era) shows a message without it, so it is required of RFC 3339-era answers only.

        Attributes:
            id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
            type_ (MessageType | str): A `MessageType`, or a type the service added after this description.
            source (Address): An endpoint of a message, as the service answers it. Every field is left out when empty, so
                the display
                fields (`target_name`, `name`, `detail`) are often absent (the 2022 tutorial shows them as `""`), and so
                are `type` and `target` when a send gave them empty (the service does not check them). A `tel` target is
                whatever the carrier or the sender gave, normalised: E.164 as a rule, but an inbound message may come from
                an alphanumeric sender (`VOIPBIN`) or a short code.
            targets (list[Target]): One entry per destination, in the order the destinations were sent.
            text (str): The message body.
            direction (MessageDirection | str): A `MessageDirection`, or a direction the service added after this
                description.
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
            customer_id (UUID | Unset): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
    """

    id: UUID
    type_: MessageType | str
    source: Address
    targets: list[Target]
    text: str
    direction: MessageDirection | str
    tm_create: str
    tm_update: None | str
    tm_delete: None | str
    customer_id: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        type_: str
        if isinstance(self.type_, MessageType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        source = self.source.to_dict()

        targets = []
        for targets_item_data in self.targets:
            targets_item = targets_item_data.to_dict()
            targets.append(targets_item)

        text = self.text

        direction: str
        if isinstance(self.direction, MessageDirection):
            direction = self.direction.value
        else:
            direction = self.direction

        tm_create = self.tm_create

        tm_update: None | str
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
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        _get = src_dict.get
        id = parse_uuid(src_dict["id"])

        type_: Any = src_dict["type"]  # the member or the string, as the attribute's type says
        if isinstance(type_, str):  # the member, looked up as Enum(value) does, without its exception
            type_ = _MESSAGETYPE_MEMBERS.get(type_, type_)
        else:
            raise TypeError(f'"type" is {type(type_).__name__}, not str')

        source = Address.from_dict(src_dict["source"])

        targets = []
        _targets = src_dict["targets"]
        for targets_item_data in _targets:
            targets_item = Target.from_dict(targets_item_data)

            targets.append(targets_item)

        text = src_dict["text"]
        if not isinstance(text, str):
            raise TypeError(f'"text" is {type(text).__name__}, not str')

        direction: Any = src_dict["direction"]  # the member or the string, as the attribute's type says
        if isinstance(direction, str):  # the member, looked up as Enum(value) does, without its exception
            direction = _MESSAGEDIRECTION_MEMBERS.get(direction, direction)
        else:
            raise TypeError(f'"direction" is {type(direction).__name__}, not str')

        tm_create = src_dict["tm_create"]
        if not isinstance(tm_create, str):
            raise TypeError(f'"tm_create" is {type(tm_create).__name__}, not str')

        tm_update = src_dict["tm_update"]
        if tm_update is not None and not isinstance(tm_update, str):
            raise TypeError(f'"tm_update" is {type(tm_update).__name__}, not None | str')

        tm_delete = src_dict["tm_delete"]
        if tm_delete is not None and not isinstance(tm_delete, str):
            raise TypeError(f'"tm_delete" is {type(tm_delete).__name__}, not None | str')

        _customer_id = _get("customer_id", UNSET)
        customer_id: UUID | Unset
        if isinstance(_customer_id, Unset):
            customer_id = UNSET
        else:
            customer_id = parse_uuid(_customer_id)

        _instance = object.__new__(cls)
        _instance.id = id
        _instance.type_ = type_
        _instance.source = source
        _instance.targets = targets
        _instance.text = text
        _instance.direction = direction
        _instance.tm_create = tm_create
        _instance.tm_update = tm_update
        _instance.tm_delete = tm_delete
        _instance.customer_id = customer_id
        d = (
            {key: value for key, value in src_dict.items() if key not in _KNOWN}
            if len(src_dict) > 9 + (customer_id is not UNSET)
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
