"""GraphQL surface of the links between client records and accounts (R3.7, R4.6, R11.5):
accepting an invitation, linking and unlinking by hand, the bulk verification reminder."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.accounts import (
    accept_invite,
    link_client_account,
    send_verification_reminder,
    unlink_client_account,
)
from resolvers.accounts.access_help import AccessHelpResult
from schema.accounts.types import Account
from schema.clients.inputs import ClientFilterInput
from schema.clients.types import Client
from schema.context import Info
from schema.enums import SkipReason
from schema.errors import UserError, user_errors

_ERRORS = "Expected failures; empty on success."
_INPUT = strawberry.argument(description="What to do; see the input type.")


@strawberry.input(description="The token of a welcome or invitation link, and a password.")
class AcceptInviteInput:
    token: str = strawberry.field(description="The token of the link.")
    password: str | None = strawberry.field(
        default=None,
        description="A password to set (8 to 128 characters); omitted: the link only logs in.",
    )


@strawberry.input(description="The client whose account link to change.")
class ClientAccountLinkInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")


@strawberry.input(description="Who gets the reminder: listed clients or every client of a filter.")
class SendVerificationReminderInput:
    client_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="These clients (1 to 1000)."
    )
    filter: ClientFilterInput | None = strawberry.field(
        default=None, description="Every client matching this filter."
    )


@strawberry.type(description="Result of acceptInvite: the person is in, with this address.")
class AcceptInvitePayload:
    token: str | None = strawberry.field(
        description="Client-app session token for `Authorization: Bearer`; shown only now."
    )
    account: Account | None = strawberry.field(description="The account, verified.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of linkClientAccount or unlinkClientAccount.")
class ClientAccountLinkPayload:
    client: Client | None = strawberry.field(description="The client as it is now.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="How many reminders were skipped for one reason.")
class ReminderSkipped:
    reason: SkipReason = strawberry.field(description="Why.")
    count: int = strawberry.field(description="How many clients.")


@strawberry.type(description="Result of sendVerificationReminder.")
class SendVerificationReminderPayload:
    recipients: int = strawberry.field(description="Clients targeted.")
    queued: int = strawberry.field(description="Reminders queued (accounts not verified).")
    skipped: list[ReminderSkipped] = strawberry.field(description="Not sent, and why.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


def _address(info: Info) -> str | None:
    request = info.context.request
    return request.client.host if request is not None and request.client else None


def _link(result: AccessHelpResult) -> ClientAccountLinkPayload:
    return ClientAccountLinkPayload(client=result.client, user_errors=user_errors(result.errors))  # type: ignore[arg-type]


@strawberry.type(description="Account links (R3.7, R4.6, R11.5).")
class AccountLinkMutation:
    @strawberry.mutation(
        description="Client app: follow a welcome/invitation link; verifies the address, "
        "optionally sets a password, links the record to this address's account, logs in."
    )
    async def accept_invite(
        self, info: Info, input: Annotated[AcceptInviteInput, _INPUT]
    ) -> AcceptInvitePayload:
        result = await accept_invite.accept_invite(
            info.context.settings,
            input.token,
            input.password,
            client_address=_address(info),
            limits=info.context.limits,
        )
        return AcceptInvitePayload(
            token=result.session_token,
            account=result.account if result.session_token else None,  # type: ignore[arg-type]
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(
        description="Link a client to the verified account of its notification email (R3.7)."
    )
    async def link_client_account(
        self, info: Info, input: Annotated[ClientAccountLinkInput, _INPUT]
    ) -> ClientAccountLinkPayload:
        return _link(
            await link_client_account.link_client_account(info.context.actor, str(input.client_id))
        )

    @strawberry.mutation(description="Unlink a client from its account; the account stays valid.")
    async def unlink_client_account(
        self, info: Info, input: Annotated[ClientAccountLinkInput, _INPUT]
    ) -> ClientAccountLinkPayload:
        return _link(
            await unlink_client_account.unlink_client_account(
                info.context.actor, str(input.client_id)
            )
        )

    @strawberry.mutation(
        description='Send "verify your email" to every targeted client whose account is not '
        "verified (seed 002)."
    )
    async def send_verification_reminder(
        self, info: Info, input: Annotated[SendVerificationReminderInput, _INPUT]
    ) -> SendVerificationReminderPayload:
        result = await send_verification_reminder.send_verification_reminder(
            info.context.actor,
            info.context.settings,
            client_ids=[str(i) for i in input.client_ids] if input.client_ids is not None else None,
            spec=input.filter.to_filter() if input.filter is not None else None,
        )
        return SendVerificationReminderPayload(
            recipients=result.recipients,
            queued=result.queued,
            skipped=[
                ReminderSkipped(reason=reason, count=count)
                for reason, count in sorted(result.skipped.items())
            ],
            user_errors=user_errors(result.errors),
        )
