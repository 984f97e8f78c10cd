"""An import row's cells as a client (R10.6): which columns a file may have (the
export's, snake_case or camelCase; the read-only ones accepted and ignored), each cell
typed (dates, numbers, enums, yes/no consent answers with their proof columns) and the
export's formula guard undone, or the row's typed refusals. Messages never quote a value
from the file: it may be personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from models.client import CLIENT_FIELDS
from models.enums import ConsentPurpose, Gender, IdentificationType
from resolvers.clients.client_fields import camel
from resolvers.imports.upsert_rows import ConsentAnswer, Row

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
_BY_NAME = {c.replace("_", "").lower(): c for c in (*CLIENT_FIELDS, *READ_ONLY, *SPECIAL)}
_DATES = {"birthday", "date1", "date2"}
_INTS = {f"int{i}" for i in range(1, 6)}
_ENUMS: dict[str, Any] = {"gender": Gender, "identification_type": IdentificationType}


@dataclass(frozen=True)
class Issue:
    row: int
    column: str | None
    code: str
    message: str


def column_name(header: str) -> str | None:
    """The client column a header (snake_case or camelCase, any case) names, or None."""
    return _BY_NAME.get(header.strip().replace("_", "").replace(" ", "").lower())


def unescape(cell: str) -> str:
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
