"""Do the unauthenticated account paths answer a known email and an unknown one in the same
time? (issue 14, R3.10)

    .venv/bin/python -m bench.account_oracle [--rounds 50] [--postgres]

For each of registerAccount, requestPasswordReset, requestLoginLink and login: `rounds`
requests with emails that have a verified account and `rounds` with emails that have none,
interleaved, over HTTP against the real app (in process, on a scratch database). Every
request has its own email and client address, so the attempt limits never answer instead.
Prints the median and p90 of each side and the difference of the medians (target: < 10 %).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from tortoise.context import TortoiseContext

from bench.common import scratch_database
from clientela.app import create_app
from clientela.settings import Settings
from models import Account, Organization
from models.db import migrate, tortoise_config
from models.security import hash_password

PASSWORD = "a long and unusual passphrase"  # noqa: S105 - a benchmark's sign-up
DOCUMENTS = {
    "registerAccount": """mutation($email: String!) { registerAccount(input: {organization: "bench",
        email: $email, password: "a long and unusual passphrase", firstName: "Ada",
        lastName: "Byron"}) { accepted } }""",
    "requestPasswordReset": """mutation($email: String!) { requestPasswordReset(input: {
        organization: "bench", email: $email}) { accepted } }""",
    "requestLoginLink": """mutation($email: String!) { requestLoginLink(input: {
        organization: "bench", email: $email}) { accepted } }""",
    # A wrong password: the answer is the same for both sides.
    "login": """mutation($email: String!) { login(input: {organization: "bench", email: $email,
        password: "not the password"}) { token } }""",
}


async def _seed(url: str, rounds: int) -> None:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        await migrate(ctx.connections.get("default"))
        await Organization.create(name="Bench", slug="bench")
        digest = hash_password(PASSWORD)
        await Account.bulk_create(
            [
                Account(
                    email=f"known-{path}-{i}@example.com",
                    email_key=f"known-{path}-{i}@example.com",
                    password_hash=digest,
                    verified_at="2026-01-01T00:00:00+00:00",
                )
                for path in DOCUMENTS
                for i in range(rounds)
            ]
        )


async def _time(app, path: str, email: str, address: str) -> float:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        started = time.perf_counter()
        response = await http.post(
            "/graphql", json={"query": DOCUMENTS[path], "variables": {"email": email}}
        )
        elapsed = time.perf_counter() - started
    body = response.json()
    assert "errors" not in body, body
    return elapsed * 1000


async def measure(url: str, rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    await _seed(url, rounds)
    results: dict[str, tuple[list[float], list[float]]] = {}
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        app = create_app(Settings(database_url=url, mail_worker=False), manage_database=False)
        for n, path in enumerate(DOCUMENTS):
            known: list[float] = []
            unknown: list[float] = []
            await _time(app, path, f"warm-{path}@example.com", f"10.99.{n}.1")  # first-call costs
            for i in range(rounds):
                pair = [
                    (known, f"known-{path}-{i}@example.com", f"10.{n}.{i}.1"),
                    (unknown, f"unknown-{path}-{i}@example.com", f"10.{n}.{i}.2"),
                ]
                if i % 2:
                    pair.reverse()  # neither side always goes first
                for side, email, address in pair:
                    side.append(await _time(app, path, email, address))
            results[path] = (known, unknown)
    return results


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    if args.postgres:
        async with scratch_database() as url:
            results = await measure(url, args.rounds)
        database = "PostgreSQL"
    else:
        with tempfile.TemporaryDirectory() as folder:
            results = await measure(f"sqlite://{Path(folder) / 'oracle.sqlite3'}", args.rounds)
        database = "SQLite"
    print(f"{database}, {args.rounds} requests per side, milliseconds")
    print(
        f"{'path':22} {'known p50':>10} {'unknown p50':>12} {'diff':>7} {'known p90':>10} {'unknown p90':>12}"
    )
    for path, (known, unknown) in results.items():
        a, b = statistics.median(known), statistics.median(unknown)
        print(
            f"{path:22} {a:10.2f} {b:12.2f} {100 * (b - a) / a:+6.1f}% {_p90(known):10.2f} {_p90(unknown):12.2f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
