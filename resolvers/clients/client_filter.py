"""The client filter (R6.2): one definition used by lists, and later by segments and bulk
operations. A filter is plain data, so it can be stored and replayed.

Without a status condition, merged and deleted records are left out: they are
not clients any more, only pointers and accounting remains.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pypika_tortoise.context import SqlContext
from pypika_tortoise.terms import Criterion, Field
from tortoise import connections
from tortoise.expressions import Q, ResolveContext, Subquery
from tortoise.query_utils import QueryModifier
from tortoise.queryset import QuerySet

from models import Client, ClientConsent, ClientTag
from models.db import is_postgres, stable_plans_connection
from models.enums import ClientStatus, ConsentPurpose, Gender, GenericField
from models.tag import tag_key
from resolvers.clients.client_search import (
    SEARCH_FIRST_UP_TO,
    SearchMatch,
    like_pattern,
    probe_sql,
    search_terms,
)
from resolvers.clients.lookup import parse_id
from resolvers.errors import BadInput

MAX_LIST = 100
MAX_SEARCH = 100
DEFAULT_STATUSES = (ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.DISABLED)
# The same, as SQL literals for statements written by hand (constants of this module only).
DEFAULT_STATUSES_SQL = ", ".join(f"'{status.value}'" for status in DEFAULT_STATUSES)


@dataclass(frozen=True)
class GenericCondition:
    """A condition on one generic field: text equals/contains, number or date range."""

    field: GenericField
    equals: str | None = None
    contains: str | None = None
    min: int | None = None
    max: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def check(self) -> None:
        kind = GenericField(self.field).kind
        given = {
            "equals": self.equals is not None,
            "contains": self.contains is not None,
            "range": self.min is not None or self.max is not None,
            "dates": self.date_from is not None or self.date_to is not None,
        }
        allowed = {"text": {"equals", "contains"}, "int": {"range"}, "date": {"dates"}}[kind]
        used = {name for name, present in given.items() if present}
        if not used or not used <= allowed:
            raise BadInput(f"{self.field}: use {' or '.join(sorted(allowed))} for a {kind} field")

    def q(self) -> Q:
        name = GenericField(self.field).value
        condition = Q()
        bounds: dict[str, Any]
        for suffix, value in (
            ("iexact", self.equals),
            ("icontains", self.contains),
            ("gte", self.min),
            ("lte", self.max),
            ("gte", self.date_from),
            ("lte", self.date_to),
        ):
            if value is not None:
                bounds = {f"{name}__{suffix}": value}
                condition &= Q(**bounds)
        return condition


@dataclass(frozen=True)
class ClientFilter:
    tags_any: tuple[str, ...] = ()
    tags_all: tuple[str, ...] = ()
    tags_none: tuple[str, ...] = ()
    statuses: tuple[ClientStatus, ...] = ()
    level_ids: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    genders: tuple[Gender, ...] = ()
    points_min: int | None = None
    points_max: int | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None
    birthday_month: int | None = None
    birthday_within_days: int | None = None
    generic: tuple[GenericCondition, ...] = field(default=())
    search: str | None = None
    # R11.1: clients who gave consent for each of these purposes / who did not (withdrawn
    # or never asked).
    consent_given: tuple[ConsentPurpose, ...] = ()
    consent_not_given: tuple[ConsentPurpose, ...] = ()

    def check(self) -> None:
        """Reject a filter that cannot mean anything, before it reaches the database."""
        lists = (self.tags_any, self.tags_all, self.tags_none, self.level_ids, self.cities)
        if any(len(values) > MAX_LIST for values in lists):
            raise BadInput(f"A filter list may hold at most {MAX_LIST} values")
        if self.birthday_month is not None and not 1 <= self.birthday_month <= 12:
            raise BadInput("birthdayMonth must be between 1 and 12")
        if self.birthday_within_days is not None and not 0 <= self.birthday_within_days <= 366:
            raise BadInput("birthdayWithinDays must be between 0 and 366")
        if len(self.generic) > 12:
            raise BadInput("At most 12 generic-field conditions")
        for condition in self.generic:
            condition.check()
        if self.search is not None and len(self.search) > MAX_SEARCH:
            raise BadInput(f"search must be at most {MAX_SEARCH} characters")
        if None not in (self.points_min, self.points_max) and self.points_min > self.points_max:  # type: ignore[operator]
            raise BadInput("points.min must not be greater than points.max")
        if (
            self.registered_from is not None
            and self.registered_to is not None
            and self.registered_from > self.registered_to
        ):
            raise BadInput("registeredAt.from must not be after registeredAt.to")

    def to_data(self) -> dict[str, Any]:
        """Plain JSON data, to store a filter (segments) and read it back with from_data()."""

        def plain(value: Any) -> Any:
            if isinstance(value, date | datetime):
                return value.isoformat()
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items() if v not in (None, (), [])}
            return value

        return {k: v for k, v in plain(asdict(self)).items() if v not in (None, [], ())}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ClientFilter:
        values = dict(data)
        for name in ("registered_from", "registered_to"):
            if values.get(name):
                values[name] = datetime.fromisoformat(values[name])
        for name in ("tags_any", "tags_all", "tags_none", "level_ids", "cities"):
            values[name] = tuple(values.get(name, ()))
        values["statuses"] = tuple(ClientStatus(v) for v in values.get("statuses", ()))
        values["genders"] = tuple(Gender(v) for v in values.get("genders", ()))
        for name in ("consent_given", "consent_not_given"):
            values[name] = tuple(ConsentPurpose(v) for v in values.get(name, ()))
        values["generic"] = tuple(
            GenericCondition(
                field=GenericField(g["field"]),
                **{k: v for k, v in g.items() if k not in ("field", "date_from", "date_to")},
                date_from=date.fromisoformat(g["date_from"]) if g.get("date_from") else None,
                date_to=date.fromisoformat(g["date_to"]) if g.get("date_to") else None,
            )
            for g in values.get("generic", ())
        )
        return cls(**values)


def birthday_window(days: int, today: date | None = None) -> Q:
    """Birthdays from today through `days` days ahead, across the new year (by month-day)."""
    today = today or datetime.now(UTC).date()
    end = today + timedelta(days=days)
    start_md, end_md = today.month * 100 + today.day, end.month * 100 + end.day
    if days >= 365:
        return Q(birthday_md__isnull=False)
    if end.year == today.year:
        return Q(birthday_md__gte=start_md, birthday_md__lte=end_md)
    return Q(birthday_md__gte=start_md) | Q(birthday_md__lte=end_md)


@dataclass(frozen=True)
class KnownIds:
    """The ids of the tags (by key) and levels (by public id) a filter names, in the
    organization (unknown names are absent); and, on PostgreSQL, whether its search is
    rare (`client_search.SEARCH_FIRST_UP_TO` matches or fewer), which decides how the
    search is written (`client_search`)."""

    tags: dict[str, int] = field(default_factory=dict)
    levels: tuple[int, ...] = ()
    search_rare: bool = False

    def key(self) -> tuple[Any, ...]:
        """A hashable form, for caches of statements built from these ids."""
        return tuple(sorted(self.tags.items())), self.levels, self.search_rare


async def known_ids(organization_id: int, spec: ClientFilter, *, probe: bool = True) -> KnownIds:
    """Tag keys and level ids, looked up first in one statement: with literal ids in the
    filter, PostgreSQL's planner sees how common each tag and level is (a join on the tag
    or level table hides that, and a popular tag then costs seconds instead of
    milliseconds on a million clients; a level filter joined by public id cost 400 ms).
    A search on PostgreSQL is probed in the same statement (`client_search.probe_sql`)
    unless `probe` is false (the caller reads the search's matches first anyway)."""
    names = sorted({tag_key(n) for n in (*spec.tags_any, *spec.tags_all, *spec.tags_none)})
    uuids = sorted({u for u in (parse_id(i) for i in spec.level_ids) if u is not None})
    terms = search_terms(spec.search)
    db = stable_plans_connection()  # unique indexes whatever the values: one plan serves
    postgres = is_postgres(db)
    probe = probe and postgres and bool(terms)
    if not names and not uuids and not probe:
        return KnownIds()
    if probe:  # how common a search is depends on its terms: planned for them
        db = connections.get("default")
    values: list[Any] = []

    def mark(value: Any) -> str:
        values.append(value)
        return f"${len(values)}" if postgres else "?"

    parts = []
    if names:
        organization = mark(organization_id)  # marks are numbered in the order written
        keys = ", ".join(mark(n) for n in names)
        parts.append(
            "SELECT 'tag' AS kind, key, id FROM tag"  # noqa: S608
            f" WHERE organization_id = {organization} AND key IN ({keys})"
        )
    if uuids:
        organization = mark(organization_id)
        ids = ", ".join(mark(u if postgres else str(u)) for u in uuids)
        parts.append(
            "SELECT 'level' AS kind, NULL AS key, id FROM level"  # noqa: S608
            f" WHERE organization_id = {organization} AND uuid IN ({ids})"
        )
    if probe:
        parts.append(probe_sql(mark(organization_id), [mark(like_pattern(t)) for t in terms]))
    _, rows = await db.execute_query(" UNION ALL ".join(parts), values)
    tags = {str(row[1]): int(row[2]) for row in rows if row[0] == "tag"}
    levels = tuple(sorted(int(row[2]) for row in rows if row[0] == "level"))
    rare = any(row[0] == "search" and int(row[2]) <= SEARCH_FIRST_UP_TO for row in rows)
    return KnownIds(tags, levels, rare)


def _tagged(ids: list[int]) -> Subquery:
    return Subquery(ClientTag.filter(tag_id__in=sorted(set(ids))).values("client_id"))


class _NotExistsTagged(Criterion):
    """`NOT EXISTS (SELECT 1 FROM client_tag …)`, which Tortoise cannot write.

    `id NOT IN (links of the tags)` is what `.exclude(id__in=…)` gives: when the links of
    a popular tag do not fit in work_mem, PostgreSQL re-reads them for every client (a
    count of "birthday soon, not Yoga" on a million clients ran for over 30 minutes).
    NOT EXISTS at the top of the WHERE clause becomes an anti-join on both databases.
    The tag ids are integers read from the database, so they are written as literals.
    """

    def __init__(self, client_id: Field, tag_ids: list[int]) -> None:
        super().__init__()
        self.client_id = client_id
        self.tag_ids = [int(i) for i in tag_ids]

    def get_sql(self, ctx: SqlContext) -> str:
        client_id = self.client_id.get_sql(ctx.copy(with_namespace=True))
        tags = ", ".join(str(i) for i in self.tag_ids)
        return (
            "NOT EXISTS (SELECT 1 FROM client_tag _t"  # noqa: S608
            f" WHERE _t.client_id = {client_id} AND _t.tag_id IN ({tags}))"
        )


class _Untagged(Q):
    """Clients carrying none of the tags (see _NotExistsTagged)."""

    def __init__(self, tag_ids: list[int]) -> None:
        super().__init__()
        self.tag_ids = sorted(set(tag_ids))

    def resolve(self, resolve_context: ResolveContext) -> QueryModifier:
        client_id = Field("id", table=resolve_context.table)
        return QueryModifier(where_criterion=_NotExistsTagged(client_id, self.tag_ids))


async def filter_clients(organization_id: int, spec: ClientFilter) -> QuerySet[Client]:
    spec.check()
    return build_filter(organization_id, spec, await known_ids(organization_id, spec))


def build_filter(organization_id: int, spec: ClientFilter, known: KnownIds) -> QuerySet[Client]:
    """The filter's query once its tags and levels are known (`known_ids`): no statement
    runs here, and the same arguments build the same SQL (but for birthday windows, which
    count from today)."""
    ids = known.tags
    query = Client.filter(organization_id=organization_id)
    query = query.filter(status__in=list(spec.statuses or DEFAULT_STATUSES))
    if spec.tags_any:
        wanted = [ids[k] for k in {tag_key(n) for n in spec.tags_any} if k in ids]
        query = query.filter(id__in=_tagged(wanted)) if wanted else query.filter(id__in=[])
    for key in dict.fromkeys(tag_key(n) for n in spec.tags_all):
        query = query.filter(id__in=_tagged([ids[key]])) if key in ids else query.filter(id__in=[])
    unwanted = [ids[k] for k in {tag_key(n) for n in spec.tags_none} if k in ids]
    if unwanted:
        query = query.filter(_Untagged(unwanted))
    if spec.level_ids:
        levels = list(known.levels)
        query = query.filter(level_id__in=levels) if levels else query.filter(id__in=[])
    if spec.cities:
        city = Q()
        for name in spec.cities:
            city |= Q(city__iexact=" ".join(name.split()))
        query = query.filter(city)
    if spec.genders:
        query = query.filter(gender__in=list(spec.genders))
    if spec.points_min is not None:
        query = query.filter(points__gte=spec.points_min)
    if spec.points_max is not None:
        query = query.filter(points__lte=spec.points_max)
    if spec.registered_from is not None:
        query = query.filter(registered_at__gte=spec.registered_from)
    if spec.registered_to is not None:
        query = query.filter(registered_at__lt=spec.registered_to)
    if spec.birthday_month is not None:
        month = spec.birthday_month * 100
        query = query.filter(birthday_md__gt=month, birthday_md__lt=month + 100)
    if spec.birthday_within_days is not None:
        query = query.filter(birthday_window(spec.birthday_within_days))
    for condition in spec.generic:
        query = query.filter(condition.q())
    terms = search_terms(spec.search)
    if terms:
        query = query.filter(SearchMatch(terms, organization_id if known.search_rare else None))
    for purpose in dict.fromkeys(spec.consent_given):
        query = query.filter(id__in=_consented(organization_id, purpose))
    for purpose in dict.fromkeys(spec.consent_not_given):
        query = query.exclude(id__in=_consented(organization_id, purpose))
    return query


def _consented(organization_id: int, purpose: ConsentPurpose) -> Subquery:
    granted = ClientConsent.filter(organization_id=organization_id, purpose=purpose, granted=True)
    return Subquery(granted.values("client_id"))
