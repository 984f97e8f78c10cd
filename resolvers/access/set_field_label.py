"""setFieldLabel: an organization names one of its generic client fields (PRODUCT.md §2).

"text1 = shoe size": the admin console shows the label instead of the slot name.
An empty label removes the label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import FieldLabel
from models.access import Permission
from models.enums import GenericField
from resolvers.access.actor import Actor, require
from resolvers.clients.client_fields import Invalid, single_line
from resolvers.errors import UserError, error


@dataclass
class FieldLabelResult:
    generic_field: GenericField
    label: str | None = None
    errors: list[UserError] = field(default_factory=list)


async def set_field_label(
    actor: Actor | None, generic_field: GenericField, label: str | None
) -> FieldLabelResult:
    actor = require(actor, Permission.SETTINGS_MANAGE)
    try:
        clean = single_line(100)(label)
    except Invalid as exc:
        return FieldLabelResult(generic_field, errors=[error(exc.code, exc.message, "label")])

    try:
        await _write(actor, generic_field, clean)
    except IntegrityError:
        # Another request created the label between our read and our insert: ours wins.
        await _write(actor, generic_field, clean)
    return FieldLabelResult(generic_field, label=clean)


async def _write(actor: Actor, generic_field: GenericField, label: str | None) -> None:
    async with in_transaction("default") as conn:
        existing = (
            await FieldLabel.filter(organization_id=actor.organization_id, field=generic_field)
            .using_db(conn)
            .select_for_update()
            .first()
        )
        if label is None:
            if existing is not None:
                await existing.delete(using_db=conn)
        elif existing is None:
            await FieldLabel.create(
                organization_id=actor.organization_id,
                field=generic_field,
                label=label,
                using_db=conn,
            )
        else:
            existing.label = label
            await existing.save(using_db=conn, update_fields=["label", "updated_at"])
