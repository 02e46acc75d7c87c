from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tel_address_type import TelAddressType
from ..types import UNSET, Unset

T = TypeVar("T", bound="TelAddress")
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "type",
        "target",
        "target_name",
        "name",
        "detail",
    }
)


@_attrs_define
class TelAddress:
    """A phone number as an `Address`, the only kind a message can be sent from or to.

    Attributes:
        type_ (TelAddressType): Always `tel`.
        target (str): A phone number in E.164: `+`, then the country code (never 0) and the number, 7 to 15 digits in
            all, no
            spaces or dashes. A rule for what a customer sends; answers may carry other spellings (see `Address`).
        target_name (str | Unset): A display name for the target.
        name (str | Unset): A name for the address.
        detail (str | Unset): Free-form detail.
    """

    type_: TelAddressType
    target: str
    target_name: str | Unset = UNSET
    name: str | Unset = UNSET
    detail: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        target = self.target

        target_name = self.target_name

        name = self.name

        detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "target": target,
            }
        )
        if target_name is not UNSET:
            field_dict["target_name"] = target_name
        if name is not UNSET:
            field_dict["name"] = name
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        _get = src_dict.get
        type_ = TelAddressType(src_dict["type"])

        target = src_dict["target"]
        if not isinstance(target, str):
            raise TypeError(f'"target" is {type(target).__name__}, not str')

        target_name = _get("target_name", UNSET)
        if not isinstance(target_name, (str, Unset)):
            raise TypeError(f'"target_name" is {type(target_name).__name__}, not str')

        name = _get("name", UNSET)
        if not isinstance(name, (str, Unset)):
            raise TypeError(f'"name" is {type(name).__name__}, not str')

        detail = _get("detail", UNSET)
        if not isinstance(detail, (str, Unset)):
            raise TypeError(f'"detail" is {type(detail).__name__}, not str')

        _instance = object.__new__(cls)
        _instance.type_ = type_
        _instance.target = target
        _instance.target_name = target_name
        _instance.name = name
        _instance.detail = detail
        d = (
            {key: value for key, value in src_dict.items() if key not in _KNOWN}
            if len(src_dict) > 2 + (target_name is not UNSET) + (name is not UNSET) + (detail is not UNSET)
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
