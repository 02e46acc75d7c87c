from enum import StrEnum


class TargetStatus(StrEnum):
    DELIVERED = "delivered"
    DLR_TIMEOUT = "dlr_timeout"
    FAILED = "failed"
    GW_TIMEOUT = "gw_timeout"
    QUEUED = "queued"
    RECEIVED = "received"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
