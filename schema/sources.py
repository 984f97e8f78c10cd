"""Where every field of the schema is read from, said once (STYLE: "A field is described
once").

A GraphQL object type backed by a table names its model (`TABLES`); each of its fields is
then either a plain column (a field named like a model attribute, with a scalar or enum
type: nothing to say) or described here by its source:

- `Column`: a model attribute under another name;
- `Derived`: a value computed in Python from columns of the row;
- `PublicId`: the row's public id (its UUID, or its number for activity entries);
- `Expression`: a value computed in SQL from the row (`{t}` is the row's alias);
- `Related`: rows of another table that point at this one (a connection or a list, newest
  first unless told) or that this row points at (one object);
- `Linked`: rows reached through a link table (a client's tags);
- `Items`: a JSON column holding a list of plain objects (an order's lines);
- `Values`: a JSON column holding a list of scalars (a key's scopes);
- `PublicIds`: the public ids of the rows that point at this one (a client's mergedFrom).

The compiled read path (`schema.compiled`) turns a selection into one SQL statement from
these descriptions, and the schema's resolvers (the reference) take the model of every
per-client list from them (`schema.clients.types.per_client`).
`tests/test_compiled_fields.py` writes its documents from the schema (every field of every
type reachable from `Query`) and fails on a root field that falls back unless it is named
there, so a field added to the API is compiled by construction or the suite says why not.

The descriptions of these fields are written here too (`ABOUT`): the GraphQL types take
them (`@from_sources` above `@strawberry.type`), so a field's source and its documentation
are written once, side by side; a type that also describes such a field fails at import.

Access is the root fields' (`ROOT_ACCESS`): nested records are read with the client they
belong to, as the resolvers read them. Costs follow the shape of the type (a connection, a
list, an object: `schema.cost`), which the description fixes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

import orjson
from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case
from tortoise.models import Model

import models
from models.access import Permission
from resolvers.access.actor import AccountCaller, Actor
from resolvers.pagination import SortKey
from resolvers.webhooks.webhook_queries import NEWEST_FIRST as DELIVERIES_ORDER


@dataclass(frozen=True)
class PublicId:
    """The row's public id: its `uuid` column, or `id` as text."""

    column: str = "uuid"


@dataclass(frozen=True)
class Column:
    """A model attribute under another GraphQL name (a segment's `filter` is its
    `conditions`)."""

    attribute: str


@dataclass(frozen=True)
class Derived:
    """A value computed in Python from columns of the row (no SQL of its own)."""

    columns: tuple[str, ...]
    compute: Callable[..., Any]


@dataclass(frozen=True)
class Expression:
    """A value computed from the row; `sql` writes the row's alias as `{t}`. With `json`,
    the value is JSON text (`postgres` may write it another way) read as its value."""

    sql: str
    json: bool = False
    postgres: str | None = None
    # The answer from the value and the caller (`schema.compiled.builders.CALLER`), for
    # values that depend on who reads them.
    for_caller: Callable[[Any, Any], Any] | None = None


@dataclass(frozen=True)
class Related:
    """Rows of `model` related to this row.

    `key` is the column of `model` that holds this row's id (a connection or a list of
    them), or with `points_here=False` the column of this row that holds theirs (one
    object). Lists are sorted by `order` (columns of `model`, `-` for descending); a
    connection's cursors are those of `cursor` (None: newest first, `schema.common`), and
    its arguments other than `first` and `after` are equalities on columns (`filters`:
    argument name -> column)."""

    model: type[Model]
    key: str
    points_here: bool = True
    order: tuple[str, ...] = ("-created_at", "-id")
    cursor: SortKey | None = None
    filters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Matched:
    """The row of `model` that `where` matches (one object or null): `where` writes this
    row's alias as `{t}` and theirs as `{r}`."""

    model: type[Model]
    where: str


@dataclass(frozen=True)
class RowsOf:
    """A list of plain objects computed in Python (`rows`) from the `columns` of the
    `model` rows whose `key` holds this row's id (given as dicts keyed by column)."""

    model: type[Model]
    key: str
    columns: tuple[str, ...]
    rows: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


