"""The `UserError` type every mutation payload carries."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry

from resolvers import errors
from schema.enums import ErrorCode

# What every mutation payload says of its `userErrors`, and of its one `input` argument.
ERRORS = "Expected failures; empty on success."
INPUT = strawberry.argument(description="What to do; see the input type.")


@strawberry.type(description="An expected failure of a mutation: bad input, a conflict, a rule.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="Path to the input field at fault, relative to `input`; null: the whole input."
    )
    code: ErrorCode = strawberry.field(description="What went wrong; branch on this.")
    message: str = strawberry.field(description="A human-readable explanation, in English.")
    conflicting_client_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="For the *_IN_USE codes on clients: the id of the client that holds the value.",
    )


def user_errors(found: Iterable[errors.UserError]) -> list[UserError]:
    return [
        UserError(
            field=list(e.field) if e.field else None,
            code=e.code,
            message=e.message,
            conflicting_client_id=(
                strawberry.ID(e.conflicting_client_id) if e.conflicting_client_id else None
            ),
        )
        for e in found
    ]
