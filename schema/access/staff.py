"""GraphQL surface of staff management (R9.3): invite, accept, change role, deactivate."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models import StaffUser as StaffUserRow
from models.access import Permission
from resolvers.access.actor import require
from resolvers.staff import accept_staff_invite, change_staff_role, deactivate_staff, invite_staff
from resolvers.staff.staff_result import StaffResult
from schema.access.types import StaffUser
from schema.context import Info
from schema.enums import StaffRole
from schema.errors import UserError, user_errors

_ERRORS = "Expected failures; empty on success."
_INPUT = strawberry.argument(description="What to do; see the input type.")


@strawberry.input(description="Someone to invite to the console; a set-password link is mailed.")
class InviteStaffInput:
    email: str = strawberry.field(description="Their email: their login, unique platform-wide.")
    name: str = strawberry.field(description="Display name (≤ 200).")
    role: StaffRole = strawberry.field(description="Role; only an owner invites an owner.")


@strawberry.input(description="The invitation link's token and the password chosen.")
class AcceptStaffInviteInput:
    token: str = strawberry.field(description="The token of the invitation link.")
    password: str = strawberry.field(description="8 to 128 characters, not the email, not common.")


@strawberry.input(description="A staff user's new role.")
class ChangeStaffRoleInput:
    staff_id: strawberry.ID = strawberry.field(description="The staff user.")
    role: StaffRole = strawberry.field(description="The new role.")


@strawberry.input(description="The staff user to deactivate.")
class DeactivateStaffInput:
    staff_id: strawberry.ID = strawberry.field(description="The staff user.")


@strawberry.type(description="Result of a staff-management mutation.")
class StaffPayload:
    staff_user: StaffUser | None = strawberry.field(description="The staff user as it is now.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of acceptStaffInvite.")
class AcceptStaffInvitePayload:
    token: str | None = strawberry.field(
        description="Console session token for `Authorization: Bearer`; shown only now."
    )
    staff_user: StaffUser | None = strawberry.field(description="Who joined.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


def _payload(result: StaffResult) -> StaffPayload:
    return StaffPayload(staff_user=result.staff, user_errors=user_errors(result.errors))  # type: ignore[arg-type]


def _address(info: Info) -> str | None:
    request = info.context.request
    return request.client.host if request is not None and request.client else None


@strawberry.type(description="Staff queries.")
class StaffQuery:
    @strawberry.field(description="The organization's staff users, active ones (owners, admins).")
    async def staff_users(self, info: Info) -> list[StaffUser] | None:
        actor = require(info.context.actor, Permission.STAFF_MANAGE)
        return await StaffUserRow.filter(  # type: ignore[return-value]
            organization_id=actor.organization_id, is_active=True
        ).order_by("name", "id")


@strawberry.type(description="Staff management (owners and admins; every change audited).")
class StaffMutation:
    @strawberry.mutation(description="Invite someone to the console by email (set-password link).")
    async def invite_staff(
        self, info: Info, input: Annotated[InviteStaffInput, _INPUT]
    ) -> StaffPayload:
        return _payload(
            await invite_staff.invite_staff(
                info.context.actor, info.context.settings, input.email, input.name, input.role
            )
        )

    @strawberry.mutation(description="The invited person sets a password; opens a session.")
    async def accept_staff_invite(
        self, info: Info, input: Annotated[AcceptStaffInviteInput, _INPUT]
    ) -> AcceptStaffInvitePayload:
        result = await accept_staff_invite.accept_staff_invite(
            info.context.settings,
            input.token,
            input.password,
            client_address=_address(info),
            limits=info.context.limits,
        )
        return AcceptStaffInvitePayload(
            token=result.token,
            staff_user=result.staff,  # type: ignore[arg-type]
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Give a staff user another role (owners alone manage owners).")
    async def change_staff_role(
        self, info: Info, input: Annotated[ChangeStaffRoleInput, _INPUT]
    ) -> StaffPayload:
        return _payload(
            await change_staff_role.change_staff_role(
                info.context.actor, str(input.staff_id), input.role
            )
        )

    @strawberry.mutation(description="Remove a staff user's access; their sessions end at once.")
    async def deactivate_staff(
        self, info: Info, input: Annotated[DeactivateStaffInput, _INPUT]
    ) -> StaffPayload:
        return _payload(
            await deactivate_staff.deactivate_staff(info.context.actor, str(input.staff_id))
        )
