"""The Query root: reads, each scoped to the caller's organization."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.access import organization_queries
from resolvers.accounts import account_preferences, inbox
from resolvers.clients import client_queries
from resolvers.segments import segments
from schema import prefetch
from schema.context import Info
from schema.enums import ClientOrder
from schema.inputs import ClientFilterInput
from schema.loyalty_types import Segment
from schema.merge import MergeQuery
from schema.staff import StaffQuery
from schema.types import (
    Account,
    After,
    ApiKey,
    Client,
    Connection,
    FieldLabel,
    First,
    InboxMessage,
    Level,
    Tag,
    Viewer,
)


@strawberry.type(description="Reads.")
class Query(MergeQuery, StaffQuery):
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
        first: First = 20,
        after: After = None,
        order_by: Annotated[
            ClientOrder, strawberry.argument(description="Sort order.")
        ] = ClientOrder.REGISTERED_AT_DESC,
    ) -> Connection[Client]:
        carried = prefetch.plan(info)
        page = await client_queries.list_clients(
            info.context.actor,
            (filter or ClientFilterInput()).to_filter(),
            order=order_by,
            first=first,
            after=after,
            columns=prefetch.columns(carried),
        )
        prefetch.prime(info.context.loaders, page.items, carried)
        return Connection.from_page(page)

    @strawberry.field(description="The organization's loyalty levels, lowest threshold first.")
    async def levels(self, info: Info) -> list[Level]:
        return await organization_queries.list_levels(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="The organization's tags, by name.")
    async def tags(self, info: Info) -> list[Tag]:
        return await organization_queries.list_tags(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="The organization's labels for generic fields.")
    async def field_labels(self, info: Info) -> list[FieldLabel]:
        return await organization_queries.list_field_labels(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="The organization's API keys, newest first.")
    async def api_keys(self, info: Info) -> list[ApiKey]:
        return await organization_queries.list_api_keys(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="Who is calling.")
    async def me(self, info: Info) -> Viewer:
        return await organization_queries.viewer(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="Client app: the inbox of the logged-in account, newest first.")
    async def inbox(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        unread_only: Annotated[
            bool, strawberry.argument(description="Only unread messages.")
        ] = False,
    ) -> Connection[InboxMessage]:
        page = await inbox.list_inbox(
            info.context.account, unread_only=unread_only, first=first, after=after
        )
        return Connection.from_page(page)

    @strawberry.field(description="Client app: the logged-in person's account.")
    async def my_account(self, info: Info) -> Account:
        return await account_preferences.my_account(info.context.account)  # type: ignore[return-value]

    @strawberry.field(description="The organization's segments, by name.")
    async def segments(self, info: Info) -> list[Segment]:
        return await segments.list_segments(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="A segment by id.")
    async def segment(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Public id.")],
    ) -> Segment | None:
        return await segments.get_segment(info.context.actor, str(id))  # type: ignore[return-value]
