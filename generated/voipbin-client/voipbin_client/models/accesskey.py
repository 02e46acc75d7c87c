from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_uuid

T = TypeVar("T", bound="Accesskey")
# The fields the description names, as the JSON spells them; from_dict keeps any other in additional_properties.
_KNOWN = frozenset(
    {
        "id",
        "customer_id",
        "tm_expire",
        "tm_create",
        "tm_update",
        "tm_delete",
        "name",
        "detail",
        "token",
        "token_prefix",
    }
)


@_attrs_define
class Accesskey:
    """A long-lived credential. Listing shows only `token_prefix`; the full secret (`token`) is returned once,
    when the key is created, and never again. `name`, `detail`, `token` and `token_prefix` are left out when
    empty.

        Attributes:
            id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
            customer_id (UUID): A UUID in its canonical 8-4-4-4-12 hexadecimal form. The all-zero UUID means "none".
            tm_expire (None | str): A `Timestamp`, or `null` for a moment that has not happened yet (RFC 3339 era):
                `tm_update` of a record
                never updated, `tm_update` of a target the provider has not reported on, `tm_expire` of a key that never
                expires, `tm_purchase` and `tm_renew` of a virtual number.
            tm_create (str): A moment in UTC, in one of the two formats the service has used:

                - legacy (until 2026-02-05): `YYYY-MM-DD HH:MM:SS.fffffffff`, a space between date and time, no zone,
                  no fraction or one to nine fraction digits, e.g. `2022-03-13 15:11:05.235717`;
                - RFC 3339 (since then): `YYYY-MM-DDTHH:MM:SS.fffffffffZ` as Go's `RFC3339Nano` writes it, trailing zeros
                  of the fraction dropped, so no fraction or one to nine digits, e.g. `2026-02-10T08:30:00Z`,
                  `2026-02-10T08:30:00.5Z`, `2026-02-10T08:30:00.123456Z`.

                The legacy format is not RFC 3339, which is why this is a pattern and not `format: date-time`.
            tm_update (None | str): A `Timestamp`, or `null` for a moment that has not happened yet (RFC 3339 era):
                `tm_update` of a record
                never updated, `tm_update` of a target the provider has not reported on, `tm_expire` of a key that never
                expires, `tm_purchase` and `tm_renew` of a virtual number.
            tm_delete (None | str): When the record was deleted. A record that is not deleted has `9999-01-01
                00:00:00.000000` in the legacy
                era and `null` in the RFC 3339 era.
            name (str | Unset): The customer's name for the key.
            detail (str | Unset): Free-form detail.
            token (str | Unset): The secret itself, only in the answer that created the key. Treat it as a secret.
            token_prefix (str | Unset): The first characters of the secret, to tell keys apart.
    """

    id: UUID
    customer_id: UUID
    tm_expire: None | str
    tm_create: str
    tm_update: None | str
    tm_delete: None | str
    name: str | Unset = UNSET
    detail: str | Unset = UNSET
    token: str | Unset = UNSET
    token_prefix: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        customer_id = str(self.customer_id)

        tm_expire: None | str
        tm_expire = self.tm_expire

        tm_create = self.tm_create

        tm_update: None | str
        tm_update = self.tm_update

        tm_delete: None | str
        tm_delete = self.tm_delete

        name = self.name

        detail = self.detail

        token = self.token

        token_prefix = self.token_prefix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "tm_expire": tm_expire,
                "tm_create": tm_create,
                "tm_update": tm_update,
                "tm_delete": tm_delete,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if detail is not UNSET:
            field_dict["detail"] = detail
        if token is not UNSET:
            field_dict["token"] = token
        if token_prefix is not UNSET:
            field_dict["token_prefix"] = token_prefix

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"{cls.__name__} is {type(src_dict).__name__}, not an object")
        _get = src_dict.get
        id = parse_uuid(src_dict["id"])

        customer_id = parse_uuid(src_dict["customer_id"])

        tm_expire = src_dict["tm_expire"]
        if tm_expire is not None and not isinstance(tm_expire, str):
            raise TypeError(f'"tm_expire" is {type(tm_expire).__name__}, not None | str')

        tm_create = src_dict["tm_create"]
        if not isinstance(tm_create, str):
            raise TypeError(f'"tm_create" is {type(tm_create).__name__}, not str')

        tm_update = src_dict["tm_update"]
        if tm_update is not None and not isinstance(tm_update, str):
            raise TypeError(f'"tm_update" is {type(tm_update).__name__}, not None | str')

        tm_delete = src_dict["tm_delete"]
        if tm_delete is not None and not isinstance(tm_delete, str):
            raise TypeError(f'"tm_delete" is {type(tm_delete).__name__}, not None | str')

        name = _get("name", UNSET)
        if not isinstance(name, (str, Unset)):
            raise TypeError(f'"name" is {type(name).__name__}, not str')

        detail = _get("detail", UNSET)
        if not isinstance(detail, (str, Unset)):
            raise TypeError(f'"detail" is {type(detail).__name__}, not str')

        token = _get("token", UNSET)
        if not isinstance(token, (str, Unset)):
            raise TypeError(f'"token" is {type(token).__name__}, not str')

        token_prefix = _get("token_prefix", UNSET)
        if not isinstance(token_prefix, (str, Unset)):
            raise TypeError(f'"token_prefix" is {type(token_prefix).__name__}, not str')

        _instance = object.__new__(cls)
        _instance.id = id
        _instance.customer_id = customer_id
        _instance.tm_expire = tm_expire
        _instance.tm_create = tm_create
        _instance.tm_update = tm_update
        _instance.tm_delete = tm_delete
        _instance.name = name
        _instance.detail = detail
        _instance.token = token
        _instance.token_prefix = token_prefix
        d = (
            {key: value for key, value in src_dict.items() if key not in _KNOWN}
            if len(src_dict)
            > 6 + (name is not UNSET) + (detail is not UNSET) + (token is not UNSET) + (token_prefix is not UNSET)
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
