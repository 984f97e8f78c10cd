"""Every query field compiles, and answers what the reference (graphql-core) answers.

The documents are written from the schema itself: for each root field and each field of
a client, a selection of every field below it (connections with `totalCount`, page info,
cursors and both paths to their items), so a field added to the API is in the corpus by
construction. Each document goes to an app with the compiled path and to one without
(tests/test_compiled_reads.py's `same_answer`): same bytes, same charge, and the compiled
path must have answered it. The walk at the end fails on any root field that falls back,
except those named in `FALLS_BACK`, which must really fall back (so the list shrinks as
they are compiled).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import orjson
import pytest
from graphql import (
    GraphQLArgument,
    GraphQLInputObjectType,
    GraphQLObjectType,
    Undefined,
    get_named_type,
    is_leaf_type,
    is_non_null_type,
)

import models
from clientela.settings import Settings
from models.access import Permission
from models.enums import (
    ActorType,
    BookingStatus,
    Channel,
    ClientStatus,
    ConsentPurpose,
    ConsentSource,
    GenericField,
    GiftListStatus,
    NotificationStatus,
    NotificationType,
    OrderStatus,
    PurchaseStatus,
    SkipReason,
)
from models.imports import ImportFormat, MatchBy
from models.webhook import DeliveryStatus, WebhookEventType
from resolvers.clients.client_filter import ClientFilter
from schema import schema
from schema.compiled import CompiledReads
from tests.factories import (
    grant_marketing,
    make_account,
    make_account_token,
    make_api_key,
    make_client,
    make_ledger,
    make_level,
    make_org,
    make_session_token,
    make_staff,
)
from tests.helpers import count_statements
from tests.test_compiled_reads import _both, _comparable, _post, same_answer

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }"
# A list's bounded count (R6.5); asked exactly in `test_bounded_counts_of_a_page`.
COUNTS = "count { value precision __typename }"


@dataclass
class Card:
    token: str
    key: str
    person: str
    client: models.Client
    email: str
    external_id: str


def field_selections(kind: GraphQLObjectType, depth: int) -> dict[str, str]:
    """Each field of `kind` that takes no required argument, with everything below it:
    objects and connections while `depth` lasts (connections: `first: 2`, the count, page
    info, edges with cursors and nodes)."""
    parts = {"__typename": "__typename"}
    for name, field in kind.fields.items():
        if any(_required(a) for a in field.args.values()):
            continue
        named = get_named_type(field.type)
        if is_leaf_type(named):
            parts[name] = name
        elif depth > 0 and isinstance(named, GraphQLObjectType):
            if named.name.endswith("Connection"):
                item = get_named_type(named.fields["nodes"].type)
                assert isinstance(item, GraphQLObjectType)
                inner = select_all(item, depth - 1)
                parts[name] = (
                    f"{name}(first: 2) {{ totalCount {COUNTS} {PAGE_INFO} "
                    f"edges {{ cursor node {{ {inner} }} __typename }} nodes {{ {inner} }} __typename }}"
                )
            else:
                parts[name] = f"{name} {{ {select_all(named, depth - 1)} }}"
    return parts


def _required(argument: GraphQLArgument) -> bool:
    return is_non_null_type(argument.type) and argument.default_value is Undefined


def select_all(kind: GraphQLObjectType, depth: int) -> str:
    return " ".join(field_selections(kind, depth).values())


def _type(name: str) -> GraphQLObjectType:
    found = schema._schema.get_type(name)
    assert isinstance(found, GraphQLObjectType)
    return found


CLIENT = _type("Client")
NESTED = [
    name for name, field in CLIENT.fields.items() if not is_leaf_type(get_named_type(field.type))
]


async def _records(client: models.Client) -> None:
    """Three of every kind of record a client has, a minute apart; varied nulls."""
    for k in range(3):
        at = START + timedelta(minutes=k, microseconds=7 * k)
        await models.Note.create(
            client=client,
            body=f"note {k}",
            author_type=ActorType.STAFF,
            author_name="Ann",
            created_at=at,
        )
        await models.ActivityEntry.create(
            organization_id=client.organization_id,
            client=client,
            action="client.updated",
            actor_type=ActorType.API_KEY,
            actor_name="shop",
            changes={"city": ["Roma", None], "points": [k, k + 1]} if k else {},
            created_at=at,
        )
        await models.Notification.create(
            organization_id=client.organization_id,
            client=client,
            type=NotificationType.WELCOME,
            channel=[Channel.EMAIL, Channel.IN_APP][k % 2],
            status=[NotificationStatus.SENT, NotificationStatus.FAILED][k % 2],
            skip_reason=SkipReason.NO_EMAIL if k == 2 else None,
            to_address="a@example.com" if k else None,
            locale="it",
            attempts=k,
            next_attempt_at=at if k else None,
            last_error="550" if k == 1 else None,
            created_at=at,
            sent_at=at if k == 0 else None,
        )
        await models.Purchase.create(
            client=client,
            external_id=f"p{k}" if k else None,
            description=f"shoes {k}",
            amount=Decimal("19.90") * (k + 1),
            currency="EUR",
            status=[PurchaseStatus.PAID, PurchaseStatus.PENDING_PAYMENT][k % 2],
            value_date=date(2026, 2, 1 + k),
            points_earned=k * 19,
            created_at=at,
        )
        await models.Booking.create(
            client=client,
            external_id=f"b{k}",
            activity="yoga",
            starts_at=at + timedelta(days=1),
            status=[BookingStatus.BOOKED, BookingStatus.ATTENDED][k % 2],
            created_at=at,
        )
        await models.Membership.create(
            client=client,
            name=f"year {k}",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31) if k else None,
            created_at=at,
        )
        await models.GiftCard.create(
            client=client,
            code=f"GC{client.id}-{k}",
            amount=Decimal("50.00"),
            currency="EUR",
            expires_on=date(2027, 1, 1) if k else None,
            created_at=at,
        )
        await models.Order.create(
            client=client,
            external_id=f"o{k}",
            status=[OrderStatus.PAID, OrderStatus.SHIPPED][k % 2],
            total=Decimal("12.30"),
            currency="EUR",
            ordered_at=at,
            items=[{"name": "tea", "quantity": 2, "unitPrice": "6.15"}] * k,
            created_at=at,
        )
        await models.GiftList.create(
            client=client,
            external_id=None,
            name=f"wedding {k}",
            event_date=date(2026, 6, 1) if k else None,
            status=[GiftListStatus.OPEN, GiftListStatus.CLOSED][k % 2],
            items=[{"name": "vase", "quantity": 1, "link": "https://x.test/v" if k == 1 else None}],
            created_at=at,
        )
    await make_ledger(client, 3, START, microseconds=500)
    # Consent: one purpose given then withdrawn, the other never asked (R11.1).
    await grant_marketing(client, ConsentPurpose.MARKETING_EMAIL)
    await models.ConsentEvent.create(
        organization_id=client.organization_id,
        client=client,
        purpose=ConsentPurpose.MARKETING_EMAIL,
        granted=False,
        source=ConsentSource.CLIENT_APP,
        actor_type=ActorType.SYSTEM,
        actor_name="client app",
        created_at=START,
    )


async def _webhooks(org: models.Organization, client: models.Client | None) -> None:
    """An endpoint with deliveries of every status, each with attempts; and a quiet one."""
    endpoint = await models.WebhookEndpoint.create(
        organization=org,
        url="https://hooks.example.com/in",
        events=["CLIENT_CREATED", "POINTS_CHANGED"],
        secret="s" * 32,
        failing_since=START,
    )
    await models.WebhookEndpoint.create(
        organization=org,
        url="https://hooks.example.com/off",
        events=[],
        secret="t" * 32,
        enabled=False,
        disabled_reason="by_staff",
    )
    for k, status in enumerate(DeliveryStatus):
        event = await models.WebhookEvent.create(
            organization=org,
            client_id=client.id if client else None,
            type=WebhookEventType.POINTS_CHANGED,
            data={"points": k, "client": {"id": "x", "tags": ["a", "b"]}, "clientId": "x"},
        )
        delivery = await models.WebhookDelivery.create(
            endpoint=endpoint,
            event=event,
            status=status,
            attempts=k,
            next_attempt_at=START + timedelta(minutes=k),
            response_code=500 if k else None,
            last_error="timeout" if k else None,
            delivered_at=START if status is DeliveryStatus.DELIVERED else None,
        )
        for n in range(k):
            await models.WebhookAttempt.create(
                delivery=delivery,
                started_at=START + timedelta(seconds=n),
                duration_ms=120 + n,
                response_code=500 if n else None,
                error="timeout" if n == 0 else None,
                succeeded=n == 2,
            )


@pytest.fixture
async def card(db) -> Card:
    org = await make_org()
    gold = await make_level(org, "Gold", 1000)
    await make_level(org, "Silver", 100)
    sponsor = await make_client(org, first_name="Sponsor", tags=["Yoga"], level=gold)
    account = await make_account("maria@example.com", first_name="Maria")
    client = await make_client(
        org,
        first_name="Maria",
        email="Maria@Example.com",
        email_key="maria@example.com",
        external_id="ext-1",
        level=gold,
        tags=["VIP", "yoga", "Newsletter"],
        referred_by=sponsor,
        account=account,
        city="Roma",
        birthday=date(1990, 4, 2),
        int1=7,
        date1=date(2025, 1, 2),
        text1="42",
    )
    for k in range(3):
        await make_client(org, first_name=f"Friend{k}", referred_by=client, tags=["Yoga"])
    await make_client(
        org, first_name="Old", status=ClientStatus.MERGED, merged_into=client, external_id="ext-old"
    )
    await _records(client)
    await _records(sponsor)
    await models.FieldLabel.create(organization=org, field=GenericField.TEXT1, label="Shoe size")
    await models.FieldLabel.create(organization=org, field=GenericField.INT1, label="Visits")
    key = await make_api_key(org, Permission.CLIENTS_READ, Permission.POINTS_WRITE)
    await models.Segment.create(
        organization=org,
        name="Yoga",
        name_key="yoga",
        conditions=ClientFilter(tags_any=("yoga",)).to_data(),
    )
    await models.Segment.create(
        organization=org,
        name="Romans",
        name_key="romans",
        conditions=ClientFilter(cities=("Roma",)).to_data(),
    )
    notification = await models.Notification.filter(client=client).first()
    for k in range(3):
        await models.InboxMessage.create(
            account=account,
            organization=org,
            notification=notification,
            type=NotificationType.WELCOME,
            title=f"hello {k}",
            body="welcome",
            created_at=START + timedelta(hours=k),
            read_at=START if k == 1 else None,
        )
    await models.UndeliverableAddress.create(
        organization=org, email_key="maria@example.com", reply="550 5.1.1 no such mailbox"
    )
    org.consent_texts = {"it": "Acconsento", "en": "I agree"}
    await org.save()
    await make_staff(org, name="Zed")
    await make_staff(org, name="Ann", is_active=False)
    await _webhooks(org, client)
    await models.ImportJob.create(
        organization=org,
        actor_type="staff",
        actor_name="Ann",
        format=ImportFormat.CSV,
        match_by=MatchBy.EMAIL,
        rows_done=7,
        created=3,
        refused=1,
        error=None,
        finished_at=START,
    )
    other = await make_org()
    await make_client(other, first_name="Stranger", external_id="ext-1", tags=["VIP"])
    await models.UndeliverableAddress.create(
        organization=other, email_key="maria@example.com", reply="550 elsewhere"
    )
    await _webhooks(other, None)
    token = await make_session_token(await make_staff(org))
    person = await make_account_token(account)
    return Card(token, key, person, client, "maria@example.com", "ext-1")


@pytest.mark.parametrize("field", NESTED)
async def test_every_nested_field_of_a_client(card, field):
    # The selection of this field alone, with every field below it.
    selection = field_selections(CLIENT, 2)[field]
    query = f"query($id: ID!) {{ client(id: $id) {{ id {selection} }} }}"
    data = await same_answer(card, query, {"id": str(card.client.uuid)})
    assert data["client"][field] not in (None, [], {})  # the corpus has rows for it


def detail_page() -> str:
    """What the console's client page asks: the card and the newest of every list."""
    lists = " ".join(
        f"{name}(first: 5) {{ totalCount nodes {{ id createdAt }} }}"
        for name in (
            "notes",
            "activity",
            "notifications",
            "pointsHistory",
            "purchases",
            "bookings",
            "memberships",
            "giftCards",
            "orders",
            "giftLists",
            "referrals",
        )
    )
    scalars = " ".join(n for n, f in CLIENT.fields.items() if is_leaf_type(get_named_type(f.type)))
    query = (
        f"query($id: ID!) {{ client(id: $id) {{ {scalars} level {{ name }} tags {{ name }} "
        f"account {{ email verified }} referredBy {{ id firstName }} {lists} }} }}"
    )
    return query


