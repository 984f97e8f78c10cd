"""Reading clients: lookups, every filter condition of this issue, cursor pagination."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models.enums import ClientStatus, Gender, StaffRole
from tests.factories import birthday, make_actor, make_client, make_level, make_org, make_tag
from tests.helpers import error_codes, run

LIST = """
query($filter: ClientFilterInput, $first: Int!, $after: String, $order: ClientOrder!) {
  clients(filter: $filter, first: $first, after: $after, orderBy: $order) {
    totalCount
    edges { cursor node { id firstName } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def names(actor, filter_, first=100):
    data = await run(LIST, {"filter": filter_, "first": first, "order": "NAME_ASC"}, actor=actor)
    return sorted(edge["node"]["firstName"] for edge in data["clients"]["edges"])


@pytest.fixture
async def people(db):
    org = await make_org()
    gold = await make_level(org, "Gold", 1000)
    silver = await make_level(org, "Silver", 100)
    await make_tag(org, "Unused")
    await make_client(
        org,
        first_name="Ada",
        last_name="Lovelace",
        email="ada@calc.org",
        tags=["VIP", "Yoga"],
        level=gold,
        city="Milano",
        gender=Gender.FEMALE,
        points=1500,
        birthday=birthday(12, 10),
        registered_at=datetime(2023, 5, 1, tzinfo=UTC),
        phone="+393331234567",
    )
    await make_client(
        org,
        first_name="Bruno",
        last_name="Bianchi",
        tags=["yoga"],
        level=silver,
        city="milano",
        gender=Gender.MALE,
        points=150,
        birthday=birthday(3, 2),
        identification_number="XY98765",
        registered_at=datetime(2024, 2, 1, tzinfo=UTC),
    )
    await make_client(
        org,
        first_name="Carla",
        last_name="Conti",
        tags=["Pilates"],
        city="Roma",
        gender=Gender.FEMALE,
        points=0,
        registered_at=datetime(2025, 7, 1, tzinfo=UTC),
    )
    await make_client(org, first_name="Dario", last_name="Merged", status=ClientStatus.MERGED)
    await make_client(
        org,
        first_name="Elsa",
        last_name="Off",
        status=ClientStatus.INACTIVE,
        tags=["VIP"],
        registered_at=datetime(2022, 1, 1, tzinfo=UTC),
    )
    other = await make_org()
    await make_client(other, first_name="Zed", tags=["VIP"], city="Milano")
    return await make_actor(org), gold, silver


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({}, ["Ada", "Bruno", "Carla", "Elsa"]),
        ({"tags": {"any": ["vip", "PILATES"]}}, ["Ada", "Carla", "Elsa"]),
        ({"tags": {"all": ["VIP", "yoga"]}}, ["Ada"]),
        ({"tags": {"none": ["yoga"]}}, ["Carla", "Elsa"]),
        ({"tags": {"any": ["unused"]}}, []),
        ({"tags": {"any": ["no-such-tag"]}}, []),
        ({"status": ["MERGED"]}, ["Dario"]),
        ({"status": ["INACTIVE", "ACTIVE"], "tags": {"any": ["VIP"]}}, ["Ada", "Elsa"]),
        ({"cities": ["MILANO"]}, ["Ada", "Bruno"]),
        ({"genders": ["FEMALE"]}, ["Ada", "Carla"]),
        ({"points": {"min": 100, "max": 1000}}, ["Bruno"]),
        ({"points": {"min": 1}}, ["Ada", "Bruno"]),
        (
            {"registeredAt": {"from": "2024-01-01T00:00:00Z", "to": "2025-07-01T00:00:00Z"}},
            ["Bruno"],
        ),
        ({"birthdayMonth": 12}, ["Ada"]),
        ({"search": "lovelace"}, ["Ada"]),
        ({"search": "ADA@CALC"}, ["Ada"]),
        ({"search": "333 123"}, ["Ada"]),
        ({"search": "xy987"}, ["Bruno"]),
        ({"search": "bruno bianchi"}, ["Bruno"]),
        ({"search": "bruno conti"}, []),
    ],
)
async def test_filter(people, filter_, expected):
    actor, _, _ = people
    assert await names(actor, filter_) == expected


async def test_filter_by_level(people):
    actor, gold, silver = people
    assert await names(actor, {"levelIds": [str(gold.uuid), str(silver.uuid)]}) == ["Ada", "Bruno"]
    assert await names(actor, {"levelIds": ["not-a-level"]}) == []


@pytest.mark.parametrize(
    "order",
    ["REGISTERED_AT_DESC", "REGISTERED_AT_ASC", "NAME_ASC", "POINTS_DESC", "UPDATED_AT_DESC"],
)
async def test_paging_visits_every_client_once_in_order(db, order):
    org = await make_org()
    for i in range(23):  # ties on purpose: the id breaks them
        await make_client(
            org,
            first_name=f"N{i:02}",
            last_name=["B", "A", "C"][i % 3],
            points=i % 4,
            registered_at=datetime(2024, 1, 1 + i % 5, tzinfo=UTC),
        )
    actor = await make_actor(org)
    full = await run(LIST, {"first": 100, "order": order}, actor=actor)
    expected = [e["node"]["id"] for e in full["clients"]["edges"]]

    seen, after = [], None
    while True:
        page = (await run(LIST, {"first": 5, "after": after, "order": order}, actor=actor))[
            "clients"
        ]
        seen += [e["node"]["id"] for e in page["edges"]]
        assert page["totalCount"] == 23
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == expected
    assert len(set(seen)) == 23


async def test_first_zero_gives_only_the_count(db):
    org = await make_org()
    await make_client(org)
    data = await run(LIST, {"first": 0, "order": "NAME_ASC"}, actor=await make_actor(org))
    assert data["clients"]["totalCount"] == 1
    assert data["clients"]["edges"] == []


@pytest.mark.parametrize(
    "variables",
    [
        {"first": 101},
        {"first": -1},
        {"first": 5, "after": "garbage!"},
        {"first": 5, "after": "WyJyLSIsMV0"},  # a cursor of another shape
        {"first": 5, "filter": {"birthdayMonth": 13}},
        {"first": 5, "filter": {"points": {"min": 5, "max": 1}}},
        {"first": 5, "filter": {"search": "x" * 101}},
    ],
)
async def test_bad_arguments_are_bad_user_input(db, variables):
    actor = await make_actor(await make_org())
    assert await error_codes(LIST, {"order": "NAME_ASC", **variables}, actor=actor) == [
        "BAD_USER_INPUT"
    ]


async def test_a_cursor_of_another_ordering_is_refused(db):
    org = await make_org()
    for _ in range(3):
        await make_client(org)
    actor = await make_actor(org)
    page = await run(LIST, {"first": 1, "order": "POINTS_DESC"}, actor=actor)
    cursor = page["clients"]["pageInfo"]["endCursor"]
    assert await error_codes(
        LIST, {"first": 1, "after": cursor, "order": "NAME_ASC"}, actor=actor
    ) == ["BAD_USER_INPUT"]


LOOKUPS = """
query($id: ID!, $email: String!, $ext: String!) {
  client(id: $id) { firstName }
  clientByEmail(email: $email) { firstName }
  clientByExternalId(externalId: $ext) { firstName }
}
"""


async def test_lookups_by_id_email_and_external_id(db):
    org = await make_org()
    client = await make_client(
        org, first_name="Ann", email="Ann.Lee@Example.com", external_id="POS-9"
    )
    data = await run(
        LOOKUPS,
        {"id": str(client.uuid), "email": " ann.lee@EXAMPLE.com", "ext": "POS-9"},
        actor=await make_actor(org),
    )
    assert data == {
        "client": {"firstName": "Ann"},
        "clientByEmail": {"firstName": "Ann"},
        "clientByExternalId": {"firstName": "Ann"},
    }


async def test_lookups_of_nothing_are_null(db):
    data = await run(
        LOOKUPS,
        {"id": "nope", "email": "not an email", "ext": "none"},
        actor=await make_actor(await make_org()),
    )
    assert data == {"client": None, "clientByEmail": None, "clientByExternalId": None}


async def test_levels_tags_and_labels_lists(db):
    org = await make_org()
    await make_level(org, "Gold", 1000)
    await make_level(org, "Bronze", 0)
    await make_tag(org, "yoga")
    await make_tag(org, "Alpha")
    await make_level(await make_org(), "Foreign", 5)
    data = await run(
        "{ levels { name threshold } tags { name } fieldLabels { field label } }",
        actor=await make_actor(org, StaffRole.READ_ONLY),
    )
    assert data == {
        "levels": [{"name": "Bronze", "threshold": 0}, {"name": "Gold", "threshold": 1000}],
        "tags": [{"name": "Alpha"}, {"name": "yoga"}],
        "fieldLabels": [],
    }
