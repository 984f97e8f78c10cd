"""The access log without query strings.

A GET to /graphql carries the whole document and its variables in the URL: a login sent
by GET (refused with 405) would leave an email and a password in the log. Uvicorn's
access lines are `%s - "%s %s HTTP/%s" %d` with the path (query included) as the third
argument; this filter keeps the path and drops everything after `?`.
"""

from __future__ import annotations

import logging


class DropQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path, question, _ = args[2].partition("?")
            if question:
                record.args = (*args[:2], f"{path}?[redacted]", *args[3:])
        return True


def install() -> None:
    """Attach the filter to uvicorn's access logger (idempotent)."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
        logger.addFilter(DropQueryStrings())
