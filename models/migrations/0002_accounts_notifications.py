from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import Channel, NotificationStatus, NotificationType, SkipReason
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import UniqueConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('email', fields.CharField(max_length=254)),
                ('email_key', fields.CharField(unique=True, max_length=254)),
                ('password_hash', fields.CharField(null=True, max_length=255)),
                ('first_name', fields.CharField(default='', max_length=100)),
                ('last_name', fields.CharField(default='', max_length=100)),
                ('locale', fields.CharField(null=True, max_length=5)),
                ('verified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('email_notifications', fields.BooleanField(default=True)),
                ('in_app_notifications', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'account', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AccountSession',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'account_session', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A login of the client app. The token is stored as a digest.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.SET_NULL)),
                ('type', fields.CharEnumField(description='WELCOME: welcome\nVERIFY_EMAIL: verify_email\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nPAYMENT_REQUEST: payment_request\nSESSION_CANCELLED: session_cancelled\nWAITLIST_SPOT_AVAILABLE: waitlist_spot_available\nWAITLIST_EXPIRED: waitlist_expired\nWAITLIST_BOOKED: waitlist_booked\nCONFIRM_ATTENDANCE: confirm_attendance\nMANUAL: manual\nSALE: sale\nREVIEW_REQUEST: review_request\nPAYMENT_RECEIPT: payment_receipt\nCONFIRM_PURCHASE: confirm_purchase', enum_type=NotificationType, max_length=32)),
                ('channel', fields.CharEnumField(description='EMAIL: email\nIN_APP: in_app', enum_type=Channel, max_length=8)),
                ('status', fields.CharEnumField(description='QUEUED: queued\nSENDING: sending\nSENT: sent\nFAILED: failed\nSKIPPED: skipped', enum_type=NotificationStatus, max_length=8)),
                ('skip_reason', fields.CharEnumField(null=True, description='NO_EMAIL: no_email\nNO_ACCOUNT: no_account\nNO_VERIFIED_EMAIL: no_verified_email\nCHANNEL_OFF: channel_off\nDISABLED: disabled', enum_type=SkipReason, max_length=20)),
                ('to_address', fields.CharField(null=True, max_length=254)),
                ('locale', fields.CharField(max_length=5)),
                ('params', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('failed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification', 'app': 'models', 'indexes': [Index(fields=['status', 'next_attempt_at']), Index(fields=['client_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='InboxMessage',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='inbox', on_delete=OnDelete.CASCADE)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='inbox_messages', on_delete=OnDelete.CASCADE)),
                ('notification', fields.ForeignKeyField('models.Notification', source_field='notification_id', db_constraint=True, to_field='id', related_name='inbox_messages', on_delete=OnDelete.CASCADE)),
                ('type', fields.CharEnumField(description='WELCOME: welcome\nVERIFY_EMAIL: verify_email\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nPAYMENT_REQUEST: payment_request\nSESSION_CANCELLED: session_cancelled\nWAITLIST_SPOT_AVAILABLE: waitlist_spot_available\nWAITLIST_EXPIRED: waitlist_expired\nWAITLIST_BOOKED: waitlist_booked\nCONFIRM_ATTENDANCE: confirm_attendance\nMANUAL: manual\nSALE: sale\nREVIEW_REQUEST: review_request\nPAYMENT_RECEIPT: payment_receipt\nCONFIRM_PURCHASE: confirm_purchase', enum_type=NotificationType, max_length=32)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'inbox_message', 'app': 'models', 'indexes': [Index(fields=['account_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'An in-app notification, in the inbox of the account the client app reads.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Client',
            name='account',
            field=fields.ForeignKeyField('models.Account', source_field='account_id', null=True, db_constraint=True, to_field='id', related_name='clients', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddConstraint(
            model_name='Client',
            constraint=UniqueConstraint(fields=('organization', 'account'), name=None),
        ),
    ]
