from enum import StrEnum


class NumberType(StrEnum):
    NORMAL = "normal"
    VIRTUAL = "virtual"

    def __str__(self) -> str:
        return str(self.value)
