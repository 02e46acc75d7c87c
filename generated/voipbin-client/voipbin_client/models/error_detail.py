from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_detail_details_item import ErrorDetailDetailsItem
from ..models.error_status import ErrorStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorDetail")


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
        d = dict(src_dict)
        status = d.pop("status")
        if isinstance(status, str):  # the member, looked up as Enum(value) does, without its exception
            status = ErrorStatus._value2member_map_.get(status, status)

        reason = d.pop("reason")

        message = d.pop("message")

        request_id = d.pop("request_id")

        _details = d.pop("details", UNSET)
        details: list[ErrorDetailDetailsItem] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = ErrorDetailDetailsItem.from_dict(details_item_data)

                details.append(details_item)

        error_detail = cls(
            status=status,
            reason=reason,
            message=message,
            request_id=request_id,
            details=details,
        )

        error_detail.additional_properties = d
        return error_detail

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
