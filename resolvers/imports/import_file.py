"""Reading an import file (R10.6): CSV or JSON lines, row by row, in constant memory.

A file is checked whole before anything is written (`scan`): its encoding (UTF-8, a BOM
allowed), its header (known columns only, none twice: the export's columns round-trip,
with the read-only ones — points, level, status — accepted and ignored), and that the
CSV parses to the end. A file failing these is refused whole with a typed code and
nothing is written. Then `rows` reads it again and turns each line into a `Row`, or
into typed refusals of that row alone: a wrong number of cells, a value that does not
parse, a line that is not a JSON object. A cell of up to 32 MiB is read (and refused by
the field's length rule); memory is bounded by that, never by the file.

Codes and messages never quote a value from the file: it may be personal data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from models.imports import ImportFormat
from resolvers.imports.import_columns import Issue, column_name, to_row, unescape
from resolvers.imports.upsert_rows import Row

MAX_CELL = 32 * 1024 * 1024
csv.field_size_limit(MAX_CELL)


class FileRefused(Exception):
    """The whole file cannot be imported; nothing was written."""

    def __init__(self, code: str, message: str, row: int = 0, column: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.row = row
        self.column = column


def _text(stream: IO[bytes]) -> io.TextIOWrapper:
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")


def _header(reader: Iterator[list[str]]) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused("empty_file", "The file is empty: a header row is required") from None
    columns: list[str] = []
    for position, cell in enumerate(header, start=1):
        name = column_name(cell)
        if name is None:
            # The position, not the text: a file without a header has data here.
            raise FileRefused(
                "unknown_column", f"Column {position} is not a client column", 1, str(position)
            )
        if name in columns:
            raise FileRefused("duplicate_column", f"Column {position} repeats a column", 1)
        columns.append(name)
    return columns


def scan(path: Path, fmt: ImportFormat) -> int:
    """Check the whole file (encoding, header, CSV syntax); returns how many data rows."""
    rows = 0
    try:
        with path.open("rb") as raw, _text(raw) as text:
            if fmt is ImportFormat.CSV:
                reader = csv.reader(text, strict=True)
                _header(reader)
                for cells in reader:
                    rows += bool(cells)
            else:
                for line in text:
                    rows += bool(line.strip())
    except UnicodeDecodeError:
        raise FileRefused("bad_encoding", "The file is not UTF-8 text", rows + 1) from None
    except csv.Error:
        raise FileRefused("malformed_csv", "The CSV does not parse (quotes?)", rows + 2) from None
    return rows


def rows(path: Path, fmt: ImportFormat, skip: int = 0) -> Iterator[Row | list[Issue]]:
    """Each data row after the first `skip`, numbered from 1 (the line after the header
    for CSV, the first line for JSON lines)."""
    with path.open("rb") as raw, _text(raw) as text:
        if fmt is ImportFormat.CSV:
            reader = csv.reader(text, strict=True)
            columns = _header(reader)
            number = 0
            for cells in reader:
                if not cells:
                    continue
                number += 1
                if number <= skip:
                    continue
                if len(cells) != len(columns):
                    message = f"{len(cells)} cells where the header has {len(columns)}"
                    yield [Issue(number, None, "wrong_cell_count", message)]
                    continue
                yield to_row(number, {c: unescape(v) for c, v in zip(columns, cells, strict=True)})
        else:
            number = 0
            for line in text:
                if not line.strip():
                    continue
                number += 1
                if number > skip:
                    yield _json_row(number, line)


def _json_row(number: int, line: str) -> Row | list[Issue]:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return [Issue(number, None, "malformed_row", "The line is not JSON")]
    if not isinstance(record, dict):
        return [Issue(number, None, "malformed_row", "The line is not a JSON object")]
    named: dict[str, Any] = {}
    for key in record:
        name = column_name(str(key))
        if name is None:
            return [Issue(number, None, "unknown_column", "A key is not a client column")]
        named[name] = record[key]
    return to_row(number, named)
