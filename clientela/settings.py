"""Settings: typed, read from the environment and validated in this one place.

`Settings.from_env()` reads the variables named in each field's alias (pydantic-settings
validates them); a missing or malformed value stops the process at start-up with a message
naming the variable. `Settings(...)` builds one from arguments only (tests inject theirs).
Every setting has a development default except the secrets: in production
(`CLIENTELA_ENV=production`) a missing `SECRET_KEY` or `DATABASE_URL` stops the start
instead of running with a guessable value. Secrets are `SecretStr`: never in `repr` or logs.

This module imports nothing of ours: every layer may import it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BeforeValidator,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

Environment = Literal["development", "production"]
SmtpSecurity = Literal["none", "starttls", "ssl"]
LogFormat = Literal["json", "console"]
InboundProtocol = Literal["lmtp", "smtp"]
# The signed tag the service adds to a mailbox's local part takes 53 of its 64 characters
# (RFC 5321): "+" and 52 of base32 (mailer/unsubscribe.py, mailer/bounces.py).
TAGGED_LOCAL_PART = 11

VAR_DIR = Path(os.environ.get("CLIENTELA_VAR_DIR", "var"))
DEFAULT_DATABASE_URL = f"sqlite://{VAR_DIR / 'clientela.sqlite3'}"
# The admin console's built files (`make console` writes them; served at /console).
DEFAULT_CONSOLE_DIR = Path(__file__).resolve().parent.parent / "console" / "dist"
_DEV_SECRET = "development-only-secret-key-do-not-use-in-production"  # noqa: S105
# The console's development server (Vite) when it runs on its own origin.
DEV_CORS_ORIGINS = ("http://localhost:5173", "http://127.0.0.1:5173")


# What opens sealed values and checks signatures: one key, or `Settings.secret_keys()`
# (SECRET_KEY, then SECRET_KEY_PREVIOUS's) while SECRET_KEY changes.
SecretKeys = str | Sequence[str]


def key_list(keys: SecretKeys) -> tuple[str, ...]:
    return (keys,) if isinstance(keys, str) else tuple(keys)


class SettingsError(RuntimeError):
    """A setting is missing or malformed; raised at start-up, never later."""


def _in(unit: str) -> Callable[[Any], Any]:
    """Durations are given in the unit their variable names (STAFF_SESSION_TTL_HOURS=12)."""

    def convert(value: Any) -> Any:
        if isinstance(value, timedelta):
            return value
        if isinstance(value, str) and not value.strip().lstrip("-").isdigit():
            raise ValueError(f"must be a whole number of {unit}")
        return timedelta(**{unit: int(value)})

    return convert


def _origins(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())
    return value


Hours = Annotated[timedelta, BeforeValidator(_in("hours"))]
Days = Annotated[timedelta, BeforeValidator(_in("days"))]
Minutes = Annotated[timedelta, BeforeValidator(_in("minutes"))]
Seconds = Annotated[timedelta, BeforeValidator(_in("seconds"))]
Positive = Annotated[int, Field(ge=1)]
Rate = Annotated[float, Field(gt=0)]
Origins = Annotated[tuple[str, ...], BeforeValidator(_origins)]


def env(name: str, default: Any, **constraints: Any) -> Any:
    """A field read from the environment variable `name` (or given by its field name)."""
    return Field(default, validation_alias=AliasChoices(name), **constraints)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True, validate_by_name=True, validate_by_alias=True, extra="ignore"
    )

    environment: Environment = env("CLIENTELA_ENV", "development")
    database_url: str = env("DATABASE_URL", DEFAULT_DATABASE_URL)
    secret_key: SecretStr = env("SECRET_KEY", SecretStr(_DEV_SECRET))
    # While SECRET_KEY is being changed (docs/operations.md): the former key(s),
    # comma-separated. Sealed values and signatures they made are still accepted (what is
    # new is sealed and signed with SECRET_KEY only) until `clientela reseal-secrets` has
    # run and the longest-lived signed link has expired.
    secret_key_previous: SecretStr | None = env("SECRET_KEY_PREVIOUS", None)
    staff_session_ttl: Hours = env("STAFF_SESSION_TTL_HOURS", timedelta(hours=12))
    auth_cache_seconds: int = env("AUTH_CACHE_SECONDS", 10, ge=0)
    # Answer the hot client reads by compiled documents (schema/compiled/); off,
    # every document runs through graphql-core (the reference the compiled path matches).
    compiled_reads: bool = env("COMPILED_READS", True)
    smtp_host: str = env("SMTP_HOST", "127.0.0.1")
    smtp_port: int = env("SMTP_PORT", 8025, ge=1, le=65535)
    smtp_username: str | None = env("SMTP_USERNAME", None)
    smtp_password: SecretStr | None = env("SMTP_PASSWORD", None)
    smtp_security: SmtpSecurity = env("SMTP_SECURITY", "none")
    smtp_timeout: float = env("SMTP_TIMEOUT", 10.0, gt=0)
    mail_from: str = env("MAIL_FROM", "Clientela <no-reply@clientela.localhost>")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = env("LOG_LEVEL", "INFO")
    # One JSON object per line (production's default) or readable lines (development's).
    log_format: LogFormat | None = env("LOG_FORMAT", None)
    # Run the background jobs (mail, points expiry, …) inside the web process
    # (`clientela serve`); switch off when `clientela worker` runs as its own process.
    mail_worker: bool = env("MAIL_WORKER", True)
    smtp_pool_size: Positive = env("SMTP_POOL_SIZE", 4)
    # How long a delivery worker holds the messages it claimed without renewing the claim
    # (it renews every third of it while alive): a dead worker's messages go back to the
    # queue after this (mailer/outbox.py).
    mail_lease: Seconds = env("MAIL_LEASE_SECONDS", timedelta(seconds=30))
    # Where the client app lives: links in account mails point there.
    app_url: str = env("APP_URL", "http://127.0.0.1:8000/app")
    # Where this service is reached from outside: one-click unsubscribe links point here.
    public_url: str = env("PUBLIC_URL", "http://127.0.0.1:8000")
    # The mailto of List-Unsubscribe (R11.3), read by `clientela inbound-mail`: mail to
    # LOCAL+<signed token>@DOMAIN withdraws consent. Unset: the organization's reply-to
    # (read by people, not by the service).
    unsubscribe_mailto: str | None = env("UNSUBSCRIBE_MAILTO", None)
    # The envelope sender (Return-Path) of outgoing mail becomes LOCAL+<signed message
    # id>@DOMAIN (VERP), and `clientela inbound-mail` reads the delivery status
    # notifications that come back to it (R11.4). Unset: MAIL_FROM's address, bounces
    # arriving later are not read.
    bounce_address: str | None = env("BOUNCE_ADDRESS", None)
    # `clientela inbound-mail`: where it listens (an MTA forwards to it) and how it speaks.
    inbound_mail_host: str = env("INBOUND_MAIL_HOST", "127.0.0.1")
    inbound_mail_port: int = env("INBOUND_MAIL_PORT", 2526, ge=1, le=65535)
    inbound_mail_protocol: InboundProtocol = env("INBOUND_MAIL_PROTOCOL", "lmtp")
    inbound_mail_max_bytes: Positive = env("INBOUND_MAIL_MAX_BYTES", 1024 * 1024)
    account_session_ttl: Days = env("ACCOUNT_SESSION_TTL_DAYS", timedelta(days=30))
    verify_token_ttl: Hours = env("VERIFY_TOKEN_TTL_HOURS", timedelta(hours=48))
    reset_token_ttl: Minutes = env("RESET_TOKEN_TTL_MINUTES", timedelta(minutes=30))
    login_link_ttl: Minutes = env("LOGIN_LINK_TTL_MINUTES", timedelta(minutes=30))
    # Limits (docs/api.md "Limits"). Counts live in Redis when a URL is given, so
    # that every instance shares them; in this process otherwise.
    redis_url: str | None = env("REDIS_URL", None)
    redis_prefix: str = env("REDIS_PREFIX", "clientela:")
    max_query_depth: Positive = env("MAX_QUERY_DEPTH", 10)
    max_aliases: Positive = env("MAX_ALIASES", 15)
    max_tokens: Positive = env("MAX_TOKENS", 2000)
    # 2,000 fits a console page of 100 clients with their latest notes and activity (1,002).
    max_query_cost: Positive = env("MAX_QUERY_COST", 2000)
    # Leaky buckets of query cost: per API key or staff user, and per client address for
    # client-app sessions and callers without a token.
    key_bucket_size: Positive = env("KEY_BUCKET_SIZE", 4000)
    key_restore_rate: Rate = env("KEY_RESTORE_RATE", 100.0)
    address_bucket_size: Positive = env("ADDRESS_BUCKET_SIZE", 2000)
    address_restore_rate: Rate = env("ADDRESS_RESTORE_RATE", 50.0)
    max_body_bytes: Positive = env("MAX_BODY_BYTES", 256 * 1024)
    request_timeout: Rate = env("REQUEST_TIMEOUT_SECONDS", 30.0)
    # R6.5: a list's count is exact up to this many items, beyond it "at least" this many
    # (unless the caller asks for an exact count).
    count_cap: Positive = env("COUNT_CAP", 10_000)
    # Browser origins allowed to call the API (CORS). None: the environment's default,
    # nothing in production and the console's development server in development.
    cors_allowed_origins: Origins | None = env("CORS_ALLOWED_ORIGINS", None)
    # /metrics asks for `Authorization: Bearer <token>` when set; production serves it only
    # when set (development serves it to anyone).
    metrics_token: SecretStr | None = env("METRICS_TOKEN", None)
    # How many password hashes (argon2, ~0.25 s of CPU each, on 4 lanes) run at once, in
    # worker threads; one keeps a 2-core host responsive (docs/benchmarks.md, login burst).
    password_hash_concurrency: Positive = env("PASSWORD_HASH_CONCURRENCY", 1)
    # How long the webhook delivery log (deliveries, attempts, events) is kept (R10.4).
    webhook_log_retention_days: Positive = env("WEBHOOK_LOG_RETENTION_DAYS", 30)
    # Where uploaded import files wait until their job has run (R10.6).
    imports_dir: Path = env("IMPORTS_DIR", VAR_DIR / "imports")
    # The built admin console served at /console (R12.1).
    console_dir: Path = env("CONSOLE_DIR", DEFAULT_CONSOLE_DIR)

    def secret_keys(self) -> tuple[str, ...]:
        """The keys to open sealed values and check signatures with: SECRET_KEY first,
        then SECRET_KEY_PREVIOUS's; sealing and signing use SECRET_KEY alone."""
        current = self.secret_key.get_secret_value()
        given = self.secret_key_previous.get_secret_value() if self.secret_key_previous else ""
        previous = (k.strip() for k in given.split(","))
        return tuple(dict.fromkeys((current, *(k for k in previous if k))))

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Arguments only: the environment is read by from_env, so that `Settings()` is the
        # documented defaults wherever it runs.
        return (init_settings,)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("app_url", "public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("unsubscribe_mailto", "bounce_address")
    @classmethod
    def _taggable_address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        local, at, domain = value.strip().rpartition("@")
        if (
            not at
            or not local
            or "." not in domain
            or len(local) > TAGGED_LOCAL_PART
            or any(c in local for c in '+"<>()[]\\,;: \t')
            or any(c in domain for c in "@<>()[]\\,;: \t")
        ):
            raise ValueError(
                f"must be a plain address like unsubscribe@mail.example.com, its part "
                f"before @ at most {TAGGED_LOCAL_PART} characters without '+' (the service "
                f"adds +<signed token>)"
            )
        return f"{local}@{domain.lower()}"

    @field_validator("cors_allowed_origins")
    @classmethod
    def _whole_origins(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for origin in value or ():
            scheme, _, rest = origin.partition("://")
            if origin == "*":
                continue
            if scheme not in ("http", "https") or not rest or "/" in rest:
                raise ValueError(f"{origin!r} is not an origin like https://console.example.com")
        if value and "*" in value and len(value) > 1:
            raise ValueError("'*' stands alone: every origin, or a list of origins")
        return value

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of the process environment (or of `environ`); SettingsError names
        every variable that is missing or malformed."""
        environ = os.environ if environ is None else environ
        names = {_alias(field) for field in cls.model_fields.values()}
        # An empty variable is an unset one (SMTP_USERNAME= means no username).
        given = {k: v for k, v in environ.items() if k in names and v != ""}
        production = given.get("CLIENTELA_ENV") == "production"
        if production and len(given.get("SECRET_KEY", "")) < 32:
            raise SettingsError("SECRET_KEY is required in production (at least 32 characters)")
        if production and any(
            len(k.strip()) < 32 for k in given.get("SECRET_KEY_PREVIOUS", "").split(",") if k
        ):
            raise SettingsError("Each key of SECRET_KEY_PREVIOUS has at least 32 characters")
        if production and "DATABASE_URL" not in given:
            raise SettingsError("DATABASE_URL is required in production")
        try:
            settings = cls.model_validate(given)
        except ValidationError as exc:
            raise SettingsError(_explain(exc)) from None
        settings.check_limits()
        return settings

    def check_limits(self) -> None:
        """Start-up checks across settings. (Tests may build deliberately tiny buckets.)"""
        mailboxes = (self.unsubscribe_mailto, self.bounce_address)
        if mailboxes[0] and mailboxes[1] and mailboxes[0].lower() == mailboxes[1].lower():
            raise SettingsError("UNSUBSCRIBE_MAILTO and BOUNCE_ADDRESS must be two mailboxes")
        # A bucket smaller than the largest allowed query would refuse that query forever.
        for name, size in (
            ("KEY_BUCKET_SIZE", self.key_bucket_size),
            ("ADDRESS_BUCKET_SIZE", self.address_bucket_size),
        ):
            if size < self.max_query_cost:
                raise SettingsError(
                    f"{name} must be at least MAX_QUERY_COST ({self.max_query_cost})"
                )

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (by field name), validated again."""
        values = {name: getattr(self, name) for name in type(self).model_fields}
        try:
            return type(self).model_validate({**values, **changes})
        except ValidationError as exc:
            raise SettingsError(_explain(exc)) from None

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

    @property
    def cors_origins(self) -> tuple[str, ...]:
        if self.cors_allowed_origins is not None:
            return self.cors_allowed_origins
        return () if self.is_production else DEV_CORS_ORIGINS

    @property
    def json_logs(self) -> bool:
        return (self.log_format or ("json" if self.is_production else "console")) == "json"


def _alias(field: Any) -> str:
    return str(field.validation_alias.choices[0])


def _explain(exc: ValidationError) -> str:
    """`SMTP_TIMEOUT: Input should be a valid number`, one line per problem; never the value."""
    fields = Settings.model_fields
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        location = error["loc"][0] if error["loc"] else ""
        name = _alias(fields[location]) if location in fields else str(location)
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"{name}: {message}" if name else message)
    return "; ".join(lines)
