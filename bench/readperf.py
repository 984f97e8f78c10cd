"""Benchmark (issue 7): reads over HTTP on 1,000,000 clients, Clientela beside PostGraphile v5
and the limit (one hand-written SQL statement per shape, asyncpg, orjson), side by side.

    .venv/bin/python -m bench.readperf [--keep clientela_readbench] [--duration 10]

Each server runs as one process pinned to core 0 (`taskset -c 0`), `wrk` (16 connections,
one thread) on core 1 POSTs the same JSON body again and again: a warm-up, then `--duration`
seconds measured. Every (server, shape) gets a fresh server process so its peak memory
(VmHWM) is that shape's. The whole series runs `--rounds` times (3), the servers taking
turns, and each figure is the median of the rounds: the machine is shared, and one run of
one server can fall on a slow minute. SQL statements per request come from PostgreSQL's own statement log:
the harness sets `log_statement = 'all'` on the benchmark database only (ALTER DATABASE, no
restart), starts each server once more, sends `--count` requests per shape and counts the
`statement:` / `execute` lines of that server's own backends in the server log. Before measuring, the answers of
the three servers are compared: the same clients in the same order, the same tags and ledger
entries.

Tools live in `bench/.readbench/` (git-ignored): `npm install node@22 postgraphile
postgraphile-plugin-connection-filter` there; `wrk` comes from Debian (`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

from bench.common import PG_ADMIN, free_port
from bench.readdata import DEFAULT_DB, BenchData, prepare
from bench.readshapes import SHAPES, Request, requests_for, rows_of

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "bench" / ".readbench"
NODE = TOOLS / "node_modules" / ".bin" / "node"
POSTGRAPHILE = TOOLS / "node_modules" / "postgraphile" / "dist" / "cli-run.js"
PG_LOG = Path(os.environ.get("BENCH_PG_LOG", "/var/log/postgresql/postgresql-15-main.log"))
SERVER_CORE, WRK_CORE = "0", "1"
# wrk's own default (2 s) drops slower requests from the latencies as timeouts: a page
# bound by a slow count would show no p99 at all. The service's request timeout is 30 s.
WRK_TIMEOUT = "30s"
CONNECTIONS = 16

GRAPHILE_CONFIG = """\
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

