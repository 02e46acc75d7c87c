from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_detail_details_item import ErrorDetailDetailsItem
from ..models.error_status import ErrorStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorDetail")
_ERRORSTATUS_MEMBERS = ErrorStatus._value2member_map_
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "status",
        "reason",
        "message",
        "request_id",
        "details",
    }
)


@_attrs_define
class ErrorDetail:
    """What went wrong, for people and for programs.

    Attributes:
        status (ErrorStatus | str): An `ErrorStatus`, or a status the service added after this description.
        reason (str): A machine-readable code in UPPER_SNAKE case, e.g. `INVALID_ID`, `RESOURCE_NOT_FOUND`,
            `RATE_LIMIT_EXCEEDED`, `ACCOUNT_FROZEN`.
        message (str): A sentence for people. Never contains a credential.
        request_id (str): Identifies the request, as the `X-Request-Id` header does; quote it to support.
        details (list[ErrorDetailDetailsItem] | Unset): More about the error, one object per fact: `{"limited_by":
            "ip"}` on a 429, the deletion schedule of a
            frozen account on a 403. Left out when there is nothing to add.
    """

    status: ErrorStatus | str
    reason: str
    message: str
    request_id: str
    details: list[ErrorDetailDetailsItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str
        if isinstance(self.status, ErrorStatus):
            status = self.status.value
        else:
            status = self.status

        reason = self.reason

        message = self.message

        request_id = self.request_id

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "reason": reason,
                "message": message,
                "request_id": request_id,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        _get = src_dict.get
        status: Any = src_dict["status"]  # the member or the string, as the attribute's type says
        if isinstance(status, str):  # the member, looked up as Enum(value) does, without its exception
            status = _ERRORSTATUS_MEMBERS.get(status, status)
        else:
            raise TypeError(f'"status" is {type(status).__name__}, not str')

        reason = src_dict["reason"]
        if not isinstance(reason, str):
            raise TypeError(f'"reason" is {type(reason).__name__}, not str')

        message = src_dict["message"]
        if not isinstance(message, str):
            raise TypeError(f'"message" is {type(message).__name__}, not str')

        request_id = src_dict["request_id"]
        if not isinstance(request_id, str):
            raise TypeError(f'"request_id" is {type(request_id).__name__}, not str')

        _details = _get("details", UNSET)
        details: list[ErrorDetailDetailsItem] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = ErrorDetailDetailsItem.from_dict(details_item_data)

                details.append(details_item)

        _instance = object.__new__(cls)
        _instance.status = status
        _instance.reason = reason
        _instance.message = message
        _instance.request_id = request_id
        _instance.details = details
        d = (
            {key: value for key, value in src_dict.items() if key not in _KNOWN}
            if len(src_dict) > 4 + (details is not UNSET)
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
