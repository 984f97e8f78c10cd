"""Benchmark (issue 5): segment count and first page for five marketing filters on 1,000,000
clients, beside the same SQL run directly on asyncpg (the limit).

    .venv/bin/python -m bench.segments [--clients 1000000] [--runs 7] [--keep NAME]

The generator writes, with set-based SQL: one organization, 4 levels, 60 tags picked with
a Zipf-like skew (0 to 4 per client), 20 cities (skewed), genders, birthdays from 1950 to
2004, points from a heavy-tailed distribution, registrations over four years; then
VACUUM (ANALYZE), as autovacuum would. "direct" runs the very counting statement the
service sends (resolvers/client_count.py). Each figure is the median of `--runs` runs
after one warm-up. `--keep NAME` keeps (or reuses) the database so later runs skip the
generation.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from tortoise import connections
from tortoise.context import TortoiseContext

from bench.common import NO_TRIGGERS, scratch_database
from models import Level, Organization, Tag
from models.db import tortoise_config
from models.enums import Gender
from models.tag import tag_key
from resolvers.access.actor import Actor
from resolvers.clients.client_count import count_clients, tag_count_statement
from resolvers.clients.client_filter import ClientFilter, filter_clients
from resolvers.clients.client_queries import SORT_KEYS, ClientOrder

TAGS = [
    "Yoga",
    "Newsletter",
    "Pilates",
    "VIP",
    "Morning",
    "Evening",
    "CrossFit",
    "Lapsed",
    "Spinning",
    "Zumba",
    "Boxe",
    "Premium",
    "Student",
    "Senior",
    "Family",
    "Corporate",
    "Weekend",
    "Outdoor",
    "Swim",
    "Sauna",
    "Personal",
    "Nutrition",
    "Massage",
    "Physio",
    "Kids",
    "Dance",
    "Climb",
    "Run",
    "Bike",
    "Stretch",
    "Core",
    "HIIT",
    "Barre",
    "Aqua",
    "Judo",
    "Karate",
    "Tennis",
    "Padel",
    "Golf",
    "Ski",
    "Hike",
    "Meditation",
    "Mindful",
    "Referral",
    "Promo2024",
    "Promo2025",
    "BlackFriday",
    "Summer",
    "Winter",
    "Spring",
    "Autumn",
    "Trial",
    "Annual",
    "Monthly",
    "Quarterly",
    "Gift",
    "Ambassador",
    "Influencer",
    "Staff",
    "Partner",
]
CITIES = [
    "Milano",
    "Roma",
    "Torino",
    "Napoli",
    "Bologna",
    "Firenze",
    "Genova",
    "Palermo",
    "Bari",
    "Verona",
    "Madrid",
    "Barcelona",
    "Valencia",
    "Sevilla",
    "Bilbao",
    "Malaga",
    "Zaragoza",
    "Murcia",
    "Palma",
    "Granada",
]


async def generate(n: int) -> Organization:
    org = await Organization.create(name="Bench Gym", slug="bench")
    levels = [
        await Level.create(organization=org, name=name, name_key=name.lower(), threshold=t)
        for name, t in (("Bronze", 0), ("Silver", 500), ("Gold", 2000), ("Platinum", 5000))
    ]
    tags = [await Tag.create(organization=org, name=name, key=tag_key(name)) for name in TAGS]
    tag_ids = ",".join(str(t.id) for t in tags)
    cities = ",".join(f"'{c}'" for c in CITIES)
    conn = connections.get("default")
    # search_text: what models.search_text.client_search_text makes of these ASCII names
    # and emails (bench.readdata checks a sample), as the write path would have stored it.
    await conn.execute_script(
        NO_TRIGGERS
        + f"""
        INSERT INTO client (uuid, organization_id, first_name, last_name, email, email_key, points,
            registered_at, share_code, status, level_set_manually, created_at, updated_at, city,
            gender, birthday, birthday_md, level_id, search_text)
        SELECT gen_random_uuid(), {org.id}, 'Nome' || i, 'Cognome' || (i % 5000),
               'c' || i || '@bench.test', 'c' || i || '@bench.test', pts,
               now() - (random() * 1460) * interval '1 day', 'S' || i,
               CASE WHEN random() < 0.03 THEN 'inactive' ELSE 'active' END, false, now(), now(),
               (ARRAY[{cities}])[1 + floor(power(random(), 2) * 20)::int],
               (ARRAY['female', 'male', 'other'])[1 + floor(random() * 3)::int],
               bday, (extract(month FROM bday) * 100 + extract(day FROM bday))::smallint,
               CASE WHEN pts >= 5000 THEN {levels[3].id} WHEN pts >= 2000 THEN {levels[2].id}
                    WHEN pts >= 500 THEN {levels[1].id} ELSE {levels[0].id} END,
               ' nome' || i || ' cognome' || (i % 5000) || ' | c' || i || ' bench test'
        FROM (SELECT i, floor(power(random(), 4) * 10000)::int AS pts,
                     date '1950-01-01' + floor(random() * 20000)::int AS bday
              FROM generate_series(1, {n}) AS i) AS s;
        INSERT INTO client_tag (client_id, tag_id, created_at)
        SELECT c.id, (ARRAY[{tag_ids}])[1 + floor(power(random(), 3) * 60)::int], now()
        FROM client c CROSS JOIN LATERAL generate_series(1, (c.id % 5)::int) AS k
        ON CONFLICT DO NOTHING;
        """
    )
    return org


async def vacuum(*tables: str) -> None:
    """What autovacuum does on a live database soon after a bulk load: statistics, and the
    visibility map that index-only scans need (without it every count reads the table)."""
    conn = connections.get("default")
    for table in tables or ("client", "client_tag", "tag"):
        await conn.execute_script(f"VACUUM (ANALYZE) {table}")


def filters() -> dict[str, ClientFilter]:
    now = datetime.now(UTC)
    return {
        "tag Yoga (most common)": ClientFilter(tags_any=("yoga",)),
        "tags Yoga AND Newsletter, city Roma": ClientFilter(
            tags_all=("yoga", "newsletter"), cities=("roma",)
        ),
        "points >= 2000, female": ClientFilter(points_min=2000, genders=(Gender.FEMALE,)),
        "birthday in 30 days, NOT Lapsed": ClientFilter(
            birthday_within_days=30, tags_none=("lapsed",)
        ),
        "registered 90 days, VIP or Premium": ClientFilter(
            registered_from=now - timedelta(days=90), tags_any=("vip", "premium")
        ),
        # Excluding the most common tag: the case that NOT IN turned into minutes.
        "birthday in 30 days, NOT Yoga": ClientFilter(birthday_within_days=30, tags_none=("yoga",)),
    }


async def _count(organization_id: int, spec: ClientFilter) -> int:
    """What `segment { count }` does: look the tags up, then one counting statement."""
    return await count_clients(organization_id, spec)


async def _page(organization_id: int, spec: ClientFilter) -> list[Any]:
    key = SORT_KEYS[ClientOrder.REGISTERED_AT_DESC]
    query = await filter_clients(organization_id, spec)
    return await query.order_by(*key.order_by()).limit(21)


def _parameterized(query: Any) -> tuple[str, list[Any]]:
    """The exact statement (and values) the ORM sends, to run it directly on the driver."""
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    return sql, list(params)


async def median_ms(call: Callable[[], Awaitable[Any]], runs: int) -> float:
    await call()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        await call()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


async def measure(
    org: Organization, runs: int
) -> list[tuple[str, int, float, float, float, float]]:
    actor = Actor.system(org.id)
    conn = connections.get("default")
    key = SORT_KEYS[ClientOrder.REGISTERED_AT_DESC]
    rows = []
    for name, spec in filters().items():
        query = await filter_clients(actor.organization_id, spec)
        statement = await tag_count_statement(actor.organization_id, spec)
        count_sql, count_params = statement or _parameterized(query.count())
        page_sql, page_params = _parameterized(query.order_by(*key.order_by()).limit(21))
        total = await query.count()
        assert await _count(org.id, spec) == total, name  # the count shape changes nothing
        ours_count = await median_ms(partial(_count, org.id, spec), runs)
        direct_count = await median_ms(partial(conn.execute_query, count_sql, count_params), runs)
        ours_page = await median_ms(partial(_page, org.id, spec), runs)
        direct_page = await median_ms(partial(conn.execute_query, page_sql, page_params), runs)
        rows.append((name, total, ours_count, direct_count, ours_page, direct_page))
    return rows


async def main(n: int, runs: int, keep: str | None) -> None:
    async with scratch_database(keep) as url, TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        org = await Organization.filter(slug="bench").first()
        if org is None:
            start = time.perf_counter()
            org = await generate(n)
            print(f"generated {n:,} clients in {time.perf_counter() - start:.0f} s")
        await vacuum()
        clients = await connections.get("default").execute_query_dict(
            "SELECT count(*) AS n FROM client"
        )
        links = await connections.get("default").execute_query_dict(
            "SELECT count(*) AS n FROM client_tag"
        )
        print(
            f"{clients[0]['n']:,} clients, {links[0]['n']:,} tag links; median of {runs} runs, ms\n"
        )
        rows = await measure(org, runs)
    header = (
        f"{'filter':38}{'members':>9}{'count':>9}{'direct':>9}{'ratio':>7}{'page':>9}{'direct':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, total, ours, direct, page, direct_page in rows:
        print(
            f"{name:38}{total:>9,}{ours:>9.1f}{direct:>9.1f}{ours / direct:>7.2f}{page:>9.1f}{direct_page:>9.1f}"
        )
    worst = max(r[2] / r[3] for r in rows)
    slowest = max(r[2] for r in rows)
    print(
        f"\nworst count ratio {worst:.2f} (target <= 1.5); slowest count {slowest:.0f} ms (target < 200)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", default=None, help="keep (or reuse) this database")
    args = parser.parse_args()
    asyncio.run(main(args.clients, args.runs, args.keep))
