"""/start and /help, in the member's language."""

from __future__ import annotations

from bot.sandbox.driver import SandboxBot

SECRETARY, ALICE, STRANGER = 100001, 100010, 999


async def test_start_greets_a_member_in_chinese(chat: SandboxBot) -> None:
    replies = await chat.send(SECRETARY, "/start")
    assert len(replies) == 1
    assert replies[0].chat_id == SECRETARY
    assert replies[0].text.startswith("您好，王建国。")
    assert "/help" in replies[0].text


async def test_start_greets_an_english_member_in_english(chat: SandboxBot) -> None:
    replies = await chat.send(ALICE, "/start")
    assert replies[0].text.startswith("Hello, Alice Chen.")


async def test_a_stranger_is_asked_for_an_invitation(chat: SandboxBot) -> None:
    chat.add_user(STRANGER, "路人")
    replies = await chat.send(STRANGER, "/start")
    assert [r.text for r in replies] == [
        "您尚未加入。请向综合科索取邀请链接，点击后即可使用。也可以发送“/join 您的姓名”申请加入。"
    ]


async def test_a_stranger_with_an_english_telegram_gets_english(chat: SandboxBot) -> None:
    chat.add_user(STRANGER, "Bob", lang="en")
    replies = await chat.send(STRANGER, "/start")
    assert replies[0].text.startswith("You have not joined yet.")


async def test_help_lists_commands(chat: SandboxBot) -> None:
    replies = await chat.send(SECRETARY, "/help")
    assert "/remaining" in replies[0].text and "/help" in replies[0].text
    replies = await chat.send(ALICE, "/help")
    assert replies[0].text.startswith("To log an activity")


async def test_commands_are_registered_in_both_languages(chat: SandboxBot) -> None:
    from bot.app import COMMANDS

    assert [c["command"] for c in chat.sandbox.commands["zh"]] == list(COMMANDS)
    assert {"remaining", "progress", "log", "history", "undo", "settings", "join"} <= set(COMMANDS)
    english = {c["command"]: c["description"] for c in chat.sandbox.commands["en"]}
    assert english["start"] == "Get started"


async def test_a_name_with_html_is_escaped(chat: SandboxBot) -> None:
    services = chat.application.bot_data.services
    await services.import_roster(
        "name,telegram_id,roles,department,supervises,lang\n<b>张&三</b>,555,staff,综合科,,zh\n",
        "more.csv",
    )
    chat.add_user(555, "张三")
    replies = await chat.send(555, "/start")
    assert replies[0].text.startswith("您好，<b>张&三</b>。")
