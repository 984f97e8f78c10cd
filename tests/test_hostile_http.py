"""Bodies and documents the GraphQL endpoint refuses, and the headers of every answer (issue 14).

Every refusal is JSON with a code and the request id, and a 4xx status, before GraphQL runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from models import StaffSession
from tests.factories import make_org, make_session_token, make_staff
from tests.helpers import http_client
from tests.smtp import free_port

DEEP = b"[" * 5000 + b"]" * 5000


@pytest.mark.parametrize(
    "body",
    [
        b"null",
        b"42",
        b'"a string"',
        b"[]",
        b"\xff",
        b"\xc3\x28",
        DEEP,
        b'{"query": "{ __typename }", "variables": ' + DEEP + b"}",
        b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 100 + b"]" * 100 + b"}}",
    ],
    ids=["null", "number", "string", "list", "xff", "bad-utf8", "deep", "deep-vars", "deep-100"],
)
async def test_bodies_that_are_no_graphql_request_are_json_4xx_with_a_request_id(db, body):
    async with http_client() as http:
        response = await http.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["extensions"]["request_id"] == response.headers["x-request-id"]
    assert len(error["extensions"]["request_id"]) == 32


@pytest.mark.parametrize("name", ["variables", "extensions"])
async def test_get_parameters_that_are_no_json_object_are_refused(db, name):
    async with http_client() as http:
        for value in ("[" * 5000 + "]" * 5000, "null", "\udcff"[:0] + "{", "[1]"):
            response = await http.get("/graphql", params={"query": "{ __typename }", name: value})
            assert response.status_code == 400, value[:10]
            assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_several_operations_without_a_name_run_none_of_them(db):
    staff = await make_staff(await make_org())
    token = await make_session_token(staff)
    document = "mutation Out { staffLogout { revoked } } query Q { __typename }"
    async with http_client() as http:
        response = await http.post(
            "/graphql",
            json={"query": document},
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/graphql-response+json",
            },
        )
        named = await http.post(
            "/graphql",
            json={"query": document, "operationName": "Q"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 400
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["OPERATION_NAME_REQUIRED"]
    assert await StaffSession.filter(revoked_at__isnull=True).count() == 1  # not logged out
    assert named.json()["data"] == {"__typename": "Query"}


async def test_every_answer_is_not_cached_nor_sniffed(db):
    async with http_client() as http:
        answers = [
            await http.post("/graphql", json={"query": "{ __typename }"}),
            await http.post(
                "/graphql", content=b"null", headers={"content-type": "application/json"}
            ),
            await http.get("/graphql", params={"query": "{ __typename }"}),
            await http.get("/healthz"),
        ]
    for response in answers:
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert len(response.headers["x-request-id"]) == 32
        assert "server" not in response.headers


def test_the_served_app_shows_no_banner_and_logs_no_query_strings(tmp_path):
    url = f"sqlite://{tmp_path / 'served.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MAIL_WORKER": "false",
        "CLIENTELA_ENV": "development",
    }
    subprocess.run(
        [sys.executable, "-m", "clientela.cli", "migrate"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "clientela.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        secret = "hunter2-secret-password"
        login = f'mutation {{ staffLogin(input: {{email: "who@example.com", password: "{secret}"}}) {{ token }} }}'
        refused = httpx.get(f"http://127.0.0.1:{port}/graphql", params={"query": login})
        answered = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": "{ __typename }"})
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert refused.status_code == 405
    assert "server" not in refused.headers and "server" not in answered.headers
    assert (
        secret not in output
        and "who%40example.com" not in output
        and "who@example.com" not in output
    )
