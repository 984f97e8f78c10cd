"""Query limits and the cost rate limit, as schema extensions.

Depth, aliases and tokens use Strawberry's own limiters (graphql-armor's defaults);
introspection goes through graphql-core's rule. `QueryCost` prices the operation before
it runs, refuses it above `MAX_QUERY_COST`, takes the price from the caller's bucket
(HTTP 429 with Retry-After when the bucket cannot pay), gives back what the answer did
not use, and reports both in `extensions.cost` the way Shopify does.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

from graphql import (
    ExecutionResult as GraphQLExecutionResult,
)
from graphql import (
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    get_operation_ast,
)
from graphql.execution.values import get_variable_values
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from clientela.infra.limit_store import BucketState
from clientela.settings import Settings
from schema.cost import CostWalker
from schema.extensions import shape_error

log = logging.getLogger("clientela.graphql")

LIMIT_EXCEEDED = "QUERY_LIMIT_EXCEEDED"
THROTTLED = "THROTTLED"
# Every operation costs at least this, or queries of scalars alone would be free.
MINIMUM = 1


def limit_error(limit: str, message: str, **extra: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": LIMIT_EXCEEDED, "limit": limit, **extra})


def limit_extensions(settings: Settings) -> list[Any]:
    """Factories, so that every request gets its own extension objects.

    The depth and alias rules are what Strawberry's QueryDepthLimiter and MaxAliasesLimiter
    add, built once here: those extensions build a new rule class per instance, so each
    request's rules would differ and the validation cache (keyed by the rules) would miss.
    """
    extensions: list[Any] = [
        partial(AddValidationRules, limit_rules(settings)),
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        QueryCost,
    ]
    if not settings.introspection_enabled:
        extensions.append(DisableIntrospection)
    return extensions


def limit_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    return [depth_rule(settings.max_query_depth, None, None), aliases_rule(settings.max_aliases)]


def validation_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """The rules the extensions above add to graphql-core's own, for code that validates
    documents itself (the compiled read path)."""
    rules = limit_rules(settings)
    if not settings.introspection_enabled:
        rules.append(NoSchemaIntrospectionCustomRule)
    return rules


class QueryCost(SchemaExtension):
    cost: dict[str, Any] | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        # Callers without the app's context (scripts) get the default limits and no bucket.
        settings: Settings = getattr(context, "settings", None) or Settings()
        walker, operation = self._walker()
        if walker is None or operation is None:
            yield
            return
        requested = max(MINIMUM, walker.operation(operation))
        if requested > settings.max_query_cost:
            self._refuse(
                limit_error(
                    "cost",
                    f"The query costs {requested}; the most a query may cost is "
                    f"{settings.max_query_cost}. Ask for fewer items (first) or fewer fields.",
                    cost=requested,
                    maximum=settings.max_query_cost,
                )
            )
            self.cost = {"requestedQueryCost": requested, "actualQueryCost": None}
            yield
            return
        bucket = getattr(context, "bucket", None)
        try:
            state: BucketState | None = await bucket.take(requested) if bucket else None
        except Exception as exc:
            # The store is unreachable: refuse (fail closed), masked and logged like any bug.
            self._refuse(shape_error(GraphQLError("rate limit store failed", original_error=exc)))
            response = getattr(context, "response", None)
            if response is not None:
                response.status_code = 503
            yield
            return
        if state is not None and not state.allowed:
            self._throttle(context, state)
            self.cost = cost_report(requested, None, state)
            yield
            return
        yield
        result = self.execution_context.result
        actual = requested
        if result is not None and not result.errors:
            # With errors the answer does not show what ran (a null can hide finished work),
            # so only a clean answer gets back what it did not use.
            actual = min(requested, max(MINIMUM, walker.operation(operation, result.data or {})))
        if bucket is not None and actual < requested:
            try:
                state = await bucket.refund(requested - actual)
            except Exception:
                # The answer is ready; the caller only loses the refund.
                log.exception("rate limit store failed while refunding")
        self.cost = cost_report(requested, actual, state)

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.cost} if self.cost is not None else {}

    def _walker(self) -> tuple[CostWalker | None, OperationDefinitionNode | None]:
        document = self.execution_context.graphql_document
        if document is None:
            return None, None
        operation = get_operation_ast(document, self.execution_context.operation_name)
        if operation is None:
            return None, None
        schema = self.execution_context.schema._schema
        variables = get_variable_values(
            schema, operation.variable_definitions or (), self.execution_context.variables or {}
        )
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        coerced: dict[str, Any] = {} if isinstance(variables, list) else variables.coerced
        return CostWalker(schema, fragments, coerced), operation

    def _refuse(self, error: GraphQLError) -> None:
        # A result set before execution replaces it: nothing runs.
        self.execution_context.result = GraphQLExecutionResult(data=None, errors=[error])

    def _throttle(self, context: Any, state: BucketState) -> None:
        self._refuse(
            GraphQLError(
                f"Rate limit: this query costs {state.cost} and the bucket holds "
                f"{int(state.available)}; retry in {state.retry_after} s",
                extensions={"code": THROTTLED, "retryAfter": state.retry_after},
            )
        )
        response = getattr(context, "response", None)
        if response is not None:
            response.status_code = 429
            response.headers["Retry-After"] = str(state.retry_after)


def cost_report(requested: int, actual: int | None, state: BucketState | None) -> dict[str, Any]:
    """What `extensions.cost` of an answer says (Shopify's names)."""
    report: dict[str, Any] = {"requestedQueryCost": requested, "actualQueryCost": actual}
    if state is not None:
        report["throttleStatus"] = {
            "maximumAvailable": state.size,
            "currentlyAvailable": int(state.available),
            "restoreRate": state.rate,
        }
    return report
