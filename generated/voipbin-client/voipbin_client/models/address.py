from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.address_type import AddressType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Address")


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
        d = dict(src_dict)
        type_ = d.pop("type", UNSET)
        if isinstance(type_, str):  # the member, looked up as Enum(value) does, without its exception
            type_ = AddressType._value2member_map_.get(type_, type_)

        target = d.pop("target", UNSET)

        target_name = d.pop("target_name", UNSET)

        name = d.pop("name", UNSET)

        detail = d.pop("detail", UNSET)

        address = cls(
            type_=type_,
            target=target,
            target_name=target_name,
            name=name,
            detail=detail,
        )

        address.additional_properties = d
        return address

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
