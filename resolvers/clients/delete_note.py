"""deleteNote (R9.3): the author of a note, or an admin, removes it.

The activity log keeps the deleted text (until the client is erased, R8.3).
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.activity import log_activity
from resolvers.clients.add_note import NoteResult
from resolvers.clients.note_access import editable_note
from resolvers.errors import UserErrors


async def delete_note(actor: Actor | None, note_id: str) -> NoteResult:
    actor = require(actor, Permission.NOTES_WRITE)
    try:
        async with in_transaction("default") as conn:
            note, client = await editable_note(conn, actor, note_id)
            await note.delete(using_db=conn)
            await log_activity(
                actor,
                client,
                "note.deleted",
                {"note": [str(note.uuid), None], "body": [note.body, None]},
                using_db=conn,
            )
    except UserErrors as exc:
        return NoteResult(errors=exc.errors)
    note.client = client
    return NoteResult(note=note)
