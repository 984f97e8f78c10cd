"""The PostgreSQL statement that writes a ledger plan (`ledger_write`): data-modifying
CTEs, and the types its parameters are cast to."""

# ruff: noqa: S608 - statements are written from model column names and placeholders only

from __future__ import annotations

import functools

from resolvers.activity import ACTIVITY_COLUMNS
from resolvers.loyalty.ledger_lock import entry_columns


@functools.cache
def written_columns() -> list[str]:
    return [c for c in entry_columns() if c != "id"]


_TYPES = {
    "uuid": "uuid", "organization_id": "int", "client_id": "bigint", "amount": "int",
    "balance_after": "int", "reason": "text", "source": "text", "actor_type": "text",
    "actor_id": "int", "actor_name": "text", "expires_at": "timestamptz",
    "remaining": "int", "idempotency_key": "text", "created_at": "timestamptz",
    "action": "text", "changes": "jsonb",
}  # fmt: skip


@functools.cache
def pg_write_sql(
    with_entry: bool, record: tuple[str, tuple[str, ...]] | None, guarded: bool = False
) -> str:
    """The write as one statement of data-modifying CTEs. Parameters: the expiry entries
    (an array per column), the credits (ids, remaining), the balance and level, the
    activity entries (an array per column), then the new entry's values, then the
    record's. The new entry is inserted after the expiry entries (it reads their count),
    so the ledger's order is theirs.

    `guarded` (an optimistic write, `write_unlocked`): two more parameters, the client's id
    and the version its read saw; the statement locks the row only if it is still that
    version, and writes nothing otherwise (`won` says which; a record's insert then breaks
    its NOT NULL client)."""
    written = written_columns()
    n = len(written)
    cols = ", ".join(f'"{c}"' for c in written)
    arrays = ", ".join(f"${i + 1}::{_TYPES[c]}[]" for i, c in enumerate(written))
    k = n
    act = ", ".join(f'"{c}"' for c in ACTIVITY_COLUMNS)
    act_arrays = ", ".join(f"${k + 5 + i}::{_TYPES[c]}[]" for i, c in enumerate(ACTIVITY_COLUMNS))
    k += 4 + len(ACTIVITY_COLUMNS)
    parts = [
        f"""credits AS (
        UPDATE points_entry p SET remaining = v.remaining
        FROM unnest(${n + 1}::bigint[], ${n + 2}::int[]) AS v(id, remaining)
        WHERE p.id = v.id RETURNING p.id)""",
        f"""expired AS (
        INSERT INTO points_entry ({cols}) SELECT * FROM unnest({arrays}) RETURNING id)""",
        f"""activity AS (
        INSERT INTO activity_entry ({act}) SELECT * FROM unnest({act_arrays}) RETURNING id)""",
    ]
    selected = []
    total = k + (n if with_entry else 0) + (len(record[1]) if record is not None else 0)
    only_if = ""
    if guarded:
        parts.insert(
            0,
            f"""guard AS (
        SELECT id FROM client WHERE id = ${total + 1} AND xmin::text = ${total + 2}
        FOR UPDATE)""",
        )
        only_if = " WHERE EXISTS (SELECT 1 FROM guard)"
        parts[1] = parts[1].replace(
            "WHERE p.id = v.id", "WHERE p.id = v.id AND EXISTS (SELECT 1 FROM guard)"
        )
        parts[2] = (
            parts[2]
            .replace("SELECT * FROM unnest(", "SELECT * FROM unnest(", 1)
            .replace(" RETURNING id)", only_if + " RETURNING id)")
        )
        parts[3] = parts[3].replace(" RETURNING id)", only_if + " RETURNING id)")
        selected.append("(SELECT count(*) FROM guard) AS won")
    if with_entry:
        values = ", ".join(f"${k + 1 + i}::{_TYPES[c]}" for i, c in enumerate(written))
        k += n
        parts.append(
            f"""entry AS (
        INSERT INTO points_entry ({cols})
        SELECT {values} FROM (SELECT count(*) FROM expired) AS after_expiry{only_if}
        RETURNING *)"""
        )
        parts.append(
            f"""balance AS (
        UPDATE client SET points = ${n + 3}, level_id = ${n + 4}
        WHERE id = (SELECT client_id FROM entry) RETURNING id)"""
        )
        selected.append("(SELECT row_to_json(entry) FROM entry) AS entry")
    else:  # the balance and level parameters are sent anyway: they need a type
        selected.append(f"${n + 3}::int AS points, ${n + 4}::bigint AS level_id")
    if record is not None:
        table, columns = record
        marks = ", ".join(
            f"(SELECT id FROM guard WHERE id = ${k + 1 + i})"
            if guarded and column == "client_id"
            else f"${k + 1 + i}"
            for i, column in enumerate(columns)
        )
        parts.append(
            f'record AS (INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks}) RETURNING *)'
        )
        selected.append("(SELECT row_to_json(record) FROM record) AS record")
    return f"WITH {', '.join(parts)} SELECT {', '.join(selected)}"
