"""The Query root: reads, each scoped to the caller's organization."""

from __future__ import annotations

from typing import Annotated

import strawberry

import models
from resolvers import client_queries
from resolvers.actor import require
from schema.context import Info
from schema.enums import ClientOrder
from schema.inputs import ClientFilterInput
from schema.types import ApiKey, Client, Connection, FieldLabel, Level, Tag, Viewer


@strawberry.type(description="Reads.")
class Query:
    @strawberry.field(
        description="A client by id. An id absorbed by a merge resolves to the survivor."
    )
    async def client(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Public id.")],
    ) -> Client | None:
        return await client_queries.get_client(info.context.actor, id)  # type: ignore[return-value]

    @strawberry.field(description="A client by notification email (case-insensitive).")
    async def client_by_email(
        self, info: Info, email: Annotated[str, strawberry.argument(description="Email address.")]
    ) -> Client | None:
        return await client_queries.get_client_by_email(info.context.actor, email)  # type: ignore[return-value]

    @strawberry.field(description="A client by the partner's external id.")
    async def client_by_external_id(
        self,
        info: Info,
        external_id: Annotated[str, strawberry.argument(description="The partner's id.")],
    ) -> Client | None:
        return await client_queries.get_client_by_external_id(info.context.actor, external_id)  # type: ignore[return-value]

    @strawberry.field(description="Clients matching a filter, a page at a time.")
    async def clients(
        self,
        info: Info,
        filter: Annotated[
            ClientFilterInput | None,
            strawberry.argument(description="Which clients; all by default."),
        ] = None,
        first: Annotated[int, strawberry.argument(description="Page size, 0 to 100.")] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor to continue from.")
        ] = None,
        order_by: Annotated[
            ClientOrder, strawberry.argument(description="Sort order.")
        ] = ClientOrder.REGISTERED_AT_DESC,
    ) -> Connection[Client]:
        page = await client_queries.list_clients(
            info.context.actor,
            (filter or ClientFilterInput()).to_filter(),
            order=order_by,
            first=first,
            after=after,
        )
        return Connection.of(
            page.items,
            page.cursors,
            has_next=page.has_next_page,
            has_previous=page.has_previous_page,
            count=page.count,
        )

    @strawberry.field(description="The organization's loyalty levels, lowest threshold first.")
    async def levels(self, info: Info) -> list[Level]:
        actor = require(info.context.actor, models.access.Permission.CLIENTS_READ)
        return await models.Level.filter(organization_id=actor.organization_id).order_by(
            "threshold"
        )  # type: ignore[return-value]

    @strawberry.field(description="The organization's tags, by name.")
    async def tags(self, info: Info) -> list[Tag]:
        actor = require(info.context.actor, models.access.Permission.CLIENTS_READ)
        return await models.Tag.filter(organization_id=actor.organization_id).order_by("key")  # type: ignore[return-value]

    @strawberry.field(description="The organization's labels for generic fields.")
    async def field_labels(self, info: Info) -> list[FieldLabel]:
        actor = require(info.context.actor, models.access.Permission.CLIENTS_READ)
        return await models.FieldLabel.filter(organization_id=actor.organization_id).order_by(
            "field"
        )  # type: ignore[return-value]

    @strawberry.field(description="The organization's API keys, newest first.")
    async def api_keys(self, info: Info) -> list[ApiKey]:
        actor = require(info.context.actor, models.access.Permission.API_KEYS_MANAGE)
        return await models.ApiKey.filter(organization_id=actor.organization_id).order_by("-id")  # type: ignore[return-value]

    @strawberry.field(description="Who is calling.")
    async def me(self, info: Info) -> Viewer:
        actor = require(info.context.actor)
        organization = await models.Organization.get(id=actor.organization_id)
        staff = api_key = None
        if actor.type is models.enums.ActorType.STAFF:
            staff = await models.StaffUser.get(id=actor.id)
        elif actor.type is models.enums.ActorType.API_KEY:
            api_key = await models.ApiKey.get(id=actor.id)
        return Viewer(
            organization=organization,  # type: ignore[arg-type]
            permissions=sorted(actor.permissions),
            staff_user=staff,  # type: ignore[arg-type]
            api_key=api_key,  # type: ignore[arg-type]
        )
