"""A message of several lines: every line is accounted for."""

from __future__ import annotations

from bot.core.activity import Status
from bot.sandbox.driver import SandboxBot
from tests.chat.helpers import activities

SECRETARY = 100001


async def test_lines_that_are_not_activities_are_named(chat: SandboxBot) -> None:
    replies = await chat.send(
        SECRETARY, "本周工作如下\n3月15日讲廉政党课\n5月20日调研\n会议室的投影仪坏了"
    )
    batch = replies[-1]
    assert batch.text.splitlines() == [
        "共 2 条待确认。可逐条确认，或：",
        "以下 2 行未作为工作记录：",
        "· 本周工作如下",
        "· 会议室的投影仪坏了",
    ]


async def test_the_same_activity_twice_in_one_message_is_called_a_duplicate(
    chat: SandboxBot,
) -> None:
    await chat.send(SECRETARY, "5月20日去银行调研\n5月20日去银行调研")
    [done] = await chat.press(SECRETARY, "全部确认")
    assert done.text == "已确认 1 条；1 条与已有记录同日同类，请在其卡片上确认或取消。"
    assert [a.status for a in await activities(chat)] == [Status.CONFIRMED, Status.DRAFT]
