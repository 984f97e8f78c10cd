"""Logging: one JSON object per line in production (readable lines in development), each
line of a request carrying its request id, operation name and actor id.

structlog renders the lines; the standard library's loggers (ours, uvicorn's, Tortoise's)
go through the same renderer, so every line has one shape. The request's ids come from
`RequestFacts` (clientela/infra/observe.py). Personal data and secrets never go into a log
line: messages name ids and codes; Tortoise's statement log (which carries parameter
values) is not printed, and nor are aiosmtpd's lines (whole messages).
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog
from structlog.typing import EventDict, WrappedLogger

from clientela.infra.observe import current
from clientela.settings import Settings


def _request(logger: WrappedLogger, method: str, event: EventDict) -> EventDict:
    facts = current()
    if facts is not None:
        event.setdefault("request_id", facts.request_id)
        if facts.operation:
            event.setdefault("operation", facts.operation)
        if facts.actor:
            event.setdefault("actor", facts.actor)
    return event


def _processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _request,
    ]


def configure_logging(settings: Settings, stream: TextIO | None = None) -> None:
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if settings.json_logs
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_processors(), structlog.stdlib.ExtraAdder()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(settings.log_level)
    structlog.configure(
        processors=[
            *_processors(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    # Tortoise logs every statement with its parameter values at DEBUG, and aiosmtpd (the
    # dev sink) every line of every message: personal data and live links.
    for noisy in ("tortoise", "aiosqlite", "asyncpg", "mail.log"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # uvicorn's access lines carry the client's address and the query string (a GET
    # query's variables): the observability middleware writes one line per request instead.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
