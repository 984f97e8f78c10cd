"""The clients a bulk operation works on: listed ids (every one must exist) or a filter.

Shared by addTags/removeTags and sendNotification, so both refuse the same way.
"""

from __future__ import annotations

from tortoise.queryset import QuerySet

from models import Client
from resolvers.access.actor import Actor
from resolvers.clients.client_filter import ClientFilter, filter_clients
from resolvers.clients.lookup import parse_id
from resolvers.errors import BadInput, ErrorCode, UserErrors, error

MAX_IDS = 1000


async def target(
    actor: Actor, client_ids: list[str] | None, spec: ClientFilter | None
) -> QuerySet[Client]:
    """The clients a bulk operation works on: listed ids (all must exist) or a filter."""
    if (client_ids is None) == (spec is None):
        raise UserErrors([error(ErrorCode.REQUIRED, "Give either clientIds or filter")])
    if spec is not None:
        try:
            return await filter_clients(actor.organization_id, spec)
        except BadInput as exc:
            raise UserErrors([error(ErrorCode.INVALID, str(exc), "filter")]) from None
    assert client_ids is not None
    if not 0 < len(client_ids) <= MAX_IDS:
        raise UserErrors([error(ErrorCode.OUT_OF_RANGE, f"Give 1 to {MAX_IDS} ids", "clientIds")])
    uuids = [parse_id(i) for i in client_ids]
    found = set(
        await Client.filter(
            organization_id=actor.organization_id, uuid__in=[u for u in uuids if u]
        ).values_list("uuid", flat=True)
    )
    missing = [str(i) for i, u in enumerate(uuids) if u not in found]
    if missing:
        raise UserErrors(
            [error(ErrorCode.NOT_FOUND, "No such client", "clientIds", i) for i in missing]
        )
    return Client.filter(organization_id=actor.organization_id, uuid__in=list(found))
