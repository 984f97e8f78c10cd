"""One-time staff tokens: the account-token machinery (random, stored as a digest, single
use, expiring) for staff users, whose invitations carry a set-password link (R9.3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode, urlsplit

from tortoise.backends.base.client import BaseDBAsyncClient

from clientela.settings import Settings
from models import StaffToken, StaffUser
from models.security import new_token
from resolvers.accounts.account_tokens import consume_row

TOKEN_PREFIX = "cit"  # noqa: S105 - a prefix, not a secret
INVITE = "invite"


async def issue_staff_token(
    conn: BaseDBAsyncClient, staff: StaffUser, purpose: str, ttl: timedelta
) -> str:
    """A new token; earlier unused tokens of the same purpose stop working."""
    now = datetime.now(UTC)
    await (
        StaffToken.filter(staff_id=staff.id, purpose=purpose, used_at__isnull=True)
        .using_db(conn)
        .update(used_at=now)
    )
    token, digest = new_token(TOKEN_PREFIX)
    await StaffToken.create(
        staff_id=staff.id, purpose=purpose, token_hash=digest, expires_at=now + ttl, using_db=conn
    )
    return token


async def consume_staff_token(
    conn: BaseDBAsyncClient, token: str, purpose: str
) -> StaffToken | None:
    return await consume_row(conn, StaffToken, token, purpose)


def console_link(settings: Settings, path: str, token: str) -> str:
    """A link into the admin console, which the service serves at /console (R12.1)."""
    parts = urlsplit(settings.app_url)
    return f"{parts.scheme}://{parts.netloc}/console/{path}?{urlencode({'token': token})}"
