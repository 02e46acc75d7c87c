"""Webhook events: check the signature on the bytes received, then parse them into the generated models.

The webhook URL gets every event of the customer (bin-webhook-manager/pkg/webhookhandler/webhook.go): the message
events parse into their own models, any other type (`number_created`, `call_hangup`...) into a WebhookEvent, its
`type` and its `data` as a mapping, which a receiver that does not handle it answers 2xx all the same (a 5xx is
retried). Events come with the customer's method: GET, with the body, for one who never set one.

event = vb.parse_event(body, request.headers.get(vb.SIGNATURE_HEADER), secret=WEBHOOK_SECRET)
if isinstance(event, MessageUpdatedEvent): ...
"""

from __future__ import annotations

import hashlib
import hmac
import json

from voipbin_client.models import MessageCreatedEvent, MessageDeletedEvent, MessageUpdatedEvent, WebhookEvent

SIGNATURE_HEADER = "X-VoIPBIN-Signature"
# What the header's value starts with, before the hex digest (bin-webhook-manager/pkg/webhookhandler/message.go).
SIGNATURE_PREFIX = "sha256="
MessageEvent = MessageCreatedEvent | MessageDeletedEvent | MessageUpdatedEvent
# Any event the webhook URL gets: a message event, or another (its type and data).
Event = MessageEvent | WebhookEvent
# The largest body read as an event: a message of 100 targets is some 30 KiB.
MAX_EVENT_BYTES = 1024 * 1024
_EVENTS: dict[str, type[MessageEvent]] = {
    "message_created": MessageCreatedEvent,
    "message_updated": MessageUpdatedEvent,
    "message_deleted": MessageDeletedEvent,
}


class WebhookError(ValueError):
    """A webhook request that is not an event this client can trust and read."""


class InvalidSignatureError(WebhookError):
    """The signature is missing or does not match the body: the request may not come from VoIPbin."""


def signature(body: bytes, secret: str) -> str:
    """The `X-VoIPBIN-Signature` value of body under secret, as the service computes it: `sha256=` and the
    lowercase hex HMAC-SHA256 of the raw body keyed by the secret."""
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, received: str | None, secret: str) -> bool:
    """Whether received (the header as it came) is the signature of body under secret, compared in constant time.

    The `sha256=` prefix is required, as the service always sends it; the hex may be in either case. A header
    that is not ASCII is refused, not an error.
    """
    if received is None:
        return False
    candidate = received.strip()
    if not candidate.isascii():
        return False
    prefix, _, digest = candidate.partition("=")
    if prefix.lower() != SIGNATURE_PREFIX[:-1]:
        return False
    return hmac.compare_digest(signature(body, secret).encode(), (SIGNATURE_PREFIX + digest.lower()).encode())


def parse_event(body: bytes, received_signature: str | None, secret: str | None) -> Event:
    """The event in body, after checking its signature when secret is given (every customer has one: the
    `webhook_secret` of `client.customer.get()`; None skips the check). A message event as its model, any other
    as a WebhookEvent. InvalidSignatureError on a bad signature; WebhookError on a body that is not an event
    (not JSON, no `type`, a message event that does not parse)."""
    if secret is not None and not verify_signature(body, received_signature, secret):
        raise InvalidSignatureError(f"the {SIGNATURE_HEADER} header does not sign this body with your secret")
    if len(body) > MAX_EVENT_BYTES:
        raise WebhookError(f"the body is {len(body)} bytes, more than a message event's {MAX_EVENT_BYTES}")
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as error:  # RecursionError: JSON nested deeper than Python's stack
        raise WebhookError(f"the body is not JSON an event can be: {type(error).__name__}") from None
    kind = document.get("type") if isinstance(document, dict) else None
    if not isinstance(kind, str) or not kind:
        raise WebhookError(f"not an event: type {kind!r}")
    event: type[Event] = _EVENTS.get(kind, WebhookEvent)
    try:
        return event.from_dict(document)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as error:
        raise WebhookError(f"a {kind} event whose body does not parse: {type(error).__name__}: {error}"[:300]) from None
