"""The account mutations under attack (R3.10): attempts limited per email and per address,
shared by every instance through Redis, and answers that never tell whether an email exists."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import timedelta

import httpx
import pytest
from tortoise.transactions import in_transaction

from clientela.settings import Settings
from models import Account, AccountSession, AccountToken, Notification
from models.enums import TokenPurpose
from models.security import hash_password
from resolvers.accounts.account_requests import carry_out_pending
from resolvers.accounts.account_tokens import issue_token
from tests.factories import make_account, make_account_token, make_org
from tests.helpers import http_client

PASSWORD = "a long and unusual passphrase"
LOGIN = """mutation($email: String!, $password: String!) { login(input: {organization: "gym",
    email: $email, password: $password}) { token userErrors { field code } } }"""
LINK = """mutation($email: String!) { requestLoginLink(input: {organization: "gym",
    email: $email}) { accepted userErrors { code } } }"""
RESET_REQUEST = """mutation($email: String!) { requestPasswordReset(input: {organization: "gym",
    email: $email}) { accepted userErrors { field code message } } }"""
VERIFY = """mutation($token: String!) { verifyEmail(input: {token: $token}) {
    token userErrors { field code } } }"""
EMAIL_CHANGE = """mutation($email: String!) { requestEmailChange(input: {organization: "gym",
    newEmail: $email, password: "a long and unusual passphrase"}) {
    accepted userErrors { field code } } }"""
CONFIRM_CHANGE = """mutation($token: String!) { confirmEmailChange(input: {token: $token}) {
    accepted userErrors { field code } } }"""


@pytest.fixture
async def gym(db):
    return await make_org(slug="gym", name="Palestra Sole", default_locale="en")


def instance(settings: Settings, address: str) -> AbstractAsyncContextManager[httpx.AsyncClient]:
    """One service instance, seen from one client address."""
    return http_client(settings, address=address)


async def call(http: httpx.AsyncClient, query: str, headers=None, **variables) -> dict:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    (payload,) = response.json()["data"].values()
    return payload


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def test_login_attempts_per_email_are_counted_across_instances(gym, redis_settings):
    ann = await make_account("ann@example.com", password_hash=hash_password(PASSWORD))
    async with (
        instance(redis_settings, "10.1.0.1") as one,
        instance(redis_settings, "10.1.0.2") as two,
    ):
        tries = [
            codes(await call(http, LOGIN, email="ann@example.com", password="guess"))
            for http in [one, two] * 5
        ]
        # now even the right password is refused: the email is locked for a while
        blocked = await call(two, LOGIN, email="ann@example.com", password=PASSWORD)
    assert tries == [["INVALID_CREDENTIALS"]] * 10
    assert codes(blocked) == ["RATE_LIMITED"]
    assert blocked["token"] is None
    assert await AccountSession.filter(account=ann).count() == 0


async def test_mailed_links_per_address_are_counted_across_instances(gym, redis_settings):
    people = [await make_account(f"person{i}@example.com") for i in range(31)]
    await make_account("person99@example.com")
    async with (
        instance(redis_settings, "10.2.0.1") as one,
        instance(redis_settings, "10.2.0.1") as two,
        instance(redis_settings, "10.2.0.9") as elsewhere,
    ):
        answers = [
            codes(await call([one, two][i % 2], LINK, email=f"person{i}@example.com"))
            for i in range(31)
        ]
        other = await call(elsewhere, LINK, email="person99@example.com")
    assert answers[:30] == [[]] * 30
    assert answers[30] == ["RATE_LIMITED"]
    assert codes(other) == []
    # 30 links from the first address and one from elsewhere; none for the refused 31st
    await carry_out_pending(
        Settings()
    )  # the worker's part (resolvers/accounts/account_requests.py)
    assert await AccountToken.filter(purpose=TokenPurpose.LOGIN_LINK).count() == 31
    assert await Notification.all().count() == 31
    assert await AccountToken.filter(account=people[30]).count() == 0
    assert await Notification.filter(to_address="person30@example.com").count() == 0


async def test_token_guesses_per_address_are_counted_across_instances(gym, redis_settings):
    async with (
        instance(redis_settings, "10.3.0.1") as one,
        instance(redis_settings, "10.3.0.1") as two,
    ):
        answers = [
            codes(await call([one, two][i % 2], VERIFY, token=f"guess-{i}")) for i in range(31)
        ]
    assert answers[:30] == [["INVALID_TOKEN"]] * 30
    assert answers[30] == ["RATE_LIMITED"]


async def test_the_answer_is_the_same_whether_the_email_exists_or_not(gym, redis_settings):
    await make_account("real@example.com", password_hash=hash_password(PASSWORD))
    async with instance(redis_settings, "10.4.0.1") as http:
        real = [await call(http, RESET_REQUEST, email="real@example.com") for _ in range(6)]
        ghost = [await call(http, RESET_REQUEST, email="ghost@example.com") for _ in range(6)]
        logins = [
            await call(http, LOGIN, email=email, password="wrong guess")
            for email in ("real@example.com", "ghost@example.com")
        ]
    assert real == ghost
    assert [codes(p) for p in real] == [[]] * 5 + [["RATE_LIMITED"]]
    assert logins[0] == logins[1]
    # five reset mails were queued for the real account, none for the ghost
    await carry_out_pending(Settings())
    assert await Notification.all().count() == 5
    assert await AccountToken.filter(account__email_key="ghost@example.com").count() == 0


async def test_email_changes_are_limited_per_new_email(gym, redis_settings):
    account = await make_account("owner@example.com", password_hash=hash_password(PASSWORD))
    session = await make_account_token(account)
    headers = {"Authorization": f"Bearer {session}"}
    async with instance(redis_settings, "10.5.0.1") as http:
        answers = [
            codes(await call(http, EMAIL_CHANGE, headers, email="new@example.com"))
            for _ in range(6)
        ]
    assert answers == [[]] * 5 + [["RATE_LIMITED"]]
    # five confirmation mails and tokens (each revoking the one before), none for the sixth
    assert await AccountToken.filter(purpose=TokenPurpose.EMAIL_CHANGE).count() == 5
    assert await AccountToken.filter(used_at__isnull=True).count() == 1
    assert await Notification.filter(to_address="new@example.com").count() == 5
    assert await Notification.all().count() == 5
    assert await AccountSession.all().count() == 1
    assert (await Account.get(id=account.id)).email == "owner@example.com"


async def test_email_change_confirmations_are_limited_per_address(gym, redis_settings):
    account = await make_account("owner@example.com", password_hash=hash_password(PASSWORD))
    async with in_transaction("default") as conn:
        token = await issue_token(
            conn,
            account,
            TokenPurpose.EMAIL_CHANGE,
            timedelta(hours=1),
            organization_id=gym.id,
            new_email="moved@example.com",
        )
    async with (
        instance(redis_settings, "10.7.0.1") as one,
        instance(redis_settings, "10.7.0.1") as two,
    ):
        guesses = [
            codes(await call([one, two][i % 2], CONFIRM_CHANGE, token=f"guess-{i}"))
            for i in range(30)
        ]
        refused = await call(two, CONFIRM_CHANGE, token=token)
    assert guesses == [["INVALID_TOKEN"]] * 30
    assert codes(refused) == ["RATE_LIMITED"]
    assert refused["accepted"] is False
    # refused before the token was looked at: nothing changed and the link still works
    unchanged = await Account.get(id=account.id)
    assert (unchanged.email, unchanged.email_key) == ("owner@example.com", "owner@example.com")
    assert await AccountToken.filter(account=account, used_at__isnull=True).count() == 1
    assert await Notification.all().count() == 0
    async with instance(redis_settings, "10.7.0.2") as elsewhere:
        confirmed = await call(elsewhere, CONFIRM_CHANGE, token=token)
    assert codes(confirmed) == []
    assert (await Account.get(id=account.id)).email == "moved@example.com"


async def test_unknown_emails_cost_the_same_argon2_work_as_known_ones(gym, monkeypatch):
    """Timing tells nothing: a login for an unknown email verifies against a real hash too."""
    import models.security

    await make_account("known@example.com", password_hash=hash_password(PASSWORD))
    checked: list[str] = []
    real_verify = models.security._hasher.verify

    class CountingHasher:
        def verify(self, hash_: str, password: str) -> bool:
            checked.append(hash_.split("$")[1])  # the algorithm, e.g. argon2id
            return real_verify(hash_, password)

    monkeypatch.setattr(models.security, "_hasher", CountingHasher())
    async with instance(Settings(), "10.6.0.1") as http:
        known = await call(http, LOGIN, email="known@example.com", password="wrong guess")
        unknown = await call(http, LOGIN, email="nobody@example.com", password="wrong guess")
    assert known == unknown
    assert checked == ["argon2id", "argon2id"]
