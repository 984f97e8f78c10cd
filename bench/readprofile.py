"""Where a read's time goes (issue 7): CPU time per request of one query shape of
`bench.readperf`, served in-process through the real app (httpx ASGI transport, no
network), then a cProfile of the same requests.

    .venv/bin/python -m bench.readprofile c [--requests 40] [--sort tottime] [--no-profile]

Uses the kept database of `bench.readdata` (generated on first use).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time

import httpx
from tortoise.context import TortoiseContext

from bench.readdata import DEFAULT_DB, prepare
from bench.readshapes import SHAPES, requests_for
from clientela.settings import Settings
from models.db import tortoise_config
from schema.app import create_app


async def main(shape: str, n: int, sort: str, profile: bool) -> None:
    data = await prepare(1_000_000, DEFAULT_DB)
    req = requests_for(data)[shape]["clientela"]
    settings = Settings.from_env({"DATABASE_URL": data.url, "MAIL_WORKER": "false"})
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(data.url))
        app = create_app(settings, manage_database=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

            async def send() -> None:
                response = await http.post(req.path, content=req.body, headers=req.headers)
                assert response.status_code == 200 and b'"errors"' not in response.content

            for _ in range(5):
                await send()
            cpu = time.process_time()
            for _ in range(n):
                await send()
            per_request = (time.process_time() - cpu) / n * 1000
            print(f"{SHAPES[shape]}: {per_request:.2f} ms CPU per request (client included)")
            if not profile:
                return
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(n):
                await send()
            profiler.disable()
    pstats.Stats(profiler).sort_stats(sort).print_stats(40)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("shape", choices=sorted(SHAPES))
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.shape, args.requests, args.sort, not args.no_profile))
