from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CustomerMetadata")
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "rtp_debug",
    }
)


@_attrs_define
class CustomerMetadata:
    """Diagnostic switches of the customer.

    Attributes:
        rtp_debug (bool | Unset):
    """

    rtp_debug: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rtp_debug = self.rtp_debug

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if rtp_debug is not UNSET:
            field_dict["rtp_debug"] = rtp_debug

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        _get = src_dict.get
        rtp_debug = _get("rtp_debug", UNSET)
        if not isinstance(rtp_debug, (bool, Unset)):
            raise TypeError(f'"rtp_debug" is {type(rtp_debug).__name__}, not bool')

        _instance = object.__new__(cls)
        _instance.rtp_debug = rtp_debug
        d = (
            {key: value for key, value in src_dict.items() if key not in _KNOWN}
            if len(src_dict) > 0 + (rtp_debug is not UNSET)
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
