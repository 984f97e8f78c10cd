"""CPU per request of the product corpus (issue 16), in-process: the real app called as an
ASGI server calls it (no HTTP client, no network), once with the compiled read path and
once without it (every document through graphql-core, the reference), and the statements
each request sends. CPU time (`time.process_time`) is the server's own work and the
driver's; on a shared machine it moves less than requests per second.

Beside the corpus, the issue's yardstick: `client(id)` with 15 columns. "rows" counts the
records an answer holds (clients, levels, tags, notes...: `bench.corpus.rows_in`), and "x
base/row" is a document's CPU per row over the yardstick's (target: at most 3). `--profile
DOC[,DOC]` adds a cProfile of those documents' requests (compiled path).

    .venv/bin/python -m bench.corpusprofile [--clients 1000000] [--requests 50]
        [--documents detail,list] [--profile list] [--no-reference]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from asyncpg.connection import Connection
from tortoise.context import TortoiseContext

from bench.corpus import BASELINE, CORPUS, Document, rows_in
from bench.corpusperf import _corpus, body, filled, headers, path
from bench.readdata import DEFAULT_DB, prepare
from clientela.app import create_app
from clientela.settings import Settings
from models.db import tortoise_config


class _Count:
    """Round trips to PostgreSQL, counted at the driver (asyncpg): every statement a
    request sends, BEGIN and COMMIT included, whichever layer sends it (ORM or compiled)."""

    def __init__(self) -> None:
        self.count = 0

    @contextmanager
    def counting(self) -> Iterator[None]:
        originals = (Connection._do_execute, Connection.execute, Connection._executemany)
        do_execute, execute, executemany = originals

        async def _do(conn: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await do_execute(conn, *args, **kwargs)

        async def _simple(conn: Any, query: str, *args: Any, **kwargs: Any) -> Any:
            if not args:  # the simple protocol; with arguments it goes through _do_execute
                self.count += 1
            return await execute(conn, query, *args, **kwargs)

        async def _many(conn: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await executemany(conn, *args, **kwargs)

        Connection._do_execute, Connection.execute, Connection._executemany = _do, _simple, _many  # type: ignore[method-assign]
        try:
            yield
        finally:
            Connection._do_execute, Connection.execute, Connection._executemany = originals  # type: ignore[method-assign]


async def measure(url: str, compiled: bool, n: int, docs: list[Document], data: Any,
                  corpus: Any, ids: list[str], profile: str | None = None,
                  ) -> dict[str, tuple[float, float, int]]:  # fmt: skip
    settings = Settings.from_env(
        {
            "DATABASE_URL": url,
            "MAIL_WORKER": "false",
            "KEY_BUCKET_SIZE": "100000000",
            "KEY_RESTORE_RATE": "100000000",
            "ADDRESS_BUCKET_SIZE": "100000000",
            "ADDRESS_RESTORE_RATE": "100000000",
            "COMPILED_READS": "true" if compiled else "false",
        }
    )
    found: dict[str, tuple[float, float, int]] = {}
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        app = create_app(settings, manage_database=False)
        for doc in docs:
            template = body(doc, "clientela", data, corpus)
            hdrs = [
                (k.encode(), v.encode()) for k, v in headers(doc, "clientela", data, corpus).items()
            ]

            async def send(i: int, doc: Document = doc, template: bytes = template,
                           hdrs: list[Any] = hdrs) -> bytes:  # fmt: skip
                raw = filled(template, random.choice(ids), f"prof-{random.getrandbits(40)}-{i}")
                sent: list[dict[str, Any]] = []
                scope = {
                    "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                    "method": "POST", "scheme": "http", "path": path(doc, "clientela"),
                    "raw_path": path(doc, "clientela").encode(), "query_string": b"",
                    "root_path": "", "client": ("127.0.0.1", 50000),
                    "server": ("127.0.0.1", 8000),
                    "headers": [*hdrs, (b"content-length", str(len(raw)).encode())],
                }  # fmt: skip

                async def receive() -> dict[str, Any]:
                    return {"type": "http.request", "body": raw, "more_body": False}

                async def reply(message: dict[str, Any]) -> None:
                    sent.append(message)

                await app(scope, receive, reply)
                answer = b"".join(m.get("body", b"") for m in sent if "body" in m)
                assert sent[0]["status"] == 200 and b'"errors"' not in answer, answer[:300]
                return answer

            for i in range(3):
                await send(i)
            counter = _Count()
            with counter.counting():
                rows = rows_in(orjson.loads(await send(3))["data"])
            cpu = time.process_time()
            for i in range(n):
                await send(10 + i)
            found[doc.name] = ((time.process_time() - cpu) / n * 1000, counter.count, rows)
            if doc.name in (profile or "").split(","):
                # CPU time, not wall time: on a shared machine the wall clock also counts
                # the time this process waits for a core (and for PostgreSQL).
                profiler = cProfile.Profile(time.process_time)
                profiler.enable()
                for i in range(n):
                    await send(10_000 + i)
                profiler.disable()
                print(f"\n--- profile of {doc.title}, {n} requests ---")
                pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--keep", default=DEFAULT_DB)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--documents", default=",".join(CORPUS))
    parser.add_argument(
        "--profile", help="cProfile these documents' requests (compiled path), comma-separated"
    )
    parser.add_argument("--no-reference", action="store_true", help="skip COMPILED_READS=false")
    args = parser.parse_args()
    data = asyncio.run(prepare(args.clients, args.keep))
    corpus, ids = asyncio.run(_corpus(data))
    docs = [BASELINE, *(CORPUS[d] for d in args.documents.split(","))]
    fast = asyncio.run(
        measure(data.url, True, args.requests, docs, data, corpus, ids, args.profile)
    )
    reads = [d for d in docs if not d.write]
    slow = (
        {}
        if args.no_reference
        else asyncio.run(measure(data.url, False, args.requests, reads, data, corpus, ids))
    )
    base_cpu, _, base_rows = fast[BASELINE.name]
    base = base_cpu / max(base_rows, 1)
    print(
        f"\n{'document':50}{'compiled ms':>12}{'x base':>7}{'trips':>6}{'rows':>6}{'ms/row':>8}"
        f"{'x base/row':>11}{'reference ms':>14}{'trips':>6}"
    )
    for doc in docs:
        cpu, sql, rows = fast[doc.name]
        per_row = cpu / max(rows, 1)
        ref = f"{slow[doc.name][0]:14.2f}{slow[doc.name][1]:6.0f}" if doc.name in slow else ""
        print(
            f"{doc.title:50}{cpu:12.2f}{cpu / base_cpu:7.2f}{sql:6.0f}{rows:6}{per_row:8.3f}"
            f"{per_row / base:11.2f}{ref}"
        )
    print("\nwrites have no reference column: they run the same resolvers either way")
    print("x base: CPU per request over client(id) with 15 columns'; x base/row: per returned")
    print("row (issue 16: at most 3 for the same number of rows returned)")


if __name__ == "__main__":
    main()
