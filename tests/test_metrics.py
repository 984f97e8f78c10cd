"""Metrics (issue 13): /metrics in the Prometheus text format counts GraphQL requests by
operation and outcome, their latency, SQL statements per request, throttled requests, the
read path that answered, and the outbox's backlog and oldest age; production protects it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from clientela.settings import Settings
from models import Notification
from models.enums import Channel, NotificationStatus, NotificationType
from tests.factories import (
    make_client,
    make_org,
    make_reachable_client,
    make_session_token,
    make_staff,
)
from tests.helpers import SETTINGS, http_client

QUERY = "query ClientsPage { clients(first: 5) { nodes { id firstName } } }"


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def _token():
    org = await make_org()
    for _ in range(3):
        await make_client(org)
    return org, await make_session_token(await make_staff(org))


def _samples(text: str) -> dict[str, float]:
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if not sample.labels
    }


async def test_requests_latency_statements_and_read_path_are_counted(db):
    _, token = await _token()
    auth = {"Authorization": f"Bearer {token}"}
    labels = {"operation": "ClientsPage", "type": "query"}
    before = {
        "ok": value("clientela_graphql_requests_total", **labels, outcome="ok"),
        "latency": value("clientela_graphql_request_duration_seconds_count", **labels),
        "statements": value("clientela_sql_statements_per_request_sum", operation="ClientsPage"),
        "compiled": value("clientela_read_path_answers_total", path="compiled"),
        "reference": value("clientela_read_path_answers_total", path="reference"),
        "error": value("clientela_graphql_requests_total", **labels, outcome="error"),
    }
    for settings, path in (
        (SETTINGS, "compiled"),
        (SETTINGS.replace(compiled_reads=False), "reference"),
    ):
        async with http_client(settings) as http:
            answered = value("clientela_read_path_answers_total", path=path)
            response = await http.post("/graphql", json={"query": QUERY}, headers=auth)
            assert len(response.json()["data"]["clients"]["nodes"]) == 3
            assert value("clientela_read_path_answers_total", path=path) == answered + 1
            bad = "query ClientsPage { clients(first: 5) { nodes { nope } } }"
            await http.post("/graphql", json={"query": bad}, headers=auth)
            scraped = await http.get("/metrics")
    assert value("clientela_graphql_requests_total", **labels, outcome="ok") == before["ok"] + 2
    assert (
        value("clientela_graphql_requests_total", **labels, outcome="error") == before["error"] + 2
    )
    assert (
        value("clientela_graphql_request_duration_seconds_count", **labels) == before["latency"] + 4
    )
    # Each answer read the clients at least: statements are counted per request.
    assert (
        value("clientela_sql_statements_per_request_sum", operation="ClientsPage")
        >= before["statements"] + 2
    )
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    assert (
        'clientela_graphql_requests_total{operation="ClientsPage",outcome="ok",type="query"}'
        in scraped.text
    )


async def test_throttled_requests_are_counted(db):
    _, token = await _token()
    tiny = Settings(key_bucket_size=5, key_restore_rate=0.001)
    before = value("clientela_throttled_requests_total", path="/graphql")
    async with http_client(tiny) as http:
        response = await http.post(
            "/graphql", json={"query": QUERY}, headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 429
    assert value("clientela_throttled_requests_total", path="/graphql") == before + 1


async def test_the_outbox_backlog_and_its_oldest_age_are_read_when_scraped(db):
    org = await make_org()
    client = await make_reachable_client(org, "queued@example.com")
    async with http_client() as http:
        empty = _samples((await http.get("/metrics")).text)
        for minutes in (5, 1):
            note = await Notification.create(
                organization=org,
                client=client,
                type=NotificationType.REVIEW_REQUEST,
                channel=Channel.EMAIL,
                status=NotificationStatus.QUEUED,
                locale="en",
                to_address=client.email,
                next_attempt_at=datetime.now(UTC),
            )
            await Notification.filter(id=note.id).update(
                created_at=datetime.now(UTC) - timedelta(minutes=minutes)
            )
        full = _samples((await http.get("/metrics")).text)
    assert (empty["clientela_outbox_backlog"], empty["clientela_outbox_oldest_age_seconds"]) == (
        0,
        0,
    )
    assert full["clientela_outbox_backlog"] == 2
    assert 290 < full["clientela_outbox_oldest_age_seconds"] < 400


async def test_production_serves_metrics_only_with_the_token(db):
    production = SETTINGS.replace(environment="production")
    async with http_client(production) as http:
        assert (await http.get("/metrics")).status_code == 404
    guarded = production.replace(metrics_token="scrape-token-123")
    async with http_client(guarded) as http:
        assert (await http.get("/metrics")).status_code == 401
        wrong = await http.get("/metrics", headers={"Authorization": "Bearer nope"})
        right = await http.get("/metrics", headers={"Authorization": "Bearer scrape-token-123"})
    assert wrong.status_code == 401
    assert right.status_code == 200 and "clientela_outbox_backlog" in right.text


def test_operation_names_are_bounded():
    from clientela import metrics

    assert metrics.operation_label(None) == "anonymous"
    assert metrics.operation_label("not a name!") == "invalid"
    saved = set(metrics._operations)
    try:
        metrics._operations.update(f"Op{i}" for i in range(metrics.MAX_OPERATIONS))
        assert metrics.operation_label("OneTooMany") == "other"
        assert metrics.operation_label("Op1") == "Op1"
    finally:
        metrics._operations.clear()
        metrics._operations.update(saved)
