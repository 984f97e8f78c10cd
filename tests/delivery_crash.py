"""A campaign, a delivery worker killed with SIGKILL in the middle of it, and a second worker
that finishes it: how many messages arrived twice, and how long the rest waited.

Used by tests/test_delivery_crash.py (short lease) and bench/delivery_crash.py (the default).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.context import TortoiseContext

from models import Notification
from models.db import tortoise_config
from models.enums import Channel, NotificationStatus, NotificationType
from tests.factories import make_org, make_reachable_client
from tests.smtp import SmtpServer


@dataclass(frozen=True)
class CrashRun:
    queued: int
    received_before_kill: int
    delivered: int  # distinct messages the server accepted
    resent: int  # messages the server accepted more than once
    resumed_after: float  # seconds from the kill to the next new message
    finished_after: float  # seconds from the kill to the last message
    still_unsent: int


async def _queue(url: str, messages: int) -> None:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        org = await make_org()
        client = await make_reachable_client(org, "campaign@example.com")
        now = datetime.now(UTC)
        await Notification.bulk_create(
            [
                Notification(
                    organization=org,
                    client=client,
                    type=NotificationType.REVIEW_REQUEST,
                    channel=Channel.EMAIL,
                    status=NotificationStatus.QUEUED,
                    locale="en",
                    to_address=client.email,
                    next_attempt_at=now,
                )
                for _ in range(messages)
            ]
        )


async def _unsent(url: str) -> int:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        return await Notification.exclude(status=NotificationStatus.SENT).count()


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "clientela.cli", "deliver"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _until(predicate, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return False


async def crash_run(
    url: str,
    smtp: SmtpServer,
    *,
    messages: int = 200,
    kill_after: int = 40,
    lease_seconds: int | None = None,
    per_message: float = 0.05,
) -> CrashRun:
    """Queue `messages`, kill -9 the worker once `kill_after` arrived, start another."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
    }
    if lease_seconds is not None:
        env["MAIL_LEASE_SECONDS"] = str(lease_seconds)
    subprocess.run(
        [sys.executable, "-m", "clientela.cli", "migrate"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    await _queue(url, messages)
    smtp.recorder.delay = per_message
    first = _worker(env)
    try:
        assert await _until(lambda: len(smtp.messages) >= kill_after, 60), "no mail arrived"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()
    finally:
        if first.poll() is None:
            first.kill()
    received_before_kill = len(smtp.messages)
    second = _worker(env)
    resumed_after = finished_after = float("nan")
    try:
        # Messages the dying worker had in flight still arrive; count from the next new one.
        await asyncio.sleep(0.5)
        in_flight = len(smtp.messages)
        if await _until(lambda: len(smtp.messages) > in_flight, 120):
            resumed_after = time.monotonic() - killed_at

        def distinct() -> int:
            return len({m["Message-ID"] for m in smtp.messages})

        if await _until(lambda: distinct() >= messages, 180):
            finished_after = time.monotonic() - killed_at
        await asyncio.sleep(1.0)  # anything repeated late
    finally:
        second.terminate()
        second.wait(timeout=20)
    counts = Counter(m["Message-ID"] for m in smtp.messages)
    return CrashRun(
        queued=messages,
        received_before_kill=received_before_kill,
        delivered=len(counts),
        resent=sum(n - 1 for n in counts.values()),
        resumed_after=resumed_after,
        finished_after=finished_after,
        still_unsent=await _unsent(url),
    )
