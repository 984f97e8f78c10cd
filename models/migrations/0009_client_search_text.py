"""Search by a normalised text column (R6.4, issue 16).

`client.search_text` holds what a client is found by, folded (models/search_text.py):
names, email, phone digits, identification number, lower case and without accents.
Every writer keeps it through `Client.save()`; this migration fills it for the clients
that exist, in batches, with the same Python function (so the stored text and the terms
are folded alike on every database).

On PostgreSQL a trigram index (pg_trgm, GIN) serves `search_text LIKE '%term%'` for terms
of three characters or more: a search that matches nothing reads a few index pages
instead of every client. SQLite scans, as it does for every filter at its sizes.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from models.search_text import client_search_text

BATCH = 5000
_COLUMNS = "id, first_name, last_name, email, phone, identification_number"


async def _backfill(client, postgres):
    last = 0
    mark = "$1" if postgres else "?"
    while True:
        _, rows = await client.execute_query(
            f"SELECT {_COLUMNS} FROM client WHERE id > {mark} ORDER BY id LIMIT {BATCH}",  # noqa: S608
            [last],
        )
        if not rows:
            return
        values = [(int(r[0]), client_search_text(r[1], r[2], r[3], r[4], r[5])) for r in rows]
        if postgres:
            await client.execute_query(
                "UPDATE client SET search_text = v.t"
                " FROM unnest($1::bigint[], $2::text[]) AS v(id, t) WHERE client.id = v.id",
                [[i for i, _ in values], [t for _, t in values]],
            )
        else:
            await client.execute_many(
                "UPDATE client SET search_text = ? WHERE id = ?", [[t, i] for i, t in values]
            )
        last = values[-1][0]


async def forward(apps, schema_editor):
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    await _backfill(client, postgres)
    if postgres:
        await client.execute_script("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        await client.execute_script(
            'CREATE INDEX IF NOT EXISTS "client_search_trgm" ON "client"'
            ' USING gin ("search_text" gin_trgm_ops)'
        )


async def backward(apps, schema_editor):
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script('DROP INDEX IF EXISTS "client_search_trgm"')


class Migration(migrations.Migration):
    dependencies = [("models", "0008_segment_count_indexes")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Client",
            name="search_text",
            field=fields.TextField(default=""),
        ),
        ops.RunPython(forward, backward),
    ]
