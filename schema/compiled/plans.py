"""What the compiled read and write paths share: a document checked once (parsed,
validated, its operation and fragments), and plans kept by document text.

Both paths cache by (document text, operation name): the plans they compiled, LRU-bounded,
and apart from them the documents they refused, so that a stream of one-off documents the
full path answers does not push the compiled plans out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection
from typing import Any, Generic, TypeVar

from graphql import (
    ASTValidationRule,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
    parse,
    validate,
)

PLAN_CACHE = 256
REFUSED_CACHE = 1024

Plan = TypeVar("Plan")
Key = tuple[str, str | None]


class Plans(Generic[Plan]):
    """Plans by (document text, operation name), compiled on first sight."""

    def __init__(self, compile_plan: Callable[[str, str | None], Plan | None]) -> None:
        self._compile = compile_plan
        self.plans: OrderedDict[Key, Plan] = OrderedDict()
        self.refused: OrderedDict[Key, None] = OrderedDict()

    def get(self, query: str, operation_name: str | None) -> Plan | None:
        key = (query, operation_name)
        found = self.plans.get(key)
        if found is not None:
            self.plans.move_to_end(key)
            return found
        if key in self.refused:
            return None
        found = self._compile(query, operation_name)
        cache: OrderedDict[Key, Any] = self.refused if found is None else self.plans
        cache[key] = found
        if len(cache) > (REFUSED_CACHE if found is None else PLAN_CACHE):
            cache.popitem(last=False)
        return found


def checked_operation(
    schema: GraphQLSchema,
    rules: Collection[type[ASTValidationRule]],
    query: str,
    operation_name: str | None,
    kind: OperationType,
    *,
    max_tokens: int | None,
) -> tuple[OperationDefinitionNode, dict[str, FragmentDefinitionNode]] | None:
    """The operation to run and the document's fragments, when the document parses and
    validates and that operation is of `kind`; None otherwise (the full path answers)."""
    try:
        document = parse(query, max_tokens=max_tokens)
    except GraphQLError:
        return None
    if validate(schema, document, rules):
        return None
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation != kind:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return operation, fragments
