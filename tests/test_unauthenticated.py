"""Without a token, every field that needs one answers its own UNAUTHENTICATED error and null,
beside the data of the fields that need none (GraphQL's partial results, as the README says)."""

from __future__ import annotations

from tests.helpers import http_client


async def test_each_field_needing_a_token_gets_its_own_error(db):
    query = "{ __typename me { __typename } clients(first: 1) { totalCount } levels { name } }"
    async with http_client() as http:
        response = await http.post("/graphql", json={"query": query})
    body = response.json()
    assert response.status_code == 200
    assert body["data"] == {"__typename": "Query", "me": None, "clients": None, "levels": None}
    assert sorted((e["path"], e["extensions"]["code"]) for e in body["errors"]) == [
        (["clients"], "UNAUTHENTICATED"),
        (["levels"], "UNAUTHENTICATED"),
        (["me"], "UNAUTHENTICATED"),
    ]
