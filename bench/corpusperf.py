"""Benchmark (issue 16): the product corpus (`bench.corpus`) over HTTP on the read
benchmark's clients, Clientela beside PostGraphile v5 where it can express a document and
the limit (`bench.corpuslimit`), with the conventions of `bench.readperf`: each server one
process on core 0, `wrk -t1 -c16` on core 1, a warm-up then `--duration` seconds, rounds
interleaving the servers and medians of the rounds, statements per request from
PostgreSQL's own log.

    .venv/bin/python -m bench.corpusperf [--clients 1000000] [--documents detail,list]

Writes send a random client of 10,000 and a fresh idempotency key or partner id per
request (wrk's `request` function), so a retry is never measured as a write.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
from typing import Any

import httpx
import orjson
from tortoise import connections
from tortoise.context import TortoiseContext

from bench.corpus import CORPUS, Document, same_shape, shape_of, variables
from bench.corpusdata import CorpusData, prepare_corpus
from bench.readdata import DEFAULT_DB, BenchData, prepare
from bench.readperf import (
    CONNECTIONS,
    SERVER_CORE,
    TOOLS,
    WRK_CORE,
    WRK_TIMEOUT,
    Figures,
    count_statements,
    ensure_tools,
    peak_mib,
    running,
    set_statement_log,
)
from bench.readperf import (
    _ms as ms,
)
from bench.readshapes import Request
from models import Organization
from models.access import Permission
from models.db import tortoise_config
from resolvers.access.api_keys import issue_api_key

SERVERS = ("clientela", "postgraphile", "limit")
LIMIT_APP = "bench.corpuslimit:app"

WRITE_SCRIPT = """\
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
local f = assert(io.open(os.getenv("BENCH_BODY")))
local template = f:read("*a")
f:close()
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
local seq = 0
local run = tostring(os.time()) .. tostring(math.random(1000000))
request = function()
  seq = seq + 1
  local id = ids[math.random(#ids)]
  local body = template:gsub("CLIENT_ID", id):gsub("SEQ", run .. "-" .. seq)
  return wrk.format(nil, nil, nil, body)
end
"""


def body(doc: Document, server: str, data: BenchData, corpus: CorpusData) -> bytes:
    given = variables(doc, server, data, corpus)
    if server == "limit":
        if doc.write:
            given = {**given, "clientId": "CLIENT_ID", "seq": "SEQ"}
        return orjson.dumps({"variables": given})
    query = doc.postgraphile if server == "postgraphile" else doc.clientela
    return orjson.dumps({"query": query, "variables": given})


def headers(doc: Document, server: str, data: BenchData, corpus: CorpusData) -> dict[str, str]:
    found = {"content-type": "application/json"}
    if server == "clientela":
        token = data.api_key
        if doc.account:
            token = corpus.account_token
        elif doc.write:
            token = corpus.writer_key
        found["authorization"] = f"Bearer {token}"
    return found


def path(doc: Document, server: str) -> str:
    return f"/limit/{doc.name}" if server == "limit" else "/graphql"


def filled(raw: bytes, client: str, seq: str) -> bytes:
    return raw.replace(b"CLIENT_ID", client.encode()).replace(b"SEQ", seq.encode())


def ask(base: str, doc: Document, server: str, raw: bytes, hdrs: dict[str, str]) -> Any:
    response = httpx.post(base + path(doc, server), content=raw, headers=hdrs, timeout=60)
    response.raise_for_status()
    answer = orjson.loads(response.content)
    if answer.get("errors"):
        raise RuntimeError(f"{doc.name} on {server}: {answer['errors']}")
    return answer["data"]


def wrk(
    base: str, doc: Document, server: str, raw: bytes, hdrs: dict[str, str], seconds: int, ids: str
) -> Figures:
    body_file = TOOLS / "corpus-body.json"
    body_file.write_bytes(raw)
    script = TOOLS / ("corpus-write.lua" if doc.write else "post.lua")
    env = {
        **os.environ,
        "BENCH_BODY": str(body_file),
        "BENCH_AUTH": hdrs.get("authorization", ""),
        "BENCH_IDS": ids,
    }
    cmd = [
        "taskset", "-c", WRK_CORE, "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s",
        "--latency", "--timeout", WRK_TIMEOUT, "-s", str(script), base + path(doc, server),
    ]  # fmt: skip
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return Figures(rps, p50, p99, errors)


# Documents that need only the read benchmark's clients and ledger (`--light`).
WRITE_NAMES = (
    "addPoints",
    "addNote",
    "recordPurchase",
    "recordBooking",
    "recordOrder",
    "createClient",
    "updateClient",
    "addTags",
    "upsertClients",
)
LIGHT = ("list", "search", "page-points", *WRITE_NAMES)


async def _corpus(data: BenchData, light: bool = False) -> tuple[CorpusData, list[str]]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(data.url))
        corpus = await (light_corpus(data) if light else prepare_corpus(data.organization_id))
        rows = await connections.get("default").execute_query_dict(
            "SELECT uuid::text AS u FROM client WHERE organization_id = $1 ORDER BY id LIMIT 10000",
            [data.organization_id],
        )
        return corpus, [r["u"] for r in rows]


async def light_corpus(data: BenchData) -> CorpusData:
    """Without the corpus records (`bench.corpusdata`): a writer's key only."""
    org = await Organization.get(id=data.organization_id)
    scopes = [
        Permission.CLIENTS_READ,
        Permission.POINTS_WRITE,
        Permission.NOTES_WRITE,
        Permission.CLIENTS_WRITE,
        Permission.TAGS_WRITE,
    ]
    _, writer = await issue_api_key(org, "corpus writes", scopes)
    return CorpusData(data.client_uuid, "", "", 0, "", writer)


def servers_of(doc: Document, wanted: list[str]) -> list[str]:
    present = {"clientela": True, "postgraphile": doc.postgraphile is not None, "limit": doc.limit}
    return [s for s in wanted if present[s]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--keep", default=DEFAULT_DB)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--count", type=int, default=30, help="requests for statement counts")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--servers", default=",".join(SERVERS))
    parser.add_argument("--documents", default=",".join(CORPUS))
    parser.add_argument(
        "--light", action="store_true", help=f"no corpus records: only {', '.join(LIGHT)}"
    )
    args = parser.parse_args()
    if args.light:
        args.documents = ",".join(d for d in args.documents.split(",") if d in LIGHT)
    ensure_tools()
    (TOOLS / "corpus-write.lua").write_text(WRITE_SCRIPT)
    data = asyncio.run(prepare(args.clients, args.keep))
    corpus, ids = asyncio.run(_corpus(data, args.light))
    ids_file = TOOLS / "corpus-ids.txt"
    ids_file.write_text("\n".join(ids) + "\n")
    database = data.url.rsplit("/", 1)[1]
    docs = [CORPUS[name] for name in args.documents.split(",")]
    wanted = [s for s in SERVERS if s in args.servers.split(",")]

    def request(doc: Document, server: str, i: int) -> bytes:
        raw = body(doc, server, data, corpus)
        return filled(raw, random.choice(ids), f"count-{random.getrandbits(40)}-{i}")

    # Statements per request and a check that the servers return the same shape of rows:
    # every server's reads before any write (a created client is the newest: a list read
    # after it would show other rows).
    counts: dict[tuple[str, str], float] = {}
    shapes: dict[tuple[str, str], Any] = {}
    asyncio.run(set_statement_log(database, True))
    try:
        for writes, server in [(w, s) for w in (False, True) for s in wanted]:
            with running(server, data, LIMIT_APP) as (_, base):
                for doc in docs:
                    if server not in servers_of(doc, wanted) or doc.write != writes:
                        continue
                    hdrs = headers(doc, server, data, corpus)
                    for i in range(5):
                        answer = ask(base, doc, server, request(doc, server, i), hdrs)
                    shapes[(server, doc.name)] = shape_of(answer)

                    def make(i: int, doc: Document = doc, server: str = server) -> Any:
                        return Request(
                            path(doc, server), request(doc, server, 100 + i),
                            headers(doc, server, data, corpus),
                        )  # fmt: skip

                    counts[(server, doc.name)] = count_statements(
                        base, make, database, server, args.count
                    )
    finally:
        asyncio.run(set_statement_log(database, False))
    for doc in docs:
        if doc.write:
            continue
        for server in servers_of(doc, wanted):
            if server != "limit" and not same_shape(
                shapes[("clientela", doc.name)], shapes[(server, doc.name)]
            ):
                sys.exit(
                    f"{doc.name}: {server} returns other rows than Clientela:\n"
                    f"{shapes[(server, doc.name)]}\n{shapes[('clientela', doc.name)]}"
                )
    print(f"row shapes identical; statements from {args.count} requests per document:")
    for (server, name), count in sorted(counts.items()):
        print(f"  {name:15} {server:13} {count:6.2f}")
    print(flush=True)
    runs: dict[tuple[str, str], list[tuple[Figures, float]]] = {}
    for round_ in range(1, args.rounds + 1):
        for doc in docs:
            for server in servers_of(doc, wanted):
                raw = body(doc, server, data, corpus)
                hdrs = headers(doc, server, data, corpus)
                with running(server, data, LIMIT_APP) as (proc, base):
                    ask(base, doc, server, request(doc, server, 0), hdrs)
                    wrk(base, doc, server, raw, hdrs, args.warmup, str(ids_file))
                    figures = wrk(base, doc, server, raw, hdrs, args.duration, str(ids_file))
                    runs.setdefault((server, doc.name), []).append((figures, peak_mib(proc.pid)))
                print(
                    f"  round {round_} {doc.name:15} {server:13} {figures.rps:8.0f} req/s",
                    flush=True,
                )
    print(
        f"\n{args.clients:,} clients; wrk -t1 -c{CONNECTIONS}, {args.warmup} s warm-up + "
        f"{args.duration} s; server on core {SERVER_CORE}, wrk on core {WRK_CORE}; "
        f"median of {args.rounds} round(s)\n"
    )
    header = (
        f"{'document':50}{'server':14}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'SQL/req':>9}"
        f"{'MiB':>6}{'err':>5}"
    )
    print(header)
    print("-" * len(header))
    for doc in docs:
        for server in servers_of(doc, wanted):
            found = runs[(server, doc.name)]
            rps = statistics.median(f.rps for f, _ in found)
            p50 = statistics.median(f.p50 for f, _ in found)
            p99 = statistics.median(f.p99 for f, _ in found)
            errors = sum(f.errors for f, _ in found)
            peak = max(p for _, p in found)
            print(
                f"{doc.title:50}{server:14}{rps:8.1f}{p50:9.2f}{p99:9.2f}"
                f"{counts[(server, doc.name)]:9.2f}{peak:6.0f}{errors:5}"
            )
    print(f"\n{'document':50}{'vs PostGraphile':>16}{'vs limit':>10}{'p99 ok':>8}")
    for doc in docs:
        ours = statistics.median(f.rps for f, _ in runs[("clientela", doc.name)])
        ours99 = statistics.median(f.p99 for f, _ in runs[("clientela", doc.name)])
        cells = []
        for other in ("postgraphile", "limit"):
            found = runs.get((other, doc.name))
            theirs_rps = statistics.median(f.rps for f, _ in found) if found else 0.0
            cells.append(f"{ours / theirs_rps:.2f}" if theirs_rps else "-")
        p99_ok = "-"
        if ("postgraphile", doc.name) in runs:
            theirs = statistics.median(f.p99 for f, _ in runs[("postgraphile", doc.name)])
            p99_ok = "yes" if ours99 <= theirs else "no"
        print(f"{doc.title:50}{cells[0]:>16}{cells[1]:>10}{p99_ok:>8}")


if __name__ == "__main__":
    main()
