"""An ORM instance of a row read without the ORM (the lean paths' rows, driver or JSON)."""

from __future__ import annotations

from typing import Any, TypeVar

from tortoise.models import Model

M = TypeVar("M", bound=Model)


def as_model(model: type[M], row: dict[str, Any]) -> M:
    """An ORM instance of a row already read (no query): the payload's types read it. A
    row read as JSON (`row_to_json`) holds dates as text, which the driver would have
    converted: every value goes through its field's conversion. `_init_from_db` converts
    every field but those the driver gives natively typed; those are converted here when
    they are not (text from JSON) or their field's conversion does more than check the
    type (a datetime's zone, a decimal's places)."""
    converted = dict(row)
    for column, _, kind in model._meta.db_native_fields:
        value = converted.get(column)
        if value is not None and (
            kind.skip_to_python_if_native or not isinstance(value, kind.field_type)
        ):
            converted[column] = kind.to_python_value(value)
    return model._init_from_db(**converted)
