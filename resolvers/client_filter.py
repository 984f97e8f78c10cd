"""The client filter (R6.2): one definition used by lists, and later by segments and bulk
operations. A filter is plain data, so it can be stored and replayed.

Without a status condition, merged and deleted records are left out: they are
not clients any more, only pointers and accounting remains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from models import Client, ClientTag
from models.enums import ClientStatus, Gender
from models.tag import tag_key
from resolvers.errors import BadInput
from resolvers.lookup import parse_id

MAX_LIST = 100
MAX_SEARCH = 100
_DIGITS = re.compile(r"\D")
DEFAULT_STATUSES = (ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.DISABLED)


@dataclass(frozen=True)
class ClientFilter:
    tags_any: tuple[str, ...] = ()
    tags_all: tuple[str, ...] = ()
    tags_none: tuple[str, ...] = ()
    statuses: tuple[ClientStatus, ...] = ()
    level_ids: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    genders: tuple[Gender, ...] = ()
    points_min: int | None = None
    points_max: int | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None
    birthday_month: int | None = None
    search: str | None = None

    def check(self) -> None:
        """Reject a filter that cannot mean anything, before it reaches the database."""
        lists = (self.tags_any, self.tags_all, self.tags_none, self.level_ids, self.cities)
        if any(len(values) > MAX_LIST for values in lists):
            raise BadInput(f"A filter list may hold at most {MAX_LIST} values")
        if self.birthday_month is not None and not 1 <= self.birthday_month <= 12:
            raise BadInput("birthdayMonth must be between 1 and 12")
        if self.search is not None and len(self.search) > MAX_SEARCH:
            raise BadInput(f"search must be at most {MAX_SEARCH} characters")
        if None not in (self.points_min, self.points_max) and self.points_min > self.points_max:  # type: ignore[operator]
            raise BadInput("points.min must not be greater than points.max")
        if (
            self.registered_from is not None
            and self.registered_to is not None
            and self.registered_from > self.registered_to
        ):
            raise BadInput("registeredAt.from must not be after registeredAt.to")


def _tagged(organization_id: int, names: tuple[str, ...]) -> Subquery:
    keys = sorted({tag_key(name) for name in names})
    return Subquery(
        ClientTag.filter(tag__organization_id=organization_id, tag__key__in=keys).values(
            "client_id"
        )
    )


def _search(text: str) -> Q:
    """Every word must match a name, the email, the phone or the identification number."""
    condition = Q()
    for word in text.split():
        match = (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email_key__contains=word.lower())
            | Q(identification_number__icontains=word)
        )
        digits = _DIGITS.sub("", word)
        if len(digits) >= 3:
            match |= Q(phone__contains=digits)
        condition &= match
    return condition


def filter_clients(organization_id: int, spec: ClientFilter) -> QuerySet[Client]:
    spec.check()
    query = Client.filter(organization_id=organization_id)
    query = query.filter(status__in=list(spec.statuses or DEFAULT_STATUSES))
    if spec.tags_any:
        query = query.filter(id__in=_tagged(organization_id, spec.tags_any))
    for name in dict.fromkeys(spec.tags_all):
        query = query.filter(id__in=_tagged(organization_id, (name,)))
    if spec.tags_none:
        query = query.exclude(id__in=_tagged(organization_id, spec.tags_none))
    if spec.level_ids:
        uuids = [u for u in (parse_id(i) for i in spec.level_ids) if u is not None]
        query = query.filter(level__uuid__in=uuids)
    if spec.cities:
        city = Q()
        for name in spec.cities:
            city |= Q(city__iexact=" ".join(name.split()))
        query = query.filter(city)
    if spec.genders:
        query = query.filter(gender__in=list(spec.genders))
    if spec.points_min is not None:
        query = query.filter(points__gte=spec.points_min)
    if spec.points_max is not None:
        query = query.filter(points__lte=spec.points_max)
    if spec.registered_from is not None:
        query = query.filter(registered_at__gte=spec.registered_from)
    if spec.registered_to is not None:
        query = query.filter(registered_at__lt=spec.registered_to)
    if spec.birthday_month is not None:
        month = spec.birthday_month * 100
        query = query.filter(birthday_md__gt=month, birthday_md__lt=month + 100)
    if spec.search and spec.search.strip():
        query = query.filter(_search(spec.search))
    return query
