"""The plan's argument converters (schema/compiled/arguments.py) against Strawberry's own
`convert_arguments`, branch by branch, on a small schema built here.

`tests/test_compiled_writes.py` compares both conversions on the inputs the lean writes
have; these tests give the converters the shapes those inputs do not have (yet): fields
left to an implicit None, UNSET defaults, default lists from a factory (which graphql-core
hands to every request as the same object), lists of inputs, of enums, of custom scalars,
inputs that hold themselves, a null nested input, lazy types, and the types left to
Strawberry (`Maybe`, `GlobalID`, an input that builds itself). Each comparison is by value
and by type, all the way down.
"""

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, NewType, Optional

import pytest
import strawberry
from graphql import parse, validate
from graphql.execution.values import get_argument_values, get_variable_values
from graphql.language import FieldNode, OperationDefinitionNode
from strawberry.relay import GlobalID
from strawberry.scalars import JSON
from strawberry.schema.config import StrawberryConfig
from strawberry.types.arguments import convert_arguments
from strawberry.types.unset import UNSET

from schema.compiled import arguments
from schema.compiled.arguments import argument_converter

HERE = "tests.test_compiled_arguments"


@strawberry.enum
class Color(Enum):
    RED = "red"
    BLUE = "blue"


Money = NewType("Money", Decimal)  # a custom scalar (StrawberryConfig.scalar_map)


@strawberry.input
class Leaf:
    name: str
    color: Color | None = None


@strawberry.input
class Node:
    """An input that holds itself (a tree of filters)."""

    label: str
    children: list["Node"] = strawberry.field(default_factory=list)
    parent: Optional["Node"] = None


@strawberry.input
class Everything:
    required: int
    implicit: int | None  # no default: Strawberry builds it with None
    none_default: str | None = None
    unset_default: str | None = UNSET
    tags: list[str] = strawberry.field(default_factory=list)
    colors: list[Color] = strawberry.field(default_factory=lambda: [Color.RED])
    maybe_items: list[int | None] | None = None
    amount: Money | None = None
    amounts: list[Money] = strawberry.field(default_factory=list)
    data: JSON | None = None
    color: Color = Color.BLUE
    day: date | None = None
    leaves: list[Leaf] = strawberry.field(default_factory=list)
    maybe_leaves: list[Leaf | None] | None = None
    nested: Leaf | None = None
    tree: Node | None = UNSET
    renamed: int | None = strawberry.field(name="otherName", default=None)
    # Annotations are not strings here (no `from __future__ import annotations`), so
    # Strawberry keeps these as LazyType until they are resolved.
    lazy_leaf: Optional[Annotated["Leaf", strawberry.lazy(HERE)]] = None  # noqa: UP045
    lazy_colors: list[Annotated["Color", strawberry.lazy(HERE)]] = strawberry.field(
        default_factory=list
    )


@strawberry.input
class WithMaybe:
    note: strawberry.Maybe[str | None]
    count: int | None = None


@strawberry.input
class WithGlobalId:
    ref: GlobalID
    count: int | None = None


@strawberry.input
class WithGlobalIds:
    refs: list[GlobalID] = strawberry.field(default_factory=list)


@strawberry.input
class BuildsItself:
    doubled: int


def _build_itself(cls: type, value: Any, context: Any) -> Any:
    return cls(doubled=value["doubled"] * 2)


BuildsItself.__strawberry_definition__.from_input = _build_itself  # type: ignore[attr-defined]


@strawberry.type
class Query:
    ok: bool = True


@strawberry.type
class Mutation:
    @strawberry.mutation
    def run(
        self,
        input: Everything,
        count: int | None = None,
        words: list[str] | None = None,
        leaf: Leaf | None = UNSET,
    ) -> int:
        return 0

    @strawberry.mutation
    def fallback(
        self,
        maybe: WithMaybe | None = None,
        with_id: WithGlobalId | None = None,
        with_ids: WithGlobalIds | None = None,
        built: BuildsItself | None = None,
        direct_id: GlobalID | None = None,
        count: int | None = None,
    ) -> int:
        return 0


