from enum import StrEnum


class NumberStatus(StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"
    VALUE_0 = ""

    def __str__(self) -> str:
        return str(self.value)
