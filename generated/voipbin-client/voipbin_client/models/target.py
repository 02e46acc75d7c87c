from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.address import Address
from ..models.target_status import TargetStatus

T = TypeVar("T", bound="Target")
_TARGETSTATUS_MEMBERS = TargetStatus._value2member_map_
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "destination",
        "status",
        "parts",
        "tm_update",
    }
)


@_attrs_define
class Target:
    """One destination of a message, with its own delivery status and segment count.

    Attributes:
        destination (Address): An endpoint of a message, as the service answers it. Every field is left out when empty,
            so the display
            fields (`target_name`, `name`, `detail`) are often absent (the 2022 tutorial shows them as `""`), and so
            are `type` and `target` when a send gave them empty (the service does not check them). A `tel` target is
            whatever the carrier or the sender gave, normalised: E.164 as a rule, but an inbound message may come from
            an alphanumeric sender (`VOIPBIN`) or a short code.
        status (str | TargetStatus): A `TargetStatus`, or another string: the provider's own status after dispatch, or a
            value the service
            adds later. Clients keep the string rather than failing a whole response; the contract suite reports
            a value outside `TargetStatus` unless it is a known deviation.
        parts (int): How many SMS segments the text takes. GSM-7 text: 160 characters in one segment, 153 per segment
            when
            split (extension characters count twice and are never split). Otherwise UCS-2: 70 UTF-16 code units in
            one segment, 67 per segment when split (a surrogate pair is never split). The service answers 0 until
            the provider has counted (see `sendMessage`).
        tm_update (None | str): A `Timestamp`, or `null` for a moment that has not happened yet (RFC 3339 era):
            `tm_update` of a record
            never updated, `tm_update` of a target the provider has not reported on, `tm_expire` of a key that never
            expires, `tm_purchase` and `tm_renew` of a virtual number.
    """

    destination: Address
    status: str | TargetStatus
    parts: int
    tm_update: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        destination = self.destination.to_dict()

        status: str
        if isinstance(self.status, TargetStatus):
            status = self.status.value
        else:
            status = self.status

        parts = self.parts

        tm_update: None | str
        tm_update = self.tm_update

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "destination": destination,
                "status": status,
                "parts": parts,
                "tm_update": tm_update,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        destination = Address.from_dict(src_dict["destination"])

        status: Any = src_dict["status"]  # the member or the string, as the attribute's type says
        if isinstance(status, str):  # the member, looked up as Enum(value) does, without its exception
            status = _TARGETSTATUS_MEMBERS.get(status, status)
        else:
            raise TypeError(f'"status" is {type(status).__name__}, not str')

        parts = src_dict["parts"]
        if (not isinstance(parts, int)) or parts is True or parts is False:
            raise TypeError(f'"parts" is {type(parts).__name__}, not int')

        tm_update = src_dict["tm_update"]
        if tm_update is not None and not isinstance(tm_update, str):
            raise TypeError(f'"tm_update" is {type(tm_update).__name__}, not None | str')

        _instance = object.__new__(cls)
        _instance.destination = destination
        _instance.status = status
        _instance.parts = parts
        _instance.tm_update = tm_update
        d = {key: value for key, value in src_dict.items() if key not in _KNOWN} if len(src_dict) > 4 else {}

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
