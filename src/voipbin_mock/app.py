"""The ASGI application: routes built from openapi.yaml, each request checked against it, then handled.

create_app(config) is the factory that uvicorn, the tests and the contract suite all use.
"""

from __future__ import annotations

import logging
import random
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import orjson
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from voipbin_mock import errors, faults
from voipbin_mock.access_log import AccessLog
from voipbin_mock.auth import Authenticator
from voipbin_mock.config import MockConfig
from voipbin_mock.errors import ApiError, envelope
from voipbin_mock.fixtures import CustomerFixture, Fixtures, check_numbers, load_fixtures
from voipbin_mock.handlers import HANDLERS, Call, Handler, Services, WithHeaders, inject_inbound
from voipbin_mock.incoming import BodyTooLarge, Disconnected, Incoming
from voipbin_mock.lifecycle import Dispatcher
from voipbin_mock.openapi import (
    Operation,
    check_body,
    check_body_as_service,
    compile_schema,
    load_spec,
    operations,
    read_parameters,
    rules_the_service_lets_through,
)
from voipbin_mock.request_ids import RequestIds
from voipbin_mock.segments import limits_from
from voipbin_mock.store import Store
from voipbin_mock.timestamps import TimestampFormat
from voipbin_mock.views import MessageRenderer
from voipbin_mock.webhooks import Destination, Webhooks, delivery_rule, unordered_jitter
from voipbin_mock.writer import GroupWriter

log = logging.getLogger("voipbin_mock")
CONTROL_PATH = "/_mock/inbound"
E164_NUMBER = "#/components/schemas/E164Number"


JSON = b"application/json"
# The all-zero UUID, which the service refuses as an id (uuid.FromStringOrNil gives it for anything it cannot parse).
NIL_UUID = "00000000-0000-0000-0000-000000000000"
Headers = Sequence[tuple[bytes, bytes]]


