"""Compiling a client selection into what one SQL statement reads and a function that turns
each row into the answer.

A selection on `Client` is compiled once per document into a `ClientShape`: the columns
and nested JSON arrays the statement must return (`schema.client_rows.Selection`) and a
builder (`builders`) that writes each row's answer. What the compiler does not know (a
resolver with side effects on the context, arguments from variables inside a client,
directives, `totalCount`, fragments on other types) makes it give up: `NotCompiled`, and the
document goes the full way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    GraphQLSchema,
    IntValueNode,
    SelectionSetNode,
    get_named_type,
)

import models
from resolvers.pagination import DEFAULT_PAGE, MAX_PAGE, cursor_of
from schema.client_rows import Carried, Selection
from schema.common import NEWEST_FIRST
from schema.compiled.builders import Build, Convert, Emitter, record
from schema.compiled.selection import Fields, NotCompiled, response_key


def _loads(raw: Any) -> Any:
    return orjson.loads(raw) if isinstance(raw, str | bytes) else raw


def _first(node: FieldNode) -> int:
    """A nested connection's `first`: a literal (variables would change the statement)."""
    size = DEFAULT_PAGE
    for argument in node.arguments or ():
        if argument.name.value != "first" or not isinstance(argument.value, IntValueNode):
            raise NotCompiled("nested connection arguments")
        size = int(argument.value.value)
    if not 0 <= size <= MAX_PAGE:
        raise NotCompiled("first out of range: the full path reports it")
    return size


@dataclass(frozen=True)
class ClientShape:
    """What a client selection compiles to: what its statement reads, and its row builder."""

    selection: Selection
    build: Build


