"""A mutation's arguments turned into Python values as Strawberry turns them
(`strawberry.types.arguments.convert_arguments`), by converters built once per plan.

Strawberry's conversion works out, on every request and for every value, what each
annotation is (optional, list, scalar, enum, input type), which GraphQL name each input
field has and which defaults apply; for one document these answers never change. Here
they are worked out when the plan is compiled, and a request only builds its values:
`None` and UNSET kept, leaves (scalars and enums, which graphql-core already parsed)
passed through, lists copied (graphql-core may share a default between requests), input
types built with None for every field without a default, then the fields sent.

What this does not model - `Maybe`, an input that builds itself (`from_input`), a
GlobalID, anything unforeseen - is converted by Strawberry itself, the whole argument
(`tests/test_compiled_writes.py` compares both conversions on every lean write's inputs).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING
from typing import Any

from strawberry.relay.types import GlobalID
from strawberry.scalars import is_scalar
from strawberry.types.arguments import StrawberryArgument, convert_argument
from strawberry.types.base import (
    StrawberryList,
    StrawberryMaybe,
    StrawberryOptional,
    has_object_definition,
)
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.lazy_type import LazyType
from strawberry.types.unset import UNSET

from schema import Schema

Convert = Callable[[Any], Any]
Arguments = Callable[[Mapping[str, Any]], dict[str, Any]]


class _Unsupported(Exception):
    """A type Strawberry converts in a way this module does not model."""


def argument_converter(schema: Schema, arguments: list[StrawberryArgument]) -> Arguments:
    """The function from graphql-core's argument values to the resolver's keyword arguments."""
    config = schema.config
    registry = schema.schema_converter.scalar_registry
    parts: list[tuple[str, str, Convert]] = []
    for argument in arguments:
        assert argument.python_name
        name = config.name_converter.from_argument(argument)
        try:
            convert = _Builder(registry, config).converter(argument.type)
        except _Unsupported:
            convert = _by_strawberry(argument.type, registry, config, name)
        parts.append((name, argument.python_name, convert))

    def convert_all(values: Mapping[str, Any]) -> dict[str, Any]:
        return {python: convert(values[name]) for name, python, convert in parts if name in values}

    return convert_all


def _by_strawberry(kind: Any, registry: Any, config: Any, name: str) -> Convert:
    def convert(value: Any) -> Any:
        return convert_argument(value, kind, registry, config, None, path=(name,))

    return convert


def _keep(value: Any) -> Any:
    return value


class _Builder:
    def __init__(self, registry: Any, config: Any) -> None:
        self.registry = registry
        self.config = config
        # Input types being built or built: an input may hold itself (a tree of filters).
        self.inputs: dict[type, Convert] = {}

    def converter(self, kind: Any) -> Convert:
        """`kind`'s converter, None and UNSET kept as they are (as Strawberry keeps them)."""
        inner = self._value(kind)

        def convert(value: Any) -> Any:
            if value is None or value is UNSET:
                return value
            return inner(value)

        return convert

    def _leaf(self, kind: Any) -> bool:
        if kind is GlobalID:
            return False
        if isinstance(kind, LazyType):
            return self._leaf(kind.resolve_type())
        if isinstance(kind, StrawberryEnumDefinition):
            return True
        return is_scalar(kind, self.registry)

    def _value(self, kind: Any) -> Convert:
        if isinstance(kind, StrawberryMaybe):
            raise _Unsupported("Maybe")
        if isinstance(kind, StrawberryOptional):
            return self._value(kind.of_type)
        if isinstance(kind, StrawberryList):
            item = kind.of_type
            if self._leaf(item.of_type if isinstance(item, StrawberryOptional) else item):
                return list  # a copy: graphql-core may give every request the same default
            convert_item = self.converter(item)
            return lambda value: [convert_item(x) for x in value]
        if self._leaf(kind):
            return _keep
        if isinstance(kind, LazyType):
            return self._value(kind.resolve_type())
        if has_enum_definition(kind):
            return _keep  # its definition is a leaf
        if has_object_definition(kind):
            return self._input(kind)
        raise _Unsupported(str(kind))

    def _input(self, kind: type) -> Convert:
        found = self.inputs.get(kind)
        if found is not None:
            return found
        definition = kind.__strawberry_definition__  # type: ignore[attr-defined]
        if definition.from_input is not None:
            raise _Unsupported("an input that builds itself")
        fields: list[tuple[str, str, Convert]] = []
        defaults: dict[str, Any] = {}
        if definition.is_input:
            defaults = {
                f.python_name: None
                for f in definition.fields
                if f.default_value is MISSING and f.default_factory is MISSING
            }

        def build(value: Mapping[str, Any]) -> Any:
            kwargs = dict(defaults)
            for graphql_name, python_name, convert in fields:
                if graphql_name in value:
                    kwargs[python_name] = convert(value[graphql_name])
            return kind(**kwargs)

        self.inputs[kind] = build
        for f in definition.fields:
            resolved = f.resolve_type(type_definition=definition)
            fields.append(
                (self.config.name_converter.from_field(f), f.python_name, self.converter(resolved))
            )
        return build
