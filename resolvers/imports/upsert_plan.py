"""Planning an upsert (R10.5, R10.6): the rows, their outcomes, and the checks made
before any write — field validation (the createClient/updateClient cleaners), the match
key, duplicates within the rows, the client each row matches (a merged record followed
to its survivor, R4.8), and rows whose other unique values belong to another client."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Client
from models.bulk_rows import rows_in
from models.client import SEARCHED_FIELDS, email_key
from models.enums import ClientStatus, ConsentPurpose, ConsentSource
from models.imports import MatchBy
from models.search_text import client_search_text
from models.tag import TAG_MAX_LENGTH, tag_key
from resolvers.access.actor import Actor
from resolvers.clients.client_fields import Invalid, clean_client_fields, cleaners, single_line
from resolvers.clients.lookup import parse_id
from resolvers.errors import ErrorCode, UserError, error

MAX_TAGS_PER_ROW = 50
LIVE = (ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.DISABLED)
_KEY_FIELD = {MatchBy.EXTERNAL_ID: "external_id", MatchBy.EMAIL: "email"}
SECONDARY = {
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


@dataclass(frozen=True)
class ConsentAnswer:
    """A file's consent cell for one purpose (R11.1): the answer, the row's own proof (if
    the file has a proof column), and the column it came from. An upsertClients answer
    carries its source (already checked: resolvers/imports/upsert_consent.py)."""

    granted: bool
    proof: str | None
    column: str
    source: ConsentSource | None = None


@dataclass(frozen=True)
class ConsentGiven:
    """A consent answer of an upsertClients row, as setClientConsent takes one."""

    purpose: ConsentPurpose
    granted: bool
    source: ConsentSource | None = None
    proof: str | None = None


@dataclass
class Row:
    """One client to write: its position, record fields (model names), tags to add, the
    public id it names (from an export), if any, and consent answers: an import's cells
    (`consent`), or upsertClients' answers as sent (`consents_given`, checked into
    `consent` before the batch)."""

    index: int
    fields: dict[str, Any]
    tags: list[str] = field(default_factory=list)
    public_id: str | None = None
    consent: dict[ConsentPurpose, ConsentAnswer] = field(default_factory=dict)
    consents_given: list[ConsentGiven] = field(default_factory=list)


@dataclass
class Found:
    """A client a row matched, as read (and locked) for the write: no ORM object."""

    id: int
    uuid: UUID
    status: ClientStatus
    values: dict[str, Any]


@dataclass
class RowOutcome:
    index: int
    status: RowStatus
    client: Found | None = None
    errors: list[UserError] = field(default_factory=list)
    # The value the row is matched by, normalised (for duplicate detection across batches).
    key: str | None = None


@dataclass
class Plan:
    row: Row
    values: dict[str, Any]
    tags: dict[str, str]
    key: str
    client: Found | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    new_tags: list[str] = field(default_factory=list)
    created: bool = False
    # The search text of `values` (what a new client is written with), made by `validate`
    # where the rows are checked: an import does that beside the database's writes.
    search_text: str | None = None
    # (purpose, granted, the current answer or None when never asked, proof) to record.
    consent: list[tuple[ConsentPurpose, bool, bool | None, str | None]] = field(
        default_factory=list
    )


def refused(row: Row, *errors: UserError, key: str | None = None) -> RowOutcome:
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


def search_text_of(values: Mapping[str, Any]) -> str:
    return client_search_text(*(values.get(name) for name in SEARCHED_FIELDS))


# What `validate` makes of rows: the plans of the valid ones, the refusals of the others.
Checked = tuple[list["Plan"], list[RowOutcome]]


def validate(rows: Sequence[Row], match_by: MatchBy, country: str) -> Checked:
    """Pure checks: fields, tags, the match key, duplicates within these rows."""
    plans: list[Plan] = []
    outcomes: list[RowOutcome] = []
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
            outcomes.append(refused(row, *errors))
            continue
        assert key is not None
        if key in seen:
            message = "An earlier row has the same match key"
            outcomes.append(refused(row, error(ErrorCode.DUPLICATE_ROW, message), key=key))
            continue
        seen.add(key)
        plans.append(Plan(row, values, tags, key, search_text=search_text_of(values)))
    return plans, outcomes


def _read_columns() -> tuple[str, ...]:
    """What a matched client is read with: what the rows may write (for the diff), and
    the derived columns an update rewrites from them."""
    fields = cleaners("ZZ")
    return ("id", "uuid", "status", *fields, *SEARCHED_FIELDS)


async def match(actor: Actor, plans: list[Plan], conn: BaseDBAsyncClient, lock: bool) -> None:
    """Find each row's client (merged ones followed to their survivor), locked in id order:
    one query per kind of key finds them, one more reads (and locks) them."""
    by_uuid = [UUID(p.row.public_id) for p in plans if p.row.public_id]
    emails = [p.key.partition(":")[2] for p in plans if p.key.startswith("email:")]
    externals = [p.key.partition(":")[2] for p in plans if p.key.startswith("external_id:")]
    found: list[tuple[int, Any, str | None, str | None, int | None]] = []
    for column, values in (
        ("uuid", by_uuid),
        ("email_key", emails),
        ("external_id", externals),
    ):
        rows = await rows_in(
            conn,
            Client,
            ("id", "uuid", "email_key", "external_id", "merged_into_id"),
            {"organization_id": actor.organization_id},
            column,
            values,
        )
        found += [
            (r["id"], r["uuid"], r["email_key"], r["external_id"], r["merged_into_id"])
            for r in rows
        ]
    if not found:
        return
    base = Client.filter(organization_id=actor.organization_id).using_db(conn)
    ids = sorted({merged_into or cid for cid, _, _, _, merged_into in found})
    query = base.filter(id__in=ids).order_by("id")
    if lock:
        query = query.select_for_update()
    rows = await query.values(*dict.fromkeys(_read_columns()))
    clients = {
        row["id"]: Found(row["id"], row["uuid"], ClientStatus(row["status"]), row) for row in rows
    }
    index: dict[str, Found] = {}
    for cid, uuid, key, external_id, merged_into in found:
        target = clients.get(merged_into or cid)
        if target is None:
            continue
        index.setdefault(f"id:{uuid}", target)
        if key and not merged_into:
            index.setdefault(f"email:{key}", target)
        if external_id:
            # R4.8: an absorbed record's external id finds its survivor, unless the
            # survivor has its own.
            index.setdefault(f"external_id:{external_id}", target)
    for plan in plans:
        plan.client = index.get(plan.key)


async def conflicts(
    actor: Actor, plans: list[Plan], conn: BaseDBAsyncClient
) -> dict[int, UserError]:
    """Rows whose other unique values (email, external id, share code) belong to another
    client than the one they match, or to another row: a row matching two clients."""
    errors: dict[int, UserError] = {}
    holders: dict[tuple[str, Any], int] = {}
    for name in SECONDARY:
        wanted = {
            email_key(p.values[name]) if name == "email" else p.values[name]
            for p in plans
            if p.values.get(name)
        }
        if not wanted:
            continue
        column = "email_key" if name == "email" else name
        rows = await rows_in(
            conn,
            Client,
            (column, "id", "uuid", "merged_into_id"),
            {"organization_id": actor.organization_id},
            column,
            sorted(wanted),
        )
        for row in rows:
            value, client_id, uuid = row[column], row["id"], row["uuid"]
            merged_into_id = row["merged_into_id"]
            holders[(name, value)] = client_id
            holders[(name, f"uuid:{value}")] = uuid
            holders[(name, f"survivor:{value}")] = merged_into_id
    claimed: dict[tuple[str, Any], int] = {}
    for plan in plans:
        for name, (code, field_name, message) in SECONDARY.items():
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
