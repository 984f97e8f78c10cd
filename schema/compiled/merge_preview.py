"""The compiled `clientMergePreview` (R4.4): one statement reads both clients of the
caller's organization by their public ids - every column (the planner reads them as
models), the `survivor` and `absorbed` selections, each one's level, account and tag ids
(`MergeFacts`, with the `level` and `account` selections) and, on PostgreSQL, whether a
transaction holds one of them - and the merge's own rules answer from there
(`resolvers.lifecycle.client_merge_preview.preview`, the reference's function, over the
planner `unifyClients` runs): one copy of the rules, the same answer.

Whether a transaction holds a row (a merge, a points change: MERGE_IN_PROGRESS) is what
the reference learns from `FOR UPDATE NOWAIT`; here a sub-select takes the same locks
with `SKIP LOCKED`, which leaves out a row it cannot lock instead of failing: fewer rows
than found means one is held. The locks last the statement, as the reference's last its
transaction. SQLite runs one writer at a time: nothing is ever held beside a read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLObjectType,
    get_named_type,
)
from graphql.execution.values import VariableValues

import models
from models.db import is_postgres, stable_plans_connection
from resolvers.access.actor import Actor
from resolvers.clients.client_sql import client_columns
from resolvers.clients.lookup import parse_id
from resolvers.lifecycle.client_merge_preview import PreviewResult, preview
from resolvers.lifecycle.merge_plan import MergeFacts
from schema.client_rows import Selection, Sql
from schema.compiled.builders import Build, leaf_serializer, plain_object
from schema.compiled.objects import Compiled, ObjectCompiler, loads
from schema.compiled.selection import Fields, NotCompiled, response_key
from schema.errors import user_errors
from schema.execution import plain_leaf

ClientShapes = Callable[
    [ObjectCompiler, list[FieldNode], tuple[str, ...]], tuple[Selection, list[Build]]
]
# What a level and an account row give the planner (`LevelFacts`, `AccountFacts`).
LEVEL_COLUMNS = ("id", "threshold", "name")
ACCOUNT_COLUMNS = ("id", "email", "email_key")
TAGS = Sql(
    '(SELECT coalesce(json_agg(g."tag_id"), \'[]\'::json) FROM "client_tag" g '
    'WHERE g."client_id" = "client"."id")',
    '(SELECT coalesce(json_group_array(g."tag_id"), \'[]\') FROM "client_tag" g '
    'WHERE g."client_id" = "client"."id")',
)
# The rows of the two ids no transaction holds (PostgreSQL).
UNLOCKED = (
    '(SELECT count(*) FROM (SELECT 1 FROM "client" k WHERE k."organization_id" = $1 '
    'AND k."uuid" IN ($2, $3) FOR UPDATE SKIP LOCKED) unlocked)'
)


@dataclass(frozen=True)
class _Level:
    id: int
    name: str
    threshold: int


@dataclass(frozen=True)
class _Account:
    id: int
    email: str
    email_key: str


@dataclass(frozen=True)
class _Related:
    """The selections of a row a client points at (`level`, `account`: one per path, by
    alias, or one of nothing when none is asked), each read with the columns the planner
    needs; the first one gives the planner its facts."""

    compiled: list[Compiled]
    aliases: list[str]

    def arrays(self, table: str, column: str) -> list[Sql]:
        """Each path's JSON array of the row `column` of the client points at."""
        return [
            c.array(a, f'FROM "{table}" {a} WHERE {a}."id" = "client"."{column}"')
            for c, a in zip(self.compiled, self.aliases, strict=True)
        ]


def _related(
    objects: ObjectCompiler,
    kind: GraphQLObjectType,
    nodes: list[FieldNode],
    columns: tuple[str, ...],
) -> _Related:
    fields = [objects.fields(kind, n) for n in nodes] or [Fields(kind, ())]
    aliases = [objects.alias() for _ in fields]
    compiled = [
        objects.compile(kind, f, a, by_name=True, columns=columns)
        for f, a in zip(fields, aliases, strict=True)
    ]
    return _Related(compiled, aliases)


