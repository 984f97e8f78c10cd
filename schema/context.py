"""The typed per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from clientela.settings import Settings
from resolvers.actor import AccountCaller, Actor
from schema.loaders import Loaders


@dataclass
class Context:
    settings: Settings
    actor: Actor | None
    account: AccountCaller | None = None
    request: Request | None = None
    loaders: Loaders = field(default_factory=Loaders)


Info = StrawberryInfo[Context, None]
