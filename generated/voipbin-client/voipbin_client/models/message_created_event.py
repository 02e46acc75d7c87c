from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message import Message

T = TypeVar("T", bound="MessageCreatedEvent")
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "type",
        "data",
    }
)


@_attrs_define
class MessageCreatedEvent:
    """A message was stored; `data` is the message as the API answers it.

    Attributes:
        type_ (Literal['message_created']):
        data (Message): A message with one `Target` per destination. The service always sends `customer_id`; the 2022
            tutorial's
            second excerpt (legacy era) shows a message without it, so it is required of RFC 3339-era answers only.
    """

    type_: Literal["message_created"]
    data: Message
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        type_ = cast(Literal["message_created"], src_dict["type"])
        if type_ != "message_created":
            raise ValueError(f"type must match const 'message_created', got '{type_}'")

        data = Message.from_dict(src_dict["data"])

        _instance = object.__new__(cls)
        _instance.type_ = type_
        _instance.data = data
        d = {key: value for key, value in src_dict.items() if key not in _KNOWN} if len(src_dict) > 2 else {}

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
