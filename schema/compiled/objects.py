"""Compiling a selection on a table-backed type (`schema.sources.TABLES`) into the SQL
expressions one statement reads and a function that writes each row's answer.

Every field comes from its description: a column, a public id, an expression, or related
rows. Related rows are read by correlated sub-selects in the same statement, aggregated to
a JSON array (`json_agg` on PostgreSQL, `json_group_array` on SQLite), nested as deep as
the document goes: a client's notes, a referral's tags, an order's lines. A connection
reads `first` + 1 rows (for `hasNextPage`) and, when `totalCount` is asked, one more
sub-select counts them (exactly: a client's own lists). A nested `first`, `after` or
filter from a variable becomes a literal of the statement (`NeedsVariables`: the document
is compiled per set of variables).

A row of the outermost statement is read by position (the driver's record); the objects
inside JSON arrays are read by name. What the compiler does not handle (directives,
fragments on other types) makes it give up: `NotCompiled`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    IntValueNode,
    VariableNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values
from tortoise.fields import DecimalField
from tortoise.models import Model

from resolvers.errors import BadInput
from resolvers.pagination import (
    DEFAULT_PAGE,
    MAX_PAGE,
    BoundedCount,
    SortKey,
    cursor_of,
    read_cursor,
)
from schema.client_rows import Sql
from schema.compiled.builders import CALLER, Build, Emitter, leaf_code
from schema.compiled.selection import Fields, NeedsVariables, NotCompiled, response_key
from schema.execution import plain_leaf
from schema.sources import (
    TABLES,
    Column,
    Derived,
    Expression,
    Items,
    Linked,
    Matched,
    PublicId,
    PublicIds,
    Related,
    RowsOf,
    Values,
)


@dataclass(frozen=True)
class Compiled:
    """A compiled selection: the model columns a row holds (first), the expressions read
    after them (each with its name in a JSON object), and the row's builder."""

    model: type[Model]
    columns: tuple[str, ...]
    named: tuple[tuple[str, Sql], ...]
    build: Build

    @property
    def extras(self) -> tuple[Sql, ...]:
        return tuple(sql for _, sql in self.named)

    def array(self, alias: str, rows_from: str | Sql) -> Sql:
        """A JSON array of these objects, one per row of `rows_from` (which reads `alias`;
        one text, or one per dialect)."""
        if isinstance(rows_from, str):
            rows_from = Sql(rows_from, rows_from)
        fields_map = self.model._meta.fields_map
        column_field = {c: fields_map[n] for n, c in self.model._meta.fields_db_projection.items()}

        def select(postgres: bool) -> str:
            parts = []
            for column in self.columns:
                value = f'{alias}."{column}"'
                if isinstance(column_field[column], DecimalField):
                    value = f"CAST({value} AS TEXT)"  # exact, not a JSON number
                parts.append(f'{value} AS "{column}"')
            parts += [f'{sql.on(postgres)} AS "{slot}"' for slot, sql in self.named]
            return ", ".join(parts or ['1 AS "_"'])

        names = [*self.columns, *(slot for slot, _ in self.named)]
        # SQLite takes at most 127 arguments per function: wide objects are set in chunks.
        chunks = [names[i : i + _PAIRS] for i in range(0, len(names), _PAIRS)] or [[]]
        pairs = ", ".join(f"'{n}', j.\"{n}\"" for n in chunks[0])
        sqlite_object = f"json_object({pairs})"
        for chunk in chunks[1:]:
            paths = ", ".join(f"'$.{n}', j.\"{n}\"" for n in chunk)
            sqlite_object = f"json_set({sqlite_object}, {paths})"
        postgres = (
            f"(SELECT coalesce(json_agg(j), '[]'::json) FROM "  # noqa: S608
            f"(SELECT {select(True)} {rows_from.postgres}) j)"
        )
        sqlite = (
            f"(SELECT coalesce(json_group_array({sqlite_object}), '[]') FROM "  # noqa: S608
            f"(SELECT {select(False)} {rows_from.sqlite}) j)"
        )
        return Sql(postgres, sqlite)


_PAIRS = 60


def loads(raw: Any) -> Any:
    """A JSON value as the driver or an enclosing array gives it."""
    return orjson.loads(raw) if isinstance(raw, str | bytes) else raw


def _named(definition_type: Any) -> GraphQLObjectType:
    found = get_named_type(definition_type)
    assert isinstance(found, GraphQLObjectType)
    return found


