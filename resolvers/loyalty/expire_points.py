"""Expiring points on time (R5.1): what is left of a credit leaves the balance when it expires.

A periodic job (inside `clientela serve` and `clientela deliver`, every minute) finds
clients with due credits and settles each one in its own transaction with the
client's row locked, so it never races a points change; the level follows (R5.2).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from clientela.infra.log_safety import stack
from models import Client, PointsEntry
from resolvers.access.actor import Actor
from resolvers.activity import log_activity
from resolvers.loyalty.ledger import expire_due, follow_level

log = logging.getLogger("clientela.points")
BATCH = 500


async def expire_points_due(now: datetime | None = None) -> int:
    """Settle every due credit; returns how many clients lost points."""
    now = now or datetime.now(UTC)
    settled = 0
    while True:
        client_ids = sorted(
            {
                row.client_id
                for row in await PointsEntry.filter(remaining__gt=0, expires_at__lte=now)
                .limit(BATCH)
                .only("id", "client_id")
            }
        )
        if not client_ids:
            return settled
        for client_id in client_ids:
            async with in_transaction("default") as conn:
                client = await Client.filter(id=client_id).using_db(conn).select_for_update().get()
                before = client.points
                if await expire_due(conn, client, now):
                    actor = Actor.system(client.organization_id)
                    await log_activity(
                        actor,
                        client,
                        "points.expiry",
                        {"points": [before, client.points]},
                        using_db=conn,
                    )
                    await follow_level(conn, actor, client)
                    settled += 1


async def run_periodically(stop: asyncio.Event, every: float = 60.0) -> None:
    while not stop.is_set():
        try:
            await expire_points_due()
        except Exception as exc:
            log.error("expiring points failed; retrying at the next round: %s", stack(exc))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every)
