"""Search (R6.4): case and accents, partial terms, names in either order, email, phone by any
run of its digits, identification number; the search text kept by every writer; on
PostgreSQL, served by the trigram index."""

from __future__ import annotations

import pytest

from models import Client
from models.search_text import client_search_text, fold
from resolvers.clients import client_filter, client_search
from resolvers.clients.client_filter import ClientFilter, build_filter, known_ids
from resolvers.clients.client_search import like_pattern, search_terms
from tests.factories import make_actor, make_client, make_org
from tests.helpers import run

SEARCH = """
query($text: String!) {
  clients(filter: {search: $text}, first: 100, orderBy: NAME_ASC) { nodes { firstName } }
}
"""


async def found(actor, text):
    data = await run(SEARCH, {"text": text}, actor=actor)
    return sorted(node["firstName"] for node in data["clients"]["nodes"])


@pytest.fixture
async def desk(db):
    org = await make_org()
    await make_client(
        org,
        first_name="José",
        last_name="Pérez",
        email="jose.perez@correo.es",
        phone="+34612345678",
        identification_number="X-1234567-Z",
    )
    await make_client(
        org, first_name="Mario", last_name="Rossi", email="mr@example.com", phone="+393331234567"
    )
    await make_client(org, first_name="Maria", last_name="Rossini", email="maria@example.com")
    await make_client(org, first_name="Pietro", last_name="Bianchi", email="pb@example.com")
    await make_client(org, first_name="Søren", last_name="Ødegård", phone="+442079460000")
    other = await make_org()
    await make_client(other, first_name="Mario", last_name="Rossi", phone="+393331234567")
    return await make_actor(org)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # case and accents, both ways
        ("perez", ["José"]),
        ("PÉREZ", ["José"]),
        ("jose", ["José"]),
        ("Jôsé", ["José"]),
        ("soren odegard", ["Søren"]),
        # partial
        ("ross", ["Maria", "Mario"]),
        ("ossi", ["Maria", "Mario"]),
        ("rossin", ["Maria"]),
        # names in either order; every term must match
        ("mario rossi", ["Mario"]),
        ("rossi mario", ["Mario"]),
        ("  Rossi   MARIO ", ["Mario"]),
        ("rossi pietro", []),
        # short terms match word starts
        ("ro", ["Maria", "Mario"]),
        ("ma ro", ["Maria", "Mario"]),
        ("ie", []),
        ("b", ["Pietro"]),
        # email, whole or in part
        ("jose.perez@correo.es", ["José"]),
        ("correo", ["José"]),
        ("MR@EXAMPLE", ["Mario"]),
        ("example.com", ["Maria", "Mario", "Pietro"]),
        # phone: any run of digits, with or without prefix or spaces
        ("333 123", ["Mario"]),
        ("+39333", ["Mario"]),
        ("0039 333 1234567", ["Mario"]),
        ("3331234", ["Mario"]),
        ("+39 (333) 123-4567", ["Mario"]),
        ("612 34 56 78", ["José"]),
        ("020 7946", ["Søren"]),  # as dialled in the UK
        ("4420 7946", ["Søren"]),
        ("333 999", []),
        # identification number, with or without its separators
        ("x1234567z", ["José"]),
        ("X-1234567", ["José"]),
        ("1234567", ["José", "Mario"]),  # a run of digits finds phones too
        # nothing that reads as a term: no search
        ("-", ["Maria", "Mario", "Pietro", "José", "Søren"]),
        # matches nothing
        ("zzz", []),
        ("rossi@", ["Maria", "Mario"]),
    ],
)
async def test_search(desk, text, expected):
    assert await found(desk, text) == sorted(expected)


async def test_search_does_not_match_across_fields(db):
    org = await make_org()
    await make_client(org, first_name="Ada", last_name="Lo", email="velace@example.com")
    actor = await make_actor(org)
    assert await found(actor, "lovelace") == []
    assert await found(actor, "lo velace") == ["Ada"]


def test_folding():
    assert fold("  Ñandú-ÇAĞLAR  straße ") == "nandu caglar strasse"
    assert fold("Łódź Œuvre") == "lodz oeuvre"
    assert search_terms("Rossi  mario") == ("mario", "rossi")
    assert search_terms("+39 333-123") == ("39333123",)
    assert search_terms("0039 333") == ("39333",)
    assert search_terms("12") == ("12",)
    assert search_terms(" .. ") == ()
    assert client_search_text("José", "Pérez", None, None, None) == " jose perez"
    assert client_search_text("", "", None, None, None) == ""


UPDATE = """mutation($input: UpdateClientInput!) { updateClient(input: $input) {
  userErrors { code } } }"""
CREATE = """mutation($input: CreateClientInput!) { createClient(input: $input) {
  client { id } userErrors { code } } }"""
UNIFY = """mutation($input: UnifyClientsInput!) { unifyClients(input: $input) {
  userErrors { code } } }"""
ERASE = """mutation($id: ID!) { deleteClientPermanently(input: {clientId: $id}) {
  userErrors { code } } }"""


async def stored_text(client_id):
    return (await Client.get(id=client_id)).search_text