async def test_the_client_detail_page(card):
    data = await same_answer(card, detail_page(), {"id": str(card.client.uuid)})
    assert data["client"]["notes"]["totalCount"] == 3


async def test_each_root_field_is_one_statement(card):
    """The detail page with every nested list is one statement; so is a page of clients
    with their lists and its count (the count is a sub-select of the page's statement)."""
    page = (
        '{ clients(first: 5, filter: {cities: ["Roma"]}) { totalCount nodes { id tags { name } '
        "notes(first: 2) { totalCount nodes { body } } } } }"
    )
    documents = [
        (detail_page(), {"id": str(card.client.uuid)}, 1),
        ("{ levels { name } tags { name } fieldLabels { label } }", None, 3),
        (page, None, 1),
    ]
    async with _both() as ((fast, view), _):
        await _post(fast, card.token, "{ __typename }", None)  # the token is cached after this
        for query, variables, statements in documents:
            with count_statements() as counter:
                answer = await _post(fast, card.token, query, variables)
            assert "errors" not in orjson.loads(answer.content)
            assert counter.count == statements, counter.statements
        assert view.compiled is not None and view.compiled.answered == 4


@pytest.mark.parametrize(
    ("root", "arguments"),
    [
        ("clientByEmail", '(email: " MARIA@example.com ")'),
        ("clientByEmail", '(email: "nobody@example.com")'),
        ("clientByEmail", '(email: "not an email")'),
        ("clientByExternalId", '(externalId: " ext-1 ")'),
        ("clientByExternalId", '(externalId: "ext-old")'),  # the absorbed record's id
        ("clientByExternalId", '(externalId: "nope")'),
    ],
)
async def test_client_lookups(card, root, arguments):
    query = f"{{ {root}{arguments} {{ {select_all(CLIENT, 1)} }} }}"
    await same_answer(card, query)


