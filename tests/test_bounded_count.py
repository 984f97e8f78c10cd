"""Bounded counts (R6.5): exact up to a cap, "at least the cap" beyond it, exact when asked;
the same on every list, through the schema and through the resolvers both read paths call."""

from __future__ import annotations

import pytest

from clientela.settings import Settings, SettingsError
from models.enums import ClientStatus
from resolvers.clients.client_count import client_list_count
from resolvers.clients.client_filter import ClientFilter
from resolvers.pagination import BoundedCount, bounded, capped_count_sql
from schema import schema
from schema.context import Context
from tests.factories import (
    make_actor,
    make_client,
    make_note,
    make_org,
    make_session_token,
    make_staff,
    make_tag,
)
from tests.helpers import served


@pytest.fixture
async def five(db):
    org = await make_org()
    await make_tag(org, "VIP")
    for i in range(5):
        await make_client(org, first_name=f"Anna{i}", last_name="Rossi", tags=["VIP"])
    await make_client(org, first_name="Gone", last_name="Rossi", status=ClientStatus.DELETED)
    return org


@pytest.mark.parametrize(
    ("spec", "cap", "expected"),
    [
        (ClientFilter(), 10, BoundedCount(5, True)),
        (ClientFilter(), 5, BoundedCount(5, True)),
        (ClientFilter(), 4, BoundedCount(4, False)),
        (ClientFilter(), 1, BoundedCount(1, False)),
        (ClientFilter(tags_any=("vip",)), 3, BoundedCount(3, False)),
        (ClientFilter(search="rossi anna"), 5, BoundedCount(5, True)),
        (ClientFilter(search="rossi anna"), 2, BoundedCount(2, False)),
        (ClientFilter(search="anna3"), 2, BoundedCount(1, True)),
        (ClientFilter(search="nobody"), 2, BoundedCount(0, True)),
        (ClientFilter(statuses=(ClientStatus.DELETED,)), 1, BoundedCount(1, True)),
    ],
)
async def test_capped_client_count(five, spec, cap, expected):
    assert await client_list_count(five.id, spec, cap=cap) == expected


async def test_exact_when_asked(five):
    counted = await client_list_count(five.id, ClientFilter(tags_any=("vip",)), cap=1, exact=True)
    assert counted == BoundedCount(5, True)


def test_the_statement_stops_past_the_cap():
    assert capped_count_sql("SELECT id FROM t", 10) == (
        "SELECT count(*) AS n FROM (SELECT id FROM t LIMIT 11) AS capped"
    )
    assert bounded(11, 10) == BoundedCount(10, False)
    assert bounded(10, 10) == BoundedCount(10, True)


def test_the_cap_is_a_setting():
    assert Settings().count_cap == 10_000
    assert Settings.from_env({"COUNT_CAP": "500"}).count_cap == 500
    with pytest.raises(SettingsError):
        Settings.from_env({"COUNT_CAP": "0"})


COUNTS = """
query($filter: ClientFilterInput, $exact: Boolean!) {
  clients(filter: $filter, first: 2) {
    count { value precision }
    exactly: count(exact: $exact) { value precision }
    totalCount
    nodes { firstName }
  }
}
"""
SEGMENT = """mutation($filter: ClientFilterInput!) {
  createSegment(input: {name: "Rossi", filter: $filter}) {
    segment { count members(first: 1) { count { value precision } } } } }"""
NOTES = """query($id: ID!) { client(id: $id) { notes(first: 1) { count { value precision } } } }"""


async def counts_with_cap(query, variables, actor, cap):
    result = await schema.execute(
        query,
        variable_values=variables,
        context_value=Context(settings=Settings(count_cap=cap), actor=actor),
    )
    assert result.errors is None, [e.formatted for e in result.errors]
    return result.data


