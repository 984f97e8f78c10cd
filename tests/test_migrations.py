"""The committed migrations are the schema: nothing in the models is missing from them."""

from __future__ import annotations

from tortoise.migrations.autodetector import MigrationAutodetector

from models.db import apps_config
from tests.conftest import IS_POSTGRES


async def test_no_model_change_lacks_a_migration(db):
    writers = await MigrationAutodetector(db.apps, apps_config()).changes()
    assert [op for w in writers for op in w.operations] == [], (
        "models changed without a migration: run `make migrations` and commit the file"
    )


async def test_the_migrated_database_has_every_model_table_and_unique_index(db):
    conn = db.connections.get("default")
    expected = {model._meta.db_table for model in db.apps.get_models_iterable()}
    if IS_POSTGRES:
        rows = await conn.execute_query_dict(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
        )
        indexes = await conn.execute_query_dict(
            "SELECT indexdef AS sql FROM pg_indexes WHERE tablename = 'client'"
        )
    else:
        rows = await conn.execute_query_dict("SELECT name FROM sqlite_master WHERE type = 'table'")
        indexes = await conn.execute_query_dict(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'client' AND sql IS NOT NULL"
        )
    assert expected <= {row["name"] for row in rows}
    unique = " ".join(row["sql"] for row in indexes).replace('"', "")
    for columns in (
        "organization_id, email_key",
        "organization_id, external_id",
        "organization_id, share_code",
    ):
        assert columns in unique


def test_model_docstrings_hold_no_semicolon():
    # Tortoise turns a model's docstring into a table comment, and its SQLite schema
    # editor splits migration SQL on ";": a semicolon there breaks `migrate`.
    from tortoise.models import Model

    import models

    offenders = [
        name
        for name in models.__all__
        if isinstance(cls := getattr(models, name), type)
        and issubclass(cls, Model)
        and ";" in (cls.__doc__ or "")
    ]
    assert offenders == []
