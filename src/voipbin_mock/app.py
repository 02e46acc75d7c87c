"""The ASGI application: routes built from openapi.yaml, each request checked against it, then handled.

create_app(config) is the factory that uvicorn, the tests and the contract suite all use.
"""

from __future__ import annotations

import itertools
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from voipbin_mock import errors, faults
from voipbin_mock.auth import Authenticator
from voipbin_mock.config import MockConfig
from voipbin_mock.errors import ApiError, envelope
from voipbin_mock.fixtures import load_fixtures
from voipbin_mock.handlers import HANDLERS, Call, Handler, Services, inject_inbound
from voipbin_mock.openapi import Operation, check_body, compile_schema, load_spec, operations, read_parameters
from voipbin_mock.store import Store
from voipbin_mock.timestamps import TimestampFormat
from voipbin_mock.views import MessageRenderer
from voipbin_mock.writer import GroupWriter

log = logging.getLogger("voipbin_mock")
access_log = logging.getLogger("voipbin_mock.access")
# Query parameters whose values never reach a log line.
REDACTED_PARAMETERS = frozenset({"token", "accesskey", "password"})
CONTROL_PATH = "/_mock/inbound"


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def error_response(error: ApiError, request_id: str) -> JSONResponse:
    body = envelope(error.status, error.reason, error.message, request_id, error.details)
    return JSONResponse(body, status_code=error.status, headers=error.headers or None)


# Request ids are UUID-shaped: a random prefix per process and a counter, unique without a random draw per request.
_ID_PREFIX = str(uuid.uuid4())[:24]
_ID_COUNTER = itertools.count(1)


def request_id_of(scope: Scope) -> str:
    """The request's id, made on first use."""
    state: dict[str, Any] = scope.setdefault("state", {})
    request_id = state.get("request_id")
    if request_id is None:
        request_id = state["request_id"] = f"{_ID_PREFIX}{next(_ID_COUNTER):012x}"
    return str(request_id)


def control_operations(spec: dict[str, Any]) -> list[Operation]:
    """The mock's own operations, outside the description, their bodies checked with its schemas all the same."""
    inbound = {
        "type": "object",
        "required": ["source", "destination", "text"],
        "properties": {
            "source": {"$ref": "#/components/schemas/E164Number"},
            "destination": {"$ref": "#/components/schemas/E164Number"},
            "text": {"type": "string", "minLength": 1},
        },
    }
    return [Operation("injectInbound", "POST", CONTROL_PATH, (), compile_schema(spec, inbound), True, False)]


async def read_json(request: Request, limit: int) -> Any:
    """The request body parsed as JSON; 413 past limit bytes (checked while reading), 400 if it is not JSON."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "BODY_TOO_LARGE", errors.BODY_TOO_LARGE.format(limit=limit))
    if declared.isdigit():  # the server enforces Content-Length, so the size is known and within the limit
        body = await request.body()
    else:
        body = await _read_limited(request, limit)
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        raise ApiError(400, "INVALID_JSON_BODY", errors.INVALID_JSON_BODY) from None


async def _read_limited(request: Request, limit: int) -> bytes:
    """A body of unknown length (chunked), read until it ends or passes limit bytes."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "BODY_TOO_LARGE", errors.BODY_TOO_LARGE.format(limit=limit))
        chunks.append(chunk)
    return b"".join(chunks)


def endpoint(services: Services, by_method: dict[str, tuple[Operation, Handler]]) -> Any:
    """The Starlette endpoint of one path: authenticate, check parameters and body, call the handler."""

    async def serve(request: Request) -> Response:
        request_id = request_id_of(request.scope)
        operation, handler = by_method["GET" if request.method == "HEAD" else request.method]
        now = services.config.clock()
        injected = services.config.faults
        try:
            customer = authenticate(services, request, now) if operation.authenticated else None
            params = read_parameters(operation, request.path_params, request.query_params)
            body = await read_json(request, services.config.max_body_bytes) if operation.body else None
            check_body(operation, body)
            result = await handler(Call(services, customer, params, body, now))
            if injected:
                if faults.fails(injected, operation.operation_id, params):
                    raise RuntimeError("injected fault: server_error")
                result = faults.distort(injected, operation.operation_id, result)
                return JSONResponse(result, media_type=faults.content_type(injected))
        except ApiError as error:
            return error_response(error, request_id)
        except Exception:
            log.exception("request %s failed", request_id)
            return error_response(ApiError(500, "INTERNAL_ERROR", errors.INTERNAL), request_id)
        return JSONResponse(result)

    return serve