class ClientCompiler:
    """Compiles selections on `Client` (with `tags`, `level`, `pointsHistory`)."""

    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]):
        self.schema = schema
        self.fragments = fragments

    def _object_type(self, name: str) -> GraphQLObjectType:
        found = self.schema.get_type(name)
        assert isinstance(found, GraphQLObjectType)
        return found

    def fields(self, parent: GraphQLObjectType, node: FieldNode) -> Fields:
        return Fields.of(self.schema, parent, node.selection_set, self.fragments)

    def client(
        self, selection_set: SelectionSetNode | None, columns: Sequence[str] = ()
    ) -> ClientShape:
        """`columns` are read first in every row, whatever is selected (cursor columns)."""
        fields = Fields.of(self.schema, self._object_type("Client"), selection_set, self.fragments)
        carried: dict[str, Any] = {}
        compilers = {"tags": self._tags, "level": self._level, "pointsHistory": self._points}

        def extra(node: FieldNode, emitter: Emitter) -> str | None:
            name = node.name.value
            if name in carried or name not in compilers:
                return None  # twice under aliases: the statement carries one of each
            carried[name], build = compilers[name](node)
            return f"{emitter.ref(build)}(row[_at_{name}])"

        emitter = Emitter({})
        compiled = record(self.schema, fields, models.Client, False, extra, columns, emitter)
        selection = Selection(
            columns=compiled.columns,
            carried=Carried(
                tags=carried.get("tags"),
                level=carried.get("level"),
                points=carried.get("pointsHistory"),
            ),
        )
        # The carried arrays follow the columns in the row, in `Carried.names()` order.
        for offset, name in enumerate(selection.carried.names()):
            emitter.scope[f"_at_{_GRAPHQL_NAME[name]}"] = len(compiled.columns) + offset
        return ClientShape(selection, compiled.build)

    def _tags(self, node: FieldNode) -> tuple[tuple[str, ...], Convert]:
        if node.arguments:
            raise NotCompiled("tags arguments")
        tag = record(self.schema, self.fields(self._object_type("Tag"), node), models.Tag, True)
        build = tag.build
        return tag.columns, lambda raw: [build(row) for row in _loads(raw)]

    def _level(self, node: FieldNode) -> tuple[tuple[str, ...], Convert]:
        if node.arguments:
            raise NotCompiled("level arguments")
        level = record(
            self.schema, self.fields(self._object_type("Level"), node), models.Level, True
        )
        build = level.build

        def one(raw: Any) -> Any:
            rows = _loads(raw)
            return build(rows[0]) if rows else None

        return level.columns, one

    def _points(self, node: FieldNode) -> tuple[tuple[tuple[str, ...], int], Convert]:
        size = _first(node)
        connection = self.fields(self._object_type("PointsEntryConnection"), node)
        entry_type = self._object_type("PointsEntry")
        page_info_type = self._object_type("PageInfo")
        edge_type = get_named_type(connection.parent.fields["edges"].type)
        assert isinstance(edge_type, GraphQLObjectType)
        sort = ("created_at", "id")
        projection = models.PointsEntry._meta.fields_db_projection
        assert tuple(projection[c] for c in NEWEST_FIRST.columns) == sort
        parts: list[tuple[str, str, Any]] = []
        entry_columns: list[str] = list(sort)
        for part in connection.nodes:
            name, key = part.name.value, response_key(part)
            if name == "__typename":
                parts.append((key, "typename", connection.parent.name))
            elif name == "nodes":
                built = record(
                    self.schema,
                    self.fields(entry_type, part),
                    models.PointsEntry,
                    True,
                    columns=sort,
                )
                entry_columns += [c for c in built.columns if c not in entry_columns]
                parts.append((key, "nodes", built.build))
            elif name == "edges":
                parts.append(
                    (
                        key,
                        "edges",
                        self._edges(self.fields(edge_type, part), entry_type, entry_columns),
                    )
                )
            elif name == "pageInfo":
                info = self.fields(page_info_type, part)
                check_page_info(info)
                parts.append((key, "pageInfo", info))
            else:
                raise NotCompiled(f"pointsHistory.{name}")
        created_at = models.PointsEntry._meta.fields_map["created_at"]

        def cursor(row: dict[str, Any]) -> str:
            return cursor_of(
                NEWEST_FIRST, [created_at.to_python_value(row["created_at"]), row["id"]]
            )

        def build(raw: Any) -> dict[str, Any]:
            rows = _loads(raw)
            items = rows[:size]
            answer: dict[str, Any] = {}
            for key, kind, how in parts:
                if kind == "typename":
                    answer[key] = how
                elif kind == "nodes":
                    answer[key] = [how(row) for row in items]
                elif kind == "edges":
                    answer[key] = [how(row, cursor) for row in items]
                else:
                    answer[key] = page_info(how, items, len(rows) > size, cursor)
            return answer

        return (tuple(entry_columns), size + 1), build

    def _edges(
        self, fields: Fields, entry_type: GraphQLObjectType, entry_columns: list[str]
    ) -> Callable[[Any, Callable[[Any], str]], dict[str, Any]]:
        parts: list[tuple[str, str, Any]] = []
        for part in fields.nodes:
            name, key = part.name.value, response_key(part)
            if name == "__typename":
                parts.append((key, "typename", fields.parent.name))
            elif name == "cursor":
                parts.append((key, "cursor", None))
            elif name == "node":
                built = record(self.schema, self.fields(entry_type, part), models.PointsEntry, True)
                entry_columns += [c for c in built.columns if c not in entry_columns]
                parts.append((key, "node", built.build))
            else:
                raise NotCompiled(f"edges.{name}")

        def edge(row: Any, cursor: Callable[[Any], str]) -> dict[str, Any]:
            answer: dict[str, Any] = {}
            for key, kind, how in parts:
                answer[key] = (
                    how if kind == "typename" else cursor(row) if kind == "cursor" else how(row)
                )
            return answer

        return edge


def page_info(
    fields: Fields,
    items: Sequence[Any],
    has_next: bool,
    cursor: Callable[[Any], str],
    has_previous: bool = False,
) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    for part in fields.nodes:
        name, key = part.name.value, response_key(part)
        if name == "__typename":
            answer[key] = fields.parent.name
        elif name == "hasNextPage":
            answer[key] = has_next
        elif name == "hasPreviousPage":
            answer[key] = has_previous
        elif name == "startCursor":
            answer[key] = cursor(items[0]) if items else None
        elif name == "endCursor":
            answer[key] = cursor(items[-1]) if items else None
        else:
            raise NotCompiled(f"pageInfo.{name}")
    return answer


def check_page_info(fields: Fields) -> None:
    known = {"__typename", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor"}
    for part in fields.nodes:
        if part.name.value not in known or part.arguments:
            raise NotCompiled(f"pageInfo.{part.name.value}")


_GRAPHQL_NAME = {"tags": "tags", "level": "level", "points": "pointsHistory"}
