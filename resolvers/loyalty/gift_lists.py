"""createGiftList and updateGiftList: a client's gift (wish) lists, which a shop's
integration or app pushes and the console shows (seed 004, "ver lista de regalos";
PRODUCT.md §2 related records).

A list has a name, an optional event date, a status (open or closed) and up to 100
items (name, quantity, optional http(s) link). The partner's external id makes a
create retry safe, as for purchases; a client id of a merged record writes to its
survivor (R4.2). An update changes only what it names (the items as a whole list);
an update that changes nothing writes nothing. Gift lists are personal wishes: they
are deleted with the client's personal data (R8.1), and move with a merge (R4.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tortoise.transactions import in_transaction

from models import Client, GiftList
from models.access import Permission
from models.enums import GiftListStatus
from resolvers.access.actor import Actor, require
from resolvers.activity import diff, log_activity
from resolvers.clients.lookup import client_and_earlier_record, find_client_record
from resolvers.conflicts import retrying
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.loyalty import order_fields
from resolvers.loyalty.order_fields import GiftItemSpec

EDITABLE = ("name", "event_date", "status", "items")


@dataclass
class GiftListResult:
    gift_list: GiftList | None = None
    client: Client | None = None
    errors: list[UserError] = field(default_factory=list)


def _clean(changes: Mapping[str, Any]) -> tuple[dict[str, Any], list[UserError]]:
    values: dict[str, Any] = {}
    errors: list[UserError] = []
    if "name" in changes:
        values["name"], problems = order_fields.gift_list_name(changes["name"])
        errors += problems
    if "items" in changes:
        if changes["items"] is None:
            errors.append(
                error(ErrorCode.REQUIRED, "Give the items (an empty list clears)", "items")
            )
        values["items"], problems = order_fields.gift_items(changes["items"] or [])
        errors += problems
    if "event_date" in changes:
        values["event_date"] = changes["event_date"]
    if "status" in changes:
        if changes["status"] is None:
            errors.append(error(ErrorCode.REQUIRED, "A gift list needs a status", "status"))
        values["status"] = changes["status"]
    return values, errors


async def create_gift_list(
    actor: Actor | None,
    client_id: str,
    *,
    name: str,
    event_date: date | None = None,
    items: list[GiftItemSpec] | None = None,
    external_id: str | None = None,
) -> GiftListResult:
    actor = require(actor, Permission.POINTS_WRITE)
    values, errors = _clean({"name": name, "items": items or []})
    reference, problems = order_fields.external_id(external_id)
    errors += problems
    if errors:
        return GiftListResult(errors=errors)
    try:
        async with in_transaction("default") as conn:
            client, first = await client_and_earlier_record(
                actor, client_id, GiftList, reference, using_db=conn
            )
            if first is not None:
                return GiftListResult(gift_list=first, client=client)
            gift_list = await GiftList.create(
                client_id=client.id,
                external_id=reference,
                event_date=event_date,
                status=GiftListStatus.OPEN,
                using_db=conn,
                **values,
            )
            changes = {"giftList": [None, str(gift_list.uuid)]}
            await log_activity(actor, client, "gift_list.created", changes, using_db=conn)
    except UserErrors as exc:
        return GiftListResult(errors=exc.errors)
    return GiftListResult(gift_list=gift_list, client=client)


@retrying
async def update_gift_list(
    actor: Actor | None, gift_list_id: str, changes: Mapping[str, Any]
) -> GiftListResult:
    actor = require(actor, Permission.POINTS_WRITE)
    values, errors = _clean({k: v for k, v in changes.items() if k in EDITABLE})
    if errors:
        return GiftListResult(errors=errors)
    try:
        async with in_transaction("default") as conn:
            found = await find_client_record(actor, GiftList, gift_list_id, using_db=conn)
            if found is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such gift list", "giftListId")])
            gift_list, client = found
            before = {name: getattr(gift_list, name) for name in values}
            changed = diff(before, values)
            if not changed:
                return GiftListResult(gift_list=gift_list, client=client)
            for name, value in values.items():
                setattr(gift_list, name, value)
            await gift_list.save(using_db=conn, update_fields=[*values, "updated_at"])
            if "items" in changed:  # the count, not the wishes: the log stays short
                changed["items"] = [len(before["items"]), len(values["items"])]
            changed["giftList"] = [None, str(gift_list.uuid)]
            await log_activity(actor, client, "gift_list.updated", changed, using_db=conn)
    except UserErrors as exc:
        return GiftListResult(errors=exc.errors)
    return GiftListResult(gift_list=gift_list, client=client)
