from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Accesskey")


@_attrs_define
class Accesskey:
    """A long-lived credential. Listing shows only `token_prefix`; the full secret is returned once, when the key
    is created, and never again.

        Attributes:
            id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
            tm_create (str): A moment in UTC, in one of the two formats the service has used:

                - legacy (until early 2026): `YYYY-MM-DD HH:MM:SS.fffffffff`, a space between date and time, no zone,
                  up to nine fraction digits, e.g. `2022-03-13 15:11:05.235717`;
                - RFC 3339 (since February 2026): `YYYY-MM-DDTHH:MM:SS.fffffffffZ`, up to nine fraction digits, e.g.
                  `2026-02-10T08:30:00.123456Z`.

                The legacy format is not RFC 3339, which is why this is a pattern and not `format: date-time`.
            tm_update (str): A moment in UTC, in one of the two formats the service has used:

                - legacy (until early 2026): `YYYY-MM-DD HH:MM:SS.fffffffff`, a space between date and time, no zone,
                  up to nine fraction digits, e.g. `2022-03-13 15:11:05.235717`;
                - RFC 3339 (since February 2026): `YYYY-MM-DDTHH:MM:SS.fffffffffZ`, up to nine fraction digits, e.g.
                  `2026-02-10T08:30:00.123456Z`.

                The legacy format is not RFC 3339, which is why this is a pattern and not `format: date-time`.
            tm_delete (None | str): When the record was deleted. A record that is not deleted has `9999-01-01
                00:00:00.000000` in the legacy
                era and `null` in the RFC 3339 era.
            customer_id (UUID | Unset): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
            name (str | Unset): The customer's name for the key.
            detail (str | Unset): Free-form detail.
            token_prefix (str | Unset): The first characters of the secret, to tell keys apart.
            tm_expire (str | Unset): A moment in UTC, in one of the two formats the service has used:

                - legacy (until early 2026): `YYYY-MM-DD HH:MM:SS.fffffffff`, a space between date and time, no zone,
                  up to nine fraction digits, e.g. `2022-03-13 15:11:05.235717`;
                - RFC 3339 (since February 2026): `YYYY-MM-DDTHH:MM:SS.fffffffffZ`, up to nine fraction digits, e.g.
                  `2026-02-10T08:30:00.123456Z`.

                The legacy format is not RFC 3339, which is why this is a pattern and not `format: date-time`.
    """

    id: UUID
    tm_create: str
    tm_update: str
    tm_delete: None | str
    customer_id: UUID | Unset = UNSET
    name: str | Unset = UNSET
    detail: str | Unset = UNSET
    token_prefix: str | Unset = UNSET
    tm_expire: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        tm_create = self.tm_create

        tm_update = self.tm_update

        tm_delete: None | str
        tm_delete = self.tm_delete

        customer_id: str | Unset = UNSET
        if not isinstance(self.customer_id, Unset):
            customer_id = str(self.customer_id)

        name = self.name

        detail = self.detail

        token_prefix = self.token_prefix

        tm_expire = self.tm_expire

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tm_create": tm_create,
                "tm_update": tm_update,
                "tm_delete": tm_delete,
            }
        )
        if customer_id is not UNSET:
            field_dict["customer_id"] = customer_id
        if name is not UNSET:
            field_dict["name"] = name
        if detail is not UNSET:
            field_dict["detail"] = detail
        if token_prefix is not UNSET:
            field_dict["token_prefix"] = token_prefix
        if tm_expire is not UNSET:
            field_dict["tm_expire"] = tm_expire

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        tm_create = d.pop("tm_create")

        tm_update = d.pop("tm_update")

        def _parse_tm_delete(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tm_delete = _parse_tm_delete(d.pop("tm_delete"))

        _customer_id = d.pop("customer_id", UNSET)
        customer_id: UUID | Unset
        if isinstance(_customer_id, Unset):
            customer_id = UNSET
        else:
            customer_id = UUID(_customer_id)

        name = d.pop("name", UNSET)

        detail = d.pop("detail", UNSET)

        token_prefix = d.pop("token_prefix", UNSET)

        tm_expire = d.pop("tm_expire", UNSET)

        accesskey = cls(
            id=id,
            tm_create=tm_create,
            tm_update=tm_update,
            tm_delete=tm_delete,
            customer_id=customer_id,
            name=name,
            detail=detail,
            token_prefix=token_prefix,
            tm_expire=tm_expire,
        )

        accesskey.additional_properties = d
        return accesskey

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
