"""The person's own account: what the client app shows, and the channel switches (R3.4, R3.5)."""

from __future__ import annotations

from models import Account
from resolvers.access.actor import AccountCaller, require_account


async def my_account(caller: AccountCaller | None) -> Account:
    caller = require_account(caller)
    return await Account.get(id=caller.account_id)


async def set_notification_channels(
    caller: AccountCaller | None, *, email: bool | None, in_app: bool | None
) -> Account:
    """A person switches email or in-app notifications off (or on again)."""
    caller = require_account(caller)
    account = await Account.get(id=caller.account_id)
    changed = []
    if email is not None:
        account.email_notifications = email
        changed.append("email_notifications")
    if in_app is not None:
        account.in_app_notifications = in_app
        changed.append("in_app_notifications")
    if changed:
        await account.save(update_fields=[*changed, "updated_at"])
    return account
