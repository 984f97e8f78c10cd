"""Many rows written in one statement, without building ORM objects (the bulk writers:
imports, upsertClients, webhook events).

Values are given as tuples in the order of `columns` (model column names, Python values:
str, int, bool, date, datetime, UUID, enums, dicts and lists for JSON). On PostgreSQL a
batch is one parameter, whatever the number of rows: the rows as one JSON array of
arrays, written by orjson in C and read by `INSERT … SELECT (r->>0)::type, … FROM
jsonb_array_elements($1::jsonb) r` (an update: `UPDATE … FROM (that SELECT)`). One
array parameter per column cost more on both sides: asyncpg checked the type of every
value in Python (a fifth of an import's Python time), and PostgreSQL built and unnested
the arrays. On SQLite, a multi-row `VALUES` in chunks under its parameter limit, and
`executemany` for updates.
Values are converted the way Tortoise stores them on each database (SQLite: datetimes,
dates and UUIDs as text, JSON as text), so the ORM reads the rows back as its own.

What a caller must still do itself: derived columns (`Client.derive`), defaults the model
fills (uuid, created_at), and the activity entry of each change.
"""

# ruff: noqa: S608 - statements are written from model column names and placeholders only

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

import orjson
from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

# SQLite's default limit of parameters in one statement (3.32+) is 32766.
_SQLITE_PARAMETERS = 32000
_PG_TYPES: tuple[tuple[type[fields.Field[Any]], str], ...] = (
    (fields.BigIntField, "bigint"),
    (fields.SmallIntField, "smallint"),
    (fields.IntField, "int"),
    (fields.BooleanField, "boolean"),
    (fields.UUIDField, "uuid"),
    (fields.DatetimeField, "timestamptz"),
    (fields.DateField, "date"),
    (fields.JSONField, "jsonb"),
    (fields.TextField, "text"),
    (fields.CharField, "text"),
)


def _pg_type(model: type[Model], column: str) -> str:
    meta = model._meta
    name = next((field for field, db in meta.fields_db_projection.items() if db == column), column)
    field = meta.fields_map[name]
    if isinstance(field, fields.relational.ForeignKeyFieldInstance):
        related = field.related_model._meta.pk
        field = related
    for kind, sql in _PG_TYPES:
        if isinstance(field, kind):
            return sql
    if isinstance(field, fields.data.CharEnumFieldInstance):
        return "text"
    raise TypeError(f"no PostgreSQL array type for {model.__name__}.{column}")


@functools.cache
def _pg_types(model: type[Model], columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_pg_type(model, c) for c in columns)


@functools.cache
def _pg_select(model: type[Model], columns: tuple[str, ...]) -> str:
    """The columns of the rows of `jsonb_array_elements(…) r`, typed, named as `columns`."""
    json = _json_positions(model, columns)
    return ", ".join(
        f'(r->{i}) AS "{c}"' if i in json else f'(r->>{i})::{t} AS "{c}"'
        for i, (c, t) in enumerate(zip(columns, _pg_types(model, columns), strict=True))
    )


def _pg_rows(rows: Sequence[Sequence[Any]]) -> str:
    """The rows as one JSON array of arrays: UUIDs, dates and datetimes (ISO 8601, with
    their offset) as text, enums as their values, JSON columns as JSON."""
    return orjson.dumps(rows).decode()


def _json_columns(model: type[Model]) -> frozenset[str]:
    meta = model._meta
    return frozenset(
        meta.fields_db_projection[name]
        for name, field in meta.fields_map.items()
        if isinstance(field, fields.JSONField)
    )


@functools.cache
def _json_positions(model: type[Model], columns: tuple[str, ...]) -> tuple[int, ...]:
    json = _json_columns(model)
    return tuple(i for i, c in enumerate(columns) if c in json)