@pytest.mark.parametrize("root", ["levels", "tags", "fieldLabels", "me"])
async def test_organization_roots(card, root):
    kind = get_named_type(schema._schema.query_type.fields[root].type)  # type: ignore[union-attr]
    assert isinstance(kind, GraphQLObjectType)
    query = f"{{ {root} {{ {select_all(kind, 2)} }} }}"
    for token in (card.token, card.key):
        await same_answer(card, query, token=token)


async def test_api_keys_need_their_permission(card):
    query = f"{{ apiKeys {{ {select_all(_type('ApiKey'), 1)} }} }}"
    await same_answer(card, query)  # the owner manages keys
    await same_answer(card, query, token=card.key, compiled=False)  # a key does not


async def test_a_page_with_counts_and_every_list(card):
    query = (
        '{ clients(first: 3, filter: {tags: {any: ["yoga"]}}) { totalCount '
        f"{PAGE_INFO} nodes {{ id tags {{ name }} referrals(first: 1) {{ totalCount nodes "
        "{ firstName tags { name } } } notes(first: 1) { totalCount nodes { body } } } } }"
    )
    data = await same_answer(card, query)
    assert data["clients"]["totalCount"] == 5


BOUNDED = """query($filter: ClientFilterInput, $exact: Boolean) {
  clients(filter: $filter, first: 2) {
    count { value precision __typename }
    asked: count(exact: $exact) { precision value }
    exactly: count(exact: true) { value }
    nodes { firstName notes(first: 1) { count { value precision } all: count(exact: true) { value } } }
  }
}"""


