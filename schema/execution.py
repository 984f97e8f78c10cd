"""Execution tuned for repeated documents and ORM results.

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
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from graphql import GraphQLError
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import ParserCache
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from tortoise.models import Model

# Values a field returns most often that are never awaitable, checked by exact type first.
_PLAIN = frozenset({type(None), bool, int, float, str, list, dict, datetime, date, Decimal})


def is_awaitable(value: Any) -> bool:
    if type(value) in _PLAIN or isinstance(value, Model | Enum | UUID):
        return False
    return optimized_is_awaitable(value)


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_awaitable = is_awaitable  # type: ignore[assignment]


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
