"""Audit-log entries of the organization (R8.2, R9.3): written in the change's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models import AuditEntry
from resolvers.access.actor import Actor


async def log_audit(
    actor: Actor,
    action: str,
    subject_type: str,
    subject_id: object,
    changes: Mapping[str, Any],
    *,
    using_db: BaseDBAsyncClient,
) -> AuditEntry:
    return await AuditEntry.create(
        organization_id=actor.organization_id,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        actor_type=actor.type,
        actor_id=actor.id,
        actor_name=actor.name,
        changes=dict(changes),
        using_db=using_db,
    )
