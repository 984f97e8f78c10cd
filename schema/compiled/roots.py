"""The root fields of a compiled document: `client`, `clients` (with their nodes, edges,
cursors and page info) and `__typename`. Each becomes a `Root`: its arguments, coerced and
converted from the variables by graphql-core and Strawberry as the full path does, and its
answer, read by one statement of `schema.client_rows` and written by a client builder.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLObjectType,
    OperationDefinitionNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

import models
from resolvers.access.actor import Actor
from resolvers.clients.client_filter import ClientFilter
from resolvers.clients.client_queries import SORT_KEYS, ClientOrder
from resolvers.pagination import check_first, cursor_of, read_cursor
from schema import Schema, client_rows
from schema.clients.inputs import ClientFilterInput
from schema.compiled.clients import ClientCompiler, ClientShape, check_page_info, page_info
from schema.compiled.selection import Fields, NotCompiled

# Every column a cursor of any order is made of: read when a page's cursors are asked for.
CURSOR_COLUMNS = tuple(dict.fromkeys(c for o in ClientOrder for c in client_rows.sort_columns(o)))


@dataclass(frozen=True)
class Root:
    """A root field: its arguments from the variables (pure, may raise), then its answer."""

    key: str
    arguments: Callable[[VariableValues], Any]
    run: Callable[[Actor, Any], Awaitable[Any]]


class RootCompiler:
    """Compiles the root fields of query operations on one schema."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.graphql = schema._schema

    def roots(
        self, operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
    ) -> list[Root]:
        query_type = self.graphql.query_type
        assert query_type is not None
        compiler = ClientCompiler(self.graphql, fragments)
        roots: list[Root] = []
        for node in Fields.of(self.graphql, query_type, operation.selection_set, fragments).nodes:
            key = node.alias.value if node.alias else node.name.value
            name = node.name.value
            definition = query_type.fields.get(name)
            if name == "__typename":
                roots.append(_constant(key, query_type.name))
            elif name == "client" and definition is not None:
                shape = compiler.client(node.selection_set)
                roots.append(self._client(key, definition, node, shape))
            elif name == "clients" and definition is not None:
                roots.append(self._clients(key, definition, node, compiler))
            else:
                raise NotCompiled(f"Query.{name}")
        return roots

    def _arguments(
        self, definition: GraphQLField, node: FieldNode
    ) -> Callable[[VariableValues], dict[str, Any]]:
        strawberry_field = (definition.extensions or {}).get("strawberry-definition")
        assert isinstance(strawberry_field, StrawberryField)
        registry = self.schema.schema_converter.scalar_registry

        def arguments(variables: VariableValues) -> dict[str, Any]:
            values = get_argument_values(definition, node, variables)
            return convert_arguments(
                values,
                strawberry_field.arguments,
                scalar_registry=registry,
                config=self.schema.config,
            )

        return arguments

    def _client(
        self, key: str, definition: GraphQLField, node: FieldNode, shape: ClientShape
    ) -> Root:
        arguments = self._arguments(definition, node)

        async def run(actor: Actor, given: dict[str, Any]) -> Any:
            row = await client_rows.client_row(actor, given["id"], shape.selection)
            return None if row is None else shape.build(row)

        return Root(key, arguments, run)

    def _clients(
        self, root_key: str, definition: GraphQLField, node: FieldNode, compiler: ClientCompiler
    ) -> Root:
        connection = Fields.of(
            self.graphql, _object(definition), node.selection_set, compiler.fragments
        )
        edge_type = _object(connection.parent.fields["edges"])
        page_info_type = _object(connection.parent.fields["pageInfo"])
        parts: list[tuple[str, str, Any]] = []
        items: FieldNode | None = None
        wants_cursors = False
        for part in connection.nodes:
            name, key = part.name.value, part.alias.value if part.alias else part.name.value
            if name == "__typename":
                parts.append((key, "typename", connection.parent.name))
            elif name in ("nodes", "edges") and items is None:
                items = part
                if name == "edges":
                    edge = Fields.of(
                        self.graphql, edge_type, part.selection_set, compiler.fragments
                    )
                    inner = [e for e in edge.nodes if e.name.value == "node"]
                    if len(inner) > 1 or any(
                        e.name.value not in ("node", "cursor", "__typename") for e in edge.nodes
                    ):
                        raise NotCompiled("edges")
                    wants_cursors |= any(e.name.value == "cursor" for e in edge.nodes)
                    parts.append((key, "edges", (edge, inner[0] if inner else None)))
                else:
                    parts.append((key, "nodes", None))
            elif name == "pageInfo":
                info = Fields.of(
                    self.graphql, page_info_type, part.selection_set, compiler.fragments
                )
                check_page_info(info)
                wants_cursors |= any(
                    p.name.value in ("startCursor", "endCursor") for p in info.nodes
                )
                parts.append((key, "pageInfo", info))
            else:
                raise NotCompiled(f"{connection.parent.name}.{name}")
        selection_set = None
        if items is not None and items.name.value == "nodes":
            selection_set = items.selection_set
        elif items is not None:
            _, inner_node = next(p[2] for p in parts if p[1] == "edges")
            selection_set = inner_node.selection_set if inner_node is not None else None
        shape = compiler.client(selection_set, CURSOR_COLUMNS if wants_cursors else ())
        converted = self._arguments(definition, node)

        def arguments(variables: VariableValues) -> tuple[Any, ...]:
            given = converted(variables)
            spec: ClientFilter = (given["filter"] or ClientFilterInput()).to_filter()
            # Refused before anything is charged (the full path words the refusal).
            spec.check()
            if given["after"] is not None:
                read_cursor(SORT_KEYS[given["order_by"]], given["after"])
            return spec, given["order_by"], check_first(given["first"]), given["after"]

        async def run(actor: Actor, given: tuple[Any, ...]) -> Any:
            spec, order, first, after = given
            page = await client_rows.client_rows(
                actor, spec, shape.selection, order=order, first=first, after_cursor=after
            )
            cursor = _cursor_maker(order) if wants_cursors else _no_cursor
            answer: dict[str, Any] = {}
            for key, kind, how in parts:
                if kind == "typename":
                    answer[key] = how
                elif kind == "nodes":
                    answer[key] = [shape.build(row) for row in page.rows]
                elif kind == "edges":
                    answer[key] = [_edge(how[0], shape, row, cursor) for row in page.rows]
                else:
                    answer[key] = page_info(
                        how, page.rows, page.has_next_page, cursor, page.has_previous_page
                    )
            return answer

        return Root(root_key, arguments, run)


def _object(definition: GraphQLField) -> GraphQLObjectType:
    found = get_named_type(definition.type)
    assert isinstance(found, GraphQLObjectType)
    return found


def _constant(key: str, value: str) -> Root:
    async def run(actor: Actor, given: None) -> Any:
        return value

    return Root(key, lambda variables: None, run)


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


def _edge(
    fields: Fields, shape: ClientShape, row: Any, cursor: Callable[[Any], str]
) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    for part in fields.nodes:
        name, key = part.name.value, part.alias.value if part.alias else part.name.value
        if name == "__typename":
            answer[key] = fields.parent.name
        elif name == "cursor":
            answer[key] = cursor(row)
        else:
            answer[key] = shape.build(row)
    return answer


def _client_fields() -> dict[str, Any]:
    meta = models.Client._meta
    return {column: meta.fields_map[name] for name, column in meta.fields_db_projection.items()}


_CLIENT_FIELDS = _client_fields()
