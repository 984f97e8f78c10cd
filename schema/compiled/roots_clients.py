"""The compiled `clients` root: a page of clients with its nodes, edges, cursors and page
info (`schema.client_rows`), `totalCount` and each bounded `count` read by the page's
statement; `ClientRoots._page` also reads a segment's members (`roots_segments`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from graphql import FieldNode, GraphQLField, GraphQLObjectType
from graphql.execution.values import VariableValues

import models
from resolvers.access.actor import Actor
from resolvers.clients.client_filter import ClientFilter, KnownIds
from resolvers.clients.client_queries import SORT_KEYS, ClientOrder
from resolvers.pagination import BoundedCount, check_first, cursor_of, read_cursor
from resolvers.pagination import bounded as bounded_count
from schema import client_rows
from schema.clients.inputs import ClientFilterInput
from schema.compiled.objects import ObjectCompiler, check_page_info, connection_answer
from schema.compiled.roots_shared import ClientPage, Root, RootBase, object_type
from schema.compiled.selection import Fields, NotCompiled, response_key
from schema.sources import ROOT_ACCESS

# Every column a cursor of any order is made of: read when a page's cursors are asked for.
CURSOR_COLUMNS = tuple(dict.fromkeys(c for o in ClientOrder for c in client_rows.sort_columns(o)))


class ClientRoots(RootBase):
    """The `clients` root and its pages."""

    def _clients(
        self, root_key: str, definition: GraphQLField, node: FieldNode, objects: ObjectCompiler
    ) -> Root:
        page = self._page(object_type(definition), node, objects)
        converted = self._arguments(definition, node)

        def arguments(variables: VariableValues) -> tuple[Any, ...]:
            given = converted(variables)
            spec: ClientFilter = (given["filter"] or ClientFilterInput()).to_filter()
            # Refused before anything is charged (the full path words the refusal).
            spec.check()
            if given["after"] is not None:
                read_cursor(SORT_KEYS[given["order_by"]], given["after"])
            first = check_first(given["first"])
            return spec, given["order_by"], first, given["after"], page.exacts(variables)

        async def run(actor: Actor, given: tuple[Any, ...]) -> Any:
            answer, _ = await page.read(actor, *given)
            return answer

        return Root(root_key, ROOT_ACCESS["clients"], arguments, run)

    def _page(
        self, connection_type: GraphQLObjectType, node: FieldNode, objects: ObjectCompiler
    ) -> ClientPage:
        """A page of clients as a `ClientConnection` selection asks for it: a function of
        the caller, the filter, the order, `first`, `after` and each `count`'s `exact`."""
        connection = Fields.of(self.graphql, connection_type, node.selection_set, objects.fragments)
        edge_type = object_type(connection_type.fields["edges"])
        page_info_type = object_type(connection_type.fields["pageInfo"])
        parts: list[tuple[str, str, Any]] = []
        # Every path to the items (`nodes`, `edges { node }`, aliases): its selection, and
        # where its answer goes in `parts` (built once every path is compiled).
        paths: list[tuple[FieldNode, int, int | None]] = []
        exacts: list[Callable[[VariableValues], bool]] = []
        wants_cursors = False
        for part in connection.nodes:
            name, key = part.name.value, response_key(part)
            if name == "__typename":
                parts.append((key, "typename", connection_type.name))
            elif name == "totalCount":
                parts.append((key, "count", None))
            elif name == "count":
                parts.append((key, "bounded", (self._count_fields(part, objects), len(exacts))))
                exacts.append(self._exact(connection_type, part))
            elif name == "nodes":
                paths.append((part, len(parts), None))
                parts.append((key, "nodes", None))
            elif name == "edges":
                edge = Fields.of(self.graphql, edge_type, part.selection_set, objects.fragments)
                edge_parts: list[tuple[str, str, Any]] = []
                for inside in edge.nodes:
                    inside_name, inside_key = inside.name.value, response_key(inside)
                    if inside_name == "node":
                        paths.append((inside, len(parts), len(edge_parts)))
                    wants_cursors |= inside_name == "cursor"
                    kind = "typename" if inside_name == "__typename" else inside_name
                    edge_parts.append((inside_key, kind, edge_type.name))
                parts.append((key, "edges", edge_parts))
            elif name == "pageInfo":
                info = Fields.of(
                    self.graphql, page_info_type, part.selection_set, objects.fragments
                )
                check_page_info(info)
                wants_cursors |= any(
                    p.name.value in ("startCursor", "endCursor") for p in info.nodes
                )
                parts.append((key, "pageInfo", info))
            else:
                raise NotCompiled(f"{connection_type.name}.{name}")
        selection, builds = self._client_shapes(
            objects, [p[0] for p in paths], CURSOR_COLUMNS if wants_cursors else ()
        )
        for (_, at, inside_at), build in zip(paths, builds, strict=True):
            key, kind, how = parts[at]
            if inside_at is None:
                parts[at] = (key, kind, build)
            else:
                inside_key, _, _ = how[inside_at]
                how[inside_at] = (inside_key, "node", build)
        counts = any(kind == "count" for _, kind, _ in parts)
        cap = self.count_cap

        async def page(
            actor: Actor,
            spec: ClientFilter,
            order: ClientOrder,
            first: int,
            after: str | None,
            exact: tuple[bool, ...] = (),
            also: tuple[int | None, ...] = (),
            known: KnownIds | None = None,
        ) -> tuple[dict[str, Any], list[int]]:
            # Every count rides on the page's statement (`client_rows`' `counts`): the
            # exact `totalCount` first, then each `count` (R6.5: up to the cap unless
            # asked exactly), as the full path counts them.
            asked = (*((None,) if counts else ()), *(None if e else cap for e in exact), *also)
            rows = await client_rows.client_rows(
                actor,
                spec,
                selection,
                order=order,
                first=first,
                after_cursor=after,
                counts=asked,
                known=known,
            )
            count = rows.counts[0] if counts else None
            mine = rows.counts[: len(rows.counts) - len(also)]
            bounded = [
                BoundedCount(n, True) if e else bounded_count(n, cap)
                for e, n in zip(exact, mine[int(counts) :], strict=True)
            ]
            cursor = _cursor_maker(order) if wants_cursors else _no_cursor
            answer = connection_answer(
                parts, rows.rows, rows.has_next_page, rows.has_previous_page, cursor, count, bounded
            )
            return answer, rows.counts[len(mine) :]

        def exacts_of(variables: VariableValues) -> tuple[bool, ...]:
            return tuple(exact(variables) for exact in exacts)

        return ClientPage(page, exacts_of)


def _no_cursor(row: Any) -> str:  # pragma: no cover - only called when cursors are selected
    raise AssertionError("cursor columns were not read")


@functools.cache
def _cursor_maker(order: ClientOrder) -> Callable[[Any], str]:
    """A row's cursor in this order (one function per order, made once)."""
    key = SORT_KEYS[order]
    converters = [
        (CURSOR_COLUMNS.index(column), _CLIENT_FIELDS[column].to_python_value)
        for column in client_rows.sort_columns(order)
    ]
    return lambda row: cursor_of(key, [convert(row[i]) for i, convert in converters])


def _client_fields() -> dict[str, Any]:
    meta = models.Client._meta
    return {column: meta.fields_map[name] for name, column in meta.fields_db_projection.items()}


_CLIENT_FIELDS = _client_fields()
