"""Reports as people write them, through the chat: what is not done never becomes a card; what is
done is read with its own day, its counterpart and, when unsure, the likeliest kinds."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.clock import SettableClock
from bot.sandbox.driver import SandboxBot
from tests.chat.helpers import activities, labels

SECRETARY, DEPUTY, CLERK, STAFF, ALICE = 100001, 100002, 100004, 100009, 100010


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        ("后天计划去一趟保险公司调研", "听起来这是还没做的安排"),
        ("党组会定于6月20日召开，研究党风廉政建设", "听起来这是还没做的安排"),
        ("警示教育今年还没搞", "听起来这项工作还没有开展"),
        ("原定周五的民主生活会没开成", "听起来这项工作还没有开展"),
        ("廉政党课推迟到下月", "听起来这次活动改期或取消了"),
        ("组织生活会改期了", "听起来这次活动改期或取消了"),
        ("党组研究还要开几次", "党组研究党风廉政建设工作：已完成 0 次，还差 2 次"),  # answered
    ],
)
async def test_what_did_not_take_place_is_not_a_card(
    chat: SandboxBot, text: str, opening: str
) -> None:
    [reply] = await chat.send(STAFF, text)
    assert reply.text.startswith(opening), reply.text
    assert set(labels(reply)) <= {"⏰ 6月17日提醒我", "⏰ 6月20日提醒我"}  # nothing to confirm
    assert await activities(chat) == []


async def test_an_english_plan_is_not_a_card(chat: SandboxBot) -> None:
    [reply] = await chat.send(ALICE, "I will visit two insurers next week")
    assert reply.text.startswith("That sounds like a plan: I only record work that has been done.")
    assert await activities(chat) == []


async def test_a_plan_word_is_not_a_plan(chat: SandboxBot) -> None:
    """调研计划 is an activity of the plan, not a message about the future."""
    [card] = await chat.send(STAFF, "昨天印发了全年调研计划")
    assert "类型：调研计划" in card.text
    assert labels(card)[0] == "确认"


async def test_an_activity_outside_the_plan_is_kept_as_other(chat: SandboxBot) -> None:
    [card] = await chat.send(STAFF, "昨天组织了消防演练")
    assert "类型：其他" in card.text
    assert "计入：不计入计划任务（仍会保存）" in card.text.splitlines()
    await chat.press(STAFF, "确认")
    [kept] = await activities(chat)
    assert kept.kind == "other" and kept.status.value == "confirmed"


async def test_a_past_activity_of_uncertain_kind_asks_with_the_likeliest(chat: SandboxBot) -> None:
    [ask] = await chat.send(STAFF, "昨天参加了支部组织生会")  # a character dropped
    assert "类型：支部组织生活会" in ask.text  # one near word: read as it
    [ask] = await chat.send(STAFF, "昨天开了个生活会")  # near two: asked, best first
    assert ask.text.startswith("请选择类型")
    assert labels(ask)[:3] == ["党组民主生活会", "支部组织生活会", "其他"]


async def test_the_activitys_own_day_among_several(chat: SandboxBot) -> None:
    [card] = await chat.send(STAFF, "5月3日收到通知，上周四组织了专题警示教育")
    assert "日期：6月9日（周四）" in card.text.splitlines()


async def test_a_weekday_that_contradicts_the_date_is_asked(chat: SandboxBot) -> None:
    [card] = await chat.send(STAFF, "4月28日（周五）讲了廉政党课")
    assert "日期和星期对不上" in card.text
    assert "确认" not in labels(card)
    [card] = await chat.send(STAFF, "4月28日（周四）讲了廉政党课")
    assert "日期：4月28日（周四）" in card.text.splitlines()


async def test_the_counterpart_comes_from_the_roster(chat: SandboxBot) -> None:
    [card] = await chat.send(SECRETARY, "昨天分别和李明、赵敏谈了谈心")
    assert "类型：提醒谈话" in card.text and "对象：班子成员" in card.text
    [card] = await chat.send(DEPUTY, "前天找刘洋聊了聊，提醒守住底线")
    assert "对象：科室负责人" in card.text


async def test_negated_presence_is_no(chat: SandboxBot) -> None:
    [card] = await chat.send(SECRETARY, "昨天召开三重一大决策会议，纪检组这次没有派人")
    assert "纪检组：纪检组未列席" in card.text


async def test_for_whom_said_at_the_end(chat: SandboxBot) -> None:
    [card] = await chat.send(CLERK, "赵局今天上午与孙伟、周婷进行了提醒谈话，帮她记一下")
    [draft] = await activities(chat)
    assert draft.attributes.get("counterpart") == "dept_heads"
    assert "赵敏" in card.text


async def test_a_plan_with_its_day_offers_a_reminder_that_comes_that_morning(
    chat: SandboxBot, clock: SettableClock
) -> None:
    [hint] = await chat.send(STAFF, "后天计划去一趟保险公司调研")
    assert labels(hint) == ["⏰ 6月17日提醒我"]
    [done] = await chat.press(STAFF, "⏰ 6月17日提醒我")
    assert done.text == "好的，6月17日9点提醒您：调研。做完后告诉我一声即可记录。"
    assert not done.buttons and await activities(chat) == []

    def reminders(out) -> list[str]:  # type: ignore[no-untyped-def]
        return [o.text for o in out if o.chat_id == STAFF and o.text.startswith("⏰")]

    clock.set(dt.datetime(2022, 6, 16, 9, 0))
    assert reminders(await chat.run_jobs()) == []
    clock.set(dt.datetime(2022, 6, 17, 9, 0))
    assert reminders(await chat.run_jobs()) == [
        "⏰ 提醒：您计划今天开展“调研”。做完后发一句话告诉我，我来记录。"
    ]
    assert reminders(await chat.run_jobs()) == []  # once


async def test_a_plan_in_a_group_offers_nothing_personal(chat: SandboxBot) -> None:
    group = -1001
    chat.sandbox.add_group(group, "综合科群")
    [hint] = await chat.send(
        STAFF, "@activity_sandbox_bot 后天计划去一趟保险公司调研", chat_id=group
    )
    assert hint.text.startswith("听起来这是还没做的安排") and not hint.buttons


async def test_a_thank_you_is_answered_in_a_word(chat: SandboxBot) -> None:
    [reply] = await chat.send(STAFF, "收到，谢谢👍")
    assert reply.text == "好的。做了哪项工作，随时写一句告诉我即可。"


async def test_a_meeting_put_off_is_not_a_card_even_unnamed(chat: SandboxBot) -> None:
    [reply] = await chat.send(STAFF, "党组会延期到下周")
    assert reply.text.startswith("听起来这次活动改期或取消了")
    assert await activities(chat) == []


async def test_two_dated_sentences_are_two_cards(chat: SandboxBot) -> None:
    replies = await chat.send(STAFF, "3月3日去银行调研。3月10日参加了组织生活会。")
    assert [r for r in replies if "类型：调研" in r.text]
    assert [r for r in replies if "类型：支部组织生活会" in r.text]
    assert {a.kind for a in await activities(chat)} == {
        "research_trip",
        "organizational_life_meeting",
    }


async def test_a_report_about_a_colleague_is_theirs_when_an_admin_sends_it(
    chat: SandboxBot,
) -> None:
    await chat.send(CLERK, "王书记昨天和班子成员逐一谈了话")
    [draft] = await activities(chat)
    assert draft.member_id != draft.logged_by_id  # for the secretary, logged by the clerk
    assert draft.attributes.get("counterpart") == "leaders"
    await chat.send(STAFF, "王书记昨天给我们讲了一堂廉政党课")  # staff: their own part
    mine = (await activities(chat))[-1]
    assert mine.member_id == mine.logged_by_id


async def test_no_reminder_is_offered_without_a_day_or_for_an_activity_outside_the_plan(
    chat: SandboxBot,
) -> None:
    [vague] = await chat.send(STAFF, "下个月计划去银行调研")
    assert vague.text.startswith("听起来这是还没做的安排") and not vague.buttons
    [other] = await chat.send(STAFF, "明天组织消防演练")
    assert other.text.startswith("听起来这是还没做的安排") and not other.buttons


async def test_a_reminder_pressed_twice_comes_once(chat: SandboxBot, clock: SettableClock) -> None:
    await chat.send(STAFF, "后天计划去一趟保险公司调研")
    await chat.press(STAFF, "⏰ 6月17日提醒我")
    await chat.send(STAFF, "后天计划去一趟保险公司调研")
    await chat.press(STAFF, "⏰ 6月17日提醒我")
    clock.set(dt.datetime(2022, 6, 17, 8, 59))
    out = await chat.run_jobs()
    assert not [o for o in out if o.text.startswith("⏰")]
    clock.set(dt.datetime(2022, 6, 17, 9, 0))
    out = await chat.run_jobs()
    assert len([o for o in out if o.chat_id == STAFF and o.text.startswith("⏰")]) == 1


async def test_a_correction_is_sent_to_the_history(chat: SandboxBot) -> None:
    [reply] = await chat.send(STAFF, "党课那条记错了，删掉吧")
    assert reply.text.startswith("要更正或删除已有的记录，请发送 /history")
    assert await activities(chat) == []


async def test_a_detail_sent_after_a_report_is_no_new_card(chat: SandboxBot) -> None:
    await chat.send(STAFF, "上周三到郑州银行调研了")
    [reply] = await chat.send(STAFF, "调研的主要内容是普惠金融和廉政风险防控")
    assert reply.text.startswith("这句像是对已有记录的补充说明，我没有新建记录。")
    assert len(await activities(chat)) == 1
