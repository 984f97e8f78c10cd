"""A real HTTP receiver for webhook tests: a Starlette app served by uvicorn on a free
port of 127.0.0.1, in the test's event loop. It records every request (headers, body)
and answers as the test scripts it: a status, a delay, a redirect, a huge body."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from tests.smtp import free_port


@dataclass
class Answer:
    status: int = 200
    delay: float = 0.0
    location: str | None = None
    body_bytes: int = 0


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    answered: int

    @property
    def json(self) -> Any:
        return orjson.loads(self.body)


@dataclass
class Receiver:
    port: int
    received: list[Received] = field(default_factory=list)
    # Decides each answer from the request's body (the default: 200 at once).
    script: Callable[[dict[str, Any]], Answer] = lambda _body: Answer()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def of_type(self, kind: str) -> list[Received]:
        return [r for r in self.received if r.json["type"] == kind]


async def _huge(size: int) -> AsyncIterator[bytes]:
    chunk = b"x" * 65536
    for _ in range(size // len(chunk)):
        yield chunk
        await asyncio.sleep(0)


def _app(receiver: Receiver) -> Starlette:
    async def hook(request: Request) -> Response:
        body = await request.body()
        answer = receiver.script(orjson.loads(body))
        receiver.received.append(Received(dict(request.headers), body, answer.status))
        if answer.delay:
            await asyncio.sleep(answer.delay)
        headers = {"location": answer.location} if answer.location else None
        if answer.body_bytes:
            return StreamingResponse(_huge(answer.body_bytes), status_code=answer.status)
        return Response(b"ok", status_code=answer.status, headers=headers)

    async def elsewhere(request: Request) -> Response:
        receiver.received.append(Received(dict(request.headers), b'{"type": "redirected"}', 200))
        return Response(b"ok")

    return Starlette(
        routes=[
            Route("/hook", hook, methods=["POST"]),
            Route("/elsewhere", elsewhere, methods=["POST", "GET"]),
        ]
    )


@contextlib.asynccontextmanager
async def serve_receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver(port=free_port())
    config = uvicorn.Config(
        _app(receiver), host="127.0.0.1", port=receiver.port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn exposes a flag, not an event
        await asyncio.sleep(0.01)
    try:
        yield receiver
    finally:
        server.should_exit = True
        await task
