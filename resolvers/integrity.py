"""Turning a unique-index violation into the field it is about.

The database's unique indexes decide uniqueness (so racing writes cannot both
win); this module only reads which columns the violated index covers. It never
copies the database's message anywhere: on PostgreSQL that message holds the
duplicated value, which may be personal data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tortoise.exceptions import IntegrityError

_SQLITE_COLUMNS = re.compile(r"UNIQUE constraint failed: ([\w., ]+)")
_POSTGRES_COLUMNS = re.compile(r"Key \(([^)]*)\)=")


def violated_columns(exc: IntegrityError) -> frozenset[str]:
    cause = exc.__cause__ or (exc.args[0] if exc.args else None)
    detail = getattr(cause, "detail", None)
    if isinstance(detail, str) and (match := _POSTGRES_COLUMNS.search(detail)):
        return frozenset(col.strip().strip('"') for col in match.group(1).split(","))
    if match := _SQLITE_COLUMNS.search(str(cause)):
        return frozenset(col.strip().rsplit(".", 1)[-1] for col in match.group(1).split(","))
    return frozenset()


def violated_field(exc: IntegrityError, fields_by_column: Mapping[str, str]) -> str | None:
    """The field whose unique column the violation names, out of `fields_by_column`."""
    columns = violated_columns(exc)
    for column, field in fields_by_column.items():
        if column in columns:
            return field
    return None
