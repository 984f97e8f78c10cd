"""The input boundary: every argument of every root field is checked here, once, before
its resolver runs - not field by field in the resolvers.

What no input may hold, whatever the field (issue 14):
- strings: a NUL character (PostgreSQL refuses 0x00), a lone surrogate (not encodable
  as UTF-8), a control character other than tab, line feed and carriage return, or more
  than MAX_STRING characters (the fields' own, smaller limits are the resolvers' rules);
- datetimes without a time zone: refused, not guessed (an integration that sends local
  time without an offset would be off by hours without knowing it) - except in a field
  that says it reads them in the organization's time zone (`metadata=LOCAL_TIME`);
- dates and datetimes outside [EARLIEST, LATEST): both databases and Python hold every
  instant in it in every time zone, and date arithmetic near it cannot overflow.

A refused argument of a query, or of a mutation whose payload has no `userErrors`, is
answered with a top-level BAD_USER_INPUT error naming the argument's path; a mutation
input is answered with its payload's `userErrors` (INVALID, TOO_LONG or OUT_OF_RANGE at
the field's path relative to `input`). Messages and logs name the path, never the value.

Mutations also run here through `retry_conflicts` (resolvers/conflicts.py): one that
still loses a race after its retries is answered CONFLICT_RETRY.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from graphql import GraphQLError
from strawberry import UNSET
from strawberry.extensions import FieldExtension
from strawberry.types.base import StrawberryList, StrawberryOptional, has_object_definition
from strawberry.types.field import StrawberryField

from resolvers.conflicts import ConflictRetry, retry_conflicts
from resolvers.errors import BadInput, ErrorCode
from schema.context import Info
from schema.errors import UserError

MAX_STRING = 10_000
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

CONFLICT = "Another change to the same records ran at the same time: send it again"


@dataclass(frozen=True)
class Refusal:
    path: tuple[str, ...]
    code: ErrorCode
    message: str


def _string(value: str) -> tuple[ErrorCode, str] | None:
    if len(value) > MAX_STRING:
        return ErrorCode.TOO_LONG, f"At most {MAX_STRING:,} characters"
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return ErrorCode.INVALID, "A text cannot hold the NUL character"
    if "\ud800" <= found.group() <= "\udfff":
        return ErrorCode.INVALID, "A text must be valid Unicode (a lone surrogate was sent)"
    return ErrorCode.INVALID, "A text cannot hold control characters"


# Field metadata of a DateTime input read in the organization's time zone when it has no
# offset (its resolver localises it).
LOCAL_TIME = {"local_time": True}


def _instant(value: datetime, local: bool = False) -> tuple[ErrorCode, str] | None:
    if value.tzinfo is None or value.utcoffset() is None:
        if not local:
            return ErrorCode.INVALID, "Give a time zone offset, e.g. 2027-01-01T00:00:00Z"
        value = value.replace(tzinfo=UTC)  # its zone is at most 14 h away: checked as UTC
    # Years 1 and 9999 with an offset do not fit in a datetime once moved to UTC.
    if value.year <= EARLIEST.year - 1 or value.year >= LATEST.year + 1:
        return ErrorCode.OUT_OF_RANGE, _RANGE
    try:
        if not EARLIEST <= value.astimezone(UTC) < LATEST:
            return ErrorCode.OUT_OF_RANGE, _RANGE
    except OverflowError:
        return ErrorCode.OUT_OF_RANGE, _RANGE
    return None


_RANGE = f"Use a date from {EARLIEST.year} to {LATEST.year - 1}"


def _day(value: date) -> tuple[ErrorCode, str] | None:
    if not EARLIEST.date() <= value < LATEST.date():
        return ErrorCode.OUT_OF_RANGE, _RANGE
    return None


def refusals(
    value: Any, path: tuple[str, ...], info: Info | None = None, *, local: bool = False
) -> Iterator[Refusal]:
    """What is wrong in `value` (a converted argument) and where; nothing when it is fine."""
    problem: tuple[ErrorCode, str] | None = None
    if value is None or value is UNSET or isinstance(value, bool | int | float):
        return
    if isinstance(value, str):
        problem = _string(value)
    elif isinstance(value, datetime):
        problem = _instant(value, local)
    elif isinstance(value, date):
        problem = _day(value)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from refusals(item, (*path, str(index)), info, local=local)
    elif isinstance(value, Mapping):  # JSON scalars: keys and values reach the database too
        for key, item in value.items():
            key_problem = _string(str(key))
            if key_problem is not None:
                yield Refusal(path, *key_problem)
            yield from refusals(item, (*path, str(key)), info)
    elif has_object_definition(value):  # an input object
        for field in value.__strawberry_definition__.fields:
            metadata: Mapping[str, Any] = field.metadata or {}
            local_field = bool(metadata.get("local_time"))
            yield from refusals(
                getattr(value, field.python_name),
                (*path, _name(field, info)),
                info,
                local=local_field,
            )
    if problem is not None:
        yield Refusal(path, *problem)


def _name(field: StrawberryField, info: Info | None) -> str:
    if field.graphql_name:
        return field.graphql_name
    if info is not None:
        return info.schema.config.name_converter.get_graphql_name(field)
    return field.python_name


def first_refusal(
    arguments: Mapping[str, Any], field: StrawberryField | None = None, info: Info | None = None
) -> Refusal | None:
    """The first thing wrong in a field's converted arguments (keyed by Python name)."""
    names = {}
    if field is not None and info is not None:
        convert = info.schema.config.name_converter
        names = {a.python_name: convert.from_argument(a) for a in field.arguments}
    for name, value in arguments.items():
        for refusal in refusals(value, (names.get(name, name),), info):
            return refusal
    return None


