"""Logging an exception without what it says.

An exception's message can quote input values (an ORM validation error quotes the value, a
PostgreSQL constraint error the key: an email): log lines never carry input values, so a
failure is logged with its type and where it was raised - file, line and function of each
frame, no source lines - and never with its message or `exc_info`.
"""

from __future__ import annotations

import traceback


def stack(exc: BaseException) -> str:
    """`exc`'s type and the frames it was raised through, one per line."""
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join([type(exc).__name__, *lines])
