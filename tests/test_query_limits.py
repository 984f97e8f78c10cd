"""Query limits: depth, aliases, tokens, batching and the cost computed before execution."""

from __future__ import annotations

import pytest

from models import Client, Note
from schema import build_schema
from schema.context import Context
from tests.factories import (
    make_actor,
    make_client,
    make_level,
    make_org,
    make_session_token,
    make_staff,
    tag_client,
)
from tests.helpers import SETTINGS, execute, http_client


@pytest.fixture
async def org(db):
    return await make_org()


@pytest.fixture
async def actor(org):
    return await make_actor(org)


def limit_of(result):
    (error,) = result.errors
    assert error.extensions["code"] == "QUERY_LIMIT_EXCEEDED", error.formatted
    return error.extensions["limit"], error.message


def cost_of(result):
    assert result.errors is None, [e.formatted for e in result.errors]
    return result.extensions["cost"]


def nested(depth: int) -> str:
    """A query `depth` levels deep: clients > nodes > referredBy > referredBy > … > id."""
    inner = "id"
    for _ in range(depth - 2):
        inner = f"referredBy {{ {inner} }}"
    return f"{{ clients(first: 1) {{ nodes {{ {inner} }} }} }}"


async def test_depth_up_to_the_limit_runs_and_one_more_is_refused(actor):
    assert (await execute(nested(10), actor=actor)).errors is None
    limit, message = limit_of(await execute(nested(11), actor=actor))
    assert limit == "depth"
    assert "depth of 10" in message


async def test_fragments_count_for_depth(actor):
    # the same depth as nested(11): clients, nodes, nine referredBy, id
    query = (
        "fragment R on Client { referredBy { referredBy { referredBy { referredBy { referredBy { "
        "referredBy { referredBy { referredBy { referredBy { id } } } } } } } } } } "
        "{ clients(first: 1) { nodes { ...R } } }"
    )
    assert limit_of(await execute(query, actor=actor))[0] == "depth"


def aliased(count: int) -> str:
    return "{ " + " ".join(f"a{i}: me {{ permissions }}" for i in range(count)) + " }"


async def test_aliases_up_to_the_limit_run_and_one_more_is_refused(actor):
    assert (await execute(aliased(15), actor=actor)).errors is None
    limit, message = limit_of(await execute(aliased(16), actor=actor))
    assert (limit, message) == ("aliases", "16 aliases found. Allowed: 15")


async def test_tokens_over_the_limit_are_refused_before_parsing_ends(actor):
    fields = " ".join(["id"] * 1990)
    long = f"{{ clients(first: 1) {{ nodes {{ {fields} }} }} }}"
    limit, message = limit_of(await execute(long, actor=actor))
    assert limit == "tokens"
    assert "2000 tokens" in message


async def test_limits_follow_the_settings(actor):
    strict = build_schema(SETTINGS.replace(max_query_depth=3, max_aliases=1, max_tokens=50))
    context = Context(settings=SETTINGS, actor=actor)
    deep = await strict.execute(nested(4), context_value=context)
    assert limit_of(deep)[0] == "depth"
    assert limit_of(await strict.execute(aliased(2), context_value=context))[0] == "aliases"
    assert (await strict.execute(aliased(1), context_value=context)).errors is None


# Costs: object 1, connection 2 + first (+ first x what each item selects), mutation 10.


@pytest.mark.parametrize(
    ("query", "variables", "requested"),
    [
        ("{ me { permissions } }", None, 1),
        ("{ clients(first: 5) { totalCount } }", None, 7),
        ("{ clients { totalCount } }", None, 22),  # first defaults to 20
        ("{ clients(first: 10) { nodes { id level { name } tags { name } } } }", None, 32),
        ("{ clients(first: 10) { edges { node { level { name } } } } }", None, 22),
        ("query($n: Int) { clients(first: $n) { nodes { id } } }", {"n": 50}, 52),
        ("query($n: Int = 3) { clients(first: $n) { nodes { id } } }", None, 5),
        (
            "fragment F on Client { level { id } notes(first: 4) { nodes { id } } } "
            "{ clients(first: 10) { nodes { ...F } } }",
            None,
            2 + 10 + 10 * (1 + 2 + 4),
        ),
        (
            "{ clients(first: 2) { nodes { ... on Client { level { id } } } } }",
            None,
            2 + 2 + 2 * 1,
        ),
        ("{ __schema { types { name } } }", None, 1),  # introspection is free: the minimum
    ],
)
async def test_requested_cost(actor, query, variables, requested):
    cost = cost_of(await execute(query, variables, actor=actor))
    assert cost["requestedQueryCost"] == requested


async def test_a_mutation_costs_ten_plus_its_payload(actor):
    query = 'mutation { createClient(input: {firstName: "Ann"}) { client { id level { id } } userErrors { code } } }'
    cost = cost_of(await execute(query, actor=actor))
    # 10 for the mutation, 1 for the client, 1 for its level, 1 for the error list.
    assert cost["requestedQueryCost"] == 13
    assert await Client.all().count() == 1


async def test_actual_cost_counts_what_came_back(org, actor):
    level = await make_level(org, "Gold", 0)
    for name in ("Ann", "Bob", "Cid"):
        await make_client(org, first_name=name, level=level)
    query = "{ clients(first: 50) { nodes { level { name } notes(first: 5) { nodes { id } } } } }"
    cost = cost_of(await execute(query, actor=actor))
    assert cost["requestedQueryCost"] == 2 + 50 + 50 * (1 + 2 + 5)
    # three clients, each with a level and an empty notes page
    assert cost["actualQueryCost"] == 2 + 3 + 3 * (1 + 2)


