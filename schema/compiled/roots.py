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
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLObjectType,
    OperationDefinitionNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField
from tortoise import connections
from tortoise.models import Model

import models
from mailer.render import pick_locale
from models.client import email_key
from models.db import is_postgres, stable_plans_connection
from models.enums import ActorType
from models.tag import tag_key
from resolvers.access.actor import Actor
from resolvers.accounts.inbox import NEWEST_FIRST as INBOX_ORDER
from resolvers.clients.client_count import count_clients
from resolvers.clients.client_fields import Invalid, clean_email
from resolvers.clients.client_filter import ClientFilter, KnownIds
from resolvers.clients.client_queries import SORT_KEYS, ClientOrder
from resolvers.clients.client_search import search_terms
from resolvers.clients.lookup import parse_id
from resolvers.errors import BadInput
from resolvers.pagination import (
    DEFAULT_COUNT_CAP,
    BoundedCount,
    capped_count_sql,
    check_first,
    cursor_of,
    read_cursor,
)
from resolvers.pagination import after as after_key
from resolvers.pagination import (
    bounded as bounded_count,
)
from schema import Schema, client_rows
from schema.boundary import first_refusal
from schema.client_rows import Selection
from schema.clients.inputs import ClientFilterInput
from schema.compiled.merge_preview import merge_preview
from schema.compiled.objects import (
    Compiled,
    ObjectCompiler,
    check_count,
    check_page_info,
    count_answer,
    loads,
    page_info,
)
from schema.compiled.selection import Fields, NotCompiled, response_key
from schema.sources import ANYONE, ROOT_ACCESS, STAFF_OR_KEY, Access

# Every column a cursor of any order is made of: read when a page's cursors are asked for.
CURSOR_COLUMNS = tuple(dict.fromkeys(c for o in ClientOrder for c in client_rows.sort_columns(o)))
ROOT = '"client"'  # how the statements of `client_rows` name the client row


@dataclass(frozen=True)
class ClientPage:
    """A compiled page of clients: `read(actor, spec, order, first, after, exacts, also)`,
    where `exacts` (from `exacts(variables)`) says for each `count` of the selection
    whether it is asked exactly; it answers the page and the filter's counts `also` asks
    for beside the selection's (each a cap, or None for exact), read by the page's
    statement."""

    read: Callable[..., Awaitable[tuple[dict[str, Any], list[int]]]]
    exacts: Callable[[VariableValues], tuple[bool, ...]]


@dataclass(frozen=True)
class Root:
    """A root field: the permission it needs (None: any signed-in caller), its arguments
    from the variables (pure, may raise), then its answer."""

    key: str
    access: Access
    arguments: Callable[[VariableValues], Any]
    run: Callable[[Actor, Any], Awaitable[Any]]


# The organization's lists: the model and the order the resolvers list them in.
LISTS: dict[str, tuple[type[Model], str]] = {
    "levels": (models.Level, '"threshold", t0."id"'),
    "tags": (models.Tag, '"key"'),
    "fieldLabels": (models.FieldLabel, '"field"'),
    "apiKeys": (models.ApiKey, '"id" DESC'),
    "staffUsers": (models.StaffUser, '"name", t0."id"'),
    "webhookEndpoints": (models.WebhookEndpoint, '"id"'),
}
# Which of them a list shows (the resolvers' filters).
LIST_WHERE: dict[str, str] = {"staffUsers": ' AND t0."is_active"'}
# One row of the organization by its public id (`id`); null when there is none.
BY_ID: dict[str, type[Model]] = {
    "webhookEndpoint": models.WebhookEndpoint,
    "importJob": models.ImportJob,
}


