"""unifyClients (R4.1-R4.3, R4.5): absorb one client record into a survivor, in one transaction.

Both rows are locked in id order (the lock order of resolvers/conflicts.py), so two
merges, or a merge and a points change, on the same records serialise; a run that still
loses a race (a deadlock PostgreSQL breaks) starts over, and CONFLICT_RETRY after that.
Everything attached to the absorbed client moves to the survivor with one UPDATE per
table (notes, activity, notifications, points ledger, purchases, orders, bookings,
memberships, gift cards, gift lists, referrals both ways); tags are united; the higher
level stays; fields follow the merge plan (merge_plan.py). Points add up by moving the
absorbed record's ledger (its expiring credits keep expiring); the survivor's history is
then re-read in time order so every `balanceAfter` is the combined balance at that
moment, and one MERGE entry says "Points moved from <absorbed>" - no exit entry shows a
balance falling to 0. The absorbed record ends `merged`, pointing to the survivor
forever (R4.2), with its email freed; its share code and external id keep leading to the
survivor (R4.8). An account link moves to the survivor, or the caller says which of two
accounts stays linked (R4.3). A disabled record keeps the survivor disabled unless the
caller may enable clients and asks otherwise (R4.7). One activity entry on the survivor
lists what moved, what changed and what was dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import (
    ActivityEntry,
    Booking,
    Client,
    ClientTag,
    ConsentEvent,
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
from resolvers.activity import diff, json_value, log_activity
from resolvers.clients.lookup import parse_id
from resolvers.conflicts import retrying
from resolvers.consent.consent_records import merge_consents
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.lifecycle.merge_plan import (
    Keep,
    MergePlan,
    check_choices,
    dropped_data,
    load_facts,
    plan_merge,
)
from resolvers.loyalty.ledger import expire_due, post_entry

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
    "consentHistory": ConsentEvent,
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
    await merge_consents(conn, survivor, absorbed)
    return moved


async def _unite_tags(
    conn: BaseDBAsyncClient, survivor: Client, absorbed: Client, plan: MergePlan
) -> None:
    await ClientTag.bulk_create(
        [ClientTag(client_id=survivor.id, tag_id=tag_id) for tag_id in plan.new_tags], using_db=conn
    )
    await ClientTag.filter(client_id=absorbed.id).using_db(conn).delete()


async def _rechain(conn: BaseDBAsyncClient, survivor: Client) -> None:
    """Every entry's balanceAfter becomes the combined balance at its time."""
    entries = (
        await PointsEntry.filter(client_id=survivor.id)
        .using_db(conn)
        .order_by("created_at", "id")
        .only("id", "amount", "balance_after")
    )
    running, changed = 0, []
    for entry in entries:
        running += entry.amount
        if entry.balance_after != running:
            entry.balance_after = running
            changed.append(entry)
    if changed:
        await PointsEntry.bulk_update(changed, ["balance_after"], batch_size=500, using_db=conn)


@retrying
async def unify_clients(
    actor: Actor | None,
    survivor_id: str,
    absorbed_id: str,
    *,
    field_choices: dict[str, Keep] | None = None,
    keep_account_of: Keep | None = None,
    status: ClientStatus | None = None,
) -> UnifyResult:
    actor = require(actor, Permission.CLIENTS_WRITE)
    choices = field_choices or {}
    problems = check_choices(choices)
    if problems:
        return UnifyResult(errors=problems)
    try:
        async with in_transaction("default") as conn:
            survivor, absorbed = await lock_pair(conn, actor, survivor_id, absorbed_id)
            facts = await load_facts(survivor, absorbed, conn)
            plan = plan_merge(actor, survivor, absorbed, facts, choices, keep_account_of, status)
            if plan.blockers:
                raise UserErrors(plan.blockers)
            before = {name: getattr(survivor, name) for name in plan.values}
            await expire_due(conn, absorbed)
            await expire_due(conn, survivor)
            points = absorbed.points
            # Free what the survivor takes: the absorbed email always (R4.2), its external
            # id and account when they move; then the unique indexes accept the survivor's.
            account_id = absorbed.account_id if plan.keep_account is Keep.ABSORBED else None
            absorbed.email = None
            if "external_id" in plan.values:
                absorbed.external_id = None
            absorbed.account_id = None
            absorbed.status = ClientStatus.MERGED
            absorbed.merged_into_id = survivor.id
            absorbed.points = 0
            await absorbed.save(
                using_db=conn,
                update_fields=[
                    "email",
                    "external_id",
                    "account_id",
                    "status",
                    "merged_into_id",
                    "points",
                ],
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
            if plan.status is not None and plan.status != survivor.status:
                survivor.status = plan.status
                changed.add("status")
            if changed:
                await survivor.save(using_db=conn, update_fields=sorted(changed))
            if points:
                await (
                    Client.filter(id=survivor.id).using_db(conn).update(points=F("points") + points)
                )
                survivor.points += points
                await _rechain(conn, survivor)
                # The moved history already sums to the new balance; this entry says so.
                reason = f"Points moved from {absorbed.uuid} ({points})"
                await post_entry(conn, actor, survivor, 0, reason, source=PointsSource.MERGE)
            changes: dict[str, Any] = diff(before, plan.values)
            for name, (old, new) in plan.changes.items():
                changes.setdefault(name, [json_value(old), json_value(new)])
            changes["mergedFrom"] = [None, str(absorbed.uuid)]
            changes["moved"] = [None, {**moved, "tags": len(plan.new_tags), "points": points}]
            changes["dropped"] = [None, dropped_data(plan)]
            if plan.warnings:
                changes["warnings"] = [None, [w.code.value for w in plan.warnings]]
            await log_activity(actor, survivor, "client.merged", changes, using_db=conn)
    except UserErrors as exc:
        return UnifyResult(errors=exc.errors)
    return UnifyResult(client=survivor, plan=plan)
