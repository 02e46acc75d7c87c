from enum import StrEnum


class TelAddressType(StrEnum):
    TEL = "tel"

    def __str__(self) -> str:
        return str(self.value)
