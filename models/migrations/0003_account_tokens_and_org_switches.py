from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import TokenPurpose
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_accounts_notifications')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccountToken',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='account_tokens', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharEnumField(description='VERIFY_EMAIL: verify_email\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link\nEMAIL_CHANGE: email_change', enum_type=TokenPurpose, max_length=16)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('new_email', fields.CharField(null=True, max_length=254)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'account_token', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A one-time secret sent by email: stored as a digest, single-use, expiring.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Organization',
            name='client_accounts_enabled',
            field=fields.BooleanField(default=True),
        ),
        ops.AddField(
            model_name='Organization',
            name='staff_password_assignment',
            field=fields.BooleanField(default=True),
        ),
    ]
