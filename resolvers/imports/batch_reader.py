"""Reading and checking an import's batches ahead of their writes (R10.6).

While the database writes batch N, batch N+1 is read from the file and checked: CSV
parsing, the createClient cleaners (email, phone), tags, match keys, the search text.
That is Python work; in a thread it would take the interpreter's lock from the writes,
so a large file is read and checked in a process of its own, which keeps the file's
reader and answers one batch at a time: memory stays that of two batches, whatever the
file. A small file is read in a thread (starting a process costs about a second).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import TracebackType

from models.access import Permission
from models.imports import ImportFormat, MatchBy
from resolvers.access.actor import Actor
from resolvers.imports.import_columns import Issue
from resolvers.imports.import_file import rows
from resolvers.imports.upsert_plan import Checked, Row, validate

BATCH = 2000
# Files with at least this many rows left are checked in a process of their own.
PROCESS_FROM = 5000


@dataclass
class Prepared:
    """A batch read from the file and checked (pure work, done while the database writes
    the batch before it)."""

    size: int
    issues: list[Issue]
    rows: list[Row]
    checked: Checked


@dataclass(frozen=True)
class Source:
    """What to read (the rows after `skip`) and how to check them."""

    path: str
    fmt: ImportFormat
    skip: int
    actor: Actor
    match_by: MatchBy
    country: str
    size: int


def prepare(reader: Iterator[Row | list[Issue]], source: Source) -> Prepared | None:
    batch = list(islice(reader, source.size))
    if not batch:
        return None
    issues = [issue for item in batch if isinstance(item, list) for issue in item]
    good = [item for item in batch if isinstance(item, Row)]
    if Permission.TAGS_WRITE not in source.actor.permissions:
        tagged = {row.index for row in good if row.tags}
        message = "Adding tags needs tags:write"
        issues += [Issue(row.index, "tags", "forbidden", message) for row in good if row.tags]
        good = [row for row in good if row.index not in tagged]
    return Prepared(len(batch), issues, good, validate(good, source.match_by, source.country))


# The checking process's state: its source and its reader of the file.
_opened: tuple[Source, Iterator[Row | list[Issue]]] | None = None


def _open(source: Source) -> None:
    global _opened  # one reader per checking process, for its life
    _opened = (source, rows(Path(source.path), source.fmt, skip=source.skip))


def _next() -> Prepared | None:
    assert _opened is not None
    source, reader = _opened
    return prepare(reader, source)


class BatchReader:
    """`async with BatchReader(source, left) as reader`: `reader.next()` starts reading
    and checking the next batch (None after the last)."""

    def __init__(self, source: Source, left: int) -> None:
        self._source = source
        self._pool: ProcessPoolExecutor | None = None
        self._reader: Iterator[Row | list[Issue]] | None = None
        if left >= PROCESS_FROM:
            # spawn: a fork of a process with an event loop and open connections is unsafe.
            self._pool = ProcessPoolExecutor(
                1, multiprocessing.get_context("spawn"), initializer=_open, initargs=(source,)
            )
        else:
            self._reader = rows(Path(source.path), source.fmt, skip=source.skip)

    def next(self) -> asyncio.Future[Prepared | None]:
        if self._pool is not None:
            return asyncio.get_running_loop().run_in_executor(self._pool, _next)
        assert self._reader is not None
        return asyncio.ensure_future(asyncio.to_thread(prepare, self._reader, self._source))

    async def __aenter__(self) -> BatchReader:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)
