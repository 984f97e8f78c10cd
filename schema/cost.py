"""Query cost, computed over the parsed document before anything runs.

The rules (Shopify's, simplified): a scalar or enum field costs 0; a field that returns an
object costs 1 plus what is selected inside it; a list of objects without `first` costs 1
plus 10 times what each item selects; a connection costs 2 + `first` (default 20, at most
100) plus `first` times what each item selects, where every path to the items (`nodes`,
`edges { node }`, aliases of them) adds its own selection; each mutation field costs 10
plus what its payload selects. Introspection fields cost nothing. Fragments count where
they are spread; `first` may come from a variable.

The same walk over the response data gives the actual cost: connections and lists are
counted with the items they returned, fields that answered null with nothing below them.
A caller is charged the lower of the two.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInt,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_composite_type,
    is_list_type,
    value_from_ast,
)

from resolvers.pagination import DEFAULT_PAGE, MAX_PAGE

OBJECT = 1
CONNECTION = 2
MUTATION = 10
# What a list without `first` is priced at before it runs, per item selection.
LIST_ITEMS = 10
_ABSENT = object()


class CostWalker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        flat: dict[Any, Any] | None = None,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        # Flattened selection sets, kept: the actual cost walks the same ones once per item.
        # They depend on the document only, so a caller that keeps the document (the
        # compiled read path) may keep them too and pass them in as `flat`.
        self._flat: dict[Any, Any] = {} if flat is None else flat

    def operation(self, operation: OperationDefinitionNode, data: Any = _ABSENT) -> int:
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return 0
        base = MUTATION if operation.operation == OperationType.MUTATION else OBJECT
        return self._selections(root, operation.selection_set, data, root_base=base)

    def _composites(
        self, parent: GraphQLNamedType, selection_set: SelectionSetNode | None
    ) -> list[tuple[FieldNode, str, GraphQLNamedType, bool, bool]]:
        """The fields of a selection set that cost something (objects, lists, connections),
        with their answer key, target type, whether a connection and whether a list.
        Scalars, enums and introspection cost nothing and are left out."""
        key = (id(parent), id(selection_set))
        found = self._flat.get(key)
        if found is None:
            found = self._flat[key] = []
            for kind, node in self._fields(parent, selection_set, frozenset()):
                name = node.name.value
                if name.startswith("__") or not isinstance(kind, GraphQLObjectType):
                    continue
                definition = kind.fields.get(name)
                if definition is None:
                    continue
                target = get_named_type(definition.type)
                if not is_composite_type(target):
                    continue
                many = is_list_type(get_nullable_type(definition.type))
                found.append((node, _key(node), target, target.name.endswith("Connection"), many))
        return found

    def _fields(
        self, parent: GraphQLNamedType, selection_set: SelectionSetNode | None, seen: frozenset[str]
    ) -> list[tuple[GraphQLNamedType, FieldNode]]:
        """The fields of a selection set with fragments flattened, each with its parent type."""
        found: list[tuple[GraphQLNamedType, FieldNode]] = []
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                found.append((parent, selection))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                kind = self.schema.get_type(condition.name.value) if condition else parent
                found += self._fields(kind or parent, selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                kind = self.schema.get_type(fragment.type_condition.name.value)
                found += self._fields(kind or parent, fragment.selection_set, seen | {name})
        return found

    def _selections(
        self,
        parent: GraphQLNamedType,
        selection_set: SelectionSetNode | None,
        data: Any,
        root_base: int = OBJECT,
    ) -> int:
        total = 0
        for node, key, target, connection, many in self._composites(parent, selection_set):
            value = _ABSENT
            if data is not _ABSENT:
                if not isinstance(data, dict) or key not in data:
                    continue  # a fragment on another type: nothing ran
                value = data[key]
            if connection:
                total += self._connection(target, node, value)
            else:
                total += root_base + self._object(target, node, value, many)
        return total

    def _object(
        self, target: GraphQLNamedType, node: FieldNode, value: Any, many: bool = False
    ) -> int:
        if value is None:
            return 0
        if value is _ABSENT and many:
            # A list without `first` (a client's tags, the organization's segments):
            # priced as LIST_ITEMS items, so what each item selects cannot hide behind one.
            return LIST_ITEMS * self._selections(target, node.selection_set, value)
        if isinstance(value, list):  # what every returned item selected
            if not self._composites(target, node.selection_set):
                return 0  # items of scalars alone cost nothing
            return sum(self._selections(target, node.selection_set, item) for item in value)
        return self._selections(target, node.selection_set, value)

    def _connection(self, target: GraphQLNamedType, node: FieldNode, value: Any) -> int:
        if value is None:
            return CONNECTION
        item_type, paths = self._item_paths(target, node)
        if value is _ABSENT:
            size = self._first(node)
            # Every path to the items (`nodes`, `edges { node }`, aliases of them) selects
            # its own fields on each item: they add up.
            per_item = sum(self._selections(item_type, s, _ABSENT) for _, s, _ in paths)
            return CONNECTION + size + size * per_item
        size, spent = 0, 0
        for keys, selection_set, costly in paths:
            items = _items(value, keys)
            size = max(size, len(items))
            if costly:  # items of scalars alone cost nothing
                spent += sum(self._selections(item_type, selection_set, item) for item in items)
        return CONNECTION + size + spent

    def _item_paths(
        self, connection: GraphQLNamedType, node: FieldNode
    ) -> tuple[GraphQLNamedType, list[tuple[tuple[str, ...], SelectionSetNode | None, bool]]]:
        """The connection's item type, and where its items are and what each selects
        (`nodes { … }`, `edges { node { … } }`), with whether that selection costs."""
        key = ("paths", id(connection), id(node))
        found = self._flat.get(key)
        if found is None:
            assert isinstance(connection, GraphQLObjectType)
            item_type = get_named_type(connection.fields["nodes"].type)
            paths = [
                (keys, selection_set, bool(self._composites(item_type, selection_set)))
                for keys, selection_set in self._find_item_paths(connection, node)
            ]
            found = self._flat[key] = (item_type, paths)
        return found

    def _find_item_paths(
        self, connection: GraphQLNamedType, node: FieldNode
    ) -> list[tuple[tuple[str, ...], SelectionSetNode | None]]:
        found: list[tuple[tuple[str, ...], SelectionSetNode | None]] = []
        for _, field in self._fields(connection, node.selection_set, frozenset()):
            key = _key(field)
            if field.name.value == "nodes":
                found.append(((key,), field.selection_set))
            elif field.name.value == "edges":
                edge_type = self._edge_type(connection)
                for _, inner in self._fields(edge_type, field.selection_set, frozenset()):
                    if inner.name.value == "node":
                        found.append(((key, _key(inner)), inner.selection_set))
        return found

    def _edge_type(self, connection: GraphQLNamedType) -> GraphQLNamedType:
        assert isinstance(connection, GraphQLObjectType)
        named: GraphQLNamedType = get_named_type(connection.fields["edges"].type)
        return named

    def _first(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value == "first":
                value = value_from_ast(argument.value, GraphQLInt, self.variables)
                if isinstance(value, int):
                    return max(0, min(value, MAX_PAGE))
        return DEFAULT_PAGE


def _key(node: FieldNode) -> str:
    return node.alias.value if node.alias else node.name.value


def _items(value: Any, keys: tuple[str, ...]) -> list[Any]:
    """The items a connection returned under `keys` (`nodes`, or `edges` then `node`)."""
    found = value.get(keys[0]) if isinstance(value, dict) else None
    if not isinstance(found, list):
        return []
    if len(keys) == 1:
        return found
    return [edge.get(keys[1]) if isinstance(edge, dict) else None for edge in found]
