"""Client-app sessions are cached like staff sessions and API keys (clientela/infra/
auth_cache.py, issue 16): each path that ends a session in this process empties the cache,
so the session's next request gets 401 at once, not `AUTH_CACHE_SECONDS` later."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from clientela.settings import Settings
from models import Account, AccountSession, Client, Organization
from models.enums import TokenPurpose
from models.security import hash_token
from resolvers.accounts.account_requests import carry_out_pending
from resolvers.accounts.account_tokens import issue_token
from tests.factories import make_account, make_account_token, make_actor, make_client, make_org
from tests.helpers import SETTINGS, http_client, run

INBOX = "{ inbox(first: 5) { totalCount nodes { title } } }"
PASSWORD = "a long and unusual passphrase"


async def _status(http: httpx.AsyncClient, token: str, query: str = INBOX) -> int:
    response = await http.post(
        "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
    )
    return response.status_code


async def _link(account: Account, org: Organization, purpose: TokenPurpose) -> str:
    from tortoise import connections

    conn = connections.get("default")
    return await issue_token(conn, account, purpose, timedelta(hours=1), organization_id=org.id)


Revoke = Callable[[httpx.AsyncClient, str, Organization, Account, Client], Awaitable[Any]]


async def _logout(http: httpx.AsyncClient, token: str, *_: Any) -> None:
    assert await _status(http, token, "mutation { logout { accepted } }") == 200


async def _reset_password(_: Any, __: str, org: Organization, account: Account, ___: Any) -> None:
    token = await _link(account, org, TokenPurpose.PASSWORD_RESET)
    query = """mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, password: $p})
        { token userErrors { code } } }"""
    done = await run(query, {"t": token, "p": PASSWORD}, actor=None)
    assert done["resetPassword"]["userErrors"] == []


async def _assign_password(_: Any, __: str, org: Organization, ___: Any, client: Client) -> None:
    query = """mutation($id: ID!, $p: String!) { assignPassword(input: {clientId: $id, password: $p})
        { userErrors { code } } }"""
    done = await run(query, {"id": str(client.uuid), "p": PASSWORD}, actor=await make_actor(org))
    assert done["assignPassword"]["userErrors"] == []


async def _accept_invite(_: Any, __: str, org: Organization, account: Account, ___: Any) -> None:
    token = await _link(account, org, TokenPurpose.INVITE)
    query = """mutation($t: String!, $p: String) { acceptInvite(input: {token: $t, password: $p})
        { token userErrors { code } } }"""
    done = await run(query, {"t": token, "p": PASSWORD}, actor=None)
    assert done["acceptInvite"]["userErrors"] == []


async def _verify_email(_: Any, __: str, org: Organization, account: Account, ___: Any) -> None:
    """The first proof of the address ends the sessions opened before it (R3.6)."""
    token = await _link(account, org, TokenPurpose.VERIFY_EMAIL)
    query = (
        "mutation($t: String!) { verifyEmail(input: {token: $t}) { token userErrors { code } } }"
    )
    done = await run(query, {"t": token}, actor=None)
    assert done["verifyEmail"]["userErrors"] == []


async def _migrate_email(_: Any, __: str, org: Organization, ___: Any, client: Client) -> None:
    query = """mutation($id: ID!, $e: String!) { migrateClientEmail(input: {clientId: $id, email: $e})
        { userErrors { code } } }"""
    done = await run(
        query, {"id": str(client.uuid), "e": "new@example.com"}, actor=await make_actor(org)
    )
    assert done["migrateClientEmail"]["userErrors"] == []


async def _sign_up_again(_: Any, __: str, org: Organization, account: Account, ___: Any) -> None:
    """An unverified sign-up is replaced by the next one for the same address."""
    query = """mutation($org: String!, $e: String!, $p: String!) { registerAccount(input: {
        organization: $org, email: $e, password: $p, firstName: "Ada", lastName: "Byron"})
        { accepted } }"""
    await run(query, {"org": org.slug, "e": account.email, "p": PASSWORD}, actor=None)
    await carry_out_pending(SETTINGS)


def _status_change(name: str) -> Revoke:
    async def change(_: Any, __: str, org: Organization, ___: Any, client: Client) -> None:
        query = (
            f"mutation($id: ID!) {{ {name}(input: {{clientId: $id}}) {{ userErrors {{ code }} }} }}"
        )
        done = await run(query, {"id": str(client.uuid)}, actor=await make_actor(org))
        assert done[name]["userErrors"] == []

    return change


@pytest.mark.parametrize(
    ("revoke", "verified"),
    [
        (_logout, True),
        (_reset_password, True),
        (_assign_password, True),
        (_accept_invite, True),
        (_verify_email, False),
        (_migrate_email, False),
        (_sign_up_again, False),
        (_status_change("disableClient"), True),
        (_status_change("deleteClientPermanently"), True),
    ],
    ids=[
        "logout",
        "resetPassword",
        "assignPassword",
        "acceptInvite",
        "verifyEmail",
        "migrateClientEmail",
        "registerAccount",
        "disableClient",
        "deleteClientPermanently",
    ],
)
async def test_a_session_ended_in_this_process_is_refused_at_its_next_request(
    db, revoke: Revoke, verified: bool
):
    org = await make_org(slug="gym")
    account = await make_account("ada@example.com", verified=verified)
    client = await make_client(org, email="ada@example.com", account=account)
    token = await make_account_token(account)
    async with http_client() as http:
        assert await _status(http, token) == 200  # now cached
        assert await _status(http, token) == 200
        await revoke(http, token, org, account, client)
        assert await _status(http, token) == 401
    ended = await AccountSession.filter(token_hash=hash_token(token)).first()
    assert ended is None or ended.revoked_at is not None  # erased with its account, or ended


async def test_a_session_is_cached_within_the_bound_and_not_after_it(db):
    """What the paths above guard against: a session ended behind the process's back (by
    another instance) still passes for up to `AUTH_CACHE_SECONDS`; with no cache, never."""
    account = await make_account("ada@example.com")
    await make_client(await make_org(slug="gym"), email="ada@example.com", account=account)
    token = await make_account_token(account)
    async with http_client() as http, http_client(Settings(auth_cache_seconds=0)) as uncached:
        assert await _status(http, token) == 200
        assert await _status(uncached, token) == 200
        await AccountSession.filter(account_id=account.id).update(revoked_at=datetime.now(UTC))
        assert await _status(http, token) == 200
        assert await _status(uncached, token) == 401