class RootCompiler:
    """Compiles the root fields of query operations on one schema."""

    def __init__(self, schema: Schema, count_cap: int = DEFAULT_COUNT_CAP) -> None:
        self.schema = schema
        self.graphql = schema._schema
        self.count_cap = count_cap  # R6.5: lists count up to this many (settings.count_cap)

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

    def _arguments(
        self, definition: GraphQLField, node: FieldNode
    ) -> Callable[[VariableValues], dict[str, Any]]:
        strawberry_field = (definition.extensions or {}).get("strawberry-definition")
        assert isinstance(strawberry_field, StrawberryField)
        registry = self.schema.schema_converter.scalar_registry

        def arguments(variables: VariableValues) -> dict[str, Any]:
            values = get_argument_values(definition, node, variables)
            converted = convert_arguments(
                values,
                strawberry_field.arguments,
                scalar_registry=registry,
                config=self.schema.config,
            )
            # The input boundary of the full path (schema/boundary.py), before any SQL:
            # what it refuses, the full path answers.
            if first_refusal(converted) is not None:
                raise BadInput("refused by the input boundary")
            return converted

        return arguments

    def _client_shape(
        self, objects: ObjectCompiler, node: FieldNode | None, columns: tuple[str, ...]
    ) -> tuple[Selection, Any]:
        client_type = self.graphql.get_type("Client")
        assert isinstance(client_type, GraphQLObjectType)
        selection_set = node.selection_set if node is not None else None
        fields = Fields.of(self.graphql, client_type, selection_set, objects.fragments)
        compiled = objects.compile(client_type, fields, ROOT, by_name=False, columns=columns)
        return Selection(compiled.columns, compiled.extras), compiled.build

    def _client_shapes(
        self, objects: ObjectCompiler, nodes: list[FieldNode], columns: tuple[str, ...]
    ) -> tuple[Selection, list[Any]]:
        """One row for several selections on the same clients (aliases of `nodes`, `edges
        { node }`): the first path reads the row as it is, the others through a map of
        their positions in it."""
        if not nodes:
            selection, _ = self._client_shape(objects, None, columns)
            return selection, []
        compiled = [self._compiled_client(objects, node, columns) for node in nodes]
        read: list[str] = []
        for each in compiled:
            read += [c for c in each.columns if c not in read]
        extras = [extra for each in compiled for extra in each.extras]
        builds: list[Any] = []
        extras_at = len(read)
        for each in compiled:
            positions = [read.index(c) for c in each.columns]
            positions += range(extras_at, extras_at + len(each.extras))
            extras_at += len(each.extras)
            if positions == list(range(len(positions))):
                builds.append(each.build)  # the row as it is (always so for one path)
            else:
                builds.append(_view(each.build, positions))
        return Selection(tuple(read), tuple(extras)), builds

    def _compiled_client(
        self, objects: ObjectCompiler, node: FieldNode, columns: tuple[str, ...]
    ) -> Compiled:
        client_type = self.graphql.get_type("Client")
        assert isinstance(client_type, GraphQLObjectType)
        fields = Fields.of(self.graphql, client_type, node.selection_set, objects.fragments)
        return objects.compile(client_type, fields, ROOT, by_name=False, columns=columns)

    def _client(
        self,
        key: str,
        name: str,
        definition: GraphQLField,
        node: FieldNode,
        shape: tuple[Selection, Any],
    ) -> Root:
        converted = self._arguments(definition, node)
        selection, build = shape

        def arguments(variables: VariableValues) -> tuple[str, Any, bool] | None:
            given = converted(variables)
            if name == "client":
                return ("id", given["id"], True)
            if name == "clientByExternalId":
                return ("external_id", given["external_id"].strip(), True)
            try:
                normalised = clean_email(given["email"])
            except Invalid:
                return None  # the resolver answers null: no client has it
            return None if normalised is None else ("email_key", email_key(normalised), False)

        async def run(actor: Actor, given: tuple[str, Any, bool] | None) -> Any:
            if given is None:
                return None
            column, value, follow = given
            if column == "id":
                row = await client_rows.client_row(actor, value, selection)
            else:
                row = await client_rows.client_row_by(
                    actor, column, value, selection, follow=follow
                )
            return None if row is None else build(row)

        return Root(key, ROOT_ACCESS[name], arguments, run)

    def _clients(
        self, root_key: str, definition: GraphQLField, node: FieldNode, objects: ObjectCompiler
    ) -> Root:
        page = self._page(_object(definition), node, objects)
        converted = self._arguments(definition, node)

        def arguments(variables: VariableValues) -> tuple[Any, ...]:
            given = converted(variables)
            spec: ClientFilter = (given["filter"] or ClientFilterInput()).to_filter()
            # Refused before anything is charged (the full path words the refusal).
            spec.check()
            if given["after"] is not None:
                read_cursor(SORT_KEYS[given["order_by"]], given["after"])
            first = check_first(given["first"])
            return spec, given["order_by"], first, given["after"], page.exacts(variables)

        async def run(actor: Actor, given: tuple[Any, ...]) -> Any:
            answer, _ = await page.read(actor, *given)
            return answer

        return Root(root_key, ROOT_ACCESS["clients"], arguments, run)

    def _page(
        self, connection_type: GraphQLObjectType, node: FieldNode, objects: ObjectCompiler
    ) -> ClientPage:
        """A page of clients as a `ClientConnection` selection asks for it: a function of
        the caller, the filter, the order, `first`, `after` and each `count`'s `exact`."""
        connection = Fields.of(self.graphql, connection_type, node.selection_set, objects.fragments)
        edge_type = _object(connection_type.fields["edges"])
        page_info_type = _object(connection_type.fields["pageInfo"])
        parts: list[tuple[str, str, Any]] = []
        # Every path to the items (`nodes`, `edges { node }`, aliases): its selection, and
        # where its answer goes in `parts` (built once every path is compiled).
        paths: list[tuple[FieldNode, int, int | None]] = []
        exacts: list[Callable[[VariableValues], bool]] = []
        wants_cursors = False
        for part in connection.nodes:
            name, key = part.name.value, response_key(part)
            if name == "__typename":
                parts.append((key, "typename", connection_type.name))
            elif name == "totalCount":
                parts.append((key, "count", None))
            elif name == "count":
                parts.append((key, "bounded", (self._count_fields(part, objects), len(exacts))))
                exacts.append(self._exact(connection_type, part))
            elif name == "nodes":
                paths.append((part, len(parts), None))
                parts.append((key, "nodes", None))
            elif name == "edges":
                edge = Fields.of(self.graphql, edge_type, part.selection_set, objects.fragments)
                edge_parts: list[tuple[str, str, Any]] = []
                for inside in edge.nodes:
                    inside_name, inside_key = inside.name.value, response_key(inside)
                    if inside_name == "node":
                        paths.append((inside, len(parts), len(edge_parts)))
                    wants_cursors |= inside_name == "cursor"
                    edge_parts.append((inside_key, inside_name, edge_type.name))
                parts.append((key, "edges", edge_parts))
            elif name == "pageInfo":
                info = Fields.of(
                    self.graphql, page_info_type, part.selection_set, objects.fragments
                )
                check_page_info(info)
                wants_cursors |= any(
                    p.name.value in ("startCursor", "endCursor") for p in info.nodes
                )
                parts.append((key, "pageInfo", info))
            else:
                raise NotCompiled(f"{connection_type.name}.{name}")
        selection, builds = self._client_shapes(
            objects, [p[0] for p in paths], CURSOR_COLUMNS if wants_cursors else ()
        )
        for (_, at, inside_at), build in zip(paths, builds, strict=True):
            key, kind, how = parts[at]
            if inside_at is None:
                parts[at] = (key, kind, build)
            else:
                inside_key, _, _ = how[inside_at]
                how[inside_at] = (inside_key, "node", build)
        counts = any(kind == "count" for _, kind, _ in parts)
        cap = self.count_cap

        async def page(
            actor: Actor,
            spec: ClientFilter,
            order: ClientOrder,
            first: int,
            after: str | None,
            exact: tuple[bool, ...] = (),
            also: tuple[int | None, ...] = (),
            known: KnownIds | None = None,
        ) -> tuple[dict[str, Any], list[int]]:
            # Every count rides on the page's statement (`client_rows`' `counts`): the
            # exact `totalCount` first, then each `count` (R6.5: up to the cap unless
            # asked exactly), as the full path counts them.
            asked = (*((None,) if counts else ()), *(None if e else cap for e in exact), *also)
            rows = await client_rows.client_rows(
                actor,
                spec,
                selection,
                order=order,
                first=first,
                after_cursor=after,
                counts=asked,
                known=known,
            )
            count = rows.counts[0] if counts else None
            mine = rows.counts[: len(rows.counts) - len(also)]
            bounded = [
                BoundedCount(n, True) if e else bounded_count(n, cap)
                for e, n in zip(exact, mine[int(counts) :], strict=True)
            ]
            cursor = _cursor_maker(order) if wants_cursors else _no_cursor
            answer: dict[str, Any] = {}
            for key, kind, how in parts:
                if kind == "typename":
                    answer[key] = how
                elif kind == "count":
                    answer[key] = count
                elif kind == "bounded":
                    answer[key] = count_answer(how[0], bounded[how[1]])
                elif kind == "nodes":
                    answer[key] = [how(row) for row in rows.rows]
                elif kind == "edges":
                    answer[key] = [_edge(how, row, cursor) for row in rows.rows]
                else:
                    answer[key] = page_info(
                        how, rows.rows, rows.has_next_page, cursor, rows.has_previous_page
                    )
            return answer, rows.counts[len(mine) :]

        def exacts_of(variables: VariableValues) -> tuple[bool, ...]:
            return tuple(exact(variables) for exact in exacts)

        return ClientPage(page, exacts_of)

    def _count_fields(self, node: FieldNode, objects: ObjectCompiler) -> Fields:
        count_type = self.graphql.get_type("Count")
        assert isinstance(count_type, GraphQLObjectType)
        fields = objects.fields(count_type, node)
        check_count(fields)
        return fields

    @staticmethod
    def _exact(
        connection_type: GraphQLObjectType, node: FieldNode
    ) -> Callable[[VariableValues], bool]:
        """A `count` field's `exact`, from its literal or variable (null is false)."""
        definition = connection_type.fields["count"]
        return lambda variables: bool(get_argument_values(definition, node, variables)["exact"])

    def _list(
        self,
        key: str,
        name: str,
        definition: GraphQLField,
        node: FieldNode,
        objects: ObjectCompiler,
    ) -> Root:
        model, order = LISTS[name]
        item_type = _object(definition)
        compiled = objects.compile(item_type, objects.fields(item_type, node), "t0", by_name=False)
        where = LIST_WHERE.get(name, "")
        statements = {
            postgres: _list_sql(compiled, model, order, postgres, where=where)
            for postgres in (True, False)
        }
        build = compiled.build

        async def run(actor: Actor, given: None) -> Any:
            db = stable_plans_connection()
            _, rows = await db.execute_query(statements[is_postgres(db)], [actor.organization_id])
            return [build(row) for row in rows]

        return Root(key, ROOT_ACCESS[name], lambda variables: None, run)

    def _by_id(
        self,
        key: str,
        name: str,
        definition: GraphQLField,
        node: FieldNode,
        objects: ObjectCompiler,
    ) -> Root:
        """One row of the caller's organization by its public id: null when the id is not
        one, or names a row of another organization (as `find_endpoint`, `get_job`)."""
        model = BY_ID[name]
        item_type = _object(definition)
        compiled = objects.compile(item_type, objects.fields(item_type, node), "t0", by_name=False)
        statements = {
            postgres: _list_sql(
                compiled, model, '"id"', postgres, where=f' AND t0."uuid" = {_p2(postgres)}'
            )
            for postgres in (True, False)
        }
        converted = self._arguments(definition, node)

        def arguments(variables: VariableValues) -> Any:
            return parse_id(converted(variables)["id"])

        async def run(actor: Actor, uuid: Any) -> Any:
            if uuid is None:
                return None
            db = stable_plans_connection()
            postgres = is_postgres(db)
            params = [actor.organization_id, uuid if postgres else str(uuid)]
            _, rows = await db.execute_query(statements[postgres], params)
            return compiled.build(rows[0]) if rows else None

        return Root(key, ROOT_ACCESS[name], arguments, run)

    def _consent_wording(self, key: str, definition: GraphQLField, node: FieldNode) -> Root:
        """The client app's consent wording (anyone may read it): the organization's texts
        by one statement, the language picked as `wording_for` picks it."""
        converted = self._arguments(definition, node)

        def arguments(variables: VariableValues) -> tuple[str, str | None]:
            given = converted(variables)
            return given["organization"].strip().lower(), given["locale"]

        async def run(caller: Any, given: tuple[str, str | None]) -> Any:
            slug, locale = given
            db = stable_plans_connection()
            _, rows = await db.execute_query(_WORDING[is_postgres(db)], [slug])
            if not rows:
                return None
            texts = loads(rows[0][1]) or {}
            return texts.get(pick_locale(locale, rows[0][0])) or None

        return Root(key, ROOT_ACCESS["consentWording"], arguments, run)

    def _segments(
        self,
        key: str,
        name: str,
        definition: GraphQLField,
        node: FieldNode,
        objects: ObjectCompiler,
    ) -> Root:
        """The organization's segments by name, or one by id: their rows by one statement,
        then for each the count and the page of members its stored filter selects, read
        as `clients` reads them (a statement each)."""
        segment_type = _object(definition)
        fields = objects.fields(segment_type, node)
        by_filter = ("count", "members")
        plain = Fields(
            segment_type, tuple(n for n in fields.nodes if n.name.value not in by_filter)
        )
        compiled = objects.compile(
            segment_type, plain, "t0", by_name=False, columns=("conditions",)
        )
        members: dict[str, tuple[ClientPage, FieldNode]] = {}
        members_field = segment_type.fields["members"]
        for part in fields.nodes:
            if part.name.value == "members":
                members[response_key(part)] = (
                    self._page(_object(members_field), part, objects),
                    part,
                )
        members_order = SORT_KEYS[ClientOrder.REGISTERED_AT_DESC]

        def page_of(part: FieldNode, variables: VariableValues) -> tuple[int, str | None]:
            """`first` and `after` of a members field (literals or variables)."""
            given = get_argument_values(members_field, part, variables)
            after = given.get("after")
            if after is not None:
                read_cursor(members_order, after)  # refused: the full path words it
            return check_first(given.get("first")), after

        keys = [response_key(n) for n in fields.nodes]
        counts = [response_key(n) for n in fields.nodes if n.name.value == "count"]
        where = "" if name == "segments" else ' AND t0."uuid" = {p2}'
        # With its members, a segment's row carries its organization's tags and levels, so
        # its filter's ids (`known_ids`) need no statement of their own: the members page
        # and the count are then one more statement.
        lookups = bool(members)
        statements = {
            postgres: _list_sql(
                compiled,
                models.Segment,
                '"name_key"',
                postgres,
                where=where.format(p2=_p2(postgres)),
                also=_SEGMENT_IDS[postgres] if lookups else (),
            )
            for postgres in (True, False)
        }
        build = compiled.build
        conditions = models.Segment._meta.fields_map["conditions"].to_python_value
        converted = self._arguments(definition, node) if name == "segment" else None

        def arguments(variables: VariableValues) -> Any:
            pages = {
                k: (*page_of(part, variables), page.exacts(variables))
                for k, (page, part) in members.items()
            }
            return (None if converted is None else converted(variables)["id"]), pages

        async def run(actor: Actor, arguments: Any) -> Any:
            given, pages = arguments
            db = stable_plans_connection()
            postgres = is_postgres(db)
            params: list[Any] = [actor.organization_id]
            if name == "segment":
                uuid = parse_id(given)
                if uuid is None:
                    return None
                params.append(uuid if postgres else str(uuid))
            _, rows = await db.execute_query(statements[postgres], params)
            answers = []
            for row in rows:
                spec = ClientFilter.from_data(conditions(row[0]))
                found = build(row)
                known = None
                if lookups and not (postgres and search_terms(spec.search)):
                    # A search on PostgreSQL is probed for its terms (R6.4: the trigram-first
                    # plan for a rare term), which the lookup then does (`known_ids`).
                    known = _known_from(spec, loads(row[-2]) or [], loads(row[-1]) or [])
                # The exact count rides on the first members page's statement when there is
                # one (`ClientPage`'s `also`); alone it is `count_clients`.
                counted: list[int] = []
                for members_key, (page, _) in members.items():
                    size, after, exacts = pages[members_key]
                    also: tuple[int | None, ...] = (None,) if counts and not counted else ()
                    members_page, extra = await page.read(
                        actor,
                        spec,
                        ClientOrder.REGISTERED_AT_DESC,
                        size,
                        after,
                        exacts,
                        also,
                        known,
                    )
                    found[members_key] = members_page
                    counted = counted or extra
                for count_key in counts:
                    if not counted:
                        counted = [await count_clients(actor.organization_id, spec)]
                    found[count_key] = counted[0]
                answers.append({k: found[k] for k in keys})
            if name == "segment":
                return answers[0] if answers else None
            return answers

        return Root(key, ROOT_ACCESS[name], arguments, run)

    def _inbox(
        self, key: str, definition: GraphQLField, node: FieldNode, objects: ObjectCompiler
    ) -> Root:
        """The signed-in account's inbox, newest first: a page by one statement (the ORM
        writes its filter and keyset), `totalCount` by a second."""
        connection_type = _object(definition)
        item_type = _object(connection_type.fields["nodes"])
        table = f'"{models.InboxMessage._meta.db_table}"'
        connection = Fields.of(self.graphql, connection_type, node.selection_set, objects.fragments)
        parts: list[tuple[str, str, Any]] = []
        paths: list[Compiled] = []
        exacts: list[Callable[[VariableValues], bool]] = []
        sort = ("created_at", "id")
        for part in connection.nodes:
            name, part_key = part.name.value, response_key(part)
            if name in ("__typename", "totalCount"):
                parts.append((part_key, name, connection_type.name))
            elif name == "count":
                fields = self._count_fields(part, objects)
                parts.append((part_key, "count", (fields, len(exacts))))
                exacts.append(self._exact(connection_type, part))
            elif name == "nodes":
                item = objects.compile(
                    item_type, objects.fields(item_type, part), table, by_name=True, columns=sort
                )
                paths.append(item)
                parts.append((part_key, "nodes", item.build))
            elif name == "edges":
                edge_type = _object(connection_type.fields["edges"])
                edge_parts: list[tuple[str, str, Any]] = []
                for inside in objects.fields(edge_type, part).nodes:
                    inside_name, inside_key = inside.name.value, response_key(inside)
                    how: Any = edge_type.name
                    if inside_name == "node":
                        item = objects.compile(
                            item_type,
                            objects.fields(item_type, inside),
                            table,
                            by_name=True,
                            columns=sort,
                        )
                        paths.append(item)
                        how = item.build
                    edge_parts.append((inside_key, inside_name, how))
                parts.append((part_key, "edges", edge_parts))
            elif name == "pageInfo":
                info = objects.fields(_object(connection_type.fields["pageInfo"]), part)
                check_page_info(info)
                parts.append((part_key, "pageInfo", info))
            else:
                raise NotCompiled(f"{connection_type.name}.{name}")
        columns = list(sort)
        named: list[tuple[str, Any]] = []
        for item in paths:
            columns += [c for c in item.columns if c not in columns]
            named += item.named
        fields_map = models.InboxMessage._meta.fields_map
        converters = [fields_map[c].to_python_value for c in sort]
        converted = self._arguments(definition, node)
        cap = self.count_cap
        wants_total = any(p[1] == "totalCount" for p in parts)

        def arguments(variables: VariableValues) -> tuple[Any, ...]:
            given = converted(variables)
            if given["after"] is not None:
                read_cursor(INBOX_ORDER, given["after"])
            first = check_first(given["first"])
            exact = tuple(e(variables) for e in exacts)
            return first, given["after"], given["unread_only"], exact

        def cursor(row: dict[str, Any]) -> str:
            return cursor_of(
                INBOX_ORDER, [c(row[n]) for c, n in zip(converters, sort, strict=True)]
            )

        def statements(
            postgres: bool,
            account_id: int,
            size: int,
            after: str | None,
            unread_only: bool,
            asked: tuple[int | None, ...],
        ) -> tuple[str, tuple[Any, ...], str, tuple[Any, ...]]:
            """The page with its counts, and the counts alone: the ORM writes them."""
            query = models.InboxMessage.filter(account_id=account_id)
            if unread_only:
                query = query.filter(read_at__isnull=True)
            counts_sql, counts_params = _counts_select(query, asked, postgres)
            if not size:
                return "", (), counts_sql, counts_params
            page = (
                query.filter(after_key(INBOX_ORDER, read_cursor(INBOX_ORDER, after)))
                if after
                else query
            )
            select = [f'{table}."{c}" AS "{c}"' for c in columns]
            select += [f'{sql.on(postgres)} AS "{slot}"' for slot, sql in named]
            sql, params = client_rows.orm_sql(
                page.order_by(*INBOX_ORDER.order_by()).limit(size + 1), ", ".join(select)
            )
            if asked:
                head = "SELECT "
                extra = client_rows.renumber(counts_sql, len(params)) if postgres else counts_sql
                sql = f"{head}{extra}, {sql[len(head) :]}"
                params = (*params, *counts_params) if postgres else (*counts_params, *params)
            return sql, params, counts_sql, counts_params

        # First pages differ only by their account: written once per shape for a stand-in
        # account id that no other value of the statement can equal, which each request
        # replaces by its own (cursor pages, rarer, are written for their cursor).
        first_pages: dict[tuple[Any, ...], tuple[str, tuple[Any, ...], str, tuple[Any, ...]]]
        first_pages = {}

        async def run(caller: Any, given: tuple[Any, ...]) -> Any:
            size, after, unread_only, exact = given
            # Every count is a scalar sub-select of the page's statement (evaluated once):
            # `totalCount` exact, each `count` up to the cap unless asked exactly (R6.5, as
            # `paginate` counts the reference's page).
            asked = (*((None,) if wants_total else ()), *(None if e else cap for e in exact))
            db = connections.get("default")
            postgres = is_postgres(db)
            account_id = caller.account_id
            if after is not None:
                sql, params, counts_sql, counts_params = statements(
                    postgres, account_id, size, after, unread_only, asked
                )
            else:
                shape = (postgres, size, unread_only, asked)
                if shape not in first_pages:
                    first_pages[shape] = statements(
                        postgres, _STAND_IN, size, None, unread_only, asked
                    )
                sql, stood, counts_sql, counts_stood = first_pages[shape]
                params = tuple(account_id if p == _STAND_IN else p for p in stood)
                counts_params = tuple(account_id if p == _STAND_IN else p for p in counts_stood)
            rows: list[dict[str, Any]] = []
            counted: list[int] = []
            if size:
                _, found = await db.execute_query(sql, list(params))
                rows = [dict(r) for r in found]
                if asked and rows:
                    counted = [int(rows[0][f"__n{i}"]) for i in range(len(asked))]
                elif asked and after is None:
                    counted = [0] * len(asked)  # the first page is empty: nothing to count
            if asked and not counted:
                _, found = await db.execute_query(f"SELECT {counts_sql}", list(counts_params))
                counted = [int(found[0][f"__n{i}"]) for i in range(len(asked))]
            count = counted[0] if wants_total else None
            bounded = [
                BoundedCount(n, True) if e else bounded_count(n, cap)
                for e, n in zip(exact, counted[int(wants_total) :], strict=True)
            ]
            items = rows[:size]
            answer: dict[str, Any] = {}
            for part_key, kind, how in parts:
                if kind == "__typename":
                    answer[part_key] = how
                elif kind == "totalCount":
                    answer[part_key] = count
                elif kind == "count":
                    answer[part_key] = count_answer(how[0], bounded[how[1]])
                elif kind == "nodes":
                    answer[part_key] = [how(r) for r in items]
                elif kind == "edges":
                    answer[part_key] = [_edge(how, r, cursor) for r in items]
                else:
                    answer[part_key] = page_info(
                        how, items, len(rows) > size, cursor, after is not None
                    )
            return answer

        return Root(key, ROOT_ACCESS["inbox"], arguments, run)

    def _my_account(
        self, key: str, definition: GraphQLField, node: FieldNode, objects: ObjectCompiler
    ) -> Root:
        account_type = _object(definition)
        compiled = objects.compile(
            account_type, objects.fields(account_type, node), "t0", by_name=False
        )
        statements = {
            postgres: _list_sql(compiled, models.Account, '"id"', postgres, key="id")
            for postgres in (True, False)
        }

        async def run(caller: Any, given: None) -> Any:
            db = stable_plans_connection()
            _, rows = await db.execute_query(statements[is_postgres(db)], [caller.account_id])
            if not rows:
                raise LookupError("the session's account is gone")  # the full path answers
            return compiled.build(rows[0])

        return Root(key, ROOT_ACCESS["myAccount"], lambda variables: None, run)

    def _me(
        self, key: str, definition: GraphQLField, node: FieldNode, objects: ObjectCompiler
    ) -> Root:
        """The caller: its permissions from the token, its organization and its staff user
        or key read by one statement."""
        viewer = Fields.of(self.graphql, _object(definition), node.selection_set, objects.fragments)
        parts: list[tuple[str, str, Any]] = []
        arrays: dict[str, tuple[type[Model], Compiled]] = {}
        for part in viewer.nodes:
            name, part_key = part.name.value, response_key(part)
            if name == "__typename":
                parts.append((part_key, "typename", viewer.parent.name))
            elif name == "permissions":
                parts.append((part_key, "permissions", None))
            else:
                target = get_named_type(viewer.parent.fields[name].type)
                assert isinstance(target, GraphQLObjectType)
                inner = objects.alias()
                compiled = objects.compile(
                    target, objects.fields(target, part), inner, by_name=True
                )
                model = {"organization": models.Organization, "staffUser": models.StaffUser}.get(
                    name, models.ApiKey
                )
                arrays[part_key] = (model, compiled)
                parts.append((part_key, name, inner))
        permission_type = get_named_type(viewer.parent.fields["permissions"].type)
        serialize = permission_type.serialize

        @functools.cache
        def statement(kind: ActorType, postgres: bool) -> str:
            select = []
            for part_key, name, inner in parts:
                if part_key not in arrays:
                    continue
                model, compiled = arrays[part_key]
                wanted = {
                    "organization": None,
                    "staffUser": ActorType.STAFF,
                    "apiKey": ActorType.API_KEY,
                }
                if wanted[name] not in (None, kind):
                    select.append("NULL")
                    continue
                parameter = ("$1" if name == "organization" else "$2") if postgres else "?"
                rows_from = (
                    f'FROM "{model._meta.db_table}" {inner} WHERE {inner}."id" = {parameter}'
                )
                select.append(compiled.array(inner, rows_from).on(postgres))
            return f"SELECT {', '.join(select or ['1'])}"

        async def run(actor: Actor, given: None) -> Any:
            db = stable_plans_connection()
            postgres = is_postgres(db)
            sql = statement(actor.type, postgres)
            params = [actor.organization_id, actor.id] if postgres else _sqlite_params(parts, actor)
            if postgres and "$2" not in sql:  # only the organization is read
                params = params[:1]
            _, rows = await db.execute_query(sql, params)
            row = rows[0]
            answer: dict[str, Any] = {}
            position = 0
            for part_key, name, _ in parts:
                if name == "typename":
                    answer[part_key] = viewer.parent.name
                elif name == "permissions":
                    answer[part_key] = [serialize(p) for p in sorted(actor.permissions)]
                else:
                    found = loads(row[position]) if row[position] is not None else []
                    position += 1
                    answer[part_key] = arrays[part_key][1].build(found[0]) if found else None
            return answer

        return Root(key, STAFF_OR_KEY, lambda variables: None, run)


