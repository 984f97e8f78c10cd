"""Compiling a client selection into what one SQL statement reads and a function that turns
each row into the answer (the compiled read path, see `schema.compiled_reads`).

A selection on `Client` is compiled once per document into a `ClientShape`: the columns
and nested JSON arrays the statement must return (`resolvers.client_rows.Selection`) and a
builder, generated Python code, that writes each row's answer with the keys in the order
graphql-core would, through the same serializers the schema's types use (enums by name,
dates in ISO 8601, ids as UUID text). What the compiler does not know (a resolver with
side effects on the context, arguments from variables inside a client, directives,
`totalCount`, fragments on other types) makes it give up: `NotCompiled`, and the document
goes the full way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
    get_named_type,
)
from tortoise.fields import CharField, DatetimeField, IntField, TextField, UUIDField
from tortoise.fields.base import Field as ModelField
from tortoise.fields.data import CharEnumFieldInstance
from tortoise.models import Model

import models
from resolvers.client_rows import Carried, Selection
from resolvers.pagination import DEFAULT_PAGE, MAX_PAGE, cursor_of
from schema.execution import plain_leaf
from schema.types import NEWEST_FIRST

Convert = Callable[[Any], Any]
Build = Callable[[Any], dict[str, Any]]


class NotCompiled(Exception):
    """The selection uses something the compiler does not handle: run it the full way."""


@dataclass(frozen=True)
class Fields:
    """The fields of one selection set on one type, fragments flattened, in answer order."""

    parent: GraphQLObjectType
    nodes: tuple[FieldNode, ...]

    @staticmethod
    def of(
        schema: GraphQLSchema,
        parent: GraphQLObjectType,
        selection_set: SelectionSetNode | None,
        fragments: dict[str, FragmentDefinitionNode],
    ) -> Fields:
        nodes = tuple(_flatten(schema, parent, selection_set, fragments, frozenset()))
        keys = [_key(n) for n in nodes]
        if len(set(keys)) != len(keys):
            raise NotCompiled("a response key is selected twice")  # graphql-core merges them
        return Fields(parent, nodes)


def _key(node: FieldNode) -> str:
    return node.alias.value if node.alias else node.name.value


def _flatten(
    schema: GraphQLSchema,
    parent: GraphQLObjectType,
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    seen: frozenset[str],
) -> Iterator[FieldNode]:
    for selection in selection_set.selections if selection_set else ():
        if selection.directives:
            raise NotCompiled("directives")
        if isinstance(selection, FieldNode):
            yield selection
            continue
        if isinstance(selection, InlineFragmentNode):
            condition, inner = selection.type_condition, selection.selection_set
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen or fragment.directives:
                raise NotCompiled("fragment")
            condition, inner, seen = fragment.type_condition, fragment.selection_set, seen | {name}
        else:  # pragma: no cover - the three kinds of selection
            raise NotCompiled("selection")
        if condition is not None and schema.get_type(condition.name.value) is not parent:
            raise NotCompiled("a fragment on another type")
        yield from _flatten(schema, parent, inner, fragments, seen)


def _loads(raw: Any) -> Any:
    return orjson.loads(raw) if isinstance(raw, str | bytes) else raw


def _datetime(field: ModelField[Any], serialize: Convert) -> Convert:
    """Datetimes come as UTC datetimes (asyncpg) or ISO 8601 text (SQLite, JSON arrays);
    the model field would turn both into the same UTC datetime, more slowly."""

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is str:
            value = datetime.fromisoformat(value)
        if type(value) is not datetime or value.tzinfo is not UTC:
            value = field.to_python_value(value)  # another zone, or naive
        return serialize(value)

    return convert


_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def _int(field: ModelField[Any], serialize: Convert) -> Convert:
    """Ints that fit GraphQL's Int are their own answer; others get the serializer's error."""

    def convert(value: Any) -> Any:
        if type(value) is int and _INT_MIN <= value <= _INT_MAX:
            return value
        return None if value is None else serialize(field.to_python_value(value))

    return convert


def _enum(field: ModelField[Any], serialize: Convert) -> Convert:
    names: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value is None:
            return None
        name = names.get(value)
        if name is None:
            name = names[value] = serialize(field.to_python_value(value))
        return name

    return convert


def _general(field: ModelField[Any], serialize: Convert) -> Convert:
    return lambda value: None if value is None else serialize(field.to_python_value(value))


def converter(field: ModelField[Any], leaf: GraphQLScalarType | GraphQLEnumType) -> Convert | None:
    """Database value -> answer value, as the model field and the schema's serializer would
    turn it; None when the value is its own answer (text)."""
    if isinstance(field, CharEnumFieldInstance):
        return _enum(field, leaf.serialize)
    if isinstance(field, UUIDField):
        return lambda value: None if value is None else str(value)
    if isinstance(field, DatetimeField):
        return _datetime(field, leaf.serialize)
    if isinstance(field, CharField | TextField) and leaf.name == "String":
        return None
    if isinstance(field, IntField) and leaf.name == "Int":
        return _int(field, leaf.serialize)
    return _general(field, leaf.serialize)


@dataclass
class Emitter:
    """Python source of a builder, and the values its code refers to by name. A name may
    be bound after the function is made (it is looked up when the function runs)."""

    scope: dict[str, Any]

    def ref(self, value: Any) -> str:
        name = f"_v{len(self.scope)}"
        self.scope[name] = value
        return name

    def function(self, entries: Sequence[tuple[str, str]]) -> Build:
        # Keys are GraphQL names or aliases (validated: [_A-Za-z][_0-9A-Za-z]*), written
        # with repr(); everything else is a reference to a value in `scope`.
        body = ", ".join(f"{key!r}: {code}" for key, code in entries)
        source = f"def build(row):\n    return {{{body}}}\n"
        self.scope["_str"] = str
        exec(compile(source, "<compiled selection>", "exec"), self.scope)  # noqa: S102
        built: Build = self.scope["build"]
        return built


def _leaf(
    fields: Fields, node: FieldNode
) -> tuple[str, GraphQLScalarType | GraphQLEnumType] | None:
    """The model attribute a plain field reads and its GraphQL leaf type, if it is one."""
    definition = fields.parent.fields.get(node.name.value)
    if definition is None or node.arguments or node.selection_set:
        return None
    plain = plain_leaf(definition)
    if plain is None:
        return None
    leaf = get_named_type(definition.type)
    assert isinstance(leaf, GraphQLScalarType | GraphQLEnumType)
    return plain[0].python_name, leaf


@dataclass(frozen=True)
class Record:
    """A compiled selection on a record type read from one model."""

    model: type[Model]
    columns: tuple[str, ...]
    build: Build


def record(
    schema: GraphQLSchema,
    fields: Fields,
    model: type[Model],
    by_name: bool,
    extra: Callable[[FieldNode, Emitter], str | None] | None = None,
    columns: Sequence[str] = (),
    emitter: Emitter | None = None,
) -> Record:
    """Compile `fields` read from `model` rows. Rows are indexed by column position, or by
    column name (`by_name`, JSON objects). `extra` compiles fields that are not plain
    columns; `columns` are read first whatever is selected (e.g. for cursors)."""
    projection = model._meta.fields_db_projection
    read: list[str] = list(columns)
    emitter = emitter or Emitter({})

    def column(name: str) -> str:
        if name not in read:
            read.append(name)
        return repr(name) if by_name else str(read.index(name))

    entries: list[tuple[str, str]] = []
    for node in fields.nodes:
        name = node.name.value
        if name == "__typename":
            entries.append((_key(node), repr(fields.parent.name)))
            continue
        if name == "id" and not node.selection_set and "uuid" in projection:
            entries.append((_key(node), f"_str(row[{column('uuid')}])"))
            continue
        leaf = _leaf(fields, node)
        if leaf is not None and leaf[0] in projection:
            db_column = projection[leaf[0]]
            convert = converter(model._meta.fields_map[leaf[0]], leaf[1])
            value = f"row[{column(db_column)}]"
            entries.append(
                (_key(node), value if convert is None else f"{emitter.ref(convert)}({value})")
            )
            continue
        code = extra(node, emitter) if extra is not None else None
        if code is None:
            raise NotCompiled(f"{fields.parent.name}.{name}")
        entries.append((_key(node), code))
    return Record(model, tuple(read), emitter.function(entries))


def _first(node: FieldNode) -> int:
    """A nested connection's `first`: a literal (variables would change the statement)."""
    size = DEFAULT_PAGE
    for argument in node.arguments or ():
        if argument.name.value != "first" or not isinstance(argument.value, IntValueNode):
            raise NotCompiled("nested connection arguments")
        size = int(argument.value.value)
    if not 0 <= size <= MAX_PAGE:
        raise NotCompiled("first out of range: the full path reports it")
    return size


