"""The HTTP surface: GraphQL over HTTP, bad requests, GraphiQL, health, lifespan, masking."""

from __future__ import annotations

import logging

import httpx
import pytest

import resolvers.clients.client_queries
import schema.client_rows
from clientela.app import create_app
from clientela.settings import Settings
from models import Client
from tests.factories import make_client, make_org, make_session_token, make_staff
from tests.helpers import SETTINGS, http_client


@pytest.fixture
async def token(db):
    org = await make_org()
    await make_client(org, first_name="Ann", email="ann@example.com")
    return await make_session_token(await make_staff(org))


def auth(token):
    return {"Authorization": f"Bearer {token}"}


async def test_post_json_query(token):
    async with http_client() as http:
        response = await http.post(
            "/graphql", json={"query": "{ clients { totalCount } }"}, headers=auth(token)
        )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["data"] == {"clients": {"totalCount": 1}}
    assert response.json()["extensions"]["cost"]["requestedQueryCost"] == 22


async def test_get_runs_queries_but_not_mutations(token):
    async with http_client() as http:
        ok = await http.get(
            "/graphql", params={"query": "{ clients { totalCount } }"}, headers=auth(token)
        )
        refused = await http.get(
            "/graphql",
            params={
                "query": 'mutation { createClient(input: {firstName: "X"}) { userErrors { code } } }'
            },
            headers=auth(token),
        )
    assert ok.json()["data"] == {"clients": {"totalCount": 1}}
    assert refused.status_code == 405
    assert refused.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert await Client.all().count() == 1


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"{not json", "application/json", 400, "BAD_REQUEST"),
        (
            b"query=%7B%20me%20%7D",
            "application/x-www-form-urlencoded",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (b'{"query": 42}', "application/json", 400, "BAD_REQUEST"),
        (
            b'{"query": "{ me { permissions } }", "variables": []}',
            "application/json",
            400,
            "BAD_REQUEST",
        ),
    ],
)
async def test_malformed_requests_get_a_json_error_without_a_trace(
    token, content, content_type, status, code
):
    async with http_client() as http:
        response = await http.post(
            "/graphql", content=content, headers={**auth(token), "content-type": content_type}
        )
    assert response.status_code == status
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == code
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ clients { nope } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ clients { ", "GRAPHQL_PARSE_FAILED"),
        ('{ clients(first: "ten") { totalCount } }', "GRAPHQL_VALIDATION_FAILED"),
        ("{ clients(first: 500) { totalCount } }", "BAD_USER_INPUT"),
    ],
)
async def test_graphql_errors_are_coded(token, query, code):
    async with http_client() as http:
        response = await http.post("/graphql", json={"query": query}, headers=auth(token))
    assert response.status_code == 200
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == [code]


async def test_graphql_response_media_type_gets_400_for_request_errors(token):
    headers = {**auth(token), "accept": "application/graphql-response+json"}
    async with http_client() as http:
        bad = await http.post("/graphql", json={"query": "{ clients { nope } }"}, headers=headers)
        good = await http.post(
            "/graphql", json={"query": "{ clients { totalCount } }"}, headers=headers
        )
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/graphql-response+json")
    assert good.status_code == 200
    assert good.headers["content-type"].startswith("application/graphql-response+json")


async def test_unexpected_errors_are_masked_and_logged_with_a_request_id(
    token, monkeypatch, caplog
):
    async def broken(*args, **kwargs):
        raise RuntimeError("secret internals: ann@example.com")

    # Broken on both read paths: the compiled path gives the request to the full path,
    # which masks what it cannot answer.
    monkeypatch.setattr(resolvers.clients.client_queries, "get_client", broken)
    monkeypatch.setattr(schema.client_rows, "client_row", broken)
    caplog.set_level(logging.ERROR, logger="clientela.graphql")
    caplog.set_level(logging.WARNING, logger="clientela.compiled")
    async with http_client() as http:
        response = await http.post(
            "/graphql", json={"query": '{ client(id: "x") { id } }'}, headers=auth(token)
        )
    (error,) = response.json()["errors"]
    assert error["message"] == "Internal server error"
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret internals" not in response.text
    # The compiled path notes its failure, then the full path answers and logs it.
    assert [r.name for r in caplog.records if r.name == "clientela.compiled"] == [
        "clientela.compiled"
    ]
    (record,) = [r for r in caplog.records if r.name == "clientela.graphql"]
    assert error["extensions"]["request_id"] in record.getMessage()
    # The type and the stack, not the message: messages can quote input values.
    assert "RuntimeError" in record.getMessage()
    assert "in broken" in record.getMessage()
    assert "ann@example.com" not in record.getMessage() and record.exc_info is None


async def test_graphiql_only_in_development(db):
    production = SETTINGS.replace(environment="production")
    async with http_client() as dev, http_client(production) as prod:
        page = await dev.get("/graphql", headers={"accept": "text/html"})
        hidden = await prod.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    assert hidden.status_code == 404


async def test_lifespan_opens_and_closes_the_database(database_url):
    # The suite's own kind of database: Tortoise caches SQL per model and dialect, so a
    # process must not mix SQLite and PostgreSQL.
    settings = Settings(database_url=database_url)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            assert (await http.get("/healthz")).json()["status"] == "ok"
