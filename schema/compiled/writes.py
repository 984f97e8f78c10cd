"""Compiled mutations (issue 16): a partner's write answered without graphql-core's executor,
the same answer as the full path.

A document whose operation is one mutation root field of `LEAN_WRITES` is parsed and
validated once (the schema's rules and limits, bounded LRU like the read path's plans),
its payload selection compiled: `userErrors` and the other plain objects are written from
the payload's attributes with the schema's serializers, a record of a table-backed type
(`schema.sources.TABLES`: the entry, the note, the purchase, the client) with the read
path's builders (`schema.compiled.objects`). Each request:

- checks the caller has the resolver's permission (else the full path words the refusal);
- coerces its variables and the field's arguments with graphql-core, as the full path
  does, turns them into the resolver's arguments as Strawberry does (by converters built
  with the plan: `schema.compiled.arguments`), and passes them through the input boundary
  (`schema.boundary`): anything refused goes the full way before anything is charged or
  written;
- is priced and charged by the cost rules and bucket of the read path (`schema.cost`);
- runs the mutation's own resolver function (the Strawberry field's, so the argument
  mapping, `readable` and the result types are the full path's), inside `retry_conflicts`
  as the input boundary runs it (CONFLICT_RETRY when it keeps losing);
- writes the payload: a record's columns from the instance the resolver returned (what
  graphql-core would read from it), and, when the selection asks for more (a client's
  tags, level, lists), every such record by one statement after the write, the read
  path's SQL, as the full path's resolvers read them after the write.

Once the mutation's function runs, the answer is this path's, whatever happens (it may have
written before it failed, so it never runs twice): an unexpected failure is masked and
logged as the full path masks it (`schema.extensions.shape_error`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    OperationDefinitionNode,
    OperationType,
    get_named_type,
    specified_rules,
)
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.types.field import StrawberryField
from tortoise.models import Model

from clientela.infra.limit_store import Bucket
from clientela.settings import Settings
from models.access import Permission
from models.db import is_postgres, stable_plans_connection
from resolvers.access.actor import Actor
from resolvers.conflicts import ConflictRetry, retry_conflicts
from resolvers.errors import ErrorCode
from schema import Schema
from schema.boundary import CONFLICT, first_refusal
from schema.compiled.arguments import Arguments, argument_converter
from schema.compiled.objects import Compiled, ObjectCompiler, loads
from schema.compiled.plans import Plans, checked_operation
from schema.compiled.selection import Fields, NotCompiled, response_key
from schema.context import Context
from schema.cost import CostWalker
from schema.errors import UserError
from schema.extensions import shape_error
from schema.limits import MINIMUM, cost_report, validation_rules
from schema.sources import TABLES

log = logging.getLogger("clientela.graphql")

# The mutations partners send in volume, and the permission each resolver asks first.
LEAN_WRITES: dict[str, Permission] = {
    "addPoints": Permission.POINTS_WRITE,
    "recordPurchase": Permission.POINTS_WRITE,
    "recordBooking": Permission.POINTS_WRITE,
    "recordOrder": Permission.POINTS_WRITE,
    "addNote": Permission.NOTES_WRITE,
    "createClient": Permission.CLIENTS_WRITE,
    "updateClient": Permission.CLIENTS_WRITE,
    "addTags": Permission.TAGS_WRITE,
    "upsertClients": Permission.CLIENTS_WRITE,
}


class _Pending:
    """Records whose selection needs a read: their ids, and where each answer goes."""

    def __init__(self) -> None:
        self.by_object: dict[int, tuple[_TableObject, list[tuple[int, dict[str, Any], str]]]] = {}

    def add(self, table: _TableObject, record_id: int, target: dict[str, Any], key: str) -> None:
        self.by_object.setdefault(id(table), (table, []))[1].append((record_id, target, key))


@dataclass
class _TableObject:
    """A selection on a table-backed type (a record the resolver returns)."""

    model: type[Model]
    compiled: Compiled
    alias: str  # the one its expressions were compiled with (unique in the document)
    # (column, attribute) of every column the selection reads.
    attributes: tuple[tuple[str, str], ...]
    nullable: bool

    def answer(self, value: Any, target: dict[str, Any], key: str, pending: _Pending) -> None:
        if value is None:
            if not self.nullable:
                raise TypeError("a null where the schema forbids one")
            target[key] = None
            return
        if not isinstance(value, self.model):
            raise TypeError("the resolver returned another kind of record")
        if self.compiled.extras:
            target[key] = None  # the key's place in the answer; filled after the read
            pending.add(self, value.pk, target, key)
            return
        target[key] = self.compiled.build({c: getattr(value, a) for c, a in self.attributes})


@dataclass
class _Leaf:
    attribute: str
    serialize: Callable[[Any], Any]
    list_of: bool
    nullable: bool

    def value(self, source: Any) -> Any:
        found = getattr(source, self.attribute)
        if found is None:
            if not self.nullable:
                raise TypeError("a null where the schema forbids one")
            return None
        if self.list_of:
            return [self.serialize(item) for item in found]
        return self.serialize(found)


@dataclass
class _PlainObject:
    """A payload object read attribute by attribute (the payload, `userErrors`, a row's
    result): leaves, records and nested plain objects, in answer order."""

    type_name: str
    parts: list[tuple[str, str, Any]]  # (answer key, kind, how)
    nullable: bool = False

    def answer(self, source: Any, pending: _Pending) -> dict[str, Any] | None:
        if source is None:
            if not self.nullable:
                raise TypeError("a null where the schema forbids one")
            return None
        found: dict[str, Any] = {}
        for key, kind, how in self.parts:
            if kind == "typename":
                found[key] = self.type_name
            elif kind == "leaf":
                found[key] = how.value(source)
            elif kind == "table":
                attribute, table = how
                table.answer(getattr(source, attribute), found, key, pending)
            elif kind == "tables":
                attribute, table, nullable = how
                items = getattr(source, attribute)
                if items is None and nullable:
                    found[key] = None
                    continue
                answers: list[Any] = []
                for index, item in enumerate(items):
                    holder: dict[str, Any] = {}
                    table.answer(item, holder, str(index), pending)
                    answers.append(holder)
                found[key] = answers
            elif kind == "object":
                attribute, inner = how
                found[key] = inner.answer(getattr(source, attribute), pending)
            else:  # "objects"
                attribute, inner, nullable = how
                items = getattr(source, attribute)
                if items is None and nullable:
                    found[key] = None
                    continue
                found[key] = [inner.answer(item, pending) for item in items]
        return found


def _unwrap(holders: list[Any]) -> list[Any]:
    """A list of records answered through one-key holders (filled after the read)."""
    return [holder[str(index)] for index, holder in enumerate(holders)]


@dataclass
class WritePlan:
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    node: FieldNode
    key: str
    definition: GraphQLField
    strawberry_field: StrawberryField
    permission: Permission
    payload: _PlainObject
    convert: Arguments  # graphql-core's argument values to the resolver's (Strawberry's)
    flat: dict[Any, Any] = field(default_factory=dict)


class _Info:
    """What a mutation's resolver reads of `info`: the context."""

    def __init__(self, context: Context) -> None:
        self.context = context


