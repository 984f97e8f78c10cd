"""R11.1: an import job keeps its file name and the importer's consent declaration (the
proof of the consent it grants). R10.2: webhook endpoints record the scopes of whoever
created or last changed them (existing ones: none, so their events carry ids only until
someone with clients:read saves them again). Webhook signing secrets are sealed under
SECRET_KEY (clientela/infra/sealing.py): the columns widen and every plain secret is
sealed; running it again seals nothing twice."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from clientela.infra.sealing import is_sealed, seal
from clientela.settings import Settings

PURPOSE = "webhook signing secret"  # resolvers/webhooks/endpoints.py: SECRET_PURPOSE


async def seal_secrets(apps, schema_editor):
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    marks = ["$1", "$2", "$3"] if postgres else ["?", "?", "?"]
    key = Settings.from_env().secret_key.get_secret_value()
    _, rows = await client.execute_query("SELECT id, secret, previous_secret FROM webhook_endpoint")
    for row in rows:
        endpoint_id, secret, previous = int(row[0]), row[1], row[2]
        sealed = [
            value if value is None or is_sealed(value) else seal(key, PURPOSE, value)
            for value in (secret, previous)
        ]
        if sealed != [secret, previous]:
            await client.execute_query(
                f"UPDATE webhook_endpoint SET secret = {marks[0]}, previous_secret = {marks[1]}"  # noqa: S608
                f" WHERE id = {marks[2]}",
                [sealed[0], sealed[1], endpoint_id],
            )


async def nothing(apps, schema_editor):
    """Sealed secrets stay sealed going back (the older code cannot read them: restore
    the backup taken before migrating instead)."""


class Migration(migrations.Migration):
    dependencies = [("models", "0017_skip_reasons_consent_bounce")]

    initial = False

    operations = [
        ops.AddField(
            model_name="ImportJob",
            name="file_name",
            field=fields.CharField(default="", max_length=200),
        ),
        ops.AddField(
            model_name="ImportJob",
            name="consent_proof",
            field=fields.TextField(null=True),
        ),
        ops.AddField(
            model_name="WebhookEndpoint",
            name="scopes",
            field=fields.JSONField(default=list),
        ),
        ops.AlterField(
            model_name="WebhookEndpoint",
            name="secret",
            field=fields.CharField(max_length=200),
        ),
        ops.AlterField(
            model_name="WebhookEndpoint",
            name="previous_secret",
            field=fields.CharField(null=True, max_length=200),
        ),
        ops.RunPython(seal_secrets, nothing),
    ]
