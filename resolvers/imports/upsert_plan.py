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

from models.client import SEARCHED_FIELDS, email_key
from models.enums import ClientStatus, ConsentPurpose, ConsentSource
from models.imports import MatchBy
from models.search_text import client_search_text
from models.tag import TAG_MAX_LENGTH, tag_key
from resolvers.clients.client_fields import Invalid, clean_client_fields, single_line
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
