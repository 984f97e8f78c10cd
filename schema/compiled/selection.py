"""The fields of a selection set as the compiled read path sees them: fragments flattened
into one list in answer order, a key selected twice merged into one field as graphql-core
merges it. What the compiler does not know (directives, fragments on other types) makes
it give up: `NotCompiled`, and the document goes the full way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
)


class NotCompiled(Exception):
    """The selection uses something the compiler does not handle: run it the full way."""


class NeedsVariables(NotCompiled):
    """The statement depends on the values of variables (a nested `first` or `after`):
    the document compiles once per set of variables."""


@dataclass(frozen=True)
class Fields:
    """The fields of one selection set on one type, fragments flattened, in answer order."""

    parent: GraphQLObjectType
    nodes: tuple[FieldNode, ...]

    @staticmethod
    def of(
        schema: GraphQLSchema,
        parent: GraphQLObjectType,
        selection_set: SelectionSetNode | None,
        fragments: dict[str, FragmentDefinitionNode],
    ) -> Fields:
        merged: dict[str, FieldNode] = {}
        for node in _flatten(schema, parent, selection_set, fragments, frozenset()):
            key = response_key(node)
            first = merged.get(key)
            if first is None:
                merged[key] = node
            elif first.selection_set is not None and node.selection_set is not None:
                # One answer key selected twice (validation made them the same field with
                # the same arguments): one field, its selections in order, as
                # graphql-core's field collection merges them.
                inner = (*first.selection_set.selections, *node.selection_set.selections)
                merged[key] = FieldNode(
                    alias=first.alias,
                    name=first.name,
                    arguments=first.arguments,
                    directives=first.directives,
                    selection_set=SelectionSetNode(selections=inner),
                )
        return Fields(parent, tuple(merged.values()))


def response_key(node: FieldNode) -> str:
    """The key of the field's value in the answer: its alias, else its name."""
    return node.alias.value if node.alias else node.name.value


def _flatten(
    schema: GraphQLSchema,
    parent: GraphQLObjectType,
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    seen: frozenset[str],
) -> Iterator[FieldNode]:
    for selection in selection_set.selections if selection_set else ():
        if selection.directives:
            raise NotCompiled("directives")
        if isinstance(selection, FieldNode):
            yield selection
            continue
        if isinstance(selection, InlineFragmentNode):
            condition, inner = selection.type_condition, selection.selection_set
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen or fragment.directives:
                raise NotCompiled("fragment")
            condition, inner, seen = fragment.type_condition, fragment.selection_set, seen | {name}
        else:  # pragma: no cover - the three kinds of selection
            raise NotCompiled("selection")
        if condition is not None and schema.get_type(condition.name.value) is not parent:
            raise NotCompiled("a fragment on another type")
        yield from _flatten(schema, parent, inner, fragments, seen)
