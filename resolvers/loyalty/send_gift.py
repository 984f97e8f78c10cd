"""sendGift (R5.4): give a client points, a gift card or a membership, and tell them.

Exactly one kind of gift per call. The gift and its notification (in-app and email,
under the rules of R3.5) are written in one transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from mailer import outbox
from models import Client, GiftCard, Membership, Organization
from models.access import Permission
from models.enums import Channel, NotificationType, PointsSource
from resolvers.access.actor import Actor, require
from resolvers.activity import log_activity
from resolvers.clients.client_fields import Invalid, multi_line, required_line
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.loyalty.ledger import MAX_AMOUNT, post_entry
from resolvers.loyalty.money import currency, money
from resolvers.notifications.notifications import queue_for_clients

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class GiftCardSpec:
    amount: Decimal
    currency: str
    expires_on: date | None = None


@dataclass(frozen=True)
class MembershipSpec:
    name: str
    starts_on: date
    ends_on: date | None = None


@dataclass
class GiftResult:
    client: Client | None = None
    description: str | None = None
    errors: list[UserError] = field(default_factory=list)


def _describe(
    points: int | None, card: GiftCardSpec | None, membership: MembershipSpec | None
) -> tuple[str, str]:
    """(kind, value) for the activity log and the payload."""
    if points:
        return "points", str(points)
    if card:
        return "gift_card", f"{card.amount} {card.currency.strip().upper()}"
    assert membership is not None
    return "membership", membership.name.strip()


def _params(
    points: int | None,
    card: GiftCard | None,
    membership: MembershipSpec | None,
    note: str | None,
) -> dict[str, Any]:
    """Typed parameters of the GIFT message, worded in the client's language (R7.6):
    a gift card's amount, code and expiry, so the person can use it."""
    params: dict[str, Any] = {}
    if points:
        params = {"gift_kind": "points", "points": points}
    elif card is not None:
        params = {
            "gift_kind": "gift_card",
            "amount": {"amount": str(card.amount), "currency": card.currency},
            "code": card.code,
        }
        if card.expires_on is not None:
            params["expires_on"] = card.expires_on.isoformat()
    elif membership is not None:
        params = {"gift_kind": "membership", "membership": membership.name.strip()}
    if note:
        params["message"] = note
    return params


def _check(
    points: int | None, card: GiftCardSpec | None, membership: MembershipSpec | None
) -> None:
    given = [g for g in (points, card, membership) if g is not None]
    if len(given) != 1:
        raise UserErrors(
            [error(ErrorCode.REQUIRED, "Give exactly one of points, giftCard, membership")]
        )
    if points is not None and not 0 < points <= MAX_AMOUNT:
        raise UserErrors([error(ErrorCode.OUT_OF_RANGE, "Give 1 or more points", "points")])
    if card is not None:
        if problems := money(card.amount, "giftCard", "amount", positive=True):
            raise UserErrors(problems)
        if currency(card.currency)[1]:
            raise UserErrors(
                [error(ErrorCode.INVALID, "Use an ISO 4217 code", "giftCard", "currency")]
            )
    if membership is not None:
        _, problem = required_line(membership.name, 200, "name", "A membership")
        if problem:
            raise UserErrors([error(problem.code, problem.message, "membership", "name")])
        if membership.ends_on and membership.ends_on < membership.starts_on:
            raise UserErrors(
                [error(ErrorCode.INVALID, "Ends before it starts", "membership", "endsOn")]
            )


async def send_gift(
    actor: Actor | None,
    client_id: str,
    *,
    points: int | None = None,
    gift_card: GiftCardSpec | None = None,
    membership: MembershipSpec | None = None,
    message: str | None = None,
) -> GiftResult:
    actor = require(actor, Permission.POINTS_WRITE)
    try:
        _check(points, gift_card, membership)
        try:
            note = multi_line(1000)(message)
        except Invalid as exc:
            raise UserErrors([error(exc.code, exc.message, "message")]) from None
        kind, value = _describe(points, gift_card, membership)
        description = f"{kind}: {value}"
        async with in_transaction("default") as conn:
            client = await find_client(actor, client_id, for_update=True, using_db=conn)
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            card: GiftCard | None = None
            if points:
                await post_entry(
                    conn,
                    actor,
                    client,
                    points,
                    f"Gift: {note or description}"[:200],
                    source=PointsSource.GIFT,
                    field=("points",),
                )
            elif gift_card:
                card = await GiftCard.create(
                    client_id=client.id,
                    code="".join(secrets.choice(_CODE_ALPHABET) for _ in range(12)),
                    amount=gift_card.amount,
                    currency=gift_card.currency.strip().upper(),
                    expires_on=gift_card.expires_on,
                    using_db=conn,
                )
                await log_activity(
                    actor,
                    client,
                    "gift.gift_card",
                    {"giftCard": [None, str(card.uuid)]},
                    using_db=conn,
                )
            elif membership:
                given = await Membership.create(
                    client_id=client.id,
                    name=membership.name.strip(),
                    starts_on=membership.starts_on,
                    ends_on=membership.ends_on,
                    using_db=conn,
                )
                await log_activity(
                    actor,
                    client,
                    "gift.membership",
                    {"membership": [None, str(given.uuid)]},
                    using_db=conn,
                )
            organization = await Organization.filter(id=client.organization_id).using_db(conn).get()
            params = _params(points, card, membership, note)
            tally = await queue_for_clients(
                conn,
                organization,
                Client.filter(id=client.id),
                NotificationType.GIFT,
                [Channel.EMAIL, Channel.IN_APP],
                params,
            )
    except UserErrors as exc:
        return GiftResult(errors=exc.errors)
    if tally.queued:
        outbox.nudge()
    return GiftResult(client=client, description=description)
