"""Contains all the data models used in inputs/outputs"""

from .accesskey import Accesskey
from .accesskey_list import AccesskeyList
from .address import Address
from .address_type import AddressType
from .customer import Customer
from .customer_metadata import CustomerMetadata
from .customer_status import CustomerStatus
from .error_detail import ErrorDetail
from .error_detail_details_item import ErrorDetailDetailsItem
from .error_envelope import ErrorEnvelope
from .error_status import ErrorStatus
from .identity_verification_status import IdentityVerificationStatus
from .login_request import LoginRequest
from .login_response import LoginResponse
from .message import Message
from .message_created_event import MessageCreatedEvent
from .message_deleted_event import MessageDeletedEvent
from .message_direction import MessageDirection
from .message_list import MessageList
from .message_type import MessageType
from .message_updated_event import MessageUpdatedEvent
from .number import Number
from .number_list import NumberList
from .number_metadata import NumberMetadata
from .number_status import NumberStatus
from .number_type import NumberType
from .send_message_request import SendMessageRequest
from .target import Target
from .target_status import TargetStatus
from .tel_address import TelAddress
from .tel_address_type import TelAddressType
from .webhook_event import WebhookEvent
from .webhook_event_data import WebhookEventData
from .webhook_method import WebhookMethod

__all__ = (
    "Accesskey",
    "AccesskeyList",
    "Address",
    "AddressType",
    "Customer",
    "CustomerMetadata",
    "CustomerStatus",
    "ErrorDetail",
    "ErrorDetailDetailsItem",
    "ErrorEnvelope",
    "ErrorStatus",
    "IdentityVerificationStatus",
    "LoginRequest",
    "LoginResponse",
    "Message",
    "MessageCreatedEvent",
    "MessageDeletedEvent",
    "MessageDirection",
    "MessageList",
    "MessageType",
    "MessageUpdatedEvent",
    "Number",
    "NumberList",
    "NumberMetadata",
    "NumberStatus",
    "NumberType",
    "SendMessageRequest",
    "Target",
    "TargetStatus",
    "TelAddress",
    "TelAddressType",
    "WebhookEvent",
    "WebhookEventData",
    "WebhookMethod",
)
