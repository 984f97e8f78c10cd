"""sendVerificationReminder (R11.5, seed 002): "verify your email" to every client of a filter
(or of a list of ids) whose account is not verified yet.

Each such client's account gets a fresh verification link at its login email (an account
mail: R3.5 lets it reach an unverified address). Clients without an account, with a
verified one, or disabled are counted as skipped with the reason. One transaction writes
the tokens, the outbox rows and an activity entry per reminded client; mail leaves after
commit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from clientela.settings import Settings
from mailer import outbox
from models import Account, Organization
from models.access import Permission
from models.enums import ClientStatus, SkipReason, TokenPurpose
from resolvers.access.actor import Actor, require
from resolvers.accounts.account_mail import mail_token
from resolvers.activity import log_activity
from resolvers.clients.client_filter import ClientFilter
from resolvers.clients.client_targets import target
from resolvers.errors import ErrorCode, UserError, UserErrors, error

BATCH = 500


@dataclass
class ReminderResult:
    recipients: int = 0
    queued: int = 0
    skipped: Counter[SkipReason] = field(default_factory=Counter)
    errors: list[UserError] = field(default_factory=list)


async def send_verification_reminder(
    actor: Actor | None,
    settings: Settings,
    *,
    client_ids: list[str] | None = None,
    spec: ClientFilter | None = None,
) -> ReminderResult:
    actor = require(actor, Permission.ACCOUNTS_MANAGE, Permission.NOTIFICATIONS_SEND)
    result = ReminderResult()
    try:
        clients = await target(actor, client_ids, spec)
        organization = await Organization.get(id=actor.organization_id)
        if not organization.client_accounts_enabled:
            raise UserErrors(
                [
                    error(
                        ErrorCode.CLIENT_ACCOUNTS_DISABLED,
                        "The organization has no client accounts",
                    )
                ]
            )
    except UserErrors as exc:
        return ReminderResult(errors=exc.errors)
    async with in_transaction("default") as conn:
        last_id = 0
        while True:
            batch = await clients.filter(id__gt=last_id).order_by("id").limit(BATCH).using_db(conn)
            if not batch:
                break
            last_id = batch[-1].id
            accounts = {
                account.id: account
                for account in await Account.filter(
                    id__in=[c.account_id for c in batch if c.account_id]
                ).using_db(conn)
            }
            for client in batch:
                result.recipients += 1
                account = accounts.get(client.account_id) if client.account_id else None
                if client.status is ClientStatus.DISABLED:
                    result.skipped[SkipReason.DISABLED] += 1
                elif account is None:
                    result.skipped[SkipReason.NO_ACCOUNT] += 1
                elif account.verified_at is not None:
                    result.skipped[SkipReason.ALREADY_VERIFIED] += 1
                else:
                    await mail_token(
                        conn,
                        settings,
                        organization,
                        account,
                        TokenPurpose.VERIFY_EMAIL,
                        client=client,
                    )
                    await log_activity(
                        actor, client, "account.verification_reminder_sent", {}, using_db=conn
                    )
                    result.queued += 1
    outbox.nudge()
    return result
