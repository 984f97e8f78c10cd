"""GraphQL object types. Resolvers return ORM instances; these types read them.

Fields named like the ORM attribute are read directly; the others are static
methods on `strawberry.Parent`, the ORM instance.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

import strawberry
from strawberry.scalars import JSON
from tortoise.queryset import QuerySet

import models
from models.access import Permission as DomainPermission
from resolvers.pagination import Page, SortKey, check_first, make_cursor, paginate
from schema.context import Info
from schema.enums import (
    ActorType,
    Channel,
    ClientStatus,
    Gender,
    GenericField,
    IdentificationType,
    NotificationStatus,
    NotificationType,
    Permission,
    SkipReason,
    StaffRole,
)
from schema.loaders import PerClient
from schema.prefetch import now_or_later

if TYPE_CHECKING:
    from schema.loyalty_types import Booking, GiftCard, Membership, PointsEntry, Purchase
    from schema.order_types import GiftList, Order

T = TypeVar("T")

NEWEST_FIRST = SortKey("c-", ("created_at",), descending=True)

# The arguments of every connection field.
First = Annotated[int, strawberry.argument(description="Page size, 0 to 100.")]
After = Annotated[str | None, strawberry.argument(description="Cursor to continue from.")]


def readable(info: Info, client: Any) -> Any:
    """A client for a mutation payload, only when the caller may read clients: a key that
    may add points (points:write) must not read records through the payload."""
    actor = info.context.actor
    if client is None or actor is None or DomainPermission.CLIENTS_READ not in actor.permissions:
        return None
    return client


def orm(value: object) -> Any:
    """An ORM instance handed to a field whose GraphQL type reads it attribute by attribute."""
    return value


def public_id(root: Any) -> strawberry.ID:
    """Resolver of `id` for types whose public id is their UUID."""
    return strawberry.ID(str(root.uuid))


@strawberry.type(description="Where a page of a connection sits.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item; pass as `after`."
    )


@strawberry.type(description="An item of a connection, with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, Relay style.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page with cursors.")
    nodes: list[T] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds (all pages).")
    async def total_count(self) -> int:
        return await self.count()

    @classmethod
    def from_page(cls, page: Page[Any]) -> Connection[Any]:
        return cls.of(
            page.items,
            page.cursors,
            has_next=page.has_next_page,
            has_previous=page.has_previous_page,
            count=page.count,
        )

    @classmethod
    def of(
        cls,
        items: list[Any],
        cursors: list[str],
        *,
        has_next: bool,
        has_previous: bool,
        count: Callable[[], Awaitable[int]],
    ) -> Connection[Any]:
        return cls(
            edges=[Edge(cursor=c, node=n) for c, n in zip(cursors, items, strict=True)],
            nodes=items,
            page_info=PageInfo(
                has_next_page=has_next,
                has_previous_page=has_previous,
                start_cursor=cursors[0] if cursors else None,
                end_cursor=cursors[-1] if cursors else None,
            ),
            count=count,
        )


@strawberry.type(
    description="A business. Every client, tag, level, key and staff user belongs to one."
)
class Organization:
    id: strawberry.ID = strawberry.field(resolver=public_id, description="Public id.")
    name: str = strawberry.field(description="Display name.")
    slug: str = strawberry.field(description="Short unique name.")
    default_locale: str = strawberry.field(description="Language of mail when a client has none.")
    country: str = strawberry.field(
        description="ISO country code; the region of local phone numbers."
    )


@strawberry.type(description="A loyalty level; levels are ordered by their point threshold.")
class Level:
    id: strawberry.ID = strawberry.field(resolver=public_id, description="Public id.")
    name: str = strawberry.field(description="Display name, unique in the organization.")
    threshold: int = strawberry.field(description="Points from which a client reaches this level.")


@strawberry.type(description="A tag of the organization; names are case-insensitive.")
class Tag:
    id: strawberry.ID = strawberry.field(resolver=public_id, description="Public id.")
    name: str = strawberry.field(description="Display name.")


@strawberry.type(description="A note staff keep on a client.")
class Note:
    id: strawberry.ID = strawberry.field(resolver=public_id, description="Public id.")
    body: str = strawberry.field(description="The text.")
    author_type: ActorType = strawberry.field(description="Who wrote it.")
    author_name: str = strawberry.field(description="Name of the staff user or API key.")
    created_at: datetime = strawberry.field(description="When it was written.")


@strawberry.type(description="One field changed by an activity.")
class FieldChange:
    field: str = strawberry.field(description="The GraphQL name of the field.")
    old_value: JSON | None = strawberry.field(description="Value before the change.")
    new_value: JSON | None = strawberry.field(description="Value after the change.")


@strawberry.type(description="An entry of a client's activity log: who changed what, when.")
class ActivityEntry:
    action: str = strawberry.field(description="What happened, e.g. client.updated.")
    actor_type: ActorType = strawberry.field(description="Who did it.")
    actor_name: str = strawberry.field(description="Name of the staff user or API key.")
    created_at: datetime = strawberry.field(description="When.")

    @strawberry.field(description="Public id of the entry.")
    @staticmethod
    def id(parent: strawberry.Parent[models.ActivityEntry]) -> strawberry.ID:
        return strawberry.ID(str(parent.id))

    @strawberry.field(description="The fields it changed, with old and new values.")
    @staticmethod
    def changes(parent: strawberry.Parent[models.ActivityEntry]) -> list[FieldChange]:
        return [
            FieldChange(field=name, old_value=old, new_value=new)
            for name, (old, new) in sorted(parent.changes.items())
        ]


async def _nested(
    info: Info, model: PerClient, client_id: int, first: int, after: str | None
) -> Connection[Any]:
    """A per-client list, newest first: batched across a page, keyset-paged within one client."""
    loaders = info.context.loaders
    size = check_first(first)

    async def count() -> int:
        return await loaders.count(model).load(client_id)

    if after is not None:  # deep paging inside one client: a plain keyset query
        rows_of_client: QuerySet[Any] = model.filter(client_id=client_id)
        page = await paginate(rows_of_client, NEWEST_FIRST, first=size, after_cursor=after)
        return Connection.of(
            page.items, page.cursors, has_next=page.has_next_page, has_previous=True, count=count
        )
    key = (client_id, size + 1)
    return _first_page(info, model, client_id, size, await loaders.latest(model).load(key))


def _first_page(
    info: Info, model: PerClient, client_id: int, size: int, rows: list[Any]
) -> Connection[Any]:
    loaders = info.context.loaders

    async def count() -> int:
        return await loaders.count(model).load(client_id)

    items = rows[:size]
    return Connection.of(
        items,
        [make_cursor(NEWEST_FIRST, row) for row in items],
        has_next=len(rows) > size,
        has_previous=False,
        count=count,
    )


def _nested_now(
    info: Info, model: PerClient, client_id: int, first: int, after: str | None
) -> Connection[Any] | Awaitable[Connection[Any]]:
    """`_nested` without a coroutine when the first page's rows are already loaded."""
    if after is None:
        size = check_first(first)
        rows = now_or_later(info.context.loaders.latest(model), (client_id, size + 1))
        if isinstance(rows, list):
            return _first_page(info, model, client_id, size, rows)
    return _nested(info, model, client_id, first, after)


