"""The compiled read path (issue 7) answers exactly as the full path does.

Every document of the corpus is sent over HTTP to two apps on the same database, one with
compiled reads and one without, and the answers must be the same to the byte (keys in the
same order); the cost each reports must be the same too. Documents the compiler does not
handle, and calls it must not answer (no permission, bad cursors, errors), must reach the
full path: the same answers, and the compiled path's count of answers does not move.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest

from clientela.app import GraphQLView
from clientela.infra.rate_limit import LOCAL
from clientela.settings import Settings
from models import Client, Organization
from models.access import Permission
from models.enums import ClientStatus, Gender
from tests.factories import (
    make_api_key,
    make_client,
    make_ledger,
    make_level,
    make_org,
    make_session_token,
    make_staff,
    tag_client,
)
from tests.helpers import count_statements, served

SCALARS = """
  id firstName lastName email phone identificationType identificationNumber externalId gender
  city birthday locale points registeredAt registrationCode shareCode text1 text2 text3 text4
  text5 int1 int2 int3 int4 int5 date1 date2 status levelSetManually createdAt updatedAt
  __typename
"""
ENTRY = """id amount balanceAfter reason source actorType actorName expiresAt remaining
  idempotencyKey createdAt __typename"""
NESTED = f"""
  id level {{ id name threshold __typename }} tags {{ id name __typename }}
  pointsHistory(first: 3) {{
    __typename
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor __typename }}
    edges {{ cursor node {{ id createdAt }} __typename }}
    nodes {{ {ENTRY} }}
  }}
