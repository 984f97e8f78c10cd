"""clientMergePreview (R4.4): what unifyClients would do, and what blocks it, without writing."""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Client
from models.access import Permission
from resolvers.actor import Actor, require
from resolvers.errors import ErrorCode, UserError, error
from resolvers.lookup import find_client
from resolvers.merge_plan import Keep, MergePlan, check_choices, plan_merge


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
    plan = await plan_merge(survivor, absorbed, field_choices or {}, keep_account_of)
    return PreviewResult(survivor=survivor, absorbed=absorbed, plan=plan, errors=plan.blockers)
