"""The Mutation root: each mutation takes one `input` and returns a payload with `userErrors`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers.access.api_keys import create_api_key, revoke_api_key
from resolvers.access.set_field_label import set_field_label
from resolvers.access.staff_login import staff_login, staff_logout
from resolvers.accounts.inbox import mark_inbox_read
from resolvers.clients.add_note import add_note
from resolvers.clients.create_client import create_client
from resolvers.clients.update_client import UNCHANGED, update_client
from resolvers.loyalty.create_level import create_level
from resolvers.notifications.send_notification import send_notification
from schema.account_links import AccountLinkMutation
from schema.account_mutations import AccountMutation
from schema.context import Info
from schema.corrections import CorrectionMutation
from schema.enums import Channel, SkipReason
from schema.errors import UserError, user_errors
from schema.inputs import (
    AddNoteInput,
    CreateApiKeyInput,
    CreateClientInput,
    CreateLevelInput,
    MarkInboxReadInput,
    NotificationParamsInput,
    RevokeApiKeyInput,
    SendNotificationInput,
    SetFieldLabelInput,
    StaffLoginInput,
    UpdateClientInput,
)
from schema.loyalty_mutations import LoyaltyMutation
from schema.merge import LifecycleMutation, MergeMutation
from schema.order_mutations import OrderMutation
from schema.staff import StaffMutation
from schema.types import ApiKey, Client, FieldLabel, Level, Note, StaffUser, readable

_ERRORS = "Expected failures; empty on success."
_INPUT = strawberry.argument(description="What to do; see the input type.")


@strawberry.type(description="Result of staffLogin.")
class StaffLoginPayload:
    token: str | None = strawberry.field(
        description="Session token for `Authorization: Bearer`; shown only now."
    )
    expires_at: datetime | None = strawberry.field(description="When the token stops working.")
    staff_user: StaffUser | None = strawberry.field(description="Who logged in.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of staffLogout.")
class StaffLogoutPayload:
    revoked: bool = strawberry.field(description="The session token used for this call is revoked.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of createClient.")
class CreateClientPayload:
    client: Client | None = strawberry.field(description="The new client.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of updateClient.")
class UpdateClientPayload:
    client: Client | None = strawberry.field(description="The client as it is now.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of addNote.")
class AddNotePayload:
    note: Note | None = strawberry.field(description="The new note.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of createLevel.")
class CreateLevelPayload:
    level: Level | None = strawberry.field(description="The new level.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of setFieldLabel.")
class SetFieldLabelPayload:
    field_label: FieldLabel | None = strawberry.field(
        description="The label as it is now; null when it was removed."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of createApiKey.")
class CreateApiKeyPayload:
    api_key: ApiKey | None = strawberry.field(description="The new key.")
    secret: str | None = strawberry.field(
        description="The key itself, for `Authorization: Bearer`; shown only now, never again."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of revokeApiKey.")
class RevokeApiKeyPayload:
    api_key: ApiKey | None = strawberry.field(description="The revoked key.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="How many notifications were skipped on a channel for one reason.")
class SkippedCount:
    channel: Channel = strawberry.field(description="The channel.")
    reason: SkipReason = strawberry.field(description="Why.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="Result of sendNotification.")
class SendNotificationPayload:
    recipients: int = strawberry.field(description="Clients the notification was meant for.")
    queued: int = strawberry.field(description="Emails queued for delivery.")
    delivered: int = strawberry.field(description="In-app messages put in inboxes.")
    skipped: list[SkippedCount] = strawberry.field(description="What was not sent, and why.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of markInboxRead.")
class MarkInboxReadPayload:
    updated: int = strawberry.field(description="Messages newly marked as read.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Changes.")
class Mutation(
    AccountMutation,
    LoyaltyMutation,
    OrderMutation,
    MergeMutation,
    LifecycleMutation,
    StaffMutation,
    CorrectionMutation,
    AccountLinkMutation,
):
    @strawberry.mutation(description="Log a staff user in; returns a session token.")
    async def staff_login(
        self, info: Info, input: Annotated[StaffLoginInput, _INPUT]
    ) -> StaffLoginPayload:
        request = info.context.request
        result = await staff_login(
            input.email,
            input.password,
            ttl=info.context.settings.staff_session_ttl,
            client_address=request.client.host if request is not None and request.client else None,
            limits=info.context.limits,
        )
        return StaffLoginPayload(
            token=result.token,
            expires_at=result.expires_at,
            staff_user=result.staff,  # type: ignore[arg-type]
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Revoke the session token used for this call.")
    async def staff_logout(self, info: Info) -> StaffLogoutPayload:
        return StaffLogoutPayload(revoked=await staff_logout(info.context.actor), user_errors=[])

    @strawberry.mutation(description="Create a client record.")
    async def create_client(
        self, info: Info, input: Annotated[CreateClientInput, _INPUT]
    ) -> CreateClientPayload:
        result = await create_client(
            info.context.actor,
            input.client_fields(),
            level_id=None if input.level_id in (None, strawberry.UNSET) else str(input.level_id),
            referred_by_share_code=input.referred_by_share_code,
        )
        return CreateClientPayload(client=result.client, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Change fields of a client record.")
    async def update_client(
        self, info: Info, input: Annotated[UpdateClientInput, _INPUT]
    ) -> UpdateClientPayload:
        level_id = UNCHANGED if input.level_id is strawberry.UNSET else input.level_id
        result = await update_client(
            info.context.actor, str(input.id), input.client_fields(), level_id=level_id
        )
        return UpdateClientPayload(
            client=readable(info, result.client), user_errors=user_errors(result.errors)
        )

    @strawberry.mutation(description="Add a note to a client.")
    async def add_note(self, info: Info, input: Annotated[AddNoteInput, _INPUT]) -> AddNotePayload:
        result = await add_note(info.context.actor, str(input.client_id), input.body)
        return AddNotePayload(note=result.note, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Create a loyalty level.")
    async def create_level(
        self, info: Info, input: Annotated[CreateLevelInput, _INPUT]
    ) -> CreateLevelPayload:
        result = await create_level(info.context.actor, input.name, input.threshold)
        return CreateLevelPayload(level=result.level, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Label a generic field, or remove its label.")
    async def set_field_label(
        self, info: Info, input: Annotated[SetFieldLabelInput, _INPUT]
    ) -> SetFieldLabelPayload:
        result = await set_field_label(info.context.actor, input.field, input.label)
        label = (
            FieldLabel(field=result.generic_field, label=result.label)
            if result.label and not result.errors
            else None
        )
        return SetFieldLabelPayload(field_label=label, user_errors=user_errors(result.errors))

    @strawberry.mutation(description="Create an API key; its secret is in the payload only.")
    async def create_api_key(
        self, info: Info, input: Annotated[CreateApiKeyInput, _INPUT]
    ) -> CreateApiKeyPayload:
        result = await create_api_key(info.context.actor, input.name, list(input.scopes))
        return CreateApiKeyPayload(
            api_key=result.api_key,  # type: ignore[arg-type]
            secret=result.secret,
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Revoke an API key; it stops working at once.")
    async def revoke_api_key(
        self, info: Info, input: Annotated[RevokeApiKeyInput, _INPUT]
    ) -> RevokeApiKeyPayload:
        result = await revoke_api_key(info.context.actor, str(input.id))
        return RevokeApiKeyPayload(api_key=result.api_key, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Send a catalogue notification to clients (R7.2).")
    async def send_notification(
        self,
        info: Info,
        input: Annotated[SendNotificationInput, _INPUT],
    ) -> SendNotificationPayload:
        params = input.params or NotificationParamsInput()
        result = await send_notification(
            info.context.actor,
            input.type,
            list(input.channels),
            client_ids=None if input.client_ids is None else [str(i) for i in input.client_ids],
            spec=None if input.filter is None else input.filter.to_filter(),
            segment_id=None if input.segment_id is None else str(input.segment_id),
            params={k: v for k, v in vars(params).items() if v is not None},
        )
        tally = result.tally
        return SendNotificationPayload(
            recipients=tally.recipients if tally else 0,
            queued=tally.queued if tally else 0,
            delivered=tally.delivered if tally else 0,
            skipped=[
                SkippedCount(channel=channel, reason=reason, count=count)
                for (channel, reason), count in sorted((tally.skipped if tally else {}).items())
            ],
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Client app: mark inbox messages as read.")
    async def mark_inbox_read(
        self,
        info: Info,
        input: Annotated[MarkInboxReadInput, _INPUT],
    ) -> MarkInboxReadPayload:
        ids = None if input.ids is None else [str(i) for i in input.ids]
        result = await mark_inbox_read(info.context.account, ids, everything=input.all)
        return MarkInboxReadPayload(updated=result.updated, user_errors=user_errors(result.errors))
