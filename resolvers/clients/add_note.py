"""addNote: staff keep a free-text note on a client; the activity log records it (R8.2)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from models import Note
from models.access import Permission
from models.note import NOTE_MAX_LENGTH
from resolvers.access.actor import Actor, require
from resolvers.activity import log_activity
from resolvers.clients.client_fields import Invalid, multi_line
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserError, error


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

    async with in_transaction("default") as conn:
        client = await find_client(actor, client_id, using_db=conn)
        if client is None:
            return NoteResult(errors=[error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
        note = await Note.create(
            client_id=client.id,
            body=text,
            author_type=actor.type,
            author_id=actor.id,
            author_name=actor.name,
            using_db=conn,
        )
        await log_activity(
            actor, client, "note.added", {"note": [None, str(note.uuid)]}, using_db=conn
        )
    note.client = client
    return NoteResult(note=note)
