"""One statement for a page and what its nodes ask for.

When a `clients` page selects `level`, `tags` or the newest `pointsHistory` of each client, the
page's own SELECT carries them as correlated JSON sub-selects, and the per-request
DataLoaders are primed with the result: the nested fields then resolve exactly as before
(same types, same order, same cursors) without a statement of their own. Anything not
covered here (deep paging with `after`, counts, other lists) still goes through the
DataLoaders. The sub-selects are correlated on the page's own rows, so they read nothing
of another organization.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import orjson
from strawberry.dataloader import DataLoader
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection
from tortoise import connections
from tortoise.expressions import RawSQL
from tortoise.fields import CharField, DatetimeField, Field, IntField, UUIDField
from tortoise.fields.data import CharEnumFieldInstance
from tortoise.models import Model

import models
from models.db import is_postgres
from resolvers.pagination import check_first
from schema.client_rows import level_sql, points_sql, tags_sql
from schema.context import Info
from schema.loaders import Loaders

K = TypeVar("K")
V = TypeVar("V")

TAGS = "prefetched_tags"
LEVEL = "prefetched_level"
POINTS = "prefetched_points"


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)


def _node_fields(info: Info) -> Iterator[SelectedField]:
    for connection in info.selected_fields:
        for part in _fields(connection.selections):
            if part.name == "nodes":
                yield from _fields(part.selections)
            elif part.name == "edges":
                for edge in _fields(part.selections):
                    if edge.name == "node":
                        yield from _fields(edge.selections)


@dataclass(frozen=True)
class Plan:
    tags: bool = False
    level: bool = False
    points: int | None = None  # rows per client to read: `first` + 1 (for hasNextPage)


def plan(info: Info) -> Plan:
    """What the page's nodes ask for that one statement can carry."""
    tags, level, sizes = False, False, set()
    for field in _node_fields(info):
        if field.name == "tags":
            tags = True
        elif field.name == "level":
            level = True
        elif field.name == "pointsHistory" and field.arguments.get("after") is None:
            first = field.arguments.get("first", 20)  # a literal arrives as its text
            if isinstance(first, str) and first.isdigit():
                first = int(first)
            if isinstance(first, int) and 0 <= first <= 100:
                sizes.add(check_first(first) + 1)
    # Several sizes (aliases) are left to the DataLoader, which batches them itself.
    return Plan(tags=tags, level=level, points=sizes.pop() if len(sizes) == 1 else None)


def _all_columns(model: type[Model]) -> list[str]:
    """Every column of the model, sorted: the carried objects are whole models."""
    return sorted(model._meta.fields_db_projection.values())


def columns(page_plan: Plan) -> dict[str, RawSQL]:
    postgres = is_postgres(connections.get("default"))
    extra: dict[str, RawSQL] = {}
    if page_plan.tags:
        extra[TAGS] = RawSQL(tags_sql(postgres, _all_columns(models.Tag)))
    if page_plan.level:
        extra[LEVEL] = RawSQL(level_sql(postgres, _all_columns(models.Level)))
    if page_plan.points is not None:
        points = _all_columns(models.PointsEntry)
        extra[POINTS] = RawSQL(points_sql(postgres, points, page_plan.points))
    return extra


def _from_text(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    return lambda value: parse(value) if isinstance(value, str) else value


def _converter(field: Field[Any]) -> Callable[[Any], Any] | None:
    """JSON value -> Python value, like the field's own `to_python_value` but cheaper for
    the common kinds (datetimes are ISO 8601 in JSON; ints and texts need nothing)."""
    if isinstance(field, DatetimeField):
        return _from_text(datetime.fromisoformat)
    if isinstance(field, UUIDField):
        return _from_text(UUID)
    if isinstance(field, IntField | CharField) and not isinstance(field, CharEnumFieldInstance):
        return None
    return field.to_python_value


_CONVERTERS: dict[type[Model], dict[str, Callable[[Any], Any] | None]] = {}


def _instances(model: type[Model], raw: Any) -> list[Any]:
    rows = orjson.loads(raw) if isinstance(raw, str | bytes) else raw
    converters = _CONVERTERS.get(model)
    if converters is None:
        fields = model._meta.fields_map
        converters = _CONVERTERS[model] = {
            name: _converter(fields[name]) for name in model._meta.fields_db_projection
        }
    found = []
    for row in rows:
        for name, convert in converters.items():
            if convert is not None:
                row[name] = convert(row[name])
        found.append(model._init_from_db(**row))
    return found


def prime(loaders: Loaders, clients: list[models.Client], page_plan: Plan) -> None:
    """Hand what the page's statement carried to the DataLoaders of this request."""
    for client in clients:
        if page_plan.tags:
            loaders.tags.prime(client.id, _instances(models.Tag, getattr(client, TAGS)))
        if page_plan.level and client.level_id is not None:
            found = _instances(models.Level, getattr(client, LEVEL))
            loaders.level.prime(client.level_id, found[0] if found else None)
        if page_plan.points is not None:
            loaders.latest(models.PointsEntry).prime(
                (client.id, page_plan.points),
                _instances(models.PointsEntry, getattr(client, POINTS)),
            )


def now_or_later(loader: DataLoader[K, V], key: K) -> V | Awaitable[V]:
    """The loaded value at once when the page primed it (a plain, non-async resolver then
    costs no coroutine), else the loader's awaitable."""
    future = loader.cache_map.get(key)
    if (
        future is not None
        and future.done()
        and not future.cancelled()
        and future.exception() is None
    ):
        return future.result()
    return loader.load(key)
