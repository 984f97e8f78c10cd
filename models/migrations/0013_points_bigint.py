"""Points in 64 bits (issue 14): balances, ledger amounts, remainders, points earned and level
thresholds become BIGINT, so no sum the database computes overflows (a merge of two large
balances, F("points") + amount). The maxima an operation may reach are checked in
resolvers/loyalty/ledger.py (MAX_AMOUNT per operation, MAX_BALANCE per balance).

SQLite already stores every INTEGER in up to 8 bytes, whatever the declared type, and its
schema editor alters a column by rebuilding the table without its indexes: there the
change is recorded in the migration state only.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class AlterFieldOnPostgres(ops.AlterField):
    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is not None and state_editor.client.capabilities.dialect == "postgres":
            await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is not None and state_editor.client.capabilities.dialect == "postgres":
            await super().database_backward(app_label, old_state, new_state, state_editor)


class Migration(migrations.Migration):
    dependencies = [("models", "0012_client_relation_indexes")]

    initial = False

    operations = [
        AlterFieldOnPostgres(
            model_name="Client",
            name="points",
            field=fields.BigIntField(default=0),
        ),
        AlterFieldOnPostgres(
            model_name="Level",
            name="threshold",
            field=fields.BigIntField(),
        ),
        AlterFieldOnPostgres(
            model_name="PointsEntry",
            name="amount",
            field=fields.BigIntField(),
        ),
        AlterFieldOnPostgres(
            model_name="PointsEntry",
            name="balance_after",
            field=fields.BigIntField(),
        ),
        AlterFieldOnPostgres(
            model_name="PointsEntry",
            name="remaining",
            field=fields.BigIntField(null=True),
        ),
        AlterFieldOnPostgres(
            model_name="Purchase",
            name="points_earned",
            field=fields.BigIntField(default=0),
        ),
    ]