def _is_list(definition_type: Any) -> bool:
    inner = (
        definition_type.of_type if isinstance(definition_type, GraphQLNonNull) else definition_type
    )
    return isinstance(inner, GraphQLList)


def page_size(node: FieldNode) -> int:
    """A nested connection's `first`: a literal (a variable would change the statement)."""
    size = DEFAULT_PAGE
    for argument in node.arguments or ():
        if argument.name.value != "first" or not isinstance(argument.value, IntValueNode):
            raise NotCompiled("nested connection arguments")
        size = int(argument.value.value)
    if not 0 <= size <= MAX_PAGE:
        raise NotCompiled("first out of range: the full path reports it")
    return size


def _order_sql(model: type[Model], alias: str, order: Sequence[str]) -> str:
    projection = model._meta.fields_db_projection
    parts = []
    for name in order:
        column = projection[name.lstrip("-")]
        parts.append(f'{alias}."{column}"{" DESC" if name.startswith("-") else ""}')
    return ", ".join(parts)


def _sort_key(order: Sequence[str]) -> SortKey:
    """The cursor key of a newest-first list (the only order nested lists have)."""
    if tuple(order) != ("-created_at", "-id"):
        raise NotCompiled("cursors of another order")
    from schema.common import NEWEST_FIRST  # the reference's key, so cursors are the same

    return NEWEST_FIRST


@dataclass
class _Slots:
    """What one object's row holds while its selection is compiled."""

    by_name: bool
    columns: list[str]
    extras: list[tuple[str, Sql]] = field(default_factory=list)

    def column(self, name: str) -> str:
        if name not in self.columns:
            self.columns.append(name)
        return repr(name) if self.by_name else str(self.columns.index(name))

    def add(self, slot: str, sql: Sql) -> str:
        """A reference to the extra's value in the row (positions are known at the end)."""
        self.extras.append((slot, sql))
        return repr(slot) if self.by_name else f"_at_{slot}"


