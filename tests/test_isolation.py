"""R9.1: a record of another organization answers exactly like one that does not exist,
and every operation checks the caller's permission."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from models import ApiKey, GiftList, Order
from models.access import ROLE_PERMISSIONS, Permission
from models.enums import GiftListStatus, OrderStatus, StaffRole
from tests.factories import (
    counts,
    make_account,
    make_actor,
    make_api_key,
    make_client,
    make_level,
    make_org,
)
from tests.helpers import execute

UNKNOWN = "3f2b8f0e-1111-4222-8333-444455556666"

# (operation, what the variable `$x` names)
MATRIX = [
    ("query($x: ID!) { client(id: $x) { id email } }", "client"),
    ("query($x: String!) { clientByEmail(email: $x) { id } }", "email"),
    ("query($x: String!) { clientByExternalId(externalId: $x) { id } }", "external"),
    ("query($x: String!) { clients(filter: {search: $x}) { totalCount nodes { id } } }", "name"),
    ("query($x: ID!) { clients(filter: {levelIds: [$x]}) { totalCount nodes { id } } }", "level"),
    (
        'mutation($x: ID!) { updateClient(input: {clientId: $x, city: "Bari"}) { client { id } userErrors { field code message } } }',
        "client",
    ),
    (
        'mutation($x: ID!) { addNote(input: {clientId: $x, body: "hi"}) { note { id } userErrors { field code message } } }',
        "client",
    ),
    (
        'mutation($x: ID!) { createClient(input: {firstName: "A", levelId: $x}) { client { id } userErrors { field code message } } }',
        "level",
    ),
    (
        "mutation($x: ID!) { revokeApiKey(input: {apiKeyId: $x}) { apiKey { id } userErrors { field code message } } }",
        "key",
    ),
    (
        'mutation($x: ID!) { migrateClientEmail(input: {clientId: $x, email: "n@example.com"}) { client { id } userErrors { field code message } } }',
        "client",
    ),
    (
        "mutation($x: ID!) { fixEmailAccess(input: {clientId: $x}) { action userErrors { field code message } } }",
        "client",
    ),
    (
        "mutation($x: ID!) { sendWelcomeEmail(input: {clientId: $x}) { client { id } userErrors { field code message } } }",
        "client",
    ),
    (
        "mutation($x: ID!) { sendPasswordSetupLink(input: {clientId: $x}) { client { id } userErrors { field code message } } }",
        "client",
    ),
    (
        'mutation($x: ID!) { assignPassword(input: {clientId: $x, password: "a long passphrase here"}) { client { id } userErrors { field code message } } }',
        "client",
    ),
    (
        'mutation($x: ID!) { sendNotification(input: {type: MANUAL, channels: [EMAIL], clientIds: [$x], params: {title: "t", body: "b"}}) { queued userErrors { field code message } } }',
        "client",
    ),
    (
        'mutation($x: ID!) { recordOrder(input: {clientId: $x, status: PAID, total: "1", currency: "EUR", orderedAt: "2026-01-01T00:00:00Z", externalId: "WEB-Z"}) { order { id } client { id } userErrors { field code message } } }',
        "client",
    ),
    (
        "mutation($x: ID!) { updateOrderStatus(input: {orderId: $x, status: CANCELLED}) { order { id status } userErrors { field code message } } }",
        "order",
    ),
    (
        'mutation($x: ID!) { createGiftList(input: {clientId: $x, name: "Mine", externalId: "LIST-Z"}) { giftList { id } client { id } userErrors { field code message } } }',
        "client",
    ),
    (
        'mutation($x: ID!) { updateGiftList(input: {giftListId: $x, name: "Stolen", status: CLOSED}) { giftList { id name } userErrors { field code message } } }',
        "gift_list",
    ),
]


@pytest.fixture
async def foreign(db):
    theirs = await make_org()
    level = await make_level(theirs, "Theirs", 10)
    client = await make_client(
        theirs, first_name="Zebedee", email="zeb@example.com", external_id="EXT-Z", level=level
    )
    await make_api_key(theirs, Permission.CLIENTS_READ)
    key = await ApiKey.get(organization=theirs)
    order = await Order.create(
        client=client,
        external_id="WEB-Z",
        status=OrderStatus.PAID,
        total=Decimal("9"),
        currency="EUR",
        ordered_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    gift_list = await GiftList.create(
        client=client, external_id="LIST-Z", name="Theirs", status=GiftListStatus.OPEN
    )
    values = {
        "client": str(client.uuid),
        "email": "zeb@example.com",
        "external": "EXT-Z",
        "name": "Zebedee",
        "level": str(level.uuid),
        "key": str(key.uuid),
        "order": str(order.uuid),
        "gift_list": str(gift_list.uuid),
    }
    unknown = {
        "client": UNKNOWN,
        "email": "nobody@example.com",
        "external": "EXT-NONE",
        "name": "Nobodyatall",
        "level": UNKNOWN,
        "key": UNKNOWN,
        "order": UNKNOWN,
        "gift_list": UNKNOWN,
    }
    return values, unknown


@pytest.mark.parametrize(("operation", "kind"), MATRIX, ids=[m[0][:40] for m in MATRIX])
async def test_foreign_records_are_indistinguishable_from_missing_ones(foreign, operation, kind):
    values, unknown = foreign
    actor = await make_actor(await make_org(), StaffRole.OWNER)
    before = await counts()

    with_foreign = await execute(operation, {"x": values[kind]}, actor=actor)
    with_unknown = await execute(operation, {"x": unknown[kind]}, actor=actor)

    assert with_foreign.errors is None and with_unknown.errors is None
    assert with_foreign.data == with_unknown.data
    if "mutation" in operation:
        assert await counts() == before
        assert (await ApiKey.all().values_list("revoked_at", flat=True)) == [None]
        assert await Order.all().values_list("status", flat=True) == [OrderStatus.PAID]
        assert await GiftList.all().values_list("name", "status") == [
            ("Theirs", GiftListStatus.OPEN)
        ]


async def test_the_email_of_a_foreign_client_is_free_here(foreign):
    actor = await make_actor(await make_org())
    result = await execute(
        'mutation { createClient(input: {email: "zeb@example.com"}) { userErrors { code } } }',
        actor=actor,
    )
    assert result.data == {"createClient": {"userErrors": []}}


OPERATIONS = {
    "read": (Permission.CLIENTS_READ, "{ clients(first: 1) { totalCount } }"),
    "create": (
        Permission.CLIENTS_WRITE,
        'mutation { createClient(input: {firstName: "A"}) { userErrors { code } } }',
    ),
    "update": (
        Permission.CLIENTS_WRITE,
        'mutation($id: ID!) { updateClient(input: {clientId: $id, city: "X"}) { userErrors { code } } }',
    ),
    "note": (
        Permission.NOTES_WRITE,
        'mutation($id: ID!) { addNote(input: {clientId: $id, body: "b"}) { userErrors { code } } }',
    ),
    "level": (
        Permission.LEVELS_MANAGE,
        'mutation { createLevel(input: {name: "L", threshold: 1}) { userErrors { code } } }',
    ),
    "label": (
        Permission.SETTINGS_MANAGE,
        'mutation { setFieldLabel(input: {field: TEXT1, label: "Shoe"}) { userErrors { code } } }',
    ),
    "keys": (Permission.API_KEYS_MANAGE, "{ apiKeys { id } }"),
    "new key": (
        Permission.API_KEYS_MANAGE,
        'mutation { createApiKey(input: {name: "k", scopes: [CLIENTS_READ]}) { userErrors { code } } }',
    ),
    "notify": (
        Permission.NOTIFICATIONS_SEND,
        'mutation($id: ID!) { sendNotification(input: {type: MANUAL, channels: [IN_APP], clientIds: [$id], params: {title: "t", body: "b"}}) { userErrors { code } } }',
    ),
    "welcome": (
        Permission.ACCOUNTS_MANAGE,
        "mutation($id: ID!) { sendWelcomeEmail(input: {clientId: $id}) { userErrors { code } } }",
    ),
    "order": (
        Permission.POINTS_WRITE,
        'mutation($id: ID!) { recordOrder(input: {clientId: $id, status: PENDING, total: "1", currency: "EUR", orderedAt: "2026-01-01T00:00:00Z"}) { userErrors { code } } }',
    ),
    "gift list": (
        Permission.POINTS_WRITE,
        'mutation($id: ID!) { createGiftList(input: {clientId: $id, name: "Birthday"}) { userErrors { code } } }',
    ),
    "password": (
        Permission.PASSWORDS_ASSIGN,
        'mutation($id: ID!) { assignPassword(input: {clientId: $id, password: "a long passphrase here"}) { userErrors { code } } }',
    ),
}


@pytest.mark.parametrize("role", list(StaffRole))
@pytest.mark.parametrize("operation", list(OPERATIONS))
async def test_roles_grant_exactly_their_permissions(db, role, operation):
    org = await make_org()
    client = await make_client(
        org, email="c@example.com", account=await make_account("c@example.com")
    )
    actor = await make_actor(org, role)
    permission, query = OPERATIONS[operation]
    before = await counts()

    result = await execute(query, {"id": str(client.uuid)} if "$id" in query else None, actor=actor)

    if permission in ROLE_PERMISSIONS[role]:
        assert result.errors is None
        assert all(
            not v or not v.get("userErrors") for v in result.data.values() if isinstance(v, dict)
        )
    else:
        assert [e.extensions["code"] for e in result.errors] == ["FORBIDDEN"]
        assert await counts() == before


async def test_no_actor_is_unauthenticated_everywhere(db):
    client = await make_client(await make_org())
    for _permission, query in OPERATIONS.values():
        result = await execute(
            query, {"id": str(client.uuid)} if "$id" in query else None, actor=None
        )
        assert [e.extensions["code"] for e in result.errors] == ["UNAUTHENTICATED"]
