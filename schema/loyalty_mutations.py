"""Mutations of loyalty, tags, segments and organization settings."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.access.update_organization_settings import update_organization_settings
from resolvers.loyalty import add_points, change_level, record_purchase, send_gift
from resolvers.segments import change_tags, segments
from schema.context import Info
from schema.errors import UserError, user_errors
from schema.loyalty_inputs import (
    AddPointsInput,
    ChangeLevelInput,
    ChangeTagsInput,
    CreateSegmentInput,
    DeleteSegmentInput,
    RecordBookingInput,
    RecordPurchaseInput,
    SendGiftInput,
    UpdateOrganizationSettingsInput,
    UpdateSegmentInput,
)
from schema.loyalty_types import Booking, PointsEntry, Purchase, Segment
from schema.types import Client, Organization, Tag, orm, readable

_ERRORS = "Expected failures; empty on success."
_INPUT = strawberry.argument(description="What to do; see the input type.")


@strawberry.type(description="Result of addPoints.")
class AddPointsPayload:
    entry: PointsEntry | None = strawberry.field(
        description="The ledger entry (the first one, on a retry)."
    )
    client: Client | None = strawberry.field(description="The client, with the new balance.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of a change to one client.")
class ClientPayload:
    client: Client | None = strawberry.field(description="The client as it is now.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of recordPurchase.")
class RecordPurchasePayload:
    purchase: Purchase | None = strawberry.field(description="The purchase.")
    client: Client | None = strawberry.field(description="The client.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of recordBooking.")
class RecordBookingPayload:
    booking: Booking | None = strawberry.field(description="The booking.")
    client: Client | None = strawberry.field(description="The client.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of addTags or removeTags.")
class ChangeTagsPayload:
    changed: int = strawberry.field(description="Clients that gained or lost a tag.")
    tags: list[Tag] = strawberry.field(description="The tags concerned.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of a change to a segment.")
class SegmentPayload:
    segment: Segment | None = strawberry.field(description="The segment.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of updateOrganizationSettings.")
class OrganizationPayload:
    organization: Organization = strawberry.field(description="The organization as it is now.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Loyalty and segment mutations.")
class LoyaltyMutation:
    @strawberry.mutation(description="Add or redeem points (R5.1).")
    async def add_points(
        self, info: Info, input: Annotated[AddPointsInput, _INPUT]
    ) -> AddPointsPayload:
        result = await add_points.add_points(
            info.context.actor,
            str(input.client_id),
            input.amount,
            input.reason,
            idempotency_key=input.idempotency_key,
            expires_at=input.expires_at,
        )
        return AddPointsPayload(
            entry=orm(result.entry),
            client=readable(info, result.client),
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Set a client's level by hand (R5.2).")
    async def change_level(
        self, info: Info, input: Annotated[ChangeLevelInput, _INPUT]
    ) -> ClientPayload:
        result = await change_level.change_level(
            info.context.actor,
            str(input.client_id),
            None if input.level_id is None else str(input.level_id),
        )
        return ClientPayload(
            client=readable(info, result.client), user_errors=user_errors(result.errors)
        )

    @strawberry.mutation(description="Record a purchase; a paid one may earn points.")
    async def record_purchase(
        self, info: Info, input: Annotated[RecordPurchaseInput, _INPUT]
    ) -> RecordPurchasePayload:
        result = await record_purchase.record_purchase(
            info.context.actor,
            str(input.client_id),
            amount=input.amount,
            currency=input.currency,
            status=input.status,
            value_date=input.value_date,
            description=input.description,
            points_earned=input.points_earned,
            external_id=input.external_id,
        )
        return RecordPurchasePayload(
            purchase=orm(result.record),
            client=readable(info, result.client),
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Record a booking.")
    async def record_booking(
        self, info: Info, input: Annotated[RecordBookingInput, _INPUT]
    ) -> RecordBookingPayload:
        result = await record_purchase.record_booking(
            info.context.actor,
            str(input.client_id),
            activity=input.activity,
            starts_at=input.starts_at,
            status=input.status,
            external_id=input.external_id,
        )
        return RecordBookingPayload(
            booking=orm(result.record),
            client=readable(info, result.client),
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(
        description="Give points, a gift card or a membership, and tell the client (R5.4)."
    )
    async def send_gift(self, info: Info, input: Annotated[SendGiftInput, _INPUT]) -> ClientPayload:
        card = input.gift_card
        membership = input.membership
        result = await send_gift.send_gift(
            info.context.actor,
            str(input.client_id),
            points=input.points,
            gift_card=send_gift.GiftCardSpec(card.amount, card.currency, card.expires_on)
            if card
            else None,
            membership=(
                send_gift.MembershipSpec(membership.name, membership.starts_on, membership.ends_on)
                if membership
                else None
            ),
            message=input.message,
        )
        return ClientPayload(
            client=readable(info, result.client), user_errors=user_errors(result.errors)
        )

    @strawberry.mutation(description="Add tags to clients or to every client of a filter (R6.1).")
    async def add_tags(
        self, info: Info, input: Annotated[ChangeTagsInput, _INPUT]
    ) -> ChangeTagsPayload:
        return await _tags(info, input, add=True)

    @strawberry.mutation(
        description="Remove tags from clients or from every client of a filter (R6.1)."
    )
    async def remove_tags(
        self, info: Info, input: Annotated[ChangeTagsInput, _INPUT]
    ) -> ChangeTagsPayload:
        return await _tags(info, input, add=False)

    @strawberry.mutation(description="Save a named filter (R6.3).")
    async def create_segment(
        self, info: Info, input: Annotated[CreateSegmentInput, _INPUT]
    ) -> SegmentPayload:
        result = await segments.create_segment(
            info.context.actor, input.name, input.filter.to_filter()
        )
        return SegmentPayload(segment=result.segment, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Rename a segment or change its filter.")
    async def update_segment(
        self, info: Info, input: Annotated[UpdateSegmentInput, _INPUT]
    ) -> SegmentPayload:
        result = await segments.update_segment(
            info.context.actor,
            str(input.id),
            name=input.name,
            spec=input.filter.to_filter() if input.filter else None,
        )
        return SegmentPayload(segment=result.segment, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Delete a segment (its clients are not touched).")
    async def delete_segment(
        self, info: Info, input: Annotated[DeleteSegmentInput, _INPUT]
    ) -> SegmentPayload:
        result = await segments.delete_segment(info.context.actor, str(input.id))
        return SegmentPayload(segment=result.segment, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Change the organization's settings.")
    async def update_organization_settings(
        self, info: Info, input: Annotated[UpdateOrganizationSettingsInput, _INPUT]
    ) -> OrganizationPayload:
        organization = await update_organization_settings(
            info.context.actor,
            level_mode=input.level_mode,
            client_accounts_enabled=input.client_accounts_enabled,
            staff_password_assignment=input.staff_password_assignment,
        )
        return OrganizationPayload(organization=organization, user_errors=[])  # type: ignore[arg-type]


async def _tags(info: Info, input: ChangeTagsInput, *, add: bool) -> ChangeTagsPayload:
    result = await change_tags.change_tags(
        info.context.actor,
        list(input.tags),
        add=add,
        client_ids=None if input.client_ids is None else [str(i) for i in input.client_ids],
        spec=input.filter.to_filter() if input.filter else None,
    )
    return ChangeTagsPayload(
        changed=result.changed, tags=orm(result.tags), user_errors=user_errors(result.errors)
    )
