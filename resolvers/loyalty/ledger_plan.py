"""The ledger's rules on the lean path (issue 16): the plan of what a points change writes,
computed from what `ledger_lock.lock` read; `ledger_write.write` writes it.

2. `plan` (pure Python) applies the rules: due credits lapse first (expiry entries), a
   redemption takes from the credits that expire soonest, the balance never goes below
   zero, an automatic-level organization moves the client to the level the balance reaches
   unless a person set it by hand, and every change has its activity entry
   (`resolvers.activity.activity_values`, the one description of an entry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from models import PointsEntry
from models.enums import ActorType, LevelMode, PointsSource
from resolvers.access.actor import Actor
from resolvers.activity import activity_values
from resolvers.errors import UserErrors
from resolvers.loyalty.ledger import MAX_BALANCE, balance_too_high
from resolvers.loyalty.ledger_lock import Locked


class Insufficient(Exception):
    """A redemption over the balance (after due credits lapsed)."""


@dataclass
class Plan:
    client_id: int
    entry: dict[str, Any] | None  # None: no points change
    points: int
    level_id: int | None
    # A record written with the change (a purchase): its table and values.
    record: tuple[str, dict[str, Any]] | None = None
    credits: list[tuple[int, int]] = field(default_factory=list)  # (id, remaining)
    expiries: list[dict[str, Any]] = field(default_factory=list)
    activity: list[dict[str, Any]] = field(default_factory=list)


def plan(
    actor: Actor,
    locked: Locked,
    amount: int,
    reason: str,
    *,
    source: PointsSource,
    expires_at: datetime | None = None,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    field: tuple[str, ...] = ("amount",),
) -> Plan:
    """What `ledger.post_entry` writes, computed from the locked state (raises
    `Insufficient`, and UserErrors OUT_OF_RANGE past MAX_BALANCE as post_entry does)."""
    now = now or datetime.now(UTC)
    client = locked.client
    client_id, organization_id = client["id"], client["organization_id"]
    points = client["points"]
    found = Plan(client_id=client_id, entry={}, points=points, level_id=client["level_id"])
    open_credits = []
    for credit in locked.credits:
        due = _datetime(credit["expires_at"]) <= now
        if not due:
            open_credits.append(credit)
            continue
        lapsing = min(credit["remaining"] or 0, points)
        found.credits.append((credit["id"], 0))
        if lapsing <= 0:
            continue
        points -= lapsing
        expired = f"Expired: {credit['reason']}"[:200]
        found.expiries.append(
            _entry(organization_id, client_id, -lapsing, points, expired,
                   PointsSource.EXPIRY, "system", None, "system", now)
        )  # fmt: skip
    balance = points + amount
    if balance < 0:
        raise Insufficient
    if balance > MAX_BALANCE:
        raise UserErrors([balance_too_high(*field)])
    found.entry = _entry(
        organization_id, client_id, amount, balance, reason, source, actor.type, actor.id,
        actor.name, now,
        expires_at=expires_at if amount > 0 else None,
        remaining=amount if amount > 0 and expires_at is not None else None,
        idempotency_key=idempotency_key,
    )  # fmt: skip
    if amount < 0:
        taking = -amount
        for credit in open_credits:
            if taking <= 0:
                break
            used = min(taking, credit["remaining"] or 0)
            taking -= used
            found.credits.append((credit["id"], (credit["remaining"] or 0) - used))
    found.points = balance
    found.activity.append(
        activity_values(actor, organization_id, client_id, f"points.{source.value}",
                        {"points": [points, balance]}, now)
    )  # fmt: skip
    if not client["level_set_manually"] and locked.level_mode == LevelMode.AUTOMATIC.value:
        level = next((lv for lv in locked.levels if lv["threshold"] <= balance), None)
        new_id = level["id"] if level else None
        if new_id != client["level_id"]:
            old = next((lv for lv in locked.levels if lv["id"] == client["level_id"]), None)
            found.level_id = new_id
            found.activity.append(
                activity_values(
                    actor, organization_id, client_id, "level.followed_points",
                    {"level": [old["name"] if old else None, level["name"] if level else None]},
                    now,
                )
            )  # fmt: skip
    return found


def _datetime(value: Any) -> datetime:
    field = PointsEntry._meta.fields_map["expires_at"]
    found: datetime = field.to_python_value(value)
    return found


def _entry(
    organization_id: int,
    client_id: int,
    amount: int,
    balance: int,
    reason: str,
    source: PointsSource,
    actor_type: ActorType | str,
    actor_id: int | None,
    actor_name: str,
    now: datetime,
    *,
    expires_at: datetime | None = None,
    remaining: int | None = None,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    return {
        "uuid": uuid4(),
        "organization_id": organization_id,
        "client_id": client_id,
        "amount": amount,
        "balance_after": balance,
        "reason": reason,
        "source": PointsSource(source).value,
        "actor_type": ActorType(actor_type).value,
        "actor_id": actor_id,
        "actor_name": actor_name,
        "expires_at": expires_at,
        "remaining": remaining,
        "idempotency_key": idempotency_key,
        "created_at": now,
    }
