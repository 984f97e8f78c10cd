"""Shared pieces of the benchmarks: a throw-away PostgreSQL database and memory readings."""

from __future__ import annotations

import os
import resource
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
