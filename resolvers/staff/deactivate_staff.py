"""deactivateStaff (R9.3): an owner or admin removes someone's access, at once.

The staff user is kept (their name stays on what they did) but inactive: every session
ends now, pending invitation links stop working, and login is refused. Only an owner
deactivates an owner; the last active owner cannot be deactivated. Audited.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from models import StaffSession, StaffToken
from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.audit import log_audit
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.staff.staff_lookup import check_owner_rights, keep_an_owner, locked_staff
from resolvers.staff.staff_result import StaffResult


async def deactivate_staff(actor: Actor | None, staff_id: str) -> StaffResult:
    actor = require(actor, Permission.STAFF_MANAGE)
    try:
        async with in_transaction("default") as conn:
            staff = await locked_staff(conn, actor, staff_id)
            if not staff.is_active:
                raise UserErrors([error(ErrorCode.INVALID_STATUS, "Already inactive", "staffId")])
            check_owner_rights(actor, staff.role)
            await keep_an_owner(conn, staff)
            staff.is_active = False
            await staff.save(using_db=conn, update_fields=["is_active"])
            now = datetime.now(UTC)
            await (
                StaffSession.filter(staff_id=staff.id, revoked_at__isnull=True)
                .using_db(conn)
                .update(revoked_at=now)
            )
            await (
                StaffToken.filter(staff_id=staff.id, used_at__isnull=True)
                .using_db(conn)
                .update(used_at=now)
            )
            await log_audit(
                actor,
                "staff.deactivated",
                "staff",
                staff.uuid,
                {"active": [True, False]},
                using_db=conn,
            )
    except UserErrors as exc:
        return StaffResult(errors=exc.errors)
    auth_cache.tokens_revoked()
    return StaffResult(staff=staff)
