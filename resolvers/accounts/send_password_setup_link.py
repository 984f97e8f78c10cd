"""sendPasswordSetupLink (R3.9): the default alternative to assigning a password.

A one-time link to the account's login email lets the person choose a password
themselves; it expires like a reset link and using it verifies the email.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from clientela.settings import Settings
from mailer import outbox
from models.access import Permission
from models.enums import TokenPurpose
from resolvers.access.actor import Actor, require
from resolvers.accounts.access_help import AccessHelpResult, client_with_account
from resolvers.accounts.account_mail import mail_token
from resolvers.activity import log_activity
from resolvers.errors import UserErrors


async def send_password_setup_link(
    actor: Actor | None, settings: Settings, client_id: str
) -> AccessHelpResult:
    actor = require(actor, Permission.ACCOUNTS_MANAGE)
    try:
        async with in_transaction("default") as conn:
            client, account, organization = await client_with_account(
                conn, actor, client_id, account_required=True
            )
            assert account is not None
            await mail_token(
                conn, settings, organization, account, TokenPurpose.PASSWORD_RESET, client=client
            )
            await log_activity(actor, client, "account.password_setup_link_sent", {}, using_db=conn)
    except UserErrors as exc:
        return AccessHelpResult(errors=exc.errors)
    outbox.nudge()
    return AccessHelpResult(client=client, action="password_setup_link_sent")
