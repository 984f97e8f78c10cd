"""Creating or updating many clients at once (R10.5, R10.6): the engine that
upsertClients and file imports share.

Each row is validated by the same cleaners as createClient/updateClient (§2), matched
by its public id when it carries one (an export's `id` column), else by external id
or email, and answers on its own: CREATED, UPDATED, UNCHANGED or REFUSED with typed
errors. A batch is written in one transaction (rows locked in id order, one activity
entry per changed row, which emits its webhook event); when the database refuses the
batch (a racing writer took an email meanwhile), each row is retried alone, so a bad
row never blocks the others and nothing is half-written. Tags are only ever added.
Repeating the same rows changes nothing (UNCHANGED).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Client, ClientTag, Tag
from models.client import email_key
from models.enums import ClientStatus
from models.imports import MatchBy
from models.tag import TAG_MAX_LENGTH, tag_key
from resolvers.access.actor import Actor
from resolvers.activity import diff, log_activities
from resolvers.clients.client_fields import Invalid, camel, clean_client_fields, single_line
from resolvers.clients.client_write import new_share_code, violated_column
from resolvers.clients.lookup import parse_id
from resolvers.errors import ErrorCode, UserError, error

MAX_TAGS_PER_ROW = 50
_LIVE = (ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.DISABLED)
_KEY_FIELD = {MatchBy.EXTERNAL_ID: "external_id", MatchBy.EMAIL: "email"}
_SECONDARY = {
    "email": (ErrorCode.EMAIL_IN_USE, "email", "This email is already used by another client"),
    "external_id": (
        ErrorCode.EXTERNAL_ID_IN_USE,
        "externalId",
        "This external id is already used by another client",
    ),
    "share_code": (
        ErrorCode.SHARE_CODE_IN_USE,
        "shareCode",
        "This share code is already used by another client",
    ),
}


Known = Callable[[list[str]], Awaitable[set[str]]]


class RowStatus(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass
class Row:
    """One client to write: its position, record fields (model names), tags to add, and
    the public id it names (from an export), if any."""

    index: int
    fields: dict[str, Any]
    tags: list[str] = field(default_factory=list)
    public_id: str | None = None


@dataclass
class RowOutcome:
    index: int
    status: RowStatus
    client: Client | None = None
    errors: list[UserError] = field(default_factory=list)
    # The value the row is matched by, normalised (for duplicate detection across batches).
    key: str | None = None


@dataclass
class _Plan:
    row: Row
    values: dict[str, Any]
    tags: dict[str, str]
    key: str
    client: Client | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    new_tags: list[str] = field(default_factory=list)
    created: bool = False


def _refused(row: Row, *errors: UserError, key: str | None = None) -> RowOutcome:
    return RowOutcome(row.index, RowStatus.REFUSED, errors=list(errors), key=key)


def _clean_tags(names: Sequence[str]) -> tuple[dict[str, str], UserError | None]:
    if len(names) > MAX_TAGS_PER_ROW:
        return {}, error(ErrorCode.OUT_OF_RANGE, f"At most {MAX_TAGS_PER_ROW} tags", "tags")
    cleaned: dict[str, str] = {}
    for i, name in enumerate(names):
        try:
            text = single_line(TAG_MAX_LENGTH)(name)
        except Invalid as exc:
            return {}, error(exc.code, exc.message, "tags", str(i))
        if text:
            cleaned.setdefault(tag_key(text), text)
    return cleaned, None


def _row_key(row: Row, values: Mapping[str, Any], match_by: MatchBy) -> str | None:
    if row.public_id:
        return f"id:{row.public_id.strip().lower()}"
    value = values.get(_KEY_FIELD[match_by])
    if not value:
        return None
    return f"{match_by.value}:{email_key(value) if match_by is MatchBy.EMAIL else value}"


def validate(
    rows: Sequence[Row], match_by: MatchBy, country: str
) -> tuple[list[_Plan], list[RowOutcome]]:
    """Pure checks: fields, tags, the match key, duplicates within these rows."""
    plans: list[_Plan] = []
    refused: list[RowOutcome] = []
    seen: set[str] = set()
    for row in rows:
        values, errors = clean_client_fields(row.fields, country=country)
        tags, tag_error = _clean_tags(row.tags)
        if tag_error:
            errors.append(tag_error)
        if row.public_id and parse_id(row.public_id) is None:
            errors.append(error(ErrorCode.INVALID, "Not a client id", "id"))
        key = None if errors else _row_key(row, values, match_by)
        if not errors and key is None:
            name = "externalId" if match_by is MatchBy.EXTERNAL_ID else "email"
            errors.append(error(ErrorCode.REQUIRED, f"The row is matched by {name}", name))
        if errors:
            refused.append(_refused(row, *errors))
            continue
        assert key is not None
        if key in seen:
            message = "An earlier row has the same match key"
            refused.append(_refused(row, error(ErrorCode.DUPLICATE_ROW, message), key=key))
            continue
        seen.add(key)
        plans.append(_Plan(row=row, values=values, tags=tags, key=key))
    return plans, refused


async def _match(actor: Actor, plans: list[_Plan], conn: BaseDBAsyncClient, lock: bool) -> None:
    """Find each row's client (merged ones followed to their survivor), locked in id order."""
    by_uuid = [UUID(p.row.public_id) for p in plans if p.row.public_id]
    emails = [p.key.partition(":")[2] for p in plans if p.key.startswith("email:")]
    externals = [p.key.partition(":")[2] for p in plans if p.key.startswith("external_id:")]
    base = Client.filter(organization_id=actor.organization_id).using_db(conn)
    found: list[Client] = []
    if by_uuid:
        found += await base.filter(uuid__in=by_uuid)
    if emails:
        found += await base.filter(email_key__in=emails)
    if externals:
        found += await base.filter(external_id__in=externals)
    survivors = {c.merged_into_id for c in found if c.merged_into_id}
    ids = sorted({c.id for c in found if not c.merged_into_id} | survivors)
    query = base.filter(id__in=ids).order_by("id")
    clients = {c.id: c for c in await (query.select_for_update() if lock and ids else query)}
    index: dict[str, Client] = {}
    for c in found:
        target = clients.get(c.merged_into_id or c.id)
        if target is None:
            continue
        index.setdefault(f"id:{c.uuid}", target)
        if c.email_key and not c.merged_into_id:
            index.setdefault(f"email:{c.email_key}", target)
        if c.external_id:
            # R4.8: an absorbed record's external id finds its survivor, unless the
            # survivor has its own.
            index.setdefault(f"external_id:{c.external_id}", target)
    for plan in plans:
        plan.client = index.get(plan.key)


