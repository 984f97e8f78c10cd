"""Where delivery runs: inside `clientela serve`, as `clientela deliver`, and the dev mail sink."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import subprocess
import sys
import time
from datetime import UTC, datetime

import aiosmtplib
import httpx
import pytest

from clientela.app import create_app
from mailer.sink import start_sink
from models import Notification
from models.enums import Channel, NotificationStatus, NotificationType
from tests.factories import make_org, make_reachable_client, make_session_token, make_staff
from tests.smtp import free_port


async def wait_for(predicate, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_serve_delivers_what_a_request_queued(database_url, smtp_server, mail_settings):
    settings = mail_settings.replace(database_url=database_url)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        from tortoise import connections

        from models.db import migrate

        await migrate(connections.get("default"))
        org = await make_org()
        await make_reachable_client(org, "served@example.com")
        token = await make_session_token(await make_staff(org))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            response = await http.post(
                "/graphql",
                headers={"Authorization": f"Bearer {token}"},
                json={
                    "query": "mutation { sendNotification(input: {type: MANUAL, channels: [EMAIL], filter: {}, "
                    'params: {title: "Hello", body: "From the server"}}) { queued } }'
                },
            )
        assert response.json()["data"]["sendNotification"]["queued"] == 1
        assert await wait_for(lambda: len(smtp_server.messages) == 1)
    assert smtp_server.messages[0]["Subject"] == "Hello"


async def test_the_deliver_command_sends_the_queue(database_url, smtp_server):
    url = database_url
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SMTP_PORT": str(smtp_server.port),
        "SMTP_HOST": "127.0.0.1",
    }
    subprocess.run(
        [sys.executable, "-m", "clientela.cli", "migrate"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    from tortoise.context import TortoiseContext

    from models.db import tortoise_config

    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        org = await make_org()
        client = await make_reachable_client(org, "worker@example.com")
        await Notification.create(
            organization=org,
            client=client,
            type=NotificationType.REVIEW_REQUEST,
            channel=Channel.EMAIL,
            status=NotificationStatus.QUEUED,
            locale="en",
            to_address=client.email,
            next_attempt_at=datetime.now(UTC),
        )
    worker = subprocess.Popen(
        [sys.executable, "-m", "clientela.cli", "deliver"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert await wait_for(lambda: len(smtp_server.messages) == 1, 30)
    finally:
        worker.terminate()
        worker.communicate(timeout=10)
    assert smtp_server.messages[0]["To"].endswith("<worker@example.com>")
    assert worker.returncode == 0


async def test_the_dev_sink_saves_each_message_as_an_eml_file(tmp_path):
    port = free_port()
    sink = start_sink(tmp_path / "mail", "127.0.0.1", port)
    try:
        message = email.message.EmailMessage()
        message["From"], message["To"], message["Subject"] = (
            "a@example.com",
            "b@example.com",
            "Ciao",
        )
        message.set_content("body")
        await aiosmtplib.send(message, hostname="127.0.0.1", port=port)
    finally:
        sink.stop()
    (saved,) = (tmp_path / "mail").glob("*.eml")
    parsed = email.message_from_bytes(saved.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == "Ciao"


async def test_the_dev_sink_refuses_its_bounce_domain_for_good(tmp_path):
    port = free_port()
    sink = start_sink(tmp_path / "mail", "127.0.0.1", port)
    try:
        message = email.message.EmailMessage()
        message["From"], message["To"], message["Subject"] = (
            "a@example.com",
            "nobody@bounce.example",
            "Ciao",
        )
        message.set_content("body")
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
            await aiosmtplib.send(message, hostname="127.0.0.1", port=port)
    finally:
        sink.stop()
    assert refused.value.recipients[0].code == 550
    assert list((tmp_path / "mail").glob("*.eml")) == []