"""
PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
ORDERS = ["REGISTERED_AT_DESC", "REGISTERED_AT_ASC", "NAME_ASC", "POINTS_DESC", "UPDATED_AT_DESC"]


@dataclass
class Gym:
    org: Organization
    token: str
    survivor: Client
    absorbed: Client
    foreign: Client
    gold_id: str


@pytest.fixture
async def gym(db) -> Gym:
    org = await make_org()
    gold = await make_level(org, "Gold", 1000)
    silver = await make_level(org, "Silver", 100)
    start = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
    clients = []
    for i in range(14):
        client = await make_client(
            org,
            first_name=f"Anna{i % 5}",
            last_name=f"Rossi{i % 7:02}",
            email=f"anna{i}@example.com" if i % 3 else None,
            phone=f"+3933312345{i:02}" if i % 2 else None,
            gender=[Gender.FEMALE, Gender.MALE, None][i % 3],
            city=["Roma", "Milano", None][i % 3],
            birthday=date(1990, 1 + i % 12, 10) if i % 4 else None,
            locale=["it", "es", None][i % 3],
            points=(i * 137) % 1500,
            level=[gold, silver, None][i % 3],
            text1=f"note {i}" if i % 2 else None,
            int1=i if i % 2 else None,
            date1=date(2025, 5, 1 + i) if i % 2 else None,
            registration_code=f"R{i}" if i % 5 == 0 else None,
            external_id=f"ext-{i}" if i % 4 == 0 else None,
            status=[ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.DISABLED][i % 3],
            registered_at=start - timedelta(days=i // 2, microseconds=1234 * i),
            tags=[["Yoga", "VIP"], ["yoga"], [], ["Newsletter", "VIP", "Yoga"]][i % 4][: 1 + i % 3],
        )
        await make_ledger(client, i % 5, start, microseconds=500)
        clients.append(client)
    survivor, absorbed = clients[0], clients[1]
    absorbed.status = ClientStatus.MERGED
    absorbed.merged_into_id = survivor.id
    await absorbed.save()
    await make_client(org, status=ClientStatus.DELETED, last_name="Gone")
    other = await make_org()
    foreign = await make_client(other, tags=["Yoga"])
    token = await make_session_token(await make_staff(org))
    return Gym(org, token, survivor, absorbed, foreign, str(gold.uuid))


def _view(app: Any) -> GraphQLView:
    view = next(r.endpoint for r in app.routes if getattr(r, "path", "") == "/graphql")
    assert isinstance(view, GraphQLView)
    return view


@asynccontextmanager
async def _app(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, GraphQLView]]:
    async with served(settings) as (http, app):
        yield http, _view(app)


@asynccontextmanager
async def _both(**settings: Any) -> AsyncIterator[Any]:
    fast_settings, slow_settings = Settings(**settings), Settings(compiled_reads=False, **settings)
    async with _app(fast_settings) as fast, _app(slow_settings) as slow:
        yield fast, slow


async def _post(http: httpx.AsyncClient, token: str | None, query: str, variables: Any) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


def _comparable(response: httpx.Response) -> tuple[Any, ...]:
    body = orjson.loads(response.content)
    cost = (body.get("extensions") or {}).get("cost") or {}
    cost.get("throttleStatus", {}).pop("currentlyAvailable", None)  # the shared bucket moves
    errors = [
        (e["message"], e.get("path"), e["extensions"]["code"]) for e in body.get("errors", [])
    ]
    return (
        response.status_code,
        response.headers["content-type"],
        orjson.dumps(body.get("data")),
        cost,
        errors,
    )


async def same_answer(
    gym: Gym,
    query: str,
    variables: Any = None,
    *,
    compiled: bool = True,
    token: str | None = None,
    count_cap: int = 10_000,
    max_query_cost: int = 2000,
) -> Any:
    """Ask both apps; the answers must match. Returns the data."""
    token = token or gym.token
    limits = {"count_cap": count_cap, "max_query_cost": max_query_cost}
    async with _both(**limits) as ((fast, view), (slow, _)):
        before = view.compiled.answered if view.compiled else 0
        fast_answer = await _post(fast, token, query, variables)
        slow_answer = await _post(slow, token, query, variables)
        assert view.compiled is not None
        assert view.compiled.answered - before == (1 if compiled else 0), query
    assert _comparable(fast_answer) == _comparable(slow_answer)
    return orjson.loads(fast_answer.content).get("data")


async def test_one_client_with_every_scalar(gym):
    for client in (gym.survivor, gym.absorbed):
        data = await same_answer(
            gym, f"query($id: ID!) {{ client(id: $id) {{ {SCALARS} }} }}", {"id": str(client.uuid)}
        )
        assert data["client"]["id"] == str(gym.survivor.uuid)  # the absorbed id leads here


@pytest.mark.parametrize("missing", ["foreign", "not-a-uuid", "random"])
async def test_a_client_the_caller_cannot_see_is_null(gym, missing):
    ids = {
        "foreign": str(gym.foreign.uuid),
        "not-a-uuid": "nope",
        "random": "5f0e1b1e-0000-4000-8000-000000000000",
    }
    data = await same_answer(
        gym, "query($id: ID!) { client(id: $id) { id } }", {"id": ids[missing]}
    )
    assert data == {"client": None}


async def test_nested_tags_level_and_points(gym):
    data = await same_answer(
        gym, f"{{ clients(first: 20, orderBy: NAME_ASC) {{ nodes {{ {NESTED} }} }} }}"
    )
    nodes = data["clients"]["nodes"]
    assert len(nodes) == 13  # merged and deleted records are not listed
    assert any(n["level"] is None for n in nodes) and any(n["level"] for n in nodes)
    assert any(n["pointsHistory"]["pageInfo"]["hasNextPage"] for n in nodes)
    assert any(not n["tags"] for n in nodes) and any(len(n["tags"]) == 3 for n in nodes)
    await same_answer(
        gym, f"query($id: ID!) {{ client(id: $id) {{ {NESTED} }} }}", {"id": str(gym.survivor.uuid)}
    )


@pytest.mark.parametrize("order", ORDERS)
async def test_pages_and_cursors_in_every_order(gym, order):
    query = (
        f"query($after: String) {{ clients(first: 4, orderBy: {order}, after: $after) "
        f"{{ edges {{ cursor node {{ id lastName points }} }} {PAGE_INFO} __typename }} }}"
    )
    after = None
    for _ in range(5):
        data = await same_answer(gym, query, {"after": after}, compiled=True)
        page = data["clients"]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    else:
        pytest.fail("13 clients in pages of 4 take 4 pages")


FILTERS = [
    {"status": ["DELETED", "MERGED"]},
    {"tags": {"any": ["yoga"]}},
    {"tags": {"all": ["Yoga", "vip"]}},
    {"tags": {"none": ["VIP"]}},
    {"tags": {"any": ["nobody has this"]}},
    {"cities": ["roma", " MILANO "]},
    {"genders": ["FEMALE"]},
    {"points": {"min": 100, "max": 900}},
    {"registeredAt": {"from": "2025-12-28T00:00:00+00:00", "to": "2026-01-01T00:00:00+00:00"}},
    {"birthdayMonth": 3},
    {"birthdayWithinDays": 200},
    {"generic": [{"field": "TEXT1", "contains": "note"}, {"field": "INT1", "min": 3}]},
    {"search": "anna1 rossi"},
    {"levelIds": ["GOLD"]},
]


@pytest.mark.parametrize("spec", FILTERS, ids=[next(iter(f)) for f in FILTERS])
async def test_every_filter(gym, spec):
    if spec == {"levelIds": ["GOLD"]}:
        spec = {"levelIds": [gym.gold_id]}
    query = (
        "query($f: ClientFilterInput) { clients(first: 50, filter: $f) "
        "{ nodes { id firstName status tags { name } } } }"
    )
    await same_answer(gym, query, {"f": spec})


async def test_the_benchmark_shapes(gym):
    from bench.readshapes import CLIENTELA

    await same_answer(gym, CLIENTELA["a"], {"id": str(gym.survivor.uuid)})
    await same_answer(gym, CLIENTELA["b"], {"tag": "yoga", "level": gym.gold_id})
    await same_answer(gym, CLIENTELA["c"])
    await same_answer(gym, CLIENTELA["d"])


async def test_fragments_aliases_and_several_roots(gym):
    query = """
    query Both($id: ID!) {
      __typename
      one: client(id: $id) { ...Card ... on Client { who: lastName } }
      page: clients(first: 3) { list: nodes { ...Card } info: pageInfo { more: hasNextPage } }
    }
    fragment Card on Client { key: id firstName level { name } tags { tag: name } }
    """
    data = await same_answer(gym, query, {"id": str(gym.survivor.uuid)})
    assert list(data) == ["__typename", "one", "page"]
    # One column under two keys, a nested list under two aliases, a key selected twice.
    await same_answer(gym, "{ clients(first: 5) { nodes { id a: id } } }")
    await same_answer(gym, "{ clients(first: 5) { nodes { id t: tags { name } tags { id } } } }")
    query = "{ clients(first: 5) { nodes { id tags { name } id tags { id } ...on Client { tags { name } } } } }"
    await same_answer(gym, query)
    # Two paths to the items, each with its own selection, read from one row.
    query = (
        "{ clients(first: 5) { nodes { id tags { name } } e: edges { cursor node { points "
        "level { name } } } edges { node { id notes { totalCount } } } } }"
    )
    await same_answer(gym, query)


async def test_nested_page_sizes(gym):
    for first in (0, 1, 5, 100):
        await same_answer(
            gym,
            f"{{ clients(first: 5) {{ nodes {{ pointsHistory(first: {first}) {{ nodes {{ amount }} {PAGE_INFO} }} }} }} }}",
        )
    await same_answer(gym, "{ clients { nodes { pointsHistory { nodes { id } } } } }")
    await same_answer(
        gym, "{ clients(first: 0) { nodes { id } pageInfo { hasNextPage endCursor } } }"
    )


async def test_a_nested_page_size_from_a_variable(gym):
    """It changes the statement: the document compiles once per set of variables."""
    query = (
        "query($n: Int! = 2) { clients(first: 5) { nodes { notes(first: $n) { nodes { id } } } } }"
    )
    for variables in (None, {"n": 0}, {"n": 1}, {"n": 100}):
        await same_answer(gym, query, variables)
    await same_answer(gym, query, {"n": 101}, compiled=False)


NOT_COMPILED = [
    "{ clients(first: 5) { nodes { id @include(if: true) } } }",
    # A cursor that does not read: the full path words the refusal.
    '{ clients(first: 5) { nodes { pointsHistory(first: 2, after: "x") { nodes { id } } } } }',
    "mutation { staffLogout }",
    "{ clients(first: 5) { nodes { id } ",  # does not parse
    "{ clients(first: 5) { nodes { nosuchfield } } }",
]


@pytest.mark.parametrize("query", NOT_COMPILED)
async def test_documents_the_compiler_leaves_to_the_full_path(gym, query):
    await same_answer(gym, query, compiled=False)


REFUSED = [
    ("{ clients(first: 101) { nodes { id } } }", None),
    ('{ clients(after: "bad") { nodes { id } } }', None),
    ('{ clients(orderBy: NAME_ASC, after: "WyJyLSIsMSwyXQ") { nodes { id } } }', None),
    ("{ clients(filter: {birthdayMonth: 13}) { nodes { id } } }", None),
    ("query($id: ID!) { client(id: $id) { id } }", {}),
    ("query($n: Int) { clients(first: $n) { nodes { id } } }", {"n": "many"}),
    ("{ clients(first: 5) { nodes { pointsHistory(first: 101) { nodes { id } } } } }", None),
]


@pytest.mark.parametrize(("query", "variables"), REFUSED)
async def test_refusals_come_from_the_full_path(gym, query, variables):
    await same_answer(gym, query, variables, compiled=False)


async def test_callers_without_the_permission_go_the_full_way(gym):
    query = "{ clients(first: 5) { nodes { id } } }"
    points_only = await make_api_key(gym.org, Permission.POINTS_WRITE)
    reader = await make_api_key(gym.org, Permission.CLIENTS_READ)
    await same_answer(gym, query, compiled=False, token=points_only)
    await same_answer(gym, query, compiled=True, token=reader)
    async with _both() as ((fast, view), (slow, _)):
        anonymous = await _post(fast, None, query, None), await _post(slow, None, query, None)
        assert view.compiled is not None and view.compiled.answered == 0
    assert _comparable(anonymous[0]) == _comparable(anonymous[1])
    assert (
        orjson.loads(anonymous[0].content)["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    )


async def test_each_page_is_one_statement_and_charged_like_the_full_path(gym):
    from bench.readshapes import CLIENTELA

    async with _both() as ((fast, view), (slow, _)):
        await _post(fast, gym.token, CLIENTELA["d"], None)  # the token is cached after this
        for shape in "acd":
            variables = {"id": str(gym.survivor.uuid)} if shape == "a" else {}
            LOCAL.reset()
            with count_statements() as counter:
                fast_answer = await _post(fast, gym.token, CLIENTELA[shape], variables)
            assert counter.count == 1, counter.statements
            LOCAL.reset()
            slow_answer = await _post(slow, gym.token, CLIENTELA[shape], variables)
            fast_cost = orjson.loads(fast_answer.content)["extensions"]["cost"]
            slow_cost = orjson.loads(slow_answer.content)["extensions"]["cost"]
            # What each bucket holds after its request: the same charge from a full bucket,
            # give or take what refilled while it ran (100 a second).
            fast_left = fast_cost["throttleStatus"].pop("currentlyAvailable")
            slow_left = slow_cost["throttleStatus"].pop("currentlyAvailable")
            assert fast_cost == slow_cost
            full, actual = (
                fast_cost["throttleStatus"]["maximumAvailable"],
                fast_cost["actualQueryCost"],
            )
            for left in (fast_left, slow_left):
                assert full - actual - 1 <= left <= full
            if shape != "a":  # 13 clients of the 20 or 100 priced: the rest is given back
                assert fast_cost["actualQueryCost"] < fast_cost["requestedQueryCost"]
        assert view.compiled is not None and view.compiled.answered == 4


async def test_a_throttled_caller_gets_the_full_paths_429(gym):
    settings = Settings(key_bucket_size=5, key_restore_rate=0.001)
    query = "{ clients(first: 100) { nodes { id tags { name } } } }"  # costs 202
    async with _app(settings) as (fast, view):
        answer = await _post(fast, gym.token, query, None)
        assert view.compiled is not None and view.compiled.answered == 0
    assert answer.status_code == 429
    assert orjson.loads(answer.content)["errors"][0]["extensions"]["code"] == "THROTTLED"


CHARGED = [
    ('{ clients(after: "bad") { nodes { id } } }', None),
    ("{ clients(first: 101) { nodes { id } } }", None),
    ("{ clients(filter: {birthdayMonth: 13}) { nodes { id } } }", None),
    ("query($id: ID!) { client(id: $id) { id } }", {}),
    ("{ clients(first: 7) { nodes { id tags { name } } } }", None),
    ("query($id: ID!) { client(id: $id) { id firstName } }", {"id": "nope"}),
]


@pytest.mark.parametrize(("query", "variables"), CHARGED)
async def test_every_request_is_charged_once_as_the_full_path_charges_it(gym, query, variables):
    """With a bucket that does not refill during the test, what is left after one request
    is the same on both paths: refused requests are not charged twice, answered ones get
    the same refund."""
    slow_refill = {"key_bucket_size": 4000, "key_restore_rate": 0.0001}
    left = []
    for compiled in (True, False):
        LOCAL.reset()
        async with _app(Settings(compiled_reads=compiled, **slow_refill)) as (http, _):
            answer = orjson.loads((await _post(http, gym.token, query, variables)).content)
            probe = await _post(http, gym.token, "{ __typename }", None)
        cost = orjson.loads(probe.content)["extensions"]["cost"]
        left.append(cost["throttleStatus"]["currentlyAvailable"])
        assert answer.get("errors") or answer["extensions"]["cost"]["actualQueryCost"] >= 1
    assert left[0] == left[1], left


async def test_one_document_with_many_variables(gym):
    """The compiled path keeps each document's arguments per set of variables: a second set
    must never be answered with the first one's."""
    one = f"query($id: ID!) {{ client(id: $id) {{ {SCALARS} }} }}"
    page = (
        "query($f: ClientFilterInput, $after: String) { clients(first: 3, filter: $f, "
        "after: $after) { edges { cursor node { id tags { name } } } pageInfo { hasNextPage endCursor } } }"
    )
    clients = await Client.filter(organization_id=gym.org.id).all()
    async with _both() as ((fast, view), (slow, _)):
        for variables in [{"id": str(c.uuid)} for c in clients] + [{"id": str(gym.foreign.uuid)}]:
            answers = [await _post(http, gym.token, one, variables) for http in (fast, slow)]
            assert _comparable(answers[0]) == _comparable(answers[1])
        for spec in ({"tags": {"any": ["yoga"]}}, {"cities": ["Roma"]}, None):
            after = None
            while True:
                variables = {"f": spec, "after": after}
                answers = [await _post(http, gym.token, page, variables) for http in (fast, slow)]
                assert _comparable(answers[0]) == _comparable(answers[1])
                info = orjson.loads(answers[0].content)["data"]["clients"]["pageInfo"]
                if not info["hasNextPage"]:
                    break
                after = info["endCursor"]
        assert view.compiled is not None and view.compiled.answered > len(clients) + 6


