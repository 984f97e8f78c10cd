"""Settings, read from the environment in this one place.

Every setting has a development default except the secrets: in production
(`CLIENTELA_ENV=production`) a missing `SECRET_KEY` or `DATABASE_URL` stops the
process at start-up instead of running with a guessable value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Literal

Environment = Literal["development", "production"]
SmtpSecurity = Literal["none", "starttls", "ssl"]

VAR_DIR = Path(os.environ.get("CLIENTELA_VAR_DIR", "var"))
DEFAULT_DATABASE_URL = f"sqlite://{VAR_DIR / 'clientela.sqlite3'}"
_DEV_SECRET = "development-only-secret-key-do-not-use-in-production"  # noqa: S105


class SettingsError(RuntimeError):
    """A setting is missing or malformed; raised at start-up, never later."""


@dataclass(frozen=True)
class Settings:
    environment: Environment = "development"
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = _DEV_SECRET
    staff_session_ttl: timedelta = timedelta(hours=12)
    auth_cache_seconds: int = 10
    # Answer the hot client reads by compiled documents (schema/compiled/); off,
    # every document runs through graphql-core (the reference the compiled path matches).
    compiled_reads: bool = True
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_username: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_security: SmtpSecurity = "none"
    smtp_timeout: float = 10.0
    mail_from: str = "Clientela <no-reply@clientela.localhost>"
    log_level: str = "INFO"
    # Run the delivery worker inside the web process (`clientela serve`); switch off
    # when `clientela deliver` runs as its own process.
    mail_worker: bool = True
    smtp_pool_size: int = 4
    # Where the client app lives: links in account mails point there.
    app_url: str = "http://127.0.0.1:8000/app"
    account_session_ttl: timedelta = timedelta(days=30)
    verify_token_ttl: timedelta = timedelta(hours=48)
    reset_token_ttl: timedelta = timedelta(minutes=30)
    login_link_ttl: timedelta = timedelta(minutes=30)
    # Limits (README "Limits"). Counts live in Redis when a URL is given, so that every
    # instance shares them; in this process otherwise.
    redis_url: str | None = None
    redis_prefix: str = "clientela:"
    max_query_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2000
    # 2,000 fits a console page of 100 clients with their latest notes and activity (1,002).
    max_query_cost: int = 2000
    # Leaky buckets of query cost: per API key or staff user, and per client address for
    # client-app sessions and callers without a token.
    key_bucket_size: int = 4000
    key_restore_rate: float = 100.0
    address_bucket_size: int = 2000
    address_restore_rate: float = 50.0
    max_body_bytes: int = 256 * 1024
    request_timeout: float = 30.0
    # R6.5: a list's count is exact up to this many items, beyond it "at least" this many
    # (unless the caller asks for an exact count).
    count_cap: int = 10_000

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def graphiql_enabled(self) -> bool:
        return not self.is_production

    @property
    def introspection_enabled(self) -> bool:
        return not self.is_production

    @property
    def field_suggestions_enabled(self) -> bool:
        return not self.is_production

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        environment = env.get("CLIENTELA_ENV", "development")
        if environment not in ("development", "production"):
            raise SettingsError("CLIENTELA_ENV must be 'development' or 'production'")
        production = environment == "production"

        secret_key = env.get("SECRET_KEY")
        if production and (not secret_key or len(secret_key) < 32):
            raise SettingsError("SECRET_KEY is required in production (at least 32 characters)")
        database_url = env.get("DATABASE_URL")
        if production and not database_url:
            raise SettingsError("DATABASE_URL is required in production")

        security = env.get("SMTP_SECURITY", "none")
        if security not in ("none", "starttls", "ssl"):
            raise SettingsError("SMTP_SECURITY must be one of none, starttls, ssl")

        max_cost = _positive(env, "MAX_QUERY_COST", cls.max_query_cost)
        return cls(
            environment="production" if production else "development",
            database_url=database_url or DEFAULT_DATABASE_URL,
            secret_key=secret_key or _DEV_SECRET,
            staff_session_ttl=timedelta(hours=_int(env, "STAFF_SESSION_TTL_HOURS", 12)),
            auth_cache_seconds=_int(env, "AUTH_CACHE_SECONDS", 10),
            compiled_reads=env.get("COMPILED_READS", "true").lower() not in ("0", "false", "no"),
            smtp_host=env.get("SMTP_HOST", "127.0.0.1"),
            smtp_port=_int(env, "SMTP_PORT", 8025),
            smtp_username=env.get("SMTP_USERNAME") or None,
            smtp_password=env.get("SMTP_PASSWORD") or None,
            smtp_security=security,  # type: ignore[arg-type]
            smtp_timeout=float(env.get("SMTP_TIMEOUT", "10")),
            mail_from=env.get("MAIL_FROM", cls.mail_from),
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
            mail_worker=env.get("MAIL_WORKER", "true").lower() not in ("0", "false", "no"),
            smtp_pool_size=_int(env, "SMTP_POOL_SIZE", 4),
            app_url=env.get("APP_URL", cls.app_url).rstrip("/"),
            account_session_ttl=timedelta(days=_int(env, "ACCOUNT_SESSION_TTL_DAYS", 30)),
            verify_token_ttl=timedelta(hours=_int(env, "VERIFY_TOKEN_TTL_HOURS", 48)),
            reset_token_ttl=timedelta(minutes=_int(env, "RESET_TOKEN_TTL_MINUTES", 30)),
            login_link_ttl=timedelta(minutes=_int(env, "LOGIN_LINK_TTL_MINUTES", 30)),
            redis_url=env.get("REDIS_URL") or None,
            redis_prefix=env.get("REDIS_PREFIX", cls.redis_prefix),
            max_query_depth=_positive(env, "MAX_QUERY_DEPTH", cls.max_query_depth),
            max_aliases=_positive(env, "MAX_ALIASES", cls.max_aliases),
            max_tokens=_positive(env, "MAX_TOKENS", cls.max_tokens),
            max_query_cost=max_cost,
            key_bucket_size=_bucket(env, "KEY_BUCKET_SIZE", cls.key_bucket_size, max_cost),
            key_restore_rate=_rate(env, "KEY_RESTORE_RATE", cls.key_restore_rate),
            address_bucket_size=_bucket(
                env, "ADDRESS_BUCKET_SIZE", cls.address_bucket_size, max_cost
            ),
            address_restore_rate=_rate(env, "ADDRESS_RESTORE_RATE", cls.address_restore_rate),
            max_body_bytes=_positive(env, "MAX_BODY_BYTES", cls.max_body_bytes),
            request_timeout=_rate(env, "REQUEST_TIMEOUT_SECONDS", cls.request_timeout),
            count_cap=_positive(env, "COUNT_CAP", cls.count_cap),
        )


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer") from None


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value < 1:
        raise SettingsError(f"{name} must be at least 1")
    return value


def _bucket(env: Mapping[str, str], name: str, default: int, max_cost: int) -> int:
    # A bucket smaller than the largest allowed query would refuse that query forever.
    value = _positive(env, name, default)
    if value < max_cost:
        raise SettingsError(f"{name} must be at least MAX_QUERY_COST ({max_cost})")
    return value


def _rate(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number") from None
    if value <= 0:
        raise SettingsError(f"{name} must be greater than 0")
    return value
