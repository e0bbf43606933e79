"""A message of several lines: every line is accounted for."""

from __future__ import annotations

from bot.core.activity import Status
from bot.sandbox.driver import SandboxBot
from tests.chat.helpers import activities, labels

SECRETARY = 100001


async def test_lines_that_are_not_activities_are_named(chat: SandboxBot) -> None:
    replies = await chat.send(
        SECRETARY, "本周工作如下\n3月15日讲廉政党课\n5月20日调研\n会议室的投影仪坏了"
    )
    batch = replies[-1]
    assert batch.text.splitlines() == [
        "以下 2 行未作为工作记录：",
        "· 本周工作如下",
        "· 会议室的投影仪坏了",
        "共 2 条待确认。可逐条确认，或：",
    ]


async def test_the_same_activity_twice_in_one_message_is_called_a_duplicate(
    chat: SandboxBot,
) -> None:
    first, second, _ = await chat.send(SECRETARY, "5月20日去银行调研\n5月20日去银行调研")
    done, *edited = await chat.press(SECRETARY, "全部确认")
    assert done.text == "已确认 1 条；1 条与已有记录同日同类，请在其卡片上确认或取消。"
    # The cards above no longer wait: one says it is recorded, the other asks about the repeat.
    by_message = {e.message_id: e for e in edited}
    assert by_message[first.message_id].text.startswith("✅ 已记录")
    assert by_message[second.message_id].text.startswith("已有同日同类记录")
    assert labels(by_message[second.message_id]) == ["仍然记录", "取消"]
    assert [a.status for a in await activities(chat)] == [Status.CONFIRMED, Status.DRAFT]


async def test_whom_a_line_is_for_holds_for_the_lines_after_it_only(chat: SandboxBot) -> None:
    clerk = 100004
    replies = await chat.send(
        clerk, "3月7日去银行调研\n帮李明记一下：\n3月8日去银行调研\n3月9日去保险公司调研"
    )
    cards = [r for r in replies if r.text.startswith("📝")]
    assert ["为：李明（陈静 代记）" in c.text for c in cards] == [False, True, True]
    assert "未作为工作记录" not in replies[-1].text  # the heading was read, not dropped


async def test_the_secretary_by_title(chat: SandboxBot) -> None:
    [card] = await chat.send(100004, "帮王书记记一下：6月7日讲了廉政党课")
    assert "为：王建国（陈静 代记）" in card.text
    assert "计入：书记讲廉政党课（0/1 → 1/1）" in card.text.splitlines()