class CompiledWrites:
    """The compiled mutations of one schema and its settings (one per app)."""

    def __init__(self, schema: Schema, settings: Settings) -> None:
        self.schema = schema
        self.graphql = schema._schema
        self.settings = settings
        self.rules = [*specified_rules, *validation_rules(settings)]
        self.plans: Plans[WritePlan] = Plans(self._compile)
        self.answered = 0

    def plan(self, query: str, operation_name: str | None) -> WritePlan | None:
        return self.plans.get(query, operation_name)

    def _compile(self, query: str, operation_name: str | None) -> WritePlan | None:
        if "mutation" not in query:
            return None  # no parse for the reads (and the rest) the other paths take
        checked = checked_operation(
            self.graphql,
            self.rules,
            query,
            operation_name,
            OperationType.MUTATION,
            max_tokens=self.settings.max_tokens,
        )
        if checked is None:
            return None
        operation, fragments = checked
        mutation_type = self.graphql.mutation_type
        assert mutation_type is not None
        try:
            nodes = Fields.of(self.graphql, mutation_type, operation.selection_set, fragments).nodes
            if len(nodes) != 1 or nodes[0].name.value not in LEAN_WRITES:
                raise NotCompiled("not one lean write")
            node = nodes[0]
            definition = mutation_type.fields[node.name.value]
            strawberry_field = (definition.extensions or {}).get("strawberry-definition")
            if not isinstance(strawberry_field, StrawberryField):
                raise NotCompiled("not a Strawberry field")
            objects = ObjectCompiler(self.graphql, fragments)
            payload = self._plain(_object(definition.type), node, objects, nullable=False)
        except NotCompiled as reason:
            log.debug("mutation not compiled: %s", reason)
            return None
        return WritePlan(
            operation,
            fragments,
            node,
            response_key(node),
            definition,
            strawberry_field,
            LEAN_WRITES[node.name.value],
            payload,
            argument_converter(self.schema, strawberry_field.arguments),
        )

    def _plain(
        self, kind: GraphQLObjectType, node: FieldNode, objects: ObjectCompiler, *, nullable: bool
    ) -> _PlainObject:
        if kind.name in TABLES:
            raise NotCompiled("a record where a plain object was expected")
        parts: list[tuple[str, str, Any]] = []
        for part in objects.fields(kind, node).nodes:
            name, key = part.name.value, response_key(part)
            if name == "__typename":
                parts.append((key, "typename", None))
                continue
            definition = kind.fields.get(name)
            if definition is None or part.arguments:
                raise NotCompiled(f"{kind.name}.{name}")
            python = _attribute(definition)
            named = get_named_type(definition.type)
            inner_nullable = not isinstance(definition.type, GraphQLNonNull)
            listed = _is_list(definition.type)
            if isinstance(named, GraphQLScalarType | GraphQLEnumType):
                if part.selection_set is not None:
                    raise NotCompiled("a selection on a leaf")
                if listed and not _items_non_null(definition.type):
                    raise NotCompiled("a list of nullable leaves")
                parts.append((key, "leaf", _Leaf(python, named.serialize, listed, inner_nullable)))
            elif isinstance(named, GraphQLObjectType) and named.name in TABLES:
                table = self._table(named, part, objects, nullable=True)
                if listed:
                    if not _items_non_null(definition.type):
                        raise NotCompiled("a list of nullable records")
                    table.nullable = False
                    parts.append((key, "tables", (python, table, inner_nullable)))
                else:
                    table.nullable = inner_nullable
                    parts.append((key, "table", (python, table)))
            elif isinstance(named, GraphQLObjectType):
                if listed:
                    if not _items_non_null(definition.type):
                        raise NotCompiled("a list of nullable objects")
                    inner = self._plain(named, part, objects, nullable=False)
                    parts.append((key, "objects", (python, inner, inner_nullable)))
                else:
                    inner = self._plain(named, part, objects, nullable=inner_nullable)
                    parts.append((key, "object", (python, inner)))
            else:
                raise NotCompiled(f"{kind.name}.{name}: an abstract type")
        return _PlainObject(kind.name, parts, nullable)

    def _table(
        self, kind: GraphQLObjectType, node: FieldNode, objects: ObjectCompiler, *, nullable: bool
    ) -> _TableObject:
        model = TABLES[kind.name].model
        alias = objects.alias()
        compiled = objects.compile(
            kind, objects.fields(kind, node), alias, by_name=True, columns=("id",)
        )
        projection = model._meta.fields_db_projection
        by_column = {column: attribute for attribute, column in projection.items()}
        attributes = tuple((c, by_column[c]) for c in compiled.columns)
        return _TableObject(model, compiled, alias, attributes, nullable)

    async def answer(self, body: Any, caller: Any, bucket: Bucket | None) -> bytes | None:
        """The answer's JSON, or None when the full path must answer (nothing written,
        nothing charged)."""
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return None
        operation_name = body.get("operationName")
        variables = body.get("variables")
        if not isinstance(operation_name, str | None) or not isinstance(variables, dict | None):
            return None
        if not isinstance(body.get("extensions"), dict | None):
            return None
        if not isinstance(caller, Actor):
            return None
        plan = self.plan(body["query"], operation_name)
        if plan is None or plan.permission not in caller.permissions:
            return None  # the resolver's refusal, as the full path words it
        coerced = get_variable_values(
            self.graphql, plan.operation.variable_definitions or (), variables or {}
        )
        if isinstance(coerced, list):
            return None
        try:
            values = get_argument_values(plan.definition, plan.node, coerced)
            arguments = plan.convert(values)
        except Exception:
            return None
        if first_refusal(arguments) is not None:
            return None  # the input boundary's userErrors, as the full path words them
        walker = CostWalker(self.graphql, plan.fragments, coerced.coerced, flat=plan.flat)
        requested = max(MINIMUM, walker.operation(plan.operation))
        if requested > self.settings.max_query_cost:
            return None
        state = None
        if bucket is not None:
            try:
                state = await bucket.take(requested)
            except Exception:
                return None
            if not state.allowed:
                return None
        context = Context(settings=self.settings, actor=caller, bucket=bucket)
        resolver = plan.strawberry_field.base_resolver
        assert resolver is not None
        try:
            # The field's function as Strawberry calls it (no `self`: none reads it).
            call: Callable[..., Awaitable[Any]] = resolver
            result = await retry_conflicts(call, None, info=_Info(context), **arguments)
        except ConflictRetry:
            result = _conflict_payload(plan.strawberry_field)
        except Exception as exc:
            # The mutation may have written before it failed (its payload is built after the
            # commit): never run it again. Masked and logged as the full path masks it.
            self.answered += 1
            return _failed(plan, exc, requested, state)
        self.answered += 1
        try:
            data: dict[str, Any] | None = {plan.key: await _payload(plan.payload, result)}
        except Exception as exc:
            return _failed(plan, exc, requested, state)
        walker = CostWalker(self.graphql, plan.fragments, coerced.coerced, flat=plan.flat)
        actual = min(requested, max(MINIMUM, walker.operation(plan.operation, data)))
        if bucket is not None and actual < requested:
            try:
                state = await bucket.refund(requested - actual)
            except Exception:
                log.exception("rate limit store failed while refunding")
        report = cost_report(requested, actual, state)
        return orjson.dumps({"data": data, "extensions": {"cost": report}})


