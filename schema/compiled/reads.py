"""The entry of the compiled read path (the package docstring tells the whole of it): a
document is compiled once into a `ReadPlan` and kept (bounded); each set of variables is
bound to it once (coerced, converted, priced) and kept too; `CompiledReads.answer` charges
the bucket, runs the roots and encodes the answer, or returns None for the full path.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import (
    FragmentDefinitionNode,
    OperationDefinitionNode,
    OperationType,
    specified_rules,
)
from graphql.execution.values import VariableValues, get_variable_values

from clientela.infra.limit_store import Bucket
from clientela.infra.log_safety import stack
from clientela.settings import Settings
from resolvers.errors import BadInput, PermissionDenied, Unauthenticated
from schema import Schema
from schema.compiled.builders import CALLER
from schema.compiled.plans import Plans, checked_operation
from schema.compiled.roots import RootCompiler
from schema.compiled.roots_shared import Root
from schema.compiled.selection import NeedsVariables, NotCompiled
from schema.cost import CostWalker
from schema.limits import MINIMUM, cost_report, validation_rules
from schema.sources import may_read

log = logging.getLogger("clientela.graphql")
# Its own logger: a failure here is followed by the full path's own answer (and log).
failures = logging.getLogger("clientela.compiled")

# Arguments per set of variables kept by a plan (most documents are sent with a few), and
# the largest variables kept (bigger ones are bound for their request only): at most
# 256 plans x 128 x 1 KB.
BOUND_CACHE = 128
# A plan compiled per set of variables keeps fewer (each holds its own compiled roots, and
# a console paging through a list sends a new cursor each time).
BOUND_CACHE_PER_VARIABLES = 16
BOUND_KEY_BYTES = 1024
# Refusals the resolvers word themselves: the full path answers them, as expected.
EXPECTED = (BadInput, PermissionDenied, Unauthenticated)


@dataclass(frozen=True)
class Bound:
    """A plan with one set of variables: coerced, converted and priced."""

    variables: VariableValues
    arguments: tuple[Any, ...]
    requested: int
    # The roots compiled for these variables (a plan `per_variables`), else the plan's.
    roots: list[Root] | None = None


@dataclass
class ReadPlan:
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    roots: list[Root]
    # The cost walker's flattened selections: they depend on the document only.
    flat: dict[Any, Any] = field(default_factory=dict)
    # Variables (as sent, canonical JSON) -> Bound. Coercing and converting arguments is
    # a pure function of the document and the variables, and cost most of a small read.
    bound: OrderedDict[bytes, Bound] = field(default_factory=OrderedDict)
    # Its statements depend on variables (a nested `first` or `after` from a variable):
    # the roots are compiled for each set of variables, when it is bound.
    per_variables: bool = False


class CompiledReads:
    """The compiled read path of one schema and its settings (one per app)."""

    def __init__(self, schema: Schema, settings: Settings) -> None:
        self.schema = schema
        self.graphql = schema._schema
        self.settings = settings
        self.rules = [*specified_rules, *validation_rules(settings)]
        self.plans: Plans[ReadPlan] = Plans(self._compile)
        self.root_compiler = RootCompiler(schema, settings.count_cap)
        # How many requests this path answered (the rest went the full way).
        self.answered = 0

    def plan(self, query: str, operation_name: str | None) -> ReadPlan | None:
        if operation_name is None and _not_a_query(query):
            return None
        return self.plans.get(query, operation_name)

    def _compile(self, query: str, operation_name: str | None) -> ReadPlan | None:
        checked = checked_operation(
            self.graphql,
            self.rules,
            query,
            operation_name,
            OperationType.QUERY,
            max_tokens=self.settings.max_tokens,
        )
        if checked is None:
            return None
        operation, fragments = checked
        try:
            roots = self.root_compiler.roots(operation, fragments)
        except NeedsVariables:
            return ReadPlan(operation, fragments, [], per_variables=True)
        except NotCompiled as reason:
            log.debug("not compiled: %s", reason)
            return None
        return ReadPlan(operation, fragments, roots)

    def _bind(self, plan: ReadPlan, variables: dict[str, Any]) -> Bound | None:
        """The plan's arguments and price for these variables; None when the variables or
        arguments are refused (the full path words the refusal)."""
        operation = plan.operation
        # Only declared variables reach the arguments: the others do not make a new key.
        declared = {
            d.variable.name.value: variables[d.variable.name.value]
            for d in operation.variable_definitions or ()
            if d.variable.name.value in variables
        }
        try:
            key = orjson.dumps(declared, option=orjson.OPT_SORT_KEYS)
        except TypeError:
            return None
        bound = plan.bound.get(key)
        if bound is not None:
            plan.bound.move_to_end(key)
            return bound
        coerced = get_variable_values(self.graphql, operation.variable_definitions or (), variables)
        if isinstance(coerced, list):
            return None
        roots = plan.roots
        if plan.per_variables:
            try:
                roots = self.root_compiler.roots(operation, plan.fragments, coerced)
            except NotCompiled as reason:
                log.debug("not compiled with these variables: %s", reason)
                return None
        try:
            arguments = tuple(root.arguments(coerced) for root in roots)
        except Exception:
            return None
        walker = CostWalker(self.graphql, plan.fragments, coerced.coerced, flat=plan.flat)
        requested = max(MINIMUM, walker.operation(operation))
        bound = Bound(coerced, arguments, requested, roots if plan.per_variables else None)
        if len(key) <= BOUND_KEY_BYTES:
            plan.bound[key] = bound
            limit = BOUND_CACHE_PER_VARIABLES if plan.per_variables else BOUND_CACHE
            if len(plan.bound) > limit:
                plan.bound.popitem(last=False)
        return bound

    async def answer(self, body: Any, caller: Any, bucket: Bucket | None) -> bytes | None:
        """The answer's JSON, or None when the full path must answer (nothing charged)."""
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return None
        # The shapes Strawberry accepts; anything else is its 400 to give.
        operation_name = body.get("operationName")
        variables = body.get("variables")
        if not isinstance(operation_name, str | None) or not isinstance(variables, dict | None):
            return None
        if not isinstance(body.get("extensions"), dict | None):
            return None
        variables = variables or {}
        plan = self.plan(body["query"], operation_name)
        if plan is None:
            return None
        # Each root's permission, as its resolver checks it: the full path words a refusal.
        if not all(may_read(root.access, caller) for root in plan.roots):
            return None
        bound = self._bind(plan, variables)
        if bound is None:
            return None
        roots = plan.roots if bound.roots is None else bound.roots
        if plan.per_variables and not all(may_read(root.access, caller) for root in roots):
            return None
        requested = bound.requested
        if requested > self.settings.max_query_cost:
            return None
        state = None
        if bucket is not None:
            try:
                state = await bucket.take(requested)
            except Exception:
                return None  # the full path reports the store's failure
            if not state.allowed:
                return None  # refused takes take nothing: the full path answers 429
        reader = CALLER.set(caller)
        try:
            data = {
                root.key: await root.run(caller, given)
                for root, given in zip(roots, bound.arguments, strict=True)
            }
        except Exception as exc:
            # The full path answers: a refusal it words, or a failure it logs and masks.
            # Not expected here: logged, so that a fault of this path does not hide
            # behind the full path's answer.
            if not isinstance(exc, EXPECTED):
                # The type and the stack: an exception's message can quote input values.
                failures.warning("failed; the full path answers: %s", stack(exc))
            if bucket is not None:
                try:
                    await bucket.refund(requested)
                except Exception:
                    log.exception("rate limit store failed while refunding")
            return None
        finally:
            CALLER.reset(reader)
        self.answered += 1
        walker = CostWalker(self.graphql, plan.fragments, bound.variables.coerced, flat=plan.flat)
        actual = min(requested, max(MINIMUM, walker.operation(plan.operation, data)))
        if bucket is not None and actual < requested:
            try:
                state = await bucket.refund(requested - actual)
            except Exception:
                log.exception("rate limit store failed while refunding")
        return orjson.dumps(
            {"data": data, "extensions": {"cost": cost_report(requested, actual, state)}}
        )


def _not_a_query(query: str) -> bool:
    """A document whose first operation is a mutation or subscription: with no operation
    name that is the one to run, and it is the full path's. Said without parsing."""
    for line in query.splitlines():
        text = line.split("#", 1)[0].strip().lstrip(",").strip()
        if text:
            return text.startswith(("mutation", "subscription"))
    return False
