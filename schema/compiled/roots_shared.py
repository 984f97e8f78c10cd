"""What the root fields of a compiled document share (`roots` dispatches them): the
`Root` each becomes, a compiled page of clients (`ClientPage`), `RootBase` (the schema,
the count cap, a field's arguments from the variables, the client row a selection reads,
a connection's counts) and the helpers of their statements and answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, GraphQLField, GraphQLObjectType, get_named_type
from graphql.execution.values import VariableValues, get_argument_values
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField
from tortoise.models import Model

from resolvers.access.actor import Actor
from resolvers.errors import BadInput
from resolvers.pagination import DEFAULT_COUNT_CAP
from schema import Schema
from schema.boundary import first_refusal
from schema.client_rows import Selection
from schema.compiled.objects import Compiled, ObjectCompiler, check_count
from schema.compiled.selection import Fields
from schema.sources import Access

ROOT = '"client"'  # how the statements of `client_rows` name the client row


@dataclass(frozen=True)
class ClientPage:
    """A compiled page of clients: `read(actor, spec, order, first, after, exacts, also)`,
    where `exacts` (from `exacts(variables)`) says for each `count` of the selection
    whether it is asked exactly; it answers the page and the filter's counts `also` asks
    for beside the selection's (each a cap, or None for exact), read by the page's
    statement."""

    read: Callable[..., Awaitable[tuple[dict[str, Any], list[int]]]]
    exacts: Callable[[VariableValues], tuple[bool, ...]]


@dataclass(frozen=True)
class Root:
    """A root field: the permission it needs (None: any signed-in caller), its arguments
    from the variables (pure, may raise), then its answer."""

    key: str
    access: Access
    arguments: Callable[[VariableValues], Any]
    run: Callable[[Actor, Any], Awaitable[Any]]


class RootBase:
    """What every family of roots uses: the schema, the count cap, arguments from the
    variables, the client row of a selection and a connection's `count` fields."""

    def __init__(self, schema: Schema, count_cap: int = DEFAULT_COUNT_CAP) -> None:
        self.schema = schema
        self.graphql = schema._schema
        self.count_cap = count_cap  # R6.5: lists count up to this many (settings.count_cap)

    def _arguments(
        self, definition: GraphQLField, node: FieldNode
    ) -> Callable[[VariableValues], dict[str, Any]]:
        strawberry_field = (definition.extensions or {}).get("strawberry-definition")
        assert isinstance(strawberry_field, StrawberryField)
        registry = self.schema.schema_converter.scalar_registry

        def arguments(variables: VariableValues) -> dict[str, Any]:
            values = get_argument_values(definition, node, variables)
            converted = convert_arguments(
                values,
                strawberry_field.arguments,
                scalar_registry=registry,
                config=self.schema.config,
            )
            # The input boundary of the full path (schema/boundary.py), before any SQL:
            # what it refuses, the full path answers.
            if first_refusal(converted) is not None:
                raise BadInput("refused by the input boundary")
            return converted

        return arguments

    def _client_shape(
        self, objects: ObjectCompiler, node: FieldNode | None, columns: tuple[str, ...]
    ) -> tuple[Selection, Any]:
        client_type = self.graphql.get_type("Client")
        assert isinstance(client_type, GraphQLObjectType)
        selection_set = node.selection_set if node is not None else None
        fields = Fields.of(self.graphql, client_type, selection_set, objects.fragments)
        compiled = objects.compile(client_type, fields, ROOT, by_name=False, columns=columns)
        return Selection(compiled.columns, compiled.extras), compiled.build

    def _client_shapes(
        self, objects: ObjectCompiler, nodes: list[FieldNode], columns: tuple[str, ...]
    ) -> tuple[Selection, list[Any]]:
        """One row for several selections on the same clients (aliases of `nodes`, `edges
        { node }`): the first path reads the row as it is, the others through a map of
        their positions in it."""
        if not nodes:
            selection, _ = self._client_shape(objects, None, columns)
            return selection, []
        compiled = [self._compiled_client(objects, node, columns) for node in nodes]
        read: list[str] = []
        for each in compiled:
            read += [c for c in each.columns if c not in read]
        extras = [extra for each in compiled for extra in each.extras]
        builds: list[Any] = []
        extras_at = len(read)
        for each in compiled:
            positions = [read.index(c) for c in each.columns]
            positions += range(extras_at, extras_at + len(each.extras))
            extras_at += len(each.extras)
            if positions == list(range(len(positions))):
                builds.append(each.build)  # the row as it is (always so for one path)
            else:
                builds.append(_view(each.build, positions))
        return Selection(tuple(read), tuple(extras)), builds

    def _compiled_client(
        self, objects: ObjectCompiler, node: FieldNode, columns: tuple[str, ...]
    ) -> Compiled:
        client_type = self.graphql.get_type("Client")
        assert isinstance(client_type, GraphQLObjectType)
        fields = Fields.of(self.graphql, client_type, node.selection_set, objects.fragments)
        return objects.compile(client_type, fields, ROOT, by_name=False, columns=columns)

    def _count_fields(self, node: FieldNode, objects: ObjectCompiler) -> Fields:
        count_type = self.graphql.get_type("Count")
        assert isinstance(count_type, GraphQLObjectType)
        fields = objects.fields(count_type, node)
        check_count(fields)
        return fields

    @staticmethod
    def _exact(
        connection_type: GraphQLObjectType, node: FieldNode
    ) -> Callable[[VariableValues], bool]:
        """A `count` field's `exact`, from its literal or variable (null is false)."""
        definition = connection_type.fields["count"]
        return lambda variables: bool(get_argument_values(definition, node, variables)["exact"])


def list_sql(
    compiled: Compiled,
    model: type[Model],
    order: str,
    postgres: bool,
    *,
    where: str = "",
    key: str = "organization_id",
    also: tuple[str, ...] = (),
) -> str:
    """The rows of `model` whose `key` is the first parameter (the caller's organization),
    and `where` (constants and the second parameter), in `order`; `also`: expressions
    after the row's."""
    select = [f't0."{c}"' for c in compiled.columns] + [e.on(postgres) for e in compiled.extras]
    select += also
    return (
        f'SELECT {", ".join(select or ["1"])} FROM "{model._meta.db_table}" t0 '  # noqa: S608
        f'WHERE t0."{key}" = {"$1" if postgres else "?"}{where} ORDER BY t0.{order}'
    )


def p2(postgres: bool) -> str:
    return "$2" if postgres else "?"


def object_type(definition: GraphQLField) -> GraphQLObjectType:
    found = get_named_type(definition.type)
    assert isinstance(found, GraphQLObjectType)
    return found


def _view(build: Any, positions: list[int]) -> Any:
    return lambda row: build([row[i] for i in positions])
