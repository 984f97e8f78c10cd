"""Compiled mutations (schema/compiled/writes.py) answer what the reference answers.

A write cannot be sent twice to the same records and answer the same, so each test builds
two identical organizations (same levels, tags, client, records at the same instants) and
sends the same document to the app with the compiled path for one and to the reference
(graphql-core, `compiled_reads=False`) for the other. The answers must be the same bytes
but for the values a write makes fresh: public ids, timestamps and share codes, which must
pair one to one (a value repeated in one answer is repeated in the other) and have the same
shape (digits aside: a timestamp written with fewer digits fails). The documents select
every field of each payload, two levels deep (`test_compiled_fields.field_selections`), so
a field added to a payload is in the corpus by construction.
"""

from __future__ import annotations

import base64
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import orjson
import pytest

import models
from clientela.app import GraphQLView
from clientela.settings import Settings
from models.access import Permission
from schema import schema
from tests.factories import make_api_key, make_client, make_level, make_org
from tests.helpers import count_statements, served
from tests.test_compiled_fields import START, _records, _type, select_all

WRITER = (
    Permission.CLIENTS_READ,
    Permission.CLIENTS_WRITE,
    Permission.POINTS_WRITE,
    Permission.NOTES_WRITE,
    Permission.TAGS_WRITE,
)


@dataclass
class World:
    org: models.Organization
    client: models.Client
    key: str  # every write permission and clients:read
    blind: str  # writes, but may not read clients
    reader: str  # reads only
    level: str  # Gold's public id


async def _world() -> World:
    org = await make_org()
    gold = await make_level(org, "Gold", 1000)
    await make_level(org, "Silver", 100)
    client = await make_client(
        org,
        first_name="Maria",
        last_name="Rossi",
        email="maria@example.com",
        email_key="maria@example.com",
        city="Roma",
        birthday=date(1990, 4, 2),
        level=gold,
        tags=["VIP", "Yoga"],
        registered_at=START,
        share_code=f"SHARE{org.id:05}",
    )
    await _records(client)
    client = await models.Client.get(id=client.id)
    return World(
        org,
        client,
        await make_api_key(org, *WRITER),
        await make_api_key(org, Permission.POINTS_WRITE, Permission.NOTES_WRITE),
        await make_api_key(org, Permission.CLIENTS_READ),
        str(gold.uuid),
    )


@dataclass
class Pair:
    fast: World
    slow: World


@pytest.fixture
async def pair(db) -> Pair:
    return Pair(await _world(), await _world())


def _view(app: Any) -> GraphQLView:
    view = next(r.endpoint for r in app.routes if getattr(r, "path", "") == "/graphql")
    assert isinstance(view, GraphQLView)
    return view


@asynccontextmanager
async def _apps() -> AsyncIterator[tuple[httpx.AsyncClient, GraphQLView, httpx.AsyncClient]]:
    async with (
        served(Settings()) as (fast, app),
        served(Settings(compiled_reads=False)) as (
            slow,
            _,
        ),
    ):
        yield fast, _view(app), slow


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)$")
_SHARE = re.compile(r"^SHARE\d{5}$")


def _fresh(value: str) -> bool:
    return bool(_UUID.match(value) or _INSTANT.match(value) or _SHARE.match(value))


def _cursor(value: str) -> list[Any] | None:
    try:
        decoded = orjson.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (ValueError, orjson.JSONDecodeError):
        return None
    return decoded if isinstance(decoded, list) and decoded else None


def _list_of(path: str) -> str:
    """The connection an item's path is in (internal ids are per table)."""
    return re.split(r"\.(?:edges|nodes|pageInfo)", path)[0]


