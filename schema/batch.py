"""Batched reads behind the per-request DataLoaders: one statement for a whole page.

A page of clients asking for their tags, level, latest notes or activity costs one
statement per kind of nested data, never one per client.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from tortoise.functions import Count
from tortoise.models import Model

from models import ClientTag, Level, Tag

M = TypeVar("M", bound=Model)


async def tags_of_clients(client_ids: Sequence[int]) -> dict[int, list[Tag]]:
    links = (
        await ClientTag.filter(client_id__in=list(set(client_ids)))
        .select_related("tag")
        .order_by("tag__key")
    )
    tags: dict[int, list[Tag]] = defaultdict(list)
    for link in links:
        tags[link.client_id].append(link.tag)
    return tags


async def levels_by_id(level_ids: Sequence[int]) -> dict[int, Level]:
    return {level.id: level for level in await Level.filter(id__in=list(set(level_ids)))}


async def latest_of_clients(
    model: type[M], client_ids: Sequence[int], limit: int, *, column: str = "client_id"
) -> dict[int, list[M]]:
    """The `limit` newest rows of `model` for each client, in one windowed statement;
    `column` names the client column (`referred_by_id` lists a client's referrals)."""
    assert column in ("client_id", "referred_by_id")  # interpolated into SQL below
    ids = ",".join(str(int(i)) for i in sorted(set(client_ids)))
    if not ids or limit <= 0:
        return {}
    table = model._meta.db_table
    sql = (
        f"SELECT * FROM (SELECT t.*, ROW_NUMBER() OVER ("  # noqa: S608 - ints and our table name only
        f"PARTITION BY t.{column} ORDER BY t.created_at DESC, t.id DESC) AS rn "
        f'FROM "{table}" t WHERE t.{column} IN ({ids})) ranked '
        f"WHERE ranked.rn <= {int(limit)} ORDER BY ranked.{column}, ranked.rn"
    )
    rows: dict[int, list[M]] = defaultdict(list)
    found: list[M] = await model.raw(sql)
    for row in found:
        rows[getattr(row, column)].append(row)
    return rows


async def counts_of_clients(
    model: type[Model], client_ids: Sequence[int], *, column: str = "client_id"
) -> dict[int, int]:
    rows = (
        await model.filter(**{f"{column}__in": list(set(client_ids))})
        .annotate(n=Count("id"))
        .group_by(column)
        .values_list(column, "n")
    )
    return {int(client_id): int(n) for client_id, n in rows}
