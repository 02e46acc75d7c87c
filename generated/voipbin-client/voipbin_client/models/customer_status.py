from enum import StrEnum


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"
    EXPIRED = "expired"
    FROZEN = "frozen"
    INITIAL = "initial"

    def __str__(self) -> str:
        return str(self.value)
