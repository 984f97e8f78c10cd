"""inviteStaff (R9.3): an owner or admin invites someone to the console by email.

The staff user is created with the role given and no usable password; a set-password
link (a one-time staff token, like the account tokens: digest stored, single use,
expiring) goes to the address in the organization's language. Following it
(acceptStaffInvite) sets the password and opens a console session. Only an owner can
invite an owner. Staff emails are unique across the platform. Audited.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from clientela.settings import Settings
from mailer import outbox
from models import Organization, StaffUser
from models.access import Permission
from models.enums import NotificationType, StaffRole
from resolvers.access.actor import Actor, require
from resolvers.audit import log_audit
from resolvers.clients.client_fields import Invalid, clean_email, required_line
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.notifications.notifications import queue_account_mail
from resolvers.staff.staff_lookup import check_owner_rights
from resolvers.staff.staff_result import StaffResult
from resolvers.staff.staff_tokens import INVITE, console_link, issue_staff_token

IN_USE = error(ErrorCode.STAFF_EMAIL_IN_USE, "A staff user has this email", "email")
NO_PASSWORD = ""  # never a valid argon2 hash: nobody logs in before setting one


async def invite_staff(
    actor: Actor | None, settings: Settings, email: str, name: str, role: StaffRole
) -> StaffResult:
    actor = require(actor, Permission.STAFF_MANAGE)
    errors = []
    address = None
    try:
        address = clean_email(email)
    except Invalid as exc:
        errors.append(error(exc.code, exc.message, "email"))
    else:
        if address is None:
            errors.append(error(ErrorCode.REQUIRED, "Give an email", "email"))
    clean_name, name_error = required_line(name, 200, "name", "A staff user")
    if name_error:
        errors.append(name_error)
    try:
        check_owner_rights(actor, role)
    except UserErrors as exc:
        errors += exc.errors
    if errors or address is None or clean_name is None:
        return StaffResult(errors=errors)
    address = address.lower()
    try:
        async with in_transaction("default") as conn:
            if await StaffUser.filter(email=address).using_db(conn).exists():
                raise UserErrors([IN_USE])
            staff = await StaffUser.create(
                organization_id=actor.organization_id,
                email=address,
                name=clean_name,
                role=role,
                password_hash=NO_PASSWORD,
                using_db=conn,
            )
            token = await issue_staff_token(conn, staff, INVITE, settings.verify_token_ttl)
            organization = await Organization.filter(id=actor.organization_id).using_db(conn).get()
            await queue_account_mail(
                conn,
                organization,
                NotificationType.STAFF_INVITE,
                to_address=address,
                params={"action_url": console_link(settings, "accept-invite", token)},
            )
            await log_audit(
                actor,
                "staff.invited",
                "staff",
                staff.uuid,
                {"role": [None, role.value]},
                using_db=conn,
            )
    except UserErrors as exc:
        return StaffResult(errors=exc.errors)
    except IntegrityError:  # invited by someone else meanwhile
        return StaffResult(errors=[IN_USE])
    outbox.nudge()
    return StaffResult(staff=staff)
