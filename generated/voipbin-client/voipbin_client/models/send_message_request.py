from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tel_address import TelAddress

T = TypeVar("T", bound="SendMessageRequest")
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "source",
        "destinations",
        "text",
    }
)


@_attrs_define
class SendMessageRequest:
    """What to send, from which of your numbers, to whom. Every address is `tel` with an E.164 target.

    Attributes:
        source (TelAddress): A phone number as an `Address`, the only kind a message can be sent from or to.
        destinations (list[TelAddress]): Where to send it; one `Target` is created per entry, in this order.
        text (str): The message body, at most 65,535 bytes of UTF-8 (a MySQL `text` column). Its length decides how many
            segments are charged per destination.
    """

    source: TelAddress
    destinations: list[TelAddress]
    text: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source = self.source.to_dict()

        destinations = []
        for destinations_item_data in self.destinations:
            destinations_item = destinations_item_data.to_dict()
            destinations.append(destinations_item)

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "source": source,
                "destinations": destinations,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        source = TelAddress.from_dict(src_dict["source"])

        destinations = []
        _destinations = src_dict["destinations"]
        for destinations_item_data in _destinations:
            destinations_item = TelAddress.from_dict(destinations_item_data)

            destinations.append(destinations_item)

        text = src_dict["text"]
        if not isinstance(text, str):
            raise TypeError(f'"text" is {type(text).__name__}, not str')

        _instance = object.__new__(cls)
        _instance.source = source
        _instance.destinations = destinations
        _instance.text = text
        d = {key: value for key, value in src_dict.items() if key not in _KNOWN} if len(src_dict) > 3 else {}

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