async def test_the_same_filter_in_two_organizations_and_a_tag_made_later(gym):
    other = await make_org()
    await make_client(other, first_name="Other", tags=["Yoga"])
    other_token = await make_session_token(await make_staff(other))
    query = (
        "query($f: ClientFilterInput) { clients(filter: $f) { nodes { firstName tags { name } } } }"
    )
    yoga, fresh = {"f": {"tags": {"any": ["Yoga"]}}}, {"f": {"tags": {"any": ["Fresh"]}}}
    async with _both() as ((fast, _), (slow, _)):
        for token in (gym.token, other_token, gym.token):
            answers = [await _post(http, token, query, yoga) for http in (fast, slow)]
            assert _comparable(answers[0]) == _comparable(answers[1])
        names = {
            n["firstName"] for n in orjson.loads(answers[0].content)["data"]["clients"]["nodes"]
        }
        assert "Other" not in names and names
        empty = await _post(fast, gym.token, query, fresh)
        assert orjson.loads(empty.content)["data"]["clients"]["nodes"] == []
        await tag_client(gym.survivor, "Fresh")
        answers = [await _post(http, gym.token, query, fresh) for http in (fast, slow)]
        assert _comparable(answers[0]) == _comparable(answers[1])
        assert len(orjson.loads(answers[0].content)["data"]["clients"]["nodes"]) == 1


