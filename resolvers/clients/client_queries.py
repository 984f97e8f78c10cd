"""Reading clients: by id, by email, by external id, and filtered lists (R6.2, R9.1).

Every read is scoped to the caller's organization; a client of another
organization is indistinguishable from one that does not exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pypika_tortoise.terms import Term

from models import Client
from models.access import Permission
from models.client import email_key
from resolvers.access.actor import Actor, require
from resolvers.clients.client_count import count_clients
from resolvers.clients.client_fields import Invalid, clean_email
from resolvers.clients.client_filter import ClientFilter, filter_clients
from resolvers.clients.lookup import find_client
from resolvers.pagination import Page, SortKey, paginate


class ClientOrder(StrEnum):
    REGISTERED_AT_DESC = "registered_at_desc"
    REGISTERED_AT_ASC = "registered_at_asc"
    NAME_ASC = "name_asc"
    POINTS_DESC = "points_desc"
    UPDATED_AT_DESC = "updated_at_desc"


SORT_KEYS: dict[ClientOrder, SortKey] = {
    ClientOrder.REGISTERED_AT_DESC: SortKey("r-", ("registered_at",), descending=True),
    ClientOrder.REGISTERED_AT_ASC: SortKey("r+", ("registered_at",)),
    ClientOrder.NAME_ASC: SortKey("n+", ("last_name", "first_name")),
    ClientOrder.POINTS_DESC: SortKey("p-", ("points",), descending=True),
    ClientOrder.UPDATED_AT_DESC: SortKey("u-", ("updated_at",), descending=True),
}


async def survivor_of(client: Client | None) -> Client | None:
    """R4.2: an absorbed record's id resolves to its survivor, forever (chains are flattened
    when merges happen, so one hop is enough)."""
    if client is None or client.merged_into_id is None:
        return client
    return await Client.filter(id=client.merged_into_id).first()


async def get_client(actor: Actor | None, client_id: str) -> Client | None:
    actor = require(actor, Permission.CLIENTS_READ)
    return await find_client(actor, client_id)


async def get_client_by_email(actor: Actor | None, email: str) -> Client | None:
    actor = require(actor, Permission.CLIENTS_READ)
    try:
        normalised = clean_email(email)
    except Invalid:
        return None
    if normalised is None:
        return None
    return await Client.filter(
        organization_id=actor.organization_id, email_key=email_key(normalised)
    ).first()


async def get_client_by_external_id(actor: Actor | None, external_id: str) -> Client | None:
    actor = require(actor, Permission.CLIENTS_READ)
    return await survivor_of(
        await Client.filter(
            organization_id=actor.organization_id, external_id=external_id.strip()
        ).first()
    )


async def list_clients(
    actor: Actor | None,
    spec: ClientFilter,
    *,
    order: ClientOrder = ClientOrder.REGISTERED_AT_DESC,
    first: int | None = None,
    after: str | None = None,
    columns: Mapping[str, Term] | None = None,
) -> Page[Client]:
    actor = require(actor, Permission.CLIENTS_READ)
    query = await filter_clients(actor.organization_id, spec)
    page = await paginate(query, SORT_KEYS[order], first=first, after_cursor=after, columns=columns)
    organization_id = actor.organization_id

    async def exact() -> int:  # the segment count's shapes (client_count)
        return await count_clients(organization_id, spec)

    page.count = exact
    return page
