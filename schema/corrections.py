"""What staff create they can also correct (R9.3): notes, levels and tags."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.clients import delete_note, edit_note
from resolvers.clients.add_note import NoteResult
from resolvers.loyalty import delete_level, update_level
from resolvers.loyalty.create_level import LevelResult
from resolvers.segments import delete_tag, rename_tag
from resolvers.segments.change_tags import TagsResult
from schema.access.types import Level, Tag
from schema.clients.types import Note
from schema.context import Info
from schema.errors import UserError, user_errors

_ERRORS = "Expected failures; empty on success."
_INPUT = strawberry.argument(description="What to do; see the input type.")


@strawberry.input(description="A note's corrected text.")
class EditNoteInput:
    note_id: strawberry.ID = strawberry.field(description="The note.")
    body: str = strawberry.field(description="The new text (≤ 5000).")


@strawberry.input(description="The note to delete.")
class DeleteNoteInput:
    note_id: strawberry.ID = strawberry.field(description="The note.")


@strawberry.input(description="A level's new name and/or threshold (omitted: unchanged).")
class UpdateLevelInput:
    level_id: strawberry.ID = strawberry.field(description="The level.")
    name: str | None = strawberry.field(default=None, description="New name (≤ 64).")
    threshold: int | None = strawberry.field(default=None, description="New threshold (≥ 0).")


@strawberry.input(description="The level to delete; its clients move to the level points give.")
class DeleteLevelInput:
    level_id: strawberry.ID = strawberry.field(description="The level.")


@strawberry.input(description="A tag's new name.")
class RenameTagInput:
    tag_id: strawberry.ID = strawberry.field(description="The tag.")
    name: str = strawberry.field(description="The new name (≤ 64), unique case-insensitively.")


@strawberry.input(description="The tag to delete from the organization and every client.")
class DeleteTagInput:
    tag_id: strawberry.ID = strawberry.field(description="The tag.")


@strawberry.type(description="Result of editNote or deleteNote.")
class NotePayload:
    note: Note | None = strawberry.field(description="The note (as it was, once deleted).")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of updateLevel or deleteLevel.")
class LevelPayload:
    level: Level | None = strawberry.field(description="The level (as it was, once deleted).")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of renameTag or deleteTag.")
class TagPayload:
    tag: Tag | None = strawberry.field(description="The tag (as it was, once deleted).")
    clients_changed: int = strawberry.field(description="Clients that lost the tag (deleteTag).")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


def _note(result: NoteResult) -> NotePayload:
    return NotePayload(note=result.note, user_errors=user_errors(result.errors))  # type: ignore[arg-type]


def _level(result: LevelResult) -> LevelPayload:
    return LevelPayload(level=result.level, user_errors=user_errors(result.errors))  # type: ignore[arg-type]


def _tag(result: TagsResult) -> TagPayload:
    return TagPayload(
        tag=result.tags[0] if result.tags else None,  # type: ignore[arg-type]
        clients_changed=result.changed,
        user_errors=user_errors(result.errors),
    )


@strawberry.type(description="Corrections of notes, levels and tags (R9.3).")
class CorrectionMutation:
    @strawberry.mutation(description="Correct a note (its author, or an admin).")
    async def edit_note(self, info: Info, input: Annotated[EditNoteInput, _INPUT]) -> NotePayload:
        return _note(await edit_note.edit_note(info.context.actor, str(input.note_id), input.body))

    @strawberry.mutation(description="Delete a note (its author, or an admin).")
    async def delete_note(
        self, info: Info, input: Annotated[DeleteNoteInput, _INPUT]
    ) -> NotePayload:
        return _note(await delete_note.delete_note(info.context.actor, str(input.note_id)))

    @strawberry.mutation(description="Rename a level or change its threshold.")
    async def update_level(
        self, info: Info, input: Annotated[UpdateLevelInput, _INPUT]
    ) -> LevelPayload:
        return _level(
            await update_level.update_level(
                info.context.actor, str(input.level_id), name=input.name, threshold=input.threshold
            )
        )

    @strawberry.mutation(description="Delete a level; its clients move to the level points give.")
    async def delete_level(
        self, info: Info, input: Annotated[DeleteLevelInput, _INPUT]
    ) -> LevelPayload:
        return _level(await delete_level.delete_level(info.context.actor, str(input.level_id)))

    @strawberry.mutation(description="Rename a tag.")
    async def rename_tag(self, info: Info, input: Annotated[RenameTagInput, _INPUT]) -> TagPayload:
        return _tag(await rename_tag.rename_tag(info.context.actor, str(input.tag_id), input.name))

    @strawberry.mutation(description="Delete a tag from the organization and every client.")
    async def delete_tag(self, info: Info, input: Annotated[DeleteTagInput, _INPUT]) -> TagPayload:
        return _tag(await delete_tag.delete_tag(info.context.actor, str(input.tag_id)))