class ObjectCompiler:
    """Compiles selections on the table-backed types of one document."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: VariableValues | None = None,
    ):
        """With `variables` (coerced), nested arguments given by variables are compiled
        into the statement (a plan per set of variables); without, they raise
        `NeedsVariables`."""
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self._names = itertools.count(1)

    def fields(self, parent: GraphQLObjectType, node: FieldNode) -> Fields:
        return Fields.of(self.schema, parent, node.selection_set, self.fragments)

    def alias(self) -> str:
        return f"t{next(self._names)}"

    def compile(
        self,
        parent: GraphQLObjectType,
        fields: Fields,
        alias: str,
        *,
        by_name: bool,
        columns: Sequence[str] = (),
    ) -> Compiled:
        """`columns` are read first in every row whatever is selected (cursor columns)."""
        table = TABLES.get(parent.name)
        if table is None:
            raise NotCompiled(f"{parent.name} is not read from a table")
        model = table.model
        projection = model._meta.fields_db_projection
        slots = _Slots(by_name, list(columns))
        emitter = Emitter({})
        entries: list[tuple[str, str]] = []
        for node in fields.nodes:
            name = node.name.value
            key = response_key(node)
            if name == "__typename":
                entries.append((key, repr(parent.name)))
                continue
            source = table.fields.get(name)
            definition = parent.fields.get(name)
            if definition is None:
                raise NotCompiled(f"{parent.name}.{name}")
            if source is None:
                plain = plain_leaf(definition)
                if plain is None or node.arguments or plain[0].python_name not in projection:
                    raise NotCompiled(f"{parent.name}.{name}")
                leaf = get_named_type(definition.type)
                assert isinstance(leaf, GraphQLScalarType | GraphQLEnumType)
                attribute = plain[0].python_name
                value = f"row[{slots.column(projection[attribute])}]"
                entries.append(
                    (key, leaf_code(model._meta.fields_map[attribute], leaf, emitter, value))
                )
            elif isinstance(source, Column):
                leaf = get_named_type(definition.type)
                assert isinstance(leaf, GraphQLScalarType | GraphQLEnumType)
                value = f"row[{slots.column(projection[source.attribute])}]"
                model_field = model._meta.fields_map[source.attribute]
                entries.append((key, leaf_code(model_field, leaf, emitter, value)))
            elif isinstance(source, Derived):
                values = ", ".join(f"row[{slots.column(c)}]" for c in source.columns)
                entries.append((key, f"{emitter.ref(source.compute)}({values})"))
            elif isinstance(source, PublicId):
                entries.append((key, f"_str(row[{slots.column(source.column)}])"))
            elif isinstance(source, Expression):
                leaf = get_named_type(definition.type)
                assert isinstance(leaf, GraphQLScalarType | GraphQLEnumType)
                sql = source.sql.format(t=alias)
                postgres = (source.postgres or source.sql).format(t=alias)
                ref = slots.add(f"x{next(self._names)}", Sql(postgres, sql))
                convert = _scalar(leaf.serialize)
                if source.json:
                    convert = _json(leaf.serialize, source.for_caller)
                entries.append((key, f"{emitter.ref(convert)}(row[{ref}])"))
            elif isinstance(source, Items):
                item_type = _named(definition.type)
                build = self._items(item_type, self.fields(item_type, node), source.rows)
                entries.append((key, f"{emitter.ref(build)}(row[{slots.column(source.column)}])"))
            elif isinstance(source, RowsOf):
                item_type = _named(definition.type)
                build = self._items(item_type, self.fields(item_type, node), source.rows)
                ref = slots.add(f"x{next(self._names)}", _rows_of_sql(source, alias))
                entries.append((key, f"{emitter.ref(build)}(row[{ref}])"))
            elif isinstance(source, Values):
                leaf = get_named_type(definition.type)
                assert isinstance(leaf, GraphQLScalarType | GraphQLEnumType)
                build_values = _values(source.convert, leaf.serialize)
                entries.append(
                    (key, f"{emitter.ref(build_values)}(row[{slots.column(source.column)}])")
                )
            elif isinstance(source, PublicIds):
                ref = slots.add(f"x{next(self._names)}", _public_ids_sql(source, alias))
                entries.append((key, f"{emitter.ref(_sorted_ids)}(row[{ref}])"))
            else:
                entries.append(
                    (key, self._related(node, definition, source, alias, slots, emitter))
                )
        if not by_name:
            # Extras follow the columns in a positional row, in the order they were added.
            for offset, (slot, _) in enumerate(slots.extras):
                emitter.scope[f"_at_{slot}"] = len(slots.columns) + offset
        return Compiled(model, tuple(slots.columns), tuple(slots.extras), emitter.function(entries))

    def _related(
        self,
        node: FieldNode,
        definition: Any,
        source: Related | Linked | Matched,
        alias: str,
        slots: _Slots,
        emitter: Emitter,
    ) -> str:
        target = _named(definition.type)
        inner = self.alias()
        if target.name.endswith("Connection"):
            if not isinstance(source, Related) or not source.points_here:
                raise NotCompiled("a connection of rows this one points at")
            return self._connection(node, definition, target, source, alias, inner, slots, emitter)
        item = self.compile(target, self.fields(target, node), inner, by_name=True)
        if isinstance(source, Matched):
            rows_from = (
                f'FROM "{source.model._meta.db_table}" {inner} '
                f"WHERE {source.where.format(t=alias, r=inner)} LIMIT 1"
            )
        elif isinstance(source, Linked):
            table = source.model._meta.db_table
            rows_from = (
                f'FROM "{source.table}" l{inner} JOIN "{table}" {inner} '
                f'ON {inner}."id" = l{inner}."{source.far}" '
                f'WHERE l{inner}."{source.near}" = {alias}."id" '
                f"ORDER BY {_order_sql(source.model, inner, source.order)}"
            )
        elif source.points_here:
            rows_from = (
                f'FROM "{source.model._meta.db_table}" {inner} '
                f'WHERE {inner}."{source.key}" = {alias}."id" '
                f"ORDER BY {_order_sql(source.model, inner, source.order)}"
            )
        else:
            rows_from = (
                f'FROM "{source.model._meta.db_table}" {inner} '
                f'WHERE {inner}."id" = {alias}."{source.key}"'
            )
        ref = slots.add(f"x{next(self._names)}", item.array(inner, rows_from))
        build = item.build
        if _is_list(definition.type):
            return f"[{emitter.ref(build)}(r) for r in {emitter.ref(loads)}(row[{ref}])]"
        return f"{emitter.ref(_one(build))}(row[{ref}])"

    def _connection(
        self,
        node: FieldNode,
        definition: GraphQLField,
        connection_type: GraphQLObjectType,
        source: Related,
        alias: str,
        inner: str,
        slots: _Slots,
        emitter: Emitter,
    ) -> str:
        key = source.cursor or _sort_key(source.order)
        size, where, after = _connection_arguments(node, definition, source, key, self.variables)
        model = source.model
        projection = model._meta.fields_db_projection
        sort_columns = tuple(projection[c] for c in key.columns)
        connection = self.fields(connection_type, node)
        item_type = _named(connection_type.fields["nodes"].type)
        edge_type = _named(connection_type.fields["edges"].type)
        page_info_type = _named(connection_type.fields["pageInfo"].type)
        # Every path to the items (`nodes`, `edges { node }`, aliases) reads its own
        # selection from the same rows.
        items: list[Compiled] = []
        parts: list[tuple[str, str, Any]] = []
        count_ref: str | None = None
        for part in connection.nodes:
            name, part_key = part.name.value, response_key(part)
            if name == "__typename":
                parts.append((part_key, "typename", connection_type.name))
            elif name == "nodes":
                compiled = self._item(item_type, part, inner, sort_columns)
                items.append(compiled)
                parts.append((part_key, "nodes", compiled.build))
            elif name == "edges":
                edge = self.fields(edge_type, part)
                edge_parts: list[tuple[str, str, Any]] = []
                for inside in edge.nodes:
                    inside_name, inside_key = inside.name.value, response_key(inside)
                    if inside_name == "__typename":
                        edge_parts.append((inside_key, "typename", edge_type.name))
                    elif inside_name == "cursor":
                        edge_parts.append((inside_key, "cursor", None))
                    else:
                        compiled = self._item(item_type, inside, inner, sort_columns)
                        items.append(compiled)
                        edge_parts.append((inside_key, "node", compiled.build))
                parts.append((part_key, "edges", edge_parts))
            elif name == "pageInfo":
                info = self.fields(page_info_type, part)
                check_page_info(info)
                parts.append((part_key, "pageInfo", info))
            elif name in ("totalCount", "count"):
                # A client's own lists are counted exactly, `count` as `totalCount` (as
                # the reference counts them: per client, by the index on its key).
                table = model._meta.db_table
                count = (
                    f'(SELECT count(*) FROM "{table}" c{inner} '  # noqa: S608
                    f'WHERE c{inner}."{source.key}" = {alias}."id"'
                    f"{where.format(r=f'c{inner}')})"
                )
                count_ref = count_ref or slots.add(f"x{next(self._names)}", Sql(count, count))
                if name == "count":
                    count_type = _named(connection_type.fields["count"].type)
                    counted = self.fields(count_type, part)
                    check_count(counted)
                    parts.append((part_key, "bounded", (counted, 0)))
                else:
                    parts.append((part_key, "count", None))
            else:
                raise NotCompiled(f"{connection_type.name}.{name}")
        merged = _merge(model, items, sort_columns)
        rows_from = Sql(
            *(
                f'FROM "{model._meta.db_table}" {inner} '
                f'WHERE {inner}."{source.key}" = {alias}."id"{where.format(r=inner)}'
                f"{after.on(postgres).format(r=inner) if after else ''} "
                f"ORDER BY {_order_sql(model, inner, source.order)} LIMIT {size + 1}"
                for postgres in (True, False)
            )
        )
        has_previous = after is not None
        rows_ref = slots.add(f"x{next(self._names)}", merged.array(inner, rows_from))
        fields_map = model._meta.fields_map
        converters = [fields_map[f].to_python_value for f in key.columns]

        def cursor(row: dict[str, Any]) -> str:
            return cursor_of(
                key, [c(row[col]) for c, col in zip(converters, sort_columns, strict=True)]
            )

        def build(raw: Any, count: Any = None) -> dict[str, Any]:
            rows = loads(raw)
            exact = () if count is None else (BoundedCount(count, exact=True),)
            return connection_answer(
                parts, rows[:size], len(rows) > size, has_previous, cursor, count, exact
            )

        count_code = f", row[{count_ref}]" if count_ref else ""
        return f"{emitter.ref(build)}(row[{rows_ref}]{count_code})"

    def _item(
        self,
        item_type: GraphQLObjectType,
        node: FieldNode,
        inner: str,
        sort_columns: tuple[str, ...],
    ) -> Compiled:
        return self.compile(
            item_type, self.fields(item_type, node), inner, by_name=True, columns=sort_columns
        )

    def _items(
        self,
        item_type: GraphQLObjectType,
        fields: Fields,
        rows: Callable[[Any], list[dict[str, Any]]],
    ) -> Callable[[Any], Any]:
        """A builder of a JSON column's items: plain dicts, each field serialized."""
        entries: list[tuple[str, str, Any]] = []
        for node in fields.nodes:
            name = node.name.value
            if name == "__typename":
                entries.append((response_key(node), "", item_type.name))
                continue
            definition = item_type.fields.get(name)
            plain = plain_leaf(definition) if definition is not None else None
            if plain is None or node.arguments:
                raise NotCompiled(f"{item_type.name}.{name}")
            leaf = get_named_type(definition.type)
            assert isinstance(leaf, GraphQLScalarType | GraphQLEnumType)
            entries.append((response_key(node), plain[0].python_name, leaf.serialize))

        def build(raw: Any) -> list[dict[str, Any]]:
            answer = []
            for item in rows(loads(raw)):
                answer.append(
                    {
                        key: (serialize if not name else _nullable(serialize, item[name]))
                        for key, name, serialize in entries
                    }
                )
            return answer

        return build


