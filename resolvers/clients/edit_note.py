"""editNote (R9.3): the author of a note, or an admin, corrects its text.

The activity log keeps the old and the new text (until the client is erased, R8.3).
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models.access import Permission
from models.note import NOTE_MAX_LENGTH
from resolvers.access.actor import Actor, require
from resolvers.activity import log_activity
from resolvers.clients.add_note import NoteResult
from resolvers.clients.client_fields import Invalid, multi_line
from resolvers.clients.note_access import editable_note
from resolvers.errors import ErrorCode, UserErrors, error


async def edit_note(actor: Actor | None, note_id: str, body: str) -> NoteResult:
    actor = require(actor, Permission.NOTES_WRITE)
    try:
        text = multi_line(NOTE_MAX_LENGTH)(body)
    except Invalid as exc:
        return NoteResult(errors=[error(exc.code, exc.message, "body")])
    if not text:
        return NoteResult(errors=[error(ErrorCode.REQUIRED, "A note needs some text", "body")])
    try:
        async with in_transaction("default") as conn:
            note, client = await editable_note(conn, actor, note_id)
            old = note.body
            if old != text:
                note.body = text
                await note.save(using_db=conn, update_fields=["body"])
                await log_activity(
                    actor,
                    client,
                    "note.edited",
                    {"note": [str(note.uuid), str(note.uuid)], "body": [old, text]},
                    using_db=conn,
                )
    except UserErrors as exc:
        return NoteResult(errors=exc.errors)
    note.client = client
    return NoteResult(note=note)
