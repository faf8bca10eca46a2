"""Settings from `HDR_*` environment variables (and a `.env` file), validated at start."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-change-me"
DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org/bot"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class TelegramMode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


class SmtpTls(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    SSL = "ssl"


class ConfigurationError(Exception):
    """A setting is missing or malformed; the message names the variable in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HDR_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_ignore_empty=True,
    )

    environment: Environment = Environment.DEVELOPMENT
    data_dir: Path = Path("data")
    database_url: str = ""
    secret_key: str = DEVELOPMENT_SECRET_KEY
    base_url: str = "http://127.0.0.1:8000"
    timezone: str = "Europe/Warsaw"
    locale: str = "pl"
    gmina_name: str = ""

    work_start: dt.time = dt.time(8, 0)
    work_end: dt.time = dt.time(16, 0)
    extra_free_days: Annotated[list[dt.date], NoDecode] = Field(default_factory=list)
    voivodeship: str = "Lubelskie"
    arkusz_kurator_opinion: bool = True
    requirement_profile: str = "2024"

    telegram_token: str | None = None
    telegram_api_url: str = DEFAULT_TELEGRAM_API_URL
    telegram_mode: TelegramMode = TelegramMode.POLLING
    telegram_webhook_secret: str | None = None
    telegram_bot_username: str | None = None

    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_tls: SmtpTls = SmtpTls.NONE
    mail_from: str = "hdr-desk@localhost"
    imap_url: str | None = None
    imap_allowed_domains: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)

    demo_login: bool = False
    invite_valid_days: int = Field(default=7, ge=1, le=90)
    attachment_max_mb: int = Field(default=10, ge=1, le=50)
    outbox_lease_seconds: int = Field(default=300, ge=5, le=3600)
    ticket_retention_days: int = Field(default=730, ge=30, le=3650)
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8000, ge=1, le=65535)

    @field_validator("extra_free_days", mode="before")
    @classmethod
    def _split_comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("imap_allowed_domains", mode="before")
    @classmethod
    def _domain_school_pairs(cls, value: object) -> object:
        """`sp1.example.pl=SP1,sp2.example.pl=SP2`: mail domains and their schools' codes."""
        if not isinstance(value, str):
            return value
        pairs: dict[str, str] = {}
        for part in filter(None, (part.strip() for part in value.split(","))):
            domain, equals, school_code = (side.strip() for side in part.partition("="))
            if not (domain and equals and school_code):
                raise ValueError(f"write each entry as domain=school_code, got {part!r}")
            pairs[domain.lower().lstrip("@")] = school_code
        return pairs

    @field_validator("imap_url")
    @classmethod
    def _imap_address(cls, value: str | None) -> str | None:
        if value is not None:
            parts = urlsplit(value)
            if parts.scheme not in ("imap", "imaps") or not parts.hostname:
                raise ValueError("write it as imaps://user:password@host:993/INBOX")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _telegram_accepts_the_secret(cls, value: str | None) -> str | None:
        # Bot API setWebhook: 1-256 characters, only A-Z, a-z, 0-9, _ and -.
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("use 1 to 256 letters, digits, _ or - (e.g. openssl rand -hex 32)")
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if value and not value.startswith(("sqlite://", "postgres://", "postgresql://")):
            raise ValueError("must start with sqlite:// or postgres://")
        return value

    @model_validator(mode="after")
    def _production_needs_real_secrets(self) -> Settings:
        if self.environment is Environment.PRODUCTION and (
            self.secret_key == DEVELOPMENT_SECRET_KEY or len(self.secret_key) < 32
        ):
            raise ValueError("HDR_SECRET_KEY: set a random value of at least 32 characters")
        if self.work_end <= self.work_start:
            raise ValueError("HDR_WORK_END: must be later than HDR_WORK_START")
        if self.telegram_mode is TelegramMode.WEBHOOK and not self.telegram_webhook_secret:
            raise ValueError("HDR_TELEGRAM_WEBHOOK_SECRET: required in webhook mode")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        return self.database_url or f"sqlite://{self.data_dir / 'hdr-desk.sqlite3'}"

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token)

    @property
    def telegram_file_url(self) -> str:
        """Where the bot downloads files: the Bot API server's `/file/bot` beside `/bot`."""
        return self.telegram_api_url.removesuffix("/bot") + "/file/bot"

    @property
    def smtp_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def imap_enabled(self) -> bool:
        return bool(self.imap_url)


def describe_validation_error(error: ValidationError) -> str:
    """One line naming the first offending variable, e.g. `HDR_SMTP_PORT: ...`."""
    first = error.errors()[0]
    location = [str(part) for part in first["loc"] if part != "__root__"]
    message = first["msg"].removeprefix("Value error, ")
    if not location:
        return message
    variable = "HDR_" + location[0].upper()
    return f"{variable}: {message} (got {first.get('input')!r})"


def load_settings(env_file: str | None = ".env") -> Settings:
    """Read and validate the settings from the environment and `env_file`.

    Raises ConfigurationError with one clear line naming the variable."""
    try:
        return Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as error:
        raise ConfigurationError(describe_validation_error(error)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
