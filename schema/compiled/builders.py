"""Builders: generated Python code that writes each row's answer to a selection with the
keys in the order graphql-core would, through the same serializers the schema's types use
(enums by name, dates in ISO 8601, ids as UUID text). `record` compiles the fields of one
record type read from one model; a field it does not know makes it give up (`NotCompiled`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
)
from tortoise.fields import CharField, DatetimeField, IntField, TextField, UUIDField
from tortoise.fields.base import Field as ModelField
from tortoise.fields.data import CharEnumFieldInstance
from tortoise.models import Model

from schema.compiled.selection import Fields, NotCompiled, response_key
from schema.execution import plain_leaf

Convert = Callable[[Any], Any]
Build = Callable[[Any], dict[str, Any]]


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


def _enum(
    field: ModelField[Any],
    leaf: GraphQLEnumType | GraphQLScalarType,
    names: dict[Any, Any] | None = None,
) -> Convert:
    names = {} if names is None else names
    serialize = leaf.serialize

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
        return _enum(field, leaf)
    if isinstance(field, UUIDField):
        return lambda value: None if value is None else str(value)
    if isinstance(field, DatetimeField):
        return _datetime(field, leaf.serialize)
    if isinstance(field, CharField | TextField) and leaf.name == "String":
        return None
    if isinstance(field, IntField) and leaf.name == "Int":
        return _int(field, leaf.serialize)
    return _general(field, leaf.serialize)


def leaf_code(
    field: ModelField[Any], leaf: GraphQLScalarType | GraphQLEnumType, emitter: Emitter, value: str
) -> str:
    """A Python expression of the answer for the database value `value` (an expression),
    with the common cases written inline; `converter` for everything else.

    UTC datetimes (what asyncpg returns) are left to orjson, which writes them exactly as
    the schema's `isoformat()` serializer does (RFC 3339, microseconds when there are)."""
    if isinstance(field, CharEnumFieldInstance):
        names: dict[Any, Any] = {}  # database value -> enum name, filled as values come
        call = f"{emitter.ref(_enum(field, leaf, names))}(_x)"
        return f"({emitter.ref(names)}.get(_x := {value}) or {call})"
    convert = converter(field, leaf)
    if convert is None:
        return value
    call = f"{emitter.ref(convert)}(_x)"
    if isinstance(field, UUIDField):
        return f"(None if (_x := {value}) is None else _str(_x))"
    if isinstance(field, DatetimeField):
        return f"(_x if type(_x := {value}) is _datetime and _x.tzinfo is _UTC else {call})"
    if isinstance(field, IntField) and leaf.name == "Int":
        return f"(_x if type(_x := {value}) is int and {_INT_MIN} <= _x <= {_INT_MAX} else {call})"
    return f"{emitter.ref(convert)}({value})"


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
        self.scope.update(_str=str, _datetime=datetime, _UTC=UTC)
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
            entries.append((response_key(node), repr(fields.parent.name)))
            continue
        if name == "id" and not node.selection_set and "uuid" in projection:
            entries.append((response_key(node), f"_str(row[{column('uuid')}])"))
            continue
        leaf = _leaf(fields, node)
        if leaf is not None and leaf[0] in projection:
            value = f"row[{column(projection[leaf[0]])}]"
            code = leaf_code(model._meta.fields_map[leaf[0]], leaf[1], emitter, value)
            entries.append((response_key(node), code))
            continue
        other = extra(node, emitter) if extra is not None else None
        if other is None:
            raise NotCompiled(f"{fields.parent.name}.{name}")
        entries.append((response_key(node), other))
    return Record(model, tuple(read), emitter.function(entries))
