"""R4.6: the documented TIMP fix, end to end, from the person's side (seeds 000 and 001).

Marco's login email (marco.old) is verified, so staff cannot migrate it (only its owner
can). The documented way: a new record with the right email, the old record unified into
it, the welcome email. Everything the person does here goes through the mail that actually
reached a real SMTP server and the public API over HTTP: after the fix Marco gets into the
app with marco.new, his history is on the survivor, and a notification reaches marco.new.
The old account keeps working for the other organization it is linked to.
"""

from __future__ import annotations

from typing import Any

from models import Account, Client
from models.security import hash_password
from tests.factories import make_account, make_actor, make_client, make_note, make_org
from tests.helpers import http_client, run
from tests.mail import deliver, text, to, token_in

PASSWORD = "marco's long passphrase"
NEW_PASSWORD = "marco's newer passphrase"
OLD, NEW = "marco.old@example.com", "marco.new@example.com"

UNIFY = """mutation($s: ID!, $a: ID!) { unifyClients(input: {survivorId: $s, absorbedId: $a}) {
  client { email points tags { name } notes { totalCount } account { email } }
  warnings { code } userErrors { code } } }"""
PREVIEW = """query($s: ID!, $a: ID!) { clientMergePreview(input: {survivorId: $s, absorbedId: $a}) {
  warnings { code field } account { email } blockers { code } } }"""


