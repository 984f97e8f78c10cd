"""Search by a normalised text column (R6.4, issue 16).

`client.search_text` holds what a client is found by, folded (models/search_text.py):
names, email, phone digits, identification number, lower case and without accents.
Every writer keeps it through `Client.save()`; this migration fills it for the clients
that exist, with the same Python function (the stored text and the terms are folded alike
on every database).

Written for a live table of millions of clients: not one transaction. The column is added
with a default (instant on PostgreSQL, no rewrite), filled in batches of 5,000 that each
commit (writers wait for one batch at most; a client written meanwhile by the new code
already has its text, and batches skip nothing), and on PostgreSQL the trigram index
(pg_trgm, GIN) is built CONCURRENTLY. Interrupted, it can run again: every step is
idempotent. The default ('') stays: a process of the previous version still running
during a deploy can insert clients (search finds them after their next write).

The trigram index serves `search_text LIKE '%term%'` for terms of three characters or
more (and word starts, `'% te%'`), so a search that matches nothing reads a few index
pages instead of every client. SQLite scans, as it does for every filter at its sizes.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from models.search_text import client_search_text

BATCH = 5000
_COLUMNS = "id, first_name, last_name, email, phone, identification_number"


async def fill_search_text(client, postgres, batch=BATCH):
    """Recompute every client's search text, in batches that commit one by one (the
    benchmark data reuses this)."""
    last = 0
    mark = "$1" if postgres else "?"
    while True:
        _, rows = await client.execute_query(
            f"SELECT {_COLUMNS} FROM client WHERE id > {mark} ORDER BY id LIMIT {int(batch)}",  # noqa: S608
            [last],
        )
        if not rows:
            return
        values = [(int(r[0]), client_search_text(r[1], r[2], r[3], r[4], r[5])) for r in rows]
        if postgres:
            await client.execute_query(
                "UPDATE client SET search_text = v.t"
                " FROM unnest($1::bigint[], $2::text[]) AS v(id, t)"
                " WHERE client.id = v.id AND client.search_text IS DISTINCT FROM v.t",
                [[i for i, _ in values], [t for _, t in values]],
            )
        else:
            await client.execute_many(
                "UPDATE client SET search_text = ? WHERE id = ?", [[t, i] for i, t in values]
            )
        last = values[-1][0]


class AddSearchText(ops.AddField):
    """AddField that can run again after an interruption (PostgreSQL: IF NOT EXISTS)."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is None:
            return
        postgres = state_editor.client.capabilities.dialect == "postgres"
        exists = "IF NOT EXISTS " if postgres else ""
        await state_editor.client.execute_script(
            f"ALTER TABLE client ADD COLUMN {exists}search_text TEXT NOT NULL DEFAULT ''"
        )


async def forward(apps, schema_editor):
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    await fill_search_text(client, postgres)
    if postgres:
        await client.execute_script("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # A failed concurrent build leaves an invalid index that IF NOT EXISTS would keep.
        await client.execute_script(
            "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c"
            " ON c.oid = i.indexrelid WHERE c.relname = 'client_search_trgm'"
            " AND NOT i.indisvalid) THEN DROP INDEX client_search_trgm; END IF; END $$"
        )
        await client.execute_script(
            'CREATE INDEX CONCURRENTLY IF NOT EXISTS "client_search_trgm" ON "client"'
            ' USING gin ("search_text" gin_trgm_ops)'
        )


async def backward(apps, schema_editor):
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script('DROP INDEX IF EXISTS "client_search_trgm"')


class Migration(migrations.Migration):
    dependencies = [("models", "0015_audit_staff_tokens")]

    initial = False
    atomic = False

    operations = [
        AddSearchText(
            model_name="Client",
            name="search_text",
            field=fields.TextField(default="", db_default=""),
        ),
        ops.RunPython(forward, backward, atomic=False),
    ]
