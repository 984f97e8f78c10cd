"""Who is calling: the organization and the permissions that their token grants (R9.1)."""

from __future__ import annotations

from dataclasses import dataclass

from models import StaffUser
from models.access import ROLE_PERMISSIONS, Permission
from models.enums import ActorType, StaffRole
from resolvers.errors import PermissionDenied, Unauthenticated


@dataclass(frozen=True)
class Actor:
    type: ActorType
    id: int | None
    name: str
    organization_id: int
    permissions: frozenset[Permission]
    session_id: int | None = None
    role: StaffRole | None = None  # for staff: owners alone manage owners (R9.3)

    def require(self, *permissions: Permission) -> Actor:
        missing = [p for p in permissions if p not in self.permissions]
        if missing:
            raise PermissionDenied(f"This operation needs the permission {missing[0].value}")
        return self

    @classmethod
    def for_staff(cls, staff: StaffUser, session_id: int | None = None) -> Actor:
        return cls(
            type=ActorType.STAFF,
            id=staff.id,
            name=staff.name,
            organization_id=staff.organization_id,
            permissions=ROLE_PERMISSIONS[staff.role],
            session_id=session_id,
            role=staff.role,
        )

    @classmethod
    def system(cls, organization_id: int) -> Actor:
        return cls(
            type=ActorType.SYSTEM,
            id=None,
            name="system",
            organization_id=organization_id,
            permissions=frozenset(Permission),
        )


@dataclass(frozen=True)
class AccountCaller:
    """A person using the client app with their own account (not staff, not a key)."""

    account_id: int
    session_id: int


def require_account(caller: AccountCaller | None) -> AccountCaller:
    if caller is None:
        raise Unauthenticated("Log in to the client app: send Authorization: Bearer <token>")
    return caller


def require(actor: Actor | None, *permissions: Permission) -> Actor:
    """The first step of every resolver: who is this, and may they?"""
    if actor is None:
        raise Unauthenticated("Authentication required: send Authorization: Bearer <token>")
    return actor.require(*permissions)
