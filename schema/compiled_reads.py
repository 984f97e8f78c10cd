"""The compiled read path (issue 7): the hot client reads answered without graphql-core's
executor, the same answers as the full path.

Integrations and the console send the same few documents again and again. The first time a
document is seen it is parsed and validated with the schema's own rules and limits, then
compiled when every field it selects is one the compiler knows (`client`, `clients` with
their nodes, edges, cursors and page info; on clients their columns, `tags`, `level` and the
newest `pointsHistory`): each root field becomes one SQL statement over only the selected
columns (`resolvers.client_rows`) and a generated builder that writes the answer
(`schema.compiled_shapes`). Every later request with that document:

- authenticates as before (the view did it) and needs `clients:read`, like the resolvers;
- coerces its variables and arguments with graphql-core and Strawberry, like the full path;
- is priced, charged and refunded by the same cost rules and bucket (`schema.cost`);
- runs its statements and encodes the answer with orjson.

Anything else goes the full way, which stays the reference for every answer and every
error: a document that does not compile, a caller without the permission, variables or
arguments that do not coerce or that the resolvers refuse (a bad cursor, `first` out of
range), a bucket that refuses, an unexpected failure. A failure after the charge gives the
charge back first, so a request is never charged twice. Tests run a corpus of documents
both ways and compare the answers byte for byte.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    OperationDefinitionNode,
    OperationType,
    get_named_type,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

import models
from clientela.settings import Settings
from models.access import Permission
from resolvers import client_rows
from resolvers.actor import Actor
from resolvers.client_filter import ClientFilter
from resolvers.client_queries import SORT_KEYS, ClientOrder
from resolvers.limit_store import Bucket
from resolvers.pagination import check_first, cursor_of
from schema import Schema
from schema.compiled_shapes import (
    ClientCompiler,
    ClientShape,
    Fields,
    NotCompiled,
    check_page_info,
    page_info,
)
from schema.cost import CostWalker
from schema.inputs import ClientFilterInput
from schema.limits import MINIMUM, cost_report, validation_rules

log = logging.getLogger("clientela.graphql")

PLAN_CACHE = 256
# Every column a cursor of any order is made of: read when a page's cursors are asked for.
CURSOR_COLUMNS = tuple(dict.fromkeys(c for o in ClientOrder for c in client_rows.sort_columns(o)))

# Arguments per set of variables kept by a plan (most documents are sent with a few).
BOUND_CACHE = 128


@dataclass(frozen=True)
class Root:
    """A root field: its arguments from the variables (pure, may raise), then its answer."""

    key: str
    arguments: Callable[[VariableValues], Any]
    run: Callable[[Actor, Any], Awaitable[Any]]


@dataclass(frozen=True)
class Bound:
    """A plan with one set of variables: coerced, converted and priced."""

    variables: VariableValues
    arguments: tuple[Any, ...]
    requested: int


@dataclass
class ReadPlan:
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    roots: list[Root]
    # The cost walker's flattened selections: they depend on the document only.
    flat: dict[Any, Any] = field(default_factory=dict)
    # Variables (as sent, canonical JSON) -> Bound. Coercing and converting arguments is
    # a pure function of the document and the variables, and cost most of a small read.
    bound: OrderedDict[bytes, Bound] = field(default_factory=OrderedDict)


class CompiledReads:
    def __init__(self, schema: Schema, settings: Settings) -> None:
        self.schema = schema
        self.graphql = schema._schema
        self.settings = settings
        self.rules = [*specified_rules, *validation_rules(settings)]
        self.plans: OrderedDict[tuple[str, str | None], ReadPlan | None] = OrderedDict()
        # How many requests this path answered (the rest went the full way).
        self.answered = 0

    def plan(self, query: str, operation_name: str | None) -> ReadPlan | None:
        key = (query, operation_name)
        if key in self.plans:
            self.plans.move_to_end(key)
            return self.plans[key]
        found = self._compile(query, operation_name)
        self.plans[key] = found
        if len(self.plans) > PLAN_CACHE:
            self.plans.popitem(last=False)
        return found

    def _compile(self, query: str, operation_name: str | None) -> ReadPlan | None:
        try:
            document = parse(query, max_tokens=self.settings.max_tokens)
        except GraphQLError:
            return None
        if validate(self.graphql, document, self.rules):
            return None
        operation = get_operation_ast(document, operation_name)
        if operation is None or operation.operation != OperationType.QUERY:
            return None
        fragments = _fragments(document)
        try:
            roots = self._roots(operation, fragments)
        except NotCompiled as reason:
            log.debug("not compiled: %s", reason)
            return None
        return ReadPlan(operation, fragments, roots)

    def _roots(
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
            spec.check()  # refused before anything is charged (the full path words it)
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

    def _bind(self, plan: ReadPlan, variables: dict[str, Any]) -> Bound | None:
        """The plan's arguments and price for these variables; None when the variables or
        arguments are refused (the full path words the refusal)."""
        try:
            key = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
        except TypeError:
            return None
        bound = plan.bound.get(key)
        if bound is not None:
            plan.bound.move_to_end(key)
            return bound
        operation = plan.operation
        coerced = get_variable_values(self.graphql, operation.variable_definitions or (), variables)
        if isinstance(coerced, list):
            return None
        try:
            arguments = tuple(root.arguments(coerced) for root in plan.roots)
        except Exception:
            return None
        walker = CostWalker(self.graphql, plan.fragments, coerced.coerced, flat=plan.flat)
        bound = Bound(coerced, arguments, max(MINIMUM, walker.operation(operation)))
        plan.bound[key] = bound
        if len(plan.bound) > BOUND_CACHE:
            plan.bound.popitem(last=False)
        return bound

    async def answer(self, body: Any, caller: Any, bucket: Bucket | None) -> bytes | None:
        """The answer's JSON, or None when the full path must answer (nothing charged)."""
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return None
        operation_name = body.get("operationName")
        variables = body.get("variables") or {}
        if not isinstance(operation_name, str | None) or not isinstance(variables, dict):
            return None
        if not isinstance(caller, Actor) or Permission.CLIENTS_READ not in caller.permissions:
            return None
        plan = self.plan(body["query"], operation_name)
        if plan is None:
            return None
        bound = self._bind(plan, variables)
        if bound is None:
            return None
        requested = bound.requested
        if requested > self.settings.max_query_cost:
            return None
        state = None
        if bucket is not None:
            try:
                state = await bucket.take(requested)
            except Exception:
                return None  # the full path reports the store's failure
            if not state.allowed:
                return None  # refused takes take nothing: the full path answers 429
        try:
            data = {
                root.key: await root.run(caller, given)
                for root, given in zip(plan.roots, bound.arguments, strict=True)
            }
        except Exception:
            # The full path answers (a refusal it words, or a failure it logs and masks).
            if bucket is not None:
                await bucket.refund(requested)
            return None
        self.answered += 1
        walker = CostWalker(self.graphql, plan.fragments, bound.variables.coerced, flat=plan.flat)
        actual = min(requested, max(MINIMUM, walker.operation(plan.operation, data)))
        if bucket is not None and actual < requested:
            try:
                state = await bucket.refund(requested - actual)
            except Exception:
                log.exception("rate limit store failed while refunding")
        return orjson.dumps(
            {"data": data, "extensions": {"cost": cost_report(requested, actual, state)}}
        )


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


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


def _cursor_maker(order: ClientOrder) -> Callable[[Any], str]:
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
