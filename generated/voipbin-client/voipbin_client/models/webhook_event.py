from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_data import WebhookEventData

T = TypeVar("T", bound="WebhookEvent")
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "type",
        "data",
    }
)


@_attrs_define
class WebhookEvent:
    """Any event the webhook URL gets: its type (an open set: `message_created`, `number_created`,
    `call_hangup`...) and the resource it concerns, as the API answers it.

        Attributes:
            type_ (str): The event's type, `<resource>_<change>`.
            data (WebhookEventData): The resource the event concerns, as the API answers it.
    """

    type_: str
    data: WebhookEventData
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
        type_ = src_dict["type"]
        if not isinstance(type_, str):
            raise TypeError(f'"type" is {type(type_).__name__}, not str')

        data = WebhookEventData.from_dict(src_dict["data"])

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