@dataclass(frozen=True)
class Linked:
    """Rows of `model` linked through `table` (`near` is this row's id, `far` theirs)."""

    model: type[Model]
    table: str
    near: str
    far: str
    order: tuple[str, ...]


@dataclass(frozen=True)
class Items:
    """A JSON column read as a list of plain objects: `rows` turns the stored value into
    dicts keyed by the item type's Python field names."""

    column: str
    rows: Callable[[Any], list[dict[str, Any]]]


@dataclass(frozen=True)
class Values:
    """A JSON column read as a list of scalars or enum values (`convert` each one)."""

    column: str
    convert: Callable[[Any], Any]


@dataclass(frozen=True)
class PublicIds:
    """The public ids of the `model` rows whose `key` holds this row's id, sorted."""

    model: type[Model]
    key: str


Source = (
    Column
    | Derived
    | PublicId
    | Expression
    | Related
    | Linked
    | Items
    | Values
    | PublicIds
    | Matched
    | RowsOf
)


@dataclass(frozen=True)
class Table:
    """A GraphQL object type read from one model, and its fields that are not columns."""

    model: type[Model]
    fields: dict[str, Source] = field(default_factory=dict)


def _order_items(value: Any) -> list[dict[str, Any]]:
    return [
        {"name": i["name"], "quantity": i["quantity"], "unit_price": Decimal(i["unitPrice"])}
        for i in value
    ]


def _gift_list_items(value: Any) -> list[dict[str, Any]]:
    return [{"name": i["name"], "quantity": i["quantity"], "link": i.get("link")} for i in value]


def _changes(value: Any) -> list[dict[str, Any]]:
    return [
        {"field": name, "old_value": old, "new_value": new}
        for name, (old, new) in sorted(value.items())
    ]


_ID: dict[str, Source] = {"id": PublicId()}


def _filter_shape(conditions: Any) -> dict[str, Any]:
    # The stored filter in ClientFilterInput's shape (R6.3), as the Segment type answers it.
    from resolvers.clients.client_filter import ClientFilter
    from schema.clients.inputs import filter_as_input

    if isinstance(conditions, str | bytes):  # a JSON column read raw
        conditions = orjson.loads(conditions)
    return filter_as_input(ClientFilter.from_data(conditions))


def _export_urls(uuid: Any) -> list[str]:
    return [f"/export/segments/{uuid}.csv", f"/export/segments/{uuid}.jsonl"]


# A segment's members and count are read by the filter it stores (`schema.compiled.roots_segments`).
SEGMENT_FIELDS: dict[str, Source] = {
    **_ID,
    "filter": Derived(("conditions",), _filter_shape),
    "exportUrls": Derived(("uuid",), _export_urls),
}


def _per_client(model: type[Model]) -> Related:
    return Related(model, "client_id")


def _consent_texts(value: Any) -> list[dict[str, Any]]:
    texts = loads_json(value) or {}
    return [{"locale": k, "text": texts[k]} for k in sorted(texts)]


