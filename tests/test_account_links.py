"""Linking by hand (R3.7), disabling ends the app sessions (R8.1), and the seed-002
"verify your email" reminder in bulk (R11.5)."""

from __future__ import annotations

from models import AccountSession, ActivityEntry, Client
from models.enums import ClientStatus, StaffRole
from tests.factories import (
    counts,
    make_account,
    make_account_token,
    make_actor,
    make_client,
    make_org,
)
from tests.helpers import error_codes, http_client, run
from tests.mail import deliver, to

LINK = """mutation($id: ID!) { linkClientAccount(input: {clientId: $id}) {
  client { account { email } } userErrors { field code conflictingClientId } } }"""
UNLINK = """mutation($id: ID!) { unlinkClientAccount(input: {clientId: $id}) {
  client { account { email } } userErrors { field code } } }"""


async def test_staff_link_and_unlink_an_account_by_hand(db):
    org = await make_org()
    actor = await make_actor(org, StaffRole.AGENT)
    account = await make_account("lina@example.com")
    client = await make_client(org, email="lina@example.com")
    linked = await run(LINK, {"id": str(client.uuid)}, actor=actor)
    assert linked["linkClientAccount"] == {
        "client": {"account": {"email": "lina@example.com"}},
        "userErrors": [],
    }
    unlinked = await run(UNLINK, {"id": str(client.uuid)}, actor=actor)
    assert unlinked["unlinkClientAccount"] == {"client": {"account": None}, "userErrors": []}
    actions = await ActivityEntry.filter(client_id=client.id).values_list("action", flat=True)
    assert actions == ["account.linked", "account.unlinked"]
    assert (await Client.get(id=client.id)).account_id is None
    assert account.id  # the account itself stays


async def test_linking_needs_the_verified_login_email_to_be_the_notification_email(db):
    org = await make_org()
    actor = await make_actor(org)
    await make_account("unverified@example.com", verified=False)
    other_account = await make_account("taken@example.com")
    unverified = await make_client(org, email="unverified@example.com")
    nobody = await make_client(org, email="nobody@example.com")
    holder = await make_client(org, email="holder@example.com", account=other_account)
    # A second record naming the address that the account's record here does not have.
    twin = await make_client(org, email="taken@example.com")
    reader = await make_actor(org, StaffRole.READ_ONLY)
    before = await counts()
    for client, code, conflicting in (
        (unverified, "ACCOUNT_EMAIL_MISMATCH", None),
        (nobody, "ACCOUNT_EMAIL_MISMATCH", None),
        (holder, "ACCOUNT_ALREADY_LINKED", None),
        (twin, "ACCOUNT_ALREADY_LINKED", str(holder.uuid)),
    ):
        data = await run(LINK, {"id": str(client.uuid)}, actor=actor)
        assert data["linkClientAccount"]["userErrors"] == [
            {"field": ["clientId"], "code": code, "conflictingClientId": conflicting}
        ]
    data = await run(UNLINK, {"id": str(nobody.uuid)}, actor=actor)
    assert data["unlinkClientAccount"]["userErrors"] == [
        {"field": ["clientId"], "code": "NO_ACCOUNT"}
    ]
    assert await error_codes(LINK, {"id": str(twin.uuid)}, actor=reader) == ["FORBIDDEN"]
    assert await counts() == before


async def test_disabling_a_client_ends_the_persons_app_sessions_at_once(db):
    org = await make_org()
    account = await make_account("dora@example.com")
    client = await make_client(org, email="dora@example.com", account=account)
    token = await make_account_token(account)
    async with http_client() as http:

        async def me() -> int:
            response = await http.post(
                "/graphql",
                json={"query": "{ myAccount { email } }"},
                headers={"Authorization": f"Bearer {token}"},
            )
            return response.status_code

        assert await me() == 200
        done = await run(
            "mutation($id: ID!) { disableClient(input: {clientId: $id}) { userErrors { code } } }",
            {"id": str(client.uuid)},
            actor=await make_actor(org),
        )
        assert done["disableClient"]["userErrors"] == []
        assert await me() == 401
    assert await AccountSession.filter(account_id=account.id, revoked_at__isnull=True).count() == 0


REMIND = """mutation($filter: ClientFilterInput) { sendVerificationReminder(input: {filter: $filter}) {
  recipients queued skipped { reason count } userErrors { code } } }"""


async def test_the_verify_your_email_reminder_goes_to_every_unverified_client_of_a_filter(
    db, smtp_server, mail_settings
):
    org = await make_org(name="Centro", default_locale="it")
    for n in range(3):
        await make_client(
            org,
            email=f"u{n}@example.com",
            account=await make_account(f"u{n}@example.com", verified=False),
            tags=["Yoga"],
        )
    await make_client(
        org, email="v@example.com", account=await make_account("v@example.com"), tags=["Yoga"]
    )
    await make_client(org, email="none@example.com", tags=["Yoga"])
    await make_client(
        org,
        email="off@example.com",
        account=await make_account("off@example.com", verified=False),
        tags=["Yoga"],
        status=ClientStatus.DISABLED,
    )
    await make_client(
        org,
        email="pilates@example.com",
        account=await make_account("pilates@example.com", verified=False),
    )
    data = await run(
        REMIND,
        {"filter": {"tags": {"any": ["Yoga"]}, "status": ["ACTIVE", "DISABLED"]}},
        actor=await make_actor(org),
    )
    assert data["sendVerificationReminder"] == {
        "recipients": 6,
        "queued": 3,
        "skipped": [
            {"reason": "ALREADY_VERIFIED", "count": 1},
            {"reason": "DISABLED", "count": 1},
            {"reason": "NO_ACCOUNT", "count": 1},
        ],
        "userErrors": [],
    }
    await deliver(mail_settings)
    assert sorted(to(m) for m in smtp_server.messages) == [
        "u0@example.com",
        "u1@example.com",
        "u2@example.com",
    ]
    assert {m["Subject"] for m in smtp_server.messages} == {"Verifica il tuo indirizzo email"}


async def test_the_reminder_needs_the_permission_and_a_target(db, smtp_server, mail_settings):
    org = await make_org()
    await make_client(
        org, email="u@example.com", account=await make_account("u@example.com", verified=False)
    )
    marketing = await make_actor(org, StaffRole.MARKETING)
    owner = await make_actor(org)
    before = await counts()
    assert await error_codes(REMIND, {"filter": {}}, actor=marketing) == ["FORBIDDEN"]
    data = await run(REMIND, {"filter": None}, actor=owner)
    assert data["sendVerificationReminder"]["userErrors"] == [{"code": "REQUIRED"}]
    assert await counts() == before
    await deliver(mail_settings)
    assert smtp_server.messages == []
