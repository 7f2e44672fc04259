"""Settings from the environment (prefix ``RECLAM_``) and a ``.env`` file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.persistence.engine import DEFAULT_URL


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RECLAM_", env_file=".env", extra="ignore")

    bot_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    staff_chat_id: int | None = None
    database_url: str = DEFAULT_URL
    framework: Literal["aiogram", "ptb"] = "aiogram"
    profile: Path | None = None
    language: str = "fr"
    # flood limits, per bot token
    rate_per_second: int = 30
    rate_chat_interval: float = 1.0
    rate_chat_burst: int = 3
    rate_group_per_minute: int = 20
    # email (the acknowledgement letter, and notices when Telegram cannot reach a client)
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_sender: str | None = None
    smtp_starttls: bool | None = None
    # the scheduler: how often each process looks for due reminders
    tick_seconds: float = 5.0
    # logs: the level, "text" or "json" (one object a line), the libraries' level
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    log_libraries_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"
    # HTTP: /healthz, /readyz and /metrics (and the webhook) when a port is set
    http_host: str = "127.0.0.1"
    http_port: int | None = None
    ready_outbox_lag_seconds: float = 300.0  # /readyz fails when the outbox lags more
    # webhook mode: Telegram POSTs the updates to this public address (https; http only
    # on a loopback address), with this secret in a header; unset: polling
    webhook_url: str | None = None
    webhook_secret: str | None = None
    # the school's copies of the clients' files: in this folder (named by their SHA-256
    # digest); unset: in the database
    files_dir: Path | None = None

    @field_validator("log_level", "log_libraries_level", "log_format", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        return value.lower() if value.lower() in ("text", "json") else value.upper()

    @field_validator("webhook_url")
    @classmethod
    def _public_https(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parsed = urlsplit(value)
        loopback = parsed.hostname in ("127.0.0.1", "::1", "localhost")
        if parsed.scheme != "https" and not (parsed.scheme == "http" and loopback):
            raise ValueError("an https:// address (http:// only on a loopback address)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("1 to 256 characters among A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator(
        "profile",
        "bot_token",
        "staff_chat_id",
        "smtp_host",
        "smtp_username",
        "smtp_password",
        "smtp_sender",
        "smtp_starttls",
        "http_port",
        "webhook_url",
        "webhook_secret",
        "files_dir",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value
