"""The GraphQL surface: types, inputs, enums, errors, loaders, context and the app."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ValidationCache
from strawberry.types import ExecutionContext

from schema.execution import DocumentCache
from schema.execution import ExecutionContext as OrmExecutionContext
from schema.extensions import ErrorCodes
from schema.mutation import Mutation
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


def build_schema(**options: Any) -> Schema:
    return Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            ErrorCodes,
            lambda: DocumentCache(maxsize=DOCUMENT_CACHE_SIZE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        ],
        execution_context_class=OrmExecutionContext,
        **options,
    )


schema = build_schema()
