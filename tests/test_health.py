"""Liveness and readiness (issue 13): /livez answers while the process runs; /readyz (and its
old name /healthz) answers 503 naming the database or Redis when one does not answer."""

from __future__ import annotations

import pytest

from tests.helpers import SETTINGS, http_client
from tests.smtp import free_port


@pytest.mark.parametrize("path", ["/readyz", "/healthz"])
async def test_ready_when_the_database_answers(db, path):
    async with http_client() as http:
        response = await http.get(path)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}, "failing": []}


async def test_ready_checks_redis_when_it_is_configured(db, redis_settings):
    async with http_client(redis_settings) as http:
        response = await http.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_not_ready_naming_redis_when_redis_does_not_answer(db):
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    async with http_client(SETTINGS.replace(redis_url=closed)) as http:
        ready = await http.get("/readyz")
        alive = await http.get("/livez")
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
        "failing": ["redis"],
    }
    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})


async def test_not_ready_naming_the_database_when_it_does_not_answer(db, monkeypatch, caplog):
    class Down:
        async def execute_query(self, *args, **kwargs):
            raise OSError("could not connect to postgres://user:secret@db/x")

    monkeypatch.setattr("clientela.health.connections.get", lambda name: Down())
    async with http_client() as http:
        ready = await http.get("/healthz")
        alive = await http.get("/livez")
    assert ready.status_code == 503
    assert ready.json()["failing"] == ["database"]
    assert alive.status_code == 200
    assert "secret" not in caplog.text and "database does not answer (OSError)" in caplog.text
