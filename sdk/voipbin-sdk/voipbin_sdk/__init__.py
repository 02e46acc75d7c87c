"""voipbin_sdk: the front of the generated voipbin_client, and what a caller of it wants beside it.

import voipbin_sdk as vb
with vb.Client("http://127.0.0.1:8000", accesskey=KEY) as client:
    message = client.messages.send(source="+15559876543", destinations=["+31616818985"], text="hello")
    for item in client.messages.list(): ...

The generated operations, called directly: vb.call(send_message.sync_detailed, client=vb.connect(...), body=...).
"""

from voipbin_sdk.calls import acall, call
from voipbin_sdk.client import AsyncClient, Client, alogin, login
from voipbin_sdk.connect import DEFAULT_TIMEOUT, connect, connect_async
from voipbin_sdk.errors import (
    AnswerTooLargeError,
    AuthenticationError,
    ConflictError,
    DeadlineExceededError,
    InvalidRequestError,
    MalformedAnswerError,
    NetworkError,
    NotFoundError,
    PageLimitError,
    PageTokenStuckError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TooManyRedirectsError,
    UnavailableError,
    VoipbinError,
    retry_after_seconds,
)
from voipbin_sdk.pages import (
    aiter_accesskeys,
    aiter_messages,
    aiter_numbers,
    iter_accesskeys,
    iter_messages,
    iter_numbers,
)
from voipbin_sdk.timestamps import parse_timestamp
from voipbin_sdk.webhooks import (
    SIGNATURE_HEADER,
    SIGNATURE_PREFIX,
    Event,
    InvalidSignatureError,
    MessageEvent,
    WebhookError,
    parse_event,
    signature,
    verify_signature,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "SIGNATURE_HEADER",
    "SIGNATURE_PREFIX",
    "AnswerTooLargeError",
    "AsyncClient",
    "AuthenticationError",
    "Client",
    "ConflictError",
    "DeadlineExceededError",
    "Event",
    "InvalidRequestError",
    "InvalidSignatureError",
    "MalformedAnswerError",
    "MessageEvent",
    "NetworkError",
    "NotFoundError",
    "PageLimitError",
    "PageTokenStuckError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitedError",
    "ServerError",
    "TooManyRedirectsError",
    "UnavailableError",
    "VoipbinError",
    "WebhookError",
    "acall",
    "aiter_accesskeys",
    "aiter_messages",
    "aiter_numbers",
    "alogin",
    "call",
    "connect",
    "connect_async",
    "iter_accesskeys",
    "iter_messages",
    "iter_numbers",
    "login",
    "parse_event",
    "parse_timestamp",
    "retry_after_seconds",
    "signature",
    "verify_signature",
]
