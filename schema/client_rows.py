"""Clients as plain database rows, for reads that know exactly which columns they need
(the compiled read path, issue 7). The rules are those of `client_queries` (R4.2, R6.2,
R9.1): the caller's organization only, an absorbed id leads to its survivor, the same
filter, order and keyset cursors, `first` at most 100.

A row holds only the asked client columns, in the asked order, followed by the expressions
the compiled selection reads (`Selection.extras`: nested records as JSON arrays, counts,
computed values), all by the same statement. Nothing is turned into an ORM model:
building a model of forty columns per row was a quarter of a page's time.

The SQL of a page is a pure function of its arguments once the filter's tags are known, so
it is built once and kept (bounded): building it through the ORM cost more than running it.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet

import models
from models.access import Permission
from models.db import is_postgres, stable_plans_connection
from resolvers.access.actor import Actor, require
from resolvers.clients.client_count import tag_count_sql
from resolvers.clients.client_filter import (
    DEFAULT_STATUSES_SQL,
    ClientFilter,
    KnownIds,
    build_filter,
    known_ids,
)
from resolvers.clients.client_queries import SORT_KEYS, ClientOrder
from resolvers.clients.client_search import search_terms
from resolvers.clients.lookup import parse_id
from resolvers.pagination import SortKey, after, capped_count_sql, check_first, read_cursor

# Kept page statements; one per distinct filter, order, size and selection of an organization.
PAGE_SQL_CACHE = 512


@dataclass(frozen=True)
class Sql:
    """One SQL expression in both dialects (written by the compiled read path from the
    schema's field descriptions, never from input)."""

    postgres: str
    sqlite: str

    def on(self, postgres: bool) -> str:
        return self.postgres if postgres else self.sqlite


@dataclass(frozen=True)
class Selection:
    """Which client columns (database names) a row holds, then the expressions it reads
    after them (nested records as JSON arrays, counts, computed values) over `"client"`."""

    columns: tuple[str, ...]
    extras: tuple[Sql, ...] = ()


@dataclass
class RowPage:
    rows: list[Sequence[Any]]
    key: SortKey
    has_next_page: bool
    has_previous_page: bool
    # The filter's tags and levels as the page looked them up (None: it needed none).
    known: KnownIds | None = None
    # The filter's counts asked with the page (`client_rows(counts=...)`), in that order.
    counts: list[int] = field(default_factory=list)


@functools.lru_cache(maxsize=PAGE_SQL_CACHE)
def _select_list(selection: Selection, postgres: bool) -> str:
    """The columns, then the carried arrays; a constant when nothing is asked (a page of
    which only `pageInfo` is selected), since SQLite refuses an empty select list. Only
    the model's own column names are written."""
    known = set(models.Client._meta.fields_db_projection.values())
    if not set(selection.columns) <= known:
        raise ValueError(f"not client columns: {sorted(set(selection.columns) - known)}")
    select = [f'"client"."{c}"' for c in selection.columns]
    select += [extra.on(postgres) for extra in selection.extras]
    return ", ".join(select or ["1"])


async def client_row(
    actor: Actor | None, public_id: str | None, selection: Selection
) -> Sequence[Any] | None:
    """The client with this public id, or None. An absorbed id leads to its survivor
    (R4.2): absorbed ids are rare, so the row is read by id first (one statement) and a
    merged row costs a second, by its survivor's id."""
    actor = require(actor, Permission.CLIENTS_READ)
    uuid = parse_id(public_id)
    if uuid is None:
        return None
    postgres = is_postgres(stable_plans_connection())
    return await client_row_by(actor, "uuid", uuid if postgres else str(uuid), selection)


# Columns a client is found by: each is unique in an organization.
LOOKUP_COLUMNS = ("uuid", "id", "email_key", "external_id")


async def client_row_by(
    actor: Actor, column: str, value: Any, selection: Selection, *, follow: bool = True
) -> Sequence[Any] | None:
    """The organization's client whose `column` (one of `LOOKUP_COLUMNS`) is `value`, or
    None; an absorbed one leads to its survivor when `follow` (R4.2)."""
    db = stable_plans_connection()  # a unique index whatever the value: one plan serves all
    postgres = is_postgres(db)
    rows = await _fetch(db, _by_sql(selection, postgres, column), [actor.organization_id, value])
    row: Sequence[Any] | None = rows[0] if rows else None
    if follow and row is not None and row[-1] is not None:  # merged: its survivor
        by_id = _by_sql(selection, postgres, "id")
        rows = await _fetch(db, by_id, [actor.organization_id, row[-1]])
        row = rows[0] if rows else None
    return row


async def _fetch(db: BaseDBAsyncClient, sql: str, params: list[Any]) -> Sequence[Sequence[Any]]:
    """Rows as the driver gives them (asyncpg records, SQLite rows): read by position."""
    _, rows = await db.execute_query(sql, params)
    return rows  # type: ignore[return-value]


@functools.lru_cache(maxsize=PAGE_SQL_CACHE)
def _by_sql(selection: Selection, postgres: bool, column: str) -> str:
    """The statement by one unique column. Its rows are a page's rows (columns, then the
    extras) followed by `merged_into_id`."""
    if column not in LOOKUP_COLUMNS:
        raise ValueError(f"clients are not found by {column}")
    p1, p2 = ("$1", "$2") if postgres else ("?", "?")
    select = f'{_select_list(selection, postgres)}, "client"."merged_into_id"'
    return (
        f"SELECT {select} FROM client "  # noqa: S608
        f'WHERE "client"."organization_id" = {p1} AND "client"."{column}" = {p2}'
    )


_PAGES: OrderedDict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = OrderedDict()


async def client_rows(
    actor: Actor | None,
    spec: ClientFilter,
    selection: Selection,
    *,
    order: ClientOrder = ClientOrder.REGISTERED_AT_DESC,
    first: int | None = None,
    after_cursor: str | None = None,
    counts: tuple[int | None, ...] = (),
    known: KnownIds | None = None,
) -> RowPage:
    """A page of clients matching `spec`, as `client_queries.list_clients` lists them. A
    caller that makes cursors puts the order's `sort_columns` in its selection.

    `counts`: the filter's counts the caller needs with the page, each up to a cap (an
    int: at most cap + 1 rows read, `capped_count_sql`) or exact (None). They are read by
    the page's own statement, as scalar sub-selects after its columns (each evaluated
    once: they do not depend on the row), so a page and its counts are one round trip.
    An empty first page needs no count (its filter selects nothing); a page that cannot
    carry them (`first: 0`, an empty page after a cursor) reads them by one statement.
    `known`: the filter's ids when the caller has them (`known_ids`' answer)."""
    actor = require(actor, Permission.CLIENTS_READ)
    spec.check()
    size = check_first(first)
    key = SORT_KEYS[order]
    cursor = read_cursor(key, after_cursor) if after_cursor else None
    organization_id = actor.organization_id
    ids: KnownIds | None
    if size == 0:
        if not counts:
            return RowPage([], key, False, after_cursor is not None)
        ids = known or await known_ids(organization_id, spec)
        db = connections.get("default")
        alone, values = _counts_sql(is_postgres(db), organization_id, spec, ids, counts, [])
        rows = await _fetch(db, f"SELECT {alone}", list(values))
        return RowPage([], key, False, after_cursor is not None, ids, list(rows[0]))
    counts_included = False
    if spec == ClientFilter() and cursor is None:
        # The first page of the whole list (a console's list, an integration's sync):
        # the statement holds its statuses and size as literals, so one plan serves it.
        db = stable_plans_connection()
        sql = _first_page_sql(is_postgres(db), key, size, selection)
        params: tuple[Any, ...] = (organization_id,)
        ids = None
    elif (cap := _shared_scan_cap(spec, cursor, counts)) is not None and is_postgres(
        db := connections.get("default")
    ):
        # A search's first page with its capped counts: one scan of the matches (below).
        ids = known or await known_ids(organization_id, spec, probe=False)
        sql, params = _shared_sql(organization_id, spec, ids, key, size, selection, cap, counts)
        counts_included = True
    else:
        ids = known or await known_ids(organization_id, spec)
        db = connections.get("default")
        sql, params = _page_sql(db, organization_id, spec, ids, key, size, cursor, selection)
    if counts and not counts_included:
        postgres = is_postgres(db)
        extra, extra_params = _counts_sql(
            postgres, organization_id, spec, ids or KnownIds(), counts, list(params)
        )
        head = "SELECT "
        assert sql.startswith(head)  # both builders above write it so
        sql = f"{head}{extra}, {sql[len(head) :]}"
        # Numbered marks ($n) are renumbered after the page's; plain marks (?) are
        # positional, and the sub-selects come first in the text.
        params = (*params, *extra_params) if postgres else (*extra_params, *params)
    rows = await _fetch(db, sql, list(params))
    found: list[int] = []
    if counts and rows:
        found = [int(n) for n in rows[0][: len(counts)]]
        rows = [row[len(counts) :] for row in rows]
    elif counts and cursor is None:
        found = [0] * len(counts)  # the first page is empty: the filter selects nothing
    elif counts:
        sql, count_params = _counts_sql(
            is_postgres(db), organization_id, spec, ids or KnownIds(), counts, []
        )
        found = [int(n) for n in (await _fetch(db, f"SELECT {sql}", list(count_params)))[0]]
    return RowPage(
        rows=list(rows[:size]),
        key=key,
        has_next_page=len(rows) > size,
        has_previous_page=after_cursor is not None,
        known=ids,
        counts=found,
    )


def _shared_scan_cap(
    spec: ClientFilter, cursor: list[Any] | None, counts: tuple[int | None, ...]
) -> int | None:
    """The cap when a page is read with its counts from one scan (`_shared_sql`): a first
    page of a search whose counts are all capped alike; None otherwise."""
    if cursor is not None or not counts or not search_terms(spec.search):
        return None
    caps = set(counts)
    cap = caps.pop()
    return None if caps or cap is None else cap


def _shared_sql(
    organization_id: int,
    spec: ClientFilter,
    ids: KnownIds,
    key: SortKey,
    size: int,
    selection: Selection,
    cap: int,
    counts: tuple[int | None, ...],
) -> tuple[str, tuple[Any, ...]]:
    """A search's first page and its counts up to `cap` by one scan of its matches
    (PostgreSQL). The trigram index finds candidates that must be rechecked in the table,
    so both the page (whose order no index serves: the matches are sorted) and the count
    read every match's row; written apart they read them two or three times (the rare-
    search probe, the page, the count). Here the matches, with their sort columns, are
    read once, at most cap + 1 of them (`m`): their number is the count, and when it is at
    most `cap` the page is the first `size` + 1 of them in order, joined to their columns.
    Past the cap the matches are many, and the page is the ordinary statement (the order's
    index walk meets them soon), which a one-time filter runs only then. The count is on
    every row; no row means no match."""
    cache_key = ("shared", organization_id, spec, ids.key(), key, size, selection, cap, counts)
    found = _PAGES.get(cache_key)
    if found is not None:
        _PAGES.move_to_end(cache_key)
        return found
    matched, matched_values = orm_sql(
        build_filter(organization_id, spec, ids), _ordered(key, "client", "")
    )
    db = connections.get("default")
    page, page_values = _page_sql(db, organization_id, spec, ids, key, size, None, selection)
    n = "(SELECT n FROM n)"
    counted = ", ".join([n] * len(counts))
    in_m, in_client = _ordered(key, "m"), _ordered(key, "client")
    select = _select_list(selection, True)
    sql = (
        f"WITH m AS MATERIALIZED ({matched} LIMIT {int(cap) + 1}),"  # noqa: S608 - built here
        " n AS (SELECT count(*) AS n FROM m) "
        f"(SELECT {counted}, {select} FROM (SELECT m.id FROM m WHERE {n} <= {int(cap)}"
        f' ORDER BY {in_m} LIMIT {int(size) + 1}) AS p JOIN "client" ON "client"."id" = p.id'
        f" ORDER BY {in_client}) UNION ALL "
        f"(SELECT {counted}, b.* FROM ({renumber(page, len(matched_values))}) AS b"
        f" WHERE {n} > {int(cap)})"
    )
    built = sql, (*matched_values, *page_values)
    _PAGES[cache_key] = built
    if len(_PAGES) > PAGE_SQL_CACHE:
        _PAGES.popitem(last=False)
    return built


_COUNTS: OrderedDict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = OrderedDict()


def _counts_sql(
    postgres: bool,
    organization_id: int,
    spec: ClientFilter,
    ids: KnownIds,
    counts: tuple[int | None, ...],
    before: list[Any],
) -> tuple[str, tuple[Any, ...]]:
    """The scalar sub-selects counting the filter's clients (`client_rows`' `counts`), as
    a select list, with their values; numbered marks start after the `before` values. An
    exact count of a tags-only filter is `client_count.tag_count_sql` (as `count_clients`
    counts it); any other count is over the filter's ids (as `client_list_count`)."""
    today = datetime.now(UTC).date() if spec.birthday_within_days is not None else None
    cache_key = (postgres, organization_id, spec, ids.key(), counts, today)
    found = _COUNTS.get(cache_key)
    if found is None:
        parts: list[tuple[str, tuple[Any, ...]]] = []
        ids_sql: tuple[str, tuple[Any, ...]] | None = None
        for cap in counts:
            tags = tag_count_sql(organization_id, spec, ids, postgres) if cap is None else None
            if tags is not None:
                parts.append((f"({tags[0]})", tuple(tags[1])))
                continue
            if ids_sql is None:
                listed = build_filter(organization_id, spec, ids).values_list("id")
                listed._choose_db_if_not_chosen()
                listed._make_query()
                listed_sql, listed_values = listed.query.get_parameterized_sql()
                ids_sql = listed_sql, tuple(listed_values)
            text, values = ids_sql
            sql = (
                f"SELECT count(*) FROM ({text}) AS counted"  # noqa: S608 - the ORM's text
                if cap is None
                else capped_count_sql(text, cap)
            )
            parts.append((f"({sql})", values))
        select: list[str] = []
        marks: list[Any] = []
        for part, part_values in parts:  # each part numbers its marks from $1
            select.append(renumber(part, len(marks)) if postgres else part)
            marks.extend(part_values)
        found = ", ".join(select), tuple(marks)
        _COUNTS[cache_key] = found
        if len(_COUNTS) > PAGE_SQL_CACHE:
            _COUNTS.popitem(last=False)
    else:
        _COUNTS.move_to_end(cache_key)
    select_list, found_values = found
    return (
        renumber(select_list, len(before)) if postgres and before else select_list
    ), found_values


_MARK = re.compile(r"\$(\d+)")


def renumber(sql: str, offset: int) -> str:
    """`sql` with its numbered marks ($n) moved by `offset`. Only statements the ORM and
    this module write come here: their values travel apart, so every `$n` is a mark."""
    if not offset:
        return sql
    return _MARK.sub(lambda m: f"${int(m.group(1)) + offset}", sql)


@functools.lru_cache(maxsize=PAGE_SQL_CACHE)
def _first_page_sql(postgres: bool, key: SortKey, size: int, selection: Selection) -> str:
    """`build_filter` of the empty filter (the organization's listed clients), in order,
    with the size as a literal (at most 101 texts per order and selection)."""
    order = _ordered(key, "client")
    return (
        f'SELECT {_select_list(selection, postgres)} FROM "client" '  # noqa: S608
        f'WHERE "client"."organization_id" = {"$1" if postgres else "?"} '
        f'AND "client"."status" IN ({DEFAULT_STATUSES_SQL}) ORDER BY {order} LIMIT {int(size) + 1}'
    )


def _page_sql(
    db: BaseDBAsyncClient,
    organization_id: int,
    spec: ClientFilter,
    ids: KnownIds,
    key: SortKey,
    size: int,
    cursor: list[Any] | None,
    selection: Selection,
) -> tuple[str, tuple[Any, ...]]:
    postgres = is_postgres(db)
    # Birthday windows count from today: the date is part of what the SQL depends on.
    today = datetime.now(UTC).date() if spec.birthday_within_days is not None else None
    cache_key = (postgres, organization_id, spec, ids.key(), key, size, selection, today)
    found = _PAGES.get(cache_key) if cursor is None else None
    if found is not None:
        _PAGES.move_to_end(cache_key)
        return found
    query = build_filter(organization_id, spec, ids)
    if cursor is not None:
        query = query.filter(after(key, cursor))
    page = query.order_by(*key.order_by()).limit(size + 1)
    built = orm_sql(page, _select_list(selection, postgres))
    if cursor is None:
        _PAGES[cache_key] = built
        if len(_PAGES) > PAGE_SQL_CACHE:
            _PAGES.popitem(last=False)
    return built


def orm_sql(query: QuerySet[Any], select: str) -> tuple[str, tuple[Any, ...]]:
    """The ORM's statement for `query` (its filter, order and limit, parameters in the
    database's style) with the select list `select` (an annotation would be selected
    twice by `values_list`, its sub-select run twice)."""
    ids_only = query.values_list("id")
    ids_only.sql()  # builds the statement
    sql, params = ids_only.query.get_parameterized_sql()
    table = f' FROM "{query.model._meta.db_table}"'
    head, main_table, rest = sql.partition(table)
    if not head.startswith("SELECT ") or not main_table:  # pragma: no cover - ORM changed
        raise RuntimeError(f"unexpected page statement: {head[:80]}")
    return f"SELECT {select}{main_table}{rest}", tuple(params)


def sort_columns(order: ClientOrder) -> tuple[str, ...]:
    """The columns a cursor of this order is made of (database names)."""
    return _key_columns(SORT_KEYS[order])


def _key_columns(key: SortKey) -> tuple[str, ...]:
    projection = models.Client._meta.fields_db_projection
    return tuple(projection[f] for f in key.columns)


def _ordered(key: SortKey, table: str, direction: str | None = None) -> str:
    """The key's columns of `table`, in its direction unless `direction` is given ("": a
    select list)."""
    way = (" DESC" if key.descending else "") if direction is None else direction
    return ", ".join(f'"{table}"."{c}"{way}' for c in _key_columns(key))
