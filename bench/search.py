"""Benchmark (issue 16): search (R6.4) and a list page with its bounded count (R6.5) on
1,000,000 clients, over HTTP against the real service.

    .venv/bin/python -m bench.search [--clients 1000000] [--keep clientela_searchbench]
                                     [--requests 200] [--seconds 10]

Data: `bench.readdata`'s generator (kept under `--keep`, made once), then, once, names,
emails, phones and identification numbers a receptionist meets (Italian and Spanish names
with accents, skewed: a few surnames are very common; 85% with a mobile phone), and the
search text recomputed by the function migration 0016 fills it with; VACUUM FULL, ANALYZE.

Measured: each document alone (`--requests` in a row on one connection: p50 and p99), then
at 16 connections (`--seconds` of 16 workers sending it again and again: p50, p99,
req/s). The server is `clientela serve` pinned to core 0 when `taskset` exists; this
process (the load) keeps to core 1. Targets (issue 16): search p50 < 20 ms alone and
< 100 ms at 16 connections, matching or not; a list page with count p50 < 50 ms whatever
the filter. The machine may be shared: the figures say what it did then.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import time
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import orjson
from tortoise import connections
from tortoise.context import TortoiseContext

from bench.common import PG_ADMIN, bulk_load
from bench.corpus import BOUNDED, COUNT
from bench.readdata import BenchData, prepare
from bench.readperf import running
from models.db import tortoise_config

DEFAULT_DB = "clientela_searchbench"
CONNECTIONS = 16

_FIRST = (
    "Mario Giuseppe Giovanni Antonio Francesco Luca Marco Andrea Paolo Alessandro Giulia "
    "Francesca Chiara Sara Martina Anna Laura Valentina Elena Federica José Jesús Ángel "
    "María Lucía Inés Sofía Begoña Raúl Iñaki Óscar Adrián Rubén Nicolás Zoë Chloé Noémie "
    "François Jérôme Søren Björn Jürgen Renée Niccolò Mattia Gaia Aurora Beatrice Irene "
    "Carmen Pilar Dolores Álvaro Sergio Javier Pablo Daniel"
)
FIRST = _FIRST.split(" ")
_LAST = (
    "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
    "Conti De_Luca Mancini Costa Giordano Rizzo Lombardi Moretti García Fernández González "
    "Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno "
    "Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil "
    "Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín "
    "Sanz Núñez Iglesias Medina Garrido Cortés Castillo Santos Lozano Guerrero Cano Prieto "
    "Méndez Cruz Calvo Gallego Vidal León Márquez Herrera Peña Flores Cabrera Campos Vega "
    "Fuentes Carrasco Caballero Reyes Nieto Aguilar Pascual Santana Herrero Lorenzo Montero "
    "Hidalgo Giménez Ibáñez Ferrer Durán Benítez Mora Vicente Vargas Arias Carmona Crespo "
    "Román Pastor Soto Sáez Velasco Moya Soler Parra Esteban Bravo Gallardo Rojas Barbieri "
    "Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile "
    "Martinelli Vitale Lombardo Serra Coppola De_Santis D'Angelo Marchetti Parisi Villa "
    "Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini Messina Sala De_Angelis Gatti "
    "Pellegrini Palumbo Sanna Farina Rizzi Monti Cattaneo Morelli Amato Silvestri Mazza "
    "Testa Grassi Pellegrino Carbone Giuliani Benedetti Barone Müller Schäfer Østergaard"
).replace("_", " ")
LAST_NAMES = _LAST.split(" ")
# Accented letters of the names, and the plain ones emails are written with (SQL literals).
_ACCENTED = "'áéíóúñüàèìòùçëôøåöäÁÉÍÓÚÑØ'"
_PLAIN = "'aeiounuaeiouceooaoaAEIOUNO'"
DOMAINS = ("gmail.com", "hotmail.it", "yahoo.es", "libero.it", "outlook.com", "tiscali.it")


def _sql_array(values: list[str] | tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"ARRAY[{quoted}]"


async def _rename(conn: Any) -> bool:
    """Names, emails, phones, ids a receptionist meets, in place of 'Nome…' (once)."""
    rows = await conn.execute_query_dict(
        "SELECT count(*) AS n FROM client WHERE first_name LIKE 'Nome%'"
    )
    if rows[0]["n"] == 0:
        return False
    columns = await conn.execute_query_dict(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_name = 'client' AND column_name = 'search_text'"
    )
    stale = ", search_text = ''" if columns else ""  # filled again below
    await conn.execute_script(
        f"""
        UPDATE client c SET first_name = n.f, last_name = n.l,
            email = n.mail, email_key = n.mail{stale},
            phone = CASE WHEN n.r < 0.85 THEN '+39' || (320 + floor(n.r * 30))::int
                         || lpad((c.id * 7919 % 10000000)::text, 7, '0') END,
            identification_number = CASE WHEN n.r < 0.4
                                         THEN upper(substr(md5(c.id::text), 1, 9)) END
        FROM (SELECT id, f, l, r, lower(translate(f || '.' || replace(l, ' ', ''),
                         {_ACCENTED}, {_PLAIN}))
                         || id || '@' || ({_sql_array(DOMAINS)})[1 + id % {len(DOMAINS)}] AS mail
              FROM (SELECT id, random() AS r,
                           ({_sql_array(FIRST)})[1 + floor(random() * {len(FIRST)})::int] AS f,
                           ({_sql_array(LAST_NAMES)})[1 + floor(power(random(), 2)
                               * {len(LAST_NAMES)})::int] AS l
                    FROM client) s) n
        WHERE n.id = c.id
        """
    )
    return True


async def realistic(n: int, keep: str) -> BenchData:
    """The data: `bench.readdata` (made once, or copied: `CREATE DATABASE ... TEMPLATE`),
    realistic names (once), search texts filled by migration 0016's own function, then a
    compact table with fresh statistics. The client table's non-unique indexes are dropped
    while the names and texts are rewritten and built again after VACUUM FULL."""
    start = time.perf_counter()
    changed = False
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", keep)
    finally:
        await admin.close()
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{keep}"
    if exists:  # before migration 0016, which then fills the texts of these names
        async with TortoiseContext() as ctx:
            await ctx.init(config=tortoise_config(url))
            conn = connections.get("default")
            if not await _has_search_text(conn):
                changed = await _rename(conn)
    data = await prepare(n, keep)  # generates when new, migrates
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(data.url))
        conn = connections.get("default")
        plain = await conn.execute_query_dict(
            "SELECT count(*) AS n FROM client WHERE first_name LIKE 'Nome%' OR search_text = ''"
        )
        if plain[0]["n"]:
            async with bulk_load("client"):
                await _rename(conn)
                migration = importlib.import_module("models.migrations.0016_client_search_text")
                await migration.fill_search_text(conn, True)
                await conn.execute_script("VACUUM FULL client")
            changed = True
        if changed:
            await conn.execute_script("VACUUM (ANALYZE) client")
            print(f"realistic names and search texts in {time.perf_counter() - start:.0f} s")
    return data


async def _has_search_text(conn: Any) -> bool:
    columns = await conn.execute_query_dict(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_name = 'client' AND column_name = 'search_text'"
    )
    return bool(columns)


@dataclass(frozen=True)
class Doc:
    name: str
    body: bytes


LIST = (
    "query($f: ClientFilterInput) { clients(filter: $f, first: 25) {"
    f" {COUNT} nodes {{ id firstName lastName email phone city points }} }} }}"
)
# The console asks the bounded `count { value precision }` (R6.5) once the schema has it
# (bench.corpus.BOUNDED); before, the exact totalCount.


def doc(name: str, filter_: dict[str, Any]) -> Doc:
    return Doc(name, orjson.dumps({"query": LIST, "variables": {"f": filter_}}))


async def documents(data: BenchData) -> tuple[list[Doc], list[Doc]]:
    """Search documents (matching and not), then list pages with count."""
    conn = connections.get("default")
    sample = (
        await conn.execute_query_dict(
            "SELECT phone, email, first_name, last_name FROM client WHERE organization_id = $1"
            " AND phone IS NOT NULL AND id % 1000 = 7 ORDER BY id LIMIT 1",
            [data.organization_id],
        )
    )[0]
    run = sample["phone"][5:12]  # seven digits from the middle of a real number
    searches = [
        doc("search 'perez' (common surname)", {"search": "perez"}),
        doc(
            f"search '{sample['first_name']} {sample['last_name']}' (name, either order)",
            {"search": f"{sample['last_name'].lower()} {sample['first_name'].upper()}"},
        ),
        doc("search a phone run '333 12…'", {"search": f"{run[:3]} {run[3:]}"}),
        doc("search part of an email", {"search": sample["email"].split("@")[0][-10:]}),
        doc("search 'rossetti' (no match)", {"search": "rossetti"}),
        doc("search 'ross' (prefix of common)", {"search": "ross"}),
        doc("search '999 000 1111' (no match)", {"search": "999 000 1111"}),
        doc("search 'zq' (short, no match)", {"search": "zq"}),
    ]
    pages = [
        doc("list, no filter", {}),
        doc("list, tag Pilates", {"tags": {"any": [data.tag_name]}}),
        doc(
            "list, tag Pilates + level Silver",
            {"tags": {"any": [data.tag_name]}, "levelIds": [data.level_uuid]},
        ),
        doc("list, points >= 2000, female", {"points": {"min": 2000}, "genders": ["FEMALE"]}),
        doc("list, birthday month 3, not Yoga", {"birthdayMonth": 3, "tags": {"none": ["Yoga"]}}),
        doc("list, search 'rossi'", {"search": "rossi"}),
        doc("list, search 'rossetti' (no match)", {"search": "rossetti"}),
    ]
    return searches, pages


async def _send(client: httpx.AsyncClient, body: bytes) -> float:
    start = time.perf_counter()
    response = await client.post("/graphql", content=body)
    elapsed = (time.perf_counter() - start) * 1000
    answer = orjson.loads(response.content)
    if response.status_code != 200 or answer.get("errors"):
        raise RuntimeError(f"{response.status_code}: {answer.get('errors')}")
    return elapsed


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def alone(base: str, headers: dict[str, str], body: bytes, n: int) -> list[float]:
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        for _ in range(3):
            await _send(client, body)
        return [await _send(client, body) for _ in range(n)]


async def loaded(
    base: str, headers: dict[str, str], body: bytes, seconds: float
) -> tuple[list[float], float]:
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=60, limits=limits
    ) as client:
        await asyncio.gather(*(_send(client, body) for _ in range(CONNECTIONS)))
        timings: list[float] = []
        stop = time.perf_counter() + seconds

        async def worker() -> None:
            while time.perf_counter() < stop:
                timings.append(await _send(client, body))

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
        return timings, len(timings) / (time.perf_counter() - start)


async def answer(base: str, headers: dict[str, str], body: bytes) -> tuple[int, str]:
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        data = orjson.loads((await client.post("/graphql", content=body)).content)
    clients = data["data"]["clients"]
    if BOUNDED:
        return clients["count"]["value"], clients["count"]["precision"]
    return clients["totalCount"], "EXACT"


async def main(n: int, keep: str, requests: int, seconds: float, prepare_only: bool) -> None:
    data = await realistic(n, keep)
    if prepare_only:
        return
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(data.url))
        searches, pages = await documents(data)
    if hasattr(os, "sched_setaffinity") and os.cpu_count() and os.cpu_count() > 1:  # type: ignore[operator]
        os.sched_setaffinity(0, {1})
    headers = {"Authorization": f"Bearer {data.api_key}", "Content-Type": "application/json"}
    with running("clientela", data) as (_, base):
        print(f"{n:,} clients; alone: {requests} requests in a row; loaded: {CONNECTIONS}")
        print(f"connections for {seconds:.0f} s. Milliseconds.\n")
        header = (
            f"{'document':52}{'count':>16}{'p50':>8}{'p99':>8}{'p50@16':>9}{'p99@16':>9}"
            f"{'req/s':>8}"
        )
        print(header)
        print("-" * len(header))
        for item in (*searches, *pages):
            value, precision = await answer(base, headers, item.body)
            solo = await alone(base, headers, item.body, requests)
            busy, rate = await loaded(base, headers, item.body, seconds)
            shown = f"{value:,}" + ("+" if precision == "AT_LEAST" else "")
            print(
                f"{item.name[:51]:52}{shown:>16}{_pct(solo, 0.5):>8.1f}{_pct(solo, 0.99):>8.1f}"
                f"{_pct(busy, 0.5):>9.1f}{_pct(busy, 0.99):>9.1f}{rate:>8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--keep", default=DEFAULT_DB)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument(
        "--prepare-only", action="store_true", help="make the data, measure nothing"
    )
    args = parser.parse_args()
    asyncio.run(main(args.clients, args.keep, args.requests, args.seconds, args.prepare_only))