def merge_preview(
    definition: GraphQLField,
    node: FieldNode,
    objects: ObjectCompiler,
    converted: Callable[[VariableValues], dict[str, Any]],
    client_shapes: ClientShapes,
) -> tuple[Callable[[VariableValues], Any], Callable[[Actor, Any], Awaitable[Any]]]:
    """The root's arguments and its answer (`roots_shared.Root` takes them)."""
    preview_type = get_named_type(definition.type)
    assert isinstance(preview_type, GraphQLObjectType)
    fields = objects.fields(preview_type, node)
    error_type = _object(preview_type, "blockers")
    parts: list[tuple[str, str, Any]] = []
    clients: list[FieldNode] = []
    levels: list[FieldNode] = []
    accounts: list[FieldNode] = []
    for part in fields.nodes:
        name, key = part.name.value, response_key(part)
        if name == "__typename":
            parts.append((key, "typename", preview_type.name))
        elif name in ("survivor", "absorbed"):
            parts.append((key, name, len(clients)))
            clients.append(part)
        elif name == "level":
            parts.append((key, "level", len(levels)))
            levels.append(part)
        elif name == "account":
            parts.append((key, "account", len(accounts)))
            accounts.append(part)
        elif name in ("warnings", "blockers"):
            parts.append((key, name, plain_object(error_type, objects.fields(error_type, part))))
        else:
            field_definition = preview_type.fields[name]
            plain = plain_leaf(field_definition)
            if plain is None or part.arguments:
                raise NotCompiled(f"{preview_type.name}.{name}")
            parts.append((key, "leaf", (plain[0].python_name, leaf_serializer(field_definition))))
    columns = client_columns()
    selection, builds = client_shapes(objects, clients, columns)
    if selection.columns != columns:  # pragma: no cover - every column is read first
        raise NotCompiled("client columns")
    level = _related(objects, _object(preview_type, "level"), levels, LEVEL_COLUMNS)
    account = _related(objects, _object(preview_type, "account"), accounts, ACCOUNT_COLUMNS)
    related = [*level.arrays("level", "level_id"), *account.arrays("account", "account_id")]
    statements = {postgres: _statement(selection, related, postgres) for postgres in (True, False)}
    at_related = len(columns) + len(selection.extras)
    at_tags = at_related + len(related)

    def arguments(variables: VariableValues) -> tuple[Any, ...]:
        given = converted(variables)["input"]
        return (
            str(given.survivor_id),
            str(given.absorbed_id),
            given.choices(),
            given.keep_account_of,
            given.status,
        )

    async def run(actor: Actor, given: tuple[Any, ...]) -> Any:
        survivor_id, absorbed_id, choices, keep_account_of, status = given
        uuids = (parse_id(survivor_id), parse_id(absorbed_id))
        rows: Sequence[Any] = ()
        postgres = False
        if uuids != (None, None):
            db = stable_plans_connection()
            postgres = is_postgres(db)
            values = [u if postgres or u is None else str(u) for u in uuids]
            _, rows = await db.execute_query(statements[postgres], [actor.organization_id, *values])
        found: dict[Any, tuple[models.Client, Any]] = {}
        level_rows: list[dict[int, Any]] = [{} for _ in level.compiled]
        account_rows: list[dict[int, Any]] = [{} for _ in account.compiled]
        tags: dict[int, frozenset[int]] = {}
        for row in rows:
            client = models.Client._init_from_db(**dict(zip(columns, row, strict=False)))
            found[client.uuid] = (client, row)
            position = at_related
            for kept in (*level_rows, *account_rows):
                for item in loads(row[position]):
                    kept[item["id"]] = item
                position += 1
            tags[client.id] = frozenset(int(t) for t in loads(row[at_tags]))
        survivor, absorbed = found.get(uuids[0]), found.get(uuids[1])
        facts = None
        if survivor is not None and absorbed is not None:
            facts = MergeFacts(
                levels={
                    i: _Level(i, v["name"], int(v["threshold"])) for i, v in level_rows[0].items()
                },
                accounts={
                    i: _Account(i, v["email"], v["email_key"]) for i, v in account_rows[0].items()
                },
                survivor_tags=tags[survivor[0].id],
                absorbed_tags=tags[absorbed[0].id],
            )
        busy = postgres and bool(rows) and int(rows[0][at_tags + 1]) < len(rows)
        result = preview(
            actor,
            survivor[0] if survivor else None,
            absorbed[0] if absorbed else None,
            facts,
            choices,
            keep_account_of,
            status,
            busy=busy,
        )
        return _answer(result, parts, builds, found, level, level_rows, account, account_rows)

    return arguments, run


def _object(parent: GraphQLObjectType, name: str) -> GraphQLObjectType:
    found = get_named_type(parent.fields[name].type)
    assert isinstance(found, GraphQLObjectType)
    return found


def _statement(selection: Selection, related: list[Sql], postgres: bool) -> str:
    select = [f'"client"."{c}"' for c in selection.columns]
    select += [extra.on(postgres) for extra in (*selection.extras, *related, TAGS)]
    if postgres:
        select.append(UNLOCKED)
    p1, p2, p3 = ("$1", "$2", "$3") if postgres else ("?", "?", "?")
    return (
        f'SELECT {", ".join(select)} FROM "client" '  # noqa: S608 - from the descriptions
        f'WHERE "client"."organization_id" = {p1} AND "client"."uuid" IN ({p2}, {p3})'
    )


def _answer(
    result: PreviewResult,
    parts: list[tuple[str, str, Any]],
    builds: list[Build],
    found: dict[Any, tuple[models.Client, Any]],
    level: _Related,
    level_rows: list[dict[int, Any]],
    account: _Related,
    account_rows: list[dict[int, Any]],
) -> dict[str, Any]:
    values = result.fields()
    plan = result.plan
    rows = {
        "survivor": found[result.survivor.uuid][1] if result.survivor else None,
        "absorbed": found[result.absorbed.uuid][1] if result.absorbed else None,
    }
    chosen = {
        "level": (level, level_rows, plan.level_id if plan else None),
        "account": (
            account,
            account_rows,
            plan.account.id if plan and isinstance(plan.account, _Account) else None,
        ),
    }
    answer: dict[str, Any] = {}
    for key, kind, how in parts:
        if kind == "typename":
            answer[key] = how
        elif kind in rows:
            row = rows[kind]
            answer[key] = None if row is None else builds[how](row)
        elif kind in chosen:
            related, kept, row_id = chosen[kind]
            item = kept[how].get(row_id) if row_id is not None else None
            answer[key] = None if item is None else related.compiled[how].build(item)
        elif kind == "warnings":
            answer[key] = [how(e) for e in user_errors(plan.warnings if plan else [])]
        elif kind == "blockers":
            answer[key] = [how(e) for e in user_errors(result.errors)]
        else:
            attribute, serialize = how
            answer[key] = serialize(values[attribute])
    return answer
