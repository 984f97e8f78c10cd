"""The product corpus (issue 16): the documents the console, partners and the client app
send, as each server is asked them, and the partner writes.

Reads are asked of Clientela, of PostGraphile where its generated API can express the
document (a segment's stored filter and Clientela's search rules it cannot), and of the
limit (`bench.corpuslimit`: one hand-written statement, or two where a page and its count
are two questions). Writes are asked of Clientela and of the limit (one hand-written
transaction with the same lock, ledger entry, balance and activity entry); PostGraphile
has no business rules to run them. A write picks a random client and a fresh idempotency
key per request (wrk's Lua `request` function).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpusdata import CorpusData
from bench.readdata import BenchData
from bench.readshapes import CLIENTELA as CLIENTELA_SHAPES


def _bounded_count() -> bool:
    """Whether the schema's lists have the bounded `count { value precision }` (R6.5),
    which the console asks instead of the exact `totalCount` once it exists."""
    schema = (Path(__file__).resolve().parent.parent / "schema.graphql").read_text()
    clients = schema.split("type ClientConnection {", 1)[1].split("\n}", 1)[0]
    return "\n  count(" in clients


BOUNDED = _bounded_count()
COUNT = "count { value precision }" if BOUNDED else "totalCount"
CAP = 10_000  # the service's default COUNT_CAP: the limit counts as far as it does

CLIENT_25 = (
    "id firstName lastName email phone identificationType identificationNumber externalId "
    "gender city birthday locale points registeredAt registrationCode shareCode text1 int1 "
    "date1 status levelSetManually createdAt updatedAt"
)
PG_25 = CLIENT_25.replace("id ", "uuid ", 1)
LIMIT_25 = (
    "uuid::text AS id, first_name, last_name, email, phone, identification_type, "
    "identification_number, external_id, gender, city, birthday, locale, points, registered_at, "
    "registration_code, share_code, text1, int1, date1, status, level_set_manually, created_at, "
    "updated_at"
)
# The client page's lists: GraphQL name, PostGraphile name, table, the fields shown.
LISTS = [
    ("notes", "notesByClientId", "note", "body createdAt", "body, created_at"),
    (
        "activity",
        "activityEntriesByClientId",
        "activity_entry",
        "action createdAt",
        "action, created_at",
    ),
    (
        "orders",
        "clientOrdersByClientId",
        "client_order",
        "status total orderedAt",
        "status, total, ordered_at",
    ),
    (
        "purchases",
        "purchasesByClientId",
        "purchase",
        "description amount valueDate",
        "description, amount, value_date",
    ),
    (
        "notifications",
        "notificationsByClientId",
        "notification",
        "type status createdAt",
        "type, status, created_at",
    ),
    (
        "pointsHistory",
        "pointsEntriesByClientId",
        "points_entry",
        "amount reason createdAt",
        "amount, reason, created_at",
    ),
]
NEWEST = "orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC]"
CLIENTS_ORDER = "orderBy: [REGISTERED_AT_DESC, PRIMARY_KEY_DESC]"
LIST_FIELDS = "id firstName lastName email city points status level { name } tags { name }"
PG_LIST_FIELDS = (
    "uuid firstName lastName email city points status levelByLevelId { name } "
    "clientTagsByClientId { nodes { tagByTagId { name } } }"
)


@dataclass(frozen=True)
class Document:
    name: str
    title: str
    clientela: str
    postgraphile: str | None
    limit: bool = True
    write: bool = False
    account: bool = False  # sent with the client app's session, not the API key


def _detail() -> tuple[str, str]:
    ours = " ".join(f"{g}(first: 5) {{ nodes {{ {f} }} }}" for g, _, _, f, _ in LISTS)
    pg = " ".join(f"{p}(first: 5, {NEWEST}) {{ nodes {{ {f} }} }}" for _, p, _, f, _ in LISTS)
    return (
        f"query($id: ID!) {{ client(id: $id) {{ {CLIENT_25} level {{ name }} tags {{ name }} "
        f"{ours} }} }}",
        f"query($id: UUID!) {{ clientByUuid(uuid: $id) {{ {PG_25} levelByLevelId {{ name }} "
        f"clientTagsByClientId {{ nodes {{ tagByTagId {{ name }} }} }} {pg} }} }}",
    )


DETAIL, PG_DETAIL = _detail()
EVERY_LIST = " ".join(
    f"{name}(first: 5) {{ {COUNT} nodes {{ id createdAt }} }}"
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

READS = [
    Document("detail", "client page: 25 fields, level, tags, 6 lists of 5", DETAIL, PG_DETAIL),
    Document(
        "detail-all",
        "client page: every list (11) with counts",
        f"query($id: ID!) {{ client(id: $id) {{ {CLIENT_25} level {{ name }} tags {{ name }} "
        f"account {{ email verified }} referredBy {{ id firstName }} mergedFrom {EVERY_LIST} }} }}",
        None,
        limit=False,
    ),
    Document(
        "list",
        "list page: tag + level, count, 25 rows",
        "query($tag: String!, $level: ID!) { clients(first: 25, filter: {tags: {any: [$tag]}, "
        f"levelIds: [$level]}}) {{ {COUNT} nodes {{ {LIST_FIELDS} }} "
        "pageInfo { hasNextPage endCursor } } }",
        "query($org: Int!, $level: Int!, $tag: Int!) { allClients(first: 25, "
        f"{CLIENTS_ORDER}, condition: {{organizationId: $org, levelId: $level}}, "
        "filter: {clientTagsByClientId: {some: {tagId: {equalTo: $tag}}}}) "
        f"{{ totalCount nodes {{ {PG_LIST_FIELDS} }} pageInfo {{ hasNextPage endCursor }} }} }}",
    ),
    Document(
        "search",
        'search "ross" (no match) + count',
        f'{{ clients(first: 25, filter: {{search: "ross"}}) {{ {COUNT} nodes {{ id firstName '
        "lastName email } } }",
        None,
    ),
    Document(
        "segment",
        "segment: count + 10 members",
        "query($id: ID!) { segment(id: $id) { name count members(first: 10) { nodes { id "
        "firstName lastName email } } } }",
        None,
    ),
    Document(
        "inbox",
        "client app: inbox, 20 + count",
        f"{{ inbox(first: 20) {{ {COUNT} nodes {{ id title body createdAt readAt "
        "organizationName } } }",
        "query($account: BigInt!) { allInboxMessages(first: 20, condition: {accountId: $account}, "
        f"{NEWEST}) {{ totalCount nodes {{ uuid title body createdAt readAt "
        "organizationByOrganizationId { name } } } }",
        account=True,
    ),
    Document(
        "external",
        "partner: client by external id",
        f"query($ext: String!) {{ clientByExternalId(externalId: $ext) {{ {CLIENT_25} }} }}",
        "query($org: Int!, $ext: String!) { clientByOrganizationIdAndExternalId("
        f"organizationId: $org, externalId: $ext) {{ {PG_25} }} }}",
    ),
    Document(
        "page-points",
        "20 with tags + last 5 points",
        "{ clients(first: 20) { nodes { id firstName lastName tags { name } "
        "pointsHistory(first: 5) { nodes { amount reason createdAt } } } } }",
        f"query($org: Int!) {{ allClients(first: 20, {CLIENTS_ORDER}, condition: "
        "{organizationId: $org}) { nodes { uuid firstName lastName clientTagsByClientId { nodes "
        "{ tagByTagId { name } } } pointsEntriesByClientId(first: 5, "
        f"{NEWEST}) {{ nodes {{ amount reason createdAt }} }} }} }} }}",
    ),
]

# Writes: one document each, as a partner sends it, with variables; wrk's script puts a
# random client id in CLIENT_ID and a unique number in SEQ of the body for every request.
WRITES = [
    Document(
        "addPoints",
        "partner: addPoints, random client",
        "mutation($id: ID!, $key: String) { addPoints(input: {clientId: $id, amount: 10, "
        'reason: "Visita", idempotencyKey: $key}) { entry { id balanceAfter } '
        "userErrors { code } } }",
        None,
        write=True,
    ),
    Document(
        "addNote",
        "partner: addNote, random client",
        "mutation($id: ID!, $body: String!) { addNote(input: {clientId: $id, body: $body}) "
        "{ note { id } userErrors { code } } }",
        None,
        write=True,
    ),
    Document(
        "recordPurchase",
        "partner: recordPurchase, random client",
        "mutation($id: ID!, $ext: String) { recordPurchase(input: {clientId: $id, "
        'externalId: $ext, description: "Scarpe", amount: "49.90", currency: "EUR", '
        'status: PAID, valueDate: "2026-11-01", pointsEarned: 5}) { purchase { id '
        "pointsEarned } userErrors { code } } }",
        None,
        write=True,
    ),
]

WRITES += [
    Document(
        "recordBooking",
        "partner: recordBooking, random client",
        "mutation($id: ID!, $ext: String) { recordBooking(input: {clientId: $id, "
        'externalId: $ext, activity: "Yoga", startsAt: "2026-12-01T10:00:00Z", '
        "status: BOOKED}) { booking { id } userErrors { code } } }",
        None,
        write=True,
    ),
    Document(
        "recordOrder",
        "partner: recordOrder, random client",
        "mutation($id: ID!, $ext: String) { recordOrder(input: {clientId: $id, "
        'externalId: $ext, status: PAID, total: "25.50", currency: "EUR", '
        'orderedAt: "2026-11-20T09:30:00Z", items: [{name: "Tè", quantity: 2, '
        'unitPrice: "12.75"}]}) { order { id } userErrors { code } } }',
        None,
        write=True,
    ),
    Document(
        "createClient",
        "partner: createClient, a new email",
        'mutation($email: String!) { createClient(input: {firstName: "Anna", '
        'lastName: "Bianchi", email: $email, city: "Roma"}) { client { id } '
        "userErrors { code } } }",
        None,
        write=True,
    ),
    Document(
        "updateClient",
        "partner: updateClient, random client",
        "mutation($id: ID!, $city: String) { updateClient(input: {clientId: $id, "
        "city: $city}) { client { id } userErrors { code } } }",
        None,
        write=True,
    ),
    Document(
        "addTags",
        "partner: addTags, random client",
        'mutation($id: ID!) { addTags(input: {clientIds: [$id], tags: ["Newsletter"]}) '
        "{ changed userErrors { code } } }",
        None,
        write=True,
    ),
    # A partner's sync of one client by its external id ("u-" and a random client's id of
    # 10,000): its first request creates the client, the later ones update its city.
    Document(
        "upsertClients",
        "partner: upsertClients, one row by external id",
        "mutation($ext: String!, $email: String!, $city: String) { upsertClients(input: "
        '{matchBy: EXTERNAL_ID, clients: [{externalId: $ext, firstName: "Anna", '
        'lastName: "Bianchi", email: $email, city: $city}]}) { results { status '
        "client { id } userErrors { code } } userErrors { code } } }",
        None,
        write=True,
    ),
]

CORPUS = {d.name: d for d in [*READS, *WRITES]}

# The issue's yardstick of CPU per request: `client(id)` with 15 columns (readperf's shape a).
BASELINE = Document(
    "client-15", "baseline: client(id), 15 columns", CLIENTELA_SHAPES["a"], None, limit=False
)


def variables(doc: Document, server: str, data: BenchData, corpus: CorpusData) -> dict[str, Any]:
    org = data.organization_id
    ours: dict[str, dict[str, Any]] = {
        "client-15": {"id": data.client_uuid},
        "detail": {"id": corpus.detail_uuid},
        "detail-all": {"id": corpus.detail_uuid},
        "list": {"tag": data.tag_name, "level": data.level_uuid},
        "segment": {"id": corpus.segment_uuid},
        "external": {"ext": corpus.external_id},
        "addPoints": {"id": "CLIENT_ID", "key": "k-SEQ"},
        "addNote": {"id": "CLIENT_ID", "body": "Chiamata SEQ"},
        "recordPurchase": {"id": "CLIENT_ID", "ext": "p-SEQ"},
        "recordBooking": {"id": "CLIENT_ID", "ext": "b-SEQ"},
        "recordOrder": {"id": "CLIENT_ID", "ext": "o-SEQ"},
        "createClient": {"email": "new-SEQ@example.com"},
        "updateClient": {"id": "CLIENT_ID", "city": "Roma SEQ"},
        "addTags": {"id": "CLIENT_ID"},
        "upsertClients": {
            "ext": "u-CLIENT_ID",
            "email": "u-CLIENT_ID@example.com",
            "city": "Roma SEQ",
        },
    }
    pg: dict[str, dict[str, Any]] = {
        "detail": {"id": corpus.detail_uuid},
        "list": {"org": org, "level": data.level_id, "tag": data.tag_id},
        "inbox": {"account": corpus.account_id},
        "external": {"org": org, "ext": corpus.external_id},
        "page-points": {"org": org},
    }
    if server == "postgraphile":
        return pg.get(doc.name, {})
    if server == "limit":
        return {
            "organizationId": org,
            "id": corpus.detail_uuid,
            "levelId": data.level_id,
            "tagId": data.tag_id,
            "externalId": corpus.external_id,
            "accountId": corpus.account_id,
            "segment": corpus.segment_uuid,
        }
    return ours.get(doc.name, {})


def shape_of(answer: Any) -> list[tuple[Any, ...]]:
    """What must be equal across servers, in answer order: the length of every list and
    every count (servers name and nest fields differently). A bounded count is
    ("count", value, exact); an exact one (totalCount, a segment's count) ("count", value,
    True)."""
    found: list[tuple[Any, ...]] = []
    if isinstance(answer, dict):
        if set(answer) == {"value", "precision"}:
            return [("count", answer["value"], answer["precision"] == "EXACT")]
        for key, value in answer.items():
            if key in ("totalCount", "total_count") or (key == "count" and isinstance(value, int)):
                found.append(("count", value, True))
            else:
                found += shape_of(value)
    elif isinstance(answer, list):
        found.append(("items", len(answer)))
        for item in answer:
            found += shape_of(item)
    return found


_NOT_ROWS = (
    {"nodes", "edges", "pageInfo", "totalCount", "count"},  # a connection
    {"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"},
    {"value", "precision"},
    {"node", "cursor"},
)


def rows_in(answer: Any, top: bool = True) -> int:
    """The records an answer holds (clients, their level, tags, notes...): every object but
    the root, connections, page infos, counts and edges."""
    if isinstance(answer, list):
        return sum(rows_in(item, False) for item in answer)
    if not isinstance(answer, dict):
        return 0
    payload = "userErrors" in answer  # a mutation's payload holds the row it wrote
    own = 0 if top or payload or any(set(answer) <= keys for keys in _NOT_ROWS) else 1
    return own + sum(rows_in(value, False) for value in answer.values())


def same_shape(ours: list[tuple[Any, ...]], theirs: list[tuple[Any, ...]]) -> bool:
    """Clientela's shape against another server's: the same lists, the same exact counts;
    a count Clientela gives as "at least N" is met by any exact count of N or more."""
    if len(ours) != len(theirs):
        return False
    for mine, other in zip(ours, theirs, strict=True):
        if mine[0] != other[0]:
            return False
        if mine[0] == "items" and mine != other:
            return False
        if mine[0] == "count" and not (
            mine[1] == other[1] if mine[2] and other[2] else other[1] >= mine[1]
        ):
            return False
    return True
