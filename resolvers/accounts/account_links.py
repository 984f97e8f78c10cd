"""Verification and linking (R3.6, R3.7).

An address counts as verified once the person proves they read its mail: by the
verification link, a one-click login link, or a password reset/setup link. (A
password login alone proves nothing about the address, so it does not verify.)
When an account becomes verified, client records with the same notification email
and no account are linked to it - per organization, and only where that is
unambiguous; otherwise staff link by hand. Emails are unique per organization, so
at most one record of an organization has the address; the ambiguous case left is
an organization where the account already has another record (one record per
organization and account).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Account, Client
from models.enums import ClientStatus
from resolvers.access.actor import Actor
from resolvers.accounts.account_tokens import revoke_sessions
from resolvers.activity import log_activity


async def verify_and_link(conn: BaseDBAsyncClient, account: Account) -> list[Client]:
    """Mark the account verified (if it is not) and link the records R3.7 allows."""
    if account.verified_at is None:
        account.verified_at = datetime.now(UTC)
        await account.save(using_db=conn, update_fields=["verified_at", "updated_at"])
        # Whatever session existed before the address was proved was not proved to be
        # its owner's: end them all (the caller opens a fresh one).
        await revoke_sessions(conn, account.id)
    candidates = (
        await Client.filter(
            email_key=account.email_key,
            account_id__isnull=True,
            status__in=[ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.DISABLED],
        )
        .using_db(conn)
        .select_for_update()
        .order_by("id")
    )
    already: set[int] = {
        client.organization_id
        for client in await Client.filter(account_id=account.id)
        .using_db(conn)
        .only("id", "organization_id")
    }
    by_organization: dict[int, list[Client]] = defaultdict(list)
    for client in candidates:
        by_organization[client.organization_id].append(client)
    linked = []
    for organization_id, matches in by_organization.items():
        if len(matches) != 1 or organization_id in already:
            continue
        (client,) = matches
        client.account_id = account.id
        await client.save(using_db=conn, update_fields=["account_id"])
        await log_activity(
            Actor.system(organization_id),
            client,
            "account.linked",
            {"account": [None, str(account.uuid)]},
            using_db=conn,
        )
        linked.append(client)
    return linked