@dataclass(frozen=True)
class ClientShape:
    selection: Selection
    build: Build


class ClientCompiler:
    """Compiles selections on `Client` (with `tags`, `level`, `pointsHistory`)."""

    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]):
        self.schema = schema
        self.fragments = fragments

    def _object_type(self, name: str) -> GraphQLObjectType:
        found = self.schema.get_type(name)
        assert isinstance(found, GraphQLObjectType)
        return found

    def fields(self, parent: GraphQLObjectType, node: FieldNode) -> Fields:
        return Fields.of(self.schema, parent, node.selection_set, self.fragments)

    def client(
        self, selection_set: SelectionSetNode | None, columns: Sequence[str] = ()
    ) -> ClientShape:
        """`columns` are read first in every row, whatever is selected (cursor columns)."""
        fields = Fields.of(self.schema, self._object_type("Client"), selection_set, self.fragments)
        carried: dict[str, Any] = {}
        compilers = {"tags": self._tags, "level": self._level, "pointsHistory": self._points}

        def extra(node: FieldNode, emitter: Emitter) -> str | None:
            name = node.name.value
            if name in carried or name not in compilers:
                return None  # twice under aliases: the statement carries one of each
            carried[name], build = compilers[name](node)
            return f"{emitter.ref(build)}(row[_at_{name}])"

        emitter = Emitter({})
        compiled = record(self.schema, fields, models.Client, False, extra, columns, emitter)
        selection = Selection(
            columns=compiled.columns,
            carried=Carried(
                tags=carried.get("tags"),
                level=carried.get("level"),
                points=carried.get("pointsHistory"),
            ),
        )
        # The carried arrays follow the columns in the row, in `Carried.names()` order.
        for offset, name in enumerate(selection.carried.names()):
            emitter.scope[f"_at_{_GRAPHQL_NAME[name]}"] = len(compiled.columns) + offset
        return ClientShape(selection, compiled.build)

    def _tags(self, node: FieldNode) -> tuple[tuple[str, ...], Convert]:
        if node.arguments:
            raise NotCompiled("tags arguments")
        tag = record(self.schema, self.fields(self._object_type("Tag"), node), models.Tag, True)
        build = tag.build
        return tag.columns, lambda raw: [build(row) for row in _loads(raw)]

    def _level(self, node: FieldNode) -> tuple[tuple[str, ...], Convert]:
        if node.arguments:
            raise NotCompiled("level arguments")
        level = record(
            self.schema, self.fields(self._object_type("Level"), node), models.Level, True
        )
        build = level.build

        def one(raw: Any) -> Any:
            rows = _loads(raw)
            return build(rows[0]) if rows else None

        return level.columns, one

    def _points(self, node: FieldNode) -> tuple[tuple[tuple[str, ...], int], Convert]:
        size = _first(node)
        connection = self.fields(self._object_type("PointsEntryConnection"), node)
        entry_type = self._object_type("PointsEntry")
        page_info_type = self._object_type("PageInfo")
        edge_type = get_named_type(connection.parent.fields["edges"].type)
        assert isinstance(edge_type, GraphQLObjectType)
        sort = ("created_at", "id")
        projection = models.PointsEntry._meta.fields_db_projection
        assert tuple(projection[c] for c in NEWEST_FIRST.columns) == sort
        parts: list[tuple[str, str, Any]] = []
        entry_columns: list[str] = list(sort)
        for part in connection.nodes:
            name, key = part.name.value, _key(part)
            if name == "__typename":
                parts.append((key, "typename", connection.parent.name))
            elif name == "nodes":
                built = record(
                    self.schema,
                    self.fields(entry_type, part),
                    models.PointsEntry,
                    True,
                    columns=sort,
                )
                entry_columns += [c for c in built.columns if c not in entry_columns]
                parts.append((key, "nodes", built.build))
            elif name == "edges":
                parts.append(
                    (
                        key,
                        "edges",
                        self._edges(self.fields(edge_type, part), entry_type, entry_columns),
                    )
                )
            elif name == "pageInfo":
                info = self.fields(page_info_type, part)
                check_page_info(info)
                parts.append((key, "pageInfo", info))
            else:
                raise NotCompiled(f"pointsHistory.{name}")
        created_at = models.PointsEntry._meta.fields_map["created_at"]

        def cursor(row: dict[str, Any]) -> str:
            return cursor_of(
                NEWEST_FIRST, [created_at.to_python_value(row["created_at"]), row["id"]]
            )

        def build(raw: Any) -> dict[str, Any]:
            rows = _loads(raw)
            items = rows[:size]
            answer: dict[str, Any] = {}
            for key, kind, how in parts:
                if kind == "typename":
                    answer[key] = how
                elif kind == "nodes":
                    answer[key] = [how(row) for row in items]
                elif kind == "edges":
                    answer[key] = [how(row, cursor) for row in items]
                else:
                    answer[key] = page_info(how, items, len(rows) > size, cursor)
            return answer

        return (tuple(entry_columns), size + 1), build

    def _edges(
        self, fields: Fields, entry_type: GraphQLObjectType, entry_columns: list[str]
    ) -> Callable[[Any, Callable[[Any], str]], dict[str, Any]]:
        parts: list[tuple[str, str, Any]] = []
        for part in fields.nodes:
            name, key = part.name.value, _key(part)
            if name == "__typename":
                parts.append((key, "typename", fields.parent.name))
            elif name == "cursor":
                parts.append((key, "cursor", None))
            elif name == "node":
                built = record(self.schema, self.fields(entry_type, part), models.PointsEntry, True)
                entry_columns += [c for c in built.columns if c not in entry_columns]
                parts.append((key, "node", built.build))
            else:
                raise NotCompiled(f"edges.{name}")

        def edge(row: Any, cursor: Callable[[Any], str]) -> dict[str, Any]:
            answer: dict[str, Any] = {}
            for key, kind, how in parts:
                answer[key] = (
                    how if kind == "typename" else cursor(row) if kind == "cursor" else how(row)
                )
            return answer

        return edge


def page_info(
    fields: Fields,
    items: Sequence[Any],
    has_next: bool,
    cursor: Callable[[Any], str],
    has_previous: bool = False,
) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    for part in fields.nodes:
        name, key = part.name.value, _key(part)
        if name == "__typename":
            answer[key] = fields.parent.name
        elif name == "hasNextPage":
            answer[key] = has_next
        elif name == "hasPreviousPage":
            answer[key] = has_previous
        elif name == "startCursor":
            answer[key] = cursor(items[0]) if items else None
        elif name == "endCursor":
            answer[key] = cursor(items[-1]) if items else None
        else:
            raise NotCompiled(f"pageInfo.{name}")
    return answer


def check_page_info(fields: Fields) -> None:
    known = {"__typename", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor"}
    for part in fields.nodes:
        if part.name.value not in known or part.arguments:
            raise NotCompiled(f"pageInfo.{part.name.value}")


_GRAPHQL_NAME = {"tags": "tags", "level": "level", "points": "pointsHistory"}
