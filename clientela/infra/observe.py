"""What is known about the request being served, for its log lines and its metrics.

The HTTP middleware (clientela/observability.py) opens one `RequestFacts` per request in a
context variable; the GraphQL view and the schema fill in what they learn (operation,
actor, outcome, which read path answered) and the database driver's statement log counts
statements. Everything here is an id, a name or a count: never a value the caller sent.
"""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar
from dataclasses import dataclass

_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


@dataclass
class RequestFacts:
    request_id: str
    operation: str | None = None  # the GraphQL operation's name, when it has one
    operation_type: str | None = None  # query, mutation
    actor: str | None = None  # "staff:12", "api_key:3", "account:45": ids, never names
    outcome: str | None = None  # ok, error, throttled, refused, timeout
    read_path: str | None = None  # compiled or reference
    statements: int = 0


CURRENT: ContextVar[RequestFacts | None] = ContextVar("clientela_request", default=None)


def current() -> RequestFacts | None:
    return CURRENT.get()


def request_id() -> str | None:
    facts = CURRENT.get()
    return facts.request_id if facts else None


def valid_request_id(value: str | None) -> bool:
    """An X-Request-Id from a proxy is kept when it is a plain token (it goes into logs)."""
    return value is not None and _ID.fullmatch(value) is not None


_SQL = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT")


class StatementCounter(logging.Filter):
    """Counts the statements Tortoise's driver log reports, per request (a logging filter
    on "tortoise.db_client" sees every statement of both databases and the compiled reads).

    It lets no record through (the statement log carries parameter values) unless
    `passthrough` is set: tests that read the statements set it while they do.
    """

    passthrough = False

    def filter(self, record: logging.LogRecord) -> bool:
        facts = CURRENT.get()
        if facts is not None and record.levelno == logging.DEBUG:
            text = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
            if isinstance(text, str) and text.lstrip()[:9].upper().startswith(_SQL):
                facts.statements += 1
        return StatementCounter.passthrough


def count_statements() -> None:
    """Count every statement: the driver logs each at DEBUG, and the counter drops the
    record once counted, so that no handler prints its parameter values."""
    logger = logging.getLogger("tortoise.db_client")
    if not any(isinstance(f, StatementCounter) for f in logger.filters):
        logger.addFilter(StatementCounter())
    logger.setLevel(logging.DEBUG)
