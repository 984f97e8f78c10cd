"""Benchmark (issue 17): importing clients from CSV, beside PostgreSQL's own COPY.

    .venv/bin/python -m bench.imports [--rows 100000]

Writes a CSV of `--rows` clients (external id, names, email, phone, city, gender,
birthday, two tags), then on a throw-away PostgreSQL database:

- the limit: `COPY` of the same file into a bare table of text columns (no validation,
  no indexes, no audit);
- the import: `clientela import-clients FILE --organization bench` in its own process,
  as an operator runs it (every row validated, unique indexes, an activity entry per
  client, tags), timed, with the process's CPU seconds and peak resident memory (the
  machine's load inflates the wall time, not the CPU time); and the same
  for a file a tenth the size, to show that memory does not grow with the file.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
from tortoise.context import TortoiseContext

from bench.common import scratch_database
from models import Organization
from models.db import tortoise_config

HERE = Path(__file__).resolve().parent.parent
CITIES = ["Milano", "Roma", "Torino", "Napoli", "Bologna", "Firenze", "Bari", "Palermo"]
TAGS = ["vip", "yoga", "pilates", "spinning", "newsletter", "family", "student"]


def write_csv(path: Path, rows: int, seed: int = 17) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "external_id",
                "first_name",
                "last_name",
                "email",
                "phone",
                "city",
                "gender",
                "birthday",
                "tags",
            ]
        )
        for i in range(rows):
            writer.writerow(
                [
                    f"POS-{i:07d}",
                    f"Nome{i}",
                    f"Cognome{i % 5000}",
                    f"client{i}@example.com",
                    f"+39 3{rng.randint(10, 99)} {rng.randint(1000000, 9999999)}",
                    rng.choice(CITIES),
                    rng.choice(["female", "male", ""]),
                    f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    ";".join(rng.sample(TAGS, 2)),
                ]
            )


async def copy_limit(url: str, path: Path) -> float:
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(
            "CREATE TABLE bare (external_id text, first_name text, last_name text, email text,"
            " phone text, city text, gender text, birthday text, tags text)"
        )
        started = time.monotonic()
        await conn.copy_to_table("bare", source=str(path), format="csv", header=True)
        return time.monotonic() - started
    finally:
        await conn.close()


def run_import(url: str, path: Path) -> tuple[float, float, str]:
    env = {**os.environ, "DATABASE_URL": url, "CLIENTELA_ENV": "development"}
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", _PEAK, str(path)],
        cwd=HERE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out, _ = process.communicate()
    seconds = time.monotonic() - started
    if process.returncode != 0:
        raise SystemExit(f"import failed:\n{out}")
    *lines, cpu, child_cpu, peak, child_peak = out.strip().splitlines()
    summary = "\n".join(line for line in lines if "rows" in line)
    return (
        seconds,
        float(peak),
        f"{summary}\nimport CPU: {float(cpu) + float(child_cpu):.1f} s (its checking process"
        f" {float(child_cpu):.1f} s, peak RSS {float(child_peak) / 1024:.0f} MiB)",
    )


# Runs the real command in-process and prints, last, its CPU seconds (user + system: what
# the machine's load does not inflate) and its peak resident memory (KiB), each for the
# process and for its children (a large file is checked in a process of its own).
_PEAK = """
import resource, sys
from clientela.cli import main
try:
    main(["import-clients", sys.argv[1], "--organization", "bench"])
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(usage.ru_utime + usage.ru_stime)
    print(children.ru_utime + children.ru_stime)
    print(usage.ru_maxrss)
    print(children.ru_maxrss)
"""


def _process_ticks(pid: int) -> int | None:
    """User + system clock ticks of a process (fields 14 and 15 of /proc/PID/stat)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])


async def database_cpu(url: str, stop: asyncio.Event) -> float:
    """CPU seconds the PostgreSQL backends serving `url`'s database used meanwhile (read from
    /proc every half second; the server runs on this machine)."""
    name = url.rsplit("/", 1)[1]
    seen: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        while not stop.is_set():
            pids = await conn.fetch(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                name,
            )
            for (pid,) in pids:
                ticks = _process_ticks(pid)
                if ticks is not None:
                    seen[pid] = ticks / tick
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
    finally:
        await conn.close()
    return sum(seen.values())


async def timed_import(url: str, path: Path) -> tuple[float, float, str, float]:
    stop = asyncio.Event()
    monitor = asyncio.create_task(database_cpu(url, stop))
    try:
        seconds, peak_kib, summary = await asyncio.to_thread(run_import, url, path)
    finally:
        stop.set()
    return seconds, peak_kib, summary, await monitor


async def create_org(url: str) -> None:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        await Organization.create(name="Bench", slug="bench")


async def main(rows: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="clientela-bench-imports-"))
    big, small = folder / "clients.csv", folder / "clients-small.csv"
    await asyncio.to_thread(write_csv, big, rows)
    await asyncio.to_thread(write_csv, small, max(rows // 10, 1), 18)
    size = big.stat().st_size / 2**20
    print(f"{rows:,} clients, {size:.1f} MiB of CSV; load average {os.getloadavg()[0]:.1f}")
    async with scratch_database() as url:
        copy_seconds = await copy_limit(url, big)
        print(f"COPY into a bare table: {copy_seconds:.2f} s ({rows / copy_seconds:,.0f} rows/s)")
        await create_org(url)
        seconds, peak_kib, summary, db_cpu = await timed_import(url, small)
        small_rows = max(rows // 10, 1)
        print(
            f"import of {small_rows:,} rows: {seconds:.1f} s ({small_rows / seconds:,.0f} rows/s),"
            f" peak RSS {peak_kib / 1024:.0f} MiB; load average {os.getloadavg()[0]:.1f}"
        )
        print(f"{summary.splitlines()[-1]}; database backends' CPU: {db_cpu:.1f} s")
        async with scratch_database() as url2:
            await create_org(url2)
            seconds, peak_kib, summary, db_cpu = await timed_import(url2, big)
        print(f"{summary}; database backends' CPU: {db_cpu:.1f} s")
        print(
            f"import of {rows:,} rows: {seconds:.1f} s ({rows / seconds:,.0f} rows/s, "
            f"{seconds / copy_seconds:.0f}x COPY), peak RSS {peak_kib / 1024:.0f} MiB; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
    await asyncio.to_thread(shutil.rmtree, folder)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().rows))
