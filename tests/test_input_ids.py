"""One convention for ids in mutation inputs (issue 15): the record a mutation acts on is
named `<type>Id` (lists `<type>Ids`), never a bare `id`; the old name gets a hint."""

from __future__ import annotations

from graphql import GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLScalarType

from schema import schema
from tests.factories import make_actor, make_client, make_org
from tests.helpers import execute


def _named(kind):
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        kind = kind.of_type
    return kind


def test_every_id_in_a_mutation_input_is_named_for_its_record():
    graphql_schema = schema._schema
    seen = []
    for field in graphql_schema.mutation_type.fields.values():
        for argument in field.args.values():
            input_type = _named(argument.type)
            if not isinstance(input_type, GraphQLInputObjectType):
                continue
            for name, input_field in input_type.fields.items():
                named = _named(input_field.type)
                if isinstance(named, GraphQLScalarType) and named.name == "ID":
                    seen.append((input_type.name, name))
                    assert name not in ("id", "ids"), input_type.name
                    assert name.endswith(("Id", "Ids")), (input_type.name, name)
    assert ("UpdateClientInput", "clientId") in seen
    assert ("AddNoteInput", "clientId") in seen


async def test_the_old_bare_id_gets_a_hint(db):
    org = await make_org()
    client = await make_client(org)
    result = await execute(
        'mutation($id: ID!) { updateClient(input: {id: $id, city: "Bari"}) { userErrors { code } } }',
        {"id": str(client.uuid)},
        actor=await make_actor(org),
    )
    messages = [e.message for e in result.errors or []]
    (unknown,) = [m for m in messages if "unknown field 'id'" in m]
    assert unknown.endswith(
        "Inputs name the record they act on <type>Id, e.g. clientId, segmentId."
    )
