"""R11.2, R11.4: the notification log's skip reasons NO_CONSENT and UNDELIVERABLE (the
column's description lists the values; the column itself is unchanged)."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from models.enums import SkipReason


class Migration(migrations.Migration):
    dependencies = [("models", "0016_client_search_text")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="Notification",
            name="skip_reason",
            field=fields.CharEnumField(
                null=True,
                description="NO_EMAIL: no_email\nNO_ACCOUNT: no_account\nNO_VERIFIED_EMAIL: no_verified_email\nCHANNEL_OFF: channel_off\nDISABLED: disabled\nALREADY_VERIFIED: already_verified\nNO_CONSENT: no_consent\nUNDELIVERABLE: undeliverable",
                enum_type=SkipReason,
                max_length=20,
            ),
        ),
    ]
