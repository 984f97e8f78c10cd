from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_postgres_filter_indexes')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Client',
            name='merged_into',
            field=fields.ForeignKeyField('models.Client', source_field='merged_into_id', null=True, db_constraint=True, to_field='id', related_name='merged_from', on_delete=OnDelete.RESTRICT),
        ),
    ]
