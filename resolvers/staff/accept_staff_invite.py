"""acceptStaffInvite (R9.3): the invited person follows the link and sets a password.

The link works once and expires; the password follows the same policy as clients'
(argon2id hash). A deactivated invitee cannot use it. The answer opens a console session.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from clientela.infra.limit_store import LimitStore
from clientela.infra.rate_limit import LOCAL, token_use_allowed
from clientela.settings import Settings
from models import StaffSession, StaffUser
from models.security import hash_password, new_token
from resolvers.access.actor import Actor
from resolvers.access.auth import STAFF_TOKEN_PREFIX
from resolvers.accounts.passwords import password_problem
from resolvers.accounts.self_service import RATE_LIMITED
from resolvers.accounts.verify_email import INVALID_LINK
from resolvers.audit import log_audit
from resolvers.errors import UserErrors
from resolvers.staff.staff_result import StaffResult
from resolvers.staff.staff_tokens import INVITE, consume_staff_token


async def accept_staff_invite(
    settings: Settings,
    token: str,
    password: str,
    *,
    client_address: str | None = None,
    limits: LimitStore = LOCAL,
) -> StaffResult:
    if not await token_use_allowed(client_address, limits):
        return StaffResult(errors=[RATE_LIMITED])
    try:
        async with in_transaction("default") as conn:
            row = await consume_staff_token(conn, token, INVITE)
            staff = (
                await StaffUser.filter(id=row.staff_id, is_active=True)
                .using_db(conn)
                .select_for_update()
                .first()
                if row
                else None
            )
            if staff is None:
                raise UserErrors([INVALID_LINK])
            problem = password_problem(password, email=staff.email)
            if problem is not None:
                raise UserErrors([problem])  # rolled back: the link stays usable
            now = datetime.now(UTC)
            staff.password_hash = hash_password(password)
            staff.last_login_at = now
            await staff.save(using_db=conn, update_fields=["password_hash", "last_login_at"])
            session_token, digest = new_token(STAFF_TOKEN_PREFIX)
            await StaffSession.create(
                staff=staff,
                token_hash=digest,
                expires_at=now + settings.staff_session_ttl,
                using_db=conn,
            )
            await log_audit(
                Actor.for_staff(staff), "staff.joined", "staff", staff.uuid, {}, using_db=conn
            )
    except UserErrors as exc:
        return StaffResult(errors=exc.errors)
    return StaffResult(staff=staff, token=session_token)
