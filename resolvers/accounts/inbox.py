"""The in-app inbox of an account (R7.5): what the client app reads and marks as read.

Only the account's own session reaches it; messages of every organization the
person is a client of are in one inbox, each saying which organization sent it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from models import InboxMessage
from resolvers.access.actor import AccountCaller, require_account
from resolvers.clients.lookup import parse_id
from resolvers.errors import ErrorCode, UserError, error
from resolvers.pagination import Page, SortKey, paginate

NEWEST_FIRST = SortKey("i-", ("created_at",), descending=True)
MAX_MARK = 100


async def list_inbox(
    caller: AccountCaller | None, *, unread_only: bool, first: int | None, after: str | None
) -> Page[InboxMessage]:
    caller = require_account(caller)
    query = InboxMessage.filter(account_id=caller.account_id).select_related("organization")
    if unread_only:
        query = query.filter(read_at__isnull=True)
    return await paginate(query, NEWEST_FIRST, first=first, after_cursor=after)


@dataclass
class MarkReadResult:
    updated: int = 0
    errors: list[UserError] = field(default_factory=list)


async def mark_inbox_read(
    caller: AccountCaller | None, ids: list[str] | None, *, everything: bool
) -> MarkReadResult:
    caller = require_account(caller)
    query = InboxMessage.filter(account_id=caller.account_id, read_at__isnull=True)
    if not everything:
        if not ids or len(ids) > MAX_MARK:
            return MarkReadResult(
                errors=[
                    error(ErrorCode.OUT_OF_RANGE, f"Give 1 to {MAX_MARK} ids, or all", "messageIds")
                ]
            )
        query = query.filter(uuid__in=[u for u in (parse_id(i) for i in ids) if u is not None])
    updated = await query.update(read_at=datetime.now(UTC))
    return MarkReadResult(updated=updated)
