from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message import Message

T = TypeVar("T", bound="MessageList")
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "result",
        "next_page_token",
    }
)


@_attrs_define
class MessageList:
    """A page of messages, newest first.

    Attributes:
        result (list[Message]):
        next_page_token (str): The cursor for the next page, to pass as `page_token`: the `tm_create` of this page's
            last item, always
            with six fraction digits. Empty when the page was empty. Always sent.
    """

    result: list[Message]
    next_page_token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        result = []
        for result_item_data in self.result:
            result_item = result_item_data.to_dict()
            result.append(result_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "result": result,
                "next_page_token": next_page_token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        result = []
        _result = src_dict["result"]
        for result_item_data in _result:
            result_item = Message.from_dict(result_item_data)

            result.append(result_item)

        next_page_token = src_dict["next_page_token"]
        if not isinstance(next_page_token, str):
            raise TypeError(f'"next_page_token" is {type(next_page_token).__name__}, not str')

        _instance = object.__new__(cls)
        _instance.result = result
        _instance.next_page_token = next_page_token
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
