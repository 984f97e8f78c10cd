"""Liveness and readiness, for a load balancer or an orchestrator.

`/livez`: the process answers (restart it when it does not). `/readyz`: it can serve, that
is the database answers and, when REDIS_URL is set, Redis does too (the service fails
closed without the shared limits); 503 naming what does not answer, so that traffic goes
elsewhere until it does. `/healthz` is the older name of `/readyz`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tortoise import connections

from clientela.infra.limit_store import LimitStore
from clientela.settings import Settings

log = logging.getLogger("clientela.health")
CHECK_SECONDS = 2.0


async def livez(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _database() -> None:
    await connections.get("default").execute_query("SELECT 1")


async def _answers(name: str, check: Callable[[], Awaitable[None]]) -> bool:
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            await check()
    except Exception as exc:
        # The kind of failure only: a message could carry a connection string.
        log.warning("readiness: %s does not answer (%s)", name, type(exc).__name__)
        return False
    return True


def readyz(settings: Settings, limits: LimitStore) -> Callable[[Request], Awaitable[Response]]:
    async def ready(request: Request) -> Response:
        checks: dict[str, Callable[[], Awaitable[None]]] = {"database": _database}
        if settings.redis_url:
            checks["redis"] = limits.ping
        answers = await asyncio.gather(*(_answers(n, c) for n, c in checks.items()))
        status = {
            name: "ok" if ok else "unavailable" for name, ok in zip(checks, answers, strict=True)
        }
        failing = [name for name, ok in zip(checks, answers, strict=True) if not ok]
        body = {"status": "unavailable" if failing else "ok", "checks": status, "failing": failing}
        return JSONResponse(body, status_code=503 if failing else 200)

    return ready
