"""Per-request DataLoaders: nested fields of a page cost one statement per kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from strawberry.dataloader import DataLoader

import models
from resolvers import batch

NestedKey = tuple[int, int]  # (client id, how many of the newest rows)


class Loaders:
    def __init__(self) -> None:
        self.tags = DataLoader(load_fn=self._tags)
        self.level = DataLoader(load_fn=self._levels)
        self.latest_notes = DataLoader(load_fn=self._latest(models.Note))
        self.latest_activity = DataLoader(load_fn=self._latest(models.ActivityEntry))
        self.note_count = DataLoader(load_fn=self._counts(models.Note))
        self.activity_count = DataLoader(load_fn=self._counts(models.ActivityEntry))

    @staticmethod
    async def _tags(client_ids: Sequence[int]) -> list[list[models.Tag]]:
        found = await batch.tags_of_clients(client_ids)
        return [found.get(i, []) for i in client_ids]

    @staticmethod
    async def _levels(level_ids: Sequence[int]) -> list[models.Level | None]:
        found = await batch.levels_by_id(level_ids)
        return [found.get(i) for i in level_ids]

    @staticmethod
    def _latest(model: type[batch.M]):  # type: ignore[no-untyped-def]
        async def load(keys: Sequence[NestedKey]) -> list[list[batch.M]]:
            by_limit: dict[int, list[int]] = defaultdict(list)
            for client_id, limit in keys:
                by_limit[limit].append(client_id)
            found: dict[NestedKey, list[batch.M]] = {}
            for limit, client_ids in by_limit.items():
                rows = await batch.latest_of_clients(model, client_ids, limit)
                for client_id in client_ids:
                    found[(client_id, limit)] = rows.get(client_id, [])
            return [found[key] for key in keys]

        return load

    @staticmethod
    def _counts(model: type[models.Note] | type[models.ActivityEntry]):  # type: ignore[no-untyped-def]
        async def load(client_ids: Sequence[int]) -> list[int]:
            found = await batch.counts_of_clients(model, client_ids)
            return [found.get(i, 0) for i in client_ids]

        return load