def _failed(plan: WritePlan, exc: Exception, requested: int, state: Any) -> bytes:
    """The answer to an unexpected failure, as the full path words it: the error masked
    (INTERNAL_SERVER_ERROR with the request id; logged with its stack), no data (the
    payload is non-null), the whole charge kept (an answer with errors shows no cost)."""
    error = shape_error(
        GraphQLError(str(exc), nodes=[plan.node], path=[plan.key], original_error=exc)
    )
    return orjson.dumps(
        {
            "data": None,
            "errors": [error.formatted],
            "extensions": {"cost": cost_report(requested, requested, state)},
        }
    )


def _conflict_payload(strawberry_field: StrawberryField) -> Any:
    """The payload the input boundary answers to a mutation that kept losing races."""
    from schema.boundary import _payload as boundary_payload

    error = UserError(field=None, code=ErrorCode.CONFLICT_RETRY, message=CONFLICT)
    payload = boundary_payload(strawberry_field, [error])
    if payload is None:  # pragma: no cover - every lean write's payload has userErrors
        raise ConflictRetry
    return payload


async def _payload(payload: _PlainObject, result: Any) -> dict[str, Any] | None:
    pending = _Pending()
    answer = payload.answer(result, pending)
    if pending.by_object:
        await _read(pending)
    _unwrap_lists(payload, answer)
    return answer


