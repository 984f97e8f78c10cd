# ruff: noqa: S608 - fixed test rows written as SQL at an old schema
"""The state existing data migrates to (0010, R11.1): no consent is given by the migration;
a channel switched off becomes a recorded withdrawal."""

from __future__ import annotations

from tortoise.backends.base import executor as tortoise_executor
from tortoise.context import TortoiseContext
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from models import ClientConsent, ConsentEvent
from models.db import apps_config, tortoise_config
from models.enums import ConsentPurpose, ConsentSource

_NOW = "2026-01-01 00:00:00+00:00"


async def test_switched_off_channels_become_withdrawals_and_nothing_is_granted(
    tmp_path, monkeypatch
):
    # Tortoise caches each model's insert statement per connection name, not per dialect:
    # when the suite runs on PostgreSQL, this test's own SQLite database would get the
    # PostgreSQL statements ($1 placeholders; an error from Python 3.12 on).
    monkeypatch.setattr(tortoise_executor, "EXECUTOR_CACHE", {})
    url = f"sqlite://{tmp_path / 'old.sqlite3'}"
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        conn = ctx.connections.get("default")
        executor = MigrationExecutor(conn, apps_config())
        await executor.migrate([MigrationTarget("models", "0009_organization_mail_settings")])
        await conn.execute_script(
            "INSERT INTO organization (id, uuid, name, slug, default_locale, country, "
            "client_accounts_enabled, staff_password_assignment, level_mode, time_zone, "
            f"currency, created_at) VALUES (1, 'u-org', 'Gym', 'gym', 'it', 'IT', 1, 1, "
            f"'automatic', 'Europe/Rome', 'EUR', '{_NOW}');"
        )
        for n, (email_on, in_app_on) in enumerate(((1, 1), (0, 1), (0, 0)), start=1):
            await conn.execute_script(
                "INSERT INTO account (id, uuid, email, email_key, first_name, last_name, "
                "email_notifications, in_app_notifications, created_at, updated_at) VALUES "
                f"({n}, 'u-a{n}', 'p{n}@example.com', 'p{n}@example.com', '', '', "
                f"{email_on}, {in_app_on}, '{_NOW}', '{_NOW}');"
            )
        for n in (1, 2, 3, 4):
            account = n if n <= 3 else "NULL"
            await conn.execute_script(
                "INSERT INTO client (id, uuid, organization_id, first_name, last_name, points, "
                "registered_at, share_code, status, level_set_manually, account_id, created_at, "
                f"updated_at) VALUES ({n}, 'u-c{n}', 1, 'A', 'B', 0, '{_NOW}', 'S{n}', 'active', "
                f"0, {account}, '{_NOW}', '{_NOW}');"
            )
        await conn.execute_script(
            "INSERT INTO notification (id, uuid, organization_id, client_id, type, channel, "
            "status, skip_reason, locale, params, attempts, created_at) VALUES (1, 'u-n1', 1, 1, "
            f"'manual', 'email', 'skipped', 'channel_off', 'it', '{{}}', 0, '{_NOW}');"
        )
        await MigrationExecutor(conn, apps_config()).migrate()
        rows = await conn.execute_query_dict("SELECT skip_reason FROM notification")
        assert rows == [{"skip_reason": "channel_off"}]  # 0011 keeps the log

        states = {
            (row.client_id, row.purpose): row.granted
            for row in await ClientConsent.all().using_db(conn)
        }
        assert states == {
            (2, ConsentPurpose.MARKETING_EMAIL): False,
            (3, ConsentPurpose.MARKETING_EMAIL): False,
            (3, ConsentPurpose.MARKETING_IN_APP): False,
        }
        events = await ConsentEvent.all().using_db(conn)
        assert len(events) == 3
        assert all(
            e.source is ConsentSource.IMPORT
            and not e.granted
            and e.actor_name == "migration"
            and e.proof.startswith("Migrated (0010)")
            for e in events
        )
