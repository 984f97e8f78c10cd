"""The limit of the product corpus (issue 16): hand-written SQL per document, asyncpg and
orjson behind a minimal Starlette endpoint, no authentication and no GraphQL.

    DATABASE_URL=postgres://... uvicorn bench.corpuslimit:app

`POST /limit/{document}` takes the variables of `bench.corpus.variables(..., "limit", ...)`.
A read is one statement, or two where a page and its count are two questions (as every
server asks them); a write is one statement of data-modifying CTEs (the client row locked,
the record, the balance and the activity entry), atomic without a transaction block.
"""

from __future__ import annotations

import os
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.corpus import BOUNDED, CAP, LIMIT_25, LISTS
from bench.readlimit import LISTED, TAGS
from models.db import keep_session

_LISTS = ", ".join(
    f"(SELECT coalesce(json_agg(x), '[]') FROM (SELECT {cols} FROM {table} "
    f"WHERE client_id = c.id ORDER BY created_at DESC, id DESC LIMIT 5) x) AS {name}"
    for name, _, table, _, cols in LISTS
)
LEVEL = "(SELECT json_build_object('name', l.name) FROM level l WHERE l.id = c.level_id)"
LIST_COLUMNS = (
    f"c.uuid::text AS id, c.first_name, c.last_name, c.email, c.city, c.points, c.status, "
    f"{LEVEL} AS level, {TAGS} AS tags"
)
PAGE = "ORDER BY c.registered_at DESC, c.id DESC"


def _count(rows: str) -> str:
    """A list's count as the document asks it: exact (`totalCount`), or exact up to the
    cap and "at least" beyond it (`count`, R6.5), reading at most CAP + 1 rows."""
    if BOUNDED:
        return f"SELECT count(*) FROM ({rows} LIMIT {CAP + 1}) AS capped"
    return f"SELECT count(*) FROM ({rows}) AS counted"


READS: dict[str, list[str]] = {
    "detail": [
        f"SELECT {LIMIT_25}, {LEVEL.replace('c.', '')} AS level, "
        f"{TAGS.replace('c.id', 'client.id')} AS tags, "
        f"{_LISTS.replace('c.id', 'client.id')} "
        "FROM client WHERE organization_id = $1 AND uuid = $2::text::uuid"
    ],
    "list": [
        _count(
            "SELECT 1 FROM client c WHERE c.organization_id = $1 AND c.status = ANY($2) "
            "AND c.level_id = $3 AND EXISTS (SELECT 1 FROM client_tag x "
            "WHERE x.client_id = c.id AND x.tag_id = $4)"
        ),
        f"SELECT {LIST_COLUMNS} FROM client c WHERE c.organization_id = $1 "
        "AND c.status = ANY($2) AND c.level_id = $3 AND EXISTS (SELECT 1 FROM client_tag x "
        f"WHERE x.client_id = c.id AND x.tag_id = $4) {PAGE} LIMIT 26",
    ],
    # Clientela's search semantics (R6.4) the fastest way by hand: the folded search text
    # through its trigram index, the few matching ids first, then the page among them.
    "search": [
        _count(
            "SELECT 1 FROM client c WHERE c.organization_id = $1 AND c.status = ANY($2) "
            "AND c.search_text LIKE '%ross%'"
        ),
        "SELECT c.uuid::text AS id, c.first_name, c.last_name, c.email FROM client c "
        "WHERE c.id = ANY(ARRAY(SELECT s.id FROM client s WHERE s.organization_id = $1 "
        f"AND s.search_text LIKE '%ross%')) AND c.status = ANY($2) {PAGE} LIMIT 26",
    ],
    # The corpus's segment: tag Yoga, city Roma.
    "segment": [
        "SELECT count(*) FROM client c WHERE c.organization_id = $1 AND c.status = ANY($2) "
        "AND upper(c.city) = 'ROMA' AND EXISTS (SELECT 1 FROM client_tag x JOIN tag t "
        "ON t.id = x.tag_id WHERE x.client_id = c.id AND t.key = 'yoga')",
        "SELECT c.uuid::text AS id, c.first_name, c.last_name, c.email FROM client c "
        "WHERE c.organization_id = $1 AND c.status = ANY($2) AND upper(c.city) = 'ROMA' "
        "AND EXISTS (SELECT 1 FROM client_tag x JOIN tag t ON t.id = x.tag_id "
        f"WHERE x.client_id = c.id AND t.key = 'yoga') {PAGE} LIMIT 11",
    ],
    "inbox": [
        _count("SELECT 1 FROM inbox_message WHERE account_id = $1"),
        "SELECT m.uuid::text AS id, m.title, m.body, m.created_at, m.read_at, o.name AS "
        "organization_name FROM inbox_message m JOIN organization o ON o.id = m.organization_id "
        "WHERE m.account_id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT 21",
    ],
    "external": [f"SELECT {LIMIT_25} FROM client WHERE organization_id = $1 AND external_id = $2"],
    "page-points": [
        f"""SELECT c.uuid::text AS id, c.first_name, c.last_name, {TAGS} AS tags,
                (SELECT coalesce(json_agg(json_build_object('amount', p.amount,
                    'reason', p.reason, 'createdAt', p.created_at)), '[]')
                 FROM (SELECT amount, reason, created_at FROM points_entry
                       WHERE client_id = c.id ORDER BY created_at DESC, id DESC LIMIT 5) p
                ) AS points_history
         FROM client c WHERE c.organization_id = $1 AND c.status = ANY($2) {PAGE} LIMIT 20"""
    ],
}

