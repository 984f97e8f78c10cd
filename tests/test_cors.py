"""CORS (issue 13): browsers on the allowed origins may call /graphql and the exports;
preflights are answered; no origin is given credentials; production allows none by default."""

from __future__ import annotations

import pytest

from clientela.settings import Settings
from tests.helpers import http_client

CONSOLE = "https://console.example.com"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type",
}
ALLOWED = Settings(cors_allowed_origins=(CONSOLE,))


@pytest.mark.parametrize("path", ["/graphql", "/export/segments/some-id.csv"])
async def test_a_preflight_from_an_allowed_origin_is_answered(db, path):
    async with http_client(ALLOWED) as http:
        response = await http.options(path, headers={"Origin": CONSOLE, **PREFLIGHT})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == CONSOLE
    assert {"GET", "POST"} <= set(response.headers["access-control-allow-methods"].split(", "))
    allowed_headers = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed_headers and "content-type" in allowed_headers
    assert "access-control-allow-credentials" not in response.headers
    assert response.headers["access-control-max-age"] == "600"


async def test_a_request_from_an_allowed_origin_can_read_the_answer(db):
    async with http_client(ALLOWED) as http:
        response = await http.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"Origin": CONSOLE}
        )
    assert response.json()["data"] == {"__typename": "Query"}
    assert response.headers["access-control-allow-origin"] == CONSOLE
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()
    assert "origin" in response.headers["vary"].lower()
    assert "access-control-allow-credentials" not in response.headers


async def test_other_origins_get_no_cors_headers(db):
    async with http_client(ALLOWED) as http:
        preflight = await http.options(
            "/graphql", headers={"Origin": "https://evil.example", **PREFLIGHT}
        )
        answer = await http.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://evil.example"}
        )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in answer.headers


async def test_production_allows_no_origin_unless_configured(db):
    production = Settings.from_env(
        {"CLIENTELA_ENV": "production", "SECRET_KEY": "k" * 40, "DATABASE_URL": "sqlite://:memory:"}
    )
    async with http_client(production) as http:
        response = await http.options("/graphql", headers={"Origin": CONSOLE, **PREFLIGHT})
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


async def test_development_allows_the_console_dev_server(db):
    async with http_client(Settings()) as http:
        response = await http.options(
            "/graphql", headers={"Origin": "http://localhost:5173", **PREFLIGHT}
        )
    assert response.headers["access-control-allow-origin"] == "http://localhost:5173"


async def test_a_wildcard_allows_every_origin_without_credentials(db):
    async with http_client(Settings(cors_allowed_origins=("*",))) as http:
        response = await http.options("/graphql", headers={"Origin": CONSOLE, **PREFLIGHT})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
