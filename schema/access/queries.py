"""Reads of what belongs to the caller's organization, and of the caller."""

from __future__ import annotations

import strawberry

from resolvers.access import organization_queries
from schema.access.types import ApiKey, FieldLabel, Level, Tag, Viewer
from schema.context import Info


@strawberry.type(description="The organization's levels, tags, labels and keys, and the caller.")
class AccessQuery:
    @strawberry.field(description="The organization's loyalty levels, lowest threshold first.")
    async def levels(self, info: Info) -> list[Level] | None:
        return await organization_queries.list_levels(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="The organization's tags, by name.")
    async def tags(self, info: Info) -> list[Tag] | None:
        return await organization_queries.list_tags(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="The organization's labels for generic fields.")
    async def field_labels(self, info: Info) -> list[FieldLabel] | None:
        return await organization_queries.list_field_labels(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="The organization's API keys, newest first.")
    async def api_keys(self, info: Info) -> list[ApiKey] | None:
        return await organization_queries.list_api_keys(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="Who is calling.")
    async def me(self, info: Info) -> Viewer | None:
        return await organization_queries.viewer(info.context.actor)  # type: ignore[return-value]
