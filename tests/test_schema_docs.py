"""The schema is the manual: every type, field, argument and enum value is described."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

from schema import schema


def test_everything_in_the_schema_has_a_description():
    missing = []
    for name, kind in schema._schema.type_map.items():
        if name.startswith("__") or name in {
            "String",
            "Int",
            "Boolean",
            "ID",
            "Float",
            "Date",
            "DateTime",
            "JSON",
        }:
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(kind, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in kind.values.items() if not value.description]
    assert missing == []
