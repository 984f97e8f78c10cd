"""Rate limits by cost: leaky buckets per key (in memory or in Redis), extensions.cost, 429."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager

import httpx
import pytest

from clientela.infra.limit_store import LimitStore, MemoryStore, RedisStore
from clientela.settings import Settings
from models import Note
from models.access import Permission
from tests.factories import make_api_key, make_client, make_org, make_session_token, make_staff
from tests.helpers import http_client

TOTAL = "{ clients(first: 20) { totalCount } }"  # costs 22, actually 2


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "redis"])
async def store(request) -> AsyncIterator[tuple[LimitStore, object]]:
    """A store and a way to let time pass for it: a fake clock, or real sleep for Redis."""
    if request.param == "memory":
        clock = FakeClock()

        async def advance(seconds: float) -> None:
            clock.now += seconds

        yield MemoryStore(clock), advance
        return
    settings: Settings = request.getfixturevalue("redis_settings")
    assert settings.redis_url is not None
    redis_store = RedisStore(
        settings.redis_url, settings.redis_prefix, secret=settings.secret_key.get_secret_value()
    )
    try:
        yield redis_store, asyncio.sleep
    finally:
        await redis_store.aclose()


async def test_a_bucket_pays_until_empty_then_refuses_without_taking(store):
    limits, _ = store
    first = await limits.take("k", 60, size=100, rate=10)
    assert (first.allowed, round(first.available)) == (True, 40)
    refused = await limits.take("k", 50, size=100, rate=10)
    assert refused.allowed is False
    assert round(refused.available) == 40  # a refused take takes nothing
    assert refused.retry_after == 1  # 10 missing at 10 a second
    small = await limits.take("k", 40, size=100, rate=10)
    assert small.allowed is True


async def test_a_bucket_refills_at_its_rate_up_to_its_size(store):
    limits, advance = store
    assert (await limits.take("k", 100, size=100, rate=50)).allowed
    assert not (await limits.take("k", 10, size=100, rate=50)).allowed
    await advance(0.3)  # 15 back
    assert (await limits.take("k", 10, size=100, rate=50)).allowed
    await advance(10)
    full = await limits.take("k", 0, size=100, rate=50)
    assert full.available == 100


async def test_a_refund_gives_back_but_never_past_the_size(store):
    limits, _ = store
    await limits.take("k", 80, size=100, rate=1)
    assert round((await limits.refund("k", 50, size=100, rate=1)).available) == 70
    assert (await limits.refund("k", 500, size=100, rate=1)).available == 100


async def test_buckets_are_per_key(store):
    limits, _ = store
    await limits.take("a", 100, size=100, rate=1)
    assert not (await limits.take("a", 5, size=100, rate=1)).allowed
    assert (await limits.take("b", 5, size=100, rate=1)).allowed


async def test_an_attempt_window_counts_and_forgets(store):
    limits, advance = store
    assert [await limits.hit("w", 3, 0.2) for _ in range(4)] == [True, True, True, False]
    assert await limits.hit("other", 3, 0.2)
    await advance(0.25)
    assert await limits.hit("w", 3, 0.2)


async def test_the_memory_store_forgets_idle_windows_and_full_buckets():
    """Random emails or addresses cannot grow memory: once idle, their keys go away."""
    clock = FakeClock()
    limits = MemoryStore(clock, sweep_every=60)
    for i in range(100):
        assert await limits.hit(f"mail:email:{i}", 5, 3600)
        assert (await limits.take(f"address:{i}", 10, size=100, rate=1)).allowed
    await limits.hit("long", 5, 7200)
    await limits.take("slow", 100, size=100, rate=0.01)  # refills in 10,000 s
    assert limits.key_count == 202
    clock.now += 59
    await limits.hit("fresh", 5, 3600)
    assert limits.key_count == 203  # no sweep before `sweep_every`
    clock.now += 3600 - 59  # the 100 windows of an hour have emptied, the buckets refilled
    await limits.take("now", 1, size=100, rate=1)
    assert sorted([*limits._hits, *limits._buckets]) == ["fresh", "long", "now", "slow"]
    # what is forgotten answers as before: a full bucket, an empty window
    assert (await limits.take("address:1", 100, size=100, rate=1)).allowed
    assert [await limits.hit("mail:email:1", 5, 3600) for _ in range(6)][-1] is False
    assert [await limits.hit("long", 5, 7200) for _ in range(5)][-1] is False  # still counted


# Over HTTP.


def serve(
    settings: Settings, address: str = "10.0.0.1"
) -> AbstractAsyncContextManager[httpx.AsyncClient]:
    return http_client(settings, address=address)


def small(settings: Settings, size: int = 50, rate: float = 0.5) -> Settings:
    """Buckets small enough to empty in a few requests, slow enough not to refill meanwhile."""
    return settings.replace(
        max_query_cost=size,
        key_bucket_size=size,
        key_restore_rate=rate,
        address_bucket_size=size,
        address_restore_rate=rate,
    )


@pytest.fixture
async def org(db):
    return await make_org()


@pytest.fixture
async def api_key(org):
    return await make_api_key(org, Permission.CLIENTS_READ, Permission.NOTES_WRITE)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_the_cost_and_the_bucket_come_back_in_extensions(api_key):
    async with serve(Settings()) as http:
        body = (await http.post("/graphql", json={"query": TOTAL}, headers=bearer(api_key))).json()
    assert body["data"] == {"clients": {"totalCount": 0}}
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 22
    assert cost["actualQueryCost"] == 2
    status = cost["throttleStatus"]
    assert status["maximumAvailable"] == 4000
    assert status["restoreRate"] == 100.0
    assert 3997 <= status["currentlyAvailable"] <= 4000  # 22 taken, 20 given back


async def test_an_empty_bucket_answers_429_with_retry_after_and_runs_nothing(org, api_key):
    client = await make_client(org, first_name="Ann")
    note = 'mutation($id: ID!) { addNote(input: {clientId: $id, body: "hi"}) { note { id } } }'
    variables = {"id": str(client.uuid)}
    async with serve(small(Settings(), size=30)) as http:
        first = await http.post(
            "/graphql", json={"query": TOTAL}, headers=bearer(api_key)
        )  # 22 taken, 20 back: 28 left
        second = await http.post(
            "/graphql", json={"query": TOTAL}, headers=bearer(api_key)
        )  # 26 left
        third = await http.post(
            "/graphql", json={"query": TOTAL}, headers=bearer(api_key)
        )  # 24 left: 22 fits
        fourth = await http.post(
            "/graphql", json={"query": note, "variables": variables}, headers=bearer(api_key)
        )  # 11 taken: 13 left
        refused = await http.post(
            "/graphql", json={"query": note, "variables": variables}, headers=bearer(api_key)
        )  # 11 of 13 fits; cost 22 would not
        throttled = await http.post("/graphql", json={"query": TOTAL}, headers=bearer(api_key))
    assert [r.status_code for r in (first, second, third, fourth, refused)] == [200] * 5
    assert throttled.status_code == 429
    retry_after = int(throttled.headers["Retry-After"])
    assert 1 <= retry_after <= 44  # at most 22 missing at 0.5 a second
    (error,) = throttled.json()["errors"]
    assert error["extensions"] == {"code": "THROTTLED", "retryAfter": retry_after}
    assert throttled.json()["data"] is None
    assert throttled.json()["extensions"]["cost"]["actualQueryCost"] is None
    assert await Note.filter(client=client).count() == 2


async def test_a_throttled_mutation_changes_nothing(org, api_key):
    client = await make_client(org, first_name="Ann")
    note = 'mutation($id: ID!) { addNote(input: {clientId: $id, body: "hi"}) { note { id } } }'
    async with serve(small(Settings(), size=12, rate=0.01)) as http:
        ok = await http.post(
            "/graphql",
            json={"query": note, "variables": {"id": str(client.uuid)}},
            headers=bearer(api_key),
        )
        refused = await http.post(
            "/graphql",
            json={"query": note, "variables": {"id": str(client.uuid)}},
            headers={**bearer(api_key), "accept": "application/graphql-response+json"},
        )
    assert ok.status_code == 200
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/graphql-response+json")
    assert await Note.filter(client=client).count() == 1


async def test_each_key_and_each_staff_user_has_its_own_bucket(org, api_key):
    other_key = await make_api_key(org, Permission.CLIENTS_READ, name="other")
    staff_token = await make_session_token(await make_staff(org))
    async with serve(small(Settings(), size=22, rate=0.01)) as http:
        await http.post(
            "/graphql", json={"query": "{ clients { nodes { id } } }"}, headers=bearer(api_key)
        )
        empty = await http.post("/graphql", json={"query": TOTAL}, headers=bearer(api_key))
        other = await http.post("/graphql", json={"query": TOTAL}, headers=bearer(other_key))
        staff = await http.post("/graphql", json={"query": TOTAL}, headers=bearer(staff_token))
    assert empty.status_code == 429
    assert other.status_code == 200
    assert staff.status_code == 200


async def test_callers_without_a_key_share_the_bucket_of_their_address(db):
    settings = small(Settings(), size=40, rate=0.01).replace(key_bucket_size=1000)
    query = "{ __typename }"  # costs the minimum, 1
    async with serve(settings, "10.0.0.7") as one, serve(settings, "10.0.0.8") as other:
        answers = [await one.post("/graphql", json={"query": query}) for _ in range(40)]
        refused = await one.post("/graphql", json={"query": query})
        elsewhere = await other.post("/graphql", json={"query": query})
    assert {a.status_code for a in answers} == {200}
    assert answers[0].json()["extensions"]["cost"]["throttleStatus"]["maximumAvailable"] == 40
    assert refused.status_code == 429
    assert elsewhere.status_code == 200


async def test_two_instances_share_one_bucket_in_redis(api_key, redis_settings):
    settings = small(redis_settings, size=60, rate=0.01)
    two_pages = {"query": "{ a: clients { nodes { id } } b: clients { nodes { id } } }"}
    too_much = {
        "query": "{ a: clients(first: 28) { totalCount } b: clients(first: 28) { totalCount } }"
    }
    async with serve(settings) as first, serve(settings) as second:
        spent = await first.post("/graphql", json=two_pages, headers=bearer(api_key))
        seen = await second.post("/graphql", json={"query": TOTAL}, headers=bearer(api_key))
        refused = await second.post("/graphql", json=too_much, headers=bearer(api_key))
    # 44 requested and 4 spent on the first (no clients), so 56 left; the second sees that
    # and spends 2 of its 22: 54 left, seen from the second instance.
    assert spent.json()["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 56
    assert seen.status_code == 200
    assert seen.json()["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 54
    # 60 would fit a fresh bucket of the second instance; the shared one holds 54
    assert refused.status_code == 429
    assert refused.json()["extensions"]["cost"]["requestedQueryCost"] == 60


async def test_the_429_comes_from_the_second_instance(org, redis_settings):
    await make_client(org, first_name="Ann")
    key = await make_api_key(org, Permission.CLIENTS_READ)
    settings = small(redis_settings, size=30, rate=0.01)
    page = {"query": "{ clients(first: 25) { nodes { id } } }"}  # 27 requested, 3 spent
    async with serve(settings) as first, serve(settings) as second:
        answers = [await first.post("/graphql", json=page, headers=bearer(key)) for _ in range(2)]
        refused = await second.post("/graphql", json=page, headers=bearer(key))
    assert [a.status_code for a in answers] == [200, 200]
    assert refused.status_code == 429  # a fresh bucket of its own would have paid
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 24


async def test_nothing_personal_goes_into_redis_keys(org, redis_settings):
    """Emails and client addresses appear only as HMACs under SECRET_KEY: not in clear, and
    not as a plain SHA-256 that hashing a list of candidates would reverse."""
    from redis.asyncio import Redis

    assert redis_settings.redis_url is not None
    account = (
        'mutation { login(input: {organization: "' + org.slug + '", email: "Ann@Example.com", '
        'password: "wrong password"}) { userErrors { code } } '
        'verifyEmail(input: {token: "guess"}) { userErrors { code } } '
        'confirmEmailChange(input: {token: "guess"}) { userErrors { code } } }'
    )
    # A bucket's key expires once it has refilled; refilling slowly keeps it until the scan,
    # however slow the machine is.
    slow = redis_settings.replace(address_restore_rate=0.01)
    async with serve(slow) as http:
        answer = await http.post("/graphql", json={"query": account})
    assert answer.status_code == 200, answer.text
    redis = Redis.from_url(redis_settings.redis_url)
    try:
        keys = [k.decode() async for k in redis.scan_iter(match=f"{redis_settings.redis_prefix}*")]
    finally:
        await redis.aclose()
    secret = redis_settings.secret_key.get_secret_value().encode()
    email_mac = hmac.new(secret, b"ann@example.com", hashlib.sha256).hexdigest()
    address_mac = hmac.new(secret, b"10.0.0.1", hashlib.sha256).hexdigest()
    kinds = {k.removeprefix(redis_settings.redis_prefix) for k in keys}
    assert kinds == {
        f"window:login:email:{email_mac}",
        f"window:login:addr:{address_mac}",
        f"window:token:addr:{address_mac}",
        f"bucket:address:{address_mac}",
    }
    for personal in ("ann@example.com", "Ann@Example.com", "10.0.0.1"):
        plain_digest = hashlib.sha256(personal.encode()).hexdigest()
        for key in keys:
            assert personal.lower() not in key.lower()
            assert plain_digest[:16] not in key
    assert not any("ann" in k or "example" in k or "10.0" in k for k in keys)


async def test_an_unreachable_store_refuses_requests_without_telling_why(org, api_key, caplog):
    client = await make_client(org, first_name="Ann")
    note = 'mutation($id: ID!) { addNote(input: {clientId: $id, body: "hi"}) { note { id } } }'
    caplog.set_level(logging.ERROR, logger="clientela.graphql")
    async with serve(Settings(redis_url="redis://127.0.0.1:1/0")) as http:
        response = await http.post(
            "/graphql",
            json={"query": note, "variables": {"id": str(client.uuid)}},
            headers=bearer(api_key),
        )
    assert response.status_code == 503
    (error,) = response.json()["errors"]
    assert error["message"] == "Internal server error"
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "127.0.0.1" not in response.text
    assert error["extensions"]["request_id"] in caplog.records[0].getMessage()
    assert await Note.filter(client=client).count() == 0
