"""recordPurchase and recordBooking: what partner integrations push about a client
(seed 001's sales and bookings, seed 004's purchases).

A paid purchase may earn points: the ledger entry is written in the same
transaction, so a purchase and its points are never half recorded. Both are written by
`record_with_points.record_with_points`: BEGIN, one locking read, one write, COMMIT. The
partner's external id makes a retry safe: recording the same external id for the same client
again returns the first record and credits nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from models import Booking, Client, Purchase
from models.access import Permission
from models.enums import BookingStatus, PurchaseStatus
from resolvers.access.actor import Actor, require
from resolvers.clients.client_fields import Invalid, required_line, single_line
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.loyalty.ledger import MAX_AMOUNT
from resolvers.loyalty.money import currency as check_currency
from resolvers.loyalty.money import money
from resolvers.loyalty.record_with_points import record_with_points


@dataclass
class RecordResult:
    record: Purchase | Booking | None = None
    client: Client | None = None
    errors: list[UserError] = field(default_factory=list)


def _external_id(value: str | None) -> str | None:
    try:
        cleaned: str | None = single_line(100)(value)
        return cleaned
    except Invalid as exc:
        raise UserErrors([error(exc.code, exc.message, "externalId")]) from None


async def record_purchase(
    actor: Actor | None,
    client_id: str,
    *,
    amount: Decimal,
    currency: str,
    status: PurchaseStatus,
    value_date: date,
    description: str = "",
    points_earned: int = 0,
    external_id: str | None = None,
) -> RecordResult:
    actor = require(actor, Permission.POINTS_WRITE)
    errors = []
    errors += money(amount, "amount")
    errors += check_currency(currency, "currency")[1]
    if not 0 <= points_earned <= MAX_AMOUNT:
        errors.append(error(ErrorCode.OUT_OF_RANGE, "Points earned out of range", "pointsEarned"))
    if points_earned and status is not PurchaseStatus.PAID:
        errors.append(error(ErrorCode.INVALID, "Only a paid purchase earns points", "pointsEarned"))
    try:
        text = single_line(200, blank_is_none=False)(description)
        reference = _external_id(external_id)
    except Invalid as exc:
        errors.append(error(exc.code, exc.message, "description"))
    except UserErrors as exc:
        errors += exc.errors
    if errors:
        return RecordResult(errors=errors)
    values = {
        "external_id": reference,
        "description": text,
        "amount": amount,
        "currency": currency.strip().upper(),
        "status": status.value,
        "value_date": value_date,
        "points_earned": points_earned,
    }
    try:
        purchase, client = await record_with_points(
            actor,
            client_id,
            Purchase,
            reference,
            values,
            "purchase.recorded",
            points=points_earned,
            reason=lambda uuid: f"Purchase {text or uuid}"[:200],
        )
    except LookupError:
        return RecordResult(errors=[error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
    except UserErrors as exc:  # the balance would pass MAX_BALANCE
        return RecordResult(errors=exc.errors)
    return RecordResult(record=purchase, client=client)


async def record_booking(
    actor: Actor | None,
    client_id: str,
    *,
    activity: str,
    starts_at: datetime,
    status: BookingStatus,
    external_id: str | None = None,
) -> RecordResult:
    actor = require(actor, Permission.POINTS_WRITE)
    try:
        text, problem = required_line(activity, 200, "activity", "A booking")
        if problem:
            raise UserErrors([problem])
        reference = _external_id(external_id)
    except UserErrors as exc:
        return RecordResult(errors=exc.errors)
    values = {
        "external_id": reference,
        "activity": text,
        "starts_at": starts_at,
        "status": status.value,
    }
    try:
        booking, client = await record_with_points(
            actor, client_id, Booking, reference, values, "booking.recorded"
        )
    except LookupError:
        return RecordResult(errors=[error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
    return RecordResult(record=booking, client=client)