def authenticate(services: Services, request: Request, now: int) -> str:
    """The calling customer; with the no_auth fault, a request without credentials passes as the first customer."""
    try:
        return services.auth.customer_of(request, now)
    except ApiError as error:
        if error.reason == "AUTHENTICATION_REQUIRED" and faults.skips_auth(services.config.faults):
            return services.store.first_customer()
        raise


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404 (no such route) and 405 (wrong method), as the error envelope."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        error = ApiError(
            405, "METHOD_NOT_ALLOWED", errors.METHOD_NOT_ALLOWED.format(method=request.method, allowed=allowed)
        )
        error.headers = {"Allow": allowed}
    elif exc.status_code == 404:
        error = ApiError(404, "ROUTE_NOT_FOUND", errors.ROUTE_NOT_FOUND)
    else:
        error = ApiError(exc.status_code, "HTTP_ERROR", str(exc.detail))
    return error_response(error, request_id_of(request.scope))


class AccessLog:
    """Gives each request its request_id (also as X-Request-Id) and logs one line per request, credentials redacted."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "%s %s %s %d %.1fms %s",
                    (scope.get("client") or ("-",))[0],
                    scope["method"],
                    redacted_target(scope),
                    status,
                    (time.perf_counter() - started) * 1000,
                    request_id,
                )


def redacted_target(scope: Scope) -> str:
    """The request's path and query, with the values of credential parameters replaced."""
    query = scope.get("query_string", b"").decode("latin-1")
    if not query:
        return str(scope["path"])
    pairs = [
        (k, "REDACTED" if k.lower() in REDACTED_PARAMETERS else v) for k, v in parse_qsl(query, keep_blank_values=True)
    ]
    return f"{scope['path']}?{urlencode(pairs)}"


class MockApp:
    """The mock as an ASGI application, with its services at hand for tests and tools."""

    def __init__(self, asgi: ASGIApp, services: Services) -> None:
        self.asgi = asgi
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.asgi(scope, receive, send)


def create_app(config: MockConfig | None = None) -> MockApp:
    """A mock VoIPbin server with its own state, as an ASGI application."""
    config = config or MockConfig()
    spec = load_spec(config.spec_path)
    store = Store(config.db_path, load_fixtures(config.fixtures_path))
    auth = Authenticator(store, config.secret or store.secret(), config.token_ttl_seconds)
    fmt = TimestampFormat(config.timestamps)
    services = Services(config, store, auth, fmt, MessageRenderer(fmt), GroupWriter(store))
    faults.check_names(config.faults)
    handlers: dict[str, Handler] = {**HANDLERS, "injectInbound": inject_inbound}
    handlers = {name: faults.handler_for(config.faults, name, handler) for name, handler in handlers.items()}

    by_path: dict[str, dict[str, tuple[Operation, Handler]]] = {}
    for operation in [*operations(spec), *control_operations(spec)]:
        if operation.operation_id not in handlers:
            raise RuntimeError(f"openapi.yaml has operation {operation.operation_id}, which the mock does not serve")
        by_path.setdefault(operation.path, {})[operation.method] = (operation, handlers[operation.operation_id])
    # Starlette tries routes in order and the paths do not overlap, so the busiest go first.
    busiest_first = sorted(by_path.items(), key=lambda item: not item[0].startswith("/v1.0/messages"))
    routes = [Route(path, endpoint(services, ops), methods=list(ops)) for path, ops in busiest_first]

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error}, lifespan=lifespan)
    return MockApp(AccessLog(app), services)
