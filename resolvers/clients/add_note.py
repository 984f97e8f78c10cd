"""addNote: staff keep a free-text note on a client; the activity log records it (R8.2).

The note and its activity entry are written together with the client lookup (an absorbed
id leads to its survivor, R4.2): on PostgreSQL one statement (one round trip: a note is no
webhook event; were it one, the events would follow in the statement's transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID, uuid4

import orjson
from tortoise.transactions import in_transaction

from models import Note
from models.access import Permission
from models.db import is_postgres, stable_plans_connection
from models.note import NOTE_MAX_LENGTH
from resolvers.access.actor import Actor, require
from resolvers.activity import ACTIVITY_COLUMNS, activity_values, emit_written
from resolvers.clients.client_fields import Invalid, multi_line
from resolvers.clients.lookup import parse_id
from resolvers.errors import ErrorCode, UserError, error
from resolvers.webhooks.events import event_type


@dataclass
class NoteResult:
    note: Note | None = None
    errors: list[UserError] = field(default_factory=list)


async def add_note(actor: Actor | None, client_id: str, body: str) -> NoteResult:
    actor = require(actor, Permission.NOTES_WRITE)
    try:
        text = multi_line(NOTE_MAX_LENGTH)(body)
    except Invalid as exc:
        return NoteResult(errors=[error(exc.code, exc.message, "body")])
    if not text:
        return NoteResult(errors=[error(ErrorCode.REQUIRED, "A note needs some text", "body")])

    uuid = parse_id(client_id)
    note = None if uuid is None else await _write(actor, uuid, text)
    if note is None:
        return NoteResult(errors=[error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
    return NoteResult(note=note)


def _client_sql(p_org: str, p_uuid: str) -> str:
    """The client an id leads to (an absorbed id to its survivor, R4.2)."""
    return (
        f"SELECT id, organization_id, uuid FROM client WHERE organization_id = {p_org} AND id = "  # noqa: S608
        f"(SELECT coalesce(merged_into_id, id) FROM client WHERE organization_id = {p_org} "
        f"AND uuid = {p_uuid})"
    )


_NOTE = ("uuid", "client_id", "body", "author_type", "author_id", "author_name", "created_at")
_PG_WRITE = f"""
    WITH c AS ({_client_sql("$1", "$2")}),
    n AS (INSERT INTO note ({", ".join(_NOTE)})
          SELECT $3, c.id, $4, $5, $6, $7, $8 FROM c RETURNING *),
    a AS (INSERT INTO activity_entry ({", ".join(ACTIVITY_COLUMNS)})
          SELECT c.organization_id, c.id, 'note.added', $5, $6, $7, $9::jsonb, $8 FROM c)
    SELECT n.*, (SELECT c.uuid FROM c) AS client_uuid FROM n"""  # noqa: S608


async def _write(actor: Actor, uuid: UUID, text: str) -> Note | None:
    """The note and its activity entry: one statement on PostgreSQL (atomic by itself, one
    round trip), its parts in a transaction on SQLite. None when there is no such client."""
    note_uuid, now = uuid4(), datetime.now(UTC)
    conn = stable_plans_connection()  # its plan does not depend on its values
    if is_postgres(conn):
        entry = activity_values(actor, 0, 0, "note.added", {"note": [None, str(note_uuid)]}, now)
        params = [actor.organization_id, uuid, note_uuid, text, actor.type.value, actor.id,
                  actor.name, now, orjson.dumps(entry["changes"]).decode()]  # fmt: skip
        if event_type(entry["action"], entry["changes"]) is None:
            # No webhook event to write with it: the statement alone, atomic by itself,
            # one round trip.
            rows = await conn.execute_query_dict(_PG_WRITE, params)
            if not rows:
                return None
            row = rows[0]
            row.pop("client_uuid")
            return Note._init_from_db(**row)
        async with in_transaction("default") as tx:
            rows = await tx.execute_query_dict(_PG_WRITE, params)
            if not rows:
                return None
            row = rows[0]
            entry.update(organization_id=actor.organization_id, client_id=row["client_id"])
            await emit_written([entry], row.pop("client_uuid"), using_db=tx)
        return Note._init_from_db(**row)
    async with in_transaction("default") as tx:
        organization = actor.organization_id
        found = await tx.execute_query_dict(
            _client_sql("?", "?"), [organization, organization, str(uuid)]
        )
        if not found:
            return None
        client_id = found[0]["id"]
        rows = await tx.execute_query_dict(
            f"INSERT INTO note ({', '.join(_NOTE)}) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",  # noqa: S608
            [str(note_uuid), client_id, text, actor.type.value, actor.id, actor.name, now],
        )
        entry = activity_values(
            actor, actor.organization_id, client_id, "note.added",
            {"note": [None, str(note_uuid)]}, now,
        )  # fmt: skip
        marks = ", ".join("?" for _ in ACTIVITY_COLUMNS)
        await tx.execute_query(
            f"INSERT INTO activity_entry ({', '.join(ACTIVITY_COLUMNS)}) VALUES ({marks})",  # noqa: S608
            [orjson.dumps(entry[c]).decode() if c == "changes" else entry[c]
             for c in ACTIVITY_COLUMNS],
        )  # fmt: skip
        client_uuid = UUID(str(found[0]["uuid"]))
        await emit_written([entry], client_uuid, using_db=tx)
        return Note._init_from_db(**rows[0])
