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
