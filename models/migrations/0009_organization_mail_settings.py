"""R7.6: the organization's sender name, reply-to address, time zone and currency.

Existing organizations keep sending as before: no sender name (the organization's
name is used), no reply-to, Europe/Rome and EUR (the seeds' businesses are Italian
and Spanish, all on Central European time).
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0008_segment_count_indexes")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Organization",
            name="sender_name",
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.AddField(
            model_name="Organization",
            name="reply_to",
            field=fields.CharField(null=True, max_length=254),
        ),
        ops.AddField(
            model_name="Organization",
            name="time_zone",
            field=fields.CharField(default="Europe/Rome", db_default="Europe/Rome", max_length=64),
        ),
        ops.AddField(
            model_name="Organization",
            name="currency",
            field=fields.CharField(default="EUR", db_default="EUR", max_length=3),
        ),
    ]
