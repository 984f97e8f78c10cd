"""The compiled roots of the client app: `consentWording` (anyone may read it), the
signed-in account's `inbox` (a page with its counts and cursors) and `myAccount`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import FieldNode, GraphQLField
from graphql.execution.values import VariableValues
from tortoise import connections

import models
from mailer.render import pick_locale
from models.db import is_postgres, stable_plans_connection
from resolvers.accounts.inbox import NEWEST_FIRST as INBOX_ORDER
from resolvers.pagination import BoundedCount, capped_count_sql, check_first, cursor_of, read_cursor
from resolvers.pagination import after as after_key
from resolvers.pagination import bounded as bounded_count
from schema import client_rows
from schema.compiled.objects import (
    Compiled,
    ObjectCompiler,
    check_page_info,
    connection_answer,
    loads,
)
from schema.compiled.roots_shared import Root, RootBase, list_sql, object_type
from schema.compiled.selection import Fields, NotCompiled, response_key
from schema.sources import ROOT_ACCESS


class ClientAppRoots(RootBase):
    """The client app's roots: consent wording, inbox and account."""

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

    def _inbox(
        self, key: str, definition: GraphQLField, node: FieldNode, objects: ObjectCompiler
    ) -> Root:
        """The signed-in account's inbox, newest first: a page by one statement (the ORM
        writes its filter and keyset), `totalCount` by a second."""
        connection_type = object_type(definition)
        item_type = object_type(connection_type.fields["nodes"])
        table = f'"{models.InboxMessage._meta.db_table}"'
        connection = Fields.of(self.graphql, connection_type, node.selection_set, objects.fragments)
        parts: list[tuple[str, str, Any]] = []
        paths: list[Compiled] = []
        exacts: list[Callable[[VariableValues], bool]] = []
        sort = ("created_at", "id")
        for part in connection.nodes:
            name, part_key = part.name.value, response_key(part)
            if name == "__typename":
                parts.append((part_key, "typename", connection_type.name))
            elif name == "totalCount":
                parts.append((part_key, "count", None))
            elif name == "count":
                fields = self._count_fields(part, objects)
                parts.append((part_key, "bounded", (fields, len(exacts))))
                exacts.append(self._exact(connection_type, part))
            elif name == "nodes":
                item = objects.compile(
                    item_type, objects.fields(item_type, part), table, by_name=True, columns=sort
                )
                paths.append(item)
                parts.append((part_key, "nodes", item.build))
            elif name == "edges":
                edge_type = object_type(connection_type.fields["edges"])
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
                    kind = "typename" if inside_name == "__typename" else inside_name
                    edge_parts.append((inside_key, kind, how))
                parts.append((part_key, "edges", edge_parts))
            elif name == "pageInfo":
                info = objects.fields(object_type(connection_type.fields["pageInfo"]), part)
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
        wants_total = any(p[1] == "count" for p in parts)

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
            return connection_answer(
                parts, rows[:size], len(rows) > size, after is not None, cursor, count, bounded
            )

        return Root(key, ROOT_ACCESS["inbox"], arguments, run)

    def _my_account(
        self, key: str, definition: GraphQLField, node: FieldNode, objects: ObjectCompiler
    ) -> Root:
        account_type = object_type(definition)
        compiled = objects.compile(
            account_type, objects.fields(account_type, node), "t0", by_name=False
        )
        statements = {
            postgres: list_sql(compiled, models.Account, '"id"', postgres, key="id")
            for postgres in (True, False)
        }

        async def run(caller: Any, given: None) -> Any:
            db = stable_plans_connection()
            _, rows = await db.execute_query(statements[is_postgres(db)], [caller.account_id])
            if not rows:
                raise LookupError("the session's account is gone")  # the full path answers
            return compiled.build(rows[0])

        return Root(key, ROOT_ACCESS["myAccount"], lambda variables: None, run)


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
