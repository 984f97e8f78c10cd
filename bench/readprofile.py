"""Where a read's time goes (issue 7): CPU time per request of one query shape of
`bench.readperf`, served in-process by the real app called as an ASGI server would
(no HTTP client, no network), then a cProfile of the same requests.

    .venv/bin/python -m bench.readprofile c [--requests 40] [--sort tottime] [--no-profile]

Uses the kept database of `bench.readdata` (generated on first use).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import time
from typing import Any

from tortoise.context import TortoiseContext

from bench.readdata import DEFAULT_DB, prepare
from bench.readshapes import SHAPES, requests_for
from clientela.app import create_app
from clientela.settings import Settings
from models.db import tortoise_config


async def main(shape: str, n: int, sort: str, profile: bool, callers: str | None) -> None:
    data = await prepare(1_000_000, DEFAULT_DB)
    req = requests_for(data)[shape]["clientela"]
    # As in the load test: the cost is computed, taken and refunded, from a bucket large
    # enough that many requests in a row are not throttled.
    settings = Settings.from_env(
        {
            "DATABASE_URL": data.url,
            "MAIL_WORKER": "false",
            "KEY_BUCKET_SIZE": "100000000",
            "KEY_RESTORE_RATE": "100000000",
            "ADDRESS_BUCKET_SIZE": "100000000",
            "ADDRESS_RESTORE_RATE": "100000000",
            "COMPILED_READS": os.environ.get("COMPILED_READS", "true"),
        }
    )
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(data.url))
        app = create_app(settings, manage_database=False)
        headers = [(k.encode(), v.encode()) for k, v in req.headers.items()]
        headers.append((b"content-length", str(len(req.body)).encode()))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": req.path,
            "raw_path": req.path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        if True:
            # The app is called as uvicorn would call it, without an HTTP client in the
            # process: what is measured is the server's own work (and the driver's).

            async def send() -> None:
                sent: list[dict[str, Any]] = []

                async def receive() -> dict[str, Any]:
                    return {"type": "http.request", "body": req.body, "more_body": False}

                async def reply(message: dict[str, Any]) -> None:
                    sent.append(message)

                await app(dict(scope), receive, reply)
                body = b"".join(
                    m.get("body", b"") for m in sent if m["type"] == "http.response.body"
                )
                assert sent[0]["status"] == 200 and b'"errors"' not in body, body[:300]

            for _ in range(5):
                await send()
            cpu = time.process_time()
            for _ in range(n):
                await send()
            per_request = (time.process_time() - cpu) / n * 1000
            print(f"{SHAPES[shape]}: {per_request:.3f} ms CPU per request (server and driver)")
            if not profile:
                return
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(n):
                await send()
            profiler.disable()
    stats = pstats.Stats(profiler).sort_stats(sort)
    stats.print_stats(40)
    if callers:
        stats.print_callers(callers)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("shape", choices=sorted(SHAPES))
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--callers", help="also print who calls functions matching this")
    args = parser.parse_args()
    asyncio.run(main(args.shape, args.requests, args.sort, not args.no_profile, args.callers))
