"""A line written to a group is in the office's language, whoever's message it answers; what
goes privately stays in the member's own language."""

from __future__ import annotations

import pytest

from bot.sandbox.driver import SandboxBot
from bot.settings import Settings

STAFF, ALICE = 100009, 100010
GROUP = -700


@pytest.fixture(params=["zh", "en"])
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """The office in each language."""
    return settings.model_copy(update={"language": request.param})


def other_language(settings: Settings) -> tuple[int, str]:
    """A member whose own language is not the office's, and their name."""
    return (ALICE, "Alice Chen") if settings.language == "zh" else (STAFF, "郑磊")


GROUP_LINES = {
    "zh": {
        "sent": "已私信 {name}。",
        "start": "{name}，请先在私聊中向机器人发送 /start，之后即可在私聊中查看。",
        "received": "📝 {name}：已收到 1 条，请在与机器人的私聊中确认。",
        "report_start": (
            "{name}，记录需在私聊中确认：请先在私聊中向机器人发送 /start，再把这条记录发给机器人。"
        ),
    },
    "en": {
        "sent": "Sent to {name} privately.",
        "start": (
            "{name}, please send /start to the bot in a private chat first; "
            "then you can see it there."
        ),
        "received": "📝 {name}: 1 received; please confirm in your private chat with the bot.",
        "report_start": (
            "{name}, records are confirmed in a private chat: send /start to the bot in a "
            "private chat, then send this record there."
        ),
    },
}
PRIVATE_START = {"zh": "截至6月15日，您的任务：", "en": "As of 15 Jun, your obligations:"}
PROGRESS_START = {"zh": "2022年任务进度（6月15日）", "en": "2022 progress (15 Jun)"}


def in_group(chat: SandboxBot) -> list[str]:
    return [o.text for o in chat.sandbox.outgoing if o.chat_id == GROUP]


async def test_what_is_said_in_a_group_is_in_the_offices_language(
    chat: SandboxBot, settings: Settings
) -> None:
    chat.sandbox.add_group(GROUP, "综合科群")
    user, name = other_language(settings)
    lines = {k: v.format(name=name) for k, v in GROUP_LINES[settings.language].items()}
    own = "en" if settings.language == "zh" else "zh"

    replies = await chat.send(user, "/remaining", chat_id=GROUP)
    [private] = [r for r in replies if r.chat_id == user]
    assert private.text.startswith(PRIVATE_START[own])
    await chat.send(user, "@activity_sandbox_bot 6月1日到银行调研", chat_id=GROUP)
    chat.sandbox.started.discard(user)
    await chat.send(user, "/remaining", chat_id=GROUP)
    await chat.send(user, "@activity_sandbox_bot 6月2日到银行调研", chat_id=GROUP)
    await chat.send(user, "/progress", chat_id=GROUP)

    *said, progress = in_group(chat)
    assert said == [lines["sent"], lines["received"], lines["start"], lines["report_start"]]
    assert progress.startswith(PROGRESS_START[settings.language])


async def test_a_hint_in_a_group_is_in_the_office_s_language(
    chat: SandboxBot, settings: Settings
) -> None:
    from bot.i18n import t

    who, _ = other_language(settings)
    chat.sandbox.add_group(-810, "金融服务科群")
    [hint] = await chat.send(who, "@activity_sandbox_bot 你好 hello", chat_id=-810)
    assert (hint.chat_id, hint.text) == (-810, t(settings.language, "hint.not_report"))
