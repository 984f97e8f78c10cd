"""Builders: generated Python code that writes each row's answer to a selection with the
keys in the order graphql-core would, through the same serializers the schema's types use
(enums by name, dates in ISO 8601, ids as UUID text): `leaf_code` writes one value's
conversion, `Emitter` the function (`objects` compiles the selections). `plain_object`
answers a selection of leaves on a Python object (a `UserError`) as its type serializes
them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)
from tortoise.fields import CharField, DatetimeField, IntField, TextField, UUIDField
from tortoise.fields.base import Field as ModelField
from tortoise.fields.data import CharEnumFieldInstance

from schema.compiled.selection import Fields, NotCompiled, response_key

Convert = Callable[[Any], Any]

# Who the answer being built is for (an `Actor`, an `AccountCaller` or None), for the few
# values that depend on it (`schema.sources.Expression.for_caller`); set around a request.
CALLER: ContextVar[Any] = ContextVar("compiled_caller", default=None)
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


def leaf_serializer(definition: GraphQLField) -> Callable[[Any], Any]:
    """A value of a scalar or enum field, or a list of them, as the reference serializes
    it; NotCompiled for anything else."""
    kind = definition.type
    kind = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    many = isinstance(kind, GraphQLList)
    leaf = get_named_type(kind)
    if not isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
        raise NotCompiled("not a leaf")
    serialize = leaf.serialize
    if many:
        return lambda value: None if value is None else [serialize(v) for v in value]
    return lambda value: None if value is None else serialize(value)


def plain_object(kind: GraphQLObjectType, fields: Fields) -> Callable[[Any], dict[str, Any]]:
    """The answer to a selection of leaves on a plain object (a `UserError`)."""
    entries: list[tuple[str, str | None, Any]] = []
    for part in fields.nodes:
        name = part.name.value
        if name == "__typename":
            entries.append((response_key(part), None, kind.name))
            continue
        definition = kind.fields[name]
        strawberry_field = (definition.extensions or {}).get("strawberry-definition")
        if strawberry_field is None or not strawberry_field.is_basic_field or part.arguments:
            raise NotCompiled(f"{kind.name}.{name}")
        entries.append(
            (response_key(part), strawberry_field.python_name, leaf_serializer(definition))
        )

    def build(value: Any) -> dict[str, Any]:
        return {
            key: how if attribute is None else how(getattr(value, attribute))
            for key, attribute, how in entries
        }

    return build
