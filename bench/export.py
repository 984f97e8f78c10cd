"""Benchmark (issue 5): stream a large segment as CSV and JSON lines, and watch the server's memory.

    .venv/bin/python -m bench.export [--keep clientela_bench_segments]

Uses the database that `bench.segments --keep NAME` generated (1,000,000 clients), saves
a segment with every client, runs `clientela serve` on it in its own process, downloads
both exports over HTTP with a staff token reading chunk by chunk, and samples the server
process's resident memory (VmRSS) while it streams; VmHWM is its peak.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import httpx
from tortoise.context import TortoiseContext

from bench.common import free_port, scratch_database
from models import Organization, Segment, StaffSession, StaffUser
from models.db import tortoise_config
from models.enums import StaffRole
from models.security import hash_password, new_token
from resolvers.access.auth import STAFF_TOKEN_PREFIX


def memory_mib(pid: int, field: str) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


async def prepare(url: str) -> tuple[str, str]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        org = await Organization.get(slug="bench")
        staff, _ = await StaffUser.get_or_create(
            email="bench@bench.test",
            defaults={
                "organization": org,
                "name": "Bench",
                "role": StaffRole.OWNER,
                "password_hash": hash_password("bench-password-1"),
            },
        )
        token, digest = new_token(STAFF_TOKEN_PREFIX)
        await StaffSession.create(
            staff=staff, token_hash=digest, expires_at=datetime.now(UTC) + timedelta(hours=1)
        )
        segment, _ = await Segment.get_or_create(
            organization=org, name_key="everyone", defaults={"name": "Everyone", "conditions": {}}
        )
        return token, str(segment.uuid)


async def main(keep: str) -> None:
    async with scratch_database(keep) as url:
        token, segment = await prepare(url)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "MAIL_WORKER": "false", "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "clientela.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=600) as http:
            for _ in range(100):
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            print(f"server RSS at rest: {memory_mib(server.pid, 'VmRSS'):.0f} MiB\n")
            print(f"{'format':8}{'rows':>11}{'MiB':>7}{'seconds':>9}{'RSS before':>12}{'max':>6}")
            for fmt in ("csv", "jsonl"):
                before = peak = memory_mib(server.pid, "VmRSS")
                size = lines = 0
                start = time.perf_counter()
                async with http.stream(
                    "GET",
                    f"/export/segments/{segment}.{fmt}",
                    headers={"Authorization": f"Bearer {token}"},
                ) as response:
                    response.raise_for_status()
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        lines += chunk.count(b"\n")
                        peak = max(peak, memory_mib(server.pid, "VmRSS"))
                rows = lines - 1 if fmt == "csv" else lines
                seconds = time.perf_counter() - start
                print(
                    f"{fmt:8}{rows:>11,}{size / 2**20:>7.0f}{seconds:>9.1f}{before:>12.0f}{peak:>6.0f}"
                )
            print(
                f"\nserver peak RSS over the run (VmHWM): {memory_mib(server.pid, 'VmHWM'):.0f} MiB"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", default="clientela_bench_segments")
    asyncio.run(main(parser.parse_args().keep))
