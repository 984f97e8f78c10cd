"""Benchmark (issue 6): unify two clients that each have 10,000 related rows, on PostgreSQL.

    .venv/bin/python -m bench.merge [--rows 10000]

Each client gets `rows` related rows spread over notes, activity entries, notifications,
points entries, purchases, orders, bookings, memberships, gift cards and gift lists, plus
20 tags. Prints the merge's wall time and its SQL statement count, next to the same merge
of clients with 100 related rows: the statement count must not depend on the row count.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time

from tortoise import connections
from tortoise.context import TortoiseContext

from bench.common import scratch_database
from models import Client, Organization, StaffUser, Tag
from models.db import tortoise_config
from models.enums import StaffRole
from resolvers.access.actor import Actor
from resolvers.clients.client_write import new_share_code
from resolvers.lifecycle.unify_clients import unify_clients

TABLES = (
    "note",
    "activity_entry",
    "notification",
    "points_entry",
    "purchase",
    "booking",
    "membership",
    "gift_card",
    "client_order",
    "gift_list",
)


class Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def client_with(org: Organization, rows: int, tags: list[Tag], tag_offset: int) -> Client:
    from datetime import UTC, datetime

    client = await Client.create(
        organization=org,
        first_name="Bench",
        share_code=new_share_code(),
        registered_at=datetime.now(UTC),
    )
    per = rows // len(TABLES)
    c, o = client.id, org.id
    await connections.get("default").execute_script(f"""
        INSERT INTO note (uuid, client_id, body, author_type, author_name, created_at)
          SELECT gen_random_uuid(), {c}, 'note ' || i, 'system', 'bench', now() FROM generate_series(1, {per}) i;
        INSERT INTO activity_entry (organization_id, client_id, action, actor_type, actor_name, changes, created_at)
          SELECT {o}, {c}, 'bench', 'system', 'bench', '{{}}', now() FROM generate_series(1, {per}) i;
        INSERT INTO notification (uuid, organization_id, client_id, type, channel, status, locale, params, attempts, created_at)
          SELECT gen_random_uuid(), {o}, {c}, 'manual', 'email', 'sent', 'it', '{{}}', 1, now() FROM generate_series(1, {per}) i;
        INSERT INTO points_entry (uuid, organization_id, client_id, amount, balance_after, reason, source, actor_type, actor_name, created_at)
          SELECT gen_random_uuid(), {o}, {c}, 1, i, 'bench', 'manual', 'system', 'bench', now() FROM generate_series(1, {per}) i;
        UPDATE client SET points = {per} WHERE id = {c};
        INSERT INTO purchase (uuid, client_id, external_id, description, amount, currency, status, value_date, points_earned, created_at)
          SELECT gen_random_uuid(), {c}, 'P' || i, '', 10, 'EUR', 'paid', current_date, 0, now() FROM generate_series(1, {per}) i;
        INSERT INTO booking (uuid, client_id, activity, starts_at, status, created_at)
          SELECT gen_random_uuid(), {c}, 'Yoga', now(), 'booked', now() FROM generate_series(1, {per}) i;
        INSERT INTO membership (uuid, client_id, name, starts_on, created_at)
          SELECT gen_random_uuid(), {c}, 'M', current_date, now() FROM generate_series(1, {per}) i;
        INSERT INTO gift_card (uuid, client_id, code, amount, currency, created_at)
          SELECT gen_random_uuid(), {c}, 'G{c}-' || i, 5, 'EUR', now() FROM generate_series(1, {per}) i;
        INSERT INTO client_order (uuid, client_id, external_id, status, total, currency, ordered_at, items, created_at, updated_at)
          SELECT gen_random_uuid(), {c}, 'O' || i, 'paid', 10, 'EUR', now(), '[{{"name": "Mat", "quantity": 1, "unitPrice": "10.00"}}]', now(), now() FROM generate_series(1, {per}) i;
        INSERT INTO gift_list (uuid, client_id, name, status, items, created_at, updated_at)
          SELECT gen_random_uuid(), {c}, 'Birthday', 'open', '[]', now(), now() FROM generate_series(1, {per}) i;
        INSERT INTO client_tag (client_id, tag_id, created_at)
          SELECT {c}, id, now() FROM tag WHERE organization_id = {o} ORDER BY id OFFSET {tag_offset} LIMIT 20;
    """)
    return client


async def merge(org: Organization, actor: Actor, tags: list[Tag], rows: int) -> tuple[float, int]:
    survivor = await client_with(org, rows, tags, 0)
    absorbed = await client_with(org, rows, tags, 10)
    counter = Counter()
    logger = logging.getLogger("tortoise.db_client")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # count the statements, do not print them (they hold values)
    logger.addHandler(counter)
    start = time.perf_counter()
    result = await unify_clients(actor, str(survivor.uuid), str(absorbed.uuid))
    seconds = time.perf_counter() - start
    logger.removeHandler(counter)
    logger.setLevel(logging.WARNING)
    assert result.errors == [], result.errors
    return seconds, counter.count


async def main(rows: int) -> None:
    logging.basicConfig(level=logging.WARNING)
    async with scratch_database() as url, TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        org = await Organization.create(name="Bench", slug="bench")
        staff = await StaffUser.create(
            organization=org,
            email="b@bench.test",
            name="Bench",
            role=StaffRole.OWNER,
            password_hash="x",
        )
        tags = [await Tag.create(organization=org, name=f"t{i}", key=f"t{i}") for i in range(30)]
        await connections.get("default").execute_script("ANALYZE")
        actor = Actor.for_staff(staff)
        small = await merge(org, actor, tags, 100)
        large = await merge(org, actor, tags, rows)
    print(f"{'related rows per client':26}{'seconds':>9}{'statements':>12}")
    print(f"{100:<26,}{small[0]:>9.3f}{small[1]:>12}")
    print(f"{rows:<26,}{large[0]:>9.3f}{large[1]:>12}")
    print(f"\ntarget: under 1 s for {rows:,} rows each, statements independent of the row count")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    asyncio.run(main(parser.parse_args().rows))
