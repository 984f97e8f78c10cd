"""R4.6: the documented TIMP fix, end to end (seeds 000 and 001).

A client whose login email is verified needs a new email. Staff cannot migrate it
(only its owner can); the documented way is a new record with the right email, the
old record unified into it, and the welcome email. The person then logs in and their
whole history is on the record their account is linked to.
"""

from __future__ import annotations

from models import Account, Client
from models.security import hash_password
from tests.factories import make_account, make_actor, make_client, make_note, make_org
from tests.helpers import http_client, run
from tests.mail import deliver, to

PASSWORD = "marta's long passphrase"


async def test_the_timp_fix_end_to_end(db, smtp_server, mail_settings):
    org = await make_org(slug="timp", name="Centro TIMP", default_locale="it")
    actor = await make_actor(org)
    account = await make_account(
        "marta.old@example.com", first_name="Marta", password_hash=hash_password(PASSWORD)
    )
    old = await make_client(
        org,
        first_name="Marta",
        email="marta.old@example.com",
        account=account,
        external_id="POS-MARTA",
        tags=["Yoga"],
    )
    await make_note(old, "Ten years with us")
    await run(
        'mutation($id: ID!) { addPoints(input: {clientId: $id, amount: 300, reason: "history"}) { userErrors { code } } }',
        {"id": str(old.uuid)},
        actor=actor,
    )

    refused = await run(
        'mutation($id: ID!) { migrateClientEmail(input: {clientId: $id, email: "marta.new@example.com"}) '
        "{ userErrors { code } } }",
        {"id": str(old.uuid)},
        actor=actor,
    )
    assert refused["migrateClientEmail"]["userErrors"] == [
        {"code": "ACCOUNT_EMAIL_OWNED_BY_CLIENT"}
    ]

    created = await run(
        'mutation { createClient(input: {firstName: "Marta", email: "marta.new@example.com"}) '
        "{ client { id } } }",
        actor=actor,
    )
    new_id = created["createClient"]["client"]["id"]
    unified = await run(
        "mutation($s: ID!, $a: ID!) { unifyClients(input: {survivorId: $s, absorbedId: $a}) "
        "{ client { email points tags { name } notes { totalCount } account { email } } userErrors { code } } }",
        {"s": new_id, "a": str(old.uuid)},
        actor=actor,
    )
    survivor = unified["unifyClients"]["client"]
    assert unified["unifyClients"]["userErrors"] == []
    assert survivor == {
        "email": "marta.new@example.com",
        "points": 300,
        "tags": [{"name": "Yoga"}],
        "notes": {"totalCount": 1},
        "account": {"email": "marta.old@example.com"},
    }

    await run(
        "mutation($id: ID!) { sendWelcomeEmail(input: {clientId: $id}) { userErrors { code } } }",
        {"id": new_id},
        actor=actor,
    )
    await deliver(mail_settings)
    (welcome,) = smtp_server.messages
    assert (to(welcome), welcome["Subject"]) == (
        "marta.new@example.com",
        "Ti diamo il benvenuto in Centro TIMP",
    )

    async with http_client() as http:
        login = await http.post(
            "/graphql",
            json={
                "query": 'mutation { login(input: {organization: "timp", '
                f'email: "marta.old@example.com", password: "{PASSWORD}"}}) {{ token userErrors {{ code }} }} }}'
            },
        )
        token = login.json()["data"]["login"]["token"]
        me = await http.post(
            "/graphql",
            json={"query": "{ myAccount { email firstName } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert me.json()["data"]["myAccount"] == {
        "email": "marta.old@example.com",
        "firstName": "Marta",
    }
    linked = await Client.get(account_id=account.id)
    assert str(linked.uuid) == new_id
    old_id = await run('{ clientByExternalId(externalId: "POS-MARTA") { id } }', actor=actor)
    assert old_id["clientByExternalId"]["id"] == new_id
    assert await Account.filter(id=account.id).exists()