async def test_a_query_over_the_maximum_cost_is_refused_before_it_runs(org, actor):
    await make_client(org, first_name="Ann")
    query = "{ clients(first: 100) { nodes { notes(first: 20) { nodes { body } } } } }"
    result = await execute(query, actor=actor)
    (error,) = result.errors
    assert error.extensions == {
        "code": "QUERY_LIMIT_EXCEEDED",
        "limit": "cost",
        "cost": 2 + 100 + 100 * (2 + 20),
        "maximum": 2000,
    }
    assert "costs 2302" in error.message
    assert result.data is None
    assert result.extensions["cost"] == {"requestedQueryCost": 2302, "actualQueryCost": None}


async def test_a_costly_mutation_changes_nothing(org, actor):
    client = await make_client(org, first_name="Ann")
    cheap = SETTINGS.replace(max_query_cost=5)
    strict = build_schema(cheap)
    query = 'mutation($id: ID!) { addNote(input: {clientId: $id, body: "hello"}) { userErrors { code } } }'
    result = await strict.execute(
        query, {"id": str(client.uuid)}, context_value=Context(settings=cheap, actor=actor)
    )
    assert limit_of(result)[0] == "cost"
    assert await Note.all().count() == 0


async def test_the_admin_console_page_of_100_clients_with_tags_and_level_fits(org):
    level = await make_level(org, "Silver", 0)
    for i in range(100):
        client = await make_client(org, first_name=f"C{i}", level=level)
        if i % 10 == 0:
            await tag_client(client, "vip")
    token = await make_session_token(await make_staff(org))
    query = """{ clients(first: 100) { totalCount pageInfo { endCursor hasNextPage }
      nodes { id firstName lastName email phone points level { name } tags { name } } } }"""
    async with http_client() as http:
        response = await http.post(
            "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
        )
    body = response.json()
    assert response.status_code == 200
    assert "errors" not in body
    assert len(body["data"]["clients"]["nodes"]) == 100
    assert body["extensions"]["cost"]["requestedQueryCost"] == 2 + 100 + 100 * 2


async def test_batched_operations_are_refused(org):
    token = await make_session_token(await make_staff(org))
    async with http_client() as http:
        response = await http.post(
            "/graphql",
            json=[{"query": "{ me { permissions } }"}, {"query": "{ me { permissions } }"}],
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "batch" in response.json()["errors"][0]["message"].lower()


async def test_an_answer_with_errors_is_charged_what_it_requested(db):
    result = await execute("{ clients(first: 50) { nodes { id } } }", actor=None)
    assert [e.extensions["code"] for e in result.errors] == ["UNAUTHENTICATED"]
    assert result.extensions["cost"] == {"requestedQueryCost": 52, "actualQueryCost": 52}


@pytest.mark.parametrize(
    ("query", "requested"),
    [
        # Each path to the items selects its own fields on every item: they add up.
        (
            "{ clients(first: 10) { a: nodes { notes(first: 5) { nodes { id } } }"
            " b: nodes { activity(first: 5) { nodes { id } } } } }",
            2 + 10 + 10 * (7 + 7),
        ),
        (
            "{ clients(first: 10) { nodes { level { id } } edges { node { level { id } } } } }",
            2 + 10 + 10 * (1 + 1),
        ),
        # A list without `first` is priced as ten items.
        ("{ segments { id members(first: 5) { nodes { id } } } }", 1 + 10 * 7),
        ("{ clients(first: 10) { nodes { tags { name } } } }", 2 + 10 + 10 * 1),
    ],
)
async def test_items_cannot_hide_behind_one_another(actor, query, requested):
    cost = cost_of(await execute(query, actor=actor))
    assert cost["requestedQueryCost"] == requested


async def test_actual_cost_adds_up_every_item_of_a_list(org, actor):
    from resolvers.clients.client_filter import ClientFilter
    from resolvers.segments.segments import create_segment

    for name in ("one", "two", "three"):
        await create_segment(actor, name, ClientFilter())
    await make_client(org, first_name="Ann")
    query = "{ segments { id members(first: 5) { nodes { id } } } }"
    cost = cost_of(await execute(query, actor=actor))
    # three segments, each a page with one member: 1 + 3 * (2 + 1)
    assert cost == {**cost, "requestedQueryCost": 71, "actualQueryCost": 10}


async def test_limits_keep_validation_cached_across_requests(actor):
    """The depth and alias rules are built once per schema: rules built per request would
    make every request's validation key new, and the validation cache would never hit."""
    from strawberry.extensions.validation_cache import _get_validate_cache

    from schema import DOCUMENT_CACHE_SIZE

    cache = _get_validate_cache(DOCUMENT_CACHE_SIZE)
    query = "query LimitsCached { clients(first: 3) { nodes { id firstName } } }"
    assert (await execute(query, actor=actor)).errors is None
    before = cache.cache_info()
    for _ in range(3):
        assert (await execute(query, actor=actor)).errors is None
    after = cache.cache_info()
    assert after.hits - before.hits == 3
    assert after.misses == before.misses
    # The limits still apply to a cached document.
    assert limit_of(await execute(nested(11), actor=actor))[0] == "depth"
    assert limit_of(await execute(nested(11), actor=actor))[0] == "depth"
