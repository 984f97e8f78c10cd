"""Settings come from the environment in one place and fail fast on missing secrets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clientela.settings import Settings, SettingsError


def test_development_defaults_run_on_sqlite_under_var():
    settings = Settings.from_env({})
    assert settings.environment == "development"
    assert settings.database_url.startswith("sqlite://") and "var" in settings.database_url
    assert settings.graphiql_enabled


def test_values_are_read_from_the_environment():
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgres://u@db/x",
            "STAFF_SESSION_TTL_HOURS": "2",
            "SMTP_HOST": "mail",
            "SMTP_PORT": "2525",
            "SMTP_SECURITY": "starttls",
        }
    )
    assert settings.database_url == "postgres://u@db/x"
    assert settings.staff_session_ttl == timedelta(hours=2)
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_security) == (
        "mail",
        2525,
        "starttls",
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CLIENTELA_ENV": "production", "DATABASE_URL": "postgres://x/y"}, "SECRET_KEY"),
        (
            {
                "CLIENTELA_ENV": "production",
                "SECRET_KEY": "short",
                "DATABASE_URL": "postgres://x/y",
            },
            "SECRET_KEY",
        ),
        ({"CLIENTELA_ENV": "production", "SECRET_KEY": "k" * 40}, "DATABASE_URL"),
        ({"CLIENTELA_ENV": "staging"}, "CLIENTELA_ENV"),
        ({"SMTP_PORT": "twenty"}, "SMTP_PORT"),
        ({"SMTP_SECURITY": "maybe"}, "SMTP_SECURITY"),
        ({"MAX_QUERY_DEPTH": "0"}, "MAX_QUERY_DEPTH"),
        ({"MAX_QUERY_COST": "lots"}, "MAX_QUERY_COST"),
        ({"KEY_BUCKET_SIZE": "1500"}, "KEY_BUCKET_SIZE must be at least MAX_QUERY_COST"),
        ({"MAX_QUERY_COST": "5000"}, "KEY_BUCKET_SIZE must be at least MAX_QUERY_COST"),
        ({"ADDRESS_RESTORE_RATE": "0"}, "ADDRESS_RESTORE_RATE"),
        ({"REQUEST_TIMEOUT_SECONDS": "soon"}, "REQUEST_TIMEOUT_SECONDS"),
    ],
)
def test_bad_or_missing_settings_stop_start_up(env, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_production_hides_graphiql_and_keeps_secrets_out_of_repr():
    settings = Settings.from_env(
        {
            "CLIENTELA_ENV": "production",
            "SECRET_KEY": "k" * 40,
            "DATABASE_URL": "postgres://x/y",
            "SMTP_PASSWORD": "hunter2",
        }
    )
    assert not settings.graphiql_enabled
    assert "hunter2" not in repr(settings)


def test_limits_have_defaults_and_are_read_from_the_environment():
    defaults = Settings.from_env({})
    assert (
        defaults.max_query_depth,
        defaults.max_aliases,
        defaults.max_tokens,
        defaults.max_query_cost,
        defaults.key_bucket_size,
        defaults.key_restore_rate,
        defaults.address_bucket_size,
        defaults.address_restore_rate,
        defaults.max_body_bytes,
        defaults.request_timeout,
        defaults.redis_url,
    ) == (10, 15, 2000, 2000, 4000, 100.0, 2000, 50.0, 262144, 30.0, None)
    assert defaults.introspection_enabled and defaults.field_suggestions_enabled
    settings = Settings.from_env(
        {
            "REDIS_URL": "redis://cache:6379/1",
            "REDIS_PREFIX": "eu:",
            "MAX_QUERY_DEPTH": "8",
            "MAX_ALIASES": "5",
            "MAX_TOKENS": "900",
            "MAX_QUERY_COST": "500",
            "KEY_BUCKET_SIZE": "600",
            "KEY_RESTORE_RATE": "20",
            "ADDRESS_BUCKET_SIZE": "500",
            "ADDRESS_RESTORE_RATE": "2.5",
            "MAX_BODY_BYTES": "65536",
            "REQUEST_TIMEOUT_SECONDS": "5",
        }
    )
    assert (settings.redis_url, settings.redis_prefix) == ("redis://cache:6379/1", "eu:")
    assert (settings.max_query_depth, settings.max_aliases, settings.max_tokens) == (8, 5, 900)
    assert (settings.max_query_cost, settings.key_bucket_size, settings.key_restore_rate) == (
        500,
        600,
        20.0,
    )
    assert (settings.address_bucket_size, settings.address_restore_rate) == (500, 2.5)
    assert (settings.max_body_bytes, settings.request_timeout) == (65536, 5.0)


def test_production_switches_introspection_and_suggestions_off():
    settings = Settings(environment="production")
    assert not settings.introspection_enabled
    assert not settings.field_suggestions_enabled
    assert not settings.graphiql_enabled
