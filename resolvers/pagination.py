"""Keyset (cursor) pagination over a sort key that always ends with the primary key.

A cursor is the sort values of the last row seen, so a page costs one indexed
range scan however deep it is, and rows inserted meanwhile do not shift pages.
Cursors are opaque (base64 JSON) but not secret: they hold no personal data
beyond sort values of rows the caller may already read.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import orjson
from pypika_tortoise.terms import Term
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.errors import BadInput

M = TypeVar("M", bound=Model)

MAX_PAGE = 100
DEFAULT_PAGE = 20
DEFAULT_COUNT_CAP = 10_000


@dataclass(frozen=True)
class BoundedCount:
    """A list's count (R6.5): `value` is exact when `exact`, otherwise the list holds at
    least `value` items (the cap) and counting them all was not asked for."""

    value: int
    exact: bool


def capped_count_sql(rows_sql: str, cap: int) -> str:
    """The statement counting the rows of `rows_sql` up to `cap` + 1: the database stops
    reading at the first row past the cap, so the count costs at most cap + 1 rows whatever
    the list holds. Its only column is `n`."""
    return f"SELECT count(*) AS n FROM ({rows_sql} LIMIT {int(cap) + 1}) AS capped"  # noqa: S608


def bounded(counted: int, cap: int) -> BoundedCount:
    """What a count of at most cap + 1 rows (`capped_count_sql`) says."""
    return BoundedCount(counted, True) if counted <= cap else BoundedCount(cap, False)


async def capped_count(query: QuerySet[Any], cap: int) -> BoundedCount:
    """`query`'s count, exact up to `cap` (see `capped_count_sql`)."""
    ids = query.values_list("id")
    ids._choose_db_if_not_chosen()
    ids._make_query()
    sql, params = ids.query.get_parameterized_sql()
    _, rows = await ids._db.execute_query(capped_count_sql(sql, cap), list(params))
    return bounded(int(rows[0][0]), cap)


@dataclass(frozen=True)
class SortKey:
    """Model fields to sort by, in order; `id` is appended to make the order total."""

    name: str
    fields: tuple[str, ...]
    descending: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.fields, "id")

    def order_by(self) -> list[str]:
        sign = "-" if self.descending else ""
        return [f"{sign}{column}" for column in self.columns]


@dataclass
class Page(Generic[M]):
    items: list[M]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]]
    # The count up to a cap (R6.5); None where the exact count is all there is.
    capped: Callable[[int], Awaitable[BoundedCount]] | None = None


def _encode(value: Any) -> Any:
    return {"$dt": value.isoformat()} if isinstance(value, datetime) else value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    return value


def make_cursor(key: SortKey, row: Model) -> str:
    return cursor_of(key, [getattr(row, column) for column in key.columns])


def cursor_of(key: SortKey, values: Sequence[Any]) -> str:
    """The cursor of a row whose sort values (`key.columns`, in order) are `values`."""
    payload = [key.name, *(_encode(value) for value in values)]
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


def read_cursor(key: SortKey, cursor: str) -> list[Any]:
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        name, *values = raw
    except (ValueError, TypeError, orjson.JSONDecodeError):
        raise BadInput("The cursor is not valid") from None
    if name != key.name or len(values) != len(key.columns):
        raise BadInput("The cursor belongs to another ordering")
    try:
        return [_decode(v) for v in values]
    except ValueError:
        raise BadInput("The cursor is not valid") from None


def after(key: SortKey, values: Sequence[Any]) -> Q:
    """Rows strictly after `values` in the key's order (lexicographic on the columns)."""
    op = "lt" if key.descending else "gt"
    condition = Q()
    for i, column in enumerate(key.columns):
        step = Q(
            **{f"{key.columns[j]}": values[j] for j in range(i)}, **{f"{column}__{op}": values[i]}
        )
        condition = step if i == 0 else condition | step
    return condition


def check_first(first: int | None) -> int:
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise BadInput(f"first must be between 0 and {MAX_PAGE}")
    return size


async def paginate(
    query: QuerySet[M],
    key: SortKey,
    *,
    first: int | None,
    after_cursor: str | None,
    columns: Mapping[str, Term] | None = None,
) -> Page[M]:
    """A page after the cursor; `columns` are extra expressions the page's rows carry
    (annotations, e.g. nested data the caller asked for), never part of the count."""
    size = check_first(first)
    page_query = query.annotate(**columns) if columns else query
    if after_cursor:
        page_query = page_query.filter(after(key, read_cursor(key, after_cursor)))
    rows = await page_query.order_by(*key.order_by()).limit(size + 1) if size else []
    items = list(rows[:size])

    async def count() -> int:
        return await query.count()

    async def capped(cap: int) -> BoundedCount:
        return await capped_count(query, cap)

    return Page(
        items=items,
        cursors=[make_cursor(key, row) for row in items],
        has_next_page=len(rows) > size,
        has_previous_page=after_cursor is not None,
        count=count,
        capped=capped,
    )
