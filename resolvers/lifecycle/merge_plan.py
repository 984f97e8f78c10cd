"""What unifying two clients would do (R4.1, R4.3, R4.4, R4.6-R4.8), computed without writing.

Shared by clientMergePreview and unifyClients, so the preview is exactly what the
merge does. For each field: an empty survivor value is filled from the absorbed
record; where both have a value the caller may choose per field, otherwise the
survivor's stays; whatever is not kept is listed as dropped. The higher level stays.
A disabled record makes the survivor disabled unless the caller may enable clients
and asks for another status (R4.7). The absorbed record's share code and external id
keep leading to the survivor (R4.8); its share code is listed as dropped because the
survivor keeps its own. A survivor whose notification email is not its linked
account's login email would be unreachable: the plan warns (R4.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Account, Client, ClientTag, Level
from models.access import Permission
from models.client import CLIENT_FIELDS, email_key
from models.enums import ClientStatus
from resolvers.access.actor import Actor
from resolvers.activity import json_value
from resolvers.clients.client_fields import camel
from resolvers.errors import ErrorCode, UserError, error
from resolvers.loyalty.ledger import MAX_BALANCE, balance_too_high

MERGEABLE = tuple(name for name in CLIENT_FIELDS if name != "share_code")
BY_GRAPHQL_NAME = {camel(name): name for name in MERGEABLE}


class Keep(StrEnum):
    SURVIVOR = "survivor"
    ABSORBED = "absorbed"


class LevelFacts(Protocol):
    """What the plan reads of a level (a `Level` row has it)."""

    @property
    def name(self) -> str: ...
    @property
    def threshold(self) -> int: ...


class AccountFacts(Protocol):
    """What the plan reads of an account (an `Account` row has it)."""

    @property
    def email(self) -> str: ...
    @property
    def email_key(self) -> str: ...


@dataclass(frozen=True)
class MergeFacts:
    """What the plan reads besides the two clients: their levels and accounts by id, and
    their tags' ids."""

    levels: Mapping[int, LevelFacts]
    accounts: Mapping[int, AccountFacts]
    survivor_tags: frozenset[int]
    absorbed_tags: frozenset[int]


async def load_facts(
    survivor: Client, absorbed: Client, using_db: BaseDBAsyncClient | None = None
) -> MergeFacts:
    """The facts of two clients, read with the ORM (the rows: `Level`, `Account`)."""
    level_ids = [i for i in (survivor.level_id, absorbed.level_id) if i]
    account_ids = [i for i in (survivor.account_id, absorbed.account_id) if i]
    levels = await Level.filter(id__in=level_ids).using_db(using_db) if level_ids else []
    accounts = await Account.filter(id__in=account_ids).using_db(using_db) if account_ids else []
    tags = (
        await ClientTag.filter(client_id__in=[survivor.id, absorbed.id])
        .using_db(using_db)
        .values_list("client_id", "tag_id")
    )
    return MergeFacts(
        levels={level.id: level for level in levels},
        accounts={account.id: account for account in accounts},
        survivor_tags=frozenset(t for c, t in tags if c == survivor.id),
        absorbed_tags=frozenset(t for c, t in tags if c == absorbed.id),
    )


@dataclass
class MergePlan:
    values: dict[str, Any] = field(default_factory=dict)  # fields the survivor takes
    dropped: list[tuple[str, Any, Keep]] = field(default_factory=list)  # (field, value, whose)
    level_id: int | None = None
    keep_account: Keep | None = None
    new_tags: list[int] = field(default_factory=list)
    blockers: list[UserError] = field(default_factory=list)
    warnings: list[UserError] = field(default_factory=list)
    status: ClientStatus | None = None  # the survivor's status afterwards
    account: AccountFacts | None = None  # the account linked to the survivor afterwards
    points_moved: int = 0
    # survivor field -> (before, after), for what is not a plain field value
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def _empty(value: Any) -> bool:
    return value is None or value == ""


def check_choices(choices: dict[str, Keep]) -> list[UserError]:
    return [
        error(ErrorCode.INVALID, f"{name} cannot be chosen in a merge", "fieldChoices", name)
        for name in choices
        if name not in BY_GRAPHQL_NAME
    ]


