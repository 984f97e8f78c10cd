"""Self-service requests answered the same for known and unknown emails and carried out by the
background worker (issue 14): the account_request table."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import AccountRequestKind
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0013_points_bigint')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccountRequest',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='account_requests', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='REGISTER: register\nPASSWORD_RESET: password_reset\nLOGIN_LINK: login_link', enum_type=AccountRequestKind, max_length=16)),
                ('email', fields.CharField(max_length=254)),
                ('password_hash', fields.CharField(null=True, max_length=255)),
                ('first_name', fields.CharField(default='', max_length=100)),
                ('last_name', fields.CharField(default='', max_length=100)),
                ('locale', fields.CharField(null=True, max_length=5)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'account_request', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