async def respond(
    send: Send, status: int, body: bytes, request_id: str, content_type: bytes = JSON, headers: Headers = ()
) -> None:
    """Send a whole answer; every answer carries its request's id as X-Request-Id."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"x-request-id", request_id.encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def respond_error(send: Send, error: ApiError, request_id: str, names: Mapping[int, str]) -> None:
    """The error as the envelope (its `status` from the app's names), with its status and headers; a bare error with
    no body."""
    if error.bare:
        await respond(send, error.status, b"", request_id)
        return
    body = orjson.dumps(
        envelope(error.status, error.reason, error.message, request_id, names, error.details, error.status_name)
    )
    headers = [(name.lower().encode(), value.encode()) for name, value in error.headers.items()]
    await respond(send, error.status, body, request_id, error.content_type or JSON, headers)


def control_operations(spec: dict[str, Any]) -> list[Operation]:
    """The mock's own operations, outside the description, their bodies checked with its schemas all the same."""
    inbound = {
        "type": "object",
        "required": ["source", "destination", "text"],
        "properties": {
            "source": {"$ref": E164_NUMBER},
            "destination": {"$ref": E164_NUMBER},
            "text": {"type": "string", "minLength": 1},
        },
    }
    return [Operation("injectInbound", "POST", CONTROL_PATH, (), compile_schema(spec, inbound), True, False)]


class Endpoint:
    """The ASGI app of one path of the description: pick the operation by method, authenticate, check the
    parameters and body against the description, call the handler, answer with JSON or the error envelope."""

    def __init__(
        self,
        services: Services,
        by_method: dict[str, tuple[Operation, Handler]],
        lets_through: dict[str, frozenset[tuple[str, str]]],
        content_type: bytes = JSON,
    ) -> None:
        self._services = services
        self._by_method = by_method
        self._content_type = content_type  # another only for the wrong_content_type defect
        # Request-body rules the service does not check, by operationId (the service profile only).
        self._lets_through = lets_through
        methods = {*by_method, *(["HEAD"] if "GET" in by_method else [])}
        self._allowed = ", ".join(sorted(methods))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = self._services.request_ids.of(scope)
        names = self._services.status_names
        method = scope["method"]
        chosen = self._by_method.get("GET" if method == "HEAD" else method)
        if chosen is None:
            if self._services.as_service:  # gin's HandleMethodNotAllowed is off (bin-api-manager/server/no_route.go)
                error = ApiError(404, "ROUTE_NOT_FOUND", errors.ROUTE_NOT_FOUND)
            else:
                message = errors.METHOD_NOT_ALLOWED.format(method=method, allowed=self._allowed)
                error = ApiError(405, "METHOD_NOT_ALLOWED", message)
                error.headers = {"Allow": self._allowed}
            await respond_error(send, error, request_id, names)
            return
        operation, handler = chosen
        services = self._services
        incoming = Incoming(scope, receive)
        now = services.config.clock()
        try:
            customer = authenticate(services, incoming, now) if operation.authenticated else None
            params = read_parameters(operation, incoming.path_params, incoming.query)
            if services.as_service and params.get("id") == NIL_UUID:  # server/messages.go, numbers.go, accesskeys.go
                raise ApiError(400, "INVALID_ID", errors.INVALID_ID)
            body = read_json(await incoming.body(services.config.max_body_bytes)) if operation.body else None
            lets_through = self._lets_through.get(operation.operation_id, frozenset())
            if services.as_service and 400 not in operation.bare_statuses:
                body = check_body_as_service(operation, body, lets_through)
            else:
                check_body(operation, body, lets_through)
            result = await handler(Call(services, customer, params, body, now))
            headers: Headers = ()
            if isinstance(result, WithHeaders):
                result, headers = result.body, [(k.lower().encode(), v.encode()) for k, v in result.headers.items()]
            answer = orjson.dumps(result)
        except Disconnected:
            return
        except BodyTooLarge:
            message = errors.BODY_TOO_LARGE.format(limit=services.config.max_body_bytes)
            await respond_error(send, ApiError(413, "BODY_TOO_LARGE", message), request_id, names)
            return
        except ApiError as error:
            error.bare = services.as_service and error.status in operation.bare_statuses
            if error.reason == "INVALID_JSON_BODY" and services.as_service:  # gin wrote the status first
                error.content_type = b"text/plain; charset=utf-8"
            await respond_error(send, error, request_id, names)
            return
        except Exception:
            log.exception("request %s failed", request_id)
            await respond_error(send, ApiError(500, "INTERNAL_ERROR", errors.INTERNAL), request_id, names)
            return
        await respond(send, 200, answer, request_id, self._content_type, headers)


# No request of the description nests deeper than a few levels; deeper JSON would only exhaust the validator.
MAX_BODY_DEPTH = 32


def read_json(body: bytes) -> Any:
    """The body parsed as JSON; 400 if it is not JSON, or nests deeper than MAX_BODY_DEPTH."""
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise ApiError(400, "INVALID_JSON_BODY", errors.INVALID_JSON_BODY) from None
    # Each level opens with a bracket: a body with fewer brackets than the limit (strings' included) cannot exceed it.
    deep = body.count(b"[") + body.count(b"{") > MAX_BODY_DEPTH
    if deep and isinstance(value, dict | list) and nesting_exceeds(value, MAX_BODY_DEPTH):
        raise ApiError(400, "BODY_TOO_DEEP", errors.BODY_TOO_DEEP.format(limit=MAX_BODY_DEPTH))
    return value


def nesting_exceeds(value: Any, limit: int) -> bool:
    """Whether objects and arrays in value nest more than limit levels deep (the value itself is level 1)."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                pending.append((child, depth + 1))
    return False


def authenticate(services: Services, incoming: Incoming, now: int) -> str:
    """The calling customer (ApiError 401 without one)."""
    return services.auth.customer_of(incoming, now)


class RouteNotFound:
    """No path of the description matches: 404 with the envelope."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        error = ApiError(404, "ROUTE_NOT_FOUND", errors.ROUTE_NOT_FOUND)
        await respond_error(send, error, self._services.request_ids.of(scope), self._services.status_names)


class MockApp:
    """The mock as an ASGI application, with its services at hand for tests and tools."""

    def __init__(self, asgi: ASGIApp, services: Services) -> None:
        self.asgi = asgi
        self.services = services

    @property
    def status_names(self) -> Mapping[int, str]:
        """The envelope's `status` of each HTTP status, for answers the server writes outside the app."""
        return self.services.status_names

    @property
    def request_ids(self) -> RequestIds:
        return self.services.request_ids

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.asgi(scope, receive, send)


def text_max_bytes(spec: Mapping[str, Any]) -> int | None:
    """The longest text a send may have, in bytes (x-max-bytes of SendMessageRequest.text), if the description says."""
    limit = spec["components"]["schemas"]["SendMessageRequest"]["properties"]["text"].get("x-max-bytes")
    return None if limit is None else int(limit)


def effective_customers(config: MockConfig, fixtures: Fixtures) -> dict[str, CustomerFixture]:
    """The customers by id, their webhook settings as the run has them: --webhook-url for all (with
    --webhook-method and --webhook-secret, if given), else each fixture's own."""
    if not config.webhook_url:
        return {c.id: c for c in fixtures.customers}
    return {
        c.id: replace(
            c,
            webhook_uri=config.webhook_url,
            webhook_method=c.webhook_method if config.webhook_method is None else config.webhook_method,
            webhook_secret=config.webhook_secret or c.webhook_secret,
        )
        for c in fixtures.customers
    }


def webhooks_for(
    config: MockConfig, customers: Mapping[str, CustomerFixture], spec: dict[str, Any], rng: random.Random
) -> Webhooks | None:
    """Where each customer's webhook events go, for those who have a webhook."""
    destinations = {
        c.id: Destination(c.webhook_uri, c.webhook_method, c.webhook_secret)
        for c in customers.values()
        if c.webhook_uri
    }
    if not destinations:
        return None
    ordered = config.webhooks_ordered if config.webhooks_ordered is not None else config.profile == "tutorial"
    rule = delivery_rule(spec)
    return Webhooks(
        destinations,
        rule,
        sign_body=faults.webhook_signer(config.faults),
        encode=faults.webhook_encoder(config.faults),
        ordered=ordered,
        jitter_seconds=unordered_jitter(config.delays.sent),
        rng=rng,
        # A customer who set no method: GET with the body, as the service sends it; POST, as the docs' receivers take.
        method_when_unset=None if config.profile == "service" else "POST",
    )


def create_app(config: MockConfig | None = None) -> MockApp:
    """A mock VoIPbin server with its own state, as an ASGI application."""
    config = config or MockConfig()
    spec = load_spec(config.spec_path)
    fixtures = load_fixtures(config.fixtures_path)
    # The numbers must be E.164 as the description says: a customer sends from them.
    check_numbers(fixtures, compile_schema(spec, {"$ref": E164_NUMBER}).is_valid, E164_NUMBER)
    store = Store(config.db_path, fixtures)
    # The tutorial passes an access key in ?token=; the service reads `token` as a JWT only.
    secret = config.secret or store.secret()
    auth = Authenticator(
        store,
        secret,
        config.token_ttl_seconds,
        accesskey_in_token=config.profile == "tutorial",
        bearer_exact=config.profile == "service",
    )
    fmt = TimestampFormat(config.timestamps)
    renderer = MessageRenderer(fmt, service=config.profile == "service")
    # Two generators from the seed: the webhooks' delays depend on timing, and must not shift the dispatch paths.
    customers = effective_customers(config, fixtures)
    webhooks = webhooks_for(config, customers, spec, random.Random(config.seed))
    dispatcher = Dispatcher(config.dispatch, random.Random(config.seed))
    services = Services(
        config,
        store,
        auth,
        fmt,
        renderer,
        GroupWriter(store),
        limits_from(spec),
        webhooks,
        dispatcher,
        errors.status_names(spec),
        RequestIds(),
        customers,
        text_max_bytes(spec),
    )
    faults.check_names(config.faults)
    handlers: dict[str, Handler] = {**HANDLERS, "injectInbound": inject_inbound}
    if config.faults:  # beside the request path, only when asked for
        services, handlers = faults.install(services, handlers, config.faults)

    by_path: dict[str, dict[str, tuple[Operation, Handler]]] = {}
    for operation in [*operations(spec), *control_operations(spec)]:
        if operation.operation_id not in handlers:
            raise RuntimeError(f"openapi.yaml has operation {operation.operation_id}, which the mock does not serve")
        by_path.setdefault(operation.path, {})[operation.method] = (operation, handlers[operation.operation_id])
    # The router tries routes in order and the paths do not overlap, so the busiest go first. Each route takes
    # every method, so that its Endpoint answers a wrong one with the envelope; a path that matches no route,
    # trailing slash included, is a 404 with the envelope rather than a redirect.
    busiest_first = sorted(by_path.items(), key=lambda item: not item[0].startswith("/v1.0/messages"))
    lets_through = rules_the_service_lets_through(spec) if services.as_service else {}
    if faults.lets_through(config.faults):
        lets_through["sendMessage"] = lets_through.get("sendMessage", frozenset()) | faults.lets_through(config.faults)
    content_type = faults.content_type(config.faults).encode() if config.faults else JSON
    routes = [Route(path, Endpoint(services, ops, lets_through, content_type)) for path, ops in busiest_first]

    @asynccontextmanager
    async def lifespan(_: object) -> AsyncIterator[None]:
        yield
        if webhooks is not None:
            await webhooks.drain()
            await webhooks.close()
        access_log.flush()
        store.close()

    router = Router(routes, redirect_slashes=False, default=RouteNotFound(services), lifespan=lifespan)
    access_log = AccessLog(faults.wrap_app(router, config.faults) if config.faults else router, services.request_ids)
    return MockApp(access_log, services)
