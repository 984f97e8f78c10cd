"""Consent records (R11.1), undeliverable addresses (R11.4) and the organization's consent
wording, and the state existing data migrates to.

Before this migration the only switches were the two channel switches of an account
(email, in-app), on by default and never asked: they are no consent to marketing and
no proof of one. So:
- nobody starts with a marketing consent given: no `client_consent` row means "not
  given", and marketing messages (R11.2) reach only clients whose consent is then
  recorded with its proof (staff, the client app, an import or the API);
- a person who had switched a channel off said no: each client record linked to such an
  account gets a withdrawn consent for that purpose (source IMPORT, actor "migration",
  proof naming the switch), so the history shows the refusal and a later grant is a
  change of mind, not a first answer;
- the channel switches stay what they are (R3.5): a person may still switch a channel off
  for every message, service ones included.
"""

from datetime import UTC, datetime

from tortoise import migrations
from tortoise.expressions import Q
from tortoise.migrations import operations as ops
from models.enums import ActorType, ConsentPurpose, ConsentSource
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

_PROOF = {
    "marketing_email": "Migrated (0010): the account had switched email notifications off.",
    "marketing_in_app": "Migrated (0010): the account had switched in-app notifications off.",
}


async def forward(apps, schema_editor):
    conn = schema_editor.client
    client_model = apps.get_model("models", "Client")
    event_model = apps.get_model("models", "ConsentEvent")
    state_model = apps.get_model("models", "ClientConsent")
    last_id = 0
    now = datetime.now(UTC)
    while True:
        rows = (
            await client_model.filter(id__gt=last_id, account_id__isnull=False)
            .filter(
                Q(account__email_notifications=False) | Q(account__in_app_notifications=False)
            )
            .order_by("id")
            .limit(1000)
            .using_db(conn)
            .values(
                "id",
                "organization_id",
                "account_id",
                "account__email_notifications",
                "account__in_app_notifications",
            )
        )
        if not rows:
            return
        last_id = rows[-1]["id"]
        events, states = [], []
        for row in rows:
            off = {
                "marketing_email": not row["account__email_notifications"],
                "marketing_in_app": not row["account__in_app_notifications"],
            }
            for purpose, withdrawn in off.items():
                if not withdrawn:
                    continue
                common = {
                    "organization_id": row["organization_id"],
                    "client_id": row["id"],
                    "purpose": ConsentPurpose(purpose),
                    "granted": False,
                    "source": ConsentSource.IMPORT,
                }
                events.append(
                    event_model(
                        **common,
                        uuid=uuid4(),
                        proof=_PROOF[purpose],
                        actor_type=ActorType.SYSTEM,
                        actor_name="migration",
                        account_id=row["account_id"],
                    )
                )
                states.append(state_model(**common, changed_at=now))
        await event_model.bulk_create(events, using_db=conn)
        await state_model.bulk_create(states, using_db=conn)


async def backward(apps, schema_editor):
    return None


class Migration(migrations.Migration):
    dependencies = [('models', '0009_organization_mail_settings')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ClientConsent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='client_consents', on_delete=OnDelete.CASCADE)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', db_constraint=True, to_field='id', related_name='consents', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharEnumField(description='MARKETING_EMAIL: marketing_email\nMARKETING_IN_APP: marketing_in_app', enum_type=ConsentPurpose, max_length=20)),
                ('granted', fields.BooleanField()),
                ('source', fields.CharEnumField(description='STAFF: staff\nCLIENT_APP: client_app\nIMPORT: import\nAPI: api\nUNSUBSCRIBE_LINK: unsubscribe_link', enum_type=ConsentSource, max_length=20)),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'client_consent', 'app': 'models', 'unique_together': (('client', 'purpose'),), 'indexes': [Index(fields=['organization_id', 'purpose', 'granted', 'client_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ConsentEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='consent_events', on_delete=OnDelete.CASCADE)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', db_constraint=True, to_field='id', related_name='consent_events', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharEnumField(description='MARKETING_EMAIL: marketing_email\nMARKETING_IN_APP: marketing_in_app', enum_type=ConsentPurpose, max_length=20)),
                ('granted', fields.BooleanField()),
                ('source', fields.CharEnumField(description='STAFF: staff\nCLIENT_APP: client_app\nIMPORT: import\nAPI: api\nUNSUBSCRIBE_LINK: unsubscribe_link', enum_type=ConsentSource, max_length=20)),
                ('proof', fields.TextField(null=True, unique=False)),
                ('actor_type', fields.CharEnumField(description='STAFF: staff\nAPI_KEY: api_key\nSYSTEM: system', enum_type=ActorType, max_length=10)),
                ('actor_id', fields.IntField(null=True)),
                ('actor_name', fields.CharField(max_length=200)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', null=True, db_constraint=True, to_field='id', related_name='consent_events', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'consent_event', 'app': 'models', 'indexes': [Index(fields=['client_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='UndeliverableAddress',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='undeliverable_addresses', on_delete=OnDelete.CASCADE)),
                ('email_key', fields.CharField(max_length=254)),
                ('reply', fields.CharField(max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'undeliverable_address', 'app': 'models', 'unique_together': (('organization', 'email_key'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Organization',
            name='consent_texts',
            field=fields.JSONField(default=dict, db_default={}, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.RunPython(forward, backward),
    ]
