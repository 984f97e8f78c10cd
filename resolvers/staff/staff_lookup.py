"""Finding a staff user of the caller's organization, and the rule that keeps an owner."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from models import StaffUser
from models.enums import StaffRole
from resolvers.access.actor import Actor
from resolvers.clients.lookup import parse_id
from resolvers.errors import ErrorCode, UserErrors, error


async def locked_staff(conn: BaseDBAsyncClient, actor: Actor, staff_id: str) -> StaffUser:
    uuid = parse_id(staff_id)
    staff = (
        await StaffUser.filter(uuid=uuid, organization_id=actor.organization_id)
        .using_db(conn)
        .select_for_update()
        .first()
        if uuid
        else None
    )
    if staff is None:
        raise UserErrors([error(ErrorCode.NOT_FOUND, "No such staff user", "staffId")])
    return staff


def check_owner_rights(actor: Actor, *roles: StaffRole) -> None:
    """Only an owner grants, changes or removes the owner role (admins manage the rest)."""
    if StaffRole.OWNER in roles and not _is_owner(actor):
        raise UserErrors([error(ErrorCode.INVALID, "Only an owner can manage owners", "role")])


def _is_owner(actor: Actor) -> bool:
    return actor.role is StaffRole.OWNER


async def keep_an_owner(conn: BaseDBAsyncClient, staff: StaffUser) -> None:
    """Refuse a change that would leave the organization without an active owner."""
    if staff.role is not StaffRole.OWNER or not staff.is_active:
        return
    others = (
        await StaffUser.filter(
            organization_id=staff.organization_id, role=StaffRole.OWNER, is_active=True
        )
        .exclude(id=staff.id)
        .using_db(conn)
        .exists()
    )
    if not others:
        raise UserErrors(
            [error(ErrorCode.LAST_OWNER, "The organization needs an owner", "staffId")]
        )