LIVE_STATUSES = (ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.DISABLED)


def _status(
    actor: Actor, survivor: Client, absorbed: Client, wanted: ClientStatus | None
) -> tuple[ClientStatus, UserError | None]:
    """R4.7: a merge cannot lift or impose a block without the permission enableClient needs."""
    blocked = ClientStatus.DISABLED in (survivor.status, absorbed.status)
    default = ClientStatus.DISABLED if blocked else survivor.status
    if wanted is None or wanted == default:
        return default, None
    if wanted not in LIVE_STATUSES:
        return default, error(
            ErrorCode.INVALID_STATUS, "Choose active, inactive or disabled", "status"
        )
    if (blocked or wanted is ClientStatus.DISABLED) and (
        Permission.CLIENTS_DISABLE not in actor.permissions
    ):
        return default, error(
            ErrorCode.STATUS_CHOICE_FORBIDDEN,
            "Only staff who may enable or disable clients can choose this status",
            "status",
        )
    return wanted, None


def plan_merge(
    actor: Actor,
    survivor: Client,
    absorbed: Client,
    facts: MergeFacts,
    choices: dict[str, Keep],
    keep_account_of: Keep | None,
    status: ClientStatus | None = None,
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
    levels = facts.levels
    plan.level_id = max(
        (i for i in (survivor.level_id, absorbed.level_id) if i),
        key=lambda i: levels[i].threshold,
        default=None,
    )
    plan.new_tags = sorted(facts.absorbed_tags - facts.survivor_tags)
    plan.status, problem = _status(actor, survivor, absorbed, status)
    if problem is not None:
        plan.blockers.append(problem)
    if plan.status != survivor.status:
        plan.changes["status"] = (survivor.status.value, plan.status.value)

    def name_of(level_id: int | None) -> str | None:
        return levels[level_id].name if level_id is not None and level_id in levels else None

    if plan.level_id != survivor.level_id:
        plan.changes["level"] = (name_of(survivor.level_id), name_of(plan.level_id))
    if absorbed.level_id and absorbed.level_id != plan.level_id:
        plan.dropped.append(("level", name_of(absorbed.level_id), Keep.ABSORBED))
    # The survivor keeps its share code; the absorbed one still credits the survivor (R4.8).
    plan.dropped.append(("share_code", absorbed.share_code, Keep.ABSORBED))
    _plan_account(plan, survivor, absorbed, facts.accounts)
    plan.points_moved = 0 if plan.blockers else absorbed.points
    if plan.points_moved:
        plan.changes["points"] = (survivor.points, survivor.points + absorbed.points)
    return plan


def _plan_account(
    plan: MergePlan, survivor: Client, absorbed: Client, accounts: Mapping[int, AccountFacts]
) -> None:
    kept_id = absorbed.account_id if plan.keep_account is Keep.ABSORBED else survivor.account_id
    plan.account = accounts.get(kept_id) if kept_id else None
    if kept_id != survivor.account_id:
        before = accounts.get(survivor.account_id) if survivor.account_id else None
        plan.changes["account"] = (
            before.email if before else None,
            plan.account.email if plan.account else None,
        )
    for account_id, whose in (
        (survivor.account_id, Keep.SURVIVOR),
        (absorbed.account_id, Keep.ABSORBED),
    ):
        if account_id and account_id != kept_id:
            plan.dropped.append(("account", accounts[account_id].email, whose))
    email = plan.values.get("email", survivor.email)
    if plan.account is not None and email and plan.account.email_key != email_key(email):
        plan.warnings.append(
            error(
                ErrorCode.SURVIVOR_UNREACHABLE,
                "The survivor's notification email is not the login email of its account: "
                "no notification would reach the person. Send the welcome email afterwards: "
                "it lets the person in with the notification email.",
                "keepAccountOf",
            )
        )


def dropped_data(plan: MergePlan) -> list[dict[str, Any]]:
    return [
        {"field": camel(name), "value": json_value(value), "from": whose.value}
        for name, value, whose in plan.dropped
    ]
