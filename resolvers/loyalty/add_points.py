"""addPoints (R5.1): add (or, with a negative amount, redeem) loyalty points.

The client's row is locked for the change, so concurrent calls on one client
serialise and the balance is always the ledger's sum; a redemption over the
balance is INSUFFICIENT_POINTS. An idempotency key makes a retry safe: the same key
again changes nothing and returns the first result (a key reused for a different
request is refused). Expiring credits get an expiry date in the future.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import Client, PointsEntry
from models.access import Permission
from models.db import is_postgres, stable_plans_connection
from models.enums import PointsSource
from resolvers.access.actor import Actor, require
from resolvers.clients.client_fields import Invalid, required_line, single_line
from resolvers.clients.lookup import parse_id
from resolvers.conflicts import retrying
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.loyalty import ledger_lock, ledger_plan, ledger_write
from resolvers.loyalty.as_model import as_model
from resolvers.loyalty.ledger import MAX_AMOUNT

M = TypeVar("M", bound=Model)


@dataclass
class PointsResult:
    entry: PointsEntry | None = None
    client: Client | None = None
    errors: list[UserError] = field(default_factory=list)


def _check(
    amount: int, reason: str, key: str | None, expires_at: datetime | None
) -> tuple[str, str | None]:
    errors = []
    text, problem = required_line(reason, 200, "reason", "An entry")
    if problem:
        errors.append(problem)
    if amount == 0 or abs(amount) > MAX_AMOUNT:
        errors.append(
            error(ErrorCode.OUT_OF_RANGE, f"Use a non-zero amount up to {MAX_AMOUNT}", "amount")
        )
    clean_key = None
    try:
        clean_key = single_line(100)(key) if key is not None else None
    except Invalid as exc:
        errors.append(error(exc.code, exc.message, "idempotencyKey"))
    if expires_at is not None and (amount < 0 or expires_at <= datetime.now(UTC)):
        errors.append(
            error(ErrorCode.INVALID, "Only credits expire, and in the future", "expiresAt")
        )
    if errors:
        raise UserErrors(errors)
    return text or "", clean_key


def _replayed(locked: ledger_lock.Locked, client_id: str, amount: int) -> PointsResult:
    """A retry with a key already used: the first result, if it was the same request."""
    entry = locked.replay
    assert entry is not None
    if str(entry["client_uuid"]) != client_id or entry["amount"] != amount:
        return PointsResult(
            errors=[
                error(ErrorCode.INVALID, "This key was used for another request", "idempotencyKey")
            ]
        )
    del entry["client_uuid"]
    return PointsResult(entry=_model(PointsEntry, entry), client=_model(Client, locked.client))


@retrying
async def add_points(
    actor: Actor | None,
    client_id: str,
    amount: int,
    reason: str,
    *,
    idempotency_key: str | None = None,
    expires_at: datetime | None = None,
) -> PointsResult:
    """BEGIN, the locking read (`ledger_lock.lock`), the write (`ledger_write.write`), the
    webhook subscribers (events), COMMIT; no ORM query is built."""
    actor = require(actor, Permission.POINTS_WRITE)
    try:
        text, key = _check(amount, reason, idempotency_key, expires_at)
    except UserErrors as exc:
        return PointsResult(errors=exc.errors)
    uuid = parse_id(client_id)
    if uuid is None:
        return PointsResult(errors=[error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
    optimistic = await _optimistic(actor, uuid, client_id, amount, text, key, expires_at)
    if optimistic is not None:
        return optimistic
    for attempt in (1, 2):
        try:
            async with in_transaction("default") as conn:
                locked = await ledger_lock.lock(conn, actor.organization_id, uuid, key)
                if locked is None:
                    raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
                if locked.replay is not None:
                    return _replayed(locked, client_id, amount)
                try:
                    plan = ledger_plan.plan(
                        actor, locked, amount, text, source=PointsSource.MANUAL,
                        expires_at=expires_at, idempotency_key=key,
                    )  # fmt: skip
                except ledger_plan.Insufficient:
                    raise UserErrors(
                        [
                            error(
                                ErrorCode.INSUFFICIENT_POINTS,
                                "The balance is lower than that",
                                "amount",
                            )
                        ]
                    ) from None
                client_uuid = UUID(str(locked.client["uuid"]))
                entry, _ = await ledger_write.write(conn, plan, client_uuid, locked.subscribers)
        except UserErrors as exc:
            return PointsResult(errors=exc.errors)
        except IntegrityError:
            if key is None or attempt == 2:
                raise
            continue  # a racing retry won: the second pass reads its entry as the replay
        client = {**locked.client, "points": plan.points, "level_id": plan.level_id}
        return PointsResult(entry=_model(PointsEntry, entry), client=_model(Client, client))
    raise AssertionError("unreachable")  # pragma: no cover


async def _optimistic(
    actor: Actor,
    uuid: UUID,
    client_id: str,
    amount: int,
    text: str,
    key: str | None,
    expires_at: datetime | None,
) -> PointsResult | None:
    """PostgreSQL, no webhook subscriber: two round trips and no transaction block - the
    read without a lock, the rules, then the write as one statement that checks the client
    is still as read (`ledger_write.write_unlocked`). None when it must go the locking way:
    the client changed meanwhile, a racing retry took the key, or an event must be written
    in the change's transaction."""
    conn = stable_plans_connection()
    if not is_postgres(conn):
        return None
    locked = await ledger_lock.lock(conn, actor.organization_id, uuid, key, for_update=False)
    if locked is None:
        return PointsResult(errors=[error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
    if locked.replay is not None:
        return _replayed(locked, client_id, amount)
    if locked.subscribers or locked.version is None:
        return None
    try:
        plan = ledger_plan.plan(
            actor, locked, amount, text, source=PointsSource.MANUAL,
            expires_at=expires_at, idempotency_key=key,
        )  # fmt: skip
    except ledger_plan.Insufficient:
        return PointsResult(errors=[_insufficient()])
    except UserErrors as exc:
        return PointsResult(errors=exc.errors)
    try:
        entry, _ = await ledger_write.write_unlocked(conn, plan, locked.version)
    except (ledger_write.Stale, IntegrityError):
        return None
    client = {**locked.client, "points": plan.points, "level_id": plan.level_id}
    return PointsResult(entry=_model(PointsEntry, entry), client=_model(Client, client))


def _insufficient() -> UserError:
    return error(ErrorCode.INSUFFICIENT_POINTS, "The balance is lower than that", "amount")


def _model(model: type[M], row: dict[str, Any]) -> M:
    """An ORM instance of a row already read (no query): the payload's types read it."""
    return as_model(model, row)
