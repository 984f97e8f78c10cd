"""PRODUCT.md §3, rule by rule: emails, accounts, names, verification, passwords, self-service."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from models import Account, AccountSession, AccountToken, ActivityEntry, Client, Notification
from models.enums import ClientStatus, StaffRole
from models.security import verify_password
from resolvers.accounts.account_requests import carry_out_pending
from tests.factories import (
    counts,
    make_account,
    make_account_token,
    make_actor,
    make_client,
    make_org,
)
from tests.helpers import SETTINGS, error_codes
from tests.helpers import run as run_once
from tests.mail import deliver, text, to, token_in

CLIENT = (
    "query($id: ID!) { client(id: $id) { email firstName account { email verified firstName } } }"
)
MIGRATE = """mutation($id: ID!, $email: String!) { migrateClientEmail(input: {clientId: $id, email: $email}) {
    client { email account { email verified } } userErrors { field code message conflictingClientId } } }"""
FIX = "mutation($id: ID!) { fixEmailAccess(input: {clientId: $id}) { action userErrors { field code } } }"
WELCOME = (
    "mutation($id: ID!) { sendWelcomeEmail(input: {clientId: $id}) { userErrors { field code } } }"
)
SETUP = "mutation($id: ID!) { sendPasswordSetupLink(input: {clientId: $id}) { userErrors { field code } } }"
ASSIGN = """mutation($id: ID!, $password: String!) { assignPassword(input: {clientId: $id, password: $password}) {
    userErrors { field code } } }"""
REGISTER = """mutation($org: String!, $email: String!, $password: String!) { registerAccount(input: {
    organization: $org, email: $email, password: $password, firstName: "Ada", lastName: "Byron"}) {
    accepted userErrors { field code } } }"""
VERIFY = "mutation($token: String!) { verifyEmail(input: {token: $token}) { token account { verified } userErrors { field code } } }"
LOGIN = """mutation($org: String!, $email: String!, $password: String!) { login(input: {organization: $org,
    email: $email, password: $password}) { token account { email verified } userErrors { field code } } }"""
RESET_REQUEST = """mutation($org: String!, $email: String!) { requestPasswordReset(input: {organization: $org,
    email: $email}) { accepted userErrors { code } } }"""
RESET = """mutation($token: String!, $password: String!) { resetPassword(input: {token: $token, password: $password}) {
    token userErrors { field code } } }"""
LINK_REQUEST = """mutation($org: String!, $email: String!) { requestLoginLink(input: {organization: $org,
    email: $email}) { accepted userErrors { code } } }"""
CONFIRM_CHANGE = "mutation($token: String!) { confirmEmailChange(input: {token: $token}) { userErrors { field code } } }"
LINK_LOGIN = "mutation($token: String!) { loginWithLink(input: {token: $token}) { token account { verified } userErrors { field code } } }"
PASSWORD = "a long and unusual passphrase"


async def run(query, variables=None, *, actor):
    """Run, then let the background worker carry out what the request queued (registerAccount,
    requestPasswordReset, requestLoginLink), as the served app does right after answering."""
    data = await run_once(query, variables, actor=actor)
    await carry_out_pending(SETTINGS)
    return data


@pytest.fixture
async def gym(db):
    return await make_org(slug="gym", name="Palestra Sole", default_locale="en")


async def staff(org, role=StaffRole.OWNER):
    return await make_actor(org, role)


# R3.1 -----------------------------------------------------------------------------------------


async def test_r3_1_a_client_shows_its_notification_email_and_its_login_email(gym):
    account = await make_account("login@example.com", first_name="Giulia")
    client = await make_client(gym, email="notify@example.com", account=account)
    data = await run(CLIENT, {"id": str(client.uuid)}, actor=await staff(gym))
    assert data["client"]["email"] == "notify@example.com"
    assert data["client"]["account"] == {
        "email": "login@example.com",
        "verified": True,
        "firstName": "Giulia",
    }


# R3.2 -----------------------------------------------------------------------------------------


async def test_r3_2_unverified_account_migration_moves_the_login_email_once_confirmed(
    gym, smtp_server, mail_settings
):
    account = await make_account("old@example.com", verified=False)
    client = await make_client(gym, email="old@example.com", account=account)
    actor = await staff(gym)
    from resolvers.accounts.migrate_client_email import migrate_client_email

    result = await migrate_client_email(actor, mail_settings, str(client.uuid), "New@Example.com")

    assert result.errors == []
    await client.refresh_from_db()
    await account.refresh_from_db()
    # The notification email changes now; the login email when the new address confirms.
    assert (client.email, account.email, account.verified_at) == (
        "New@example.com",
        "old@example.com",
        None,
    )
    (entry,) = await ActivityEntry.filter(client=client, action="client.email_migrated")
    assert entry.changes == {
        "email": ["old@example.com", "New@example.com"],
        "loginEmailToConfirm": [None, "New@example.com"],
    }
    await deliver(mail_settings)
    (mail,) = smtp_server.messages
    assert to(mail) == "New@example.com"
    assert mail["Subject"] == "Verify your email address"
    confirmed = await run(CONFIRM_CHANGE, {"token": token_in(mail)}, actor=None)
    assert confirmed["confirmEmailChange"]["userErrors"] == []
    await account.refresh_from_db()
    assert account.email == "New@example.com" and account.verified_at is not None


async def test_migration_tells_nothing_about_accounts_of_other_organizations(
    gym, smtp_server, mail_settings
):
    """Issue 14: an address with an account elsewhere is answered as a free one is."""
    elsewhere = await make_org(slug="elsewhere")
    await make_client(
        elsewhere, email="taken@example.com", account=await make_account("taken@example.com")
    )
    actor = await staff(gym)
    answers, entries = [], []
    for old, new in (("a@example.com", "taken@example.com"), ("b@example.com", "free@example.com")):
        client = await make_client(gym, email=old, account=await make_account(old, verified=False))
        data = await run(MIGRATE, {"id": str(client.uuid), "email": new}, actor=actor)
        answers.append(data["migrateClientEmail"])
        (entry,) = await ActivityEntry.filter(client=client, action="client.email_migrated")
        entries.append(entry.changes)
    assert [a["userErrors"] for a in answers] == [[], []]
    assert [a["client"]["account"] for a in answers] == [
        {"email": "a@example.com", "verified": False},
        {"email": "b@example.com", "verified": False},
    ]
    assert [sorted(e) for e in entries] == [["email", "loginEmailToConfirm"]] * 2
    await deliver(mail_settings)
    assert [to(m) for m in smtp_server.messages] == ["free@example.com"]


async def test_r3_2_verified_account_email_belongs_to_its_owner(gym, smtp_server, mail_settings):
    client = await make_client(
        gym, email="mine@example.com", account=await make_account("mine@example.com")
    )
    data = await run(
        MIGRATE, {"id": str(client.uuid), "email": "other@example.com"}, actor=await staff(gym)
    )
    (err,) = data["migrateClientEmail"]["userErrors"]
    assert (err["field"], err["code"]) == (["email"], "ACCOUNT_EMAIL_OWNED_BY_CLIENT")
    assert "unify" in err["message"] and "new client" in err["message"]
    await client.refresh_from_db()
    assert client.email == "mine@example.com"
    assert await Notification.all().count() == 0
    assert await ActivityEntry.all().count() == 0


async def test_r3_2_without_account_only_the_notification_email_changes(
    gym, smtp_server, mail_settings
):
    client = await make_client(gym, email="plain@example.com")
    data = await run(
        MIGRATE, {"id": str(client.uuid), "email": "plainer@example.com"}, actor=await staff(gym)
    )
    assert data["migrateClientEmail"] == {
        "client": {"email": "plainer@example.com", "account": None},
        "userErrors": [],
    }
    assert await Notification.all().count() == 0


async def test_r3_2_an_older_verification_link_stops_working_after_migration(
    gym, mail_settings, smtp_server
):
    account = await make_account("first@example.com", verified=False)
    client = await make_client(gym, email="first@example.com", account=account)
    actor = await staff(gym)
    await run(FIX, {"id": str(client.uuid)}, actor=actor)
    await deliver(mail_settings)  # the verification link reaches the old address
    await run(MIGRATE, {"id": str(client.uuid), "email": "second@example.com"}, actor=actor)
    await deliver(mail_settings)
    by_address = {to(m): m for m in smtp_server.messages}
    assert set(by_address) == {"first@example.com", "second@example.com"}
    first, second = by_address["first@example.com"], by_address["second@example.com"]
    stale = await run(VERIFY, {"token": token_in(first)}, actor=None)
    assert stale["verifyEmail"]["userErrors"] == [{"field": ["token"], "code": "INVALID_TOKEN"}]
    fresh = await run(CONFIRM_CHANGE, {"token": token_in(second)}, actor=None)
    assert fresh["confirmEmailChange"]["userErrors"] == []
    await account.refresh_from_db()
    assert (account.email, account.verified_at is not None) == ("second@example.com", True)


# R3.3 -----------------------------------------------------------------------------------------


async def test_r3_3_an_email_of_another_client_names_that_client(gym):
    holder = await make_client(gym, email="taken@example.com")
    client = await make_client(gym, email="free@example.com")
    data = await run(
        MIGRATE, {"id": str(client.uuid), "email": "TAKEN@example.com"}, actor=await staff(gym)
    )
    (err,) = data["migrateClientEmail"]["userErrors"]
    assert (err["code"], err["conflictingClientId"]) == ("EMAIL_IN_USE", str(holder.uuid))
    await client.refresh_from_db()
    assert client.email == "free@example.com"


# R3.4 -----------------------------------------------------------------------------------------


async def test_r3_4_staff_renaming_a_client_leaves_the_account_names(gym):
    account = await make_account("ana@example.com", first_name="Ana", last_name="Ruiz")
    client = await make_client(
        gym, first_name="Ana", last_name="Ruiz", email="ana@example.com", account=account
    )
    actor = await staff(gym)
    await run(
        'mutation($id: ID!) { updateClient(input: {clientId: $id, firstName: "Anita"}) { userErrors { code } } }',
        {"id": str(client.uuid)},
        actor=actor,
    )
    data = await run(CLIENT, {"id": str(client.uuid)}, actor=actor)
    assert data["client"]["firstName"] == "Anita"
    assert data["client"]["account"]["firstName"] == "Ana"
    await account.refresh_from_db()
    assert (account.first_name, account.last_name) == ("Ana", "Ruiz")


# R3.6 and R3.7 ---------------------------------------------------------------------------------


async def test_r3_6_signing_up_sends_a_verification_mail_and_its_link_verifies(
    gym, smtp_server, mail_settings
):
    data = await run(
        REGISTER, {"org": "gym", "email": "ada@example.com", "password": PASSWORD}, actor=None
    )
    assert data["registerAccount"] == {"accepted": True, "userErrors": []}
    account = await Account.get(email_key="ada@example.com")
    assert account.verified_at is None
    assert verify_password(account.password_hash, PASSWORD)
    (own,) = await Client.filter(account=account)
    assert (own.organization_id, own.first_name, own.email) == (gym.id, "Ada", "ada@example.com")

    await deliver(mail_settings)
    (mail,) = smtp_server.messages
    assert (to(mail), mail["Subject"]) == ("ada@example.com", "Verify your email address")
    verified = (await run(VERIFY, {"token": token_in(mail)}, actor=None))["verifyEmail"]
    assert verified["account"] == {"verified": True}
    assert verified["token"].startswith("cat_")
    again = (await run(VERIFY, {"token": token_in(mail)}, actor=None))["verifyEmail"]
    assert again["userErrors"] == [{"field": ["token"], "code": "INVALID_TOKEN"}]


async def test_r3_6_a_password_login_does_not_verify_but_a_login_link_does(
    gym, smtp_server, mail_settings
):
    await run(REGISTER, {"org": "gym", "email": "bo@example.com", "password": PASSWORD}, actor=None)
    logged = (
        await run(
            LOGIN, {"org": "gym", "email": "BO@example.com", "password": PASSWORD}, actor=None
        )
    )["login"]
    assert (logged["token"], logged["userErrors"]) == (
        None,
        [{"field": None, "code": "EMAIL_NOT_VERIFIED"}],
    )
    await run(LINK_REQUEST, {"org": "gym", "email": "bo@example.com"}, actor=None)
    await deliver(mail_settings)
    link = next(m for m in smtp_server.messages if m["Subject"] == "Your login link")
    data = (await run(LINK_LOGIN, {"token": token_in(link)}, actor=None))["loginWithLink"]
    assert data["account"] == {"verified": True}


async def test_r3_7_verifying_links_records_with_that_email_unless_ambiguous(gym):
    other = await make_org(slug="other")
    busy = await make_org(slug="busy")
    account = await make_account("eve@example.com", verified=False)
    here = await make_client(gym, email="eve@example.com")
    there = await make_client(other, email="EVE@example.com")
    # In "busy" the account already has a record: a second match there is ambiguous.
    await make_client(busy, email="eve.old@example.com", account=account)
    await make_client(busy, email="eve@example.com")
    from tortoise.transactions import in_transaction

    from resolvers.accounts.account_links import verify_and_link

    async with in_transaction("default") as conn:
        linked = await verify_and_link(conn, account)

    assert {c.id for c in linked} == {here.id, there.id}
    assert await Client.filter(organization=busy, account=account).count() == 1
    assert await ActivityEntry.filter(action="account.linked").count() == 2


# R3.8 -----------------------------------------------------------------------------------------


async def test_r3_8_fix_email_access_resends_verification_or_sends_a_login_link(
    gym, smtp_server, mail_settings
):
    actor = await staff(gym, StaffRole.AGENT)
    pending = await make_client(
        gym, email="p@example.com", account=await make_account("p@example.com", verified=False)
    )
    verified = await make_client(
        gym, email="v@example.com", account=await make_account("v@example.com")
    )
    nobody = await make_client(gym, email="n@example.com")

    assert (await run(FIX, {"id": str(pending.uuid)}, actor=actor))["fixEmailAccess"][
        "action"
    ] == "verification_sent"
    assert (await run(FIX, {"id": str(verified.uuid)}, actor=actor))["fixEmailAccess"][
        "action"
    ] == "login_link_sent"
    refused = (await run(FIX, {"id": str(nobody.uuid)}, actor=actor))["fixEmailAccess"]
    assert refused["userErrors"] == [{"field": ["clientId"], "code": "NO_ACCOUNT"}]

    await deliver(mail_settings)
    assert sorted((to(m), m["Subject"]) for m in smtp_server.messages) == [
        ("p@example.com", "Verify your email address"),
        ("v@example.com", "Your login link"),
    ]


# R3.9 -----------------------------------------------------------------------------------------


async def test_r3_9_assigning_a_password_revokes_everything_and_tells_the_person(
    gym, smtp_server, mail_settings, caplog
):
    account = await make_account("c@example.com")
    client = await make_client(gym, email="c@example.com", account=account)
    session = await make_account_token(account)
    await AccountToken.create(
        account=account,
        purpose="login_link",
        token_hash="x" * 64,
        expires_at=datetime.now(UTC) + timedelta(minutes=5),
    )
    caplog.set_level(logging.DEBUG)
    secret = "Violet-Tram-Window-88"

    data = await run(ASSIGN, {"id": str(client.uuid), "password": secret}, actor=await staff(gym))

    assert data["assignPassword"]["userErrors"] == []
    await account.refresh_from_db()
    assert account.password_hash.startswith("$argon2id$")
    assert verify_password(account.password_hash, secret)
    assert await AccountSession.filter(account=account, revoked_at__isnull=True).count() == 0
    assert await AccountToken.filter(account=account, used_at__isnull=True).count() == 0
    assert session  # that session token no longer authenticates:
    from resolvers.access.auth import authenticate

    assert await authenticate(session) is None
    (entry,) = await ActivityEntry.filter(client=client, action="account.password_assigned")
    assert secret not in str(entry.changes)
    await deliver(mail_settings)
    (mail,) = smtp_server.messages
    assert mail["Subject"] == "Your password was changed"
    assert secret not in mail.as_string()
    assert not any(secret in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short1!", "WEAK_PASSWORD"),
        ("c@example.com", "WEAK_PASSWORD"),
        ("password123", "WEAK_PASSWORD"),
        ("Qwerty123", "WEAK_PASSWORD"),
        ("x" * 129, "TOO_LONG"),
    ],
)
async def test_r3_9_the_password_policy(gym, password, code):
    account = await make_account("c@example.com")
    client = await make_client(gym, email="c@example.com", account=account)
    before = account.password_hash
    data = await run(ASSIGN, {"id": str(client.uuid), "password": password}, actor=await staff(gym))
    assert data["assignPassword"]["userErrors"] == [{"field": ["password"], "code": code}]
    await account.refresh_from_db()
    assert account.password_hash == before


async def test_r3_9_an_organization_can_switch_assignment_off_and_agents_cannot_assign(gym):
    client = await make_client(
        gym, email="c@example.com", account=await make_account("c@example.com")
    )
    assert await error_codes(
        ASSIGN,
        {"id": str(client.uuid), "password": PASSWORD},
        actor=await staff(gym, StaffRole.AGENT),
    ) == ["FORBIDDEN"]
    gym.staff_password_assignment = False
    await gym.save()
    before = await counts()
    data = await run(ASSIGN, {"id": str(client.uuid), "password": PASSWORD}, actor=await staff(gym))
    assert data["assignPassword"]["userErrors"] == [
        {"field": None, "code": "PASSWORD_ASSIGNMENT_DISABLED"}
    ]
    assert await counts() == before


async def test_r3_9_the_setup_link_lets_the_person_choose_a_password(
    gym, smtp_server, mail_settings
):
    account = await make_account("s@example.com", verified=False)
    client = await make_client(gym, email="s@example.com", account=account)
    await run(SETUP, {"id": str(client.uuid)}, actor=await staff(gym, StaffRole.AGENT))
    await deliver(mail_settings)
    (mail,) = smtp_server.messages
    weak = (await run(RESET, {"token": token_in(mail), "password": "password"}, actor=None))[
        "resetPassword"
    ]
    assert weak["userErrors"] == [{"field": ["password"], "code": "WEAK_PASSWORD"}]
    done = (await run(RESET, {"token": token_in(mail), "password": PASSWORD}, actor=None))[
        "resetPassword"
    ]
    assert done["userErrors"] == [] and done["token"]
    await account.refresh_from_db()
    assert verify_password(account.password_hash, PASSWORD)
    assert account.verified_at is not None


# R3.10 ----------------------------------------------------------------------------------------


async def test_r3_10_answers_never_tell_whether_an_email_exists(gym, smtp_server, mail_settings):
    await run(
        REGISTER, {"org": "gym", "email": "real@example.com", "password": PASSWORD}, actor=None
    )
    await deliver(mail_settings)
    smtp_server.messages.clear()
    for query in (RESET_REQUEST, LINK_REQUEST):
        real = await run(query, {"org": "gym", "email": "real@example.com"}, actor=None)
        ghost = await run(query, {"org": "gym", "email": "ghost@example.com"}, actor=None)
        assert real == ghost
    again = await run(
        REGISTER, {"org": "gym", "email": "real@example.com", "password": PASSWORD}, actor=None
    )
    assert again["registerAccount"] == {"accepted": True, "userErrors": []}
    wrong_password = await run(
        LOGIN, {"org": "gym", "email": "real@example.com", "password": "nope nope"}, actor=None
    )
    no_account = await run(
        LOGIN, {"org": "gym", "email": "ghost@example.com", "password": "nope nope"}, actor=None
    )
    assert wrong_password == no_account
    await deliver(mail_settings)
    assert {to(m) for m in smtp_server.messages} == {"real@example.com"}


async def test_r3_10_reset_password_ends_sessions_and_logs_in(gym, smtp_server, mail_settings):
    await run(REGISTER, {"org": "gym", "email": "r@example.com", "password": PASSWORD}, actor=None)
    await deliver(mail_settings)
    await run(VERIFY, {"token": token_in(smtp_server.messages[-1])}, actor=None)
    old = (
        await run(LOGIN, {"org": "gym", "email": "r@example.com", "password": PASSWORD}, actor=None)
    )["login"]["token"]
    await run(RESET_REQUEST, {"org": "gym", "email": "r@example.com"}, actor=None)
    await deliver(mail_settings)
    reset_mail = next(m for m in smtp_server.messages if m["Subject"] == "Reset your password")
    new_password = "another quite long passphrase"
    data = (
        await run(RESET, {"token": token_in(reset_mail), "password": new_password}, actor=None)
    )["resetPassword"]
    assert data["userErrors"] == []
    from resolvers.access.auth import authenticate

    assert await authenticate(old) is None
    assert await authenticate(data["token"]) is not None
    bad = (
        await run(LOGIN, {"org": "gym", "email": "r@example.com", "password": PASSWORD}, actor=None)
    )["login"]
    assert bad["userErrors"] == [{"field": None, "code": "INVALID_CREDENTIALS"}]


async def test_r3_10_tokens_expire(gym, smtp_server, mail_settings):
    await run(
        REGISTER, {"org": "gym", "email": "late@example.com", "password": PASSWORD}, actor=None
    )
    await deliver(mail_settings)
    await AccountToken.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    data = await run(VERIFY, {"token": token_in(smtp_server.messages[0])}, actor=None)
    assert data["verifyEmail"]["userErrors"] == [{"field": ["token"], "code": "INVALID_TOKEN"}]


async def test_r3_10_tokens_and_sessions_are_stored_hashed(gym, smtp_server, mail_settings):
    await run(REGISTER, {"org": "gym", "email": "h@example.com", "password": PASSWORD}, actor=None)
    await deliver(mail_settings)
    token = token_in(smtp_server.messages[0])
    session = (await run(VERIFY, {"token": token}, actor=None))["verifyEmail"]["token"]
    stored = [row.token_hash for row in await AccountToken.all()] + [
        row.token_hash for row in await AccountSession.all()
    ]
    assert token not in stored and session not in stored
    assert all(len(h) == 64 for h in stored)
    logged = str([n.params for n in await Notification.all()]) + str(
        [a.changes for a in await ActivityEntry.all()]
    )
    assert session not in logged


async def test_r3_10_attempts_are_limited_per_email(gym):
    variables = {"org": "gym", "email": "target@example.com", "password": "wrong guess"}
    codes = [
        [e["code"] for e in (await run(LOGIN, variables, actor=None))["login"]["userErrors"]]
        for _ in range(12)
    ]
    assert codes[:10] == [["INVALID_CREDENTIALS"]] * 10
    assert codes[10:] == [["RATE_LIMITED"]] * 2


async def test_r3_10_an_organization_can_switch_client_accounts_off(gym):
    gym.client_accounts_enabled = False
    await gym.save()
    data = await run(
        REGISTER, {"org": "gym", "email": "x@example.com", "password": PASSWORD}, actor=None
    )
    assert data["registerAccount"]["userErrors"] == [
        {"field": None, "code": "CLIENT_ACCOUNTS_DISABLED"}
    ]
    assert await Account.all().count() == 0


async def test_r3_10_a_disabled_client_cannot_log_in(gym):
    account = await make_account("d@example.com")
    from models.security import hash_password

    account.password_hash = hash_password(PASSWORD)
    await account.save()
    await make_client(gym, email="d@example.com", account=account, status=ClientStatus.DISABLED)
    data = await run(
        LOGIN, {"org": "gym", "email": "d@example.com", "password": PASSWORD}, actor=None
    )
    assert data["login"]["userErrors"] == [{"field": None, "code": "ACCOUNT_DISABLED"}]


async def test_r3_10_the_owner_changes_the_login_email_from_the_new_address(
    gym, smtp_server, mail_settings
):
    await run(
        REGISTER, {"org": "gym", "email": "move@example.com", "password": PASSWORD}, actor=None
    )
    await deliver(mail_settings)
    session = (await run(VERIFY, {"token": token_in(smtp_server.messages[0])}, actor=None))[
        "verifyEmail"
    ]["token"]
    smtp_server.messages.clear()
    from resolvers.access.auth import authenticate
    from resolvers.accounts.email_change import confirm_email_change, request_email_change

    caller = await authenticate(session)
    result = await request_email_change(caller, mail_settings, "gym", "moved@example.com", PASSWORD)
    assert result.errors == []
    await deliver(mail_settings)
    (confirm,) = smtp_server.messages
    assert to(confirm) == "moved@example.com"
    done = await confirm_email_change(mail_settings, token_in(confirm))
    assert done.errors == []
    account = await Account.get(email_key="moved@example.com")
    assert account.verified_at is not None
    (client,) = await Client.filter(account=account)
    assert client.email == "moved@example.com"
    await deliver(mail_settings)
    notice = next(
        m for m in smtp_server.messages if m["Subject"] == "Your email address was changed"
    )
    assert to(notice) == "move@example.com"


# R4.6 (the accounts half) ------------------------------------------------------------------------


async def test_the_timp_case_a_verified_client_gets_a_new_record_and_a_welcome(
    gym, smtp_server, mail_settings
):
    """Seeds 000/001: the old email is verified, so staff cannot migrate it; the documented
    way is a new record with the right email (unified with the old one once unify lands)
    and the welcome email to the new address."""
    old = await make_client(
        gym,
        first_name="Marta",
        email="marta.old@example.com",
        account=await make_account("marta.old@example.com"),
    )
    actor = await staff(gym)
    refused = await run(
        MIGRATE, {"id": str(old.uuid), "email": "marta.new@example.com"}, actor=actor
    )
    assert refused["migrateClientEmail"]["userErrors"][0]["code"] == "ACCOUNT_EMAIL_OWNED_BY_CLIENT"

    created = await run(
        'mutation { createClient(input: {firstName: "Marta", email: "marta.new@example.com"}) '
        "{ client { id } userErrors { code } } }",
        actor=actor,
    )
    new_id = created["createClient"]["client"]["id"]
    welcomed = await run(WELCOME, {"id": new_id}, actor=actor)
    assert welcomed["sendWelcomeEmail"]["userErrors"] == []
    await deliver(mail_settings)
    (mail,) = smtp_server.messages
    assert (to(mail), mail["Subject"]) == ("marta.new@example.com", "Welcome to Palestra Sole")
    assert "Marta" in text(mail)


async def test_staff_mutations_check_permissions_and_organizations(gym):
    client = await make_client(
        gym, email="c@example.com", account=await make_account("c@example.com")
    )
    read_only = await staff(gym, StaffRole.READ_ONLY)
    for query in (FIX, WELCOME, SETUP):
        assert await error_codes(query, {"id": str(client.uuid)}, actor=read_only) == ["FORBIDDEN"]
    stranger = await staff(await make_org())
    for query, name in (
        (FIX, "fixEmailAccess"),
        (WELCOME, "sendWelcomeEmail"),
        (SETUP, "sendPasswordSetupLink"),
    ):
        data = await run(query, {"id": str(client.uuid)}, actor=stranger)
        assert data[name]["userErrors"] == [{"field": ["clientId"], "code": "NOT_FOUND"}]
    assert await Notification.all().count() == 0


async def test_the_client_app_sees_its_account_and_switches_channels(gym):
    account = await make_account("me@example.com", first_name="Me")
    token = await make_account_token(account)
    from tests.helpers import http_client

    async with http_client() as http:

        async def call(query):
            return (
                await http.post(
                    "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
                )
            ).json()

        assert (await call("{ myAccount { email firstName verified } }"))["data"]["myAccount"] == {
            "email": "me@example.com",
            "firstName": "Me",
            "verified": True,
        }
        data = await call(
            "mutation { setNotificationChannels(input: {email: false}) "
            "{ account { emailNotifications inAppNotifications } } }"
        )
    assert data["data"]["setNotificationChannels"]["account"] == {
        "emailNotifications": False,
        "inAppNotifications": True,
    }


async def test_no_password_or_token_reaches_logs_responses_or_stored_notifications(
    gym, smtp_server, mail_settings, caplog
):
    from clientela.cli import configure_logging

    configure_logging(mail_settings.replace(log_level="DEBUG"))  # production log setup, at DEBUG
    caplog.set_level(logging.DEBUG)
    logging.getLogger("tortoise.db_client").setLevel(logging.WARNING)
    secrets = [PASSWORD]
    responses = [
        await run(
            REGISTER, {"org": "gym", "email": "quiet@example.com", "password": PASSWORD}, actor=None
        )
    ]
    await deliver(mail_settings)
    secrets.append(token_in(smtp_server.messages[-1]))
    verified = await run(VERIFY, {"token": secrets[-1]}, actor=None)
    secrets.append(verified["verifyEmail"]["token"])
    responses.append(
        await run(RESET_REQUEST, {"org": "gym", "email": "quiet@example.com"}, actor=None)
    )
    await deliver(mail_settings)
    secrets.append(token_in(smtp_server.messages[-1]))
    responses.append(
        await run(RESET, {"token": secrets[-1], "password": PASSWORD + "!"}, actor=None)
    )

    logged = "\n".join(r.getMessage() for r in caplog.records)
    stored = str([(n.params, n.last_error) for n in await Notification.all()])
    stored += str([a.changes for a in await ActivityEntry.all()])
    for secret in secrets:
        assert secret not in logged
        assert secret not in stored
    assert PASSWORD not in str(responses)


async def test_a_stranger_who_signs_up_first_keeps_nothing_once_the_owner_verifies(
    gym, smtp_server, mail_settings
):
    """Pre-verification takeover: someone signs up with another person's address."""
    attacker_password = "the attacker knows this one"
    await run(
        REGISTER,
        {"org": "gym", "email": "victim@example.com", "password": attacker_password},
        actor=None,
    )
    early = await run(
        LOGIN,
        {"org": "gym", "email": "victim@example.com", "password": attacker_password},
        actor=None,
    )
    assert early["login"]["token"] is None  # no session before the address is proved
    await deliver(mail_settings)
    attackers_link = token_in(smtp_server.messages[-1])

    await run(
        REGISTER, {"org": "gym", "email": "victim@example.com", "password": PASSWORD}, actor=None
    )
    await deliver(mail_settings)
    owners_link = token_in(smtp_server.messages[-1])
    stale = await run(VERIFY, {"token": attackers_link}, actor=None)
    assert stale["verifyEmail"]["userErrors"] == [{"field": ["token"], "code": "INVALID_TOKEN"}]
    assert (await run(VERIFY, {"token": owners_link}, actor=None))["verifyEmail"]["account"] == {
        "verified": True
    }

    late = await run(
        LOGIN,
        {"org": "gym", "email": "victim@example.com", "password": attacker_password},
        actor=None,
    )
    assert late["login"]["userErrors"] == [{"field": None, "code": "INVALID_CREDENTIALS"}]
    owner = await run(
        LOGIN, {"org": "gym", "email": "victim@example.com", "password": PASSWORD}, actor=None
    )
    assert owner["login"]["token"]


