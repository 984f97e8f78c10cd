"""Audit log of the organization (levels, tags, staff), staff invitation tokens (R9.3), new enum values."""
from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import ActorType, NotificationType, SkipReason, TokenPurpose
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0014_account_requests')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='audit', on_delete=OnDelete.CASCADE)),
                ('action', fields.CharField(max_length=64)),
                ('subject_type', fields.CharField(max_length=16)),
                ('subject_id', fields.CharField(max_length=36)),
                ('actor_type', fields.CharEnumField(description='STAFF: staff\nAPI_KEY: api_key\nSYSTEM: system', enum_type=ActorType, max_length=10)),
                ('actor_id', fields.IntField(null=True)),
                ('actor_name', fields.CharField(max_length=200)),
                ('changes', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'audit_entry', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StaffToken',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('staff', fields.ForeignKeyField('models.StaffUser', source_field='staff_id', db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharField(max_length=16)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'staff_token', 'app': 'models', 'pk_attr': 'id', 'table_description': "A one-time secret mailed to a staff user (an invitation's set-password link, R9.3):"},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='AccountToken',
            name='purpose',
            field=fields.CharEnumField(description='VERIFY_EMAIL: verify_email\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link\nEMAIL_CHANGE: email_change\nINVITE: invite', enum_type=TokenPurpose, max_length=16),
        ),
        ops.AlterField(
            model_name='InboxMessage',
            name='type',
            field=fields.CharEnumField(description='WELCOME: welcome\nVERIFY_EMAIL: verify_email\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nPAYMENT_REQUEST: payment_request\nSESSION_CANCELLED: session_cancelled\nWAITLIST_SPOT_AVAILABLE: waitlist_spot_available\nWAITLIST_EXPIRED: waitlist_expired\nWAITLIST_BOOKED: waitlist_booked\nCONFIRM_ATTENDANCE: confirm_attendance\nMANUAL: manual\nSALE: sale\nREVIEW_REQUEST: review_request\nPAYMENT_RECEIPT: payment_receipt\nCONFIRM_PURCHASE: confirm_purchase\nGIFT: gift\nSTAFF_INVITE: staff_invite\nWEBHOOK_DISABLED: webhook_disabled', enum_type=NotificationType, max_length=32),
        ),
        ops.AlterField(
            model_name='Notification',
            name='skip_reason',
            field=fields.CharEnumField(null=True, description='NO_EMAIL: no_email\nNO_ACCOUNT: no_account\nNO_VERIFIED_EMAIL: no_verified_email\nCHANNEL_OFF: channel_off\nDISABLED: disabled\nALREADY_VERIFIED: already_verified', enum_type=SkipReason, max_length=20),
        ),
        ops.AlterField(
            model_name='Notification',
            name='type',
            field=fields.CharEnumField(description='WELCOME: welcome\nVERIFY_EMAIL: verify_email\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nPAYMENT_REQUEST: payment_request\nSESSION_CANCELLED: session_cancelled\nWAITLIST_SPOT_AVAILABLE: waitlist_spot_available\nWAITLIST_EXPIRED: waitlist_expired\nWAITLIST_BOOKED: waitlist_booked\nCONFIRM_ATTENDANCE: confirm_attendance\nMANUAL: manual\nSALE: sale\nREVIEW_REQUEST: review_request\nPAYMENT_RECEIPT: payment_receipt\nCONFIRM_PURCHASE: confirm_purchase\nGIFT: gift\nSTAFF_INVITE: staff_invite\nWEBHOOK_DISABLED: webhook_disabled', enum_type=NotificationType, max_length=32),
        ),
    ]
