"""A list's count as the API gives it (R6.5): a value and whether it is exact.

Shopify's shape (`count { count precision }`): a console shows "10,000+" for AT_LEAST and
may offer to count exactly (`count(exact: true)`), which costs what counting every item
costs.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from resolvers.pagination import BoundedCount


@strawberry.enum(description="Whether a count is exact or a lower bound (R6.5).")
class CountPrecision(Enum):
    EXACT = strawberry.enum_value("exact", description="The list holds exactly `value` items.")
    AT_LEAST = strawberry.enum_value(
        "at_least",
        description="The list holds at least `value` items (the count stopped at the cap; "
        "ask `count(exact: true)` for all).",
    )


@strawberry.type(description="How many items a list holds (R6.5).")
class Count:
    value: int = strawberry.field(description="The number of items, or a lower bound.")
    precision: CountPrecision = strawberry.field(
        description="EXACT, or AT_LEAST when `value` is a lower bound."
    )

    @classmethod
    def of(cls, counted: BoundedCount) -> Count:
        precision = CountPrecision.EXACT if counted.exact else CountPrecision.AT_LEAST
        return cls(value=counted.value, precision=precision)


EXACT_ARGUMENT = (
    "Count every item, however many (slow on large lists); by default the count is exact "
    "up to the service's cap (10,000 unless configured) and a lower bound beyond it."
)