_WORDING = {
    True: 'SELECT "default_locale", "consent_texts" FROM "organization" WHERE "slug" = $1',
    False: 'SELECT "default_locale", "consent_texts" FROM "organization" WHERE "slug" = ?',
}


# An account id no account has (ids are positive) and no other value of an inbox statement
# equals (limits and caps are positive): its first pages are written for it, then filled.
_STAND_IN = -987_654_321


def _counts_select(
    query: Any, counts: tuple[int | None, ...], postgres: bool
) -> tuple[str, tuple[Any, ...]]:
    """`query`'s counts as scalar sub-selects named `__n0`, `__n1`…: each exact (None) or
    up to a cap (`capped_count_sql`), marks numbered from $1, with their values."""
    if not counts:
        return "", ()
    ids = query.values_list("id")
    ids._choose_db_if_not_chosen()
    ids._make_query()
    text, values = ids.query.get_parameterized_sql()
    select: list[str] = []
    params: list[Any] = []
    for i, cap in enumerate(counts):
        sql = (
            f"SELECT count(*) FROM ({text}) AS counted"  # noqa: S608 - the ORM's text
            if cap is None
            else capped_count_sql(text, cap)
        )
        select.append(
            f'({client_rows.renumber(sql, len(params)) if postgres else sql}) AS "__n{i}"'
        )
        params.extend(values)
    return ", ".join(select), tuple(params)


