from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.address_type import AddressType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Address")
_ADDRESSTYPE_MEMBERS = AddressType._value2member_map_
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
class Address:
    """An endpoint of a message, as the service answers it. Every field is left out when empty, so the display
    fields (`target_name`, `name`, `detail`) are often absent (the 2022 tutorial shows them as `""`), and so
    are `type` and `target` when a send gave them empty (the service does not check them). A `tel` target is
    whatever the carrier or the sender gave, normalised: E.164 as a rule, but an inbound message may come from
    an alphanumeric sender (`VOIPBIN`) or a short code.

        Attributes:
            type_ (AddressType | str | Unset): An `AddressType`, or a type the service added after this description.
            target (str | Unset): The address itself, in the format its `type` calls for.
            target_name (str | Unset): A display name for the target.
            name (str | Unset): A name for the address.
            detail (str | Unset): Free-form detail.
    """

    type_: AddressType | str | Unset = UNSET
    target: str | Unset = UNSET
    target_name: str | Unset = UNSET
    name: str | Unset = UNSET
    detail: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, AddressType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        target = self.target

        target_name = self.target_name

        name = self.name

        detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if target is not UNSET:
            field_dict["target"] = target
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
        type_: Any = _get("type", UNSET)  # the member or the string, as the attribute's type says
        if isinstance(type_, str):  # the member, looked up as Enum(value) does, without its exception
            type_ = _ADDRESSTYPE_MEMBERS.get(type_, type_)
        elif not isinstance(type_, Unset):
            raise TypeError(f'"type" is {type(type_).__name__}, not str')

        target = _get("target", UNSET)
        if not isinstance(target, (str, Unset)):
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
            if len(src_dict)
            > 0
            + (type_ is not UNSET)
            + (target is not UNSET)
            + (target_name is not UNSET)
            + (name is not UNSET)
            + (detail is not UNSET)
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
