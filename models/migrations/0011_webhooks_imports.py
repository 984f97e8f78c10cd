from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import NotificationType
from models.imports import ImportFormat, ImportStatus, MatchBy
from models.webhook import DeliveryStatus, WebhookEventType
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_consent_and_bounces')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ImportJob',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='import_jobs', on_delete=OnDelete.CASCADE)),
                ('actor_type', fields.CharField(max_length=10)),
                ('actor_id', fields.IntField(null=True)),
                ('actor_name', fields.CharField(max_length=200)),
                ('permissions', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('format', fields.CharEnumField(description='CSV: csv\nJSONL: jsonl', enum_type=ImportFormat, max_length=5)),
                ('match_by', fields.CharEnumField(description='EXTERNAL_ID: external_id\nEMAIL: email', enum_type=MatchBy, max_length=11)),
                ('dry_run', fields.BooleanField(default=False)),
                ('status', fields.CharEnumField(default=ImportStatus.QUEUED, description='QUEUED: queued\nRUNNING: running\nSUCCEEDED: succeeded\nFAILED: failed', enum_type=ImportStatus, max_length=9)),
                ('path', fields.CharField(null=True, max_length=500)),
                ('rows_done', fields.IntField(default=0)),
                ('created', fields.IntField(default=0)),
                ('updated', fields.IntField(default=0)),
                ('unchanged', fields.IntField(default=0)),
                ('refused', fields.IntField(default=0)),
                ('error', fields.CharField(null=True, max_length=200)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'import_job', 'app': 'models', 'indexes': [Index(fields=['status'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ImportIssue',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('job', fields.ForeignKeyField('models.ImportJob', source_field='job_id', db_constraint=True, to_field='id', related_name='issues', on_delete=OnDelete.CASCADE)),
                ('row', fields.IntField()),
                ('column', fields.CharField(null=True, max_length=100)),
                ('code', fields.CharField(max_length=40)),
                ('message', fields.CharField(max_length=300)),
            ],
            options={'table': 'import_issue', 'app': 'models', 'indexes': [Index(fields=['job_id', 'row'])], 'pk_attr': 'id', 'table_description': 'A refused row of an import: where and why, never the value (it may be personal).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ImportKey',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('job', fields.ForeignKeyField('models.ImportJob', source_field='job_id', db_constraint=True, to_field='id', related_name='keys', on_delete=OnDelete.CASCADE)),
                ('key', fields.CharField(max_length=64)),
                ('row', fields.IntField()),
            ],
            options={'table': 'import_key', 'app': 'models', 'unique_together': (('job', 'key'),), 'pk_attr': 'id', 'table_description': 'A match key (a digest, not the value) a job has already written.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='webhook_endpoints', on_delete=OnDelete.CASCADE)),
                ('url', fields.CharField(max_length=2000)),
                ('description', fields.CharField(default='', max_length=500)),
                ('events', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('enabled', fields.BooleanField(default=True)),
                ('secret', fields.CharField(max_length=100)),
                ('previous_secret', fields.CharField(null=True, max_length=100)),
                ('previous_secret_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('failing_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('disabled_reason', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'webhook_endpoint', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'enabled'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='webhook_events', on_delete=OnDelete.CASCADE)),
                ('client_id', fields.BigIntField(null=True)),
                ('type', fields.CharEnumField(description='CLIENT_CREATED: client.created\nCLIENT_UPDATED: client.updated\nCLIENT_MERGED: client.merged\nCLIENT_STATUS_CHANGED: client.status_changed\nCLIENT_DELETED: client.deleted\nPOINTS_CHANGED: points.changed\nTAGS_CHANGED: tags.changed\nPURCHASE_RECORDED: purchase.recorded\nORDER_RECORDED: order.recorded\nORDER_UPDATED: order.updated\nBOOKING_RECORDED: booking.recorded\nCONSENT_CHANGED: consent.changed\nNOTIFICATION_FAILED: notification.failed\nTEST: webhook.test', enum_type=WebhookEventType, max_length=32)),
                ('data', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'webhook_event', 'app': 'models', 'indexes': [Index(fields=['client_id']), Index(fields=['created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uuid', fields.UUIDField(default=uuid4, unique=True)),
                ('endpoint', fields.ForeignKeyField('models.WebhookEndpoint', source_field='endpoint_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('event', fields.ForeignKeyField('models.WebhookEvent', source_field='event_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('client_id', fields.BigIntField(null=True)),
                ('status', fields.CharEnumField(default=DeliveryStatus.PENDING, description='PENDING: pending\nSENDING: sending\nDELIVERED: delivered\nFAILED: failed', enum_type=DeliveryStatus, max_length=10)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('first_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('response_code', fields.IntField(null=True)),
                ('last_error', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_delivery', 'app': 'models', 'indexes': [Index(fields=['status', 'next_attempt_at']), Index(fields=['endpoint_id', 'client_id', 'status']), Index(fields=['endpoint_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookAttempt',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('delivery', fields.ForeignKeyField('models.WebhookDelivery', source_field='delivery_id', db_constraint=True, to_field='id', related_name='attempt_log', on_delete=OnDelete.CASCADE)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('duration_ms', fields.IntField()),
                ('response_code', fields.IntField(null=True)),
                ('error', fields.CharField(null=True, max_length=500)),
                ('succeeded', fields.BooleanField()),
            ],
            options={'table': 'webhook_attempt', 'app': 'models', 'indexes': [Index(fields=['delivery_id', 'started_at'])], 'pk_attr': 'id', 'table_description': 'One POST of a delivery (R10.4): what the receiver answered, and how fast.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='InboxMessage',
            name='type',
            field=fields.CharEnumField(description='WELCOME: welcome\nVERIFY_EMAIL: verify_email\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nPAYMENT_REQUEST: payment_request\nSESSION_CANCELLED: session_cancelled\nWAITLIST_SPOT_AVAILABLE: waitlist_spot_available\nWAITLIST_EXPIRED: waitlist_expired\nWAITLIST_BOOKED: waitlist_booked\nCONFIRM_ATTENDANCE: confirm_attendance\nMANUAL: manual\nSALE: sale\nREVIEW_REQUEST: review_request\nPAYMENT_RECEIPT: payment_receipt\nCONFIRM_PURCHASE: confirm_purchase\nGIFT: gift\nWEBHOOK_DISABLED: webhook_disabled', enum_type=NotificationType, max_length=32),
        ),
        ops.AlterField(
            model_name='Notification',
            name='type',
            field=fields.CharEnumField(description='WELCOME: welcome\nVERIFY_EMAIL: verify_email\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nPAYMENT_REQUEST: payment_request\nSESSION_CANCELLED: session_cancelled\nWAITLIST_SPOT_AVAILABLE: waitlist_spot_available\nWAITLIST_EXPIRED: waitlist_expired\nWAITLIST_BOOKED: waitlist_booked\nCONFIRM_ATTENDANCE: confirm_attendance\nMANUAL: manual\nSALE: sale\nREVIEW_REQUEST: review_request\nPAYMENT_RECEIPT: payment_receipt\nCONFIRM_PURCHASE: confirm_purchase\nGIFT: gift\nWEBHOOK_DISABLED: webhook_disabled', enum_type=NotificationType, max_length=32),
        ),
    ]