def _bad_input(refusal: Refusal) -> BadInput:
    where = ".".join(refusal.path)
    return BadInput(f"{refusal.message} (argument `{where}`, code {refusal.code.name})")


def _payload(field: StrawberryField, errors: list[UserError]) -> Any | None:
    """The field's payload carrying `errors`, if it has `userErrors`; None otherwise."""
    payload_type = field.type
    if isinstance(payload_type, StrawberryOptional):
        payload_type = payload_type.of_type
    if not isinstance(payload_type, type) or not has_object_definition(payload_type):
        return None
    if not dataclasses.is_dataclass(payload_type):
        return None
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(payload_type):
        if spec.name == "user_errors":
            values[spec.name] = errors
            continue
        if (
            spec.default is not dataclasses.MISSING
            or spec.default_factory is not dataclasses.MISSING
        ):
            continue
        definition = next(
            (
                f
                for f in payload_type.__strawberry_definition__.fields
                if f.python_name == spec.name
            ),
            None,
        )
        kind = definition.type if definition is not None else None
        if isinstance(kind, StrawberryOptional):
            values[spec.name] = None
        elif isinstance(kind, StrawberryList):
            values[spec.name] = []
        elif kind is bool:
            values[spec.name] = False
        elif kind is int:
            values[spec.name] = 0
        else:
            return None  # a payload that cannot be empty: the error goes to the top level
    if "user_errors" not in values:
        return None
    return payload_type(**values)


class InputBoundary(FieldExtension):
    """Put on every root field by `guard_roots`."""

    def __init__(self, *, mutation: bool) -> None:
        self.mutation = mutation
        self.field: StrawberryField | None = None

    def apply(self, field: StrawberryField) -> None:
        self.field = field

    def _refuse(self, refusal: Refusal) -> Any:
        assert self.field is not None
        if self.mutation:
            # `userErrors.field` is relative to `input`, the one argument of a mutation.
            path = refusal.path[1:] if refusal.path[:1] == ("input",) else refusal.path
            error = UserError(field=list(path) or None, code=refusal.code, message=refusal.message)
            payload = _payload(self.field, [error])
            if payload is not None:
                return payload
        raise _bad_input(refusal)

    def resolve(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        refusal = first_refusal(kwargs, self.field, info)
        if refusal is not None:
            return self._refuse(refusal)
        return next_(source, info, **kwargs)

    async def resolve_async(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        refusal = first_refusal(kwargs, self.field, info)
        if refusal is not None:
            return self._refuse(refusal)
        if not self.mutation:
            return await next_(source, info, **kwargs)
        try:
            return await retry_conflicts(next_, source, info, **kwargs)
        except ConflictRetry:
            error = UserError(field=None, code=ErrorCode.CONFLICT_RETRY, message=CONFLICT)
            assert self.field is not None
            payload = _payload(self.field, [error])
            if payload is not None:
                return payload
            raise GraphQLError(CONFLICT, extensions={"code": "CONFLICT_RETRY"}) from None


def guard_roots(*roots: type) -> None:
    """Put the boundary on every field of these root types (once, however many schemas)."""
    for root in roots:
        definition = root.__strawberry_definition__  # type: ignore[attr-defined]
        mutation = definition.name == "Mutation"
        for field in definition.fields:
            if not any(isinstance(e, InputBoundary) for e in field.extensions):
                field.extensions.append(InputBoundary(mutation=mutation))