SCHEMA = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    config=StrawberryConfig(
        scalar_map={
            Money: strawberry.scalar(
                name="Money", serialize=str, parse_value=lambda value: Decimal(str(value))
            )
        }
    ),
)
RUN = """mutation($input: Everything!, $count: Int, $words: [String!], $leaf: Leaf) {
  run(input: $input, count: $count, words: $words, leaf: $leaf)
}"""
FALLBACK = """mutation($maybe: WithMaybe, $withId: WithGlobalId, $withIds: WithGlobalIds,
  $built: BuildsItself, $directId: ID, $count: Int) {
  fallback(maybe: $maybe, withId: $withId, withIds: $withIds, built: $built,
    directId: $directId, count: $count)
}"""


def _values(query: str, variables: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """graphql-core's argument values for the document's one field, and that field."""
    document = parse(query)
    assert not validate(SCHEMA._schema, document)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    node = operation.selection_set.selections[0]
    assert isinstance(node, FieldNode)
    mutation = SCHEMA._schema.mutation_type
    assert mutation is not None
    definition = mutation.fields[node.name.value]
    coerced = get_variable_values(SCHEMA._schema, operation.variable_definitions, variables)
    assert not isinstance(coerced, list), coerced
    field = SCHEMA.get_type_by_name("Mutation").get_field(node.name.value)  # type: ignore[union-attr]
    return get_argument_values(definition, node, coerced), field


def _both(query: str, variables: dict[str, Any]) -> tuple[Any, Any]:
    """The plan's conversion and Strawberry's, each of its own graphql-core values."""
    values, field = _values(query, variables)
    mine = argument_converter(SCHEMA, field.arguments)(values)  # type: ignore[arg-type]
    values, field = _values(query, variables)
    theirs = convert_arguments(
        values,
        field.arguments,
        scalar_registry=SCHEMA.schema_converter.scalar_registry,
        config=SCHEMA.config,
    )
    return mine, theirs


def _types(value: Any) -> Any:
    """The Python types of a converted value, all the way down."""
    if isinstance(value, dict):
        return (dict, {k: _types(v) for k, v in value.items()})
    if isinstance(value, list):
        return [list, *(_types(v) for v in value)]
    if hasattr(value, "__dataclass_fields__"):
        return (type(value), {k: _types(getattr(value, k)) for k in value.__dataclass_fields__})
    if hasattr(value, "value") and type(value).__name__ == "Some":
        return (type(value), _types(value.value))
    return type(value)


def _alike(mine: Any, theirs: Any) -> None:
    assert mine == theirs
    assert _types(mine) == _types(theirs)


def _only(**given: Any) -> dict[str, Any]:
    return {"input": {"required": 1, **given}}


RUNS: dict[str, dict[str, Any]] = {
    "defaults only": _only(),
    "nulls": _only(
        implicit=None,
        noneDefault=None,
        unsetDefault=None,
        maybeItems=None,
        amount=None,
        day=None,
        maybeLeaves=None,
        nested=None,
        tree=None,
        otherName=None,
        lazyLeaf=None,
    ),
    "scalars": _only(implicit=2, noneDefault="a", unsetDefault="b", day="2024-02-29", otherName=7),
    "leaf lists": _only(tags=["x", "y"], maybeItems=[1, None, 3], colors=["BLUE", "RED"]),
    "empty lists": _only(tags=[], colors=[], amounts=[], leaves=[], lazyColors=[]),
    "custom scalars": _only(amount="1.50", amounts=["2", "3.25"], data={"a": [1, {"b": None}]}),
    "enums": _only(color="RED", colors=["BLUE"], lazyColors=["RED", "BLUE"]),
    "input lists": _only(
        leaves=[{"name": "a"}, {"name": "b", "color": "RED"}, {"name": "c", "color": None}],
        maybeLeaves=[None, {"name": "d"}],
    ),
    "nested inputs": _only(nested={"name": "n", "color": "BLUE"}, lazyLeaf={"name": "l"}),
    "a tree": _only(
        tree={
            "label": "root",
            "children": [{"label": "a", "children": [{"label": "a1"}]}, {"label": "b"}],
            "parent": {"label": "up", "parent": None},
        }
    ),
    "other arguments": {
        **_only(),
        "count": 3,
        "words": ["w"],
        "leaf": {"name": "x", "color": "RED"},
    },
    "other arguments null": {**_only(), "count": None, "words": None, "leaf": None},
}


@pytest.mark.parametrize("variables", list(RUNS.values()), ids=list(RUNS))
def test_converted_as_strawberry_converts(variables):
    _alike(*_both(RUN, variables))


def test_fields_without_a_default_are_none_and_unset_defaults_stay_unset():
    mine, _ = _both(RUN, _only())
    assert mine["input"].implicit is None
    assert mine["input"].none_default is None
    assert mine["input"].unset_default is UNSET
    assert mine["input"].tree is UNSET
    assert "leaf" not in mine  # an argument not sent, without a default, is not passed
    assert mine["count"] is None  # graphql-core gives the argument's default, null
    assert mine["input"].colors == [Color.RED]
    assert mine["input"].color is Color.BLUE


@pytest.mark.parametrize("variables", list(RUNS.values()), ids=list(RUNS))
def test_the_shapes_modelled_are_not_left_to_strawberry(variables, monkeypatch):
    """Optional and lazy types, lists, scalars, enums and inputs (even one that holds
    itself) are converted by the plan's converters, not handed to Strawberry whole."""

    def strawberry_called(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"left to Strawberry: {args[1]}")

    monkeypatch.setattr(arguments, "convert_argument", strawberry_called)
    values, field = _values(RUN, variables)
    argument_converter(SCHEMA, field.arguments)(values)  # type: ignore[arg-type]


def test_a_default_list_is_the_resolvers_own():
    """graphql-core gives every request the same default list (the schema's): a resolver
    that changes its list must not change the next request's default."""
    convert = argument_converter(SCHEMA, _values(RUN, _only())[1].arguments)  # type: ignore[arg-type]
    first = convert(_values(RUN, _only())[0])["input"]
    for name in ("tags", "colors", "amounts", "leaves", "lazy_colors"):
        getattr(first, name).append("changed")
    second = convert(_values(RUN, _only())[0])["input"]
    assert second.tags == second.amounts == second.leaves == second.lazy_colors == []
    assert second.colors == [Color.RED]
    _alike(second, _both(RUN, _only())[1]["input"])


def test_a_sent_list_is_copied():
    values, field = _values(RUN, _only(tags=["x"], leaves=[{"name": "a"}]))
    sent = values["input"]
    mine = argument_converter(SCHEMA, field.arguments)(values)  # type: ignore[arg-type]
    assert mine["input"].tags is not sent["tags"]
    assert mine["input"].leaves is not sent["leaves"]


FALLBACKS: dict[str, dict[str, Any]] = {
    "maybe absent": {"maybe": {"count": 1}},
    "maybe null": {"maybe": {"note": None}},
    "maybe given": {"maybe": {"note": "n", "count": 2}},
    "global id": {"withId": {"ref": str(GlobalID("Client", "1"))}},
    "global ids": {"withIds": {"refs": [str(GlobalID("Client", "1")), str(GlobalID("T", "2"))]}},
    "global ids default": {"withIds": {}},
    "builds itself": {"built": {"doubled": 4}},
    "a global id argument": {"directId": str(GlobalID("Client", "9")), "count": 1},
    "nulls": {"maybe": None, "withId": None, "withIds": None, "built": None, "directId": None},
}


@pytest.mark.parametrize("variables", list(FALLBACKS.values()), ids=list(FALLBACKS))
def test_what_is_not_modelled_is_converted_by_strawberry(variables):
    _alike(*_both(FALLBACK, variables))


def test_only_what_is_not_modelled_is_left_to_strawberry(monkeypatch):
    left: list[str] = []
    convert = arguments.convert_argument

    def spy(value: Any, kind: Any, *args: Any, path: tuple[Any, ...]) -> Any:
        left.extend(path)
        return convert(value, kind, *args, path=path)

    monkeypatch.setattr(arguments, "convert_argument", spy)
    _both(FALLBACK, {key: v for given in FALLBACKS.values() for key, v in given.items()})
    assert sorted(left) == ["built", "directId", "maybe", "withId", "withIds"]


def test_strawberry_converts_what_is_not_modelled():
    """The fallback is Strawberry's conversion: a GlobalID arrives decoded, a `Maybe` as
    `Some`, an input that builds itself as it builds itself."""
    mine, _ = _both(FALLBACK, FALLBACKS["global ids"] | FALLBACKS["maybe given"])
    assert mine["with_ids"].refs == [GlobalID("Client", "1"), GlobalID("T", "2")]
    assert mine["maybe"].note.value == "n"
    mine, _ = _both(FALLBACK, FALLBACKS["builds itself"] | FALLBACKS["a global id argument"])
    assert mine["built"].doubled == 8
    assert mine["direct_id"] == GlobalID("Client", "9")
    assert mine["count"] == 1