@pytest.mark.parametrize(
    ("cap", "filter_", "exact", "expected"),
    [
        (2, {"tags": {"any": ["yoga"]}}, None, {"value": 2, "precision": "AT_LEAST"}),
        (2, {"tags": {"any": ["yoga"]}}, True, {"value": 5, "precision": "EXACT"}),
        (5, {"tags": {"any": ["yoga"]}}, False, {"value": 5, "precision": "EXACT"}),
        (1, {"search": "maria"}, False, {"value": 1, "precision": "EXACT"}),
        (3, {}, False, {"value": 3, "precision": "AT_LEAST"}),
        (3, {"search": "nobody"}, False, {"value": 0, "precision": "EXACT"}),
    ],
)
async def test_bounded_counts_of_a_page(card, cap, filter_, exact, expected):
    """R6.5: exact up to the cap, else the cap and AT_LEAST, unless asked exactly; a
    client's own lists are counted exactly."""
    variables = {"filter": filter_, "exact": exact}
    data = await same_answer(card, BOUNDED, variables, count_cap=cap)
    page = data["clients"]
    assert page["asked"] == {"precision": expected["precision"], "value": expected["value"]}
    assert page["count"]["value"] == min(cap, page["exactly"]["value"])
    if any(n["firstName"] == "Maria" for n in page["nodes"]):
        assert {"value": 3, "precision": "EXACT"} in [n["notes"]["count"] for n in page["nodes"]]


