"""Settings from the environment and a .env file (pydantic-settings); read once, in main()."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.plan import shipped_plan_path
from bot.errors import SettingsError

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/activity-bot.sqlite3"


class Settings(BaseSettings):
    """Everything an operator can set; see README.md, "Configuration"."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="ACTIVITY_BOT_DATABASE_URL")
    plan: str = Field(default="", alias="ACTIVITY_BOT_PLAN")
    timezone: str = Field(default="Asia/Shanghai", alias="ACTIVITY_BOT_TIMEZONE")
    language: Literal["zh", "en"] = Field(default="zh", alias="ACTIVITY_BOT_LANGUAGE")
    evidence_dir: str = Field(default="./data/evidence", alias="ACTIVITY_BOT_EVIDENCE_DIR")
    webhook_secret: SecretStr | None = Field(default=None, alias="ACTIVITY_BOT_WEBHOOK_SECRET")
    # For demonstrations and tests: the bot's clock starts here and runs on.
    clock_start: str | None = Field(default=None, alias="ACTIVITY_BOT_CLOCK_START")
    jobs_every: float = Field(default=60.0, gt=0, le=3600, alias="ACTIVITY_BOT_JOBS_EVERY")

    @field_validator("clock_start")
    @classmethod
    def _clock_start(cls, value: str | None) -> str | None:
        if value:
            import datetime as dt

            try:
                dt.datetime.fromisoformat(value)
            except ValueError as exc:
                raise ValueError("write it as 2022-06-20T09:00") from exc
        return value or None

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        return None if value in ("", None) else value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        bot_id, sep, secret = value.get_secret_value().partition(":")
        if not (
            sep
            and bot_id.isdecimal()
            and secret
            and secret.replace("-", "").replace("_", "").isalnum()
        ):
            raise ValueError("does not look like a bot token (digits, a colon, then letters)")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///PATH or postgresql+asyncpg://USER@HOST/DB")
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        # Said here, without the URL (it may hold a password), rather than as a traceback when
        # the database is first opened.
        try:
            port = make_url(value).port
        except ArgumentError:
            raise ValueError("not a URL: write postgresql+asyncpg://USER@HOST:PORT/DB") from None
        except ValueError:  # the only number in a URL is its port
            port = -1
        if port is not None and not 1 <= port <= 65535:
            raise ValueError("the port must be a number from 1 to 65535")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def plan_paths(self) -> list[Path]:
        """The plan files in force: ACTIVITY_BOT_PLAN (several joined by the path separator)."""
        if not self.plan.strip():
            return [shipped_plan_path()]
        return [Path(p) for p in self.plan.split(os.pathsep) if p.strip()]


def load_settings() -> Settings:
    """Read the settings; a malformed one raises SettingsError naming it (never its value)."""
    try:
        return Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        name = ".".join(str(part) for part in error["loc"]) or "settings"
        raise SettingsError(f"setting {name}: {error['msg']}") from None