async def _conflicts(
    actor: Actor, plans: list[_Plan], conn: BaseDBAsyncClient
) -> dict[int, UserError]:
    """Rows whose other unique values (email, external id, share code) belong to another
    client than the one they match, or to another row: a row matching two clients."""
    errors: dict[int, UserError] = {}
    holders: dict[tuple[str, Any], int] = {}
    for name in _SECONDARY:
        wanted = {
            email_key(p.values[name]) if name == "email" else p.values[name]
            for p in plans
            if p.values.get(name)
        }
        if not wanted:
            continue
        column = "email_key" if name == "email" else name
        rows = await (
            Client.filter(organization_id=actor.organization_id, **{f"{column}__in": wanted})
            .using_db(conn)
            .values_list(column, "id", "uuid", "merged_into_id")
        )
        for value, client_id, uuid, merged_into_id in rows:
            holders[(name, value)] = client_id
            holders[(name, f"uuid:{value}")] = uuid
            holders[(name, f"survivor:{value}")] = merged_into_id
    claimed: dict[tuple[str, Any], int] = {}
    for plan in plans:
        for name, (code, field_name, message) in _SECONDARY.items():
            raw = plan.values.get(name)
            if not raw:
                continue
            value = email_key(raw) if name == "email" else raw
            holder = holders.get((name, value))
            mine = plan.client.id if plan.client else None
            if (
                holder is not None
                and mine is not None
                and holders[(name, f"survivor:{value}")] == mine
            ):
                # R4.8: the value stays with the record merged into this client, which
                # the lookup already follows; the survivor does not take it over.
                del plan.values[name]
                continue
            if holder is not None and holder != mine:
                uuid = str(holders[(name, f"uuid:{value}")])
                if plan.client is not None and name != "share_code":
                    text = "The row matches one client and its " + field_name + " another"
                    errors[plan.row.index] = error(
                        ErrorCode.AMBIGUOUS_MATCH, text, field_name, conflicting=uuid
                    )
                else:
                    errors[plan.row.index] = error(code, message, field_name, conflicting=uuid)
                break
            if (name, value) in claimed and claimed[(name, value)] != plan.row.index:
                text = "An earlier row has the same " + field_name
                errors[plan.row.index] = error(ErrorCode.DUPLICATE_ROW, text, field_name)
                break
            claimed[(name, value)] = plan.row.index
    return errors


