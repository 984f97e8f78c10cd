"""Test data builders. Each writes straight to the models, as fast as a test needs."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from models import (
    Account,
    AccountSession,
    ActivityEntry,
    Client,
    ClientTag,
    Level,
    Note,
    Organization,
    PointsEntry,
    StaffSession,
    StaffUser,
    Tag,
)
from models.access import Permission
from models.enums import ActorType, PointsSource, StaffRole
from models.security import hash_password, new_token
from models.tag import tag_key
from resolvers.access.actor import Actor
from resolvers.access.api_keys import issue_api_key
from resolvers.access.auth import ACCOUNT_TOKEN_PREFIX, STAFF_TOKEN_PREFIX
from resolvers.clients.client_write import new_share_code

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


async def make_org(slug: str | None = None, **fields: Any) -> Organization:
    n = next(_seq)
    return await Organization.create(
        name=fields.pop("name", f"Org {n}"), slug=slug or f"org-{n}", **fields
    )


async def make_staff(
    org: Organization, role: StaffRole = StaffRole.OWNER, **fields: Any
) -> StaffUser:
    n = next(_seq)
    return await StaffUser.create(
        organization=org,
        email=fields.pop("email", f"staff{n}@example.com"),
        name=fields.pop("name", f"Staff {n}"),
        role=role,
        password_hash=hash_password(fields.pop("password", PASSWORD)),
        **fields,
    )


async def make_actor(org: Organization, role: StaffRole = StaffRole.OWNER) -> Actor:
    return Actor.for_staff(await make_staff(org, role))


async def make_session_token(
    staff: StaffUser, *, expires_in: timedelta = timedelta(hours=1)
) -> str:
    token, digest = new_token(STAFF_TOKEN_PREFIX)
    await StaffSession.create(
        staff=staff, token_hash=digest, expires_at=datetime.now(UTC) + expires_in
    )
    return token


async def make_api_key(org: Organization, *scopes: Permission, name: str = "integration") -> str:
    _key, secret = await issue_api_key(org, name, list(scopes or [Permission.CLIENTS_READ]))
    return secret


async def make_client(org: Organization, **fields: Any) -> Client:
    n = next(_seq)
    level = fields.pop("level", None)
    tags = fields.pop("tags", ())
    defaults: dict[str, Any] = {
        "first_name": f"First{n}",
        "last_name": f"Last{n}",
        "registered_at": datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n),
        "share_code": new_share_code(),
    }
    client = Client(organization=org, level=level, **{**defaults, **fields})
    await client.save()
    for name in tags:
        await tag_client(client, name)
    return client


async def make_level(org: Organization, name: str, threshold: int) -> Level:
    return await Level.create(
        organization=org, name=name, name_key=name.casefold(), threshold=threshold
    )


async def make_tag(org: Organization, name: str) -> Tag:
    tag, _ = await Tag.get_or_create(organization=org, key=tag_key(name), defaults={"name": name})
    return tag


async def tag_client(client: Client, name: str) -> None:
    org = await Organization.get(id=client.organization_id)
    await ClientTag.create(client=client, tag=await make_tag(org, name))


async def make_note(client: Client, body: str = "A note") -> Note:
    return await Note.create(
        client=client, body=body, author_type=ActorType.SYSTEM, author_name="system"
    )


async def counts() -> dict[str, object]:
    """What a refused operation must leave alone: row counts of every table a client
    operation writes, and the password hashes of the accounts."""
    from models import (
        AccountToken,
        ApiKey,
        FieldLabel,
        GiftList,
        InboxMessage,
        Notification,
        Order,
        PointsEntry,
        Segment,
    )

    tables = {
        "clients": Client,
        "activity": ActivityEntry,
        "notes": Note,
        "levels": Level,
        "tags": Tag,
        "client_tags": ClientTag,
        "api_keys": ApiKey,
        "labels": FieldLabel,
        "notifications": Notification,
        "inbox": InboxMessage,
        "points": PointsEntry,
        "segments": Segment,
        "tokens": AccountToken,
        "sessions": AccountSession,
        "orders": Order,
        "gift_lists": GiftList,
    }
    found: dict[str, object] = {name: await model.all().count() for name, model in tables.items()}
    found["passwords"] = sorted(
        await Account.all().values_list("password_hash", flat=True), key=str
    )
    found["revoked_sessions"] = await AccountSession.filter(revoked_at__isnull=False).count()
    # What the corrections and staff management change (R9.3).
    from models import AuditEntry, StaffSession, StaffToken, StaffUser

    found["audit"] = await AuditEntry.all().count()
    # Staff users themselves are left out: tests create actors after taking a snapshot.
    found["staff_state"] = sorted(
        await StaffUser.filter(password_hash="").values_list("email", "role", "is_active")
    ) + sorted(await StaffUser.filter(is_active=False).values_list("email", flat=True))
    found["staff_tokens"] = await StaffToken.filter(used_at__isnull=True).count()
    found["staff_sessions"] = await StaffSession.filter(revoked_at__isnull=True).count()
    found["note_bodies"] = sorted(await Note.all().values_list("body", flat=True))
    found["level_rows"] = sorted(await Level.all().values_list("name", "threshold"))
    found["tag_names"] = sorted(await Tag.all().values_list("name", flat=True))
    found["client_rows"] = (
        await Client.all().order_by("id").values_list("id", "account_id", "level_id", "status")
    )
    return found


def birthday(month: int, day: int = 15, year: int = 1990) -> date:
    return date(year, month, day)


async def make_account(email: str, *, verified: bool = True, **fields: Any) -> Account:
    return await Account.create(
        email=email,
        email_key=email.lower(),
        verified_at=datetime.now(UTC) if verified else None,
        **fields,
    )


async def make_account_token(account: Account) -> str:
    token, digest = new_token(ACCOUNT_TOKEN_PREFIX)
    await AccountSession.create(
        account=account, token_hash=digest, expires_at=datetime.now(UTC) + timedelta(hours=1)
    )
    return token


async def make_reachable_client(org: Organization, email: str, **fields: Any) -> Client:
    """A client whose verified account has the same email: notifications reach them."""
    account = await make_account(email)
    return await make_client(org, email=email, account=account, **fields)


async def make_ledger(
    client: Client, entries: int, start: datetime, *, microseconds: int = 0
) -> None:
    """`entries` ledger entries a day apart from `start` (plus `microseconds` times their
    rank, to have fractions of seconds), alternating manual credits with expiring purchase
    credits."""
    for k in range(entries):
        await PointsEntry.create(
            organization_id=client.organization_id,
            client=client,
            amount=10 * (k + 1),
            balance_after=10 * (k + 1),
            reason=f"visit {k}",
            source=PointsSource.PURCHASE if k % 2 else PointsSource.MANUAL,
            actor_type=ActorType.SYSTEM,
            actor_name="Clientela",
            expires_at=start + timedelta(days=365) if k % 2 else None,
            remaining=5 if k % 2 else None,
            idempotency_key=f"c{client.id}-{k}",
            created_at=start + timedelta(days=k, microseconds=microseconds * k),
        )
