from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_status import ErrorStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_detail_details import ErrorDetailDetails


T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    """What went wrong, for people and for programs.

    Attributes:
        status (ErrorStatus): The class of error, one per HTTP status: `INVALID_ARGUMENT` 400, `UNAUTHENTICATED` 401,
            `PAYMENT_REQUIRED`
            402, `PERMISSION_DENIED` 403, `NOT_FOUND` 404, `ALREADY_EXISTS` and `FAILED_PRECONDITION` 409,
            `RESOURCE_EXHAUSTED` 429, `UNAVAILABLE` 503, `INTERNAL` 500.
        reason (str): A machine-readable code in UPPER_SNAKE case, e.g. `INVALID_ID`.
        message (str): A sentence for people. Never contains a credential.
        request_id (str): Identifies the request; quote it to support.
        details (ErrorDetailDetails | Unset): More about the error, e.g. which field broke which rule.
    """

    status: ErrorStatus
    reason: str
    message: str
    request_id: str
    details: ErrorDetailDetails | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        reason = self.reason

        message = self.message

        request_id = self.request_id

        details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = self.details.to_dict()

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
        from ..models.error_detail_details import ErrorDetailDetails  # noqa: PLC0415

        d = dict(src_dict)
        status = ErrorStatus(d.pop("status"))

        reason = d.pop("reason")

        message = d.pop("message")

        request_id = d.pop("request_id")

        _details = d.pop("details", UNSET)
        details: ErrorDetailDetails | Unset
        if isinstance(_details, Unset):
            details = UNSET
        else:
            details = ErrorDetailDetails.from_dict(_details)

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
