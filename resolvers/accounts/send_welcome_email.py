"""sendWelcomeEmail (R3.5, R4.6): "Welcome to {organization}" to the client's email.

A welcome mail is one of the mails that may reach an address before it is
verified. When the person already logs in with this address, it links to the client
app. Otherwise - no account yet, an unverified one, or (the TIMP fix of seed 000) an
account that logs in with another address - it carries an invitation link
(invitations.py): following it lets the person in with this address, verified by
following it, and links the record to it (acceptInvite).
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from clientela.settings import Settings
from mailer import outbox
from models.access import Permission
from models.enums import ClientStatus, NotificationType, TokenPurpose
from resolvers.access.actor import Actor, require
from resolvers.accounts.access_help import AccessHelpResult, client_with_account
from resolvers.accounts.account_mail import link, token_ttl
from resolvers.accounts.account_tokens import issue_token
from resolvers.accounts.invitations import invitation_account
from resolvers.activity import log_activity
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.notifications.notifications import queue_account_mail


async def send_welcome_email(
    actor: Actor | None, settings: Settings, client_id: str
) -> AccessHelpResult:
    actor = require(actor, Permission.ACCOUNTS_MANAGE)
    try:
        async with in_transaction("default") as conn:
            client, linked, organization = await client_with_account(
                conn, actor, client_id, account_required=False
            )
            if not client.email:
                raise UserErrors([error(ErrorCode.NO_EMAIL, "The client has no email", "clientId")])
            action_url = f"{settings.app_url}/?organization={organization.slug}"
            invited = None
            if client.status is not ClientStatus.DISABLED:
                invited = await invitation_account(conn, organization, client, linked)
            if invited is not None:
                token = await issue_token(
                    conn,
                    invited,
                    TokenPurpose.INVITE,
                    token_ttl(settings, TokenPurpose.INVITE),
                    organization_id=organization.id,
                    new_email=client.email,
                )
                action_url = link(settings, TokenPurpose.INVITE, organization, token)
            await queue_account_mail(
                conn,
                organization,
                NotificationType.WELCOME,
                to_address=client.email,
                params={"action_url": action_url},
                client=client,
                account_id=invited.id if invited is not None else None,
            )
            await log_activity(
                actor,
                client,
                "account.welcome_sent",
                {"invitation": [None, invited is not None]},
                using_db=conn,
            )
    except UserErrors as exc:
        return AccessHelpResult(errors=exc.errors)
    outbox.nudge()
    return AccessHelpResult(client=client, action="welcome_sent")
