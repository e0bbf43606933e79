"""Settings: defaults, and one line naming a malformed setting, never its value."""

from __future__ import annotations

import pytest

from bot.errors import SettingsError
from bot.settings import DEFAULT_DATABASE_URL, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "ACTIVITY_BOT_DATABASE_URL",
        "ACTIVITY_BOT_PLAN",
        "ACTIVITY_BOT_TIMEZONE",
        "ACTIVITY_BOT_LANGUAGE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.timezone == "Asia/Shanghai"
    assert settings.language == "zh"
    assert settings.plan_paths()[0].name == "plan-2022.yaml"


def test_dotenv_is_read(tmp_path) -> None:
    (tmp_path / ".env").write_text("ACTIVITY_BOT_LANGUAGE=en\nTELEGRAM_BOT_TOKEN=42:abc_DEF-x\n")
    settings = load_settings()
    assert settings.language == "en"
    assert settings.telegram_bot_token is not None
    assert "abc_DEF" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ACTIVITY_BOT_TIMEZONE", "Mars/Olympus", "setting ACTIVITY_BOT_TIMEZONE:"),
        ("ACTIVITY_BOT_LANGUAGE", "fr", "setting ACTIVITY_BOT_LANGUAGE:"),
        ("ACTIVITY_BOT_DATABASE_URL", "mysql://x", "setting ACTIVITY_BOT_DATABASE_URL:"),
        ("ACTIVITY_BOT_DATABASE_URL", "postgresql+asyncpg://u:s3cr3t@h:abc/d", "setting ACTIVITY_"),
        (
            "ACTIVITY_BOT_DATABASE_URL",
            "postgresql+asyncpg://u:s3cr3t@h:99999/d",
            "setting ACTIVITY_",
        ),
        ("TELEGRAM_BOT_TOKEN", "not a token s3cr3t", "setting TELEGRAM_BOT_TOKEN:"),
    ],
)
def test_malformed_setting_is_named(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
    assert "s3cr3t" not in str(caught.value)


def test_several_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTIVITY_BOT_PLAN", "a.yaml:b.yaml")
    assert [p.name for p in load_settings().plan_paths()] == ["a.yaml", "b.yaml"]
