"""Undeliverable addresses (R11.4): an address the mail server refused permanently.

The mail worker writes the mark (mailer/outbox.py); this module reads it. The mark
belongs to the organization and the address (lower-cased, as `Client.email_key`), not
to a client record: every record of the organization with that address stops getting
mail, and a client whose email changes is no longer affected. Staff clear a mark with
`clearUndeliverableEmail` when the person says the mailbox works again.
"""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.backends.base.client import BaseDBAsyncClient

from models import UndeliverableAddress


async def undeliverable_keys(
    conn: BaseDBAsyncClient | None, organization_id: int, keys: Iterable[str]
) -> frozenset[str]:
    wanted = list({key for key in keys if key})
    if not wanted:
        return frozenset()
    query = UndeliverableAddress.filter(organization_id=organization_id, email_key__in=wanted)
    if conn is not None:
        query = query.using_db(conn)
    return frozenset(row.email_key for row in await query.only("id", "email_key"))
