"""CPU per request of the product corpus (issue 16), in-process: the real app called as an
ASGI server calls it (no HTTP client, no network), once with the compiled read path and
once without it (every document through graphql-core, the reference), and the statements
each request sends. CPU time (`time.process_time`) is the server's own work and the
driver's; on a shared machine it moves less than requests per second.

    .venv/bin/python -m bench.corpusprofile [--clients 1000000] [--requests 50]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import time
from typing import Any

from tortoise.context import TortoiseContext

from bench.corpus import CORPUS, Document
from bench.corpusperf import _corpus, body, filled, headers, path
from bench.readdata import DEFAULT_DB, prepare
from clientela.app import create_app
from clientela.settings import Settings
from models.db import tortoise_config


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = str(record.msg if not record.args else record.args[0]).lstrip().upper()
        if message.startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.count += 1


async def measure(url: str, compiled: bool, n: int, docs: list[Document], data: Any,
                  corpus: Any, ids: list[str]) -> dict[str, tuple[float, float]]:  # fmt: skip
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
    found: dict[str, tuple[float, float]] = {}
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        app = create_app(settings, manage_database=False)
        for doc in docs:
            template = body(doc, "clientela", data, corpus)
            hdrs = [
                (k.encode(), v.encode()) for k, v in headers(doc, "clientela", data, corpus).items()
            ]

            async def send(i: int, doc: Document = doc, template: bytes = template,
                           hdrs: list[Any] = hdrs) -> None:  # fmt: skip
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

            for i in range(3):
                await send(i)
            counter = _Count()
            logger = logging.getLogger("tortoise.db_client")
            logger.addHandler(counter)
            logger.setLevel(logging.DEBUG)
            try:
                await send(3)
            finally:
                logger.removeHandler(counter)
            cpu = time.process_time()
            for i in range(n):
                await send(10 + i)
            found[doc.name] = ((time.process_time() - cpu) / n * 1000, counter.count)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--keep", default=DEFAULT_DB)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--documents", default=",".join(CORPUS))
    args = parser.parse_args()
    data = asyncio.run(prepare(args.clients, args.keep))
    corpus, ids = asyncio.run(_corpus(data))
    docs = [CORPUS[d] for d in args.documents.split(",")]
    fast = asyncio.run(measure(data.url, True, args.requests, docs, data, corpus, ids))
    reads = [d for d in docs if not d.write]
    slow = asyncio.run(measure(data.url, False, args.requests, reads, data, corpus, ids))
    print(f"\n{'document':50}{'compiled ms':>12}{'SQL':>5}{'reference ms':>14}{'SQL':>5}")
    for doc in docs:
        cpu, sql = fast[doc.name]
        ref = f"{slow[doc.name][0]:14.2f}{slow[doc.name][1]:5.0f}" if doc.name in slow else ""
        print(f"{doc.title:50}{cpu:12.2f}{sql:5.0f}{ref}")
    print("\nwrites have no reference column: they run the same resolvers either way")


if __name__ == "__main__":
    main()