def _same(a: Any, b: Any, pairs: dict[str, str], path: str = "") -> None:
    """`a` and `b` are the same JSON but for fresh values paired one to one."""
    assert type(a) is type(b), path
    if isinstance(a, dict):
        assert list(a) == list(b), path  # same keys in the same order
        for key in a:
            _same(a[key], b[key], pairs, f"{path}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, pairs, f"{path}[{index}]")
    elif isinstance(a, str) and a != b and path.endswith(".shareCode"):  # drawn at random
        assert len(a) == len(b) and pairs.setdefault(a, b) == b, path
    elif isinstance(a, str) and a in pairs and not _fresh(a):  # a value each world has its own
        assert pairs[a] == b, (path, a, b)
    elif isinstance(a, str) and a != b and _cursor(a) is not None:
        # A cursor: the sort values, and the row's internal id (each world has its own).
        mine, theirs = _cursor(a), _cursor(b)
        assert mine is not None and theirs is not None, path
        _same(mine[:-1], theirs[:-1], pairs, f"{path}(cursor)")
        scope = _list_of(path)
        assert pairs.setdefault(f"{scope}:{mine[-1]}", f"{theirs[-1]}") == f"{theirs[-1]}", path
    elif isinstance(a, str) and a != b and path.endswith(".id") and a.isdigit() and b.isdigit():
        # An id that is the row's number (activity entries)
        assert pairs.setdefault(f"{_list_of(path)}:{a}", b) == b, path
    elif isinstance(a, str) and a != b and _fresh(a):
        if _INSTANT.match(a):  # written alike: the same digits, zone and separators
            assert re.sub(r"\d", "0", a) == re.sub(r"\d", "0", b), (path, a, b)
        else:
            assert bool(_UUID.match(a)) == bool(_UUID.match(b)), (path, a, b)
        assert pairs.setdefault(a, b) == b, (path, a, b)
        assert sum(1 for v in pairs.values() if v == b) == 1, (path, a, b)
    else:
        assert a == b, (path, a, b)


def _comparable(response: httpx.Response) -> tuple[Any, ...]:
    body = orjson.loads(response.content)
    cost = (body.get("extensions") or {}).get("cost") or {}
    cost.get("throttleStatus", {}).pop("currentlyAvailable", None)
    errors = [
        (e["message"], e.get("path"), e["extensions"]["code"]) for e in body.get("errors", [])
    ]
    return response.status_code, response.headers["content-type"], cost, errors


async def _post(http: httpx.AsyncClient, token: str, query: str, variables: Any) -> httpx.Response:
    # The body as JSON text (with the escapes a test writes), sent as it is.
    raw = orjson.dumps({"query": query, "variables": variables})
    raw = raw.replace(b"LONE_SURROGATE", b"\\ud800")
    return await http.post(
        "/graphql",
        content=raw,
        headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
    )


async def same_write(
    pair: Pair,
    query: str,
    variables: Any,
    *,
    compiled: bool = True,
    token: str = "key",  # noqa: S107 - which of the world's keys
    times: int = 1,
) -> Any:
    """The document with `variables` (CLIENT is each world's client) sent `times` times to
    each app; every answer must match. Returns the last compiled answer's data."""
    data = None
    pairs: dict[str, str] = {
        str(pair.fast.client.uuid): str(pair.slow.client.uuid),
        pair.fast.client.share_code: pair.slow.client.share_code,
        # The ledger's keys (tests.factories.make_ledger) name the client's row.
        **{f"c{pair.fast.client.id}-{k}": f"c{pair.slow.client.id}-{k}" for k in range(9)},
        **{f"GC{pair.fast.client.id}-{k}": f"GC{pair.slow.client.id}-{k}" for k in range(3)},
    }
    async with _apps() as (fast, view, slow):
        for _ in range(times):
            assert view.compiled_writes is not None
            before = view.compiled_writes.answered
            mine = _filled(variables, pair.fast)
            theirs = _filled(variables, pair.slow)
            fast_answer = await _post(fast, getattr(pair.fast, token), query, mine)
            slow_answer = await _post(slow, getattr(pair.slow, token), query, theirs)
            assert view.compiled_writes.answered - before == (1 if compiled else 0), query
            assert _comparable(fast_answer) == _comparable(slow_answer)
            fast_data = orjson.loads(fast_answer.content).get("data")
            _same(fast_data, orjson.loads(slow_answer.content).get("data"), pairs)
            data = fast_data
    return data


def _filled(variables: Any, world: World) -> Any:
    if isinstance(variables, dict):
        return {k: _filled(v, world) for k, v in variables.items()}
    if isinstance(variables, list):
        return [_filled(v, world) for v in variables]
    if variables == "CLIENT":
        return str(world.client.uuid)
    if variables == "LEVEL":
        return world.level
    if variables == "SHARECODE":
        return world.client.share_code
    return variables


def payload(name: str) -> str:
    """Every field of the mutation's payload, two levels deep."""
    mutation = schema._schema.mutation_type
    assert mutation is not None
    kind = mutation.fields[name].type
    while not hasattr(kind, "fields"):
        kind = kind.of_type
    return select_all(_type(kind.name), 2)


INPUTS: dict[str, tuple[str, dict[str, Any]]] = {
    "addPoints": (
        "AddPointsInput",
        {
            "clientId": "CLIENT",
            "amount": 10,
            "reason": "Visit",
            "idempotencyKey": "k-1",
            "expiresAt": "2030-01-01T00:00:00Z",
        },
    ),
    "recordPurchase": (
        "RecordPurchaseInput",
        {
            "clientId": "CLIENT",
            "amount": "49.90",
            "currency": "EUR",
            "status": "PAID",
            "valueDate": "2026-11-01",
            "pointsEarned": 5,
            "externalId": "p-1",
            "description": "Shoes",
        },
    ),
    "recordBooking": (
        "RecordBookingInput",
        {
            "clientId": "CLIENT",
            "activity": "Yoga",
            "startsAt": "2026-12-01T10:00:00Z",
            "status": "BOOKED",
            "externalId": "b-1",
        },
    ),
    "addNote": ("AddNoteInput", {"clientId": "CLIENT", "body": "Called about the order"}),
    "recordOrder": (
        "RecordOrderInput",
        {
            "clientId": "CLIENT",
            "status": "PAID",
            "total": "25.50",
            "currency": "eur",
            "orderedAt": "2026-11-20T09:30:00Z",
            "items": [{"name": "Tea", "quantity": 2, "unitPrice": "12.75"}],
            "externalId": "o-1",
        },
    ),
    "createClient": (
        "CreateClientInput",
        {
            "firstName": " Anna ",
            "lastName": "Bianchi",
            "email": "Anna.Bianchi@Example.com",
            "phone": "333 123 4567",
            "gender": "FEMALE",
            "birthday": "1991-05-06",
            "registeredAt": "2026-01-02T03:04:05.123456+02:00",
            "int1": 4,
            "levelId": "LEVEL",
            "referredByShareCode": "SHARECODE",
        },
    ),
    "addTags": ("ChangeTagsInput", {"clientIds": ["CLIENT"], "tags": ["Newsletter", "vip"]}),
    "upsertClients": (
        "UpsertClientsInput",
        {
            "matchBy": "EMAIL",
            "clients": [
                {"email": "maria@example.com", "city": "Milano"},
                {
                    "email": "new.one@example.com",
                    "firstName": "Nuovo",
                    "consents": [
                        {"purpose": "MARKETING_EMAIL", "granted": True, "proof": "Till form 7"}
                    ],
                },
                {"email": "bad email"},
            ],
        },
    ),
    "updateClient": (
        "UpdateClientInput",
        {
            "clientId": "CLIENT",
            "lastName": "Verdi",
            "email": "maria.verdi@example.com",
            "city": None,
            "phone": "+39 333 7654321",
            "levelId": None,
        },
    ),
}


def document(name: str, selection: str | None = None) -> str:
    kind, _ = INPUTS[name]
    return (
        f"mutation($input: {kind}!) {{ {name}(input: $input) {{ {selection or payload(name)} }} }}"
    )


@pytest.mark.parametrize("name", list(INPUTS))
async def test_every_field_of_the_payload(pair, name):
    data = await same_write(pair, document(name), {"input": INPUTS[name][1]})
    assert data[name]["userErrors"] == []


@pytest.mark.parametrize("name", list(INPUTS))
async def test_sent_twice(pair, name):
    """The retry of a write with an idempotency key or a partner's id (the first result),
    or a second note."""
    await same_write(pair, document(name), {"input": INPUTS[name][1]}, times=2)


BAD: list[tuple[str, dict[str, Any]]] = [
    ("addPoints", {"reason": "a\x00b"}),
    ("addPoints", {"reason": "LONE_SURROGATE"}),
    ("addPoints", {"amount": 20_000_000}),
    ("addPoints", {"amount": 2**31}),
    ("addPoints", {"amount": -100_000}),
    ("addPoints", {"amount": 0, "reason": ""}),
    ("addPoints", {"expiresAt": "2027-01-01T00:00:00"}),
    ("addPoints", {"expiresAt": "9999-12-31T23:59:59-14:00"}),
    ("addPoints", {"expiresAt": "2020-01-01T00:00:00Z"}),
    ("addPoints", {"idempotencyKey": "x" * 101}),
    ("addPoints", {"clientId": "not-an-id"}),
    ("addPoints", {"clientId": "5f0e1b1e-0000-4000-8000-000000000000"}),
    ("recordPurchase", {"amount": "-1"}),
    ("recordPurchase", {"amount": "1.234"}),
    ("recordPurchase", {"currency": "EURO"}),
    ("recordPurchase", {"status": "PENDING_PAYMENT"}),
    ("recordPurchase", {"valueDate": "0001-01-01"}),
    ("recordPurchase", {"description": "x" * 201}),
    ("recordBooking", {"activity": ""}),
    ("recordBooking", {"startsAt": "0001-01-01T00:00:00+14:00"}),
    ("recordBooking", {"externalId": "a\nb"}),
    ("recordOrder", {"total": "-3"}),
    ("recordOrder", {"items": [{"name": "", "unitPrice": "1"}]}),
    ("recordOrder", {"orderedAt": "2027-01-01"}),
    ("createClient", {"email": "nope", "levelId": "nope"}),
    ("createClient", {"referredByShareCode": "NOSUCHCODE"}),
    ("createClient", {"email": "maria@example.com"}),
    ("createClient", {"birthday": "0001-01-01"}),
    ("updateClient", {"email": "not an email"}),
    ("updateClient", {"clientId": "5f0e1b1e-0000-4000-8000-000000000000", "phone": "x"}),
    ("updateClient", {"clientId": "5f0e1b1e-0000-4000-8000-000000000000"}),
    ("updateClient", {"levelId": "5f0e1b1e-0000-4000-8000-000000000000"}),
    ("updateClient", {"firstName": None}),
    ("addTags", {"tags": []}),
    ("addTags", {"tags": ["ok", ""]}),
    ("addTags", {"clientIds": ["CLIENT", "nope", "5f0e1b1e-0000-4000-8000-000000000000"]}),
    ("addTags", {"clientIds": []}),
    (
        "upsertClients",
        {
            "clients": [
                {
                    "email": "a@example.com",
                    "consents": [{"purpose": "MARKETING_EMAIL", "granted": True}],
                }
            ]
        },
    ),
    ("addNote", {"body": ""}),
    ("addNote", {"body": "LONE_SURROGATE"}),
    ("addNote", {"body": "x" * 20_000}),
    ("addNote", {"clientId": "nope"}),
]


@pytest.mark.parametrize(("name", "change"), BAD, ids=[f"{n}-{i}" for i, (n, _) in enumerate(BAD)])
async def test_bad_input(pair, name, change):
    """Refused by graphql-core's coercion, the input boundary or the resolver: the same
    answer (a refusal before the write goes the full way; the resolver's, this path)."""
    given = {**INPUTS[name][1], **change}
    selection = "__typename userErrors { field code message conflictingClientId __typename }"
    compiled = _reaches_resolver(change)
    await same_write(pair, document(name, selection), {"input": given}, compiled=compiled)


def _reaches_resolver(change: dict[str, Any]) -> bool:
    """Whether the compiled path answers (coercion and the boundary let it through)."""
    for value in change.values():
        if value in (2**31, "LONE_SURROGATE", "a\x00b", "x" * 20_000):
            return False
        naive = ("2027-01-01T00:00:00", "2027-01-01")  # no zone: the boundary refuses them
        if isinstance(value, str) and (value in naive or value.startswith(("9999", "0001"))):
            return False
    return True


async def test_a_caller_without_the_permission_goes_the_full_way(pair):
    await same_write(
        pair, document("addPoints"), {"input": INPUTS["addPoints"][1]}, token="reader",
        compiled=False,
    )  # fmt: skip


async def test_a_writer_that_may_not_read_clients_gets_no_client(pair):
    data = await same_write(
        pair,
        document("recordPurchase"),
        {"input": INPUTS["recordPurchase"][1]},
        token="blind",
    )
    assert data["recordPurchase"]["client"] is None
    assert data["recordPurchase"]["purchase"]["pointsEarned"] == 5


async def test_insufficient_points_and_aliases_and_fragments(pair):
    query = """mutation($id: ID!) { spent: addPoints(input: {clientId: $id, amount: -100000,
      reason: "Gift"}) { ...Out } }
      fragment Out on AddPointsPayload { e: entry { id } userErrors { code field } }"""
    data = await same_write(pair, query, {"id": "CLIENT"})
    assert data["spent"]["userErrors"][0]["code"] == "INSUFFICIENT_POINTS"


async def test_what_is_not_compiled_goes_the_full_way(pair):
    for query in (
        # Two root fields, a directive, a field outside the lean writes, introspection.
        """mutation($id: ID!) { a: addNote(input: {clientId: $id, body: "x"}) { note { id } }
           b: addNote(input: {clientId: $id, body: "y"}) { note { id } } }""",
        """mutation($id: ID!, $s: Boolean!) { addNote(input: {clientId: $id, body: "x"})
           { note @include(if: $s) { id } userErrors { code } } }""",
        """mutation($id: ID!) { changeLevel(input: {clientId: $id, levelId: null})
           { client { id } userErrors { code } } }""",
        """mutation($id: ID!) { addNote(input: {clientId: $id, body: "x"})
           { __schema { queryType { name } } } }""",
    ):
        variables: dict[str, Any] = {"id": "CLIENT"}
        if "$s" in query:
            variables["s"] = True
        await same_write(pair, query, variables, compiled=False)


@pytest.mark.postgres
async def test_the_partner_documents_take_four_round_trips(pair):
    """The benchmark's documents on PostgreSQL: at most two statements besides BEGIN and
    COMMIT (the locking read and the write), no payload read when the payload asks for the
    record's columns only, and the compiled path answers each."""
    from types import SimpleNamespace

    from bench.corpus import WRITES, variables

    # The benchmark's own variables, as wrk fills them in.
    nothing = SimpleNamespace(
        **dict.fromkeys(
            ("organization_id", "tag_name", "level_uuid", "level_id", "tag_id", "client_uuid"), None
        ),
        **dict.fromkeys(("detail_uuid", "segment_uuid", "external_id", "account_id"), None),
    )
    async with _apps() as (fast, view, _):
        for document in WRITES:
            # The key is looked up once (then cached), the statements prepared.
            await _post(
                fast,
                pair.fast.key,
                document.clientela,
                _bench_variables(document, pair, nothing, "8"),
            )
            given = orjson.loads(
                orjson.dumps(variables(document, "clientela", nothing, nothing))  # type: ignore[arg-type]
                .replace(b"CLIENT_ID", str(pair.fast.client.uuid).encode())
                .replace(b"SEQ", b"9")
            )
            assert view.compiled_writes is not None
            before = view.compiled_writes.answered
            with count_statements() as counter:
                answer = await _post(fast, pair.fast.key, document.clientela, given)
            body = orjson.loads(answer.content)
            assert "errors" not in body and body["data"][document.name]["userErrors"] == []
            assert view.compiled_writes.answered == before + 1, document.name
            assert counter.count <= 2, (document.name, counter.statements)


@pytest.mark.postgres
async def test_writes_outside_a_transaction_use_the_stable_plans_pool(pair, monkeypatch):
    """addNote's, createClient's and updateClient's lean statements are lookups by key and
    inserts: their plans do not depend on their values, so those sent outside a transaction
    block go to the stable-plans pool
    (models/db.py), where PostgreSQL may keep a generic plan instead of planning each run
    (the default pool forces a custom plan: about half of the database's CPU per write)."""
    from types import SimpleNamespace

    from asyncpg.connection import Connection

    from bench.corpus import WRITES

    nothing = SimpleNamespace(
        **dict.fromkeys(
            ("organization_id", "tag_name", "level_uuid", "level_id", "tag_id", "client_uuid"), None
        ),
        **dict.fromkeys(("detail_uuid", "segment_uuid", "external_id", "account_id"), None),
    )
    sent: list[tuple[str, str, bool, Any]] = []
    execute = Connection._do_execute

    async def spy(conn: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        mode = conn._params.server_settings.get("plan_cache_mode")
        sent.append((name, query, conn.is_in_transaction(), mode))
        return await execute(conn, query, *args, **kwargs)

    monkeypatch.setattr(Connection, "_do_execute", spy)
    async with _apps() as (fast, _, _):
        for seq, document in enumerate(WRITES):
            name = document.name
            variables = _bench_variables(document, pair, nothing, str(seq))
            answer = await _post(fast, pair.fast.key, document.clientela, variables)
            assert "errors" not in orjson.loads(answer.content), name
    # The caller's key is looked up by the app, not the write: it is left out. The ledger's
    # unlocked path stays on the default pool (docs/benchmarks.md says why).
    stable = {"addNote", "createClient", "updateClient"}
    outside = [
        (n, query, mode)
        for n, query, in_transaction, mode in sent
        if not in_transaction and '"api_key"' not in query and n in stable
    ]
    assert {n for n, _, _ in outside} == stable
    assert [(n, query[:80]) for n, query, mode in outside if mode is not None] == []


def _bench_variables(document: Any, pair: Pair, nothing: Any, seq: str) -> Any:
    from bench.corpus import variables

    raw = orjson.dumps(variables(document, "clientela", nothing, nothing))
    raw = raw.replace(b"CLIENT_ID", str(pair.fast.client.uuid).encode())
    return orjson.loads(raw.replace(b"SEQ", seq.encode()))


async def test_an_unexpected_failure_is_masked_as_the_reference_masks_it(pair, monkeypatch):
    """Once the mutation runs, the compiled path answers whatever happens (it may have
    written): the same masked error as the full path, and it does not run it again."""
    import resolvers.clients.add_note as module

    runs = 0

    async def broken(*args: Any, **kwargs: Any) -> Any:
        nonlocal runs
        runs += 1
        raise RuntimeError("a bug")

    monkeypatch.setattr(module, "_write", broken)
    data = await same_write(pair, document("addNote"), {"input": INPUTS["addNote"][1]})
    assert data is None
    assert runs == 2  # once per app: the compiled path did not hand it to the full path


def _conversions(query: str, variables: dict[str, Any]) -> tuple[Any, Any]:
    """The plan's conversion of a document's arguments and Strawberry's own."""
    from graphql.execution.values import get_argument_values, get_variable_values
    from strawberry.types.arguments import convert_arguments

    from schema.compiled.writes import CompiledWrites

    plan = CompiledWrites(schema, Settings()).plan(query, None)
    assert plan is not None, query
    coerced = get_variable_values(
        schema._schema, plan.operation.variable_definitions or (), variables
    )
    assert not isinstance(coerced, list), coerced
    values = get_argument_values(plan.definition, plan.node, coerced)
    strawberry = convert_arguments(
        values,
        plan.strawberry_field.arguments,
        scalar_registry=schema.schema_converter.scalar_registry,
        config=schema.config,
    )
    return plan.convert(values), strawberry


CONVERTED: list[tuple[str, dict[str, Any]]] = [
    *((name, given) for name, (_, given) in INPUTS.items()),
    ("updateClient", {"clientId": "CLIENT"}),  # every other field UNSET
    ("updateClient", {"clientId": "CLIENT", "city": None, "birthday": None, "int1": 3}),
    ("recordOrder", {**INPUTS["recordOrder"][1], "items": []}),
    ("recordPurchase", {**INPUTS["recordPurchase"][1], "externalId": None}),
    ("createClient", {"firstName": "A", "lastName": "B", "gender": None}),
    (
        "addTags",
        {
            "tags": ["x"],
            "filter": {
                "tags": {"any": ["VIP"], "none": ["x"]},
                "status": ["ACTIVE"],
                "genders": ["FEMALE"],
                "points": {"min": 3},
                "registeredAt": {"from": "2020-01-01T00:00:00Z"},
                "generic": [
                    {"field": "TEXT1", "equals": "a"},
                    {"field": "DATE1", "to": "2020-01-02"},
                ],
                "search": "ross",
            },
        },
    ),
]


@pytest.mark.parametrize(("name", "given"), CONVERTED)
def test_arguments_are_converted_as_strawberry_converts_them(name, given):
    """The converters a plan builds (schema/compiled/arguments.py) give the resolver the
    same values, of the same types, as Strawberry's conversion: input objects field by
    field, UNSET for what was not sent, None for a null, lists as new lists."""
    mine, theirs = _conversions(document(name), {"input": given})
    assert mine == theirs
    assert _types(mine) == _types(theirs)


def test_literal_arguments_of_the_partner_documents_are_converted_alike():
    from bench.corpus import WRITES

    for written in WRITES:
        variables = {"id": "5f0e1b1e-0000-4000-8000-000000000000", "key": "k", "body": "b"}
        variables |= {"ext": "e-1", "email": "a@example.com", "city": "Roma"}
        query = written.clientela
        used = {k: v for k, v in variables.items() if f"${k}" in query}
        mine, theirs = _conversions(query, used)
        assert mine == theirs, written.name
        assert _types(mine) == _types(theirs), written.name


def test_a_list_default_is_not_shared_between_requests():
    """graphql-core gives every request the same default list: the resolver gets its own."""
    given = {key: v for key, v in INPUTS["recordOrder"][1].items() if key != "items"}
    first, _ = _conversions(document("recordOrder"), {"input": given})
    second, _ = _conversions(document("recordOrder"), {"input": given})
    assert first["input"].items == second["input"].items == []
    assert first["input"].items is not second["input"].items


def _types(value: Any) -> Any:
    """The Python types of a converted value, all the way down."""
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [list, *(_types(v) for v in value)]
    if hasattr(value, "__dataclass_fields__"):
        return (type(value), {k: _types(getattr(value, k)) for k in value.__dataclass_fields__})
    return type(value)
