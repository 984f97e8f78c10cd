"""Which notes a caller may correct (R9.3): their own, or anyone's with notes:manage."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Client, Note
from models.access import Permission
from resolvers.access.actor import Actor
from resolvers.clients.lookup import find_client, parse_id
from resolvers.errors import ErrorCode, UserErrors, error


async def editable_note(conn: BaseDBAsyncClient, actor: Actor, note_id: str) -> tuple[Note, Client]:
    """The note (locked) and its client; NOT_FOUND across organizations, NOT_NOTE_AUTHOR."""
    uuid = parse_id(note_id)
    found = (
        await Note.filter(uuid=uuid, client__organization_id=actor.organization_id)
        .using_db(conn)
        .values_list("id", "client__uuid")
        if uuid
        else []
    )
    if not found:
        raise UserErrors([error(ErrorCode.NOT_FOUND, "No such note", "noteId")])
    note_pk, client_uuid = found[0]
    # The client first, as every change to a client locks it: no opposite lock orders.
    client = await find_client(actor, str(client_uuid), for_update=True, using_db=conn)
    note = await Note.filter(id=note_pk).using_db(conn).select_for_update().first()
    if client is None or note is None:
        raise UserErrors([error(ErrorCode.NOT_FOUND, "No such note", "noteId")])
    own = note.author_type == actor.type and note.author_id == actor.id
    if not own and Permission.NOTES_MANAGE not in actor.permissions:
        raise UserErrors(
            [
                error(
                    ErrorCode.NOT_NOTE_AUTHOR, "Only its author or an admin can change it", "noteId"
                )
            ]
        )
    return note, client
