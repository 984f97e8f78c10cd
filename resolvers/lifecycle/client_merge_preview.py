"""clientMergePreview (R4.4): what unifyClients would do, and what blocks it, without writing.

`preview` words the answer from the two clients as found, their facts (`MergeFacts`) and
whether a transaction holds one of them, by the merge's own planner: this resolver (the
reference) reads them with the ORM, the compiled read path with one statement
(`schema/compiled/merge_preview.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from models import Client
from models.access import Permission
from models.db import is_postgres
from models.enums import ClientStatus
from resolvers.access.actor import Actor, require
from resolvers.activity import json_value
from resolvers.clients.client_fields import camel
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserError, error
from resolvers.lifecycle.merge_plan import (
    Keep,
    LevelFacts,
    MergeFacts,
    MergePlan,
    check_choices,
    dropped_data,
    load_facts,
    plan_merge,
)

_LOCK_NOT_AVAILABLE = "55P03"


@dataclass
class PreviewResult:
    survivor: Client | None = None
    absorbed: Client | None = None
    plan: MergePlan | None = None
    facts: MergeFacts | None = None
    errors: list[UserError] = field(default_factory=list)

    def fields(self) -> dict[str, Any]:
        """The preview's plain values (the `ClientMergePreview` fields that are not
        records or errors), by Python name, as both read paths answer them."""
        plan = self.plan
        if plan is None:
            return {
                "values": {},
                "dropped": [],
                "new_tags": 0,
                "points_moved": 0,
                "keep_account_of": None,
                "status": None,
                "share_code": self.survivor.share_code if self.survivor else None,
                "changes": {},
            }
        return {
            "values": {camel(k): json_value(v) for k, v in plan.values.items()},
            "dropped": dropped_data(plan),
            "new_tags": len(plan.new_tags),
            "points_moved": plan.points_moved,
            "keep_account_of": plan.keep_account,
            "status": plan.status,
            "share_code": self.survivor.share_code if self.survivor else None,
            "changes": {k: [json_value(a), json_value(b)] for k, (a, b) in plan.changes.items()},
        }

    def level(self) -> LevelFacts | None:
        """The survivor's level afterwards, as the facts hold it."""
        if self.plan is None or self.plan.level_id is None or self.facts is None:
            return None
        return self.facts.levels[self.plan.level_id]


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
    survivor = await find_client(actor, survivor_id, follow_merge=False)
    absorbed = await find_client(actor, absorbed_id, follow_merge=False)
    facts, busy = None, False
    if survivor is not None and absorbed is not None and not check_choices(field_choices or {}):
        facts = await load_facts(survivor, absorbed)
        busy = await _busy([survivor.id, absorbed.id])
    return preview(
        actor, survivor, absorbed, facts, field_choices or {}, keep_account_of, status, busy=busy
    )


def preview(
    actor: Actor,
    survivor: Client | None,
    absorbed: Client | None,
    facts: MergeFacts | None,
    choices: dict[str, Keep],
    keep_account_of: Keep | None,
    status: ClientStatus | None,
    *,
    busy: bool,
) -> PreviewResult:
    """The preview of two clients as found (None: not in the caller's organization), with
    their facts and whether a transaction holds one of them (`busy`): what the reference
    and the compiled read path answer alike."""
    problems = check_choices(choices)
    for name, client in (("survivorId", survivor), ("absorbedId", absorbed)):
        if client is None:
            problems.append(error(ErrorCode.NOT_FOUND, "No such client", name))
    if problems or survivor is None or absorbed is None:
        return PreviewResult(errors=problems)
    assert facts is not None
    plan = plan_merge(actor, survivor, absorbed, facts, choices, keep_account_of, status)
    if busy:
        plan.blockers.append(
            error(ErrorCode.MERGE_IN_PROGRESS, "One of these clients is being changed: try again")
        )
    return PreviewResult(survivor, absorbed, plan, facts, errors=plan.blockers)


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
