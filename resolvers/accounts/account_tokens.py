"""One-time account tokens (R3.10): random, stored as digests, single-use, expiring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from clientela.infra import auth_cache
from models import Account, AccountSession, AccountToken
from models.enums import TokenPurpose
from models.security import hash_token, new_token

TOKEN_PREFIX = "cet"  # noqa: S105 - a prefix, not a secret
SESSION_PREFIX = "cat"


async def issue_token(
    conn: BaseDBAsyncClient,
    account: Account,
    purpose: TokenPurpose,
    ttl: timedelta,
    *,
    organization_id: int | None = None,
    new_email: str | None = None,
) -> str:
    """A new token; earlier unused tokens of the same purpose stop working."""
    await revoke_tokens(conn, account.id, purpose)
    token, digest = new_token(TOKEN_PREFIX)
    await AccountToken.create(
        account_id=account.id,
        organization_id=organization_id,
        purpose=purpose,
        token_hash=digest,
        new_email=new_email,
        expires_at=datetime.now(UTC) + ttl,
        using_db=conn,
    )
    return token


class _OneTimeToken(Protocol):
    used_at: datetime | None
    expires_at: datetime


Row = TypeVar("Row", bound=Model)


async def consume_row(
    conn: BaseDBAsyncClient, model: type[Row], token: str, purpose: str
) -> Row | None:
    """A one-time token's row (account or staff tokens: `token_hash`, `purpose`, `used_at`,
    `expires_at`), now used; None when unknown, of another purpose, used or expired."""
    row = (
        await model.filter(token_hash=hash_token(token.strip()), purpose=purpose)
        .using_db(conn)
        .select_for_update()
        .first()
    )
    now = datetime.now(UTC)
    held = cast(_OneTimeToken, row)
    if row is None or held.used_at is not None or held.expires_at <= now:
        return None
    held.used_at = now
    await row.save(using_db=conn, update_fields=["used_at"])
    return row


async def consume_token(
    conn: BaseDBAsyncClient, token: str, purpose: TokenPurpose
) -> AccountToken | None:
    """The account token's row, now used; None when unknown, of another purpose, used or
    expired."""
    return await consume_row(conn, AccountToken, token, purpose)


async def revoke_tokens(
    conn: BaseDBAsyncClient, account_id: int, purpose: TokenPurpose | None = None
) -> None:
    query = AccountToken.filter(account_id=account_id, used_at__isnull=True)
    if purpose is not None:
        query = query.filter(purpose=purpose)
    await query.using_db(conn).update(used_at=datetime.now(UTC))


async def revoke_sessions(conn: BaseDBAsyncClient, account_id: int) -> bool:
    """End every session of the account; whether one was open. The caller that owns the
    transaction calls `auth_cache.tokens_revoked()` again once it is committed."""
    revoked = await (
        AccountSession.filter(account_id=account_id, revoked_at__isnull=True)
        .using_db(conn)
        .update(revoked_at=datetime.now(UTC))
    )
    auth_cache.tokens_revoked()
    return bool(revoked)


async def open_session(conn: BaseDBAsyncClient, account: Account, ttl: timedelta) -> str:
    token, digest = new_token(SESSION_PREFIX)
    await AccountSession.create(
        account_id=account.id,
        token_hash=digest,
        expires_at=datetime.now(UTC) + ttl,
        using_db=conn,
    )
    return token