async def _existing_tags(conn: BaseDBAsyncClient, client_ids: list[int]) -> dict[int, set[str]]:
    present: dict[int, set[str]] = {}
    if client_ids:
        rows = await (
            ClientTag.filter(client_id__in=client_ids)
            .using_db(conn)
            .values_list("client_id", "tag__key")
        )
        for client_id, key in rows:
            present.setdefault(client_id, set()).add(key)
    return present


def _plan_changes(plan: _Plan, present: set[str]) -> None:
    if plan.client is None:
        values = {k: v for k, v in plan.values.items() if v not in (None, "")}
        plan.changes = diff({}, values)
    else:
        before = {name: getattr(plan.client, name) for name in plan.values}
        plan.changes = diff(before, plan.values)
    plan.new_tags = [name for key, name in plan.tags.items() if key not in present]


async def upsert_batch(
    actor: Actor,
    rows: Sequence[Row],
    match_by: MatchBy,
    *,
    country: str,
    dry_run: bool = False,
    known: Known | None = None,
) -> list[RowOutcome]:
    """Write `rows` (validated, matched, each with its own outcome), in `index` order.
    `known` names the match keys already written by earlier batches of the same file."""
    plans, outcomes = validate(rows, match_by, country)
    if known is not None and plans:
        repeated = await known([p.key for p in plans])
        message = "An earlier row of the file has the same match key"
        outcomes += [
            _refused(p.row, error(ErrorCode.DUPLICATE_ROW, message), key=p.key)
            for p in plans
            if p.key in repeated
        ]
        plans = [p for p in plans if p.key not in repeated]
    if plans:
        try:
            outcomes += await _write(actor, plans, dry_run=dry_run)
        except IntegrityError as exc:
            if len(plans) == 1:
                outcomes.append(_integrity_refusal(plans[0], exc))
            else:  # a racing writer: each row on its own, so only the culprit is refused
                for plan in plans:
                    outcomes += await upsert_batch(
                        actor, [plan.row], match_by, country=country, dry_run=dry_run
                    )
    return sorted(outcomes, key=lambda o: o.index)


def _integrity_refusal(plan: _Plan, exc: IntegrityError) -> RowOutcome:
    """A unique value taken by a racing writer between the checks and the write."""
    column = violated_column(exc)
    name = "email" if column == "email_key" else column
    if name in _SECONDARY:
        code, field_name, message = _SECONDARY[name]
        return _refused(plan.row, error(code, message, field_name), key=plan.key)
    raise exc


