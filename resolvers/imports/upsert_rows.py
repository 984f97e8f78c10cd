"""Creating or updating many clients at once (R10.5, R10.6): the engine that
upsertClients and file imports share.

Each row is validated by the same cleaners as createClient/updateClient (§2), matched
by its public id when it carries one (an export's `id` column), else by external id
or email, and answers on its own: CREATED, UPDATED, UNCHANGED or REFUSED with typed
errors. A batch is written in one transaction (rows locked in id order, one activity
entry per changed row, which emits its webhook event); when the database refuses the
batch (a racing writer took an email meanwhile), each row is retried alone, so a bad
row never blocks the others and nothing is half-written. Tags are only ever added.
Repeating the same rows changes nothing (UNCHANGED).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Client, ClientTag, Tag
from models.imports import MatchBy
from models.tag import tag_key
from resolvers.access.actor import Actor
from resolvers.activity import diff, log_activities
from resolvers.clients.client_fields import camel
from resolvers.clients.client_write import new_share_code, violated_column
from resolvers.errors import ErrorCode, error
from resolvers.imports.upsert_plan import (
    LIVE,
    SECONDARY,
    Known,
    Plan,
    Row,
    RowOutcome,
    RowStatus,
    conflicts,
    match,
    refused,
    validate,
)

__all__ = ["Row", "RowOutcome", "RowStatus", "upsert_batch"]


async def _existing_tags(conn: BaseDBAsyncClient, client_ids: list[int]) -> dict[int, set[str]]:
    present: dict[int, set[str]] = {}
    if client_ids:
        rows = await (
            ClientTag.filter(client_id__in=client_ids)
            .using_db(conn)
            .values_list("client_id", "tag__key")
        )
        for client_id, key in rows:
            present.setdefault(client_id, set()).add(key)
    return present


def _plan_changes(plan: Plan, present: set[str]) -> None:
    if plan.client is None:
        values = {k: v for k, v in plan.values.items() if v not in (None, "")}
        plan.changes = diff({}, values)
    else:
        before = {name: getattr(plan.client, name) for name in plan.values}
        plan.changes = diff(before, plan.values)
    plan.new_tags = [name for key, name in plan.tags.items() if key not in present]


async def upsert_batch(
    actor: Actor,
    rows: Sequence[Row],
    match_by: MatchBy,
    *,
    country: str,
    dry_run: bool = False,
    known: Known | None = None,
) -> list[RowOutcome]:
    """Write `rows` (validated, matched, each with its own outcome), in `index` order.
    `known` names the match keys already written by earlier batches of the same file."""
    plans, outcomes = validate(rows, match_by, country)
    if known is not None and plans:
        repeated = await known([p.key for p in plans])
        message = "An earlier row has the same match key"
        outcomes += [
            refused(p.row, error(ErrorCode.DUPLICATE_ROW, message), key=p.key)
            for p in plans
            if p.key in repeated
        ]
        plans = [p for p in plans if p.key not in repeated]
    if plans:
        try:
            outcomes += await _write(actor, plans, dry_run=dry_run)
        except IntegrityError as exc:
            if len(plans) == 1:
                outcomes.append(_integrity_refusal(plans[0], exc))
            else:  # a racing writer: each row on its own, so only the culprit is refused
                for plan in plans:
                    outcomes += await upsert_batch(
                        actor, [plan.row], match_by, country=country, dry_run=dry_run
                    )
    return sorted(outcomes, key=lambda o: o.index)


def _integrity_refusal(plan: Plan, exc: IntegrityError) -> RowOutcome:
    """A unique value taken by a racing writer between the checks and the write."""
    column = violated_column(exc)
    name = "email" if column == "email_key" else column
    if name in SECONDARY:
        code, field_name, message = SECONDARY[name]
        return refused(plan.row, error(code, message, field_name), key=plan.key)
    raise exc


async def _write(actor: Actor, plans: list[Plan], *, dry_run: bool) -> list[RowOutcome]:
    outcomes: list[RowOutcome] = []
    async with in_transaction("default") as conn:
        await match(actor, plans, conn, lock=not dry_run)
        clashes = await conflicts(actor, plans, conn)
        present = await _existing_tags(conn, [p.client.id for p in plans if p.client])
        todo: list[Plan] = []
        for plan in plans:
            if plan.row.index in clashes:
                outcomes.append(refused(plan.row, clashes[plan.row.index], key=plan.key))
                continue
            if plan.client is not None and plan.client.status not in LIVE:
                message = f"The client is {plan.client.status.value}"
                refusal = error(ErrorCode.INVALID_STATUS, message)
                outcomes.append(refused(plan.row, refusal, key=plan.key))
                continue
            _plan_changes(plan, present.get(plan.client.id, set()) if plan.client else set())
            if plan.client is not None and not plan.changes and not plan.new_tags:
                outcomes.append(
                    RowOutcome(plan.row.index, RowStatus.UNCHANGED, plan.client, key=plan.key)
                )
                continue
            todo.append(plan)
        if not dry_run:
            await _apply(actor, todo, conn)
    for plan in todo:
        status = RowStatus.CREATED if plan.client is None or plan.created else RowStatus.UPDATED
        outcomes.append(RowOutcome(plan.row.index, status, plan.client, key=plan.key))
    return outcomes


async def _apply(actor: Actor, plans: list[Plan], conn: BaseDBAsyncClient) -> None:
    now = datetime.now(UTC)
    creates = [p for p in plans if p.client is None]
    new_clients = []
    for plan in creates:
        values = dict(plan.values)
        values.setdefault("registered_at", now)
        if values.get("share_code") is None:
            values["share_code"] = new_share_code()
        client = Client(uuid=uuid4(), organization_id=actor.organization_id, **values)
        client.derive()
        client.created_at = client.updated_at = now
        new_clients.append(client)
        plan.client = client
        plan.created = True
    if new_clients:
        await Client.bulk_create(new_clients, using_db=conn)
        ids = dict(
            await Client.filter(uuid__in=[c.uuid for c in new_clients])
            .using_db(conn)
            .values_list("uuid", "id")
        )
        for client in new_clients:
            client.id = ids[client.uuid]
    for plan in plans:
        if plan.created or not plan.changes:
            continue
        assert plan.client is not None
        for name in plan.values:
            setattr(plan.client, name, plan.values[name])
        changed = [n for n in plan.values if camel(n) in plan.changes]
        await plan.client.save(using_db=conn, update_fields=changed)
    await _add_tags(actor, plans, conn)
    entries: list[tuple[int, str, Mapping[str, Any]]] = []
    for plan in plans:
        assert plan.client is not None
        if plan.created:
            entries.append((plan.client.id, "client.created", plan.changes))
        elif plan.changes:
            entries.append((plan.client.id, "client.updated", plan.changes))
        if plan.new_tags:
            entries.append((plan.client.id, "tags.added", {"tagsAdded": [None, plan.new_tags]}))
    await log_activities(actor, entries, using_db=conn)


async def _add_tags(actor: Actor, plans: list[Plan], conn: BaseDBAsyncClient) -> None:
    wanted = {tag_key(n): n for p in plans for n in p.new_tags}
    if not wanted:
        return
    await Tag.bulk_create(
        [Tag(organization_id=actor.organization_id, key=k, name=n) for k, n in wanted.items()],
        ignore_conflicts=True,
        using_db=conn,
    )
    tags = dict(
        await Tag.filter(organization_id=actor.organization_id, key__in=list(wanted))
        .using_db(conn)
        .values_list("key", "id")
    )
    await ClientTag.bulk_create(
        [
            ClientTag(client_id=p.client.id, tag_id=tags[tag_key(n)])
            for p in plans
            if p.client is not None
            for n in p.new_tags
        ],
        ignore_conflicts=True,
        using_db=conn,
    )
