"""`clientela reseal-secrets`: every sealed value sealed again under SECRET_KEY, the step of
changing SECRET_KEY that makes the previous key unneeded (docs/operations.md).

What is sealed (clientela/infra/sealing.py) is listed in `SEALED`: today the webhook
signing secrets, current and previous. Each value is opened with SECRET_KEY, then the keys
of SECRET_KEY_PREVIOUS; one a previous key sealed (or one still plain, from before
migration 0018) is sealed again under SECRET_KEY; one already under SECRET_KEY is left as
it is, so running the command again changes nothing. A value no key opens is left as it is
and counted: its endpoint cannot sign until its secret is rotated.

Rows are read in id order in batches, each batch written in one transaction; a value is
replaced only if it is still the one read (a secret rotated meanwhile is the rotation's).
Only counts are printed, never a value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tortoise.models import Model
from tortoise.transactions import in_transaction

from clientela.infra.sealing import Unsealable, is_sealed, opened, seal
from clientela.settings import Settings
from models import WebhookEndpoint
from resolvers.webhooks.endpoints import SECRET_PREFIX, SECRET_PURPOSE


@dataclass(frozen=True)
class Sealed:
    """Columns of a table holding sealed values for one purpose."""

    model: type[Model]
    columns: tuple[str, ...]
    purpose: str
    # A value written before sealing existed, to seal as it is.
    plain: Callable[[str], bool]


SEALED = (
    Sealed(
        WebhookEndpoint,
        ("secret", "previous_secret"),
        SECRET_PURPOSE,
        lambda value: value.startswith(SECRET_PREFIX),
    ),
)


@dataclass
class Counts:
    values: int = 0  # values read
    current: int = 0  # already sealed under SECRET_KEY
    resealed: int = 0  # sealed again under SECRET_KEY (with --dry-run: would be)
    unreadable: int = 0  # opened by no key: left as they are
    changed_meanwhile: int = 0  # rewritten by someone else (a rotation) since read

    def line(self, name: str, dry_run: bool) -> str:
        verb = "would be sealed again" if dry_run else "sealed again"
        return (
            f"{name}: {self.values:,} values, {self.current:,} already under SECRET_KEY, "
            f"{self.resealed:,} {verb}, {self.unreadable:,} opened by no key, "
            f"{self.changed_meanwhile:,} changed meanwhile"
        )


def _resealed(value: str, table: Sealed, keys: tuple[str, ...]) -> str | None:
    """The value sealed under keys[0], or None when it already is; Unsealable when no
    key opens it."""
    if table.plain(value) and not is_sealed(value):
        return seal(keys[0], table.purpose, value)
    plain, by = opened(keys, table.purpose, value)
    return None if by == 0 else seal(keys[0], table.purpose, plain)


async def _batch(
    table: Sealed,
    rows: list[dict[str, Any]],
    keys: tuple[str, ...],
    counts: Counts,
    dry_run: bool,
) -> None:
    async with in_transaction("default") as conn:
        for row in rows:
            for column in table.columns:
                value = row[column]
                if value is None:
                    continue
                counts.values += 1
                try:
                    new = _resealed(value, table, keys)
                except Unsealable:
                    counts.unreadable += 1
                    continue
                if new is None:
                    counts.current += 1
                    continue
                if dry_run:
                    counts.resealed += 1
                    continue
                query = table.model.filter(id=row["id"], **{column: value}).using_db(conn)
                if await query.update(**{column: new}):
                    counts.resealed += 1
                else:
                    counts.changed_meanwhile += 1


async def reseal_secrets(
    settings: Settings, *, dry_run: bool = False, batch_size: int = 500
) -> dict[str, Counts]:
    """Seal every sealed value under SECRET_KEY (see the module); counts per table."""
    keys = settings.secret_keys()
    report: dict[str, Counts] = {}
    for table in SEALED:
        counts = report.setdefault(table.model._meta.db_table, Counts())
        last = 0
        while True:
            rows = (
                await table.model.filter(id__gt=last)
                .order_by("id")
                .limit(batch_size)
                .values("id", *table.columns)
            )
            if not rows:
                break
            await _batch(table, rows, keys, counts, dry_run)
            last = rows[-1]["id"]
    return report
