"""upsertClients (R10.5): up to 100 clients created or updated in one call, matched by
external id or email, each answered on its own (CREATED, UPDATED, UNCHANGED, REFUSED).

Needs `clients:write` (and `tags:write` when rows add tags). Each row goes through the
createClient/updateClient validation, is audited and emits its webhook event; a bad row
never blocks the others; repeating the call changes nothing. A row's consent answers
(R11.1) are setClientConsent's (same permission, same checks, same record): see
resolvers/imports/upsert_consent_answers.py. One row without tags or consent answers (a
partner's sync) takes the lean path on PostgreSQL (resolvers/imports/upsert_lean.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tortoise import connections

from models import Client
from models.access import Permission
from models.db import is_postgres
from models.imports import MatchBy
from resolvers.access.actor import Actor, require
from resolvers.clients.client_write import organization_country
from resolvers.errors import ErrorCode, UserError, error
from resolvers.imports.upsert_consent_answers import check_given
from resolvers.imports.upsert_lean import is_lean, upsert_one
from resolvers.imports.upsert_rows import Row, RowOutcome, upsert_batch

MAX_ROWS = 100


@dataclass
class UpsertResult:
    rows: list[RowOutcome] = field(default_factory=list)
    errors: list[UserError] = field(default_factory=list)
    # The clients the rows name, by id, read after the write (the payload shows them).
    clients: dict[int, Client] = field(default_factory=dict)


async def upsert_clients(
    actor: Actor | None, match_by: MatchBy, rows: Sequence[Row], *, given: int | None = None
) -> UpsertResult:
    """`given`: how many rows the caller sent, when some were refused before this."""
    actor = require(actor, Permission.CLIENTS_WRITE)
    if any(row.tags for row in rows):
        require(actor, Permission.TAGS_WRITE)
    count = len(rows) if given is None else given
    if not count:
        message = "Give at least one client"
        return UpsertResult(errors=[error(ErrorCode.REQUIRED, message, "clients")])
    if count > MAX_ROWS:
        message = f"At most {MAX_ROWS} clients per call; import a file for more"
        return UpsertResult(errors=[error(ErrorCode.TOO_MANY_ROWS, message, "clients")])
    rows, refusals = check_given(actor, rows)
    if not rows:
        return UpsertResult(rows=refusals)
    lean = None
    if is_lean(rows) and is_postgres(connections.get("default")):
        lean = await upsert_one(actor, match_by, rows[0])
    if lean is not None:
        written, clients = lean
    else:
        country = await organization_country(actor)
        written = await upsert_batch(actor, rows, match_by, country=country)
        ids = [o.client.id for o in written if o.client is not None]
        clients = {c.id: c for c in await Client.filter(id__in=ids)} if ids else {}
    outcomes = sorted([*refusals, *written], key=lambda o: o.index)
    return UpsertResult(rows=outcomes, clients=clients)
