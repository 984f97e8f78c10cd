"""clientMergePreview (R4.4): what unifyClients would do, and what blocks it, without writing."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise import connections
from tortoise.transactions import in_transaction

from models import Client
from models.access import Permission
from models.db import is_postgres
from models.enums import ClientStatus
from resolvers.access.actor import Actor, require
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserError, error
from resolvers.lifecycle.merge_plan import Keep, MergePlan, check_choices, plan_merge

_LOCK_NOT_AVAILABLE = "55P03"


@dataclass
class PreviewResult:
    survivor: Client | None = None
    absorbed: Client | None = None
    plan: MergePlan | None = None
    errors: list[UserError] = field(default_factory=list)


async def client_merge_preview(
    actor: Actor | None,
    survivor_id: str,
    absorbed_id: str,
    *,
    field_choices: dict[str, Keep] | None = None,
    keep_account_of: Keep | None = None,
    status: ClientStatus | None = None,
) -> PreviewResult:
    actor = require(actor, Permission.CLIENTS_READ)
    problems = check_choices(field_choices or {})
    survivor = await find_client(actor, survivor_id, follow_merge=False)
    absorbed = await find_client(actor, absorbed_id, follow_merge=False)
    for name, client in (("survivorId", survivor), ("absorbedId", absorbed)):
        if client is None:
            problems.append(error(ErrorCode.NOT_FOUND, "No such client", name))
    if problems or survivor is None or absorbed is None:
        return PreviewResult(errors=problems)
    plan = await plan_merge(actor, survivor, absorbed, field_choices or {}, keep_account_of, status)
    if await _busy([survivor.id, absorbed.id]):
        plan.blockers.append(
            error(ErrorCode.MERGE_IN_PROGRESS, "One of these clients is being changed: try again")
        )
    return PreviewResult(survivor=survivor, absorbed=absorbed, plan=plan, errors=plan.blockers)


async def _busy(client_ids: list[int]) -> bool:
    """Whether a transaction (a merge, a points change) holds one of these rows now.

    PostgreSQL only: `FOR UPDATE NOWAIT` fails at once on a held row instead of waiting.
    SQLite runs one writer at a time, so nothing can be running beside this read."""
    if not is_postgres(connections.get("default")):
        return False
    try:
        async with in_transaction("default") as conn:
            await (
                Client.filter(id__in=client_ids)
                .using_db(conn)
                .select_for_update(nowait=True)
                .only("id")
            )
    except Exception as exc:  # the driver's error, wrapped or not depending on where it surfaced
        cause: BaseException | None = exc
        while cause is not None:
            if getattr(cause, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
                return True
            cause = cause.__cause__ or cause.__context__
        raise
    return False