def _sqlite_params(parts: list[tuple[str, str, Any]], actor: Actor) -> list[Any]:
    """SQLite's `?` are positional: one value per object read, in the select's order."""
    wanted = {"staffUser": ActorType.STAFF, "apiKey": ActorType.API_KEY}
    params: list[Any] = []
    for _, name, _ in parts:
        if name == "organization":
            params.append(actor.organization_id)
        elif name in wanted and wanted[name] is actor.type:
            params.append(actor.id)
    return params


def _list_sql(
    compiled: Compiled,
    model: type[Model],
    order: str,
    postgres: bool,
    *,
    where: str = "",
    key: str = "organization_id",
    also: tuple[str, ...] = (),
) -> str:
    """The rows of `model` whose `key` is the first parameter (the caller's organization),
    and `where` (constants and the second parameter), in `order`; `also`: expressions
    after the row's."""
    select = [f't0."{c}"' for c in compiled.columns] + [e.on(postgres) for e in compiled.extras]
    select += also
    return (
        f'SELECT {", ".join(select or ["1"])} FROM "{model._meta.db_table}" t0 '  # noqa: S608
        f'WHERE t0."{key}" = {"$1" if postgres else "?"}{where} ORDER BY t0.{order}'
    )


# A segment's organization's tags ([key, id]) and levels ([public id, id]), as JSON arrays.
_SEGMENT_IDS = {
    True: (
        "(SELECT coalesce(json_agg(json_build_array(g.key, g.id)), '[]') FROM tag g"
        " WHERE g.organization_id = t0.organization_id)",
        "(SELECT coalesce(json_agg(json_build_array(v.uuid, v.id)), '[]') FROM level v"
        " WHERE v.organization_id = t0.organization_id)",
    ),
    False: (
        "(SELECT coalesce(json_group_array(json_array(g.key, g.id)), '[]') FROM tag g"
        " WHERE g.organization_id = t0.organization_id)",
        "(SELECT coalesce(json_group_array(json_array(v.uuid, v.id)), '[]') FROM level v"
        " WHERE v.organization_id = t0.organization_id)",
    ),
}


