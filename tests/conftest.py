"""One fresh database per test, built by the committed migrations.

SQLite by default; PostgreSQL when TEST_DATABASE_URL points at it. The migrations
run once per session into a template (a file for SQLite, a template database for
PostgreSQL) that each test copies, so every test gets the production schema.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.context import TortoiseContext

from clientela.settings import Settings
from models.db import migrate, tortoise_config
from tests.smtp import SmtpServer

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://:memory:")
IS_POSTGRES = TEST_DATABASE_URL.startswith(("postgres://", "postgresql://", "asyncpg://"))


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL' if IS_POSTGRES else 'SQLite'}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if IS_POSTGRES:
        return
    skip = pytest.mark.skip(
        reason="proves locking or concurrency: needs TEST_DATABASE_URL=postgres://…"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _pg_credentials() -> dict[str, Any]:
    credentials = expand_db_url(TEST_DATABASE_URL)["credentials"]
    return {k: credentials.get(k) for k in ("host", "port", "user", "password")}


def _pg_url(database: str) -> str:
    base, _, _ = TEST_DATABASE_URL.rpartition("/")
    return f"{base}/{database}"


async def _admin_execute(*statements: str) -> None:
    conn = await asyncpg.connect(database="postgres", **_pg_credentials())
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def _build_template(url: str) -> None:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        await migrate(ctx.connections.get("default"))


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Where the migrated, empty schema lives: a file path or a database name."""
    if IS_POSTGRES:
        name = f"clientela_template_{uuid.uuid4().hex[:12]}"
        asyncio.run(_admin_execute(f'CREATE DATABASE "{name}"'))
        try:
            asyncio.run(_build_template(_pg_url(name)))
            yield name
        finally:
            asyncio.run(_admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        asyncio.run(_build_template(f"sqlite://{path}"))
        yield str(path)


@pytest.fixture
async def database_url(template: str, tmp_path: Path) -> AsyncIterator[str]:
    if IS_POSTGRES:
        name = f"test_{uuid.uuid4().hex[:16]}"
        await _admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        try:
            yield _pg_url(name)
        finally:
            await _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite://{path}"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[TortoiseContext]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(database_url))
        yield ctx


@pytest.fixture(autouse=True)
def _quiet_sql_logs() -> None:
    # Statement logs carry parameter values; tests that count statements opt in.
    logging.getLogger("tortoise.db_client").setLevel(logging.WARNING)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a free port; tests may stop and restart it."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(smtp_server: SmtpServer) -> Settings:
    return Settings(
        smtp_host="127.0.0.1",
        smtp_port=smtp_server.port,
        smtp_timeout=2.0,
        mail_from="Clientela <no-reply@clientela.test>",
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    from clientela.infra.rate_limit import LOCAL

    LOCAL.reset()


TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_settings() -> Iterator[Settings]:
    """Settings pointing at the test Redis under a prefix of this test's own, removed after.

    Skips (saying why) only when no Redis answers at TEST_REDIS_URL.
    """
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    redis = Redis.from_url(TEST_REDIS_URL)
    try:
        redis.ping()
    except (RedisConnectionError, OSError) as exc:
        redis.close()
        pytest.skip(f"Redis unreachable at {TEST_REDIS_URL}: {exc}")
    prefix = f"clientela-test:{uuid.uuid4().hex}:"
    try:
        yield Settings(redis_url=TEST_REDIS_URL, redis_prefix=prefix)
    finally:
        keys = list(redis.scan_iter(match=f"{prefix}*"))
        if keys:
            redis.delete(*keys)
        redis.close()
