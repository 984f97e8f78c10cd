"""Creating and editing client records, and their notes (PRODUCT.md §2)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.clients.add_note import add_note
from resolvers.clients.create_client import create_client
from resolvers.clients.update_client import UNCHANGED, update_client
from schema.clients.inputs import AddNoteInput, CreateClientInput, UpdateClientInput
from schema.clients.types import Client, Note
from schema.common import readable
from schema.context import Info
from schema.errors import ERRORS, INPUT, UserError, user_errors


@strawberry.type(description="Result of createClient.")
class CreateClientPayload:
    client: Client | None = strawberry.field(description="The new client.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of updateClient.")
class UpdateClientPayload:
    client: Client | None = strawberry.field(description="The client as it is now.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of addNote.")
class AddNotePayload:
    note: Note | None = strawberry.field(description="The new note.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Client records and notes.")
class ClientMutation:
    @strawberry.mutation(description="Create a client record.")
    async def create_client(
        self, info: Info, input: Annotated[CreateClientInput, INPUT]
    ) -> CreateClientPayload:
        result = await create_client(
            info.context.actor,
            input.client_fields(),
            level_id=None if input.level_id in (None, strawberry.UNSET) else str(input.level_id),
            referred_by_share_code=input.referred_by_share_code,
        )
        return CreateClientPayload(client=result.client, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Change fields of a client record.")
    async def update_client(
        self, info: Info, input: Annotated[UpdateClientInput, INPUT]
    ) -> UpdateClientPayload:
        level_id = UNCHANGED if input.level_id is strawberry.UNSET else input.level_id
        result = await update_client(
            info.context.actor, str(input.client_id), input.client_fields(), level_id=level_id
        )
        return UpdateClientPayload(
            client=readable(info, result.client), user_errors=user_errors(result.errors)
        )

    @strawberry.mutation(description="Add a note to a client.")
    async def add_note(self, info: Info, input: Annotated[AddNoteInput, INPUT]) -> AddNotePayload:
        result = await add_note(info.context.actor, str(input.client_id), input.body)
        return AddNotePayload(note=result.note, user_errors=user_errors(result.errors))  # type: ignore[arg-type]
