"""Settings: defaults that run out of the box, and one clear line for each bad value."""

from __future__ import annotations

import datetime as dt

import pytest

from core.config import ConfigurationError, Settings, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("HDR_"):
            monkeypatch.delenv(name)


def settings() -> Settings:
    return load_settings(env_file=None)


def test_defaults_use_a_sqlite_file_under_data() -> None:
    assert settings().resolved_database_url == "sqlite://data/hdr-desk.sqlite3"


def test_channels_are_off_until_configured() -> None:
    configured = settings()

    assert (configured.telegram_enabled, configured.smtp_enabled, configured.imap_enabled) == (
        False,
        False,
        False,
    )


def test_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HDR_TELEGRAM_TOKEN", "")

    assert settings().telegram_enabled is False


def test_extra_free_days_are_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HDR_EXTRA_FREE_DAYS", "2026-05-02, 2026-06-05")

    assert settings().extra_free_days == [dt.date(2026, 5, 2), dt.date(2026, 6, 5)]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HDR_SMTP_PORT", "smtp"),
        ("HDR_SMTP_PORT", "70000"),
        ("HDR_TIMEZONE", "Europe/Lubartow"),
        ("HDR_DATABASE_URL", "mysql://localhost/hdr"),
        ("HDR_DEMO_LOGIN", "perhaps"),
        ("HDR_SMTP_TLS", "tls"),
        ("HDR_EXTRA_FREE_DAYS", "2026-13-01"),
        ("HDR_WORK_START", "8 rano"),
        ("HDR_TELEGRAM_WEBHOOK_SECRET", "tajne hasło!"),
        ("HDR_IMAP_URL", "pop3://poczta.example.pl"),
        ("HDR_IMAP_URL", "imaps://"),
    ],
)
def test_malformed_value_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)

    with pytest.raises(ConfigurationError) as refused:
        settings()

    assert str(refused.value).startswith(f"{variable}: ")
    assert "\n" not in str(refused.value)


def test_production_refuses_the_development_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HDR_ENVIRONMENT", "production")

    with pytest.raises(ConfigurationError, match=r"^HDR_SECRET_KEY: "):
        settings()


def test_working_hours_must_not_end_before_they_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HDR_WORK_START", "16:00")
    monkeypatch.setenv("HDR_WORK_END", "08:00")

    with pytest.raises(ConfigurationError, match=r"^HDR_WORK_END: "):
        settings()


def test_webhook_mode_needs_its_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HDR_TELEGRAM_MODE", "webhook")

    with pytest.raises(ConfigurationError, match=r"^HDR_TELEGRAM_WEBHOOK_SECRET: "):
        settings()