def _nullable(serialize: Callable[[Any], Any], value: Any) -> Any:
    return None if value is None else serialize(value)


def _merge(model: type[Model], items: list[Compiled], sort_columns: tuple[str, ...]) -> Compiled:
    """One row set for every path to a connection's items (their slots are distinct)."""
    columns = list(sort_columns)
    named: list[tuple[str, Sql]] = []
    for item in items:
        columns += [c for c in item.columns if c not in columns]
        named += item.named
    return Compiled(model, tuple(columns), tuple(named), dict)


def _one(build: Build) -> Callable[[Any], Any]:
    def one(raw: Any) -> Any:
        rows = loads(raw)
        return build(rows[0]) if rows else None

    return one


def _json(
    serialize: Callable[[Any], Any], for_caller: Callable[[Any, Any], Any] | None
) -> Callable[[Any], Any]:
    """A JSON value held as text (the expression's own, or inside an array); with
    `for_caller`, what the caller may read of it."""

    def convert(value: Any) -> Any:
        if value is None:
            return None
        value = orjson.loads(value) if isinstance(value, str | bytes) else value
        if for_caller is not None:
            value = for_caller(value, CALLER.get())
        return serialize(value)

    return convert


def _connection_arguments(
    node: FieldNode,
    definition: GraphQLField,
    source: Related,
    key: SortKey,
    variables: VariableValues | None,
) -> tuple[int, str, Sql | None]:
    """A nested connection's `first`, its filters (`Related.filters`, SQL over `{r}`) and
    the keyset condition of its `after` (per dialect, over `{r}`). Arguments from
    variables need the variables (`NeedsVariables`): their values become part of the
    statement, as literals the compiler writes (numbers, timestamps, enum values; never
    input text)."""
    if variables is None and any(isinstance(a.value, VariableNode) for a in node.arguments or ()):
        raise NeedsVariables("a nested argument from a variable")
    try:
        values = get_argument_values(definition, node, variables)
    except GraphQLError:
        raise NotCompiled("arguments the full path refuses") from None
    filters = dict(source.filters)
    fields_map = source.model._meta.fields_map
    columns = {c: n for n, c in source.model._meta.fields_db_projection.items()}
    size = values.get("first", DEFAULT_PAGE)
    if type(size) is not int or not 0 <= size <= MAX_PAGE:
        raise NotCompiled("first out of range: the full path reports it")
    where = ""
    for name, value in values.items():
        if name in ("first", "after") or value is None:
            continue
        if name not in filters:
            raise NotCompiled("nested connection arguments")
        column = filters[name]
        enum_type = getattr(fields_map[columns[column]], "enum_type", None)
        if enum_type is None or value not in {m.value for m in enum_type}:
            raise NotCompiled("a filter that is not a known enum value")
        # An enum's database value (a constant of the model, not input text).
        where += f" AND {{r}}.\"{column}\" = '{enum_type(value).value}'"
    after = values.get("after")
    if after is None:
        return size, where, None
    try:
        cursor = read_cursor(key, after)
    except BadInput:
        raise NotCompiled("a cursor the full path refuses") from None
    return size, where, _after_sql(source.model, key, cursor)


