from enum import StrEnum


class AddressType(StrEnum):
    AGENT = "agent"
    AI = "ai"
    AI_TEAM = "ai_team"
    CONFERENCE = "conference"
    EMAIL = "email"
    EXTENSION = "extension"
    LINE = "line"
    SIP = "sip"
    TEL = "tel"
    VALUE_0 = ""
    WEBCHAT = "webchat"
    WEB_SESSION = "web_session"
    WHATSAPP = "whatsapp"

    def __str__(self) -> str:
        return str(self.value)
