"""Data of the read benchmark (issue 7): the 1,000,000-client generator of `bench.segments`
plus a points ledger (0 to 6 entries per client), an API key that may read clients, and
the ids the four query shapes ask for.

    .venv/bin/python -m bench.readdata [--clients 1000000] [--keep clientela_readbench]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import time
from dataclasses import dataclass

from tortoise import connections
from tortoise.context import TortoiseContext

from bench.common import NO_TRIGGERS, bulk_load, scratch_database
from bench.segments import generate, vacuum
from models import Level, Organization, Tag
from models.access import Permission
from models.db import tortoise_config
from models.search_text import client_search_text
from resolvers.access.api_keys import issue_api_key

DEFAULT_DB = "clientela_readbench"
KEY_NAME = "read benchmark"


@dataclass(frozen=True)
class BenchData:
    url: str
    organization_id: int
    api_key: str
    client_uuid: str  # shape (a)
    tag_id: int  # shape (b): the tag
    tag_name: str
    level_id: int  # shape (b): the level
    level_uuid: str


async def _points_ledger() -> None:
    """0-6 entries per client over the last two years, newest with the current balance."""
    await connections.get("default").execute_script(
        NO_TRIGGERS
        + """
        INSERT INTO points_entry (uuid, organization_id, client_id, amount, balance_after, reason,
            source, actor_type, actor_name, created_at)
        SELECT gen_random_uuid(), c.organization_id, c.id, 10 + (k * 37 + c.id) % 300,
               c.points, 'Acquisto ' || k, 'purchase', 'system', 'Clientela',
               now() - ((7 - k) * 90 + (c.id % 60)) * interval '1 day'
        FROM client c CROSS JOIN LATERAL generate_series(1, (c.id % 7)::int) AS k;
        ANALYZE points_entry;
        """
    )


async def _check_search_text() -> None:
    """The generator writes the search text in SQL: it must be what the write path stores.
    When models.search_text changed since the data was made, the texts are made again."""
    conn = connections.get("default")
    rows = await conn.execute_query_dict(
        "SELECT first_name, last_name, email, phone, identification_number, search_text"
        " FROM client ORDER BY id LIMIT 3"
    )
    for r in rows:
        expected = client_search_text(
            r["first_name"], r["last_name"], r["email"], r["phone"], r["identification_number"]
        )
        if r["search_text"] != expected:
            print(f"stale search texts ({r['search_text']!r}, now {expected!r}): filling again")
            migration = importlib.import_module("models.migrations.0016_client_search_text")
            await migration.fill_search_text(conn, True)
            return


async def prepare(n: int, keep: str) -> BenchData:
    """Generate the data once (kept under `keep`), then return what the shapes need."""
    async with scratch_database(keep) as url, TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        org = await Organization.filter(slug="bench").first()
        if org is None:
            start = time.perf_counter()
            async with bulk_load("client", "client_tag", "points_entry"):
                org = await generate(n)
                await _points_ledger()
            # Statistics and the visibility map, as autovacuum would leave them: without
            # them the planner guesses (a tag-and-level page then read 200,000 rows).
            await vacuum("client", "client_tag", "points_entry", "tag", "level")
            print(
                f"generated {n:,} clients and their ledger in {time.perf_counter() - start:.0f} s"
            )
        await _check_search_text()
        # A key per run: runs that overlap (the profile beside a measurement) keep theirs.
        _, secret = await issue_api_key(org, KEY_NAME, [Permission.CLIENTS_READ])
        conn = connections.get("default")
        # A client in the middle of the table, with tags and ledger entries.
        row = (
            await conn.execute_query_dict(
                "SELECT uuid::text AS uuid FROM client WHERE organization_id = $1 AND id % 7 = 5 "
                "AND id > (SELECT max(id) / 2 FROM client) ORDER BY id LIMIT 1",
                [org.id],
            )
        )[0]
        tag = await Tag.get(organization_id=org.id, name="Pilates")
        level = await Level.get(organization_id=org.id, name="Silver")
        return BenchData(
            url=url,
            organization_id=org.id,
            api_key=secret,
            client_uuid=row["uuid"],
            tag_id=tag.id,
            tag_name=tag.name,
            level_id=level.id,
            level_uuid=str(level.uuid),
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--keep", default=DEFAULT_DB)
    args = parser.parse_args()
    print(asyncio.run(prepare(args.clients, args.keep)))