_LOCK = (
    "c AS (SELECT id, organization_id, points FROM client "
    "WHERE organization_id = $1 AND uuid = $2::text::uuid FOR UPDATE)"
)
_ACTIVITY = (
    "INSERT INTO activity_entry (organization_id, client_id, action, actor_type, actor_name, "
    "changes, created_at) SELECT c.organization_id, c.id, '{action}', 'api_key', 'bench', "
    "{changes}, now() FROM c RETURNING id"
)
WRITES = {
    "addPoints": f"""
        WITH {_LOCK},
        e AS (INSERT INTO points_entry (uuid, organization_id, client_id, amount, balance_after,
                reason, source, actor_type, actor_name, idempotency_key, created_at)
              SELECT gen_random_uuid(), c.organization_id, c.id, 10, c.points + 10, 'Visita',
                     'manual', 'api_key', 'bench', $3, now() FROM c
              RETURNING uuid, balance_after, client_id),
        u AS (UPDATE client SET points = client.points + 10 FROM e
              WHERE client.id = e.client_id RETURNING client.id),
        a AS ({_ACTIVITY.format(action="points.manual", changes="json_build_object('points', json_build_array(c.points, c.points + 10))")})
        SELECT e.uuid::text AS id, e.balance_after FROM e""",
    "addNote": f"""
        WITH {_LOCK},
        n AS (INSERT INTO note (uuid, client_id, body, author_type, author_name, created_at)
              SELECT gen_random_uuid(), c.id, 'Chiamata ' || $3, 'api_key', 'bench', now() FROM c
              RETURNING uuid),
        a AS ({_ACTIVITY.format(action="note.added", changes="'{}'::json")})
        SELECT n.uuid::text AS id FROM n""",
    "recordPurchase": f"""
        WITH {_LOCK},
        p AS (INSERT INTO purchase (uuid, client_id, external_id, description, amount, currency,
                status, value_date, points_earned, created_at)
              SELECT gen_random_uuid(), c.id, 'p-' || $3, 'Scarpe', 49.90, 'EUR', 'paid',
                     date '2026-11-01', 5, now() FROM c RETURNING uuid, client_id),
        e AS (INSERT INTO points_entry (uuid, organization_id, client_id, amount, balance_after,
                reason, source, actor_type, actor_name, created_at)
              SELECT gen_random_uuid(), c.organization_id, c.id, 5, c.points + 5, 'Scarpe',
                     'purchase', 'api_key', 'bench', now() FROM c RETURNING client_id),
        u AS (UPDATE client SET points = client.points + 5 FROM e
              WHERE client.id = e.client_id RETURNING client.id),
        a AS ({_ACTIVITY.format(action="purchase.recorded", changes="'{}'::json")})
        SELECT p.uuid::text AS id FROM p""",
    "recordBooking": f"""
        WITH {_LOCK},
        b AS (INSERT INTO booking (uuid, client_id, external_id, activity, starts_at, status,
                created_at)
              SELECT gen_random_uuid(), c.id, 'b-' || $3, 'Yoga', '2026-12-01T10:00:00Z',
                     'booked', now() FROM c RETURNING uuid),
        a AS ({_ACTIVITY.format(action="booking.recorded", changes="'{}'::json")})
        SELECT b.uuid::text AS id FROM b""",
    "recordOrder": f"""
        WITH {_LOCK},
        o AS (INSERT INTO client_order (uuid, client_id, external_id, status, total, currency,
                ordered_at, items, created_at, updated_at)
              SELECT gen_random_uuid(), c.id, 'o-' || $3, 'paid', 25.50, 'EUR',
                     '2026-11-20T09:30:00Z',
                     '[{{"name": "Tè", "quantity": 2, "unitPrice": "12.75"}}]', now(), now()
              FROM c RETURNING uuid),
        a AS ({_ACTIVITY.format(action="order.recorded", changes="'{}'::json")})
        SELECT o.uuid::text AS id FROM o""",
    "updateClient": f"""
        WITH {_LOCK},
        u AS (UPDATE client SET city = 'Roma ' || $3, updated_at = now() FROM c
              WHERE client.id = c.id RETURNING client.uuid),
        a AS ({_ACTIVITY.format(action="client.updated", changes="json_build_object('city', json_build_array(NULL, 'Roma ' || $3))")})
        SELECT u.uuid::text AS id FROM u""",
    "addTags": f"""
        WITH {_LOCK},
        l AS (INSERT INTO client_tag (client_id, tag_id, created_at)
              SELECT c.id, t.id, now() FROM c, tag t
              WHERE t.organization_id = c.organization_id AND t.key = 'newsletter' || left($3, 0)
              ON CONFLICT DO NOTHING RETURNING client_id),
        a AS (INSERT INTO activity_entry (organization_id, client_id, action, actor_type,
                actor_name, changes, created_at)
              SELECT c.organization_id, c.id, 'tags.added', 'api_key', 'bench',
                     '{{"tagsAdded": [null, ["Newsletter"]]}}', now() FROM c JOIN l ON l.client_id = c.id
              RETURNING id)
        SELECT count(*) AS changed FROM l""",
    # The client, with what `Client.save` derives (email key, search text), and its entry:
    # no client to lock ($2 is unused but typed).
    "createClient": """
        WITH n AS (INSERT INTO client (uuid, organization_id, first_name, last_name, email,
                email_key, search_text, city, points, registered_at, share_code, status,
                level_set_manually, created_at, updated_at)
              SELECT gen_random_uuid(), $1, 'Anna', 'Bianchi', 'new-' || $3 || '@example.com',
                     'new-' || $3 || '@example.com', 'anna bianchi new-' || $3 || '@example.com',
                     'Roma', 0, now(), upper(substr(md5($3), 1, 8)), 'active', false, now(),
                     now() WHERE $2::text IS NOT NULL
              RETURNING id, uuid, organization_id),
        a AS (INSERT INTO activity_entry (organization_id, client_id, action, actor_type,
                actor_name, changes, created_at)
              SELECT n.organization_id, n.id, 'client.created', 'api_key', 'bench',
                     '{"firstName": [null, "Anna"]}', now() FROM n RETURNING id)
        SELECT n.uuid::text AS id FROM n""",
    # One row by external id ("u-" and the client id wrk gives): created the first time
    # (the derived columns as createClient's limit writes them), its fields set after, the
    # row locked by the conflict; the entry's action from whether it was inserted.
    "upsertClients": """
        WITH n AS (INSERT INTO client (uuid, organization_id, external_id, first_name, last_name,
                email, email_key, search_text, city, points, registered_at, share_code, status,
                level_set_manually, created_at, updated_at)
              VALUES (gen_random_uuid(), $1, 'u-' || $2, 'Anna', 'Bianchi',
                      'u-' || $2 || '@example.com', 'u-' || $2 || '@example.com',
                      ' anna bianchi | u ' || replace($2, '-', ' ') || ' example com',
                      'Roma ' || $3, 0, now(),
                      upper(substr(md5($2), 1, 8)), 'active', false, now(), now())
              ON CONFLICT (organization_id, external_id) DO UPDATE SET
                first_name = excluded.first_name, last_name = excluded.last_name,
                email = excluded.email, email_key = excluded.email_key,
                search_text = excluded.search_text, city = excluded.city, updated_at = now()
              RETURNING id, uuid, organization_id, xmax = 0 AS created),
        a AS (INSERT INTO activity_entry (organization_id, client_id, action, actor_type,
                actor_name, changes, created_at)
              SELECT n.organization_id, n.id,
                     CASE WHEN n.created THEN 'client.created' ELSE 'client.updated' END,
                     'api_key', 'bench', json_build_object('city', json_build_array(NULL,
                     'Roma ' || $3)), now() FROM n RETURNING id)
        SELECT CASE WHEN n.created THEN 'CREATED' ELSE 'UPDATED' END AS status,
               n.uuid::text AS id FROM n""",
}


