"""Benchmark (issue 17): webhook delivery to a local receiver, then the same through a
receiver outage and a `kill -9` of the worker.

    .venv/bin/python -m bench.webhooks [--events 10000] [--outage 60]

On a throw-away PostgreSQL database: 10,000 events (1,000 clients x 10) are queued for
one endpoint through the same writer the activity log uses, a receiver (Starlette on
uvicorn, its own process) appends every `webhook-id` it gets to a file, and a worker
(`WebhookWorker` with the production policy, its own process) delivers them.

1. Throughput: time from the worker's start until every delivery is DELIVERED.
2. Robustness: 10,000 more events; the worker is killed with SIGKILL at about a third of
   them and started again; then the receiver goes away for `--outage` seconds and comes
   back. At the end: every event received (0 lost), and every duplicate is a second
   receipt of the same webhook-id (counted), never a different id.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from tortoise.context import TortoiseContext

from bench.common import free_port, scratch_database
from clientela.settings import Settings
from models import Client, Organization, WebhookDelivery, WebhookEndpoint, WebhookEvent
from models.db import tortoise_config
from models.webhook import DeliveryStatus, Pending, WebhookEventType, emit
from resolvers.webhooks.endpoints import new_secret, seal_secret

HERE = Path(__file__).resolve().parent.parent


def receiver_main(port: int, log: str) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    out = open(log, "a", buffering=1)  # noqa: SIM115 - lives as long as the process

    async def hook(request: Request) -> Response:
        await request.body()
        out.write(request.headers["webhook-id"] + "\n")
        return Response(b"ok")

    app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def worker_main(url: str) -> None:
    from clientela.settings import Settings
    from resolvers.webhooks.delivery import WebhookWorker

    async def go() -> None:
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        async with TortoiseContext() as ctx:
            await ctx.init(config=tortoise_config(url))
            await WebhookWorker(Settings(database_url=url)).run(stop)

    asyncio.run(go())


def spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "bench.webhooks", *args], cwd=HERE, env=os.environ.copy()
    )


async def delivered() -> int:
    return await WebhookDelivery.filter(status=DeliveryStatus.DELIVERED).count()


async def wait_for(total: int, limit: float) -> float:
    started = time.monotonic()
    while await delivered() < total:
        if time.monotonic() - started > limit:
            raise SystemExit(f"gave up after {limit:.0f} s: {await delivered()}/{total}")
        await asyncio.sleep(0.2)
    return time.monotonic() - started


async def run(events: int, outage: float) -> None:
    from tortoise import connections

    async with scratch_database() as url, TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        port = free_port()
        folder = tempfile.mkdtemp(prefix="clientela-bench-webhooks-")
        log = Path(folder) / "received.log"
        org = await Organization.create(name="Bench", slug="bench")
        clients = await Client.bulk_create(
            [
                Client(
                    organization=org,
                    first_name=f"C{i}",
                    share_code=f"S{i:07d}",
                    registered_at=datetime.now(UTC),
                )
                for i in range(events // 10)
            ]
        )
        ids = [c.id for c in await Client.all().only("id")]
        del clients
        await WebhookEndpoint.create(
            organization=org,
            url=f"http://127.0.0.1:{port}/hook",
            events=["POINTS_CHANGED"],
            # Sealed as createWebhookEndpoint stores it (the worker opens it to sign).
            secret=seal_secret(Settings().secret_key.get_secret_value(), new_secret()),
            scopes=["clients:read", "webhooks:manage"],
        )
        conn = connections.get("default")

        async def queue_all() -> None:
            async with conn._in_transaction() as tx:
                for round_ in range(10):
                    await emit(
                        [
                            Pending(org.id, cid, WebhookEventType.POINTS_CHANGED, {"round": round_})
                            for cid in ids
                        ],
                        using_db=tx,
                    )

        receiver = spawn("receiver", str(port), str(log))
        await asyncio.sleep(1.5)

        # 1. Throughput.
        await queue_all()
        worker = spawn("worker", url)
        seconds = await wait_for(events, 600)
        worker.send_signal(signal.SIGTERM)
        worker.wait()
        print(
            f"1. {events:,} events delivered in {seconds:.1f} s: {events / seconds:,.0f} events/s"
        )

        # 2. A kill -9 of the worker and a receiver outage.
        await queue_all()
        worker = spawn("worker", url)
        while await delivered() < events + events // 3:
            await asyncio.sleep(0.05)
        worker.kill()  # SIGKILL: leases of what it held run out, another worker takes over
        worker.wait()
        print(f"2. worker killed (-9) at {await delivered() - events:,}/{events:,}")
        worker = spawn("worker", url)
        await asyncio.sleep(1.0)
        receiver.kill()
        receiver.wait()
        down_at = await delivered() - events
        print(f"   receiver down at {down_at:,}/{events:,} for {outage:.0f} s")
        await asyncio.sleep(outage)
        receiver = spawn("receiver", str(port), str(log))
        started = time.monotonic()
        await wait_for(2 * events, 3600)
        print(f"   receiver back; the rest delivered {time.monotonic() - started:.1f} s later")
        worker.send_signal(signal.SIGTERM)
        worker.wait()
        receiver.send_signal(signal.SIGTERM)
        receiver.wait()

        got = Counter((await asyncio.to_thread(log.read_text)).split())
        expected = {str(e.uuid) for e in await WebhookEvent.all().only("uuid")}
        lost = expected - set(got)
        strangers = set(got) - expected
        duplicates = sum(n - 1 for n in got.values() if n > 1)
        print(
            f"   events {len(expected):,}, received {sum(got.values()):,}, distinct "
            f"{len(got):,}; lost {len(lost)}, unknown ids {len(strangers)}, "
            f"duplicates (same webhook-id) {duplicates}"
        )
        await asyncio.to_thread(shutil.rmtree, folder)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "receiver":
        receiver_main(int(sys.argv[2]), sys.argv[3])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        worker_main(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--outage", type=float, default=60.0)
    args = parser.parse_args()
    asyncio.run(run(args.events, args.outage))


if __name__ == "__main__":
    main()
