"""sendWelcomeEmail (R3.5, R4.6): "Welcome to {organization}" to the client's email.

A welcome mail is one of the mails that may reach an address before it is
verified; it links to the client app, where the person can log in or sign up.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from clientela.settings import Settings
from mailer import outbox
from models.access import Permission
from models.enums import NotificationType
from resolvers.access.actor import Actor, require
from resolvers.accounts.access_help import AccessHelpResult, client_with_account
from resolvers.activity import log_activity
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.notifications.notifications import queue_account_mail


async def send_welcome_email(
    actor: Actor | None, settings: Settings, client_id: str
) -> AccessHelpResult:
    actor = require(actor, Permission.ACCOUNTS_MANAGE)
    try:
        async with in_transaction("default") as conn:
            client, _account, organization = await client_with_account(
                conn, actor, client_id, account_required=False
            )
            if not client.email:
                raise UserErrors([error(ErrorCode.NO_EMAIL, "The client has no email", "clientId")])
            await queue_account_mail(
                conn,
                organization,
                NotificationType.WELCOME,
                to_address=client.email,
                params={"action_url": f"{settings.app_url}/?organization={organization.slug}"},
                client=client,
            )
            await log_activity(actor, client, "account.welcome_sent", {}, using_db=conn)
    except UserErrors as exc:
        return AccessHelpResult(errors=exc.errors)
    outbox.nudge()
    return AccessHelpResult(client=client, action="welcome_sent")
