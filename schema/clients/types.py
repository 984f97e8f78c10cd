"""The client record (the client card, PRODUCT.md §2) and what hangs on it: notes and activity."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

import models
from resolvers.pagination import check_first, make_cursor, paginate
from schema.access.types import Level, Tag
from schema.accounts.types import Account
from schema.common import NEWEST_FIRST, After, Connection, First, nested, public_id
from schema.consent import ClientConsentFields
from schema.context import Info
from schema.enums import ActorType, ClientStatus, Gender, IdentificationType
from schema.loaders import PerClient
from schema.notifications import Notification
from schema.sources import TABLES, Related, from_sources

if TYPE_CHECKING:
    from schema.loyalty.orders import GiftList, Order
    from schema.loyalty.types import Booking, GiftCard, Membership, PointsEntry, Purchase


@from_sources
@strawberry.type(description="A note staff keep on a client.")
class Note:
    id: strawberry.ID = strawberry.field(resolver=public_id)
    body: str = strawberry.field(description="The text.")
    author_type: ActorType = strawberry.field(description="Who wrote it.")
    author_name: str = strawberry.field(description="Name of the staff user or API key.")
    created_at: datetime = strawberry.field(description="When it was written.")


@strawberry.type(description="One field changed by an activity.")
class FieldChange:
    field: str = strawberry.field(description="The GraphQL name of the field.")
    old_value: JSON | None = strawberry.field(description="Value before the change.")
    new_value: JSON | None = strawberry.field(description="Value after the change.")


@from_sources
@strawberry.type(description="An entry of a client's activity log: who changed what, when.")
class ActivityEntry:
    action: str = strawberry.field(description="What happened, e.g. client.updated.")
    actor_type: ActorType = strawberry.field(description="Who did it.")
    actor_name: str = strawberry.field(description="Name of the staff user or API key.")
    created_at: datetime = strawberry.field(description="When.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.ActivityEntry]) -> strawberry.ID:
        return strawberry.ID(str(parent.id))

    @strawberry.field
    @staticmethod
    def changes(parent: strawberry.Parent[models.ActivityEntry]) -> list[FieldChange]:
        return [
            FieldChange(field=name, old_value=old, new_value=new)
            for name, (old, new) in sorted(parent.changes.items())
        ]


def per_client(field: str) -> PerClient:
    """The model a per-client list reads, from its description (`schema.sources`): the
    compiled path reads the same one."""
    source = TABLES["Client"].fields[field]
    assert isinstance(source, Related)
    return source.model  # type: ignore[return-value]


@from_sources
@strawberry.type(description="The organization's record of one person (the client card).")
class Client(ClientConsentFields):
    first_name: str = strawberry.field(description="First name.")
    last_name: str = strawberry.field(description="Last name.")
    email: str | None = strawberry.field(
        description="Notification email, normalised (trimmed, lower-cased domain)."
    )
    phone: str | None = strawberry.field(description="Phone number in E.164.")
    identification_type: IdentificationType | None = strawberry.field(
        description="Kind of identity document."
    )
    identification_number: str | None = strawberry.field(description="Identity document number.")
    external_id: str | None = strawberry.field(
        description="The partner's own id; unique in the organization."
    )
    gender: Gender | None = strawberry.field(description="Gender.")
    city: str | None = strawberry.field(description="City of residence.")
    birthday: date | None = strawberry.field(description="Date of birth.")
    locale: str | None = strawberry.field(description="Language for mail: it, es or en.")
    points: int = strawberry.field(description="Loyalty points balance.")
    registered_at: datetime = strawberry.field(description="When the client registered.")
    registration_code: str | None = strawberry.field(description="Code given at registration.")
    share_code: str = strawberry.field(
        description="Referral code the client shares; unique in the organization."
    )
    text1: str | None = strawberry.field(description="Generic text field 1 (see fieldLabels).")
    text2: str | None = strawberry.field(description="Generic text field 2.")
    text3: str | None = strawberry.field(description="Generic text field 3.")
    text4: str | None = strawberry.field(description="Generic text field 4.")
    text5: str | None = strawberry.field(description="Generic text field 5.")
    int1: int | None = strawberry.field(description="Generic integer field 1.")
    int2: int | None = strawberry.field(description="Generic integer field 2.")
    int3: int | None = strawberry.field(description="Generic integer field 3.")
    int4: int | None = strawberry.field(description="Generic integer field 4.")
    int5: int | None = strawberry.field(description="Generic integer field 5.")
    date1: date | None = strawberry.field(description="Generic date field 1.")
    date2: date | None = strawberry.field(description="Generic date field 2.")
    status: ClientStatus = strawberry.field(description="Lifecycle status.")
    level_set_manually: bool = strawberry.field(
        description="The level was set by hand rather than reached by points."
    )
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.Client]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field
    @staticmethod
    async def level(parent: strawberry.Parent[models.Client], info: Info) -> Level | None:
        if parent.level_id is None:
            return None
        return await info.context.loaders.level.load(parent.level_id)  # type: ignore[return-value]

    @strawberry.field
    @staticmethod
    async def account(parent: strawberry.Parent[models.Client], info: Info) -> Account | None:
        if parent.account_id is None:
            return None
        return await info.context.loaders.account.load(parent.account_id)  # type: ignore[return-value]

    @strawberry.field
    @staticmethod
    async def tags(parent: strawberry.Parent[models.Client], info: Info) -> list[Tag]:
        return await info.context.loaders.tags.load(parent.id)  # type: ignore[return-value]

    @strawberry.field
    @staticmethod
    async def notes(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Note]:
        return await nested(info, per_client("notes"), parent.id, first, after)

    @strawberry.field
    @staticmethod
    async def activity(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[ActivityEntry]:
        return await nested(info, per_client("activity"), parent.id, first, after)

    @strawberry.field
    @staticmethod
    async def points_history(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[PointsEntry, strawberry.lazy("schema.loyalty.types")]]:
        return await nested(info, per_client("pointsHistory"), parent.id, first, after)

    @strawberry.field
    @staticmethod
    async def purchases(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[Purchase, strawberry.lazy("schema.loyalty.types")]]:
        return await nested(info, per_client("purchases"), parent.id, first, after)

    @strawberry.field
    @staticmethod
    async def bookings(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[Booking, strawberry.lazy("schema.loyalty.types")]]:
        return await nested(info, per_client("bookings"), parent.id, first, after)

    @strawberry.field
    @staticmethod
    async def memberships(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[Membership, strawberry.lazy("schema.loyalty.types")]]:
        return await nested(info, per_client("memberships"), parent.id, first, after)

    @strawberry.field
    @staticmethod
    async def gift_cards(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[GiftCard, strawberry.lazy("schema.loyalty.types")]]:
        return await nested(info, per_client("giftCards"), parent.id, first, after)

    @strawberry.field
    @staticmethod
    async def orders(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[Order, strawberry.lazy("schema.loyalty.orders")]]:
        return await nested(info, per_client("orders"), parent.id, first, after)

    @strawberry.field
    @staticmethod
    async def gift_lists(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[GiftList, strawberry.lazy("schema.loyalty.orders")]]:
        return await nested(info, per_client("giftLists"), parent.id, first, after)

    @strawberry.field
    @staticmethod
    async def referred_by(parent: strawberry.Parent[models.Client], info: Info) -> Client | None:
        if parent.referred_by_id is None:
            return None
        return await info.context.loaders.client.load(parent.referred_by_id)  # type: ignore[return-value]

    @strawberry.field
    @staticmethod
    async def merged_from(
        parent: strawberry.Parent[models.Client], info: Info
    ) -> list[strawberry.ID]:
        ids = await info.context.loaders.merged_from.load(parent.id)
        return [strawberry.ID(i) for i in ids]

    @strawberry.field
    @staticmethod
    async def merged_into(
        parent: strawberry.Parent[models.Client], info: Info
    ) -> strawberry.ID | None:
        if parent.merged_into_id is None:
            return None
        survivor = await info.context.loaders.client.load(parent.merged_into_id)
        return strawberry.ID(str(survivor.uuid)) if survivor else None

    @strawberry.field
    @staticmethod
    async def referrals(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Client]:
        loaders = info.context.loaders
        size = check_first(first)

        async def count() -> int:
            return await loaders.referral_count.load(parent.id)

        if after is not None:  # deep paging inside one client
            page = await paginate(
                models.Client.filter(referred_by_id=parent.id),
                NEWEST_FIRST,
                first=size,
                after_cursor=after,
            )
            return Connection.of(
                page.items,
                page.cursors,
                has_next=page.has_next_page,
                has_previous=True,
                count=count,
            )
        rows = await loaders.latest_referrals.load((parent.id, size + 1))
        items = rows[:size]
        return Connection.of(
            items,
            [make_cursor(NEWEST_FIRST, row) for row in items],
            has_next=len(rows) > size,
            has_previous=False,
            count=count,
        )

    @strawberry.field
    @staticmethod
    async def notifications(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Notification]:
        return await nested(info, per_client("notifications"), parent.id, first, after)