async def test_bounded_counts_of_segment_members_and_the_inbox(card):
    segments = """query($exact: Boolean!) { segments { name count
      members(first: 1) { count { value precision } all: count(exact: $exact) { value } } } }"""
    data = await same_answer(card, segments, {"exact": True}, count_cap=2)
    yoga = next(s for s in data["segments"] if s["name"] == "Yoga")
    assert yoga["count"] == 5  # a segment's own count stays exact
    assert yoga["members"]["count"] == {"value": 2, "precision": "AT_LEAST"}
    assert yoga["members"]["all"] == {"value": 5}
    inbox = """query($exact: Boolean) { inbox(first: 1) {
      count(exact: $exact) { value precision } totalCount } }"""
    for exact in (None, True):
        data = await same_answer(card, inbox, {"exact": exact}, token=card.person, count_cap=2)
        assert data["inbox"]["count"]["precision"] == ("EXACT" if exact else "AT_LEAST")


async def test_segments_with_counts_and_members(card):
    segment = _type("Segment")
    query = f"{{ segments {{ {select_all(segment, 2)} }} }}"
    data = await same_answer(card, query, max_query_cost=4000)  # 2 pages of every list
    assert [s["count"] for s in data["segments"]] == [1, 5]
    yoga = await models.Segment.get(name="Yoga")
    one = f"query($id: ID!) {{ segment(id: $id) {{ {select_all(segment, 1)} }} }}"
    for given in (str(yoga.uuid), "nope", "5f0e1b1e-0000-4000-8000-000000000000"):
        await same_answer(card, one, {"id": given})


@pytest.mark.parametrize(
    "arguments",
    ["", "(first: 1)", "(first: 0)", "(unreadOnly: true)", "(first: 2, unreadOnly: true)"],
)
async def test_the_client_apps_inbox_and_account(card, arguments):
    inbox = _type("InboxMessageConnection")
    query = (
        f"{{ inbox{arguments} {{ {select_all(inbox, 1)} }} "
        f"myAccount {{ {select_all(_type('Account'), 1)} }} }}"
    )
    data = await same_answer(card, query, token=card.person)
    after = data["inbox"]["pageInfo"]["endCursor"]
    if after:
        paged = "query($a: String) { inbox(first: 1, after: $a) { nodes { title } pageInfo { hasNextPage hasPreviousPage } } }"
        await same_answer(card, paged, {"a": after}, token=card.person)
    # Staff and keys have no inbox; a person has no client list: the reference refuses.
    await same_answer(card, query, token=card.token, compiled=False)
    await same_answer(card, "{ clients { nodes { id } } }", token=card.person, compiled=False)


async def test_each_person_reads_their_own_inbox_through_one_plan(card):
    """The inbox's first pages are written once per shape and filled with the caller's
    account: two people asking the same documents of one app each get their own."""
    org = await models.Organization.get(id=card.client.organization_id)  # type: ignore[attr-defined]
    other = await make_account("other@example.com")
    await make_client(org, email="other@example.com", account=other)
    await models.InboxMessage.create(
        account=other,
        organization=org,
        notification=await models.Notification.filter(client=card.client).first(),
        type=NotificationType.WELCOME,
        title="yours",
        body="b",
    )
    second = await make_account_token(other)
    async with _both() as ((fast, view), (slow, _)):
        for query in (
            "{ inbox(first: 5) { totalCount count { value } nodes { title } } }",
            "{ inbox(first: 5, unreadOnly: true) { totalCount nodes { title } } }",
            "{ inbox(first: 0) { totalCount } }",
        ):
            answers = []
            for token in (card.person, second, card.person):
                fast_answer = await _post(fast, token, query, None)
                assert _comparable(fast_answer) == _comparable(
                    await _post(slow, token, query, None)
                )
                answers.append(orjson.loads(fast_answer.content)["data"]["inbox"])
            assert answers[0] == answers[2] != answers[1]
            assert answers[1]["totalCount"] == 1
            assert answers[1].get("nodes", [{"title": "yours"}]) == [{"title": "yours"}]
        assert view.compiled is not None and view.compiled.answered == 9


