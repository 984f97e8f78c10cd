"""Consent carried by an import or an upsertClients row (R11.1, R10.5, docs/consent.md):
what a row's answers change, and writing those changes in the batch's transaction.

A cell says yes or no for a purpose. Yes where the client has not given consent is a
grant, and a grant needs its proof: the row's `<column>_proof` cell, or the importer's
declaration for the whole file (`consentProof` on the upload, `--consent-proof` on the
command line). Without either the row is refused (REQUIRED on the proof column): a bare
yes never grants consent silently. No where consent is given is a withdrawal (no proof
needed). An answer the client already has changes nothing, so an export imported back is
a no-op; no where consent was never asked records nothing (not given either way).

Each change appends a `ConsentEvent` (source IMPORT; its proof names the job, the file,
the row and the column, then the proof given), sets `ClientConsent`, and writes the
"consent.changed" activity entry that emits CONSENT_CHANGED — as `record_consent` does
for one client.

An upsertClients row's answers (`resolvers/imports/upsert_consent_answers.py`) carry their
source and proof, already checked; as with setClientConsent, a "no" is recorded where the
client was never asked, and an answer the client already has changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from tortoise.backends.base.client import BaseDBAsyncClient

from models import ClientConsent, ConsentEvent
from models.bulk_rows import insert_rows, update_rows
from models.consent import PROOF_LENGTH
from models.enums import ConsentPurpose, ConsentSource
from resolvers.access.actor import Actor
from resolvers.clients.client_fields import Invalid, camel, multi_line
from resolvers.consent.consent_records import ACTION, ACTIVITY_FIELD
from resolvers.errors import ErrorCode, UserError, error
from resolvers.imports.upsert_plan import Plan

_PROOF_HEAD = 300  # room left in the proof for what the file gave


@dataclass(frozen=True)
class ImportProof:
    """Where an import's consent answers come from: recorded in each event's proof."""

    job: UUID
    file_name: str
    # The importer's declaration for every row without a proof of its own.
    declaration: str | None = None


Current = dict[tuple[int, ConsentPurpose], tuple[int, bool]]


async def current_consents(conn: BaseDBAsyncClient, client_ids: list[int]) -> Current:
    """(client, purpose) -> (row id, granted) for these clients (rows locked by the caller)."""
    if not client_ids:
        return {}
    rows = await (
        ClientConsent.filter(client_id__in=client_ids)
        .using_db(conn)
        .values_list("id", "client_id", "purpose", "granted")
    )
    return {(cid, ConsentPurpose(purpose)): (rid, granted) for rid, cid, purpose, granted in rows}


def plan_consent(plan: Plan, current: Current, source: ImportProof | None) -> UserError | None:
    """Set `plan.consent` to the changes the row's cells make; the refusal of a grant
    without proof."""
    plan.consent = []
    for purpose, answer in plan.row.consent.items():
        held = current.get((plan.client.id, purpose)) if plan.client else None
        old = None if held is None else held[1]
        if answer.source is not None:  # upsertClients: checked by upsert_consent_answers
            if old is None or old != answer.granted:
                plan.consent.append((purpose, answer.granted, old, answer.proof))
            continue
        if answer.granted == bool(old):
            continue
        proof = None
        given = answer.proof or (source.declaration if source else None)
        field_name = camel(f"{answer.column}_proof")
        try:
            given = multi_line(PROOF_LENGTH - _PROOF_HEAD)(given)
        except Invalid as exc:
            return error(exc.code, exc.message, field_name)
        if given and source is not None:
            proof = (
                f"Import {source.job} of {source.file_name[:100]!r}, row {plan.row.index}, "
                f"column {answer.column}: {given}"
            )
        if answer.granted and proof is None:
            message = (
                "Granting consent needs its proof (a proof column or the upload's consentProof)"
            )
            return error(ErrorCode.REQUIRED, message, field_name)
        plan.consent.append((purpose, answer.granted, old, proof))
    return None


async def write_consent(
    actor: Actor,
    plans: Sequence[Plan],
    current: Current,
    conn: BaseDBAsyncClient,
    now: datetime,
) -> list[tuple[int, UUID, str, dict[str, Any]]]:
    """Write the planned changes; the activity entries to log with the batch's."""
    events: list[tuple[Any, ...]] = []
    new: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    entries: list[tuple[int, UUID, str, dict[str, Any]]] = []
    org = actor.organization_id
    who = (actor.type.value, actor.id, actor.name)
    for plan in plans:
        if not plan.consent or plan.client is None:
            continue
        cid = plan.client.id
        for purpose, granted, old, proof in plan.consent:
            source = plan.row.consent[purpose].source or ConsentSource.IMPORT
            events.append((uuid4(), org, cid, purpose, granted, source, proof, *who, now))
            held = current.get((cid, purpose))
            if held is None:
                new.append((org, cid, purpose, granted, source, now))
            else:
                changed.append((held[0], granted, source, now))
            change = {
                ACTIVITY_FIELD[purpose]: [old, granted],
                "consentSource": [None, source.value],
            }
            entries.append((cid, plan.client.uuid, ACTION, change))
    await insert_rows(
        conn,
        ConsentEvent,
        (
            "uuid",
            "organization_id",
            "client_id",
            "purpose",
            "granted",
            "source",
            "proof",
            "actor_type",
            "actor_id",
            "actor_name",
            "created_at",
        ),
        events,
    )
    await insert_rows(
        conn,
        ClientConsent,
        ("organization_id", "client_id", "purpose", "granted", "source", "changed_at"),
        new,
    )
    await update_rows(conn, ClientConsent, ("granted", "source", "changed_at"), changed)
    return entries