@pytest.mark.parametrize(
    "query",
    [
        "{ clients { pageInfo { hasNextPage } } }",
        "{ clients { __typename } }",
        '{ clients(filter: {cities: ["Roma"]}) { pageInfo { hasNextPage hasPreviousPage } } }',
    ],
)
async def test_selections_without_columns(gym, query):
    await same_answer(gym, query)


async def test_a_client_selected_by_typename_alone(gym):
    await same_answer(
        gym, "query($id: ID!) { client(id: $id) { __typename } }", {"id": str(gym.survivor.uuid)}
    )


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{ clients { nodes { id } } }", "variables": []},
        {"query": "{ clients { nodes { id } } }", "variables": ""},
        {"query": "{ clients { nodes { id } } }", "variables": 0},
        {"query": "{ clients { nodes { id } } }", "variables": False},
        {"query": "{ clients { nodes { id } } }", "extensions": "x"},
        {"query": "{ clients { nodes { id } } }", "operationName": 3},
    ],
)
async def test_malformed_bodies_are_refused_by_the_full_path(gym, body):
    headers = {"authorization": f"Bearer {gym.token}"}
    async with _both() as ((fast, view), (slow, _)):
        answers = [await http.post("/graphql", json=body, headers=headers) for http in (fast, slow)]
        assert view.compiled is not None and view.compiled.answered == 0
    assert answers[0].status_code == answers[1].status_code == 400
    # The same answer, each with its own request id.
    bodies = [answer.json() for answer in answers]
    for answer, body in zip(answers, bodies, strict=True):
        for error in body["errors"]:
            assert error["extensions"].pop("request_id") == answer.headers["x-request-id"]
    assert bodies[0] == bodies[1]
