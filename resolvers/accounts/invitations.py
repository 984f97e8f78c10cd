"""Invitations into the client app at a record's notification email (R4.6, R3.5).

A welcome mail is the documented end of the TIMP fix (seed 000): the record now has
the right notification email, but its linked account may still log in with the old
one, or there may be no account at all. Then the welcome carries an invitation link
instead of a bare link to the app: an INVITE token for the account of that address
(created, unverified and without a password, when nobody has one yet). Following the
link (acceptInvite) proves the address, lets the person set a password, and links
the record to that account in place of the old one.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Account, Client, Organization
from models.client import email_key


def needs_invitation(client: Client, account: Account | None) -> bool:
    """Whether the person cannot yet get into the app with the record's notification email."""
    if not client.email:
        return False
    if account is None:
        return True
    return account.email_key != email_key(client.email) or account.verified_at is None


async def invitation_account(
    conn: BaseDBAsyncClient, organization: Organization, client: Client, linked: Account | None
) -> Account | None:
    """The account an invitation for this record is issued to, or None when none is needed."""
    if not organization.client_accounts_enabled or not needs_invitation(client, linked):
        return None
    assert client.email is not None
    key = email_key(client.email)
    existing = await Account.filter(email_key=key).using_db(conn).select_for_update().first()
    if existing is not None:
        return existing
    try:
        async with in_transaction("default") as savepoint:
            return await Account.create(
                email=client.email,
                email_key=key,
                password_hash=None,
                first_name=client.first_name,
                last_name=client.last_name,
                locale=client.locale,
                using_db=savepoint,
            )
    except IntegrityError:  # a sign-up with this address won the race: invite that account
        return await Account.filter(email_key=key).using_db(conn).get()
