"""The client app's own reads and its inbox (R7.5)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.accounts import account_preferences, inbox
from resolvers.accounts.inbox import mark_inbox_read
from schema.accounts.inputs import MarkInboxReadInput
from schema.accounts.types import Account, InboxMessage
from schema.common import After, Connection, First
from schema.context import Info
from schema.errors import ERRORS, INPUT, UserError, user_errors


@strawberry.type(description="Result of markInboxRead.")
class MarkInboxReadPayload:
    updated: int = strawberry.field(description="Messages newly marked as read.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="The client app's inbox.")
class InboxMutation:
    @strawberry.mutation(description="Client app: mark inbox messages as read.")
    async def mark_inbox_read(
        self,
        info: Info,
        input: Annotated[MarkInboxReadInput, INPUT],
    ) -> MarkInboxReadPayload:
        ids = None if input.message_ids is None else [str(i) for i in input.message_ids]
        result = await mark_inbox_read(info.context.account, ids, everything=input.all)
        return MarkInboxReadPayload(updated=result.updated, user_errors=user_errors(result.errors))


@strawberry.type(description="What the client app reads.")
class AccountQuery:
    @strawberry.field(description="Client app: the inbox of the logged-in account, newest first.")
    async def inbox(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        unread_only: Annotated[
            bool, strawberry.argument(description="Only unread messages.")
        ] = False,
    ) -> Connection[InboxMessage] | None:
        page = await inbox.list_inbox(
            info.context.account, unread_only=unread_only, first=first, after=after
        )
        return Connection.from_page(page)

    @strawberry.field(description="Client app: the logged-in person's account.")
    async def my_account(self, info: Info) -> Account | None:
        return await account_preferences.my_account(info.context.account)  # type: ignore[return-value]
