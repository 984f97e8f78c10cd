"""Tags on clients and segments, saved named filters (R6.1, R6.3)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

import models
from resolvers.clients.client_filter import ClientFilter
from resolvers.clients.client_queries import SORT_KEYS, ClientOrder
from resolvers.pagination import paginate
from resolvers.segments import change_tags, segments
from resolvers.segments.segments import count_members, members
from schema.access.types import Tag
from schema.clients.inputs import ClientFilterInput, filter_as_input
from schema.clients.types import Client
from schema.common import After, Connection, First, orm, public_id
from schema.context import Info
from schema.errors import ERRORS, INPUT, UserError, user_errors
from schema.sources import from_sources


@from_sources
@strawberry.type(description="A saved, named client filter.")
class Segment:
    name: str = strawberry.field(description="Its name, unique in the organization.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.Segment]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field
    @staticmethod
    def filter(parent: strawberry.Parent[models.Segment]) -> JSON:
        return filter_as_input(ClientFilter.from_data(parent.conditions))  # type: ignore[return-value]

    @strawberry.field(description="How many clients match it now.")
    @staticmethod
    async def count(parent: strawberry.Parent[models.Segment], info: strawberry.Info) -> int:
        return await count_members(info.context.actor, parent)

    @strawberry.field(description="The clients who match it now, newest registration first.")
    @staticmethod
    async def members(
        parent: strawberry.Parent[models.Segment],
        info: strawberry.Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Client]:
        page = await paginate(
            await members(info.context.actor, parent),
            SORT_KEYS[ClientOrder.REGISTERED_AT_DESC],
            first=first,
            after_cursor=after,
        )
        return Connection.from_page(page)

    @strawberry.field
    @staticmethod
    def export_urls(parent: strawberry.Parent[models.Segment]) -> list[str]:
        return [f"/export/segments/{parent.uuid}.csv", f"/export/segments/{parent.uuid}.jsonl"]


@strawberry.input(description="Tags to add or remove, on listed clients or on a filter.")
class ChangeTagsInput:
    tags: list[str] = strawberry.field(description="1 to 50 tag names (any case, ≤ 64 each).")
    client_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="These clients."
    )
    filter: ClientFilterInput | None = strawberry.field(
        default=None, description="Every matching client."
    )


@strawberry.input(description="A new segment.")
class CreateSegmentInput:
    name: str = strawberry.field(description="Name, unique in the organization (≤ 100).")
    filter: ClientFilterInput = strawberry.field(description="Who belongs to it.")


@strawberry.input(description="Changes to a segment.")
class UpdateSegmentInput:
    segment_id: strawberry.ID = strawberry.field(description="The segment.")
    name: str | None = strawberry.field(default=None, description="A new name.")
    filter: ClientFilterInput | None = strawberry.field(default=None, description="A new filter.")


@strawberry.input(description="The segment to delete.")
class DeleteSegmentInput:
    segment_id: strawberry.ID = strawberry.field(description="The segment.")


@strawberry.type(description="Result of addTags or removeTags.")
class ChangeTagsPayload:
    changed: int = strawberry.field(description="Clients that gained or lost a tag.")
    tags: list[Tag] = strawberry.field(description="The tags concerned.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of a change to a segment.")
class SegmentPayload:
    segment: Segment | None = strawberry.field(description="The segment.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


async def _tags(info: Info, input: ChangeTagsInput, *, add: bool) -> ChangeTagsPayload:
    result = await change_tags.change_tags(
        info.context.actor,
        list(input.tags),
        add=add,
        client_ids=None if input.client_ids is None else [str(i) for i in input.client_ids],
        spec=input.filter.to_filter() if input.filter else None,
    )
    return ChangeTagsPayload(
        changed=result.changed, tags=orm(result.tags), user_errors=user_errors(result.errors)
    )


@strawberry.type(description="Tags and segments.")
class SegmentMutation:
    @strawberry.mutation(description="Add tags to clients or to every client of a filter (R6.1).")
    async def add_tags(
        self, info: Info, input: Annotated[ChangeTagsInput, INPUT]
    ) -> ChangeTagsPayload:
        return await _tags(info, input, add=True)

    @strawberry.mutation(
        description="Remove tags from clients or from every client of a filter (R6.1)."
    )
    async def remove_tags(
        self, info: Info, input: Annotated[ChangeTagsInput, INPUT]
    ) -> ChangeTagsPayload:
        return await _tags(info, input, add=False)

    @strawberry.mutation(description="Save a named filter (R6.3).")
    async def create_segment(
        self, info: Info, input: Annotated[CreateSegmentInput, INPUT]
    ) -> SegmentPayload:
        result = await segments.create_segment(
            info.context.actor, input.name, input.filter.to_filter()
        )
        return SegmentPayload(segment=result.segment, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Rename a segment or change its filter.")
    async def update_segment(
        self, info: Info, input: Annotated[UpdateSegmentInput, INPUT]
    ) -> SegmentPayload:
        result = await segments.update_segment(
            info.context.actor,
            str(input.segment_id),
            name=input.name,
            spec=input.filter.to_filter() if input.filter else None,
        )
        return SegmentPayload(segment=result.segment, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Delete a segment (its clients are not touched).")
    async def delete_segment(
        self, info: Info, input: Annotated[DeleteSegmentInput, INPUT]
    ) -> SegmentPayload:
        result = await segments.delete_segment(info.context.actor, str(input.segment_id))
        return SegmentPayload(segment=result.segment, user_errors=user_errors(result.errors))  # type: ignore[arg-type]


@strawberry.type(description="Saved segments.")
class SegmentQuery:
    @strawberry.field(description="The organization's segments, by name.")
    async def segments(self, info: Info) -> list[Segment] | None:
        return await segments.list_segments(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="A segment by id.")
    async def segment(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Public id.")],
    ) -> Segment | None:
        return await segments.get_segment(info.context.actor, str(id))  # type: ignore[return-value]
