"""Per-request DataLoaders: nested fields of a page cost one statement per kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader

import models
from schema import batch

NestedKey = tuple[int, int]  # (client id, how many of the newest rows)
# Models listed per client, newest first: a `client_id` and a `created_at` each.
PerClient = (
    type[models.Note]
    | type[models.ActivityEntry]
    | type[models.Notification]
    | type[models.PointsEntry]
    | type[models.Purchase]
    | type[models.Booking]
    | type[models.Membership]
    | type[models.GiftCard]
    | type[models.Order]
    | type[models.GiftList]
)


class Loaders:
    def __init__(self) -> None:
        self.tags = DataLoader(load_fn=self._tags)
        self.level = DataLoader(load_fn=self._levels)
        self.account = DataLoader(load_fn=self._accounts)
        self._latest: dict[PerClient, DataLoader[NestedKey, list[Any]]] = {}
        self._counts: dict[PerClient, DataLoader[int, int]] = {}
        self.client = DataLoader(load_fn=self._clients)
        self.merged_from = DataLoader(load_fn=self._merged_from)
        self.latest_referrals = DataLoader(load_fn=_latest_of(models.Client, "referred_by_id"))
        self.referral_count = DataLoader(load_fn=_count_of(models.Client, "referred_by_id"))

    def latest(self, model: PerClient) -> DataLoader[NestedKey, list[Any]]:
        if model not in self._latest:
            self._latest[model] = DataLoader(load_fn=_latest_of(model))
        return self._latest[model]

    def count(self, model: PerClient) -> DataLoader[int, int]:
        if model not in self._counts:
            self._counts[model] = DataLoader(load_fn=_count_of(model))
        return self._counts[model]

    @staticmethod
    async def _tags(client_ids: Sequence[int]) -> list[list[models.Tag]]:
        found = await batch.tags_of_clients(client_ids)
        return [found.get(i, []) for i in client_ids]

    @staticmethod
    async def _merged_from(client_ids: Sequence[int]) -> list[list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        for survivor, uuid in await models.Client.filter(
            merged_into_id__in=list(set(client_ids))
        ).values_list("merged_into_id", "uuid"):
            found[survivor].append(str(uuid))
        return [sorted(found.get(i, [])) for i in client_ids]

    @staticmethod
    async def _clients(client_ids: Sequence[int]) -> list[models.Client | None]:
        found = {c.id: c for c in await models.Client.filter(id__in=list(set(client_ids)))}
        return [found.get(i) for i in client_ids]

    @staticmethod
    async def _accounts(account_ids: Sequence[int]) -> list[models.Account | None]:
        found = {a.id: a for a in await models.Account.filter(id__in=list(set(account_ids)))}
        return [found.get(i) for i in account_ids]

    @staticmethod
    async def _levels(level_ids: Sequence[int]) -> list[models.Level | None]:
        found = await batch.levels_by_id(level_ids)
        return [found.get(i) for i in level_ids]


def _latest_of(
    model: PerClient | type[models.Client], column: str = "client_id"
) -> Callable[[Sequence[NestedKey]], Awaitable[list[list[Any]]]]:
    async def load(keys: Sequence[NestedKey]) -> list[list[Any]]:
        by_limit: dict[int, list[int]] = defaultdict(list)
        for client_id, limit in keys:
            by_limit[limit].append(client_id)
        found: dict[NestedKey, list[Any]] = {}
        for limit, client_ids in by_limit.items():
            rows = await batch.latest_of_clients(model, client_ids, limit, column=column)
            for client_id in client_ids:
                found[(client_id, limit)] = rows.get(client_id, [])
        return [found[key] for key in keys]

    return load


def _count_of(
    model: PerClient | type[models.Client], column: str = "client_id"
) -> Callable[[Sequence[int]], Awaitable[list[int]]]:
    async def load(client_ids: Sequence[int]) -> list[int]:
        found = await batch.counts_of_clients(model, client_ids, column=column)
        return [found.get(i, 0) for i in client_ids]

    return load