export default {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ["public"] })],
  schema: { connectionFilterRelations: true },
  grafserv: { port: Number(process.env.PORT), host: "127.0.0.1" },
};
"""

WRK_SCRIPT = """\
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
local f = assert(io.open(os.getenv("BENCH_BODY")))
wrk.body = f:read("*a")
f:close()
"""

SERVERS = ("clientela", "postgraphile", "limit")
APP_PREFIX = "readbench_"


def ensure_tools() -> None:
    """Install the tools the harness owns when they are missing (npm, apt)."""
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)  # noqa: S607
    TOOLS.mkdir(exist_ok=True)
    if not NODE.exists() or not POSTGRAPHILE.exists():
        (TOOLS / "package.json").write_text('{"name": "readbench", "private": true}\n')
        subprocess.run(
            [  # noqa: S607
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "node@22",
                "postgraphile@^5",
                "postgraphile-plugin-connection-filter@^3",
            ],
            cwd=TOOLS,
            check=True,
        )
    (TOOLS / "graphile.config.mjs").write_text(GRAPHILE_CONFIG)
    (TOOLS / "post.lua").write_text(WRK_SCRIPT)


def server_command(
    server: str, data: BenchData, port: int, limit_app: str = "bench.readlimit:app"
) -> tuple[list[str], dict[str, str]]:
    # The server's connections carry its name, so its statements can be told from others'.
    url = f"{data.url}?application_name={APP_PREFIX}{server}"
    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port)}
    pin = ["taskset", "-c", SERVER_CORE]
    if server == "clientela":
        env.update(
            CLIENTELA_ENV="production",
            SECRET_KEY="bench-" + "x" * 40,
            MAIL_WORKER="false",
            LOG_LEVEL="WARNING",
            # The cost of every request is still computed, taken and refunded; the bucket
            # is only made large enough that a load test is not throttled (429).
            KEY_BUCKET_SIZE="100000000",
            KEY_RESTORE_RATE="100000000",
            # The client app's sessions are charged to the caller's address.
            ADDRESS_BUCKET_SIZE="100000000",
            ADDRESS_RESTORE_RATE="100000000",
        )
        return [*pin, str(ROOT / ".venv/bin/clientela"), "serve", "--port", str(port)], env
    if server == "postgraphile":
        env["GRAPHILE_ENV"] = "production"
        return [*pin, str(NODE), str(POSTGRAPHILE), "-C", str(TOOLS / "graphile.config.mjs")], env
    return [
        *pin,
        str(ROOT / ".venv/bin/uvicorn"),
        limit_app,
        "--port",
        str(port),
        "--log-level",
        "warning",
    ], env


@contextmanager
def running(
    server: str, data: BenchData, limit_app: str = "bench.readlimit:app"
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    cmd, env = server_command(server, data, port, limit_app)
    proc = subprocess.Popen(  # noqa: S603
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240  # a loaded machine starts servers slowly
        while True:
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{server} did not start") from None
                time.sleep(0.2)
        yield proc, base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def post(base: str, req: Request) -> Any:
    response = httpx.post(base + req.path, content=req.body, headers=req.headers, timeout=30)
    response.raise_for_status()
    answer = orjson.loads(response.content)
    if answer.get("errors"):
        raise RuntimeError(f"{req.path}: {answer['errors']}")
    return answer["data"]


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


@dataclass
class Figures:
    rps: float
    p50: float
    p99: float
    errors: int


def wrk(base: str, req: Request, seconds: int) -> Figures:
    body = TOOLS / "body.json"
    body.write_bytes(req.body)
    env = {
        **os.environ,
        "BENCH_BODY": str(body),
        "BENCH_AUTH": req.headers.get("authorization", ""),
    }
    cmd = [
        "taskset",
        "-c",
        WRK_CORE,
        "wrk",
        "-t1",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        WRK_TIMEOUT,
        "-s",
        str(TOOLS / "post.lua"),
        base + req.path,
    ]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return Figures(rps, p50, p99, errors)


async def set_statement_log(database: str, on: bool) -> None:
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        value = "'all'" if on else "DEFAULT"
        await admin.execute(f'ALTER DATABASE "{database}" SET log_statement = {value}')
    finally:
        await admin.close()


async def backend_pids(database: str, server: str) -> set[int]:
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        rows = await admin.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
            database,
            APP_PREFIX + server,
        )
    finally:
        await admin.close()
    return {int(r["pid"]) for r in rows}


def count_statements(
    base: str, req: Request | Callable[[int], Request], database: str, server: str, n: int
) -> float:
    """Statements the server's own connections sent for `n` requests, from the server log
    (lines `<time> [<backend pid>] user@database LOG:  statement: / execute ...:`). `req`
    may make the i-th request (writes send a new one each time)."""
    pattern = re.compile(
        rf"\[(\d+)\] [^@ ]*@{re.escape(database)} LOG:  (statement|execute [^:]*): "
    )
    start = PG_LOG.stat().st_size
    for i in range(n):
        post(base, req(i) if callable(req) else req)
    pids = asyncio.run(backend_pids(database, server))
    time.sleep(1.0)  # let the server log catch up
    with PG_LOG.open("rb") as log:
        log.seek(start)
        text = log.read().decode("utf-8", "replace")
    found = (pattern.search(line) for line in text.splitlines())
    return sum(1 for m in found if m and int(m.group(1)) in pids) / n


def statements_and_answers(
    data: BenchData, database: str, n: int
) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], Any]]:
    counts: dict[tuple[str, str], float] = {}
    answers: dict[tuple[str, str], Any] = {}
    asyncio.run(set_statement_log(database, True))
    try:
        for server in SERVERS:
            with running(server, data) as (_, base):
                for shape in SHAPES:
                    req = requests_for(data)[shape][server]
                    for _ in range(5):  # warm caches and prepared statements first
                        post(base, req)
                    answers[(server, shape)] = rows_of(server, shape, post(base, req))
                    counts[(server, shape)] = count_statements(base, req, database, server, n)
    finally:
        asyncio.run(set_statement_log(database, False))
    return counts, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--keep", default=DEFAULT_DB, help="database to keep (or reuse)")
    parser.add_argument("--duration", type=int, default=10, help="measured seconds per run")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds per run")
    parser.add_argument("--count", type=int, default=50, help="requests for statement counts")
    parser.add_argument("--servers", default=",".join(SERVERS))
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--rounds", type=int, default=3, help="runs per server and shape")
    args = parser.parse_args()
    ensure_tools()
    data = asyncio.run(prepare(args.clients, args.keep))
    database = data.url.rsplit("/", 1)[1]
    counts, answers = statements_and_answers(data, database, args.count)
    for shape in SHAPES:
        first = answers[("limit", shape)]
        for server in SERVERS:
            if answers[(server, shape)] != first:
                sys.exit(f"shape {shape}: {server} answers differently from the limit")
    print(f"answers identical on all servers; statements from {args.count} requests per shape\n")
    servers = [s for s in SERVERS if s in args.servers.split(",")]
    shapes = [s for s in SHAPES if s in args.shapes.split(",")]
    runs: dict[tuple[str, str], list[tuple[Figures, float]]] = {}
    # Rounds interleave the servers, so that a slow minute of the machine (it is shared)
    # falls on all of them; each figure is the median of the rounds.
    for round_ in range(1, args.rounds + 1):
        for shape in shapes:
            for server in servers:
                req = requests_for(data)[shape][server]
                with running(server, data) as (proc, base):
                    post(base, req)
                    wrk(base, req, args.warmup)
                    figures = wrk(base, req, args.duration)
                    runs.setdefault((server, shape), []).append((figures, peak_mib(proc.pid)))
                print(f"  round {round_} {shape} {server:13} {figures.rps:8.0f} req/s", flush=True)
    results = {key: median_of(found) for key, found in runs.items()}
    print_table(results, counts, shapes, servers, args)


def median_of(runs: list[tuple[Figures, float]]) -> tuple[Figures, float]:
    figures = [f for f, _ in runs]
    return (
        Figures(
            rps=statistics.median(f.rps for f in figures),
            p50=statistics.median(f.p50 for f in figures),
            p99=statistics.median(f.p99 for f in figures),
            errors=sum(f.errors for f in figures),
        ),
        max(peak for _, peak in runs),
    )


def print_table(
    results: dict[tuple[str, str], tuple[Figures, float]],
    counts: dict[tuple[str, str], float],
    shapes: list[str],
    servers: list[str],
    args: argparse.Namespace,
) -> None:
    print(
        f"\n{args.clients:,} clients; wrk -t1 -c{CONNECTIONS}, {args.warmup} s warm-up + "
        f"{args.duration} s; server on core {SERVER_CORE}, wrk on core {WRK_CORE}; "
        f"median of {args.rounds} rounds\n"
    )
    header = (
        f"{'shape':34}{'server':14}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'SQL/req':>9}{'peak MiB':>10}{'errors':>8}"
    )
    print(header)
    print("-" * len(header))
    for shape in shapes:
        for server in servers:
            figures, peak = results[(server, shape)]
            print(
                f"{SHAPES[shape]:34}{server:14}{figures.rps:8.0f}{figures.p50:9.2f}"
                f"{figures.p99:9.2f}{counts[(server, shape)]:9.2f}{peak:10.0f}{figures.errors:8}"
            )
    if {"clientela", "postgraphile", "limit"} <= set(servers):
        print(f"\n{'shape':34}{'vs PostGraphile':>16}{'vs limit':>10}{'p99 ok':>8}{'SQL ok':>8}")
        for shape in shapes:
            ours = results[("clientela", shape)][0]
            pg = results[("postgraphile", shape)][0]
            lim = results[("limit", shape)][0]
            print(
                f"{SHAPES[shape]:34}{ours.rps / pg.rps:16.2f}{ours.rps / lim.rps:10.2f}"
                f"{'yes' if ours.p99 <= pg.p99 else 'no':>8}"
                f"{'yes' if counts[('clientela', shape)] <= 2 else 'no':>8}"
            )
        print("\ntargets: vs PostGraphile >= 1.0, vs limit >= 0.5, p99 <= PostGraphile's, SQL <= 2")


if __name__ == "__main__":
    main()