def _sqlite_value(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _converted(
    model: type[Model], columns: tuple[str, ...], rows: Sequence[Sequence[Any]]
) -> list[list[Any]]:
    """SQLite: the rows, each value as Tortoise stores it."""
    json = _json_positions(model, columns)
    out = []
    for row in rows:
        values = [_sqlite_value(v) for v in row]
        for i in json:
            values[i] = orjson.dumps(row[i]).decode()
        out.append(values)
    return out


async def keep_plans(conn: BaseDBAsyncClient) -> None:
    """For the rest of `conn`'s transaction, let PostgreSQL keep one plan per statement
    (`plan_cache_mode = auto`) instead of planning every run, as the default pool does
    (`force_custom_plan`, models/db.py). A bulk statement's best plan does not depend on
    its values (rows read from one JSON parameter, `= ANY` on a unique index), and neither does the
    foreign-key check PostgreSQL runs for every row inserted (a primary-key lookup):
    planned anew for each row, those checks were two thirds of an import's database time
    (docs/benchmarks.md). Call it after the lookups whose plan does depend on the values
    (a generic plan of `organization_id = $1 AND email_key = ANY($2)` may filter every
    client of the organization). Nothing on SQLite; the session's setting is back at
    commit."""
    if conn.capabilities.dialect == "postgres":
        await conn.execute_script("SET LOCAL plan_cache_mode = auto")


async def insert_rows(
    conn: BaseDBAsyncClient,
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    returning: Sequence[str] = (),
    ignore_conflicts: bool = False,
) -> list[tuple[Any, ...]]:
    """Insert `rows`; the `returning` columns of the rows written (in no promised order:
    return a unique column to pair them up). `ignore_conflicts` skips rows a unique index
    refuses."""
    if not rows:
        return []
    cols = tuple(columns)
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in cols)
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    back = f" RETURNING {', '.join(returning)}" if returning else ""
    if conn.capabilities.dialect == "postgres":
        select = _pg_select(model, cols)
        sql = (
            f'INSERT INTO "{table}" ({names}) SELECT {select}'
            f" FROM jsonb_array_elements($1::jsonb) r{conflict}{back}"
        )
        params = [_pg_rows(rows)]
        if returning:
            found = await conn.execute_query_dict(sql, params)
            return [tuple(r[c] for c in returning) for r in found]
        await conn.execute_query(sql, params)
        return []
    values = _converted(model, cols, rows)
    per_chunk = max(1, _SQLITE_PARAMETERS // len(cols))
    one = "(" + ", ".join("?" for _ in cols) + ")"
    written: list[tuple[Any, ...]] = []
    for start in range(0, len(values), per_chunk):
        chunk = values[start : start + per_chunk]
        sql = (
            f'INSERT{" OR IGNORE" if ignore_conflicts else ""} INTO "{table}" ({names}) '
            f"VALUES {', '.join(one for _ in chunk)}{back}"
        )
        params = [v for row in chunk for v in row]
        if returning:
            found = await conn.execute_query_dict(sql, params)
            written += [tuple(r[c] for c in returning) for r in found]
        else:
            await conn.execute_query(sql, params)
    return written


async def update_rows(
    conn: BaseDBAsyncClient,
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Set `columns` of the rows whose primary key is each tuple's first value (the rest
    in `columns` order)."""
    if not rows:
        return
    cols = tuple(columns)
    table = model._meta.db_table
    pk = model._meta.db_pk_column
    if conn.capabilities.dialect == "postgres":
        select = _pg_select(model, (pk, *cols))
        sets = ", ".join(f'"{c}" = v."{c}"' for c in cols)
        sql = (
            f'UPDATE "{table}" SET {sets} FROM (SELECT {select}'
            f" FROM jsonb_array_elements($1::jsonb) r) AS v"
            f' WHERE "{table}"."{pk}" = v."{pk}"'
        )
        await conn.execute_query(sql, [_pg_rows(rows)])
        return
    values = _converted(model, (pk, *cols), rows)
    sets = ", ".join(f'"{c}" = ?' for c in cols)
    sql = f'UPDATE "{table}" SET {sets} WHERE "{pk}" = ?'
    await conn.execute_many(sql, [[*row[1:], row[0]] for row in values])


async def rows_in(
    conn: BaseDBAsyncClient,
    model: type[Model],
    columns: Sequence[str],
    equal: dict[str, Any],
    column: str,
    values: Sequence[Any],
) -> list[dict[str, Any]]:
    """Rows whose `column` is one of `values` (and the `equal` columns equal), as the
    database answers them (SQLite: UUIDs and datetimes as text), in one statement without
    a query builder: PostgreSQL takes the values as one array (`= ANY($n)`)."""
    if not values:
        return []
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    postgres = conn.capabilities.dialect == "postgres"
    conditions = list(equal)
    if postgres:
        where = [f'"{c}" = ${i + 1}' for i, c in enumerate(conditions)]
        kind = _pg_types(model, (column,))[0]
        where.append(f'"{column}" = ANY(${len(conditions) + 1}::{kind}[])')
        sql = f'SELECT {names} FROM "{table}" WHERE {" AND ".join(where)}'
        return await conn.execute_query_dict(sql, [*equal.values(), list(values)])
    found: list[dict[str, Any]] = []
    for start in range(0, len(values), _SQLITE_PARAMETERS):
        chunk = [_sqlite_value(v) for v in values[start : start + _SQLITE_PARAMETERS]]
        where = [f'"{c}" = ?' for c in conditions]
        where.append(f'"{column}" IN ({", ".join("?" for _ in chunk)})')
        sql = f'SELECT {names} FROM "{table}" WHERE {" AND ".join(where)}'
        found += await conn.execute_query_dict(sql, [*equal.values(), *chunk])
    return found
