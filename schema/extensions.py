"""Error shaping: every error gets a code; unexpected ones are masked and logged.

Auth failures and bad query arguments keep their message (it is about the call,
not about data). A value the ORM's field validators refuse (longer than its column, out
of its range) is bad input: answered BAD_USER_INPUT naming the column, never the value.
Anything unexpected is replaced by a generic message carrying a request id, and logged
with that id, its type and its stack - not its message, which can quote input values.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from tortoise.exceptions import ValidationError

from clientela.infra import observe
from clientela.infra.log_safety import stack
from resolvers.errors import BadInput, PermissionDenied, Unauthenticated

log = logging.getLogger("clientela.graphql")

_KNOWN: dict[type[Exception], str] = {
    Unauthenticated: "UNAUTHENTICATED",
    PermissionDenied: "FORBIDDEN",
    BadInput: "BAD_USER_INPUT",
}


def _with_code(
    error: GraphQLError, code: str, message: str | None = None, **extra: str
) -> GraphQLError:
    return GraphQLError(
        message=message or error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), "code": code, **extra},
    )


# Strawberry's limiters word their refusals; these say which limit a message is about.
_LIMIT_MESSAGES = (
    ("exceeds maximum operation depth", "depth"),
    ("aliases found. Allowed", "aliases"),
    ("tokens. Parsing aborted", "tokens"),
)


def _limit_hit(message: str) -> str | None:
    return next((limit for text, limit in _LIMIT_MESSAGES if text in message), None)


_UNKNOWN_ID = re.compile(
    r"Field 'ids?' is not defined by type '\w+Input'"
    r"|'\w+Input' not to include unknown field 'ids?'"
)


def _id_hint(message: str) -> str | None:
    """Inputs name what they act on `<type>Id` (docs/changelog.md): say so to a caller who
    sent the bare `id` the API took before."""
    found = _UNKNOWN_ID.search(message)
    if found is None:
        return None
    return f"{message} Inputs name the record they act on <type>Id, e.g. clientId, segmentId."


def shape_error(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if error.extensions and "code" in error.extensions:
        return error  # already coded (the query limits)
    if original is None and (limit := _limit_hit(error.message)) is not None:
        return _with_code(error, "QUERY_LIMIT_EXCEEDED", limit=limit)
    if original is None:
        code = (
            "GRAPHQL_PARSE_FAILED"
            if error.message.startswith("Syntax Error")
            else "GRAPHQL_VALIDATION_FAILED"
        )
        return _with_code(error, code, _id_hint(error.message))
    for kind, code in _KNOWN.items():
        if isinstance(original, kind):
            return _with_code(error, code)
    if isinstance(original, GraphQLError):  # e.g. a scalar that could not be parsed
        return _with_code(error, "BAD_USER_INPUT")
    if isinstance(original, ValidationError):
        column = str(original).partition(":")[0]  # Tortoise: "<field name>: <problem>"
        message = f"A value does not fit the field `{column}` (too long or out of range)"
        return _with_code(error, "BAD_USER_INPUT", message)
    # The request's own id (on its log lines and in its X-Request-Id), or a new one.
    request_id = observe.request_id() or uuid.uuid4().hex
    log.error(
        "unexpected error in %s (request %s): %s",
        ".".join(str(p) for p in error.path or ()),
        request_id,
        stack(original),
    )
    return _with_code(
        error, "INTERNAL_SERVER_ERROR", "Internal server error", request_id=request_id
    )


class ErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        result = context.result
        errors = getattr(result, "errors", None)
        facts = observe.current()
        if facts is not None:  # for the request's log line and metrics (clientela/observability)
            try:
                facts.operation = context.operation_name or facts.operation
                facts.operation_type = context.operation_type.value
            except Exception:  # noqa: S110 - a document that did not parse has neither
                pass
            facts.outcome = "error" if errors else "ok"
        if result is not None and errors:
            result.errors = [shape_error(e) for e in errors]
