"""Indexes for the client's own relations (issue 16): a client's referrals (newest first)
and the records merged into it (`mergedFrom`) are read by `referred_by_id` and
`merged_into_id`. Without an index each read (and each count of referrals) scanned the
whole client table: a client page asking for referrals took seconds on a million clients.
Partial: most clients were referred by nobody and merged into nothing.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

_FORWARD = [
    'CREATE INDEX IF NOT EXISTS "client_referred_by" ON "client" ("referred_by_id", '
    '"created_at") WHERE "referred_by_id" IS NOT NULL',
    'CREATE INDEX IF NOT EXISTS "client_merged_into" ON "client" ("merged_into_id") '
    'WHERE "merged_into_id" IS NOT NULL',
]
_BACKWARD = [
    'DROP INDEX IF EXISTS "client_referred_by"',
    'DROP INDEX IF EXISTS "client_merged_into"',
]


async def _run(statements, schema_editor):
    for statement in statements:
        await schema_editor.client.execute_script(statement)


async def forward(apps, schema_editor):
    await _run(_FORWARD, schema_editor)


async def backward(apps, schema_editor):
    await _run(_BACKWARD, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("models", "0011_webhooks_imports")]

    operations = [ops.RunPython(forward, backward)]
