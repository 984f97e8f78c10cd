"""Which operation of a document runs.

The GraphQL spec (GetOperation) requires `operationName` when a document holds more than
one operation; left out, the request is an error and nothing runs. Strawberry's
`ExecutionContext.operation_name` falls back to the first operation's name, so the first
one ran - possibly a mutation the caller never meant to send. What the caller gave is kept
in `_provided_operation_name`.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

AMBIGUOUS = "The document has several operations: say which one to run with `operationName`"


class OneOperation(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        given = getattr(context, "_provided_operation_name", None)
        if given is None and document is not None:
            operations = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
            if operations > 1:
                # A result set before execution is what strawberry returns instead of running.
                error = GraphQLError(AMBIGUOUS, extensions={"code": "OPERATION_NAME_REQUIRED"})
                context.result = ExecutionResult(data=None, errors=[error])
        yield