# Root fields the compiled path does not answer yet: the reference answers them (none now).
FALLS_BACK: set[str] = set()


def test_every_root_field_compiles_or_is_named():
    compiled = CompiledReads(schema, Settings(max_tokens=100_000))
    query_type = schema._schema.query_type
    assert query_type is not None
    falls_back = set()
    for name, field in query_type.fields.items():
        kind = get_named_type(field.type)
        arguments = ", ".join(
            f"{a}: {_literal(get_named_type(arg.type).name)}"
            for a, arg in field.args.items()
            if _required(arg)
        )
        head = f"{name}({arguments})" if arguments else name
        if isinstance(kind, GraphQLObjectType):
            body = select_all(kind, 3)
            document = f"{{ {head} {{ {body} }} }}"
        else:
            document = f"{{ {head} }}"
        if compiled._compile(document, None) is None:
            falls_back.add(name)
    assert falls_back == FALLS_BACK


def _literal(type_name: str) -> str:
    """A literal of this type: an input object with its required fields (each a literal)."""
    kind = schema._schema.get_type(type_name)
    if isinstance(kind, GraphQLInputObjectType):
        required = ", ".join(
            f"{name}: {_literal(get_named_type(field.type).name)}"
            for name, field in kind.fields.items()
            if is_non_null_type(field.type) and field.default_value is Undefined
        )
        return f"{{{required}}}"
    return {"ID": '"x"', "String": '"x"'}.get(type_name, "{}")


@pytest.mark.parametrize("root", ["staffUsers", "webhookEndpoints"])
async def test_management_lists(card, root):
    kind = get_named_type(schema._schema.query_type.fields[root].type)  # type: ignore[union-attr]
    assert isinstance(kind, GraphQLObjectType)
    query = f"{{ {root} {{ {select_all(kind, 2)} }} }}"
    data = await same_answer(card, query)
    assert len(data[root]) == 2  # the inactive staff user is not listed
    # A key reading clients manages neither: the reference refuses it.
    await same_answer(card, query, token=card.key, compiled=False)


async def test_one_webhook_endpoint_and_its_deliveries(card):
    endpoint = await models.WebhookEndpoint.filter(url__endswith="/in").order_by("id").first()
    stranger = await models.WebhookEndpoint.filter(url__endswith="/in").order_by("-id").first()
    assert endpoint is not None and stranger is not None
    kind = _type("WebhookEndpoint")
    query = f"query($id: ID!) {{ webhookEndpoint(id: $id) {{ {select_all(kind, 2)} }} }}"
    data = await same_answer(card, query, {"id": str(endpoint.uuid)})
    assert data["webhookEndpoint"]["deliveries"]["count"]["value"] == 4
    for missing in (str(stranger.uuid), "nope", "5f0e1b1e-0000-4000-8000-000000000000"):
        data = await same_answer(card, query, {"id": missing})
        assert data["webhookEndpoint"] is None  # another organization's is not there
    filtered = (
        "query($id: ID!) { webhookEndpoint(id: $id) { "
        "failed: deliveries(first: 5, status: FAILED) { totalCount count { value } "
        "nodes { status attempts attemptLog { durationMs } } } "
        "all: deliveries(first: 1, status: null) { totalCount edges { cursor } } } }"
    )
    data = await same_answer(card, filtered, {"id": str(endpoint.uuid)})
    assert data["webhookEndpoint"]["failed"]["totalCount"] == 1
    await same_answer(card, query, {"id": str(endpoint.uuid)}, token=card.key, compiled=False)
    # A key that manages webhooks but may not read clients sees ids only (R10.2).
    org = await models.Organization.get(id=card.client.organization_id)
    hooks = await make_api_key(org, Permission.WEBHOOKS_MANAGE)
    data = await same_answer(card, query, {"id": str(endpoint.uuid)}, token=hooks)
    nodes = data["webhookEndpoint"]["deliveries"]["nodes"]
    assert nodes and all(n["data"] == {"clientId": "x"} for n in nodes)


