"""Shared pieces of the benchmarks: a throw-away PostgreSQL database and memory readings."""

from __future__ import annotations

import os
import resource
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from tortoise import connections
from tortoise.context import TortoiseContext

from models.db import migrate, tortoise_config

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")


def rss_mib() -> float:
    """Resident memory now, from /proc (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@asynccontextmanager
async def scratch_database(keep: str | None = None) -> AsyncIterator[str]:
    """A migrated database for one run; dropped afterwards unless `keep` names it."""
    name = keep or f"clientela_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        await migrate(ctx.connections.get("default"))
    try:
        yield url
    finally:
        if keep is None:
            admin = await asyncpg.connect(PG_ADMIN)
            try:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await admin.close()


# Prefix of a bulk script (one implicit transaction): no foreign-key triggers for the rows it
# writes (generated consistent), as pg_restore loads data.
NO_TRIGGERS = "SET LOCAL session_replication_role = replica;\n"


@asynccontextmanager
async def bulk_load(*tables: str) -> AsyncIterator[None]:
    """Load generated rows as pg_restore does: the tables' non-unique indexes are dropped
    for the load and built again afterwards (one sort each, instead of a million
    insertions into each of up to 20 indexes). Unique indexes and constraints stay (the
    loads rely on ON CONFLICT). PostgreSQL only."""
    conn = connections.get("default")
    rows = await conn.execute_query_dict(
        "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS ddl"
        " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
        " WHERE t.relname = ANY($1::text[]) AND NOT i.indisunique AND i.indisvalid",
        [list(tables)],
    )
    for row in rows:
        await conn.execute_script(f"DROP INDEX IF EXISTS {row['name']}")
    try:
        yield
    finally:
        for row in rows:
            await conn.execute_script(
                row["ddl"].replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1)
            )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
