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
        ({"SMTP_TIMEOUT": "abc"}, "^SMTP_TIMEOUT: Input should be a valid number"),
        ({"STAFF_SESSION_TTL_HOURS": "1.5"}, "STAFF_SESSION_TTL_HOURS: .*whole number of hours"),
        ({"COMPILED_READS": "perhaps"}, "COMPILED_READS"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"CORS_ALLOWED_ORIGINS": "console.example.com"}, "CORS_ALLOWED_ORIGINS: .*not an origin"),
        ({"CORS_ALLOWED_ORIGINS": "*,https://a.example"}, "CORS_ALLOWED_ORIGINS: .*stands alone"),
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


def test_a_bad_value_stops_the_command_with_the_variable_named_and_not_its_value(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "SMTP_TIMEOUT": "abc", "SMTP_PASSWORD": "hunter2-secret"}
    done = subprocess.run(
        [sys.executable, "-m", "clientela.cli", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    assert "configuration error: SMTP_TIMEOUT: Input should be a valid number" in done.stderr
    assert "abc" not in done.stderr and "hunter2" not in done.stderr + done.stdout


def test_secrets_are_secret_strings_kept_out_of_repr_str_and_dumps():
    settings = Settings.from_env(
        {"SECRET_KEY": "s" * 40, "SMTP_PASSWORD": "hunter2", "METRICS_TOKEN": "m-token-value"}
    )
    shown = repr(settings) + str(settings) + str(settings.model_dump())
    for secret in ("s" * 40, "hunter2", "m-token-value"):
        assert secret not in shown
    assert settings.secret_key.get_secret_value() == "s" * 40
    assert settings.smtp_password is not None
    assert settings.smtp_password.get_secret_value() == "hunter2"


def test_settings_are_typed_and_frozen_and_empty_variables_are_unset():
    settings = Settings.from_env(
        {"SMTP_TIMEOUT": "2.5", "SMTP_USERNAME": "", "COMPILED_READS": "no", "LOG_LEVEL": "debug"}
    )
    assert settings.smtp_timeout == 2.5
    assert settings.smtp_username is None
    assert settings.compiled_reads is False
    assert settings.log_level == "DEBUG"
    with pytest.raises(ValueError, match="frozen"):
        settings.smtp_timeout = 3.0  # type: ignore[misc]
    assert settings.replace(smtp_timeout=1.0).smtp_timeout == 1.0
    with pytest.raises(SettingsError, match="SMTP_TIMEOUT"):
        settings.replace(smtp_timeout="abc")


def test_cors_origins_default_by_environment_and_are_read_as_a_list():
    assert Settings.from_env({}).cors_origins == ("http://localhost:5173", "http://127.0.0.1:5173")
    production = {"CLIENTELA_ENV": "production", "SECRET_KEY": "k" * 40, "DATABASE_URL": "x"}
    assert Settings.from_env(production).cors_origins == ()
    listed = Settings.from_env(
        {**production, "CORS_ALLOWED_ORIGINS": "https://console.example.com, https://b.example/"}
    )
    assert listed.cors_origins == ("https://console.example.com", "https://b.example")


def test_the_settings_module_imports_nothing_of_ours():
    import ast
    from pathlib import Path

    import clientela.settings

    tree = ast.parse(Path(clientela.settings.__file__).read_text())
    ours = {"clientela", "schema", "resolvers", "models", "mailer"}
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not imported & ours
