"""Does a burst of logins stall other requests? A cheap query's p99, idle and while 50
logins (argon2 checks, ~0.25 s of CPU each on a quiet machine) are in flight.

    .venv/bin/python -m bench.login_burst [--rounds 3] [--on-loop]

The service runs as `clientela serve` (one process) on a scratch SQLite database; this
process calls it over HTTP: one cheap query at a time, and the logins all at once, each
from its own loopback address (the per-address login limit is 50 per 15 minutes).
`--on-loop` starts the server with argon2 on its event loop, as before issue 13.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from tortoise.context import TortoiseContext

from bench.common import free_port
from models import Organization, StaffUser, security
from models.db import migrate, tortoise_config
from models.enums import StaffRole

LOGINS = 50
PASSWORD = "bench-password-1"  # noqa: S105
CHEAP = {"query": "{ __typename }"}
LOGIN = """mutation($email: String!, $password: String!) {
  staffLogin(input: {email: $email, password: $password}) { token userErrors { code } } }"""
# Run by the server process with --on-loop: argon2 on the event loop, the old way.
ON_LOOP = """
import sys
import models.security as security
import resolvers.access.staff_login as staff_login
async def verify(password_hash, password):
    return security.verify_password(password_hash, password)
staff_login.verify_password_async = verify
from clientela.cli import main
main(sys.argv[1:])
"""


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98] * 1000


async def cheap_latencies(http: httpx.AsyncClient, until: asyncio.Event | int) -> list[float]:
    samples = []
    while (len(samples) < until) if isinstance(until, int) else not until.is_set():
        started = time.perf_counter()
        try:
            response = await http.post("/graphql", json=CHEAP)
        except httpx.TransportError:  # a kept-alive connection the server closed meanwhile
            response = await http.post("/graphql", json=CHEAP)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
        await asyncio.sleep(0.005)  # a steady trickle, not a flood
    return samples


async def login(base: str, index: int) -> None:
    address = f"127.0.{index // 200 + 1}.{index % 200 + 2}"
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(transport=transport, base_url=base, timeout=600) as http:
        variables = {"email": f"staff{index}@bench.test", "password": PASSWORD}
        response = await http.post("/graphql", json={"query": LOGIN, "variables": variables})
    assert response.json()["data"]["staffLogin"]["token"], response.text


async def seed(url: str, staff: int) -> None:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        await migrate(ctx.connections.get("default"))
        org = await Organization.create(name="Bench", slug="bench", country="IT")
        digest = security.hash_password(PASSWORD)
        await StaffUser.bulk_create(
            StaffUser(
                organization=org,
                email=f"staff{i}@bench.test",
                name=f"S{i}",
                role=StaffRole.AGENT,
                password_hash=digest,
            )
            for i in range(staff)
        )


async def measure(base: str, rounds: int) -> tuple[list[float], list[float], list[float]]:
    async with httpx.AsyncClient(base_url=base, timeout=600) as http:
        await cheap_latencies(http, 50)  # warm up
        idle = await cheap_latencies(http, 400)
        busy: list[float] = []
        bursts = []
        for round_ in range(rounds):
            done = asyncio.Event()
            watcher = asyncio.create_task(cheap_latencies(http, done))
            started = time.perf_counter()
            await asyncio.gather(*(login(base, round_ * LOGINS + i) for i in range(LOGINS)))
            bursts.append(time.perf_counter() - started)
            done.set()
            busy += await watcher
    return idle, busy, bursts


def main(rounds: int, on_loop: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{Path(folder) / 'bench.sqlite3'}"
        asyncio.run(seed(url, LOGINS * rounds))
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "MAIL_WORKER": "false",
            "REQUEST_TIMEOUT_SECONDS": "600",  # a loaded machine makes 50 checks slow
            "LOG_LEVEL": "WARNING",
        }
        serve = ["serve", "--port", str(port)]
        command = (
            [sys.executable, "-c", ON_LOOP, *serve]
            if on_loop
            else [sys.executable, "-m", "clientela.cli", *serve]
        )
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    httpx.get(f"{base}/livez")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            idle, busy, bursts = asyncio.run(measure(base, rounds))
        finally:
            server.terminate()
            server.wait(30)
    concurrency = os.environ.get("PASSWORD_HASH_CONCURRENCY", "1")
    mode = "on the event loop" if on_loop else f"in worker threads (at most {concurrency} at once)"
    print(
        f"argon2 {mode}; {LOGINS} logins per burst, {rounds} bursts; load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"cheap query p99 idle:           {p99(idle):7.1f} ms  (median {statistics.median(idle) * 1000:.1f} ms, {len(idle)} samples)"
    )
    print(
        f"cheap query p99 during logins:  {p99(busy):7.1f} ms  (median {statistics.median(busy) * 1000:.1f} ms, {len(busy)} samples)"
    )
    print(
        f"ratio {p99(busy) / p99(idle):.2f}x; a burst of {LOGINS} logins took {statistics.median(bursts):.1f} s (median)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--on-loop", action="store_true")
    args = parser.parse_args()
    main(args.rounds, args.on_loop)