@pytest.mark.parametrize(
    ("filter_", "cap", "count", "exactly"),
    [
        ({}, 3, {"value": 3, "precision": "AT_LEAST"}, {"value": 5, "precision": "EXACT"}),
        ({}, 5, {"value": 5, "precision": "EXACT"}, {"value": 5, "precision": "EXACT"}),
        (
            {"search": "rossi", "tags": {"any": ["vip"]}},
            4,
            {"value": 4, "precision": "AT_LEAST"},
            {"value": 5, "precision": "EXACT"},
        ),
        ({"search": "nobody"}, 3, {"value": 0, "precision": "EXACT"}, None),
    ],
)
async def test_a_list_counts_up_to_the_cap_unless_asked_exactly(five, filter_, cap, count, exactly):
    actor = await make_actor(five)
    data = await counts_with_cap(COUNTS, {"filter": filter_, "exact": True}, actor, cap)
    page = data["clients"]
    assert page["count"] == count
    assert page["exactly"] == (exactly or count)
    assert page["totalCount"] == page["exactly"]["value"]  # deprecated, exact as before
    assert len(page["nodes"]) == min(2, page["exactly"]["value"])


async def test_segment_counts_stay_exact_and_their_members_are_bounded(five):
    actor = await make_actor(five)
    data = await counts_with_cap(SEGMENT, {"filter": {"search": "rossi"}}, actor, 2)
    segment = data["createSegment"]["segment"]
    assert segment["count"] == 5
    assert segment["members"]["count"] == {"value": 2, "precision": "AT_LEAST"}


async def test_a_clients_own_lists_are_counted_exactly(five):
    client = await make_client(five, first_name="Noted")
    for i in range(3):
        await make_note(client, f"note {i}")
    data = await counts_with_cap(NOTES, {"id": str(client.uuid)}, await make_actor(five), 1)
    assert data["client"]["notes"]["count"] == {"value": 3, "precision": "EXACT"}


async def test_over_http_with_compiled_reads_on(five):
    staff = await make_staff(five)
    token = await make_session_token(staff)
    query = "{ clients(first: 2, filter: {search: 'ross'}) { count { value precision } } }"
    query = query.replace("'", '"')
    for compiled in (True, False):
        async with served(Settings(count_cap=3, compiled_reads=compiled)) as (http, _):
            response = await http.post(
                "/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}"}
            )
        assert response.status_code == 200
        assert response.json()["data"] == {
            "clients": {"count": {"value": 3, "precision": "AT_LEAST"}}
        }


PAGE = """query($filter: ClientFilterInput, $first: Int) { clients(first: $first, filter: $filter) {
  count { value precision } nodes { firstName registeredAt } pageInfo { hasNextPage } } }"""


@pytest.mark.parametrize("cap", [1, 3, 5, 6, 50])
@pytest.mark.parametrize(
    "filter_",
    [{"search": "rossi"}, {"search": "anna rossi", "tags": {"any": ["vip"]}}, {"search": "zzz"}],
)
@pytest.mark.parametrize("first", [2, 10])
async def test_a_search_page_and_its_count_from_one_scan(five, cap, filter_, first):
    """A search's first page with its capped count is read from one scan of the matches on
    PostgreSQL (`client_rows._shared_sql`): the page from the matches when they are at most
    the cap, the ordinary page past it. Both answer as the reference does, newest first."""
    from datetime import UTC, datetime, timedelta

    from models import Client

    # Registration times out of insertion order, two of them equal (the id breaks the tie).
    for i, client in enumerate(await Client.filter(organization_id=five.id).order_by("id")):
        client.registered_at = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=(i * 7) % 4)
        await client.save(update_fields=["registered_at"])
    staff = await make_staff(five)
    token = await make_session_token(staff)
    answers = []
    for compiled in (True, False):
        async with served(Settings(count_cap=cap, compiled_reads=compiled)) as (http, _):
            response = await http.post(
                "/graphql",
                json={"query": PAGE, "variables": {"filter": filter_, "first": first}},
                headers={"authorization": f"Bearer {token}"},
            )
        assert response.status_code == 200
        answers.append(response.json())
    assert "errors" not in answers[0], answers[0]
    assert answers[0]["data"] == answers[1]["data"]
    page = answers[0]["data"]["clients"]
    matches = 0 if filter_["search"] == "zzz" else 5
    assert page["count"] == (
        {"value": matches, "precision": "EXACT"}
        if matches <= cap
        else {"value": cap, "precision": "AT_LEAST"}
    )
    assert len(page["nodes"]) == min(first, matches)
    assert page["pageInfo"]["hasNextPage"] == (matches > first)
    times = [node["registeredAt"] for node in page["nodes"]]
    assert times == sorted(times, reverse=True)
