from enum import StrEnum


class MessageType(StrEnum):
    SMS = "sms"

    def __str__(self) -> str:
        return str(self.value)
