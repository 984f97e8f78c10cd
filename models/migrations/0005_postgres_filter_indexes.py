"""Indexes the client filter needs on PostgreSQL beyond what the models declare (R6.2).

The city filter compares UPPER(city); this expression index serves it. SQLite keeps
the plain indexes of the models (its `LIKE`/`UPPER` semantics need nothing more at
the sizes an embedded database holds).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

_FORWARD = [
    'CREATE INDEX IF NOT EXISTS "client_org_city_upper" '
    'ON "client" ("organization_id", (UPPER(CAST("city" AS VARCHAR))))',
]
_BACKWARD = ['DROP INDEX IF EXISTS "client_org_city_upper"']


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
    dependencies = [("models", "0004_loyalty_records_segments")]

    operations = [ops.RunPython(forward, backward)]
