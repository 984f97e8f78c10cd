"""Activity-log entries (R8.2): written by every change, in the change's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from models import ActivityEntry, Client
from resolvers.access.actor import Actor
from resolvers.clients.client_fields import camel


def json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{graphqlFieldName: [old, new]} for every field whose value changes."""
    return {
        camel(name): [json_value(before.get(name)), json_value(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


async def log_activity(
    actor: Actor,
    client: Client,
    action: str,
    changes: Mapping[str, Any],
    *,
    using_db: BaseDBAsyncClient,
) -> ActivityEntry:
    return await ActivityEntry.create(
        organization_id=client.organization_id,
        client_id=client.id,
        action=action,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_name=actor.name,
        changes=dict(changes),
        using_db=using_db,
    )
