"""unifyClients (R4.1-R4.3, R4.5): absorb one client record into a survivor, in one transaction.

Both rows are locked in id order (the lock order of resolvers/conflicts.py), so two
merges, or a merge and a points change, on the same records serialise; a run that still
loses a race (a deadlock PostgreSQL breaks) starts over, and CONFLICT_RETRY after that.
Everything attached to the absorbed client moves to the survivor with one UPDATE per
table (notes, activity, notifications, points ledger, purchases, orders, bookings,
memberships, gift cards, gift lists, referrals both ways); tags are united; points add
up through two MERGE ledger entries; the higher level stays; fields follow the merge
plan (merge_plan.py). The absorbed record ends `merged`, pointing to the survivor
forever (R4.2), with its email freed. An account link moves to the survivor, or the
caller says which of two accounts stays linked (R4.3). One activity entry on the
survivor lists what moved and what was dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import (
    ActivityEntry,
    Booking,
    Client,
    ClientTag,
    GiftCard,
    GiftList,
    Membership,
    Note,
    Notification,
    Order,
    PointsEntry,
    Purchase,
)
from models.access import Permission
from models.enums import ClientStatus, PointsSource
from resolvers.access.actor import Actor, require
from resolvers.activity import diff, log_activity
from resolvers.clients.lookup import parse_id
from resolvers.conflicts import retrying
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.lifecycle.merge_plan import Keep, MergePlan, check_choices, dropped_data, plan_merge
from resolvers.loyalty.ledger import post_entry

MOVED = {
    "notes": Note,
    "activity": ActivityEntry,
    "notifications": Notification,
    "pointsEntries": PointsEntry,
    "purchases": Purchase,
    "bookings": Booking,
    "memberships": Membership,
    "giftCards": GiftCard,
    "orders": Order,
    "giftLists": GiftList,
}


@dataclass
class UnifyResult:
    client: Client | None = None
    plan: MergePlan | None = None
    errors: list[UserError] = field(default_factory=list)


async def lock_pair(
    conn: BaseDBAsyncClient, actor: Actor, survivor_id: str, absorbed_id: str
) -> tuple[Client, Client]:
    """Both clients of this organization, locked in id order; NOT_FOUND otherwise."""
    uuids = {
        name: parse_id(value)
        for name, value in (("survivorId", survivor_id), ("absorbedId", absorbed_id))
    }
    missing = [name for name, uuid in uuids.items() if uuid is None]
    rows = await (
        Client.filter(
            organization_id=actor.organization_id, uuid__in=[u for u in uuids.values() if u]
        )
        .using_db(conn)
        .order_by("id")
        .select_for_update()
    )
    by_uuid = {row.uuid: row for row in rows}
    missing += [name for name, uuid in uuids.items() if uuid is not None and uuid not in by_uuid]
    if missing:
        raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", name) for name in missing])
    return by_uuid[uuids["survivorId"]], by_uuid[uuids["absorbedId"]]  # type: ignore[index]


async def _move_records(
    conn: BaseDBAsyncClient, survivor: Client, absorbed: Client
) -> dict[str, int]:
    # A partner id both have stays with the survivor's record (unique per client).
    for model in (Purchase, Booking, Order, GiftList):
        shared = (
            await model.filter(client_id=survivor.id, external_id__isnull=False)
            .using_db(conn)
            .values_list("external_id", flat=True)
        )
        await (
            model.filter(client_id=absorbed.id, external_id__in=list(shared))
            .using_db(conn)
            .update(external_id=None)
        )
    moved = {
        name: await model.filter(client_id=absorbed.id).using_db(conn).update(client_id=survivor.id)
        for name, model in MOVED.items()
    }
    moved["referrals"] = (
        await Client.filter(referred_by_id=absorbed.id)
        .exclude(id=survivor.id)
        .using_db(conn)
        .update(referred_by_id=survivor.id)
    )
    await (
        Client.filter(merged_into_id=absorbed.id).using_db(conn).update(merged_into_id=survivor.id)
    )
    return moved


async def _unite_tags(
    conn: BaseDBAsyncClient, survivor: Client, absorbed: Client, plan: MergePlan
) -> None:
    await ClientTag.bulk_create(
        [ClientTag(client_id=survivor.id, tag_id=tag_id) for tag_id in plan.new_tags], using_db=conn
    )
    await ClientTag.filter(client_id=absorbed.id).using_db(conn).delete()


@retrying
async def unify_clients(
    actor: Actor | None,
    survivor_id: str,
    absorbed_id: str,
    *,
    field_choices: dict[str, Keep] | None = None,
    keep_account_of: Keep | None = None,
) -> UnifyResult:
    actor = require(actor, Permission.CLIENTS_WRITE)
    choices = field_choices or {}
    problems = check_choices(choices)
    if problems:
        return UnifyResult(errors=problems)
    try:
        async with in_transaction("default") as conn:
            survivor, absorbed = await lock_pair(conn, actor, survivor_id, absorbed_id)
            plan = await plan_merge(survivor, absorbed, choices, keep_account_of)
            if plan.blockers:
                raise UserErrors(plan.blockers)
            before = {name: getattr(survivor, name) for name in plan.values}
            points = absorbed.points
            if points:
                reason = f"Merged from {absorbed.uuid}"
                await post_entry(conn, actor, absorbed, -points, reason, source=PointsSource.MERGE)
            # Free what the survivor takes: the absorbed email always (R4.2), its external
            # id and account when they move; then the unique indexes accept the survivor's.
            account_id = absorbed.account_id if plan.keep_account is Keep.ABSORBED else None
            absorbed.email = None
            if "external_id" in plan.values:
                absorbed.external_id = None
            absorbed.account_id = None
            absorbed.status = ClientStatus.MERGED
            absorbed.merged_into_id = survivor.id
            await absorbed.save(
                using_db=conn,
                update_fields=["email", "external_id", "account_id", "status", "merged_into_id"],
            )
            moved = await _move_records(conn, survivor, absorbed)
            await _unite_tags(conn, survivor, absorbed, plan)
            for name, value in plan.values.items():
                setattr(survivor, name, value)
            changed = set(plan.values)
            if account_id is not None:
                survivor.account_id = account_id
                changed.add("account_id")
            if plan.level_id != survivor.level_id:
                survivor.level_id = plan.level_id
                survivor.level_set_manually = (
                    absorbed.level_set_manually
                    if plan.level_id == absorbed.level_id
                    else survivor.level_set_manually
                )
                changed |= {"level_id", "level_set_manually"}
            if survivor.referred_by_id is None and absorbed.referred_by_id not in (
                None,
                survivor.id,
            ):
                survivor.referred_by_id = absorbed.referred_by_id
                changed.add("referred_by_id")
            if changed:
                await survivor.save(using_db=conn, update_fields=sorted(changed))
            if points:
                reason = f"Merged from {absorbed.uuid}"
                await post_entry(conn, actor, survivor, points, reason, source=PointsSource.MERGE)
            changes: dict[str, Any] = diff(before, plan.values)
            changes["mergedFrom"] = [None, str(absorbed.uuid)]
            changes["moved"] = [None, {**moved, "tags": len(plan.new_tags), "points": points}]
            changes["dropped"] = [None, dropped_data(plan)]
            await log_activity(actor, survivor, "client.merged", changes, using_db=conn)
    except UserErrors as exc:
        return UnifyResult(errors=exc.errors)
    return UnifyResult(client=survivor, plan=plan)