def _consents(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every purpose, in the enum's order; never asked: not granted, no source (R11.1)."""
    from models.enums import ConsentPurpose, ConsentSource

    changed_at = models.ClientConsent._meta.fields_map["changed_at"].to_python_value
    found = {row["purpose"]: row for row in rows}
    answer = []
    for purpose in ConsentPurpose:
        row = found.get(purpose.value)
        if row is None:
            answer.append(
                {"purpose": purpose, "granted": False, "source": None, "changed_at": None}
            )
            continue
        answer.append(
            {
                "purpose": purpose,
                "granted": bool(row["granted"]),
                "source": ConsentSource(row["source"]),
                "changed_at": changed_at(_naive_text(row["changed_at"])),
            }
        )
    return answer


def _naive_text(value: Any) -> Any:
    # A timestamp from a JSON array (ISO 8601 text on both databases).
    from datetime import datetime

    return datetime.fromisoformat(value) if isinstance(value, str) else value


def loads_json(value: Any) -> Any:
    """A JSON column's value as the driver gives it (text on SQLite)."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def _webhook_events(name: Any) -> Any:
    from schema.webhooks import WebhookEvent

    return WebhookEvent[name]


def _visible_data(event: Any, caller: Any) -> Any:
    from models.webhook import WebhookEventType
    from resolvers.webhooks.scopes import visible_data

    scopes = [p.value for p in caller.permissions] if isinstance(caller, Actor) else []
    return visible_data(WebhookEventType(event["type"]), event["data"], scopes)


def _import_report(uuid: Any) -> str:
    return f"/imports/{uuid}/report.csv"


_EVENT = '(SELECT e."{column}" FROM "webhook_event" e WHERE e."id" = {{t}}."event_id")'


TABLES: dict[str, Table] = {
    "Client": Table(
        models.Client,
        {
            "id": PublicId(),
            "level": Related(models.Level, "level_id", points_here=False),
            "account": Related(models.Account, "account_id", points_here=False),
            "referredBy": Related(models.Client, "referred_by_id", points_here=False),
            "mergedInto": Expression(
                '(SELECT m."uuid" FROM "client" m WHERE m."id" = {t}."merged_into_id")'
            ),
            "mergedFrom": PublicIds(models.Client, "merged_into_id"),
            "tags": Linked(models.Tag, "client_tag", "client_id", "tag_id", ("key", "id")),
            "notes": _per_client(models.Note),
            "activity": _per_client(models.ActivityEntry),
            "pointsHistory": _per_client(models.PointsEntry),
            "purchases": _per_client(models.Purchase),
            "bookings": _per_client(models.Booking),
            "memberships": _per_client(models.Membership),
            "giftCards": _per_client(models.GiftCard),
            "orders": _per_client(models.Order),
            "giftLists": _per_client(models.GiftList),
            "notifications": _per_client(models.Notification),
            "referrals": Related(models.Client, "referred_by_id"),
            "consentHistory": _per_client(models.ConsentEvent),
            "consents": RowsOf(
                models.ClientConsent,
                "client_id",
                ("purpose", "granted", "source", "changed_at"),
                _consents,
            ),
            # The organization's mark on the client's address (R11.4); none without one.
            "undeliverableEmail": Matched(
                models.UndeliverableAddress,
                '{r}."organization_id" = {t}."organization_id" '
                'AND {r}."email_key" = {t}."email_key" AND {t}."email_key" <> \'\'',
            ),
        },
    ),
    "ConsentEvent": Table(models.ConsentEvent, _ID),
    "UndeliverableEmail": Table(models.UndeliverableAddress, {"since": Column("created_at")}),
    "WebhookEndpoint": Table(
        models.WebhookEndpoint,
        {
            **_ID,
            "events": Values("events", _webhook_events),
            "deliveries": Related(
                models.WebhookDelivery,
                "endpoint_id",
                order=("-id",),
                cursor=DELIVERIES_ORDER,
                filters=(("status", "status"),),
            ),
        },
    ),
    "WebhookDelivery": Table(
        models.WebhookDelivery,
        {
            **_ID,
            "webhookId": Expression(_EVENT.format(column="uuid")),
            "eventType": Expression(_EVENT.format(column="type")),
            # As much of the event's data as the caller may read (R10.2).
            "data": Expression(
                _EVENT.format(column="_").replace(
                    'e."_"', "json_object('type', e.\"type\", 'data', json(e.\"data\"))"
                ),
                json=True,
                postgres=_EVENT.format(column="_").replace(
                    'e."_"', "json_build_object('type', e.\"type\", 'data', e.\"data\")::text"
                ),
                for_caller=_visible_data,
            ),
            "attemptLog": Related(models.WebhookAttempt, "delivery_id", order=("id",)),
        },
    ),
    "WebhookAttempt": Table(models.WebhookAttempt),
    "ImportJob": Table(
        models.ImportJob,
        {
            **_ID,
            "processed": Column("rows_done"),
            "reportUrl": Derived(("uuid",), _import_report),
        },
    ),
    "Level": Table(models.Level, _ID),
    "Tag": Table(models.Tag, _ID),
    "Note": Table(models.Note, _ID),
    "ActivityEntry": Table(
        models.ActivityEntry, {"id": PublicId("id"), "changes": Items("changes", _changes)}
    ),
    "Notification": Table(models.Notification, _ID),
    "Account": Table(
        models.Account, {**_ID, "verified": Expression('({t}."verified_at" IS NOT NULL)')}
    ),
    "PointsEntry": Table(models.PointsEntry, _ID),
    "Purchase": Table(models.Purchase, _ID),
    "Booking": Table(models.Booking, _ID),
    "Membership": Table(models.Membership, _ID),
    "GiftCard": Table(models.GiftCard, _ID),
    "Order": Table(models.Order, {**_ID, "items": Items("items", _order_items)}),
    "GiftList": Table(models.GiftList, {**_ID, "items": Items("items", _gift_list_items)}),
    "FieldLabel": Table(models.FieldLabel),
    "Segment": Table(models.Segment, SEGMENT_FIELDS),
    "Organization": Table(
        models.Organization, {**_ID, "consentTexts": Items("consent_texts", _consent_texts)}
    ),
    "StaffUser": Table(
        models.StaffUser,
        # An invited person has no password until the invitation is accepted (NO_PASSWORD).
        {**_ID, "invitationPending": Expression("({t}.\"password_hash\" = '')")},
    ),
    "ApiKey": Table(models.ApiKey, {**_ID, "scopes": Values("scopes", Permission)}),
    "InboxMessage": Table(
        models.InboxMessage,
        {
            **_ID,
            "organizationName": Expression(
                '(SELECT o."name" FROM "organization" o WHERE o."id" = {t}."organization_id")'
            ),
        },
    ),
}

# What each field described above means, as the API documents it: the GraphQL types take
# these descriptions (`from_sources`), so a field is described once, here.
ABOUT: dict[str, dict[str, str]] = {
    "Client": {
        "consents": "Current consent for each purpose (R11.1).",
        "consentHistory": "Every change of consent, newest first.",
        "undeliverableEmail": (
            "Set when the mail server refused this client's email for good: no mail goes to "
            "it until the email changes or staff clear it (clearUndeliverableEmail)."
        ),
        "id": "Public id (a UUID); stable forever.",
        "level": "Loyalty level, if any.",
        "account": (
            "The linked client-app account, if any: login email, verified state and the names"
            " given at sign-up."
        ),
        "tags": "Tags, sorted by name.",
        "notes": "Notes, newest first.",
        "activity": "Activity log, newest first.",
        "pointsHistory": "The points ledger, newest first.",
        "purchases": "Purchases, newest first.",
        "bookings": "Bookings, newest first.",
        "memberships": "Memberships, newest first.",
        "giftCards": "Gift cards, newest first.",
        "orders": "Orders, newest first.",
        "giftLists": "Gift (wish) lists, newest first.",
        "referredBy": "The client whose share code this client gave (R5.3).",
        "mergedFrom": ("Ids of the records unified into this one: their ids resolve here (R4.2)."),
        "mergedInto": "For a merged record: the id of the client it was unified into.",
        "referrals": "Clients who gave this client's share code, newest first.",
        "notifications": "Notifications sent or skipped for this client, newest first.",
    },
    "ConsentEvent": {
        "id": "Public id.",
    },
    "UndeliverableEmail": {
        "since": "When the refusal came.",
    },
    "WebhookEndpoint": {
        "id": "Public id.",
        "events": "The event types it receives.",
        "deliveries": "Its delivery log, newest first.",
    },
    "WebhookDelivery": {
        "id": "Public id of the delivery.",
        "webhookId": "The `webhook-id` header: the same on every attempt and replay.",
        "eventType": "The event type, dotted (`client.merged`).",
        "data": (
            "The body's `data`, as much of it as the caller may read (R10.2: ids only without"
            " clients:read)."
        ),
        "attemptLog": "Every attempt, oldest first.",
    },
    "ImportJob": {
        "id": "Public id.",
        "processed": "Rows read so far.",
        "reportUrl": "Where the report of refused rows is (CSV: row, column, code, message).",
    },
    "Level": {
        "id": "Public id.",
    },
    "Tag": {
        "id": "Public id.",
    },
    "Note": {
        "id": "Public id.",
    },
    "ActivityEntry": {
        "id": "Public id of the entry.",
        "changes": "The fields it changed, with old and new values.",
    },
    "Notification": {
        "id": "Public id.",
    },
    "Account": {
        "id": "Public id.",
        "verified": "The login email is verified; notifications can reach it.",
    },
    "PointsEntry": {
        "id": "Public id.",
    },
    "Purchase": {
        "id": "Public id.",
    },
    "Booking": {
        "id": "Public id.",
    },
    "Membership": {
        "id": "Public id.",
    },
    "GiftCard": {
        "id": "Public id.",
    },
    "Order": {
        "id": "Public id.",
        "items": "Its lines, as recorded.",
    },
    "GiftList": {
        "id": "Public id.",
        "items": "What is on it.",
    },
    "Segment": {
        "id": "Public id.",
        "filter": (
            "The stored filter in the shape ClientFilterInput takes (same field and enum "
            "names; empty conditions left out): send it back as `filter` to edit it."
        ),
        "exportUrls": "Paths of the streaming exports (same Authorization header).",
    },
    "Organization": {
        "id": "Public id.",
        "consentTexts": "Consent wording per language (R11.1), sorted by language.",
    },
    "StaffUser": {
        "id": "Public id.",
        "invitationPending": (
            "Invited, and the invitation not accepted yet: no password chosen, so no "
            "sign-in possible (R9.3)."
        ),
    },
    "ApiKey": {
        "id": "Public id.",
        "scopes": "Its scopes.",
    },
    "InboxMessage": {
        "id": "Public id.",
        "organizationName": "Name of the organization that sent it.",
    },
}


T = TypeVar("T")
# The GraphQL types that took their descriptions from ABOUT (tests check it is all of TABLES).
DESCRIBED: set[str] = set()


def from_sources(cls: T) -> T:
    """Class decorator (outside `@strawberry.type`): the descriptions of the type's fields
    that `ABOUT` describes come from there; a field described in both is an error."""
    definition = get_object_definition(cls, strict=True)
    about = ABOUT.get(definition.name, {})
    for each in definition.fields:
        text = about.get(each.graphql_name or to_camel_case(each.python_name))
        if text is None:
            continue
        if each.description:
            raise TypeError(f"{definition.name}.{each.python_name} is described twice")
        each.description = text
    DESCRIBED.add(definition.name)
    return cls


# Who may read each root field: staff or keys with a permission, any staff user or key
# (`STAFF_OR_KEY`), or a person signed in to the client app (`ACCOUNT`).
STAFF_OR_KEY = "staff or key"
ACCOUNT = "account"
ANYONE = "anyone"
Access = Permission | str
ROOT_ACCESS: dict[str, Access] = {
    "client": Permission.CLIENTS_READ,
    "clientByEmail": Permission.CLIENTS_READ,
    "clientByExternalId": Permission.CLIENTS_READ,
    "clients": Permission.CLIENTS_READ,
    "clientMergePreview": Permission.CLIENTS_READ,
    "levels": Permission.CLIENTS_READ,
    "tags": Permission.CLIENTS_READ,
    "fieldLabels": Permission.CLIENTS_READ,
    "segments": Permission.CLIENTS_READ,
    "segment": Permission.CLIENTS_READ,
    "apiKeys": Permission.API_KEYS_MANAGE,
    "staffUsers": Permission.STAFF_MANAGE,
    "webhookEndpoints": Permission.WEBHOOKS_MANAGE,
    "webhookEndpoint": Permission.WEBHOOKS_MANAGE,
    "importJob": Permission.CLIENTS_WRITE,
    "consentWording": ANYONE,
    "me": STAFF_OR_KEY,
    "inbox": ACCOUNT,
    "myAccount": ACCOUNT,
}


def may_read(access: Access, caller: object) -> bool:
    """Whether `caller` (an `Actor`, an `AccountCaller` or None) may read a root field
    with this access, as its resolver decides."""
    if access == ANYONE:
        return True
    if access == ACCOUNT:
        return isinstance(caller, AccountCaller)
    if not isinstance(caller, Actor):
        return False
    return access == STAFF_OR_KEY or access in caller.permissions