def _after_sql(model: type[Model], key: SortKey, values: Sequence[Any]) -> Sql:
    """Rows strictly after `values` in the key's order, as `resolvers.pagination.after`
    writes it (lexicographic on the key's columns), the values as literals."""
    projection = model._meta.fields_db_projection
    op = "<" if key.descending else ">"

    def literal(value: Any, postgres: bool) -> str:
        if type(value) is int:
            return str(value)
        if isinstance(value, datetime):
            moment = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
            # As each driver writes a timestamp parameter (SQLite compares the text).
            if postgres:
                return f"'{moment.isoformat()}'::timestamptz"
            return f"'{moment.isoformat(' ')}'"
        raise NotCompiled("a cursor value of another type")

    def condition(postgres: bool) -> str:
        steps = []
        for i, name in enumerate(key.columns):
            equal = [
                f'{{r}}."{projection[key.columns[j]]}" = {literal(values[j], postgres)}'
                for j in range(i)
            ]
            last = f'{{r}}."{projection[name]}" {op} {literal(values[i], postgres)}'
            steps.append("(" + " AND ".join([*equal, last]) + ")")
        return " AND (" + " OR ".join(steps) + ")"

    return Sql(condition(True), condition(False))


def _rows_of_sql(source: RowsOf, alias: str) -> Sql:
    table = source.model._meta.db_table
    rows = f'FROM "{table}" r WHERE r."{source.key}" = {alias}."id"'
    columns = ", ".join(f'r."{c}" AS "{c}"' for c in source.columns)
    pairs = ", ".join(f"'{c}', r.\"{c}\"" for c in source.columns)
    return Sql(
        f"(SELECT coalesce(json_agg(j), '[]'::json) FROM (SELECT {columns} {rows}) j)",  # noqa: S608
        f"(SELECT coalesce(json_group_array(json_object({pairs})), '[]') {rows})",
    )


