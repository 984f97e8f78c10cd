"""One middleware that gives every request an id, a log line and its metrics.

The id is the proxy's `X-Request-Id` when it sends a plain one, a new one otherwise; it is
returned in the response's `X-Request-Id` and is on every log line written while the
request runs. When the request ends, one line says what it was (method, route, status,
duration, operation, actor, statements) and the metrics record it. Never the query
string, the body or the caller's address.
"""

from __future__ import annotations

import logging
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clientela import metrics
from clientela.infra.observe import CURRENT, RequestFacts, valid_request_id

log = logging.getLogger("clientela.request")

# Routes whose lines would only be noise: probes and scrapes, every few seconds.
QUIET = frozenset({"/livez", "/readyz", "/healthz", "/metrics"})


def outcome(facts: RequestFacts, status: int) -> str:
    if status == 429:
        return "throttled"
    if facts.outcome is not None and status < 400:
        return facts.outcome
    if status >= 500:
        return facts.outcome or "error"
    if status >= 400:
        return "unauthenticated" if status == 401 else "refused"
    return facts.outcome or "ok"


class Observability:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = Headers(scope=scope).get("x-request-id")
        kept = sent if sent is not None and valid_request_id(sent) else None
        facts = RequestFacts(request_id=kept or uuid.uuid4().hex)
        token = CURRENT.set(facts)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-Id"] = facts.request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            path = _route(scope)
            facts.outcome = outcome(facts, status)
            if facts.operation_type != "query":
                facts.read_path = None  # only queries have two read paths
            metrics.record(facts, path, status, seconds)
            if path not in QUIET:
                log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": path,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 1),
                        "outcome": facts.outcome,
                        "operation_type": facts.operation_type,
                        "read_path": facts.read_path,
                        "statements": facts.statements,
                    },
                )
            CURRENT.reset(token)


def _route(scope: Scope) -> str:
    """The route's template (/export/segments/{segment_id}.{fmt}), not the concrete path."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    if isinstance(template, str):
        return template
    path = str(scope.get("path", ""))
    return path if path in QUIET or path == "/graphql" else "other"
