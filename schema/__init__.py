"""The GraphQL surface: types, inputs, enums, errors, loaders, context and the app."""

from __future__ import annotations

import functools
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from clientela.settings import Environment, Settings
from schema.boundary import guard_roots
from schema.execution import DocumentCache
from schema.execution import ExecutionContext as OrmExecutionContext
from schema.extensions import ErrorCodes
from schema.limits import limit_extensions
from schema.mutation import Mutation
from schema.operations import OneOperation
from schema.query import Query


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # ErrorCodes logs what is unexpected (once, with a request id); expected errors
        # (bad input, auth) are answers, not incidents, and are not logged.
        return None


# Parsed and validated documents are kept (see schema.execution).
DOCUMENT_CACHE_SIZE = 256


def build_schema(settings: Settings | None = None, **options: Any) -> Schema:
    """The schema with the limits of `settings` (development defaults when not given)."""
    settings = settings or Settings()
    guard_roots(Query, Mutation)
    return Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            OneOperation,
            *limit_extensions(settings),
            ErrorCodes,
            lambda: DocumentCache(maxsize=DOCUMENT_CACHE_SIZE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        ],
        config=StrawberryConfig(disable_field_suggestions=not settings.field_suggestions_enabled),
        execution_context_class=OrmExecutionContext,
        **options,
    )


def schema_for(settings: Settings) -> Schema:
    """One schema per distinct limits: building one takes a while, so apps share it."""
    return _schema_for(
        settings.environment, settings.max_query_depth, settings.max_aliases, settings.max_tokens
    )


@functools.cache
def _schema_for(environment: Environment, depth: int, aliases: int, tokens: int) -> Schema:
    return build_schema(
        Settings(
            environment=environment, max_query_depth=depth, max_aliases=aliases, max_tokens=tokens
        )
    )


# The development schema; an app with the same limits shares it instead of building another.
schema = schema_for(Settings())