async def test_a_migrated_email_ends_the_links_and_sessions_of_the_old_address(
    gym, smtp_server, mail_settings
):
    from tortoise.transactions import in_transaction

    from models.enums import TokenPurpose
    from resolvers.access.auth import authenticate
    from resolvers.accounts.account_mail import mail_token

    account = await make_account("old@example.com", verified=False)
    client = await make_client(gym, email="old@example.com", account=account)
    session = await make_account_token(account)
    async with in_transaction("default") as conn:
        await mail_token(conn, mail_settings, gym, account, TokenPurpose.LOGIN_LINK)
    await deliver(mail_settings)
    old_link = token_in(smtp_server.messages[-1])
    await run(MIGRATE, {"id": str(client.uuid), "email": "new@example.com"}, actor=await staff(gym))

    used = await run(LINK_LOGIN, {"token": old_link}, actor=None)
    assert used["loginWithLink"]["userErrors"] == [{"field": ["token"], "code": "INVALID_TOKEN"}]
    assert await authenticate(session) is None
    await account.refresh_from_db()
    assert account.verified_at is None


async def test_a_disabled_client_gets_no_session_through_a_reset_link(
    gym, smtp_server, mail_settings
):
    await run(
        REGISTER, {"org": "gym", "email": "off@example.com", "password": PASSWORD}, actor=None
    )
    await run(RESET_REQUEST, {"org": "gym", "email": "off@example.com"}, actor=None)
    await deliver(mail_settings)
    reset = next(m for m in smtp_server.messages if m["Subject"] == "Reset your password")
    await Client.filter(email_key="off@example.com").update(status=ClientStatus.DISABLED)
    data = await run(
        RESET, {"token": token_in(reset), "password": "a brand new passphrase"}, actor=None
    )
    assert data["resetPassword"] == {
        "token": None,
        "userErrors": [{"field": None, "code": "ACCOUNT_DISABLED"}],
    }
    smtp_server.messages.clear()
    await run(RESET_REQUEST, {"org": "gym", "email": "off@example.com"}, actor=None)
    await deliver(mail_settings)
    assert smtp_server.messages == []  # and no new link is mailed while disabled


async def test_staff_login_attempts_are_limited(gym):
    query = 'mutation { staffLogin(input: {email: "boss@example.com", password: "guess"}) { userErrors { code } } }'
    codes = [
        (await run(query, actor=None))["staffLogin"]["userErrors"][0]["code"] for _ in range(11)
    ]
    assert codes[:10] == ["INVALID_CREDENTIALS"] * 10
    assert codes[10] == "RATE_LIMITED"
