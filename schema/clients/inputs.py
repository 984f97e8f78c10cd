"""Inputs of client records: their fields, the client filter (R6.2) and notes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry import UNSET

from models.client import CLIENT_FIELDS
from resolvers.clients.client_filter import ClientFilter, GenericCondition
from schema.consent import ConsentPurpose
from schema.enums import ClientStatus, Gender, GenericField, IdentificationType


@strawberry.input(description="Fields of a client record; omitted fields are left as they are.")
class ClientFieldsInput:
    first_name: str | None = strawberry.field(default=UNSET, description="First name (≤ 100).")
    last_name: str | None = strawberry.field(default=UNSET, description="Last name (≤ 100).")
    email: str | None = strawberry.field(
        default=UNSET, description="Notification email; unique in the organization."
    )
    phone: str | None = strawberry.field(
        default=UNSET,
        description="Phone number; international (+…) or local to the organization's country.",
    )
    identification_type: IdentificationType | None = strawberry.field(
        default=UNSET, description="Kind of identity document."
    )
    identification_number: str | None = strawberry.field(
        default=UNSET, description="Identity document number (≤ 50)."
    )
    external_id: str | None = strawberry.field(
        default=UNSET, description="The partner's own id; unique in the organization (≤ 100)."
    )
    gender: Gender | None = strawberry.field(default=UNSET, description="Gender.")
    city: str | None = strawberry.field(default=UNSET, description="City (≤ 100).")
    birthday: date | None = strawberry.field(
        default=UNSET, description="Date of birth, from 1900-01-01 to today."
    )
    locale: str | None = strawberry.field(
        default=UNSET, description="Language for mail: it, es, en."
    )
    registered_at: datetime | None = strawberry.field(
        default=UNSET, description="Registration time, not in the future; defaults to now."
    )
    registration_code: str | None = strawberry.field(
        default=UNSET, description="Code given at registration (≤ 50)."
    )
    share_code: str | None = strawberry.field(
        default=UNSET,
        description="Referral code, 4-32 letters, digits or dashes; generated when omitted.",
    )
    text1: str | None = strawberry.field(default=UNSET, description="Generic text 1 (≤ 500).")
    text2: str | None = strawberry.field(default=UNSET, description="Generic text 2 (≤ 500).")
    text3: str | None = strawberry.field(default=UNSET, description="Generic text 3 (≤ 500).")
    text4: str | None = strawberry.field(default=UNSET, description="Generic text 4 (≤ 500).")
    text5: str | None = strawberry.field(default=UNSET, description="Generic text 5 (≤ 500).")
    int1: int | None = strawberry.field(default=UNSET, description="Generic integer 1.")
    int2: int | None = strawberry.field(default=UNSET, description="Generic integer 2.")
    int3: int | None = strawberry.field(default=UNSET, description="Generic integer 3.")
    int4: int | None = strawberry.field(default=UNSET, description="Generic integer 4.")
    int5: int | None = strawberry.field(default=UNSET, description="Generic integer 5.")
    date1: date | None = strawberry.field(default=UNSET, description="Generic date 1.")
    date2: date | None = strawberry.field(default=UNSET, description="Generic date 2.")
    level_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Level to set by hand; null removes the level."
    )

    def client_fields(self) -> dict[str, Any]:
        """The record fields the caller gave (null included: it clears)."""
        return {
            name: getattr(self, name) for name in CLIENT_FIELDS if getattr(self, name) is not UNSET
        }


@strawberry.input(description="A new client record.")
class CreateClientInput(ClientFieldsInput):
    referred_by_share_code: str | None = strawberry.field(
        default=None, description="The share code of the client who referred this one (R5.3)."
    )


@strawberry.input(description="Changes to a client record; only the fields given change.")
class UpdateClientInput(ClientFieldsInput):
    client_id: strawberry.ID = strawberry.field(description="The client to change.")


@strawberry.input(description="Tag conditions; names are case-insensitive.")
class TagConditionInput:
    any: list[str] | None = strawberry.field(default=None, description="Has at least one of these.")
    all: list[str] | None = strawberry.field(default=None, description="Has every one of these.")
    none: list[str] | None = strawberry.field(default=None, description="Has none of these.")


@strawberry.input(description="An inclusive range of integers; either end may be omitted.")
class IntRangeInput:
    min: int | None = strawberry.field(default=None, description="At least this.")
    max: int | None = strawberry.field(default=None, description="At most this.")


@strawberry.input(description="A range of times: from (inclusive) to (exclusive).")
class DateTimeRangeInput:
    from_: datetime | None = strawberry.field(
        default=None, name="from", description="From, inclusive."
    )
    to: datetime | None = strawberry.field(default=None, description="To, exclusive.")


@strawberry.input(
    description="A condition on a generic field: equals/contains for TEXT, min/max for INT, "
    "from/to for DATE."
)
class GenericConditionInput:
    field: GenericField = strawberry.field(description="The generic field.")
    equals: str | None = strawberry.field(default=None, description="Text equal to (any case).")
    contains: str | None = strawberry.field(default=None, description="Text containing.")
    min: int | None = strawberry.field(default=None, description="Number at least.")
    max: int | None = strawberry.field(default=None, description="Number at most.")
    from_: date | None = strawberry.field(default=None, name="from", description="Date from.")
    to: date | None = strawberry.field(default=None, description="Date to (inclusive).")

    def to_condition(self) -> GenericCondition:
        return GenericCondition(
            field=self.field,
            equals=self.equals,
            contains=self.contains,
            min=self.min,
            max=self.max,
            date_from=self.from_,
            date_to=self.to,
        )


@strawberry.input(description="Consent conditions; each one given must hold.")
class ConsentFilterInput:
    given: list[ConsentPurpose] | None = strawberry.field(
        default=None, description="Clients who gave consent for every one of these purposes."
    )
    not_given: list[ConsentPurpose] | None = strawberry.field(
        default=None,
        description="Clients who did not (withdrawn or never asked), for every one of these.",
    )


@strawberry.input(description="Which clients; every condition given must hold.")
class ClientFilterInput:
    tags: TagConditionInput | None = strawberry.field(default=None, description="Tag conditions.")
    status: list[ClientStatus] | None = strawberry.field(
        default=None, description="Any of these statuses; by default all but MERGED and DELETED."
    )
    level_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="At any of these levels."
    )
    cities: list[str] | None = strawberry.field(
        default=None, description="In any of these cities (case-insensitive)."
    )
    genders: list[Gender] | None = strawberry.field(
        default=None, description="Any of these genders."
    )
    points: IntRangeInput | None = strawberry.field(
        default=None, description="Points balance range."
    )
    registered_at: DateTimeRangeInput | None = strawberry.field(
        default=None, description="Registration time range."
    )
    birthday_month: int | None = strawberry.field(
        default=None, description="Born in this month (1-12)."
    )
    birthday_within_days: int | None = strawberry.field(
        default=None, description="Birthday from today to this many days ahead (0-366)."
    )
    generic: list[GenericConditionInput] | None = strawberry.field(
        default=None, description="Conditions on generic fields."
    )
    search: str | None = strawberry.field(
        default=None,
        description=(
            "Words that must each be found in a name, the email, the phone or the "
            "identification number, ignoring case and accents, in any order; words of one "
            "or two characters match the start of a word. Digits alone (spaces, +, -, "
            "brackets allowed) are one run of a phone's digits. At most 100 characters."
        ),
    )
    consent: ConsentFilterInput | None = strawberry.field(
        default=None, description="Conditions on marketing consent (R11.1)."
    )

    def to_filter(self) -> ClientFilter:
        tags = self.tags or TagConditionInput()
        points = self.points or IntRangeInput()
        registered = self.registered_at or DateTimeRangeInput()
        return ClientFilter(
            tags_any=tuple(tags.any or ()),
            tags_all=tuple(tags.all or ()),
            tags_none=tuple(tags.none or ()),
            statuses=tuple(self.status or ()),
            level_ids=tuple(str(i) for i in self.level_ids or ()),
            cities=tuple(self.cities or ()),
            genders=tuple(self.genders or ()),
            points_min=points.min,
            points_max=points.max,
            registered_from=registered.from_,
            registered_to=registered.to,
            birthday_month=self.birthday_month,
            birthday_within_days=self.birthday_within_days,
            generic=tuple(g.to_condition() for g in self.generic or ()),
            search=self.search,
            consent_given=tuple((self.consent.given if self.consent else None) or ()),
            consent_not_given=tuple((self.consent.not_given if self.consent else None) or ()),
        )


def filter_as_input(spec: ClientFilter) -> dict[str, Any]:
    """A stored filter in the shape ClientFilterInput takes (R6.3): the same field names and
    enum names, empty conditions left out, so a console can show it, edit it and send it back
    as `filter`. The inverse of ClientFilterInput.to_filter()."""
    tags = {
        key: list(values)
        for key, values in (
            ("any", spec.tags_any),
            ("all", spec.tags_all),
            ("none", spec.tags_none),
        )
        if values
    }
    points = {
        k: v for k, v in (("min", spec.points_min), ("max", spec.points_max)) if v is not None
    }
    registered = {
        k: v.isoformat()
        for k, v in (("from", spec.registered_from), ("to", spec.registered_to))
        if v is not None
    }
    generic = []
    for condition in spec.generic:
        shaped: dict[str, Any] = {"field": GenericField(condition.field).name}
        for key, value in (
            ("equals", condition.equals),
            ("contains", condition.contains),
            ("min", condition.min),
            ("max", condition.max),
            ("from", condition.date_from.isoformat() if condition.date_from else None),
            ("to", condition.date_to.isoformat() if condition.date_to else None),
        ):
            if value is not None:
                shaped[key] = value
        generic.append(shaped)
    shaped_filter: dict[str, Any] = {
        "tags": tags,
        "status": [ClientStatus(s).name for s in spec.statuses],
        "levelIds": list(spec.level_ids),
        "cities": list(spec.cities),
        "genders": [Gender(g).name for g in spec.genders],
        "points": points,
        "registeredAt": registered,
        "birthdayMonth": spec.birthday_month,
        "birthdayWithinDays": spec.birthday_within_days,
        "generic": generic,
        "search": spec.search,
    }
    return {k: v for k, v in shaped_filter.items() if v not in (None, [], {})}


@strawberry.input(description="A note to add.")
class AddNoteInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")
    body: str = strawberry.field(description="The text (≤ 5000).")
