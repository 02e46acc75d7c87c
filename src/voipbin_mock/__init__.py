"""A stateful mock of the VoIPbin messaging API that conforms to openapi.yaml.

create_app(MockConfig(...)) builds the ASGI application; `python -m voipbin_mock` serves it with uvicorn.
"""

from voipbin_mock.app import MockApp, create_app
from voipbin_mock.config import INSTANT, Delays, MockConfig

__all__ = ["INSTANT", "Delays", "MockApp", "MockConfig", "create_app"]
