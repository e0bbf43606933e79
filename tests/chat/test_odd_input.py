"""Input the bot has no words for: odd digits, commands it does not have."""

from __future__ import annotations

from bot.sandbox.driver import SandboxBot

CLERK = 100004


async def test_superscript_digits_in_a_command_are_answered(chat: SandboxBot) -> None:
    replies = await chat.send(CLERK, "/export ²⁰²²")
    assert replies, "no answer"
    assert not any("出错" in r.text or "稍后再试" in r.text for r in replies), replies


async def test_a_command_the_bot_does_not_have_is_answered(chat: SandboxBot) -> None:
    for text in ("/foo", "/start@another_bot"):
        [answer] = await chat.send(CLERK, text)
        assert answer.text == "没有这个命令。发送 /help 查看可用的命令。"
