"""Execution tuned for repeated documents and ORM results.

A field that only reads an attribute and returns a scalar or an enum (most fields of a
page: `firstName`, `points`, `status`, ...) is read and serialised directly, without
building graphql-core's resolve info, argument map and completion steps for it: the same
attribute, the same serializer, the same answer. Anything else - a resolver, arguments,
an extension or middleware, a null where the schema forbids one, a value the serializer
refuses - takes graphql-core's full path, which also produces its errors.

Integrations and the console send the same few documents again and again: parsing and
validating each once (bounded LRU caches shared across requests) is a large part of a
small read's cost.

Tortoise models define `__await__` (awaiting one returns itself), so graphql-core's
default check sees every client of a page as an awaitable and completes each one through
its own coroutine: on a page of 100 clients that was most of the request's time. A model
instance is a value here, never a pending result.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from graphql import (
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.pyutils import Path
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import ParserCache
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField
from tortoise.models import Model

# Values a field returns most often that are never awaitable, checked by exact type first.
_PLAIN = frozenset({type(None), bool, int, float, str, list, dict, datetime, date, Decimal})


def is_awaitable(value: Any) -> bool:
    if type(value) in _PLAIN or isinstance(value, Model | Enum | UUID):
        return False
    return optimized_is_awaitable(value)


PlainLeaf = tuple[StrawberryField, bool, Callable[[Any], Any]]
_PLAIN_LEAVES: dict[int, tuple[GraphQLField, PlainLeaf | None]] = {}


def _inspect(field_def: GraphQLField) -> PlainLeaf | None:
    definition = (field_def.extensions or {}).get("strawberry-definition")
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if field_def.args or not getattr(field_def.resolve, "_is_default", False):
        return None
    return_type = field_def.type
    non_null = isinstance(return_type, GraphQLNonNull)
    leaf = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
    if not isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
        return None
    return definition, non_null, leaf.serialize


def plain_leaf(field_def: GraphQLField) -> PlainLeaf | None:
    """How to read a field that is a plain attribute with a scalar or enum type, else None."""
    known = _PLAIN_LEAVES.get(id(field_def))
    if known is None or known[0] is not field_def:
        known = (field_def, _inspect(field_def))
        _PLAIN_LEAVES[id(field_def)] = known
    return known[1]


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_awaitable = is_awaitable  # type: ignore[assignment]
        manager = self.middleware_manager
        self._no_middleware = manager is None or not manager.middlewares

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        if self._no_middleware and not node.arguments:
            field_def = self.schema.get_field(parent_type, node.name.value)
            fast = plain_leaf(field_def) if field_def is not None else None
            if fast is not None:
                definition, non_null, serialize = fast
                try:
                    value = definition.default_resolver(source, definition.python_name)
                    if value is None:
                        if not non_null:
                            return None
                    else:
                        serialized = serialize(value)
                        if serialized is not None and serialized is not Undefined:
                            return serialized
                except Exception:  # noqa: S110 - the full path below reports it
                    pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )


class DocumentCache(ParserCache):
    """Strawberry's parser cache, except that a document that does not parse is left to the
    regular parse step, which reports it as an answer (GRAPHQL_PARSE_FAILED) instead of
    raising out of the extension."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        with contextlib.suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        yield
