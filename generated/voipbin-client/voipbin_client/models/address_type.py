from enum import StrEnum


class AddressType(StrEnum):
    AGENT = "agent"
    CONFERENCE = "conference"
    EMAIL = "email"
    EXTENSION = "extension"
    LINE = "line"
    SIP = "sip"
    TEL = "tel"
    VALUE_0 = ""
    WEB_SESSION = "web_session"

    def __str__(self) -> str:
        return str(self.value)