def _args(sql: str, variables: dict[str, Any]) -> list[Any]:
    org = int(variables["organizationId"])
    values = {
        "$1": org,
        "$2": list(LISTED),
        "$3": int(variables["levelId"]),
        "$4": int(variables["tagId"]),
    }
    return [v for k, v in values.items() if k in sql]


async def _init(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec(
        "json", encoder=orjson.dumps, decoder=orjson.loads, schema="pg_catalog"
    )


def create_app(database_url: str) -> Starlette:
    pool: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool["db"] = await asyncpg.create_pool(
            database_url, min_size=10, max_size=10, init=_init, reset=keep_session
        )
        ids = await pool["db"].fetch("SELECT uuid::text AS u FROM client ORDER BY id LIMIT 10000")
        pool["ids"] = [r["u"] for r in ids]
        # addTags links a tag that exists (Clientela creates it on its first call).
        await pool["db"].execute(
            "INSERT INTO tag (uuid, organization_id, key, name, created_at) SELECT "
            "gen_random_uuid(), id, 'newsletter', 'Newsletter', now() FROM organization "
            "ON CONFLICT DO NOTHING"
        )
        yield
        await pool["db"].close()

    async def limit(request: Request) -> Response:
        name = request.path_params["document"]
        variables = orjson.loads(await request.body())["variables"]
        db = pool["db"]
        if name in WRITES:
            client = variables.get("clientId") or random.choice(pool["ids"])
            seq = variables.get("seq") or str(random.getrandbits(60))
            rows = await db.fetch(WRITES[name], int(variables["organizationId"]), client, seq)
            data: Any = {name: [dict(r) for r in rows]}
        else:
            answers = []
            for sql in READS[name]:
                if name == "detail":
                    args = [int(variables["organizationId"]), variables["id"]]
                elif name == "external":
                    args = [int(variables["organizationId"]), variables["externalId"]]
                elif name == "inbox":
                    args = [int(variables["accountId"])]
                else:
                    args = _args(sql, variables)
                answers.append([dict(r) for r in await db.fetch(sql, *args)])
            data = {name: answers}
        return Response(orjson.dumps({"data": data}), media_type="application/json")

    return Starlette(
        routes=[Route("/limit/{document}", limit, methods=["POST"])], lifespan=lifespan
    )


app = create_app(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
