"""Running operations through the schema or over HTTP, and counting SQL statements."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx
from starlette.applications import Starlette
from strawberry.types import ExecutionResult

from clientela.app import create_app
from clientela.infra import observe
from clientela.settings import Settings
from resolvers.access.actor import Actor
from schema import schema
from schema.context import Context

SETTINGS = Settings()


async def execute(
    query: str, variables: dict[str, Any] | None = None, *, actor: Actor | None = None
) -> ExecutionResult:
    return await schema.execute(
        query, variable_values=variables, context_value=Context(settings=SETTINGS, actor=actor)
    )


async def run(query: str, variables: dict[str, Any] | None = None, *, actor: Actor | None) -> Any:
    """Execute and return `data`, failing the test on any top-level error."""
    result = await execute(query, variables, actor=actor)
    assert result.errors is None, [e.formatted for e in result.errors]
    return result.data


async def error_codes(
    query: str, variables: dict[str, Any] | None = None, *, actor: Actor | None
) -> list[str]:
    result = await execute(query, variables, actor=actor)
    assert result.errors, "expected top-level errors"
    return [e.extensions["code"] for e in result.errors]  # type: ignore[index]


@asynccontextmanager
async def served(
    settings: Settings = SETTINGS, *, address: str | None = None
) -> AsyncIterator[tuple[httpx.AsyncClient, Starlette]]:
    """The real app and a client of it over HTTP, on the test's database (its lifespan is
    not run); `address` is the client's IP address as the app sees it."""
    app = create_app(settings, manage_database=False)
    if address is None:
        transport = httpx.ASGITransport(app=app)
    else:
        transport = httpx.ASGITransport(app=app, client=(address, 50000))
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://clientela.test"
        ) as client:
            yield client, app
    finally:
        await app.state.limits.aclose()


@asynccontextmanager
async def http_client(
    settings: Settings = SETTINGS, *, address: str | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app over HTTP (see `served`)."""
    async with served(settings, address=address) as (client, _):
        yield client


class StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = str(record.msg if not record.args else record.args[0])
        if message.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.statements.append(message)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_statements() -> Iterator[StatementCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = StatementCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    # The app's statement counter drops the statement records once counted; let them through.
    observe.StatementCounter.passthrough = True
    try:
        yield counter
    finally:
        observe.StatementCounter.passthrough = False
        logger.removeHandler(counter)
        logger.setLevel(previous)