def _unwrap_lists(plain: _PlainObject, answer: dict[str, Any] | None) -> None:
    if answer is None:
        return
    for key, kind, how in plain.parts:
        if kind == "tables" and answer[key] is not None:
            answer[key] = _unwrap(answer[key])
        elif kind == "object":
            _unwrap_lists(how[1], answer[key])
        elif kind == "objects" and answer[key] is not None:
            for item in answer[key]:
                _unwrap_lists(how[1], item)


async def _read(pending: _Pending) -> None:
    """Every record whose selection needs more than its columns, by one statement: one JSON
    array per selection, of the rows with the ids asked."""
    db = stable_plans_connection()
    postgres = is_postgres(db)
    selects: list[str] = []
    params: list[Any] = []
    groups = list(pending.by_object.values())
    for table, wanted in groups:
        alias = table.alias
        ids = sorted({record_id for record_id, _, _ in wanted})
        if postgres:
            params.append(ids)
            where = f'{alias}."id" = ANY(${len(params)}::bigint[])'
        else:
            params += ids
            where = f'{alias}."id" IN ({", ".join("?" for _ in ids)})'
        rows_from = f'FROM "{table.model._meta.db_table}" {alias} WHERE {where}'
        selects.append(table.compiled.array(alias, rows_from).on(postgres))
    _, rows = await db.execute_query(f"SELECT {', '.join(selects)}", params)
    row = rows[0]
    for position, (table, wanted) in enumerate(groups):
        found = {item["id"]: item for item in loads(row[position])}
        for record_id, target, key in wanted:
            item = found.get(record_id)
            if item is None:
                if not table.nullable:
                    raise LookupError("a record of the payload is gone")
                target[key] = None
            else:
                target[key] = table.compiled.build(item)


def _object(kind: Any) -> GraphQLObjectType:
    found = get_named_type(kind)
    if not isinstance(found, GraphQLObjectType):
        raise NotCompiled("not an object type")
    return found


def _is_list(kind: Any) -> bool:
    inner = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    return isinstance(inner, GraphQLList)


def _items_non_null(kind: Any) -> bool:
    inner = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    return isinstance(inner, GraphQLList) and isinstance(inner.of_type, GraphQLNonNull)


def _attribute(definition: GraphQLField) -> str:
    """The attribute a payload field reads (a field with a resolver of its own is not)."""
    strawberry_field = (definition.extensions or {}).get("strawberry-definition")
    if (
        not isinstance(strawberry_field, StrawberryField)
        or not strawberry_field.is_basic_field
        or definition.args
        or not getattr(definition.resolve, "_is_default", False)
    ):
        raise NotCompiled("a payload field with a resolver")
    return strawberry_field.python_name
