from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import ActorType, BookingStatus, LevelMode, NotificationType, PointsSource, PurchaseStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_account_tokens_and_org_switches')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Booking',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.CASCADE)),
                ('external_id', fields.CharField(null=True, max_length=100)),
                ('activity', fields.CharField(max_length=200)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharEnumField(description='BOOKED: booked\nPENDING_REDEMPTION: pending_redemption\nCANCELLED: cancelled\nATTENDED: attended', enum_type=BookingStatus, max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'booking', 'app': 'models', 'unique_together': (('client', 'external_id'),), 'indexes': [Index(fields=['client_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='GiftCard',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', db_constraint=True, to_field='id', related_name='gift_cards', on_delete=OnDelete.CASCADE)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('amount', fields.DecimalField(max_digits=12, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('expires_on', fields.DateField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'gift_card', 'app': 'models', 'indexes': [Index(fields=['client_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Membership',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('starts_on', fields.DateField()),
                ('ends_on', fields.DateField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'membership', 'app': 'models', 'indexes': [Index(fields=['client_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PointsEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='points_entries', on_delete=OnDelete.CASCADE)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', db_constraint=True, to_field='id', related_name='points_entries', on_delete=OnDelete.CASCADE)),
                ('amount', fields.IntField()),
                ('balance_after', fields.IntField()),
                ('reason', fields.CharField(max_length=200)),
                ('source', fields.CharEnumField(description='MANUAL: manual\nPURCHASE: purchase\nGIFT: gift\nEXPIRY: expiry\nMERGE: merge', enum_type=PointsSource, max_length=10)),
                ('actor_type', fields.CharEnumField(description='STAFF: staff\nAPI_KEY: api_key\nSYSTEM: system', enum_type=ActorType, max_length=10)),
                ('actor_id', fields.IntField(null=True)),
                ('actor_name', fields.CharField(max_length=200)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('remaining', fields.IntField(null=True)),
                ('idempotency_key', fields.CharField(null=True, max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'points_entry', 'app': 'models', 'unique_together': (('organization', 'idempotency_key'),), 'indexes': [Index(fields=['client_id', 'created_at']), Index(fields=['expires_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Purchase',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', db_constraint=True, to_field='id', related_name='purchases', on_delete=OnDelete.CASCADE)),
                ('external_id', fields.CharField(null=True, max_length=100)),
                ('description', fields.CharField(default='', max_length=200)),
                ('amount', fields.DecimalField(max_digits=12, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('status', fields.CharEnumField(description='PAID: paid\nPENDING_PAYMENT: pending_payment', enum_type=PurchaseStatus, max_length=16)),
                ('value_date', fields.DateField()),
                ('points_earned', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'purchase', 'app': 'models', 'unique_together': (('client', 'external_id'),), 'indexes': [Index(fields=['client_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Segment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='segments', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('name_key', fields.CharField(max_length=100)),
                ('conditions', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'segment', 'app': 'models', 'unique_together': (('organization', 'name_key'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Client',
            name='referred_by',
            field=fields.ForeignKeyField('models.Client', source_field='referred_by_id', null=True, db_constraint=True, to_field='id', related_name='referrals', on_delete=OnDelete.SET_NULL),
        ),
        ops.AlterField(
            model_name='InboxMessage',
            name='type',
            field=fields.CharEnumField(description='WELCOME: welcome\nVERIFY_EMAIL: verify_email\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nPAYMENT_REQUEST: payment_request\nSESSION_CANCELLED: session_cancelled\nWAITLIST_SPOT_AVAILABLE: waitlist_spot_available\nWAITLIST_EXPIRED: waitlist_expired\nWAITLIST_BOOKED: waitlist_booked\nCONFIRM_ATTENDANCE: confirm_attendance\nMANUAL: manual\nSALE: sale\nREVIEW_REQUEST: review_request\nPAYMENT_RECEIPT: payment_receipt\nCONFIRM_PURCHASE: confirm_purchase\nGIFT: gift', enum_type=NotificationType, max_length=32),
        ),
        ops.AlterField(
            model_name='Notification',
            name='type',
            field=fields.CharEnumField(description='WELCOME: welcome\nVERIFY_EMAIL: verify_email\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nPAYMENT_REQUEST: payment_request\nSESSION_CANCELLED: session_cancelled\nWAITLIST_SPOT_AVAILABLE: waitlist_spot_available\nWAITLIST_EXPIRED: waitlist_expired\nWAITLIST_BOOKED: waitlist_booked\nCONFIRM_ATTENDANCE: confirm_attendance\nMANUAL: manual\nSALE: sale\nREVIEW_REQUEST: review_request\nPAYMENT_RECEIPT: payment_receipt\nCONFIRM_PURCHASE: confirm_purchase\nGIFT: gift', enum_type=NotificationType, max_length=32),
        ),
        ops.AddField(
            model_name='Organization',
            name='level_mode',
            field=fields.CharEnumField(default=LevelMode.AUTOMATIC, description='AUTOMATIC: automatic\nMANUAL: manual', enum_type=LevelMode, max_length=10),
        ),
    ]
