"""Shared pieces of the GraphQL surface: connections (Relay pages) and small helpers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from tortoise.queryset import QuerySet

from models.access import Permission as DomainPermission
from resolvers.pagination import BoundedCount, Page, SortKey, check_first, make_cursor, paginate
from schema.context import Info
from schema.counts import EXACT_ARGUMENT, Count
from schema.loaders import PerClient

T = TypeVar("T")


NEWEST_FIRST = SortKey("c-", ("created_at",), descending=True)


# The arguments of every connection field.
First = Annotated[int, strawberry.argument(description="Page size, 0 to 100.")]


After = Annotated[str | None, strawberry.argument(description="Cursor to continue from.")]


def readable(info: Info, client: Any) -> Any:
    """A client for a mutation payload, only when the caller may read clients: a key that
    may add points (points:write) must not read records through the payload."""
    actor = info.context.actor
    if client is None or actor is None or DomainPermission.CLIENTS_READ not in actor.permissions:
        return None
    return client


def orm(value: object) -> Any:
    """An ORM instance handed to a field whose GraphQL type reads it attribute by attribute."""
    return value


def public_id(root: Any) -> strawberry.ID:
    """Resolver of `id` for types whose public id is their UUID."""
    return strawberry.ID(str(root.uuid))


@strawberry.type(description="Where a page of a connection sits.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item; pass as `after`."
    )


@strawberry.type(description="An item of a connection, with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, Relay style.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page with cursors.")
    nodes: list[T] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    exact_count: strawberry.Private[Callable[[], Awaitable[int]]]
    # The count up to a cap (R6.5); None for lists that are only counted exactly (a
    # client's own notes, activity, ...: batched per page, small).
    capped_count: strawberry.Private[Callable[[int], Awaitable[BoundedCount]] | None] = None

    @strawberry.field(
        description="How many items the whole list holds (all pages), counted exactly.",
        deprecation_reason="Use `count`: exact up to a cap, so it never makes a page slow.",
    )
    async def total_count(self) -> int:
        return await self.exact_count()

    @strawberry.field(
        description="How many items the whole list holds (all pages): exact up to the "
        "service's cap, else a lower bound (R6.5)."
    )
    async def count(
        self,
        info: Info,
        exact: Annotated[bool | None, strawberry.argument(description=EXACT_ARGUMENT)] = False,
    ) -> Count:
        if exact or self.capped_count is None:
            return Count.of(BoundedCount(await self.exact_count(), exact=True))
        return Count.of(await self.capped_count(info.context.settings.count_cap))

    @classmethod
    def from_page(cls, page: Page[Any]) -> Connection[Any]:
        return cls.of(
            page.items,
            page.cursors,
            has_next=page.has_next_page,
            has_previous=page.has_previous_page,
            count=page.count,
            capped=page.capped,
        )

    @classmethod
    def of(
        cls,
        items: list[Any],
        cursors: list[str],
        *,
        has_next: bool,
        has_previous: bool,
        count: Callable[[], Awaitable[int]],
        capped: Callable[[int], Awaitable[BoundedCount]] | None = None,
    ) -> Connection[Any]:
        return cls(
            edges=[Edge(cursor=c, node=n) for c, n in zip(cursors, items, strict=True)],
            nodes=items,
            page_info=PageInfo(
                has_next_page=has_next,
                has_previous_page=has_previous,
                start_cursor=cursors[0] if cursors else None,
                end_cursor=cursors[-1] if cursors else None,
            ),
            exact_count=count,
            capped_count=capped,
        )


async def nested(
    info: Info, model: PerClient, client_id: int, first: int, after: str | None
) -> Connection[Any]:
    """A per-client list, newest first: batched across a page, keyset-paged within one client."""
    loaders = info.context.loaders
    size = check_first(first)

    async def count() -> int:
        return await loaders.count(model).load(client_id)

    if after is not None:  # deep paging inside one client: a plain keyset query
        rows_of_client: QuerySet[Any] = model.filter(client_id=client_id)
        page = await paginate(rows_of_client, NEWEST_FIRST, first=size, after_cursor=after)
        return Connection.of(
            page.items, page.cursors, has_next=page.has_next_page, has_previous=True, count=count
        )
    key = (client_id, size + 1)
    return first_page(info, model, client_id, size, await loaders.latest(model).load(key))


def first_page(
    info: Info, model: PerClient, client_id: int, size: int, rows: list[Any]
) -> Connection[Any]:
    loaders = info.context.loaders

    async def count() -> int:
        return await loaders.count(model).load(client_id)

    items = rows[:size]
    return Connection.of(
        items,
        [make_cursor(NEWEST_FIRST, row) for row in items],
        has_next=len(rows) > size,
        has_previous=False,
        count=count,
    )
