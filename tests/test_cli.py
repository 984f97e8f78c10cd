"""The `clientela` command, run as a person would, against a fresh SQLite file."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys

from tortoise.context import TortoiseContext

from models import GiftList, Order
from models.db import tortoise_config
from resolvers.access.auth import authenticate


def clientela(url, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CLIENTELA_ENV": "development",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "clientela.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


async def actor_of(url, token: str):
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        return await authenticate(token)


async def related_counts(url) -> tuple[int, int]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        return await Order.all().count(), await GiftList.all().count()


def test_migrate_create_organization_staff_and_key(database_url):
    url = database_url
    assert "up to date" in clientela(url, "migrate")
    assert "created" in clientela(url, "create-organization", "--name", "Gym", "--slug", "gym")
    out = clientela(
        url,
        "create-staff",
        "--organization",
        "gym",
        "--email",
        "Boss@Gym.test",
        "--name",
        "Boss",
        "--role",
        "admin",
    )
    assert "boss@gym.test (admin)" in out
    assert re.search(r"Generated password \(shown once\): \S{12,}", out)
    out = clientela(
        url,
        "create-api-key",
        "--organization",
        "gym",
        "--name",
        "POS",
        "--scopes",
        "clients:read,clients:write",
    )
    key = re.search(r"(ck_\S+)", out).group(1)
    actor = asyncio.run(actor_of(url, key))
    assert {p.value for p in actor.permissions} == {"clients:read", "clients:write"}


def test_create_api_key_refuses_scopes_keys_cannot_hold(database_url):
    url = database_url
    clientela(url, "migrate")
    clientela(url, "create-organization", "--name", "Gym", "--slug", "gym")
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "clientela.cli",
            "create-api-key",
            "--organization",
            "gym",
            "--name",
            "x",
            "--scopes",
            "api_keys:manage",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "--scopes" in result.stderr


def test_seed_demo_is_idempotent_and_always_prints_a_way_in(database_url):
    url = database_url
    first = clientela(url, "seed-demo", "--clients", "40")
    second = clientela(url, "seed-demo", "--clients", "40")
    assert "API key (shown once)" in first and "API key" not in second
    for out in (first, second):
        token = re.search(r"Staff token:\s+(cst_\S+)", out).group(1)
        actor = asyncio.run(actor_of(url, token))
        assert actor is not None and actor.name == "Demo Owner"
    # Every kind of related record is there for the console to show (40 clients: every
    # 7th has an order, every 25th a gift list), and only once.
    assert asyncio.run(related_counts(url)) == (6, 2)


async def client_count(url) -> int:
    from models import Client

    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        return await Client.all().count()


def test_import_clients_with_a_dry_run_progress_and_a_report(database_url, tmp_path):
    url = database_url
    clientela(url, "create-organization", "--name", "Gym", "--slug", "gym")
    data = tmp_path / "clients.csv"
    data.write_text(
        "email,first_name,city\nann@example.com,Ann,Roma\nbad-email,Bo,Pisa\nann@example.com,Again,X\n"
    )
    env = {**os.environ, "DATABASE_URL": url, "IMPORTS_DIR": str(tmp_path / "uploads")}
    args = [sys.executable, "-m", "clientela.cli", "import-clients", str(data)]
    dry = subprocess.run(  # noqa: S603
        [*args, "--organization", "gym", "--match-by", "email", "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "SUCCEEDED: 3 rows, 1 created, 0 updated, 0 unchanged, 2 refused" in dry.stdout
    assert "3/3 rows (100%)" in dry.stderr  # the progress bar
    assert asyncio.run(client_count(url)) == 0
    real = subprocess.run(  # noqa: S603
        [*args, "--organization", "gym", "--match-by", "email"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "1 created" in real.stdout
    assert asyncio.run(client_count(url)) == 1
    report = (tmp_path / "clients.csv.report.csv").read_text().splitlines()
    assert report == [
        "row,column,code,message",
        "2,email,invalid_email,Enter a valid email address",
        "3,,duplicate_row,An earlier row has the same match key",
    ]
    missing = subprocess.run(  # noqa: S603
        [*args, "--organization", "nope"], env=env, capture_output=True, text=True, timeout=120
    )
    assert missing.returncode != 0 and "No organization" in missing.stderr
