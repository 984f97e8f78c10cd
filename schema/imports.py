"""GraphQL surface of bulk writes (PRODUCT.md R10.5, R10.6): upsertClients and import jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import UNSET

import models
from models.imports import ImportStatus as DomainImportStatus
from models.imports import MatchBy as DomainMatchBy
from resolvers.errors import ErrorCode as DomainErrorCode
from resolvers.errors import error
from resolvers.imports import import_jobs, upsert_clients
from resolvers.imports.upsert_plan import ConsentGiven
from resolvers.imports.upsert_rows import Row, RowOutcome
from resolvers.imports.upsert_rows import RowStatus as DomainRowStatus
from schema.clients.inputs import ClientFieldsInput
from schema.clients.types import Client
from schema.common import public_id, readable
from schema.consent import ConsentInput
from schema.context import Info
from schema.enums import described
from schema.errors import UserError, user_errors
from schema.sources import from_sources

_ERRORS = "Expected failures; empty on success."
_INPUT = strawberry.argument(description="What to do; see the input type.")

MatchBy = DomainMatchBy
described(
    MatchBy,
    "How a row finds the client it updates (a row naming an exported `id` is matched by it).",
    {
        "EXTERNAL_ID": "By the partner's external id.",
        "EMAIL": "By notification email (case-insensitive).",
    },
)
UpsertStatus = DomainRowStatus
described(
    UpsertStatus,
    "What happened to one row.",
    {
        "CREATED": "A new client was created.",
        "UPDATED": "The matched client was changed.",
        "UNCHANGED": "The matched client already had these values, tags and consent answers.",
        "REFUSED": "Nothing was written for this row; see its userErrors.",
    },
)
ImportStatus = DomainImportStatus
described(
    ImportStatus,
    "Where an import job is.",
    {
        "QUEUED": "Waiting for a worker.",
        "RUNNING": "Being imported.",
        "SUCCEEDED": "Every row was read; refused rows are in the report.",
        "FAILED": "Stopped: the file could not be read (see error); counts say what was done.",
    },
)


@strawberry.input(description="One client to create or update (the fields of createClient).")
class ClientUpsertInput(ClientFieldsInput):
    tags: list[str] | None = strawberry.field(
        default=None, description="Tags to add (never removed here); needs tags:write."
    )
    consents: list[ConsentInput] | None = strawberry.field(
        default=None,
        description="Consent answers, one per purpose (R11.1): recorded as setClientConsent "
        "records them; a grant without proof refuses the whole row; an answer the client "
        "already has changes nothing.",
    )


@strawberry.input(description="Up to 100 clients to create or update.")
class UpsertClientsInput:
    match_by: MatchBy = strawberry.field(description="How rows find their client.")
    clients: list[ClientUpsertInput] = strawberry.field(description="1 to 100 rows.")


@strawberry.type(description="The outcome of one row of upsertClients.")
class UpsertClientResult:
    index: int = strawberry.field(description="The row's position in `clients`, from 0.")
    status: UpsertStatus = strawberry.field(description="What happened.")
    client: Client | None = strawberry.field(
        description="The client created, updated or matched (null when refused)."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the row was refused; field paths are relative to the row."
    )


@strawberry.type(description="Result of upsertClients.")
class UpsertClientsPayload:
    results: list[UpsertClientResult] = strawberry.field(description="One per row, in order.")
    user_errors: list[UserError] = strawberry.field(
        description="Failures of the whole call (too many rows); each row has its own."
    )


@from_sources
@strawberry.type(description="A file import (R10.6).")
class ImportJob:
    status: ImportStatus = strawberry.field(description="Where it is.")
    dry_run: bool = strawberry.field(description="Checks only: nothing is written.")
    match_by: MatchBy = strawberry.field(description="How rows find their client.")
    created: int = strawberry.field(description="Rows that created a client.")
    updated: int = strawberry.field(description="Rows that changed a client.")
    unchanged: int = strawberry.field(description="Rows that matched and changed nothing.")
    refused: int = strawberry.field(description="Rows refused (see the report).")
    error: str | None = strawberry.field(description="Why the whole file stopped, if it did.")
    created_at: datetime = strawberry.field(description="When it was uploaded.")
    finished_at: datetime | None = strawberry.field(description="When it ended.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.ImportJob]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field
    @staticmethod
    def processed(parent: strawberry.Parent[models.ImportJob]) -> int:
        return parent.rows_done

    @strawberry.field
    @staticmethod
    def report_url(parent: strawberry.Parent[models.ImportJob]) -> str:
        return import_jobs.report_path(parent)


def _row(index: int, given: ClientUpsertInput) -> Row | RowOutcome:
    if given.level_id is not UNSET:
        refusal = error(DomainErrorCode.INVALID, "Levels are not set by upsertClients", "levelId")
        return RowOutcome(index, DomainRowStatus.REFUSED, errors=[refusal])
    consents = [ConsentGiven(c.purpose, c.granted, c.source, c.proof) for c in given.consents or ()]
    return Row(
        index=index,
        fields=given.client_fields(),
        tags=list(given.tags or []),
        consents_given=consents,
    )


@strawberry.type(description="Import reads.")
class ImportQuery:
    @strawberry.field(description="An import job of the organization (clients:write).")
    async def import_job(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Its id.")]
    ) -> ImportJob | None:
        return await import_jobs.get_job(info.context.actor, id)  # type: ignore[return-value]


@strawberry.type(description="Bulk write mutations (R10.5).")
class ImportMutation:
    @strawberry.mutation(
        description="Create or update up to 100 clients; each row answers on its own."
    )
    async def upsert_clients(
        self, info: Info, input: Annotated[UpsertClientsInput, _INPUT]
    ) -> UpsertClientsPayload:
        given = [_row(i, row) for i, row in enumerate(input.clients)]
        early = [r for r in given if isinstance(r, RowOutcome)]
        rows = [r for r in given if isinstance(r, Row)]
        result = await upsert_clients.upsert_clients(
            info.context.actor, input.match_by, rows, given=len(given)
        )
        if result.errors:
            return UpsertClientsPayload(results=[], user_errors=user_errors(result.errors))
        outcomes = sorted([*early, *result.rows], key=lambda o: o.index)
        return UpsertClientsPayload(
            results=[
                UpsertClientResult(
                    index=o.index,
                    status=o.status,
                    client=readable(info, result.clients.get(o.client.id) if o.client else None),
                    user_errors=user_errors(o.errors),
                )
                for o in outcomes
            ],
            user_errors=[],
        )
