"""The root fields of a compiled document. Each becomes a `Root`: the permission it needs,
its arguments (coerced and converted from the variables by graphql-core and Strawberry as
the full path does) and its answer, read by one statement built from the field
descriptions (`schema.sources`, `objects`):

- `client`, `clientByEmail`, `clientByExternalId`: one client row (`schema.client_rows`);
- `clients`: a page with its nodes, edges, cursors and page info (`schema.client_rows`),
  and `totalCount` (the filter's count, as the full path counts it);
- `levels`, `tags`, `fieldLabels`, `apiKeys`: the organization's rows in their order;
- `clientMergePreview`: both clients and what the merge's planner reads of them
  (`merge_preview`);
- `me`: the caller, its organization and its staff user or key;
- `__typename`.

The names are dispatched here (`RootCompiler`); each family is built by a mixin:
`roots_lookups` (`client`, `clientByEmail`, `clientByExternalId`, a row by id),
`roots_clients` (`clients`), `roots_segments`, `roots_organization` (the lists, `me`),
`roots_client_app` (`consentWording`, `inbox`, `myAccount`), over `roots_shared`.
"""

from __future__ import annotations

from typing import Any

from graphql import FragmentDefinitionNode, OperationDefinitionNode
from graphql.execution.values import VariableValues

from resolvers.access.actor import Actor
from schema.compiled.merge_preview import merge_preview
from schema.compiled.objects import ObjectCompiler
from schema.compiled.roots_client_app import ClientAppRoots
from schema.compiled.roots_lookups import BY_ID, LookupRoots
from schema.compiled.roots_organization import LISTS, OrganizationRoots
from schema.compiled.roots_segments import SegmentRoots
from schema.compiled.roots_shared import Root
from schema.compiled.selection import Fields, NotCompiled, response_key
from schema.sources import ANYONE, ROOT_ACCESS


class RootCompiler(SegmentRoots, LookupRoots, OrganizationRoots, ClientAppRoots):
    """Compiles the root fields of query operations on one schema."""

    def roots(
        self,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDefinitionNode],
        variables: VariableValues | None = None,
    ) -> list[Root]:
        """The roots of a query; with `variables`, those of the plan for these variables
        (nested arguments from variables are part of its statements)."""
        query_type = self.graphql.query_type
        assert query_type is not None
        objects = ObjectCompiler(self.graphql, fragments, variables)
        roots: list[Root] = []
        for node in Fields.of(self.graphql, query_type, operation.selection_set, fragments).nodes:
            key, name = response_key(node), node.name.value
            definition = query_type.fields.get(name)
            if name == "__typename":
                roots.append(_constant(key, query_type.name))
            elif definition is None or name not in ROOT_ACCESS:
                raise NotCompiled(f"Query.{name}")
            elif name in ("client", "clientByEmail", "clientByExternalId"):
                shape = self._client_shape(objects, node, ())
                roots.append(self._client(key, name, definition, node, shape))
            elif name == "clients":
                roots.append(self._clients(key, definition, node, objects))
            elif name in LISTS:
                roots.append(self._list(key, name, definition, node, objects))
            elif name in BY_ID:
                roots.append(self._by_id(key, name, definition, node, objects))
            elif name == "consentWording":
                roots.append(self._consent_wording(key, definition, node))
            elif name in ("segments", "segment"):
                roots.append(self._segments(key, name, definition, node, objects))
            elif name == "inbox":
                roots.append(self._inbox(key, definition, node, objects))
            elif name == "myAccount":
                roots.append(self._my_account(key, definition, node, objects))
            elif name == "clientMergePreview":
                converted = self._arguments(definition, node)
                arguments, run = merge_preview(
                    definition, node, objects, converted, self._client_shapes
                )
                roots.append(Root(key, ROOT_ACCESS[name], arguments, run))
            else:
                roots.append(self._me(key, definition, node, objects))
        return roots


def _constant(key: str, value: str) -> Root:
    async def run(actor: Actor, given: None) -> Any:
        return value

    return Root(key, ANYONE, lambda variables: None, run)
