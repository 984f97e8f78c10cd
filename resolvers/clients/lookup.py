"""Finding records by public id inside the caller's organization.

Anything of another organization is looked up exactly like something that does
not exist (R9.1): same query shape, same `None`.
"""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models import Client, Level
from resolvers.access.actor import Actor
from resolvers.conflicts import Conflict
from resolvers.errors import ErrorCode, UserErrors, error

M = TypeVar("M", bound=Model)


def parse_id(public_id: str | None) -> UUID | None:
    if not public_id:
        return None
    try:
        return UUID(public_id)
    except (ValueError, TypeError, AttributeError):
        return None


async def find_client(
    actor: Actor,
    public_id: str | None,
    *,
    for_update: bool = False,
    using_db: BaseDBAsyncClient | None = None,
    follow_merge: bool = True,
) -> Client | None:
    """The client with this public id; an absorbed record's id leads to its survivor (R4.2),
    so an integration holding an old id writes to the right record. With `for_update`,
    a merge running on the record is waited for before its outcome is read.

    An id already merged is followed before anything is locked: locking the absorbed row
    and then its survivor would wait in the opposite order of a merge that absorbs the
    survivor in turn (it locks the survivor, then updates the rows pointing at it), and
    PostgreSQL would abort one of the two as a deadlock."""
    uuid = parse_id(public_id)
    if uuid is None:
        return None
    client = await _client(actor, False, using_db, uuid=uuid)
    if client is None:
        return None
    if follow_merge and client.merged_into_id is not None:
        client = await _client(actor, for_update, using_db, id=client.merged_into_id)
    elif for_update:
        client = await _client(actor, True, using_db, id=client.id)
    if for_update and follow_merge and client is not None and client.merged_into_id is not None:
        # Merged while this waited for the lock: its survivor is the record to write, but
        # locking it now, holding this row, is out of the lock order (resolvers/conflicts.py).
        # The transaction starts over and follows the merge before locking anything.
        raise Conflict
    return client


async def _client(
    actor: Actor, for_update: bool, using_db: BaseDBAsyncClient | None, **match: object
) -> Client | None:
    query = Client.filter(organization_id=actor.organization_id, **match)
    if for_update:
        query = query.select_for_update()
    if using_db is not None:
        query = query.using_db(using_db)
    return await query.first()


async def find_level(
    actor: Actor, public_id: str | None, *, using_db: BaseDBAsyncClient | None = None
) -> Level | None:
    uuid = parse_id(public_id)
    if uuid is None:
        return None
    query = Level.filter(uuid=uuid, organization_id=actor.organization_id)
    if using_db is not None:
        query = query.using_db(using_db)
    return await query.first()


async def find_client_record(
    actor: Actor, model: type[M], public_id: str | None, *, using_db: BaseDBAsyncClient
) -> tuple[M, Client] | None:
    """A record that belongs to a client of this organization (an order, a gift list), and
    its client, both locked: the client first, as a merge or a points change locks it, so
    the two never wait on each other in opposite orders. A merge that moved the record
    meanwhile is followed to the survivor."""
    uuid = parse_id(public_id)
    if uuid is None:
        return None
    found = (
        await model.filter(uuid=uuid, client__organization_id=actor.organization_id)
        .using_db(using_db)
        .values_list("id", "client__uuid")
    )
    if not found:
        return None
    record_id, client_uuid = found[0]
    client = await find_client(actor, str(client_uuid), for_update=True, using_db=using_db)
    record = await model.filter(id=record_id).using_db(using_db).select_for_update().first()
    if client is None or record is None:  # deleted with its client's personal data meanwhile
        return None
    return record, client


async def client_and_earlier_record(
    actor: Actor,
    client_id: str,
    model: type[M],
    reference: str | None,
    *,
    using_db: BaseDBAsyncClient,
) -> tuple[Client, M | None]:
    """The client a partner records something for, locked (NOT_FOUND otherwise), and the
    record it already has with the partner's id: a retried call returns that one instead of
    writing a second. The lock makes two racing retries wait for each other."""
    client = await find_client(actor, client_id, for_update=True, using_db=using_db)
    if client is None:
        raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
    if reference is None:
        return client, None
    earlier = await (
        model.filter(client_id=client.id, external_id=reference).using_db(using_db).first()
    )
    return client, earlier