@strawberry.type(description="A notification to a client on one channel, and what became of it.")
class Notification:
    type: NotificationType = strawberry.field(description="What it is, from the catalogue.")
    channel: Channel = strawberry.field(description="How it goes out.")
    status: NotificationStatus = strawberry.field(description="Where it is.")
    skip_reason: SkipReason | None = strawberry.field(description="Why it was skipped, if it was.")
    to_address: str | None = strawberry.field(description="The address an email goes to.")
    locale: str = strawberry.field(description="The language it is written in.")
    attempts: int = strawberry.field(description="Delivery attempts so far.")
    next_attempt_at: datetime | None = strawberry.field(description="When the next attempt is due.")
    last_error: str | None = strawberry.field(description="The last delivery error, if any.")
    created_at: datetime = strawberry.field(description="When it was queued.")
    sent_at: datetime | None = strawberry.field(description="When it was sent or delivered in-app.")
    failed_at: datetime | None = strawberry.field(description="When delivery was given up.")

    @strawberry.field(description="Public id.")
    @staticmethod
    def id(parent: strawberry.Parent[models.Notification]) -> strawberry.ID:
        return public_id(parent)


@strawberry.type(
    description="A person's login identity for the client app. Its names are fixed at sign-up "
    "(R3.4): staff edits change the client record only."
)
class Account:
    email: str = strawberry.field(description="The login email.")
    first_name: str = strawberry.field(description="First name given at sign-up.")
    last_name: str = strawberry.field(description="Last name given at sign-up.")
    verified_at: datetime | None = strawberry.field(description="When the email was verified.")
    email_notifications: bool = strawberry.field(description="Email notifications are on.")
    in_app_notifications: bool = strawberry.field(description="In-app notifications are on.")

    @strawberry.field(description="Public id.")
    @staticmethod
    def id(parent: strawberry.Parent[models.Account]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field(description="The login email is verified; notifications can reach it.")
    @staticmethod
    def verified(parent: strawberry.Parent[models.Account]) -> bool:
        return parent.verified_at is not None


@strawberry.type(description="The organization's record of one person (the client card).")
class Client:
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

    @strawberry.field(description="Public id (a UUID); stable forever.")
    @staticmethod
    def id(parent: strawberry.Parent[models.Client]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field(description="Loyalty level, if any.")
    @staticmethod
    def level(parent: strawberry.Parent[models.Client], info: Info) -> Level | None:
        # Not async: a level the page carried (schema/prefetch.py) is answered at once.
        if parent.level_id is None:
            return None
        level: Any = now_or_later(info.context.loaders.level, parent.level_id)
        return level  # type: ignore[no-any-return]

    @strawberry.field(
        description="The linked client-app account, if any: login email, verified state and the "
        "names given at sign-up."
    )
    @staticmethod
    async def account(parent: strawberry.Parent[models.Client], info: Info) -> Account | None:
        if parent.account_id is None:
            return None
        return await info.context.loaders.account.load(parent.account_id)  # type: ignore[return-value]

    @strawberry.field(description="Tags, sorted by name.")
    @staticmethod
    def tags(parent: strawberry.Parent[models.Client], info: Info) -> list[Tag]:
        # Not async: tags a page carried (schema/prefetch.py) are answered at once.
        tags: Any = now_or_later(info.context.loaders.tags, parent.id)
        return tags  # type: ignore[no-any-return]

    @strawberry.field(description="Notes, newest first.")
    @staticmethod
    async def notes(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Note]:
        return await _nested(info, models.Note, parent.id, first, after)

    @strawberry.field(description="Activity log, newest first.")
    @staticmethod
    async def activity(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[ActivityEntry]:
        return await _nested(info, models.ActivityEntry, parent.id, first, after)

    @strawberry.field(description="The points ledger, newest first.")
    @staticmethod
    def points_history(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[PointsEntry, strawberry.lazy("schema.loyalty_types")]]:
        # Not async: the newest entries a page carried (schema/prefetch.py) answer at once.
        return _nested_now(info, models.PointsEntry, parent.id, first, after)  # type: ignore[return-value]

    @strawberry.field(description="Purchases, newest first.")
    @staticmethod
    async def purchases(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[Purchase, strawberry.lazy("schema.loyalty_types")]]:
        return await _nested(info, models.Purchase, parent.id, first, after)

    @strawberry.field(description="Bookings, newest first.")
    @staticmethod
    async def bookings(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[Booking, strawberry.lazy("schema.loyalty_types")]]:
        return await _nested(info, models.Booking, parent.id, first, after)

    @strawberry.field(description="Memberships, newest first.")
    @staticmethod
    async def memberships(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[Membership, strawberry.lazy("schema.loyalty_types")]]:
        return await _nested(info, models.Membership, parent.id, first, after)

    @strawberry.field(description="Gift cards, newest first.")
    @staticmethod
    async def gift_cards(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[GiftCard, strawberry.lazy("schema.loyalty_types")]]:
        return await _nested(info, models.GiftCard, parent.id, first, after)

    @strawberry.field(description="Orders, newest first.")
    @staticmethod
    async def orders(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[Order, strawberry.lazy("schema.order_types")]]:
        return await _nested(info, models.Order, parent.id, first, after)

    @strawberry.field(description="Gift (wish) lists, newest first.")
    @staticmethod
    async def gift_lists(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Annotated[GiftList, strawberry.lazy("schema.order_types")]]:
        return await _nested(info, models.GiftList, parent.id, first, after)

    @strawberry.field(description="The client whose share code this client gave (R5.3).")
    @staticmethod
    async def referred_by(parent: strawberry.Parent[models.Client], info: Info) -> Client | None:
        if parent.referred_by_id is None:
            return None
        return await info.context.loaders.client.load(parent.referred_by_id)  # type: ignore[return-value]

    @strawberry.field(
        description="Ids of the records unified into this one: their ids resolve here (R4.2)."
    )
    @staticmethod
    async def merged_from(
        parent: strawberry.Parent[models.Client], info: Info
    ) -> list[strawberry.ID]:
        ids = await info.context.loaders.merged_from.load(parent.id)
        return [strawberry.ID(i) for i in ids]

    @strawberry.field(description="For a merged record: the id of the client it was unified into.")
    @staticmethod
    async def merged_into(
        parent: strawberry.Parent[models.Client], info: Info
    ) -> strawberry.ID | None:
        if parent.merged_into_id is None:
            return None
        survivor = await info.context.loaders.client.load(parent.merged_into_id)
        return strawberry.ID(str(survivor.uuid)) if survivor else None

    @strawberry.field(description="Clients who gave this client's share code, newest first.")
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

    @strawberry.field(description="Notifications sent or skipped for this client, newest first.")
    @staticmethod
    async def notifications(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[Notification]:
        return await _nested(info, models.Notification, parent.id, first, after)


@strawberry.type(description="What an organization calls one of its generic fields.")
class FieldLabel:
    field: GenericField = strawberry.field(description="The generic field.")
    label: str = strawberry.field(description="Its name in this organization.")


@strawberry.type(description="A staff user of the admin console.")
class StaffUser:
    id: strawberry.ID = strawberry.field(resolver=public_id, description="Public id.")
    email: str = strawberry.field(description="Login email.")
    name: str = strawberry.field(description="Display name.")
    role: StaffRole = strawberry.field(description="Role; it decides the permissions.")


@strawberry.type(description="An API key. The secret itself is shown only once, at creation.")
class ApiKey:
    id: strawberry.ID = strawberry.field(resolver=public_id, description="Public id.")
    name: str = strawberry.field(description="What the key is for.")
    prefix: str = strawberry.field(
        description="The first characters of the key, to tell keys apart."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked, if it was.")
    last_used_at: datetime | None = strawberry.field(
        description="Roughly when it was last used (to the nearest few minutes)."
    )

    @strawberry.field(description="Its scopes.")
    @staticmethod
    def scopes(parent: strawberry.Parent[models.ApiKey]) -> list[Permission]:
        return [DomainPermission(s) for s in parent.scopes]


@strawberry.type(description="Who is calling, and what they may do.")
class Viewer:
    organization: Organization = strawberry.field(description="The caller's organization.")
    permissions: list[Permission] = strawberry.field(description="What the caller may do.")
    staff_user: StaffUser | None = strawberry.field(description="Set when a staff user calls.")
    api_key: ApiKey | None = strawberry.field(description="Set when an API key calls.")


@strawberry.type(description="A message in the client app's inbox.")
class InboxMessage:
    type: NotificationType = strawberry.field(description="What it is, from the catalogue.")
    title: str = strawberry.field(description="Its title.")
    body: str = strawberry.field(description="Its text.")
    created_at: datetime = strawberry.field(description="When it arrived.")
    read_at: datetime | None = strawberry.field(description="When it was marked read.")

    @strawberry.field(description="Public id.")
    @staticmethod
    def id(parent: strawberry.Parent[models.InboxMessage]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field(description="Name of the organization that sent it.")
    @staticmethod
    def organization_name(parent: strawberry.Parent[models.InboxMessage]) -> str:
        return parent.organization.name
