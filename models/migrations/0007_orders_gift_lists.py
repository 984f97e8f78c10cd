from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import GiftListStatus, OrderStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_client_merged_into')]

    initial = False

    operations = [
        ops.CreateModel(
            name='GiftList',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', db_constraint=True, to_field='id', related_name='gift_lists', on_delete=OnDelete.CASCADE)),
                ('external_id', fields.CharField(null=True, max_length=100)),
                ('name', fields.CharField(max_length=200)),
                ('event_date', fields.DateField(null=True)),
                ('status', fields.CharEnumField(description='OPEN: open\nCLOSED: closed', enum_type=GiftListStatus, max_length=8)),
                ('items', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'gift_list', 'app': 'models', 'unique_together': (('client', 'external_id'),), 'indexes': [Index(fields=['client_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Order',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', db_constraint=True, to_field='id', related_name='orders', on_delete=OnDelete.CASCADE)),
                ('external_id', fields.CharField(null=True, max_length=100)),
                ('status', fields.CharEnumField(description='PENDING: pending\nPAID: paid\nSHIPPED: shipped\nDELIVERED: delivered\nCANCELLED: cancelled', enum_type=OrderStatus, max_length=16)),
                ('total', fields.DecimalField(max_digits=12, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('ordered_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('items', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'client_order', 'app': 'models', 'unique_together': (('client', 'external_id'),), 'indexes': [Index(fields=['client_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
