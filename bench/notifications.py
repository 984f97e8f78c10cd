"""Benchmark (issue 3): sendNotification to 100,000 clients, delivered to a local SMTP sink.

Prints messages per second from the sendNotification call to the last message the
sink accepted, beside a plain aiosmtplib loop sending the same messages over the
same number of connections (the limit of this machine), and memory readings.

    .venv/bin/python -m bench.notifications [--clients 100000] [--connections 4]

Needs the PostgreSQL on 127.0.0.1:5432 (a scratch database is created and dropped).
The sink runs in its own process so it does not share the measured event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import time
from multiprocessing.sharedctypes import Synchronized
from typing import Any

import aiosmtplib
from tortoise import connections
from tortoise.context import TortoiseContext

from bench.common import free_port, peak_rss_mib, rss_mib, scratch_database
from clientela.settings import Settings
from mailer.outbox import Outbox, Policy
from mailer.render import build_message, render
from mailer.transport import SmtpPool
from models import Organization
from models.db import tortoise_config
from models.enums import Channel, NotificationType
from resolvers.access.actor import Actor
from resolvers.clients.client_filter import ClientFilter
from resolvers.notifications.send_notification import send_notification

PARAMS = {
    "title": "Serata soci",
    "body": "Venerdì sera aperitivo per tutti i soci.\n\nVi aspettiamo!",
}


def _sink(port: int, counter: Synchronized[int], ready: Any) -> None:
    from aiosmtpd.controller import Controller

    class Count:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            with counter.get_lock():
                counter.value += 1
            return "250 OK"

    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


async def _populate(n: int) -> Organization:
    org = await Organization.create(name="Bench Gym", slug="bench", default_locale="it")
    conn = connections.get("default")
    await conn.execute_script(
        f"""
        INSERT INTO account (uuid, email, email_key, first_name, last_name, verified_at,
                             email_notifications, in_app_notifications, created_at, updated_at)
        SELECT gen_random_uuid(), 'c' || i || '@bench.test', 'c' || i || '@bench.test',
               'Nome' || i, 'Cognome', now(), true, true, now(), now()
        FROM generate_series(1, {n}) AS i;
        INSERT INTO client (uuid, organization_id, first_name, last_name, email, email_key, points,
                            registered_at, share_code, status, level_set_manually, created_at,
                            updated_at, account_id)
        SELECT gen_random_uuid(), {org.id}, a.first_name, a.last_name, a.email, a.email_key, 0,
               now(), 'B' || a.id, 'active', false, now(), now(), a.id
        FROM account a;
        ANALYZE;
        """
    )
    return org


async def _clientela(
    n: int, port: int, connections_: int, counter: Synchronized[int]
) -> dict[str, float]:
    settings = Settings(smtp_port=port, smtp_pool_size=connections_)
    actor = Actor.system((await Organization.get(slug="bench")).id)
    before = rss_mib()
    start = time.perf_counter()
    result = await send_notification(
        actor, NotificationType.MANUAL, [Channel.EMAIL], spec=ClientFilter(), params=PARAMS
    )
    assert result.tally is not None and result.tally.queued == n, result
    queued_at = time.perf_counter()
    after_queue = rss_mib()
    worker = Outbox(settings, SmtpPool(settings, connections_), Policy(batch=500))
    samples = []
    while counter.value < n:
        if not await worker.deliver_due():
            await asyncio.sleep(0.01)
        samples.append(rss_mib())
    end = time.perf_counter()
    await worker.pool.close()
    return {
        "seconds": end - start,
        "queue_seconds": queued_at - start,
        "rate": n / (end - start),
        "rss_before": before,
        "rss_after_queue": after_queue,
        "rss_delivery_max": max(samples),
        "rss_delivery_first": samples[0],
    }


async def _limit(
    n: int, port: int, connections_: int, counter: Synchronized[int], *, prebuilt: bool
) -> dict[str, float]:
    """The same messages over plain aiosmtplib: built in the loop, or serialised beforehand."""
    rendered = render(
        NotificationType.MANUAL, "it", organization="Bench Gym", first_name="Nome", params=PARAMS
    )
    start_count = counter.value

    def message(i: int) -> Any:
        return build_message(
            rendered,
            sender="Clientela <no-reply@bench.test>",
            to_address=f"c{i}@bench.test",
            to_name=f"Nome{i} Cognome",
            message_id=f"<{i}.limit@bench.test>",
        )

    raw = {i: message(i).as_bytes() for i in range(n)} if prebuilt else {}

    async def lane(lane_no: int) -> None:
        smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port)
        await smtp.connect()
        for i in range(lane_no, n, connections_):
            if prebuilt:
                await smtp.sendmail("no-reply@bench.test", [f"c{i}@bench.test"], raw[i])
            else:
                await smtp.send_message(message(i))
        await smtp.quit()

    start = time.perf_counter()
    await asyncio.gather(*(lane(k) for k in range(connections_)))
    while counter.value - start_count < n:
        await asyncio.sleep(0.001)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rate": n / seconds}


async def main(n: int, connections_: int) -> None:
    logging.basicConfig(level=logging.WARNING)
    port = free_port()
    counter: Synchronized[int] = multiprocessing.Value("i", 0)  # type: ignore[assignment]
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=_sink, args=(port, counter, ready), daemon=True)
    sink.start()
    ready.wait(10)
    try:
        sample = min(n, 20_000)  # the transport-only reference needs no more to be stable
        transport = await _limit(sample, port, connections_, counter, prebuilt=True)
        counter.value = 0
        limit = await _limit(n, port, connections_, counter, prebuilt=False)
        counter.value = 0
        async with scratch_database() as url, TortoiseContext() as ctx:
            await ctx.init(config=tortoise_config(url))
            t = time.perf_counter()
            await _populate(n)
            print(
                f"generated {n:,} clients with verified accounts in {time.perf_counter() - t:.1f} s"
            )
            ours = await _clientela(n, port, connections_, counter)
    finally:
        sink.terminate()
    print(f"\n{n:,} messages, {connections_} SMTP connections, sink in its own process\n")
    print(f"{'':34}{'seconds':>9}{'msg/s':>9}")
    print(
        f"{'aiosmtplib, pre-serialised bytes':34}{transport['seconds']:9.1f}{transport['rate']:9.0f}"
    )
    print(f"{'plain aiosmtplib loop (limit)':34}{limit['seconds']:9.1f}{limit['rate']:9.0f}")
    print(f"{'sendNotification -> last accepted':34}{ours['seconds']:9.1f}{ours['rate']:9.0f}")
    print(f"{'  of which queueing (one txn)':34}{ours['queue_seconds']:9.1f}")
    print(
        f"\nratio to the limit: {ours['rate'] / limit['rate']:.2f} (target >= 0.80); "
        f"to pre-serialised bytes: {ours['rate'] / transport['rate']:.2f}"
    )
    print(
        f"memory (RSS MiB): before {ours['rss_before']:.0f}, after queueing {ours['rss_after_queue']:.0f}, "
        f"delivery first/max {ours['rss_delivery_first']:.0f}/{ours['rss_delivery_max']:.0f}, "
        f"process peak {peak_rss_mib():.0f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    asyncio.run(main(args.clients, args.connections))