async def test_every_writer_keeps_the_search_text(db):
    org = await make_org()
    actor = await make_actor(org)

    created = await run(
        CREATE,
        {"input": {"firstName": "Zoë", "lastName": "Müller", "phone": "+39 333 765 4321"}},
        actor=actor,
    )
    assert created["createClient"]["userErrors"] == []
    zoe_id = created["createClient"]["client"]["id"]
    assert await found(actor, "zoe muller") == ["Zoë"]
    assert await found(actor, "3337654") == ["Zoë"]

    await run(UPDATE, {"input": {"clientId": zoe_id, "lastName": "Weiß"}}, actor=actor)
    assert await found(actor, "muller") == []
    assert await found(actor, "weiss zoe") == ["Zoë"]

    absorbed = await make_client(org, first_name="Other", email="zoe.w@example.com")
    zoe = await Client.get(uuid=zoe_id)
    data = await run(
        UNIFY, {"input": {"survivorId": zoe_id, "absorbedId": str(absorbed.uuid)}}, actor=actor
    )
    assert data["unifyClients"]["userErrors"] == []
    assert await found(actor, "zoe.w@example") == ["Zoë"]  # the email the survivor took
    assert await stored_text(zoe.id) == client_search_text(
        "Zoë", "Weiß", "zoe.w@example.com", "+393337654321", None
    )

    data = await run(ERASE, {"id": zoe_id}, actor=actor)
    assert data["deleteClientPermanently"]["userErrors"] == []
    assert await stored_text(zoe.id) == ""


async def test_a_write_of_other_fields_keeps_the_search_text(db):
    org = await make_org()
    client = await make_client(org, first_name="Lia", last_name="Neri")
    client.city = "Roma"
    await client.save(update_fields=["city"])
    assert await stored_text(client.id) == " lia neri"


async def page_plan(conn, org_id, text, *, rare):
    """The plan of a first page of this search, as build_filter writes it."""
    terms = search_terms(text)
    spec = ClientFilter(search=text)
    known = await known_ids(org_id, spec)
    assert known.search_rare is rare
    query = build_filter(org_id, spec, known).order_by("-registered_at", "-id").limit(21)
    sql = query.values_list("id").sql(params_inline=True)
    assert all(like_pattern(term) in sql for term in terms)
    rows = await conn.execute_query_dict(f"EXPLAIN {sql}")
    return "\n".join(row["QUERY PLAN"] for row in rows)


@pytest.fixture(params=["rare", "common"])
def rarity(request, monkeypatch):
    """On PostgreSQL a search is written two ways (index first when rare): both must find
    the same clients."""
    if request.param == "common":
        monkeypatch.setattr(client_filter, "SEARCH_FIRST_UP_TO", -1)
    return request.param


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rossi mario", ["Mario"]),
        ("ro", ["Maria", "Mario"]),
        ("+39333", ["Mario"]),
        ("jose", ["José"]),
        ("zzz", []),
    ],
)
async def test_both_ways_of_writing_a_search_find_the_same(desk, rarity, text, expected):
    assert await found(desk, text) == sorted(expected)


@pytest.mark.postgres
async def test_postgres_reads_a_rare_search_from_the_trigram_index(db):
    org = await make_org()
    conn = db.connections.get("default")
    # Enough clients for the planner to weigh the index against walking the page's order
    # (search texts as client_search_text writes them for these plain names).
    await conn.execute_query(
        "INSERT INTO client (uuid, organization_id, first_name, last_name, search_text, points,"
        " registered_at, share_code, status, level_set_manually, created_at, updated_at)"
        " SELECT gen_random_uuid(), $1, 'Nome' || i, 'Neri', ' nome' || i || ' neri', 0,"
        " now() - i * interval '1 minute', 'S' || i, 'active', false, now(), now()"
        " FROM generate_series(1, 20000) AS i",
        [org.id],
    )
    await make_client(org, first_name="Mario", last_name="Rossi", phone="+393331234567")
    await conn.execute_script("ANALYZE client")
    for text in ("ross", "rossi mario", "ro", "333 123", "nessuno"):
        plan = await page_plan(conn, org.id, text, rare=True)
        assert "client_search_trgm" in plan, plan
        # the few found rows read by id, not a walk in the page's order
        assert "Index Scan using client_pkey" in plan, plan
        assert "Backward" not in plan, plan
    assert await found(await make_actor(org), "rossi mario") == ["Mario"]


@pytest.mark.postgres
async def test_a_common_search_is_written_plainly(db, monkeypatch):
    monkeypatch.setattr(client_filter, "SEARCH_FIRST_UP_TO", 2)
    monkeypatch.setattr(client_search, "SEARCH_FIRST_UP_TO", 2)
    org = await make_org()
    for i in range(4):
        await make_client(org, first_name=f"Nome{i}", last_name="Rossi")
    spec = ClientFilter(search="rossi")
    assert (await known_ids(org.id, spec)).search_rare is False
    assert (await known_ids(org.id, ClientFilter(search="nome1"))).search_rare is True
    query = build_filter(org.id, spec, await known_ids(org.id, spec))
    assert "ANY(ARRAY(" not in query.values_list("id").sql()
    assert await query.count() == 4
