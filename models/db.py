"""Database configuration and the migration runner."""

from __future__ import annotations

from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.executor import MigrationExecutor

APP = "models"
MODEL_MODULES = [
    "models.organization",
    "models.account",
    "models.account_request",
    "models.level",
    "models.tag",
    "models.client",
    "models.consent",
    "models.note",
    "models.activity",
    "models.audit",
    "models.staff",
    "models.notification",
    "models.loyalty",
    "models.orders",
    "models.segment",
    "models.webhook",
    "models.imports",
]
MIGRATIONS_MODULE = "models.migrations"
POOL_SIZE = 10
STABLE_PLANS = "stable_plans"


def apps_config() -> dict[str, dict[str, Any]]:
    return {
        APP: {
            "models": MODEL_MODULES,
            "default_connection": "default",
            "migrations": MIGRATIONS_MODULE,
        }
    }


async def keep_session(connection: Any) -> None:
    """Pool reset for PostgreSQL: asyncpg still rolls back an open transaction before this
    runs; its default reset (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL) would add a
    statement after every query, and this code sets no session state for it to undo."""


def _is_postgres_url(database_url: str) -> bool:
    return database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))


def connection_config(database_url: str, *, stable_plans: bool = False) -> str | dict[str, Any]:
    if not _is_postgres_url(database_url):
        return database_url
    config = expand_db_url(database_url)
    config["credentials"]["reset"] = keep_session
    # Ten connections unless the URL says (`?maxsize=N`): with Tortoise's five, requests
    # queued for a connection under load and the slowest 1% waited ten times longer.
    config["credentials"].setdefault("maxsize", POOL_SIZE)
    # asyncpg prepares every statement; after five runs PostgreSQL may switch to a
    # generic plan that ignores the literal values. Filters depend on them (how
    # common a tag is, the statuses that prove a partial index usable): a segment
    # count went from 110 ms (planned for its values) to 500 ms (generic) on a
    # million clients. Planning each run costs about a millisecond.
    #
    # The `stable_plans` pool is for statements written so that their best plan does not
    # depend on their values (every value that matters to the planner is a literal:
    # statuses, page sizes): PostgreSQL may keep one plan for them instead of planning
    # every run, which was a third of the database's time on a page of clients.
    settings = {} if stable_plans else {"plan_cache_mode": "force_custom_plan"}
    # Timestamps built into JSON by the database (nested lists) are written in the
    # session's zone: UTC, like every datetime the driver returns.
    settings["timezone"] = "UTC"
    config["credentials"]["server_settings"] = settings
    return config


def tortoise_config(database_url: str) -> dict[str, Any]:
    pools = {"default": connection_config(database_url)}
    if _is_postgres_url(database_url):
        pools[STABLE_PLANS] = connection_config(database_url, stable_plans=True)
    return {
        "connections": pools,
        "apps": apps_config(),
        "use_tz": True,
        "timezone": "UTC",
    }


def stable_plans_connection() -> BaseDBAsyncClient:
    """The connection for statements whose plan does not depend on their values (see
    `connection_config`); the default connection where there is no such pool (SQLite) or
    when a transaction is open on it (a read inside it must see what it wrote).

    Writes name their connection (`in_transaction("default")`): with two connections
    configured, Tortoise cannot guess."""
    default: BaseDBAsyncClient = connections.get("default")
    if STABLE_PLANS not in connections.db_config or isinstance(default, TransactionalDBClient):
        return default
    client: BaseDBAsyncClient = connections.get(STABLE_PLANS)
    return client


async def migrate(connection: BaseDBAsyncClient) -> None:
    """Apply every committed migration that the database has not seen yet."""
    await MigrationExecutor(connection, apps_config()).migrate()


def is_postgres(connection: BaseDBAsyncClient) -> bool:
    return connection.capabilities.dialect == "postgres"


# For Tortoise's own command line: `tortoise -c models.db.TORTOISE_ORM makemigrations`
# compares the models with the committed migrations; it needs no real database.
TORTOISE_ORM = tortoise_config("sqlite://:memory:")