async def graphql(http: Any, query: str, token: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_the_timp_fix_lets_the_person_in_with_the_new_address(db, smtp_server, mail_settings):
    org = await make_org(slug="timp", name="Centro TIMP", default_locale="it")
    elsewhere = await make_org(slug="altro", name="Altro Centro")
    actor = await make_actor(org)
    account = await make_account(OLD, first_name="Marco", password_hash=hash_password(PASSWORD))
    old = await make_client(
        org, first_name="Marco", email=OLD, account=account, external_id="POS-MARCO", tags=["Yoga"]
    )
    await make_client(elsewhere, first_name="Marco", email=OLD, account=account)
    await make_note(old, "Ten years with us")
    ids = {"old": str(old.uuid)}
    await run(
        'mutation($old: ID!) { addPoints(input: {clientId: $old, amount: 300, reason: "history"})'
        " { userErrors { code } } }",
        ids,
        actor=actor,
    )

    # Seed 000: staff may not change a verified login email.
    refused = await run(
        f'mutation($old: ID!) {{ migrateClientEmail(input: {{clientId: $old, email: "{NEW}"}}) '
        "{ userErrors { code } } }",
        ids,
        actor=actor,
    )
    assert refused["migrateClientEmail"]["userErrors"] == [
        {"code": "ACCOUNT_EMAIL_OWNED_BY_CLIENT"}
    ]
    created = await run(
        f'mutation {{ createClient(input: {{firstName: "Marco", email: "{NEW}"}}) '
        "{ client { id } } }",
        actor=actor,
    )
    ids["new"] = created["createClient"]["client"]["id"]

    # The preview and the payload say that the survivor would be unreachable.
    preview = await run(PREVIEW, {"s": ids["new"], "a": ids["old"]}, actor=actor)
    assert preview["clientMergePreview"] == {
        "warnings": [{"code": "SURVIVOR_UNREACHABLE", "field": ["keepAccountOf"]}],
        "account": {"email": OLD},
        "blockers": [],
    }
    unified = (await run(UNIFY, {"s": ids["new"], "a": ids["old"]}, actor=actor))["unifyClients"]
    assert unified["userErrors"] == []
    assert unified["warnings"] == [{"code": "SURVIVOR_UNREACHABLE"}]
    assert unified["client"] == {
        "email": NEW,
        "points": 300,
        "tags": [{"name": "Yoga"}],
        "notes": {"totalCount": 1},
        "account": {"email": OLD},
    }

    # The welcome email reaches marco.new, with a link that lets Marco in with it.
    await run(
        "mutation($new: ID!) { sendWelcomeEmail(input: {clientId: $new}) { userErrors { code } } }",
        ids,
        actor=actor,
    )
    await deliver(mail_settings)
    (welcome,) = smtp_server.messages
    assert (to(welcome), welcome["Subject"]) == (NEW, "Ti diamo il benvenuto in Centro TIMP")
    assert "/accept-invite?" in text(welcome)
    token = token_in(welcome)

    async with http_client() as http:
        weak = await graphql(
            http,
            f'mutation {{ acceptInvite(input: {{token: "{token}", password: "short"}}) '
            "{ token userErrors { code } } }",
        )
        assert weak["acceptInvite"] == {"token": None, "userErrors": [{"code": "WEAK_PASSWORD"}]}
        accepted = await graphql(
            http,
            f'mutation {{ acceptInvite(input: {{token: "{token}", password: "{NEW_PASSWORD}"}}) '
            "{ token account { email verified } userErrors { code } } }",
        )
        assert accepted["acceptInvite"]["userErrors"] == []
        assert accepted["acceptInvite"]["account"] == {"email": NEW, "verified": True}
        reused = await graphql(
            http,
            f'mutation {{ acceptInvite(input: {{token: "{token}", password: "{NEW_PASSWORD}"}}) '
            "{ userErrors { code } } }",
        )
        assert reused["acceptInvite"]["userErrors"] == [{"code": "INVALID_TOKEN"}]

        # Marco logs in with the new address and password.
        login = await graphql(
            http,
            f'mutation {{ login(input: {{organization: "timp", email: "{NEW}", '
            f'password: "{NEW_PASSWORD}"}}) {{ token userErrors {{ code }} }} }}',
        )
        session = login["login"]["token"]
        assert session
        me = await graphql(http, "{ myAccount { email verified } }", session)
        assert me["myAccount"] == {"email": NEW, "verified": True}

        # The old account still works for the organization it is still linked to.
        other = await graphql(
            http,
            f'mutation {{ login(input: {{organization: "altro", email: "{OLD}", '
            f'password: "{PASSWORD}"}}) {{ token userErrors {{ code }} }} }}',
        )
        assert other["login"]["token"]

    # Here the survivor is linked to the new account, the old one is unlinked.
    survivor = await Client.get(uuid=ids["new"])
    new_account = await Account.get(email_key=NEW)
    assert survivor.account_id == new_account.id
    assert await Client.filter(organization=org, account_id=account.id).count() == 0
    assert await Client.filter(organization=elsewhere, account_id=account.id).count() == 1
    card = await run(
        "query($old: ID!) { client(id: $old) { id email points notes { totalCount } "
        "account { email } } }",
        ids,
        actor=actor,
    )
    assert card["client"] == {
        "id": ids["new"],
        "email": NEW,
        "points": 300,
        "notes": {"totalCount": 1},
        "account": {"email": NEW},
    }
    by_pos = await run('{ clientByExternalId(externalId: "POS-MARCO") { id } }', actor=actor)
    assert by_pos["clientByExternalId"]["id"] == ids["new"]

    # A later notification (a service message: no marketing consent needed) reaches marco.new.
    sent = await run(
        "mutation($new: ID!) { sendNotification(input: {type: SESSION_CANCELLED, channels: "
        '[EMAIL], clientIds: [$new], params: {activity: "Yoga all\'alba", '
        'startsAt: "2026-12-01T07:00:00"}}) { queued skipped { reason } userErrors { code } } }',
        ids,
        actor=actor,
    )
    assert sent["sendNotification"] == {"queued": 1, "skipped": [], "userErrors": []}
    smtp_server.messages.clear()
    await deliver(mail_settings)
    (notice,) = smtp_server.messages
    assert to(notice) == NEW
    assert "Yoga all'alba" in text(notice)

    # And a one-click login link to marco.new works too.
    async with http_client() as http:
        asked = await graphql(
            http,
            f'mutation {{ requestLoginLink(input: {{organization: "timp", email: "{NEW}"}}) '
            "{ accepted } }",
        )
        assert asked["requestLoginLink"]["accepted"] is True
    smtp_server.messages.clear()
    await deliver(mail_settings)
    assert [to(m) for m in smtp_server.messages] == [NEW]


async def test_a_welcome_to_someone_who_already_logs_in_with_that_address_is_a_plain_welcome(
    db, smtp_server, mail_settings
):
    org = await make_org(slug="plain", name="Centro")
    account = await make_account("anna@example.com")
    client = await make_client(org, email="anna@example.com", account=account)
    await run(
        "mutation($id: ID!) { sendWelcomeEmail(input: {clientId: $id}) { userErrors { code } } }",
        {"id": str(client.uuid)},
        actor=await make_actor(org),
    )
    await deliver(mail_settings)
    (welcome,) = smtp_server.messages
    assert "token=" not in text(welcome)
    assert await Account.all().count() == 1


async def test_keeping_the_absorbed_account_with_another_email_warns_too(db):
    org = await make_org()
    actor = await make_actor(org)
    mine = await make_client(
        org, email="s@example.com", account=await make_account("s@example.com")
    )
    theirs = await make_client(
        org, email="a@example.com", account=await make_account("a@example.com")
    )
    query = """query($s: ID!, $a: ID!, $k: Keep) { clientMergePreview(input: {survivorId: $s,
      absorbedId: $a, keepAccountOf: $k}) { warnings { code } account { email } } }"""
    ids = {"s": str(mine.uuid), "a": str(theirs.uuid)}
    kept = await run(query, {**ids, "k": "ABSORBED"}, actor=actor)
    assert kept["clientMergePreview"] == {
        "warnings": [{"code": "SURVIVOR_UNREACHABLE"}],
        "account": {"email": "a@example.com"},
    }
    own = await run(query, {**ids, "k": "SURVIVOR"}, actor=actor)
    assert own["clientMergePreview"] == {"warnings": [], "account": {"email": "s@example.com"}}
