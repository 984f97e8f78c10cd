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
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import orjson

from models.enums import ConsentPurpose, Gender, IdentificationType
from models.imports import ImportFormat
from resolvers.clients.client_fields import camel
from resolvers.imports.upsert_rows import ConsentAnswer, Row

MAX_CELL = 32 * 1024 * 1024
csv.field_size_limit(MAX_CELL)

CLIENT_COLUMNS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "identification_type",
    "identification_number",
    "external_id",
    "gender",
    "city",
    "birthday",
    "locale",
    "registered_at",
    "registration_code",
    "share_code",
    *(f"text{i}" for i in range(1, 6)),
    *(f"int{i}" for i in range(1, 6)),
    "date1",
    "date2",
)
# Columns of an export that an import reads but does not write (they change through
# their own operations: the ledger, levels, lifecycle).
READ_ONLY = ("points", "level", "status")
# Consent (R11.1): the export's yes/no per purpose, and the proof of each (the wording
# shown, a form's reference); a grant without a proof is refused (docs/consent.md).
CONSENT = {
    "consent_marketing_email": ConsentPurpose.MARKETING_EMAIL,
    "consent_marketing_in_app": ConsentPurpose.MARKETING_IN_APP,
}
CONSENT_PROOF = {f"{column}_proof": purpose for column, purpose in CONSENT.items()}
SPECIAL = ("id", "tags", *CONSENT, *CONSENT_PROOF)
_YES = frozenset({"true", "yes", "y", "1"})
_NO = frozenset({"false", "no", "n", "0"})
_BY_NAME = {c.replace("_", "").lower(): c for c in (*CLIENT_COLUMNS, *READ_ONLY, *SPECIAL)}
_DATES = {"birthday", "date1", "date2"}
_INTS = {f"int{i}" for i in range(1, 6)}
_ENUMS: dict[str, Any] = {"gender": Gender, "identification_type": IdentificationType}


class FileRefused(Exception):
    """The whole file cannot be imported; nothing was written."""

    def __init__(self, code: str, message: str, row: int = 0, column: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.row = row
        self.column = column


@dataclass(frozen=True)
class Issue:
    row: int
    column: str | None
    code: str
    message: str


def column_name(header: str) -> str | None:
    """The client column a header (snake_case or camelCase, any case) names, or None."""
    return _BY_NAME.get(header.strip().replace("_", "").replace(" ", "").lower())


def _unescape(cell: str) -> str:
    """Undo the export's guard against spreadsheet formulas (R6.3)."""
    if len(cell) > 1 and cell[0] == "'":
        rest = cell[1:]
        if rest[0] in "=@\t\r" or (rest[0] in "+-" and not rest[1:2].isdigit()):
            return rest
    return cell


def _typed(column: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column in _DATES:
        return date.fromisoformat(str(value))
    if column == "registered_at":
        return datetime.fromisoformat(str(value))
    if column in _INTS:
        if isinstance(value, bool):
            raise ValueError
        return int(value)
    if column in _ENUMS:
        return _ENUMS[column](str(value).strip().lower())
    return value if isinstance(value, str) else str(value)


def to_row(number: int, record: dict[str, Any]) -> Row | list[Issue]:
    """A parsed line (column -> value) as a Row, or why it is refused."""
    issues: list[Issue] = []
    fields: dict[str, Any] = {}
    for column, value in record.items():
        if column in READ_ONLY or column in SPECIAL:
            continue
        try:
            fields[column] = _typed(column, value)
        except (ValueError, TypeError):
            issues.append(Issue(number, camel(column), "invalid", "The value does not parse"))
    tags = record.get("tags")
    if isinstance(tags, str):
        tag_list = [t for t in tags.split(";") if t.strip()]
    elif isinstance(tags, list) and all(isinstance(t, str) for t in tags):
        tag_list = tags
    elif tags is None:
        tag_list = []
    else:
        issues.append(Issue(number, "tags", "invalid", "Tags are a list or ;-separated text"))
        tag_list = []
    public_id = record.get("id")
    if public_id is not None and not isinstance(public_id, str):
        issues.append(Issue(number, "id", "invalid", "The id is a text"))
    consent = _consent(number, record, issues)
    if issues:
        return issues
    return Row(
        index=number, fields=fields, tags=tag_list, public_id=public_id or None, consent=consent
    )


def _yes_no(value: Any) -> bool | None:
    """A consent cell: true/false, yes/no, 1/0 (any case), a JSON boolean; blank: None."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError


def _consent(
    number: int, record: dict[str, Any], issues: list[Issue]
) -> dict[ConsentPurpose, ConsentAnswer]:
    answers: dict[ConsentPurpose, ConsentAnswer] = {}
    for column, purpose in CONSENT.items():
        try:
            granted = _yes_no(record.get(column))
        except ValueError:
            message = "Consent is true or false (yes/no, 1/0)"
            issues.append(Issue(number, camel(column), "invalid", message))
            continue
        proof = record.get(f"{column}_proof")
        if proof is not None and not isinstance(proof, str):
            issues.append(Issue(number, camel(f"{column}_proof"), "invalid", "A proof is a text"))
            continue
        if granted is not None:
            answers[purpose] = ConsentAnswer(granted, proof or None, column)
    return answers


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
                yield to_row(number, {c: _unescape(v) for c, v in zip(columns, cells, strict=True)})
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
