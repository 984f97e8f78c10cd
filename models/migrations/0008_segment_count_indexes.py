"""Indexes that let segment counts read no client rows on PostgreSQL (issue 5, R6.3).

Every filter holds `organization_id` and, unless it names statuses, the live statuses
(active, inactive, disabled). Partial indexes on exactly that predicate, carrying the
columns a typical marketing filter tests plus `id` (to join the tag links), turn the
count into an index-only scan: without them each count read most of the 190 MB client
table (matches are spread over every page), about 200 ms per count on a million
clients. `client_hidden` holds the few merged and deleted clients of an organization,
which a tags-only count subtracts (resolvers/client_count.py).

Index-only scans need the visibility map that VACUUM (autovacuum in production) keeps.
SQLite keeps the plain indexes of the models.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

LIVE = "\"status\" IN ('active', 'inactive', 'disabled')"

_INDEXES = {
    "client_live_city": '("organization_id", (UPPER(CAST("city" AS VARCHAR))), "id") '
    'INCLUDE ("city")',
    "client_live_points": '("organization_id", "points") INCLUDE ("gender", "id")',
    "client_live_birthday": '("organization_id", "birthday_md") INCLUDE ("id")',
    "client_live_registered": '("organization_id", "registered_at") INCLUDE ("id")',
}
_FORWARD = [
    *(
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "client" {columns} WHERE {LIVE}'
        for name, columns in _INDEXES.items()
    ),
    'CREATE INDEX IF NOT EXISTS "client_hidden" ON "client" ("organization_id", "id") '
    f"WHERE NOT ({LIVE})",
]
_BACKWARD = [f'DROP INDEX IF EXISTS "{name}"' for name in (*_INDEXES, "client_hidden")]


async def _run(statements, schema_editor):
    if schema_editor.client.capabilities.dialect != "postgres":
        return
    for statement in statements:
        await schema_editor.client.execute_script(statement)


async def forward(apps, schema_editor):
    await _run(_FORWARD, schema_editor)


async def backward(apps, schema_editor):
    await _run(_BACKWARD, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("models", "0007_orders_gift_lists")]

    operations = [ops.RunPython(forward, backward)]
