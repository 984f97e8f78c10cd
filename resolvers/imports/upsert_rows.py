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

from collections.abc import Sequence

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import ClientTag
from models.imports import MatchBy
from resolvers.access.actor import Actor
from resolvers.activity import diff
from resolvers.clients.client_write import violated_column
from resolvers.errors import ErrorCode, error
from resolvers.imports.upsert_consent import ImportProof, current_consents, plan_consent
from resolvers.imports.upsert_match import conflicts, match
from resolvers.imports.upsert_plan import (
    LIVE,
    SECONDARY,
    Checked,
    ConsentAnswer,
    Known,
    Plan,
    Row,
    RowOutcome,
    RowStatus,
    refused,
    validate,
)
from resolvers.imports.upsert_write import write_plans

__all__ = ["ConsentAnswer", "ImportProof", "Row", "RowOutcome", "RowStatus", "upsert_batch"]


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


def plan_changes(plan: Plan, present: set[str]) -> None:
    if plan.client is None:
        values = {k: v for k, v in plan.values.items() if v not in (None, "")}
        plan.changes = diff({}, values)
    else:
        plan.changes = diff(plan.client.values, plan.values)
    plan.new_tags = [name for key, name in plan.tags.items() if key not in present]


async def upsert_batch(
    actor: Actor,
    rows: Sequence[Row],
    match_by: MatchBy,
    *,
    country: str,
    dry_run: bool = False,
    known: Known | None = None,
    proof: ImportProof | None = None,
    checked: Checked | None = None,
) -> list[RowOutcome]:
    """Write `rows` (validated, matched, each with its own outcome), in `index` order.
    `known` names the match keys already written by earlier batches of the same file;
    `proof`, where an import's consent answers come from; `checked`, what `validate`
    already made of these rows (an import checks the next batch while this one writes)."""
    plans, outcomes = checked if checked is not None else validate(rows, match_by, country)
    outcomes = list(outcomes)
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
            outcomes += await _write(actor, plans, dry_run=dry_run, proof=proof)
        except IntegrityError as exc:
            if len(plans) == 1:
                outcomes.append(integrity_refusal(plans[0], exc))
            else:  # a racing writer: each row on its own, so only the culprit is refused
                for plan in plans:
                    outcomes += await upsert_batch(
                        actor, [plan.row], match_by, country=country, dry_run=dry_run, proof=proof
                    )
    return sorted(outcomes, key=lambda o: o.index)


def integrity_refusal(plan: Plan, exc: IntegrityError) -> RowOutcome:
    """A unique value taken by a racing writer between the checks and the write."""
    column = violated_column(exc)
    name = "email" if column == "email_key" else column
    if name in SECONDARY:
        code, field_name, message = SECONDARY[name]
        return refused(plan.row, error(code, message, field_name), key=plan.key)
    raise exc


async def _write(
    actor: Actor, plans: list[Plan], *, dry_run: bool, proof: ImportProof | None
) -> list[RowOutcome]:
    outcomes: list[RowOutcome] = []
    async with in_transaction("default") as conn:
        await match(actor, plans, conn, lock=not dry_run)
        clashes = await conflicts(actor, plans, conn)
        present = await _existing_tags(conn, [p.client.id for p in plans if p.client])
        current = await current_consents(
            conn, [p.client.id for p in plans if p.client and p.row.consent]
        )
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
            consent_refusal = plan_consent(plan, current, proof)
            if consent_refusal is not None:
                outcomes.append(refused(plan.row, consent_refusal, key=plan.key))
                continue
            plan_changes(plan, present.get(plan.client.id, set()) if plan.client else set())
            if plan.client is not None and not (plan.changes or plan.new_tags or plan.consent):
                outcomes.append(
                    RowOutcome(plan.row.index, RowStatus.UNCHANGED, plan.client, key=plan.key)
                )
                continue
            todo.append(plan)
        if not dry_run:
            await write_plans(actor, todo, conn, current)
    for plan in todo:
        status = RowStatus.CREATED if plan.client is None or plan.created else RowStatus.UPDATED
        outcomes.append(RowOutcome(plan.row.index, status, plan.client, key=plan.key))
    return outcomes
