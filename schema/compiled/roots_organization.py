"""The compiled roots of the caller's organization: its lists (`levels`, `tags`,
`fieldLabels`, `apiKeys`, `staffUsers`, `webhookEndpoints`) in the resolvers' order, and
`me` (the caller, its organization and its staff user or key).
"""

from __future__ import annotations

import functools
from typing import Any

from graphql import FieldNode, GraphQLField, GraphQLObjectType, get_named_type
from tortoise.models import Model

import models
from models.db import is_postgres, stable_plans_connection
from models.enums import ActorType
from resolvers.access.actor import Actor
from schema.compiled.objects import Compiled, ObjectCompiler, loads
from schema.compiled.roots_shared import Root, RootBase, list_sql, object_type
from schema.compiled.selection import Fields, response_key
from schema.sources import ROOT_ACCESS, STAFF_OR_KEY

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


class OrganizationRoots(RootBase):
    """The organization's lists and `me`."""

    def _list(
        self,
        key: str,
        name: str,
        definition: GraphQLField,
        node: FieldNode,
        objects: ObjectCompiler,
    ) -> Root:
        model, order = LISTS[name]
        item_type = object_type(definition)
        compiled = objects.compile(item_type, objects.fields(item_type, node), "t0", by_name=False)
        where = LIST_WHERE.get(name, "")
        statements = {
            postgres: list_sql(compiled, model, order, postgres, where=where)
            for postgres in (True, False)
        }
        build = compiled.build

        async def run(actor: Actor, given: None) -> Any:
            db = stable_plans_connection()
            _, rows = await db.execute_query(statements[is_postgres(db)], [actor.organization_id])
            return [build(row) for row in rows]

        return Root(key, ROOT_ACCESS[name], lambda variables: None, run)

    def _me(
        self, key: str, definition: GraphQLField, node: FieldNode, objects: ObjectCompiler
    ) -> Root:
        """The caller: its permissions from the token, its organization and its staff user
        or key read by one statement."""
        viewer = Fields.of(
            self.graphql, object_type(definition), node.selection_set, objects.fragments
        )
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
