"""Prometheus metrics (prometheus-client), served at /metrics.

Per request, recorded by the observability middleware from `RequestFacts`:
GraphQL requests by operation, type and outcome; their latency; SQL statements per
request; throttled requests (429); which read path answered (compiled or reference).
Read from the database when scraped: the outbox backlog and the age of its oldest row.

Several processes (`clientela serve --workers N`) share one multiprocess directory
(PROMETHEUS_MULTIPROC_DIR, set by `clientela serve`), so any worker's /metrics reports all.
In production /metrics is served only with METRICS_TOKEN set, and asks for it as a bearer
token; in development it is open.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from clientela.infra.observe import RequestFacts
from clientela.settings import Settings
from models import Notification
from models.enums import NotificationStatus

log = logging.getLogger("clientela.metrics")

# Operation names are the caller's words: bounded so that metrics cannot grow without end.
MAX_OPERATIONS = 200
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_operations: set[str] = set()

REQUESTS = Counter(
    "clientela_graphql_requests",
    "GraphQL requests by operation name, operation type and outcome",
    ["operation", "type", "outcome"],
)
LATENCY = Histogram(
    "clientela_graphql_request_duration_seconds",
    "Time to answer a GraphQL request",
    ["operation", "type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
STATEMENTS = Histogram(
    "clientela_sql_statements_per_request",
    "SQL statements one HTTP request ran",
    ["operation"],
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100, 250),
)
THROTTLED = Counter(
    "clientela_throttled_requests", "Requests refused by a rate limit (HTTP 429)", ["path"]
)
READ_PATH = Counter(
    "clientela_read_path_answers",
    "GraphQL queries by the read path that answered: compiled or reference (graphql-core)",
    ["path"],
)


def operation_label(name: str | None) -> str:
    if name is None:
        return "anonymous"
    if not _NAME.fullmatch(name):
        return "invalid"
    if name not in _operations:
        if len(_operations) >= MAX_OPERATIONS:
            return "other"
        _operations.add(name)
    return name


def record(facts: RequestFacts, path: str, status: int, seconds: float) -> None:
    operation = operation_label(facts.operation)
    if status == 429:
        THROTTLED.labels(path=path).inc()
    if path == "/graphql":
        kind = facts.operation_type or "unknown"
        REQUESTS.labels(operation=operation, type=kind, outcome=facts.outcome or "error").inc()
        LATENCY.labels(operation=operation, type=kind).observe(seconds)
        if facts.read_path:
            READ_PATH.labels(path=facts.read_path).inc()
    STATEMENTS.labels(operation=operation if path == "/graphql" else path).observe(facts.statements)


async def _outbox() -> list[GaugeMetricFamily]:
    pending = Notification.filter(
        status__in=(NotificationStatus.QUEUED, NotificationStatus.SENDING)
    )
    backlog = await pending.count()
    oldest = await pending.order_by("created_at").first().values_list("created_at", flat=True)
    age = (datetime.now(UTC) - oldest).total_seconds() if isinstance(oldest, datetime) else 0.0
    return [
        GaugeMetricFamily(
            "clientela_outbox_backlog", "Messages queued in the outbox, not yet sent", backlog
        ),
        GaugeMetricFamily(
            "clientela_outbox_oldest_age_seconds",
            "Age of the oldest queued message (0 when none waits)",
            max(age, 0.0),
        ),
    ]


class _Gauges:
    def __init__(self, gauges: list[GaugeMetricFamily]) -> None:
        self.gauges = gauges

    def collect(self) -> list[GaugeMetricFamily]:
        return self.gauges


def _process_registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry
    from prometheus_client import REGISTRY

    return REGISTRY


async def exposition() -> bytes:
    gauges = CollectorRegistry()
    try:
        gauges.register(_Gauges(await _outbox()))
    except Exception as exc:  # the database is down: the other metrics still matter
        log.warning("metrics: the outbox could not be read (%s)", type(exc).__name__)
    return generate_latest(_process_registry()) + generate_latest(gauges)


def authorized(settings: Settings, request: Request) -> bool:
    token = settings.metrics_token
    if token is None:
        return not settings.is_production
    header = request.headers.get("authorization", "")
    given = header.removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), token.get_secret_value().encode())


def endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    async def metrics(request: Request) -> Response:
        if not authorized(settings, request):
            if settings.metrics_token is None:
                return PlainTextResponse("Not Found", status_code=404)
            return PlainTextResponse(
                "metrics need the METRICS_TOKEN bearer token",
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return Response(await exposition(), media_type=CONTENT_TYPE_LATEST)

    return metrics
