"""Digits that are digits to Unicode but not numbers to int() (², ⁰) are words like any other."""

from __future__ import annotations

from bot.sandbox.driver import SandboxBot

CLERK = 100004


async def test_superscript_digits_in_a_command_are_answered(chat: SandboxBot) -> None:
    replies = await chat.send(CLERK, "/export ²⁰²²")
    assert replies, "no answer"
    assert not any("出错" in r.text or "稍后再试" in r.text for r in replies), replies
