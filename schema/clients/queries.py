"""Reading clients: by id, email or external id, and filtered lists (R6.2, R9.1)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.clients import client_queries
from schema.clients.inputs import ClientFilterInput
from schema.clients.types import Client
from schema.common import After, Connection, First
from schema.context import Info
from schema.enums import ClientOrder


@strawberry.type(description="Client records.")
class ClientQuery:
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
    ) -> Connection[Client] | None:
        page = await client_queries.list_clients(
            info.context.actor,
            (filter or ClientFilterInput()).to_filter(),
            order=order_by,
            first=first,
            after=after,
        )
        return Connection.from_page(page)
