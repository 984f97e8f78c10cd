"""Turning a bearer token into an Actor (R9.1).

Staff session tokens start with `cst_`, API keys with `ck_`, client-app sessions
with `cat_`; all are stored as
digests, so the lookup is by digest and the token itself is never stored or logged.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import AccountSession, ApiKey, StaffSession
from models.access import API_KEY_SCOPES, Permission
from models.enums import ActorType
from models.security import hash_token
from resolvers.access.actor import AccountCaller, Actor

STAFF_TOKEN_PREFIX = "cst"  # noqa: S105 - a prefix, not a secret
ACCOUNT_TOKEN_PREFIX = "cat"  # noqa: S105
API_KEY_PREFIX = "ck"
# last_used_at is a hint for people auditing keys, not a counter: writing it at most
# this often keeps reads free of a write per request.
_LAST_USED_RESOLUTION = timedelta(minutes=5)


async def authenticate(token: str) -> Actor | AccountCaller | None:
    """Who a token stands for, or None when it is unknown, expired or revoked."""
    now = datetime.now(UTC)
    if token.startswith(f"{ACCOUNT_TOKEN_PREFIX}_"):
        login = await AccountSession.filter(
            token_hash=hash_token(token), revoked_at__isnull=True, expires_at__gt=now
        ).first()
        return AccountCaller(login.account_id, login.id) if login else None
    if token.startswith(f"{STAFF_TOKEN_PREFIX}_"):
        session = (
            await StaffSession.filter(
                token_hash=hash_token(token),
                revoked_at__isnull=True,
                expires_at__gt=now,
                staff__is_active=True,
            )
            .select_related("staff")
            .first()
        )
        if session is None:
            return None
        return Actor.for_staff(session.staff, session_id=session.id)
    if token.startswith(f"{API_KEY_PREFIX}_"):
        key = await ApiKey.filter(key_hash=hash_token(token), revoked_at__isnull=True).first()
        if key is None:
            return None
        if key.last_used_at is None or now - key.last_used_at > _LAST_USED_RESOLUTION:
            await ApiKey.filter(id=key.id).update(last_used_at=now)
        return Actor(
            type=ActorType.API_KEY,
            id=key.id,
            name=key.name,
            organization_id=key.organization_id,
            permissions=frozenset(
                Permission(s) for s in key.scopes if s in {p.value for p in API_KEY_SCOPES}
            ),
        )
    return None
