from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.target_status import TargetStatus

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="Target")


@_attrs_define
class Target:
    """One destination of a message, with its own delivery status and segment count.

    Attributes:
        destination (Address): An endpoint of a message. For `type: tel`, `target` must be E.164. The service fills the
            display fields
            (`target_name`, `name`, `detail`) with empty strings when it has nothing to say.
        status (str | TargetStatus): A `TargetStatus`. The service may add a value before this description knows it, so
            clients accept any
            string here and must not fail a whole response for one unknown status; the contract suite reports a
            value outside `TargetStatus` as a contract failure.
        parts (int): How many SMS segments the text takes, which is what is charged per destination. GSM-7 text: 160
            characters in one segment, 153 per segment when split (extension characters count twice). Otherwise
            UCS-2: 70 UTF-16 code units in one segment, 67 per segment when split.
        tm_update (str): A moment in UTC, in one of the two formats the service has used:

            - legacy (until early 2026): `YYYY-MM-DD HH:MM:SS.fffffffff`, a space between date and time, no zone,
              up to nine fraction digits, e.g. `2022-03-13 15:11:05.235717`;
            - RFC 3339 (since February 2026): `YYYY-MM-DDTHH:MM:SS.fffffffffZ`, up to nine fraction digits, e.g.
              `2026-02-10T08:30:00.123456Z`.

            The legacy format is not RFC 3339, which is why this is a pattern and not `format: date-time`.
    """

    destination: Address
    status: str | TargetStatus
    parts: int
    tm_update: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        destination = self.destination.to_dict()

        status: str
        if isinstance(self.status, TargetStatus):
            status = self.status.value
        else:
            status = self.status

        parts = self.parts

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
        from ..models.address import Address  # noqa: PLC0415

        d = dict(src_dict)
        destination = Address.from_dict(d.pop("destination"))

        def _parse_status(data: object) -> str | TargetStatus:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = TargetStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | TargetStatus, data)

        status = _parse_status(d.pop("status"))

        parts = d.pop("parts")

        tm_update = d.pop("tm_update")

        target = cls(
            destination=destination,
            status=status,
            parts=parts,
            tm_update=tm_update,
        )

        target.additional_properties = d
        return target

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
