"""Indexes that let a list's bounded count (R6.5) stop early when the filter names tags
or a level, on PostgreSQL (issue 16).

A tag condition is a semi-join of the client with `client_tag`, whose (tag_id,
client_id) index yields a tag's links in client order. With a partial index on the
live statuses (those of every filter that names none, as in migration 0008) that also
yields the organization's live clients in id order, the join is a merge of two
index-only scans that the count's LIMIT stops after cap + 1 matches:

- `client_live_level` (organization_id, level_id, id): the clients of a level in id
  order. A tag and a level counted on a million clients read 26,000 heap pages through
  a hash join (264 ms alone) and now 650 index pages (20 ms).
- `client_live_id` (organization_id, id): every live client in id order, for a tag with
  any other condition, or none. A popular tag alone hashed all its links before the
  count could stop (981 pages); the merge stops at cap + 1 (540 pages).

Each is one more index entry written by every client insert and by every update that
cannot be HOT (points, level, status, names: the client's other indexes already make
those updates non-HOT), and 30 MB per million clients.

Index-only scans need the visibility map that VACUUM (autovacuum in production) keeps.
SQLite keeps the plain indexes of the models: its (organization_id, level_id) index
already ends with the rowid, which is the id, and its table is stored in id order.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

LIVE = "\"status\" IN ('active', 'inactive', 'disabled')"

_INDEXES = {
    "client_live_level": '("organization_id", "level_id", "id")',
    "client_live_id": '("organization_id", "id")',
}
_FORWARD = [
    f'CREATE INDEX IF NOT EXISTS "{name}" ON "client" {columns} WHERE {LIVE}'
    for name, columns in _INDEXES.items()
]
_BACKWARD = [f'DROP INDEX IF EXISTS "{name}"' for name in _INDEXES]


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
    dependencies = [("models", "0018_import_consent_sealed_webhook_secrets")]

    operations = [ops.RunPython(forward, backward)]
