"""The production process layout (issue 13, docs/operations.md): two `clientela serve`
processes and two `clientela worker` processes on one PostgreSQL and one Redis share the
requests, the rate limits and the deliveries, and nothing is sent twice."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections import Counter

import httpx
import pytest

from models import Notification
from models.enums import NotificationStatus, StaffRole
from tests.conftest import IS_POSTGRES
from tests.factories import (
    PASSWORD,
    make_org,
    make_reachable_client,
    make_session_token,
    make_staff,
)
from tests.smtp import free_port

pytestmark = pytest.mark.skipif(
    not IS_POSTGRES, reason="processes share one database: PostgreSQL only (CI runs it)"
)
RECIPIENTS = 24
SEND = """mutation { sendNotification(input: {type: MANUAL, channels: [EMAIL], filter: {},
  params: {title: "Hello", body: "Shared"}}) { queued userErrors { code } } }"""
LOGIN = """mutation($email: String!, $password: String!) {
  staffLogin(input: {email: $email, password: $password}) { token userErrors { code } } }"""
CREATE = """mutation { createClient(input: {firstName: "Ana", lastName: "Shared"}) {
  client { id } userErrors { code } } }"""
READ = """query($id: ID!) { client(id: $id) { lastName } }"""
REGISTER = """mutation { registerAccount(input: {organization: "shared",
  email: "newcomer@example.com", password: "a long and unusual passphrase",
  firstName: "Nia", lastName: "New"}) { accepted userErrors { code } } }"""


def start(command: list[str], env: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "clientela.cli", *command], env=env, stdout=log, stderr=log
    )


async def ready(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base) as http:
        while time.monotonic() < deadline:
            try:
                if (await http.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"{base} did not become ready")


async def test_two_servers_and_two_workers_share_requests_limits_and_deliveries(
    database_url, db, redis_settings, smtp_server, tmp_path
):
    org = await make_org(slug="shared")
    staff = await make_staff(org, StaffRole.OWNER, email="owner@shared.test")
    token = await make_session_token(staff)
    for i in range(RECIPIENTS):
        await make_reachable_client(org, f"member{i}@example.com")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_settings.redis_url or "",
        "REDIS_PREFIX": redis_settings.redis_prefix,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_server.port),
        "MAIL_WORKER": "false",  # the web processes serve; the workers deliver
        "CLIENTELA_VAR_DIR": str(tmp_path),
    }
    ports = [free_port(), free_port()]
    log = (tmp_path / "processes.log").open("w")
    processes = [start(["serve", "--port", str(p)], env, log) for p in ports]
    processes += [start(["worker"], env, log) for _ in range(2)]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    auth = {"Authorization": f"Bearer {token}"}
    try:
        await asyncio.gather(*(ready(base) for base in bases))
        a, b = (httpx.AsyncClient(base_url=base, timeout=30) for base in bases)
        async with a, b:
            # Requests: what one server wrote, the other reads.
            created = (await a.post("/graphql", json={"query": CREATE}, headers=auth)).json()
            client_id = created["data"]["createClient"]["client"]["id"]
            read = await b.post(
                "/graphql", json={"query": READ, "variables": {"id": client_id}}, headers=auth
            )
            assert read.json()["data"]["client"] == {"lastName": "Shared"}

            # Rate limits: 10 wrong passwords per email in 15 minutes, counted across both.
            codes = []
            for attempt in range(12):
                server = (a, b)[attempt % 2]
                variables = {"email": "owner@shared.test", "password": "wrong-" + PASSWORD}
                answer = await server.post(
                    "/graphql", json={"query": LOGIN, "variables": variables}
                )
                codes.append(answer.json()["data"]["staffLogin"]["userErrors"][0]["code"])
            assert codes == ["INVALID_CREDENTIALS"] * 10 + ["RATE_LIMITED"] * 2

            # Deliveries: queued through one server, sent by two workers, each once.
            sent = await a.post("/graphql", json={"query": SEND}, headers=auth)
            assert sent.json()["data"]["sendNotification"]["queued"] == RECIPIENTS
            # A sign-up only queues a request: a worker job carries it out and mails.
            registered = await b.post("/graphql", json={"query": REGISTER})
            assert registered.json()["data"]["registerAccount"]["accepted"] is True
            deadline = time.monotonic() + 60
            while len(smtp_server.messages) < RECIPIENTS + 1 and time.monotonic() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.2)
            await asyncio.sleep(2)  # a second copy would arrive by now
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)
        log.close()
    recipients = Counter(str(m["To"]).split("<")[-1].rstrip(">") for m in smtp_server.messages)
    assert sorted(recipients) == sorted(
        [f"member{i}@example.com" for i in range(RECIPIENTS)] + ["newcomer@example.com"]
    )
    assert set(recipients.values()) == {1}, "a message was sent twice"
    statuses = await Notification.all().values_list("status", flat=True)
    # (The client created over HTTP has no email: its notification is skipped.)
    assert Counter(statuses) == {
        NotificationStatus.SENT: RECIPIENTS + 1,
        NotificationStatus.SKIPPED: 1,
    }
    # Stopped with SIGTERM, every process shut down cleanly (uvicorn re-raises the signal
    # once it has shut down, so a server's status is -SIGTERM).
    assert [p.returncode for p in processes] == [-15, -15, 0, 0]
    assert (tmp_path / "processes.log").read_text().count("Application shutdown complete") == 2
