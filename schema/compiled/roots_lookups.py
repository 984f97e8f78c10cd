"""The compiled lookups of one row: a client by `client(id)`, `clientByEmail` or
`clientByExternalId` (`schema.client_rows`), and a row of the caller's organization by
its public id (`webhookEndpoint`, `importJob`).
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLField
from graphql.execution.values import VariableValues
from tortoise.models import Model

import models
from models.client import email_key
from models.db import is_postgres, stable_plans_connection
from resolvers.access.actor import Actor
from resolvers.clients.client_fields import Invalid, clean_email
from resolvers.clients.lookup import parse_id
from schema import client_rows
from schema.client_rows import Selection
from schema.compiled.objects import ObjectCompiler
from schema.compiled.roots_shared import Root, RootBase, list_sql, object_type, p2
from schema.sources import ROOT_ACCESS

# One row of the organization by its public id (`id`); null when there is none.
BY_ID: dict[str, type[Model]] = {
    "webhookEndpoint": models.WebhookEndpoint,
    "importJob": models.ImportJob,
}


class LookupRoots(RootBase):
    """The roots that read one row by an id, an email or an external id."""

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
        item_type = object_type(definition)
        compiled = objects.compile(item_type, objects.fields(item_type, node), "t0", by_name=False)
        statements = {
            postgres: list_sql(
                compiled, model, '"id"', postgres, where=f' AND t0."uuid" = {p2(postgres)}'
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
