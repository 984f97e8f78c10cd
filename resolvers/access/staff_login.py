"""staffLogin and staffLogout: session tokens for the admin console (R9.1).

A wrong email, a wrong password and a deactivated user get the same answer in
the same time, so the response does not tell whether an email is a staff user;
attempts are limited per email and per client address.
The token is returned once; only its digest is stored. Sessions expire and can
be revoked (logout).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from clientela.infra import auth_cache
from clientela.infra.limit_store import LimitStore
from clientela.infra.rate_limit import LOCAL, LOGIN_PER_ADDRESS, LOGIN_PER_EMAIL, allowed
from models import StaffSession, StaffUser
from models.security import (
    hash_password_async,
    new_token,
    password_needs_rehash,
    verify_password_async,
)
from resolvers.access.actor import Actor, require
from resolvers.access.auth import STAFF_TOKEN_PREFIX
from resolvers.errors import ErrorCode, UserError, error


@dataclass
class StaffLoginResult:
    token: str | None = None
    expires_at: datetime | None = None
    staff: StaffUser | None = None
    errors: list[UserError] = field(default_factory=list)


async def staff_login(
    email: str,
    password: str,
    *,
    ttl: timedelta,
    client_address: str | None = None,
    limits: LimitStore = LOCAL,
) -> StaffLoginResult:
    address = email.strip().lower()
    if not await allowed(
        "staff-login",
        email=address,
        address=client_address,
        store=limits,
        per_email=LOGIN_PER_EMAIL,
        per_address=LOGIN_PER_ADDRESS,
    ):
        return StaffLoginResult(
            errors=[error(ErrorCode.RATE_LIMITED, "Too many attempts: wait a while and try again")]
        )
    staff = await StaffUser.filter(email=address, is_active=True).first()
    if (
        not await verify_password_async(staff.password_hash if staff else None, password)
        or staff is None
    ):
        return StaffLoginResult(
            errors=[error(ErrorCode.INVALID_CREDENTIALS, "Wrong email or password")]
        )
    now = datetime.now(UTC)
    if password_needs_rehash(staff.password_hash):
        staff.password_hash = await hash_password_async(password)
    staff.last_login_at = now
    await staff.save(update_fields=["password_hash", "last_login_at"])
    token, digest = new_token(STAFF_TOKEN_PREFIX)
    session = await StaffSession.create(staff=staff, token_hash=digest, expires_at=now + ttl)
    return StaffLoginResult(token=token, expires_at=session.expires_at, staff=staff)


async def staff_logout(actor: Actor | None) -> bool:
    """Revoke the session the caller is using; False when the caller is not a session."""
    actor = require(actor)
    if actor.session_id is None:
        return False
    await StaffSession.filter(id=actor.session_id, revoked_at__isnull=True).update(
        revoked_at=datetime.now(UTC)
    )
    auth_cache.tokens_revoked()
    return True
