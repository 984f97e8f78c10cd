"""What unifying two clients would do (R4.1, R4.3, R4.4), computed without writing.

Shared by clientMergePreview and unifyClients, so the preview is exactly what the
merge does. For each field: an empty survivor value is filled from the absorbed
record; where both have a value the caller may choose per field, otherwise the
survivor's stays; whatever is not kept is listed as dropped. The higher level stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from models import Client, ClientTag, Level
from models.enums import ClientStatus
from resolvers.activity import json_value
from resolvers.clients.client_fields import camel
from resolvers.errors import ErrorCode, UserError, error
from resolvers.loyalty.ledger import MAX_BALANCE, balance_too_high

MERGEABLE = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "identification_type",
    "identification_number",
    "external_id",
    "gender",
    "city",
    "birthday",
    "locale",
    "registration_code",
    "registered_at",
    "text1",
    "text2",
    "text3",
    "text4",
    "text5",
    "int1",
    "int2",
    "int3",
    "int4",
    "int5",
    "date1",
    "date2",
]
BY_GRAPHQL_NAME = {camel(name): name for name in MERGEABLE}


class Keep(StrEnum):
    SURVIVOR = "survivor"
    ABSORBED = "absorbed"


@dataclass
class MergePlan:
    values: dict[str, Any] = field(default_factory=dict)  # fields the survivor takes
    dropped: list[tuple[str, Any, Keep]] = field(default_factory=list)  # (field, value, whose)
    level_id: int | None = None
    keep_account: Keep | None = None
    new_tags: list[int] = field(default_factory=list)
    blockers: list[UserError] = field(default_factory=list)


def _empty(value: Any) -> bool:
    return value is None or value == ""


def check_choices(choices: dict[str, Keep]) -> list[UserError]:
    return [
        error(ErrorCode.INVALID, f"{name} cannot be chosen in a merge", "fieldChoices", name)
        for name in choices
        if name not in BY_GRAPHQL_NAME
    ]


async def plan_merge(
    survivor: Client,
    absorbed: Client,
    choices: dict[str, Keep],
    keep_account_of: Keep | None,
) -> MergePlan:
    plan = MergePlan()
    if survivor.id == absorbed.id:
        plan.blockers.append(
            error(ErrorCode.SAME_CLIENT, "Pick two different clients", "absorbedId")
        )
        return plan
    for role, client in (("survivorId", survivor), ("absorbedId", absorbed)):
        if client.status in (ClientStatus.MERGED, ClientStatus.DELETED):
            plan.blockers.append(
                error(ErrorCode.CLIENT_MERGED, "This client was merged or deleted", role)
            )
    if survivor.points + absorbed.points > MAX_BALANCE:
        plan.blockers.append(balance_too_high())
    if survivor.account_id and absorbed.account_id:
        if keep_account_of is None:
            plan.blockers.append(
                error(
                    ErrorCode.ACCOUNT_CHOICE_REQUIRED,
                    "Both have accounts: choose one",
                    "keepAccountOf",
                )
            )
        plan.keep_account = keep_account_of
    elif absorbed.account_id:
        plan.keep_account = Keep.ABSORBED
    wanted = {BY_GRAPHQL_NAME[k]: v for k, v in choices.items() if k in BY_GRAPHQL_NAME}
    for name in MERGEABLE:
        mine, theirs = getattr(survivor, name), getattr(absorbed, name)
        if _empty(theirs) or mine == theirs:
            continue
        if _empty(mine):
            plan.values[name] = theirs
        elif wanted.get(name) is Keep.ABSORBED:
            plan.values[name] = theirs
            plan.dropped.append((name, mine, Keep.SURVIVOR))
        else:
            plan.dropped.append((name, theirs, Keep.ABSORBED))
    levels = {
        level.id: level.threshold
        for level in await Level.filter(
            id__in=[i for i in (survivor.level_id, absorbed.level_id) if i]
        )
    }
    plan.level_id = max(
        (i for i in (survivor.level_id, absorbed.level_id) if i),
        key=lambda i: levels[i],
        default=None,
    )
    mine_tags = set(await ClientTag.filter(client_id=survivor.id).values_list("tag_id", flat=True))
    theirs_tags = await ClientTag.filter(client_id=absorbed.id).values_list("tag_id", flat=True)
    plan.new_tags = sorted(set(theirs_tags) - mine_tags)  # type: ignore[arg-type]
    return plan


def dropped_data(plan: MergePlan) -> list[dict[str, Any]]:
    return [
        {"field": camel(name), "value": json_value(value), "from": whose.value}
        for name, value, whose in plan.dropped
    ]
