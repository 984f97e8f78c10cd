"""The points ledger's one writing path (R5.1, R5.2), used by addPoints, purchases, gifts,
expiry and merges: the caller holds the client's row lock and the transaction.

A redemption takes first from the credits that expire soonest; the balance never goes
below zero; an automatic-level organization moves the client to the highest level
their balance reaches, unless a person set the level by hand.

Maxima (issue 14): one operation moves at most MAX_AMOUNT points, and no balance goes
past MAX_BALANCE; an entry that would pass it is refused as OUT_OF_RANGE and nothing
changes. The columns are 64-bit, so no sum the database computes can overflow; the
balance stays within GraphQL's Int (32-bit signed), which is how clients read it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F

from models import Client, Level, Organization, PointsEntry
from models.enums import LevelMode, PointsSource
from resolvers.access.actor import Actor
from resolvers.activity import log_activity
from resolvers.errors import ErrorCode, UserError, UserErrors, error

MAX_AMOUNT = 10_000_000
MAX_BALANCE = 1_000_000_000


def balance_too_high(*field: str) -> UserError:
    return error(ErrorCode.OUT_OF_RANGE, f"A balance holds at most {MAX_BALANCE:,} points", *field)


class InsufficientPoints(Exception):
    pass


async def post_entry(
    conn: BaseDBAsyncClient,
    actor: Actor,
    client: Client,
    amount: int,
    reason: str,
    *,
    source: PointsSource,
    expires_at: datetime | None = None,
    idempotency_key: str | None = None,
    field: tuple[str, ...] = ("amount",),
) -> PointsEntry:
    """Append one entry and move the balance; `client` must be locked by the caller.
    UserErrors (OUT_OF_RANGE at `field`) when the balance would pass MAX_BALANCE."""
    await expire_due(conn, client)
    balance = client.points + amount
    if balance < 0:
        raise InsufficientPoints
    if balance > MAX_BALANCE:
        raise UserErrors([balance_too_high(*field)])
    entry = await PointsEntry.create(
        organization_id=client.organization_id,
        client_id=client.id,
        amount=amount,
        balance_after=balance,
        reason=reason,
        source=source,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_name=actor.name,
        expires_at=expires_at if amount > 0 else None,
        remaining=amount if amount > 0 and expires_at is not None else None,
        idempotency_key=idempotency_key,
        using_db=conn,
    )
    if amount < 0:
        await _consume_expiring(conn, client, -amount)
    await Client.filter(id=client.id).using_db(conn).update(points=F("points") + amount)
    old_points, client.points = client.points, balance
    await log_activity(
        actor, client, f"points.{source.value}", {"points": [old_points, balance]}, using_db=conn
    )
    await follow_level(conn, actor, client)
    return entry


async def _consume_expiring(conn: BaseDBAsyncClient, client: Client, amount: int) -> None:
    credits = (
        await PointsEntry.filter(client_id=client.id, remaining__gt=0)
        .using_db(conn)
        .order_by("expires_at", "id")
        .select_for_update()
    )
    for credit in credits:
        if amount <= 0:
            break
        used = min(amount, credit.remaining or 0)
        credit.remaining = (credit.remaining or 0) - used
        amount -= used
        await credit.save(using_db=conn, update_fields=["remaining"])


async def expire_due(conn: BaseDBAsyncClient, client: Client, now: datetime | None = None) -> int:
    """Turn what is left of this client's expired credits into expiry entries."""
    now = now or datetime.now(UTC)
    due = (
        await PointsEntry.filter(client_id=client.id, remaining__gt=0, expires_at__lte=now)
        .using_db(conn)
        .order_by("expires_at", "id")
        .select_for_update()
    )
    expired = 0
    for credit in due:
        lapsing = min(credit.remaining or 0, client.points)
        credit.remaining = 0
        await credit.save(using_db=conn, update_fields=["remaining"])
        if lapsing <= 0:
            continue
        client.points -= lapsing
        expired += lapsing
        await PointsEntry.create(
            organization_id=client.organization_id,
            client_id=client.id,
            amount=-lapsing,
            balance_after=client.points,
            reason=f"Expired: {credit.reason}"[:200],
            source=PointsSource.EXPIRY,
            actor_type="system",
            actor_name="system",
            using_db=conn,
        )
    if expired:
        await Client.filter(id=client.id).using_db(conn).update(points=F("points") - expired)
    return expired


async def follow_level(conn: BaseDBAsyncClient, actor: Actor, client: Client) -> None:
    """R5.2: in automatic mode the level follows the balance, unless set by hand."""
    if client.level_set_manually:
        return
    organization = await Organization.filter(id=client.organization_id).using_db(conn).get()
    if organization.level_mode is not LevelMode.AUTOMATIC:
        return
    level = (
        await Level.filter(organization_id=client.organization_id, threshold__lte=client.points)
        .using_db(conn)
        .order_by("-threshold")
        .first()
    )
    new_id = level.id if level else None
    if new_id == client.level_id:
        return
    old = await Level.filter(id=client.level_id).using_db(conn).first() if client.level_id else None
    await Client.filter(id=client.id).using_db(conn).update(level_id=new_id)
    client.level_id = new_id
    await log_activity(
        actor,
        client,
        "level.followed_points",
        {"level": [old.name if old else None, level.name if level else None]},
        using_db=conn,
    )
