"""The GraphQL surface: types, inputs, enums, errors, loaders, context and the app."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

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


def build_schema(**options: Any) -> Schema:
    return Schema(query=Query, mutation=Mutation, extensions=[ErrorCodes], **options)


schema = build_schema()
