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

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Client, PointsEntry
from models.access import Permission
from models.enums import PointsSource
from resolvers.access.actor import Actor, require
from resolvers.clients.client_fields import Invalid, required_line, single_line
from resolvers.clients.lookup import find_client
from resolvers.conflicts import retrying
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.loyalty.ledger import MAX_AMOUNT, InsufficientPoints, post_entry


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


async def _replay(actor: Actor, key: str, client_id: str, amount: int) -> PointsResult:
    entry = await PointsEntry.get(organization_id=actor.organization_id, idempotency_key=key)
    client = await Client.get(id=entry.client_id)
    if str(client.uuid) != client_id or entry.amount != amount:
        return PointsResult(
            errors=[
                error(ErrorCode.INVALID, "This key was used for another request", "idempotencyKey")
            ]
        )
    return PointsResult(entry=entry, client=client)


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
    actor = require(actor, Permission.POINTS_WRITE)
    try:
        text, key = _check(amount, reason, idempotency_key, expires_at)
    except UserErrors as exc:
        return PointsResult(errors=exc.errors)
    if (
        key
        and await PointsEntry.filter(
            organization_id=actor.organization_id, idempotency_key=key
        ).exists()
    ):
        return await _replay(actor, key, client_id, amount)
    try:
        async with in_transaction("default") as conn:
            client = await find_client(actor, client_id, for_update=True, using_db=conn)
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            try:
                entry = await post_entry(
                    conn,
                    actor,
                    client,
                    amount,
                    text,
                    source=PointsSource.MANUAL,
                    expires_at=expires_at,
                    idempotency_key=key,
                )
            except InsufficientPoints:
                raise UserErrors(
                    [
                        error(
                            ErrorCode.INSUFFICIENT_POINTS,
                            "The balance is lower than that",
                            "amount",
                        )
                    ]
                ) from None
    except UserErrors as exc:
        return PointsResult(errors=exc.errors)
    except IntegrityError:
        if key is None:
            raise
        return await _replay(actor, key, client_id, amount)  # a racing retry won
    return PointsResult(entry=entry, client=client)