async def _write(actor: Actor, plans: list[_Plan], *, dry_run: bool) -> list[RowOutcome]:
    outcomes: list[RowOutcome] = []
    async with in_transaction("default") as conn:
        await _match(actor, plans, conn, lock=not dry_run)
        conflicts = await _conflicts(actor, plans, conn)
        present = await _existing_tags(conn, [p.client.id for p in plans if p.client])
        todo: list[_Plan] = []
        for plan in plans:
            if plan.row.index in conflicts:
                outcomes.append(_refused(plan.row, conflicts[plan.row.index], key=plan.key))
                continue
            if plan.client is not None and plan.client.status not in _LIVE:
                message = f"The client is {plan.client.status.value}"
                refusal = error(ErrorCode.INVALID_STATUS, message)
                outcomes.append(_refused(plan.row, refusal, key=plan.key))
                continue
            _plan_changes(plan, present.get(plan.client.id, set()) if plan.client else set())
            if plan.client is not None and not plan.changes and not plan.new_tags:
                outcomes.append(
                    RowOutcome(plan.row.index, RowStatus.UNCHANGED, plan.client, key=plan.key)
                )
                continue
            todo.append(plan)
        if not dry_run:
            await _apply(actor, todo, conn)
    for plan in todo:
        status = RowStatus.CREATED if plan.client is None or plan.created else RowStatus.UPDATED
        outcomes.append(RowOutcome(plan.row.index, status, plan.client, key=plan.key))
    return outcomes


async def _apply(actor: Actor, plans: list[_Plan], conn: BaseDBAsyncClient) -> None:
    now = datetime.now(UTC)
    creates = [p for p in plans if p.client is None]
    new_clients = []
    for plan in creates:
        values = dict(plan.values)
        values.setdefault("registered_at", now)
        if values.get("share_code") is None:
            values["share_code"] = new_share_code()
        client = Client(uuid=uuid4(), organization_id=actor.organization_id, **values)
        client.derive()
        client.created_at = client.updated_at = now
        new_clients.append(client)
        plan.client = client
        plan.created = True
    if new_clients:
        await Client.bulk_create(new_clients, using_db=conn)
        ids = dict(
            await Client.filter(uuid__in=[c.uuid for c in new_clients])
            .using_db(conn)
            .values_list("uuid", "id")
        )
        for client in new_clients:
            client.id = ids[client.uuid]
    for plan in plans:
        if plan.created or not plan.changes:
            continue
        assert plan.client is not None
        for name in plan.values:
            setattr(plan.client, name, plan.values[name])
        changed = [n for n in plan.values if camel(n) in plan.changes]
        await plan.client.save(using_db=conn, update_fields=changed)
    await _add_tags(actor, plans, conn)
    entries: list[tuple[int, str, Mapping[str, Any]]] = []
    for plan in plans:
        assert plan.client is not None
        if plan.created:
            entries.append((plan.client.id, "client.created", plan.changes))
        elif plan.changes:
            entries.append((plan.client.id, "client.updated", plan.changes))
        if plan.new_tags:
            entries.append((plan.client.id, "tags.added", {"tagsAdded": [None, plan.new_tags]}))
    await log_activities(actor, entries, using_db=conn)


async def _add_tags(actor: Actor, plans: list[_Plan], conn: BaseDBAsyncClient) -> None:
    wanted = {tag_key(n): n for p in plans for n in p.new_tags}
    if not wanted:
        return
    await Tag.bulk_create(
        [Tag(organization_id=actor.organization_id, key=k, name=n) for k, n in wanted.items()],
        ignore_conflicts=True,
        using_db=conn,
    )
    tags = dict(
        await Tag.filter(organization_id=actor.organization_id, key__in=list(wanted))
        .using_db(conn)
        .values_list("key", "id")
    )
    await ClientTag.bulk_create(
        [
            ClientTag(client_id=p.client.id, tag_id=tags[tag_key(n)])
            for p in plans
            if p.client is not None
            for n in p.new_tags
        ],
        ignore_conflicts=True,
        using_db=conn,
    )
