"""The limit of the read benchmark (issue 7): one hand-written SQL statement per query shape,
run with asyncpg and encoded with orjson, behind a minimal Starlette endpoint.

    DATABASE_URL=postgres://... uvicorn bench.readlimit:app

`POST /limit/{shape}` takes the same variables as the GraphQL documents of `bench.readperf`
(as a JSON body) and answers `{"data": ...}` with the same rows. No authentication and no
GraphQL: what is left is the database, the driver and the HTTP server.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from models.db import keep_session

LISTED = ("active", "inactive", "disabled")  # what lists show by default (not merged, deleted)

TAGS = """(SELECT coalesce(json_agg(json_build_object('name', t.name) ORDER BY t.key), '[]')
           FROM client_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.client_id = c.id)"""

SQL = {
    "a": """SELECT uuid::text AS id, first_name, last_name, email, phone, city, birthday, gender, locale,
                   points, registered_at, share_code, status, created_at, updated_at
            FROM client WHERE organization_id = $1 AND uuid = $2::text::uuid""",
    "b": f"""SELECT c.uuid::text AS id, c.first_name, c.last_name, {TAGS} AS tags
             FROM client c
             WHERE c.organization_id = $1 AND c.status = ANY($2) AND c.level_id = $3
               AND EXISTS (SELECT 1 FROM client_tag x WHERE x.client_id = c.id AND x.tag_id = $4)
             ORDER BY c.registered_at DESC, c.id DESC LIMIT 20""",
    "c": f"""SELECT c.uuid::text AS id, c.first_name, c.last_name, {TAGS} AS tags,
                    (SELECT coalesce(json_agg(json_build_object('amount', p.amount,
                        'reason', p.reason, 'createdAt', p.created_at)), '[]')
                     FROM (SELECT amount, reason, created_at FROM points_entry
                           WHERE client_id = c.id ORDER BY created_at DESC, id DESC LIMIT 5) p
                    ) AS points_history
             FROM client c WHERE c.organization_id = $1 AND c.status = ANY($2)
             ORDER BY c.registered_at DESC, c.id DESC LIMIT 20""",
    "d": """SELECT uuid::text AS id, first_name, last_name, email, phone, city, points, registered_at,
                   status, share_code
            FROM client WHERE organization_id = $1 AND status = ANY($2)
            ORDER BY registered_at DESC, id DESC LIMIT 100""",
}


def _args(shape: str, variables: dict[str, Any]) -> list[Any]:
    org = int(variables["organizationId"])
    if shape == "a":
        return [org, variables["id"]]
    if shape == "b":
        return [org, list(LISTED), int(variables["levelId"]), int(variables["tagId"])]
    return [org, list(LISTED)]


async def _init(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec(
        "json", encoder=orjson.dumps, decoder=orjson.loads, schema="pg_catalog"
    )


def create_app(database_url: str) -> Starlette:
    pool: dict[str, asyncpg.Pool] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool["db"] = await asyncpg.create_pool(
            database_url, min_size=10, max_size=10, init=_init, reset=keep_session
        )
        yield
        await pool["db"].close()

    async def limit(request: Request) -> Response:
        shape = request.path_params["shape"]
        variables = orjson.loads(await request.body())["variables"]
        rows = await pool["db"].fetch(SQL[shape], *_args(shape, variables))
        items = [dict(r) for r in rows]
        data = {"client": items[0] if items else None} if shape == "a" else {"clients": items}
        return Response(orjson.dumps({"data": data}), media_type="application/json")

    return Starlette(routes=[Route("/limit/{shape}", limit, methods=["POST"])], lifespan=lifespan)


app = create_app(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
