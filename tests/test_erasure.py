"""R8.3: deleting a client erases the person's data wherever it is.

The proof reads the database's own catalogue: every text and JSON column of every table
is scanned for the person's names, emails, phone and identification number.
"""

from __future__ import annotations

from typing import Any

from tortoise import connections

from models import Client, ConsentEvent, Purchase, UndeliverableAddress
from models.db import is_postgres
from models.enums import ActorType, ClientStatus, ConsentPurpose, ConsentSource
from tests.factories import make_account, make_actor, make_client, make_org
from tests.helpers import run

FIRST, LAST = "Zelinda", "Quagliarotti"
EMAIL, OLD_EMAIL = "zelinda.q@example.com", "zq.old@example.com"
PHONE, OLD_PHONE = "+393471234567", "+393489876543"
ID_NUMBER, OLD_ID_NUMBER = "ZQX99887766", "ZQX11223344"
NEEDLES = [
    FIRST,
    LAST,
    EMAIL,
    OLD_EMAIL,
    "zelinda.q",
    PHONE,
    OLD_PHONE,
    PHONE[3:],
    OLD_PHONE[3:],
    ID_NUMBER,
    OLD_ID_NUMBER,
]


async def text_columns() -> dict[str, list[str]]:
    """table -> its text and JSON columns, from the database's catalogue."""
    conn = connections.get("default")
    found: dict[str, list[str]] = {}
    if is_postgres(conn):
        rows = await conn.execute_query_dict(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'character', 'json', 'jsonb')"
        )
        for row in rows:
            found.setdefault(row["table_name"], []).append(row["column_name"])
        return found
    tables = await conn.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    for table in tables:
        for column in await conn.execute_query_dict(f'PRAGMA table_info("{table["name"]}")'):
            kind = (column["type"] or "").upper()
            if any(word in kind for word in ("CHAR", "TEXT", "JSON", "CLOB")):
                found.setdefault(table["name"], []).append(column["name"])
    return found


async def occurrences() -> list[tuple[str, str, str]]:
    conn = connections.get("default")
    hits = []
    for table, columns in (await text_columns()).items():
        quoted = ", ".join(f'CAST("{c}" AS TEXT) AS "{c}"' for c in columns)
        # Names from the catalogue itself, not from input.
        statement = f'SELECT {quoted} FROM "{table}"'  # noqa: S608
        for row in await conn.execute_query_dict(statement):
            for column, value in row.items():
                text = str(value or "").lower()
                hits += [(table, column, n) for n in NEEDLES if n.lower() in text]
    return hits


async def person(org: Any) -> tuple[Client, Client]:
    actor = await make_actor(org)
    account = await make_account(EMAIL, first_name=FIRST, last_name=LAST)
    old = await make_client(
        org,
        first_name=FIRST,
        last_name=LAST,
        email=OLD_EMAIL,
        phone=OLD_PHONE,
        identification_type="passport",
        identification_number=OLD_ID_NUMBER,
        city="Bergamo",
        text1=f"{FIRST} prefers mornings",
    )
    client = await make_client(
        org,
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        phone=PHONE,
        identification_type="national_id",
        identification_number=ID_NUMBER,
        account=account,
    )
    ids = {"c": str(client.uuid), "o": str(old.uuid)}
    await run(
        'mutation($o: ID!) { addNote(input: {clientId: $o, body: "Zelinda Quagliarotti, '
        'zq.old@example.com"}) { userErrors { code } } }',
        ids,
        actor=actor,
    )
    await run(
        'mutation($o: ID!) { addPoints(input: {clientId: $o, amount: 40, reason: "Zelinda'
        ' welcome"}) { userErrors { code } } }',
        ids,
        actor=actor,
    )
    await run(
        'mutation($o: ID!) { recordPurchase(input: {clientId: $o, amount: "12.50", currency: "EUR",'
        ' status: PAID, valueDate: "2026-01-10", description: "Massage for Zelinda Quagliarotti"})'
        " { userErrors { code } } }",
        ids,
        actor=actor,
    )
    merged = await run(
        "mutation($c: ID!, $o: ID!) { unifyClients(input: {survivorId: $c, absorbedId: $o}) "
        "{ userErrors { code } } }",
        ids,
        actor=actor,
    )
    assert merged["unifyClients"]["userErrors"] == []
    await run(
        'mutation($c: ID!) { addNote(input: {clientId: $c, body: "Called +39 347 1234567"}) '
        "{ userErrors { code } } }",
        ids,
        actor=actor,
    )
    sent = await run(
        "mutation($c: ID!) { sendNotification(input: {type: MANUAL, channels: [EMAIL, IN_APP], "
        'clientIds: [$c], params: {title: "Ciao Zelinda", body: "Zelinda, your locker"}}) '
        "{ queued userErrors { code } } }",
        ids,
        actor=actor,
    )
    assert sent["sendNotification"]["userErrors"] == []
    # Consent proofs and bounce marks (R11) hold the person too.
    await ConsentEvent.create(
        organization_id=org.id,
        client_id=old.id,
        purpose=ConsentPurpose.MARKETING_EMAIL,
        granted=True,
        source=ConsentSource.STAFF,
        proof=f"Signed form of {FIRST} {LAST}, {OLD_EMAIL}",
        actor_type=ActorType.STAFF,
        actor_name="Reception",
    )
    await UndeliverableAddress.create(
        organization_id=org.id, email_key=OLD_EMAIL, reply=f"550 no mailbox {OLD_EMAIL}"
    )
    welcome = await run(
        "mutation($c: ID!) { sendWelcomeEmail(input: {clientId: $c}) { userErrors { code } } }",
        ids,
        actor=actor,
    )
    assert welcome["sendWelcomeEmail"]["userErrors"] == []
    return client, old


async def test_deleting_a_client_erases_the_person_everywhere(db):
    org = await make_org()
    client, old = await person(org)
    assert {needle for _, _, needle in await occurrences()} >= {FIRST, LAST, EMAIL, ID_NUMBER}

    deleted = await run(
        "mutation($c: ID!) { deleteClientPermanently(input: {clientId: $c}) "
        "{ client { status } userErrors { code } } }",
        {"c": str(client.uuid)},
        actor=await make_actor(org),
    )

    assert deleted["deleteClientPermanently"] == {"client": {"status": "DELETED"}, "userErrors": []}
    assert await occurrences() == []
    # What accounting needs stays: the purchase's amount and date, the ledger's amounts.
    purchase = await Purchase.get(client_id=client.id)
    assert (str(purchase.amount), str(purchase.value_date)) == ("12.50", "2026-01-10")
    assert (await Client.get(id=client.id)).points == 40
    # What was agreed and when stays; the proof does not.
    event = await ConsentEvent.get(client_id=old.id)
    assert (event.granted, event.proof) == (True, None)
    # The merged record is erased too, and no longer listed as MERGED.
    assert (await Client.get(id=old.id)).status is ClientStatus.DELETED
    listed = await run(
        "{ clients(filter: {status: [MERGED]}) { totalCount } }", actor=await make_actor(org)
    )
    assert listed["clients"]["totalCount"] == 0