def _scalar(serialize: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if value is None:
            return None
        return serialize(str(value) if isinstance(value, UUID) else value)

    return convert


def _values(convert: Callable[[Any], Any], serialize: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda raw: [serialize(convert(v)) for v in loads(raw)]


def _sorted_ids(raw: Any) -> list[str]:
    return sorted(str(row["u"]) for row in loads(raw))


def _public_ids_sql(source: PublicIds, alias: str) -> Sql:
    table = source.model._meta.db_table
    rows = f'FROM "{table}" p WHERE p."{source.key}" = {alias}."id"'
    return Sql(
        f'(SELECT coalesce(json_agg(j), \'[]\'::json) FROM (SELECT p."uuid" AS "u" {rows}) j)',  # noqa: S608
        f"(SELECT coalesce(json_group_array(json_object('u', p.\"uuid\")), '[]') {rows})",
    )


def _edge(
    parts: list[tuple[str, str, Any]], row: Any, cursor: Callable[[Any], str]
) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    for key, kind, how in parts:
        answer[key] = how if kind == "typename" else cursor(row) if kind == "cursor" else how(row)
    return answer


def connection_answer(
    parts: list[tuple[str, str, Any]],
    items: Sequence[Any],
    has_next: bool,
    has_previous: bool,
    cursor: Callable[[Any], str],
    total: int | None = None,
    counts: Sequence[BoundedCount] = (),
) -> dict[str, Any]:
    """A connection's answer from its compiled parts, each (response key, kind, how):
    `typename` (how: the name), `count` (totalCount: `total`), `bounded` (a `count`; how:
    its fields and its index in `counts`), `nodes` (how: a row's build), `edges` (how: the
    edge's parts, `typename`, `cursor` or `node`), `pageInfo` (how: its fields). The
    roots and a record's nested lists alike."""
    answer: dict[str, Any] = {}
    for key, kind, how in parts:
        if kind == "typename":
            answer[key] = how
        elif kind == "count":
            answer[key] = total
        elif kind == "bounded":
            answer[key] = count_answer(how[0], counts[how[1]])
        elif kind == "nodes":
            answer[key] = [how(item) for item in items]
        elif kind == "edges":
            answer[key] = [_edge(how, item, cursor) for item in items]
        else:
            answer[key] = page_info(how, items, has_next, cursor, has_previous)
    return answer


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


def check_count(fields: Fields) -> None:
    for part in fields.nodes:
        if part.name.value not in ("__typename", "value", "precision") or part.arguments:
            raise NotCompiled(f"Count.{part.name.value}")


def count_answer(fields: Fields, counted: BoundedCount) -> dict[str, Any]:
    """A `Count` selection's answer (R6.5): the value and whether it is exact."""
    answer: dict[str, Any] = {}
    for part in fields.nodes:
        name, key = part.name.value, response_key(part)
        if name == "__typename":
            answer[key] = fields.parent.name
        elif name == "value":
            answer[key] = counted.value
        else:
            answer[key] = "EXACT" if counted.exact else "AT_LEAST"
    return answer
