"""Access (R9.1): tokens decide organization and permissions; staff sessions and API keys."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import ApiKey, Client, StaffSession
from models.access import ROLE_PERMISSIONS, Permission
from models.enums import StaffRole
from models.security import hash_token
from tests.factories import (
    PASSWORD,
    make_api_key,
    make_client,
    make_org,
    make_session_token,
    make_staff,
)
from tests.helpers import http_client

LOGIN = """mutation($email: String!, $password: String!) {
  staffLogin(input: {email: $email, password: $password}) {
    token expiresAt staffUser { email role } userErrors { field code message }
  }
}"""
ME = "{ me { organization { slug } permissions staffUser { email } apiKey { name scopes } } }"


async def post(http, query, variables=None, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await http.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )


async def test_staff_login_gives_a_token_that_works_and_is_stored_hashed(db):
    org = await make_org(slug="gym")
    staff = await make_staff(org, StaffRole.AGENT, email="agent@gym.test")
    async with http_client() as http:
        response = await post(http, LOGIN, {"email": " AGENT@gym.test ", "password": PASSWORD})
        payload = response.json()["data"]["staffLogin"]
        assert payload["userErrors"] == []
        assert payload["staffUser"] == {"email": "agent@gym.test", "role": "AGENT"}
        token = payload["token"]
        assert token.startswith("cst_")

        me = (await post(http, ME, token=token)).json()["data"]["me"]
    assert me == {
        "organization": {"slug": "gym"},
        "permissions": sorted(p.name for p in ROLE_PERMISSIONS[StaffRole.AGENT]),
        "staffUser": {"email": "agent@gym.test"},
        "apiKey": None,
    }
    (session,) = await StaffSession.filter(staff=staff)
    assert session.token_hash == hash_token(token)
    assert token not in session.token_hash


@pytest.mark.parametrize(
    ("email", "password", "active"),
    [
        ("agent@gym.test", "wrong password", True),
        ("nobody@gym.test", PASSWORD, True),
        ("agent@gym.test", PASSWORD, False),
    ],
)
async def test_failed_logins_all_look_the_same(db, email, password, active):
    await make_staff(await make_org(), email="agent@gym.test", is_active=active)
    async with http_client() as http:
        body = (await post(http, LOGIN, {"email": email, "password": password})).json()
    assert body["data"]["staffLogin"] == {
        "token": None,
        "expiresAt": None,
        "staffUser": None,
        "userErrors": [
            {"field": None, "code": "INVALID_CREDENTIALS", "message": "Wrong email or password"}
        ],
    }
    assert await StaffSession.all().count() == 0


async def test_expired_revoked_and_unknown_tokens_get_401(db):
    staff = await make_staff(await make_org())
    expired = await make_session_token(staff, expires_in=timedelta(seconds=-1))
    live = await make_session_token(staff)
    async with http_client() as http:
        assert (await post(http, "mutation { staffLogout { revoked } }", token=live)).json()[
            "data"
        ] == {"staffLogout": {"revoked": True}}
        for token in (expired, live, "cst_unknown", "ck_unknown", "garbage"):
            response = await post(http, ME, token=token)
            assert response.status_code == 401
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        response = await http.post(
            "/graphql", json={"query": ME}, headers={"Authorization": "Basic abc"}
        )
        assert response.status_code == 401


async def test_no_token_reaches_no_client_data(db):
    client = await make_client(await make_org())
    async with http_client() as http:
        body = (
            await post(
                http, "query($id: ID!) { client(id: $id) { email } }", {"id": str(client.uuid)}
            )
        ).json()
    assert body["data"] == {"client": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


async def test_api_key_scopes_decide_what_it_may_do(db):
    org = await make_org(slug="shop")
    reader = await make_api_key(org, Permission.CLIENTS_READ, name="pos")
    create = (
        'mutation { createClient(input: {firstName: "Ann"}) { client { id } userErrors { code } } }'
    )
    async with http_client() as http:
        me = (await post(http, ME, token=reader)).json()["data"]["me"]
        assert me["apiKey"] == {"name": "pos", "scopes": ["CLIENTS_READ"]}
        assert me["permissions"] == ["CLIENTS_READ"]
        body = (await post(http, create, token=reader)).json()
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert await Client.all().count() == 0

        writer = await make_api_key(org, Permission.CLIENTS_READ, Permission.CLIENTS_WRITE)
        body = (await post(http, create, token=writer)).json()
        assert body["data"]["createClient"]["userErrors"] == []
    assert await Client.all().count() == 1


async def test_api_keys_are_created_once_revoked_and_stored_hashed(db):
    org = await make_org()
    owner_token = await make_session_token(await make_staff(org, StaffRole.OWNER))
    async with http_client() as http:
        created = (
            await post(
                http,
                """mutation { createApiKey(input: {name: "POS", scopes: [CLIENTS_READ]}) {
            secret apiKey { id name prefix scopes revokedAt } userErrors { code } } }""",
                token=owner_token,
            )
        ).json()
        payload = created["data"]["createApiKey"]
        secret, key_id = payload["secret"], payload["apiKey"]["id"]
        assert secret.startswith(payload["apiKey"]["prefix"])
        stored = await ApiKey.get(uuid=key_id)
        assert stored.key_hash == hash_token(secret)

        listed = (await post(http, "{ apiKeys { id name } }", token=owner_token)).json()["data"][
            "apiKeys"
        ]
        assert listed == [{"id": key_id, "name": "POS"}]
        assert "secret" not in str(listed)

        assert (await post(http, ME, token=secret)).status_code == 200
        revoked = (
            await post(
                http,
                "mutation($id: ID!) { revokeApiKey(input: {apiKeyId: $id}) { apiKey { revokedAt } userErrors { code } } }",
                {"id": key_id},
                token=owner_token,
            )
        ).json()
        assert revoked["data"]["revokeApiKey"]["apiKey"]["revokedAt"] is not None
        assert (await post(http, ME, token=secret)).status_code == 401


@pytest.mark.parametrize(
    ("name", "scopes", "field", "code"),
    [
        ("POS", [], "scopes", "REQUIRED"),
        ("POS", ["API_KEYS_MANAGE"], "scopes", "INVALID"),
        ("", ["CLIENTS_READ"], "name", "REQUIRED"),
    ],
)
async def test_bad_api_key_requests_create_nothing(db, name, scopes, field, code):
    org = await make_org()
    token = await make_session_token(await make_staff(org))
    async with http_client() as http:
        body = (
            await post(
                http,
                "mutation($name: String!, $scopes: [Permission!]!) { createApiKey(input: {name: $name, scopes: $scopes}) { secret userErrors { field code } } }",
                {"name": name, "scopes": scopes},
                token=token,
            )
        ).json()
    assert body["data"]["createApiKey"] == {
        "secret": None,
        "userErrors": [{"field": [field], "code": code}],
    }
    assert await ApiKey.all().count() == 0
