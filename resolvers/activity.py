"""Activity-log entries (R8.2): written by every change, in the change's transaction.

`activity_values` is the one description of an entry: `log_activity` creates it through the
ORM, and the lean writes (`resolvers/loyalty/ledger_sql.py`) insert the same values in a
statement of their own (`ACTIVITY_COLUMNS`). Whatever is derived from entries (webhook
events) hooks both by building on `activity_values`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
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


ACTIVITY_COLUMNS = (
    "organization_id",
    "client_id",
    "action",
    "actor_type",
    "actor_id",
    "actor_name",
    "changes",
    "created_at",
)


def activity_values(
    actor: Actor,
    organization_id: int,
    client_id: int,
    action: str,
    changes: Mapping[str, Any],
    now: datetime | None = None,
) -> dict[str, Any]:
    """The columns of one entry (`ACTIVITY_COLUMNS`, database values)."""
    return {
        "organization_id": organization_id,
        "client_id": client_id,
        "action": action,
        "actor_type": actor.type.value,
        "actor_id": actor.id,
        "actor_name": actor.name,
        "changes": dict(changes),
        "created_at": now or datetime.now(UTC),
    }


async def log_activity(
    actor: Actor,
    client: Client,
    action: str,
    changes: Mapping[str, Any],
    *,
    using_db: BaseDBAsyncClient,
) -> ActivityEntry:
    values = activity_values(actor, client.organization_id, client.id, action, changes)
    del values["created_at"]  # the model's own default
    values["actor_type"] = actor.type
    return await ActivityEntry.create(**values, using_db=using_db)
