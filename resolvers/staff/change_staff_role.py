"""changeStaffRole (R9.3): an owner or admin gives a staff user another role.

Only an owner grants or takes away the owner role, and the organization keeps at least
one active owner. The change applies to the next request (sessions carry no role of
their own; the in-process auth cache is dropped). Audited.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from models.access import Permission
from models.enums import StaffRole
from resolvers.access.actor import Actor, require
from resolvers.audit import log_audit
from resolvers.errors import UserErrors
from resolvers.staff.staff_lookup import check_owner_rights, keep_an_owner, locked_staff
from resolvers.staff.staff_result import StaffResult


async def change_staff_role(actor: Actor | None, staff_id: str, role: StaffRole) -> StaffResult:
    actor = require(actor, Permission.STAFF_MANAGE)
    try:
        async with in_transaction("default") as conn:
            staff = await locked_staff(conn, actor, staff_id)
            check_owner_rights(actor, staff.role, role)
            old = staff.role
            if old != role:
                if role is not StaffRole.OWNER:
                    await keep_an_owner(conn, staff)
                staff.role = role
                await staff.save(using_db=conn, update_fields=["role"])
                await log_audit(
                    actor,
                    "staff.role_changed",
                    "staff",
                    staff.uuid,
                    {"role": [old.value, role.value]},
                    using_db=conn,
                )
    except UserErrors as exc:
        return StaffResult(errors=exc.errors)
    auth_cache.tokens_revoked()
    return StaffResult(staff=staff)
