from enum import StrEnum


class WebhookMethod(StrEnum):
    DELETE = "DELETE"
    GET = "GET"
    POST = "POST"
    PUT = "PUT"
    VALUE_0 = ""

    def __str__(self) -> str:
        return str(self.value)
