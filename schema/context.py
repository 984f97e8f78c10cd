"""The typed per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from clientela.infra import rate_limit
from clientela.infra.limit_store import Bucket, LimitStore
from clientela.settings import Settings
from resolvers.access.actor import AccountCaller, Actor
from schema.loaders import Loaders


@dataclass
class Context:
    settings: Settings
    actor: Actor | None
    account: AccountCaller | None = None
    request: Request | None = None
    loaders: Loaders = field(default_factory=Loaders)
    # Attempt limits of the account mutations; the process's own store unless the app
    # gives the shared one.
    limits: LimitStore = field(default_factory=lambda: rate_limit.LOCAL)
    # The caller's cost bucket (None: no rate limit, e.g. schema tests and scripts).
    bucket: Bucket | None = None
    # The HTTP response being built, so that limits can set its status and headers.
    response: Response | None = None


Info = StrawberryInfo[Context, None]
