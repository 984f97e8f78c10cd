"""Production settings: introspection, GraphiQL, suggestions, masking, body size, time, media types."""

from __future__ import annotations

import asyncio
import logging

import pytest

import resolvers.clients.client_queries
import schema.client_rows
from models import Client
from tests.factories import make_org, make_session_token, make_staff
from tests.helpers import SETTINGS, http_client

PRODUCTION = SETTINGS.replace(environment="production")
INTROSPECTION = "{ __schema { queryType { name } } }"
TYPO = "{ clients { totalCont } }"


@pytest.fixture
async def token(db):
    return await make_session_token(await make_staff(await make_org()))


def auth(token):
    return {"Authorization": f"Bearer {token}"}


async def test_introspection_only_in_development(token):
    async with http_client() as dev, http_client(PRODUCTION) as prod:
        open_ = await dev.post("/graphql", json={"query": INTROSPECTION}, headers=auth(token))
        closed = await prod.post("/graphql", json={"query": INTROSPECTION}, headers=auth(token))
    assert open_.json()["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    errors = closed.json()["errors"]
    assert {e["extensions"]["code"] for e in errors} == {"GRAPHQL_VALIDATION_FAILED"}
    assert all("introspection has been disabled" in e["message"] for e in errors)
    assert closed.json().get("data") is None


async def test_graphiql_s_introspection_query_passes_the_limits_in_development(token):
    from graphql import get_introspection_query

    async with http_client() as dev:
        response = await dev.post(
            "/graphql", json={"query": get_introspection_query()}, headers=auth(token)
        )
    body = response.json()
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_field_suggestions_only_in_development(token):
    async with http_client() as dev, http_client(PRODUCTION) as prod:
        helped = await dev.post("/graphql", json={"query": TYPO}, headers=auth(token))
        plain = await prod.post("/graphql", json={"query": TYPO}, headers=auth(token))
    assert "Did you mean 'totalCount'" in helped.json()["errors"][0]["message"]
    (error,) = plain.json()["errors"]
    assert error["message"] == "Cannot query field 'totalCont' on type 'ClientConnection'."
    assert "totalCount" not in plain.text


async def test_unexpected_errors_are_masked_in_production_too(token, monkeypatch, caplog):
    async def broken(*args, **kwargs):
        raise RuntimeError("secret internals: ann@example.com")

    monkeypatch.setattr(resolvers.clients.client_queries, "get_client", broken)
    monkeypatch.setattr(schema.client_rows, "client_row", broken)  # the compiled path's
    caplog.set_level(logging.ERROR, logger="clientela.graphql")
    caplog.set_level(logging.WARNING, logger="clientela.compiled")
    async with http_client(PRODUCTION) as http:
        response = await http.post(
            "/graphql", json={"query": '{ client(id: "x") { id } }'}, headers=auth(token)
        )
    (error,) = response.json()["errors"]
    assert error["message"] == "Internal server error"
    assert "secret" not in response.text and "Traceback" not in response.text
    # The compiled path notes its failure, then the full path answers and logs it.
    assert [r.name for r in caplog.records if r.name == "clientela.compiled"] == [
        "clientela.compiled"
    ]
    (record,) = [r for r in caplog.records if r.name == "clientela.graphql"]
    assert error["extensions"]["request_id"] in record.getMessage()


@pytest.mark.parametrize("settings", [SETTINGS, PRODUCTION], ids=["development", "production"])
async def test_bodies_over_the_limit_are_refused_whatever_they_claim(token, settings):
    settings = settings.replace(max_body_bytes=1000)
    padding = " " * 1000
    async with http_client(settings) as http:
        declared = await http.post(
            "/graphql",
            content=b'{"query": "{ me { permissions } }' + padding.encode() + b'"}',
            headers={**auth(token), "content-type": "application/json"},
        )

        async def chunks():
            yield b'{"query": "{ me { permissions } }'
            for _ in range(20):
                yield b" " * 100
            yield b'"}'

        streamed = await http.post(
            "/graphql",
            content=chunks(),  # chunked: no Content-Length to trust
            headers={**auth(token), "content-type": "application/json"},
        )
        fits = await http.post(
            "/graphql", json={"query": "{ me { permissions } }"}, headers=auth(token)
        )
    for refused in (declared, streamed):
        assert refused.status_code == 413
        assert refused.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert fits.status_code == 200


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"query=%7B%20me%20%7D", "application/x-www-form-urlencoded"),
        (
            b'--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
            b'{"query": "mutation { staffLogout }"}\r\n--x--\r\n',
            "multipart/form-data; boundary=x",
        ),
        (b'{"query": "mutation { staffLogout }"}', "text/plain"),
        (b'{"query": "mutation { staffLogout }"}', None),
    ],
)
async def test_bodies_a_browser_sends_cross_site_are_refused(token, content, content_type):
    headers = auth(token) | ({"content-type": content_type} if content_type else {})
    async with http_client(PRODUCTION) as http:
        response = await http.post("/graphql", content=content, headers=headers)
        still_in = await http.post(
            "/graphql", json={"query": "{ me { permissions } }"}, headers=auth(token)
        )
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert still_in.status_code == 200  # the session was not logged out


async def test_a_request_over_the_time_limit_is_stopped(token, monkeypatch, caplog):
    stopped = asyncio.Event()

    async def slow(*args, **kwargs):
        try:
            await asyncio.sleep(30)
        finally:
            stopped.set()

    monkeypatch.setattr(resolvers.clients.client_queries, "get_client", slow)
    monkeypatch.setattr(schema.client_rows, "client_row", slow)  # the compiled path's
    caplog.set_level(logging.ERROR, logger="clientela.app")
    async with http_client(PRODUCTION.replace(request_timeout=0.3)) as http:
        response = await http.post(
            "/graphql", json={"query": '{ client(id: "x") { id } }'}, headers=auth(token)
        )
    assert response.status_code == 503
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "REQUEST_TIMEOUT"
    assert stopped.is_set()  # the work was cancelled, not left running
    assert response.headers["x-request-id"] in caplog.records[0].getMessage()


async def test_a_mutation_stopped_by_the_time_limit_leaves_nothing(token, monkeypatch):
    import resolvers.clients.client_sql
    import resolvers.clients.create_client

    async def stuck(*args, **kwargs):  # the client row is written; the transaction is open
        await asyncio.sleep(30)

    # The ORM path (SQLite) writes the row, then its activity entry in the same transaction.
    monkeypatch.setattr(resolvers.clients.create_client, "log_activity", stuck)
    # The lean path (PostgreSQL) writes row and entry in one statement, in a transaction with
    # the webhook events when an endpoint subscribes: one does here, and the events stall.
    monkeypatch.setattr(
        resolvers.clients.client_sql, "read_subscribers", lambda raw: [(1, frozenset())]
    )
    monkeypatch.setattr(resolvers.clients.client_sql, "emit_created", stuck)
    create = 'mutation { createClient(input: {firstName: "Ann"}) { client { id } } }'
    async with http_client(SETTINGS.replace(request_timeout=0.3)) as http:
        response = await http.post("/graphql", json={"query": create}, headers=auth(token))
    assert response.status_code == 503
    assert await Client.all().count() == 0