async def test_import_jobs(card):
    job = await models.ImportJob.first()
    assert job is not None
    query = f"query($id: ID!) {{ importJob(id: $id) {{ {select_all(_type('ImportJob'), 1)} }} }}"
    data = await same_answer(card, query, {"id": str(job.uuid)})
    assert data["importJob"]["processed"] == 7
    for missing in ("nope", "5f0e1b1e-0000-4000-8000-000000000000"):
        await same_answer(card, query, {"id": missing})
    await same_answer(card, query, {"id": str(job.uuid)}, token=card.key, compiled=False)


async def test_consent_wording(card):
    org = await models.Organization.get(id=card.client.organization_id)
    query = "query($o: String!, $l: String) { consentWording(organization: $o, locale: $l) }"
    for slug, locale in [
        (org.slug, "en"),
        (f" {org.slug.upper()} ", "it"),
        (org.slug, "es"),
        (org.slug, None),
        ("nobody", "en"),
    ]:
        for token in (card.person, card.token):
            await same_answer(card, query, {"o": slug, "l": locale}, token=token)
    data = await same_answer(card, query, {"o": org.slug, "l": "en"}, token=card.person)
    assert data["consentWording"] == "I agree"


async def test_consent_and_deliverability_on_the_client_card(card):
    query = (
        "query($id: ID!) { client(id: $id) { consents { purpose granted source changedAt } "
        "consentHistory(first: 1) { count { value } edges { cursor node { id purpose granted "
        "source proof actorType actorName createdAt } } pageInfo { hasNextPage endCursor } } "
        "undeliverableEmail { since reply } } "
        "me { organization { consentTexts { locale text } } } }"
    )
    data = await same_answer(card, query, {"id": str(card.client.uuid)})
    client = data["client"]
    assert [c["granted"] for c in client["consents"]] == [True, False]
    assert client["undeliverableEmail"]["reply"].startswith("550 5.1.1")
    sponsor = await models.Client.get(first_name="Sponsor")
    data = await same_answer(card, query, {"id": str(sponsor.uuid)})
    assert data["client"]["undeliverableEmail"] is None


PAGED = """query($id: ID!, $first: Int!, $after: String) { client(id: $id) { id
  %s(first: $first, after: $after) { count { value } totalCount
    edges { cursor node { id createdAt } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""


@pytest.mark.parametrize(
    "field", ["notes", "pointsHistory", "purchases", "orders", "referrals", "consentHistory"]
)
async def test_nested_pages_from_variables(card, field):
    """The console's "more" buttons: a client's list paged by `first` and `after` from
    variables (a plan per set of variables), page after page, as the reference pages."""
    query = PAGED % field
    after = None
    seen = 0
    while True:
        variables = {"id": str(card.client.uuid), "first": 1, "after": after}
        data = await same_answer(card, query, variables)
        page = data["client"][field]
        seen += len(page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == page["totalCount"] >= 2
    # A cursor of another list or no cursor at all: the reference words the refusal.
    for wrong in ("nope", "WyJ4Il0"):
        variables = {"id": str(card.client.uuid), "first": 1, "after": wrong}
        await same_answer(card, query, variables, compiled=False)
    await same_answer(card, query, {"id": str(card.client.uuid), "first": 101}, compiled=False)


async def test_deliveries_and_segment_members_paged_from_variables(card):
    endpoint = await models.WebhookEndpoint.filter(url__endswith="/in").order_by("id").first()
    assert endpoint is not None
    deliveries = """query($id: ID!, $after: String, $status: DeliveryStatus) {
      webhookEndpoint(id: $id) { deliveries(first: 1, after: $after, status: $status) {
        totalCount nodes { status attempts } pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""
    for status in (None, "FAILED", "PENDING"):
        after = None
        while True:
            variables = {"id": str(endpoint.uuid), "after": after, "status": status}
            data = await same_answer(card, deliveries, variables)
            page = data["webhookEndpoint"]["deliveries"]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    members = """query($id: ID!, $first: Int, $after: String) { segment(id: $id) { count
      members(first: $first, after: $after) { count { value precision } nodes { firstName }
        pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""
    yoga = await models.Segment.get(name="Yoga")
    after = None
    for _ in range(6):
        variables = {"id": str(yoga.uuid), "first": 2, "after": after}
        data = await same_answer(card, members, variables)
        page = data["segment"]["members"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    else:
        raise AssertionError("the members never ended")
    await same_answer(card, members, {"id": str(yoga.uuid), "after": "nope"}, compiled=False)