def _known_from(spec: ClientFilter, tags: list[Any], levels: list[Any]) -> KnownIds:
    """What `known_ids` finds for `spec` (without a search probe), from the organization's
    tags and levels."""
    names = {tag_key(n) for n in (*spec.tags_any, *spec.tags_all, *spec.tags_none)}
    found_tags = {str(k): int(i) for k, i in tags if str(k) in names}
    uuids = {str(u) for u in (parse_id(i) for i in spec.level_ids) if u is not None}
    found_levels = tuple(sorted(int(i) for u, i in levels if str(u) in uuids))
    return KnownIds(found_tags, found_levels, False)


def _p2(postgres: bool) -> str:
    return "$2" if postgres else "?"


def _object(definition: GraphQLField) -> GraphQLObjectType:
    found = get_named_type(definition.type)
    assert isinstance(found, GraphQLObjectType)
    return found


def _constant(key: str, value: str) -> Root:
    async def run(actor: Actor, given: None) -> Any:
        return value

    return Root(key, ANYONE, lambda variables: None, run)


def _no_cursor(row: Any) -> str:  # pragma: no cover - only called when cursors are selected
    raise AssertionError("cursor columns were not read")


@functools.cache
def _cursor_maker(order: ClientOrder) -> Callable[[Any], str]:
    """A row's cursor in this order (one function per order, made once)."""
    key = SORT_KEYS[order]
    converters = [
        (CURSOR_COLUMNS.index(column), _CLIENT_FIELDS[column].to_python_value)
        for column in client_rows.sort_columns(order)
    ]
    return lambda row: cursor_of(key, [convert(row[i]) for i, convert in converters])


def _edge(
    parts: list[tuple[str, str, Any]], row: Any, cursor: Callable[[Any], str]
) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    for key, kind, how in parts:
        if kind == "__typename":
            answer[key] = how
        elif kind == "cursor":
            answer[key] = cursor(row)
        else:
            answer[key] = how(row)
    return answer


def _view(build: Any, positions: list[int]) -> Any:
    return lambda row: build([row[i] for i in positions])


def _client_fields() -> dict[str, Any]:
    meta = models.Client._meta
    return {column: meta.fields_map[name] for name, column in meta.fields_db_projection.items()}


_CLIENT_FIELDS = _client_fields()
