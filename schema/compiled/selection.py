"""The fields of a selection set as the compiled read path sees them: fragments flattened
into one list in answer order. What the compiler does not know (directives, fragments on
other types, a response key selected twice) makes it give up: `NotCompiled`, and the
document goes the full way.
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
        nodes = tuple(_flatten(schema, parent, selection_set, fragments, frozenset()))
        keys = [response_key(n) for n in nodes]
        if len(set(keys)) != len(keys):
            raise NotCompiled("a response key is selected twice")  # graphql-core merges them
        return Fields(parent, nodes)


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
