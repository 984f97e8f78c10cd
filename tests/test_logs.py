"""Structured logs (issue 13): one JSON object per line in production, the request id on every
line of a request (the proxy's X-Request-Id when it sends one, returned in the response),
the operation name and actor id; never personal data, tokens or secrets."""

from __future__ import annotations

import io
import json
import logging

import pytest
import structlog

from clientela.logs import configure_logging
from tests.factories import make_org, make_session_token, make_staff
from tests.helpers import SETTINGS, http_client
from tests.smtp import free_port

ADD = """mutation AddClient($input: CreateClientInput!) {
  createClient(input: $input) { client { id } userErrors { code } } }"""
PRIVATE = {"firstName": "Giulia", "lastName": "Riservata", "email": "giulia.private@example.com"}


@pytest.fixture
def lines():
    """Production logging into a buffer; the process's logging put back afterwards."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging(
        SETTINGS.replace(environment="production", secret_key="s" * 40, log_level="DEBUG"),
        stream,
    )

    def read() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield read
    root.handlers, _ = saved
    root.setLevel(saved[1])
    structlog.reset_defaults()


async def test_a_request_logs_one_json_line_with_its_ids_and_no_personal_data(db, lines):
    org = await make_org()
    staff = await make_staff(org)
    token = await make_session_token(staff)
    async with http_client() as http:
        response = await http.post(
            "/graphql",
            json={"query": ADD, "variables": {"input": PRIVATE}},
            headers={"Authorization": f"Bearer {token}", "X-Request-Id": "proxy-req-42"},
        )
    assert response.json()["data"]["createClient"]["userErrors"] == []
    assert response.headers["x-request-id"] == "proxy-req-42"
    logged = lines()
    (line,) = [entry for entry in logged if entry.get("event") == "request"]
    assert line["request_id"] == "proxy-req-42"
    assert line["operation"] == "AddClient" and line["operation_type"] == "mutation"
    assert line["actor"] == f"staff:{staff.id}"
    assert (line["method"], line["path"], line["status"], line["outcome"]) == (
        "POST",
        "/graphql",
        200,
        "ok",
    )
    assert line["statements"] > 0 and line["level"] == "info" and "timestamp" in line
    text = json.dumps(logged)
    for private in [*PRIVATE.values(), token, "s" * 40]:
        assert private not in text


async def test_every_line_written_during_a_request_carries_its_id(db, lines):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    async with http_client(SETTINGS.replace(redis_url=closed)) as http:
        response = await http.get("/readyz", headers={"X-Request-Id": "probe-7"})
    assert response.status_code == 503
    (warning,) = [e for e in lines() if e["event"].startswith("readiness")]
    assert warning["request_id"] == "probe-7" and warning["level"] == "warning"
    assert "6379" not in json.dumps(warning) and "redis://" not in json.dumps(warning)


async def test_a_request_without_a_usable_id_gets_a_new_one(db, lines):
    async with http_client() as http:
        first = await http.post("/graphql", json={"query": "{ __typename }"})
        second = await http.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"X-Request-Id": "a b\tc"}
        )
    ids = [first.headers["x-request-id"], second.headers["x-request-id"]]
    assert all(len(i) == 32 for i in ids) and ids[0] != ids[1]
    assert [e["request_id"] for e in lines() if e["event"] == "request"] == ids


def test_development_logs_are_readable_lines(capsys):
    root = logging.getLogger()
    saved = root.handlers[:]
    stream = io.StringIO()
    try:
        configure_logging(SETTINGS, stream)
        logging.getLogger("clientela.test").info("hello %s", "there")
    finally:
        root.handlers = saved
        structlog.reset_defaults()
    assert "hello there" in stream.getvalue()
    with pytest.raises(json.JSONDecodeError):
        json.loads(stream.getvalue().splitlines()[0])
