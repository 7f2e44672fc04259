"""Settings from the environment (prefix ``RECLAM_``) and a ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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

    @field_validator("profile", "bot_token", "staff_chat_id", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value
