"""Questions in a member's own words, answered with what was asked — never a card."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.clock import SettableClock
from bot.sandbox.driver import SandboxBot
from tests.chat.helpers import activities

SECRETARY, DEPUTY, DEPUTY2, HEAD_CLERK, HEAD = 100001, 100002, 100003, 100004, 100005
HEAD2, CLERK, STAFF, ALICE = 100006, 100008, 100009, 100010
GROUP = -700
BOT = "@activity_sandbox_bot"


async def log(chat: SandboxBot, user: int, text: str) -> None:
    replies = await chat.send(user, text)
    confirm = "Confirm" if user == ALICE else "确认"
    await chat.press(user, "全部确认" if len(replies) > 1 else confirm)


@pytest.fixture
async def office(chat: SandboxBot) -> SandboxBot:
    """Half a year of records: research trips, a lecture, a report to the party group logged
    by the clerk for 李明, one department's risk list."""
    await log(chat, STAFF, "1月5日到银行调研；2月8日调研；3月3日调研；4月7日调研；5月9日调研")
    await log(chat, SECRETARY, "3月15日给全体干部职工讲了一堂廉政党课")
    await log(chat, CLERK, "帮李局记一下：6月8日向党组报告了分管领域党风廉政建设工作")
    await log(chat, HEAD, "5月20日制定了本科室廉政风险点清单")
    return chat


async def ask(chat: SandboxBot, user: int, text: str, **kw: int) -> str:
    """The one answer to a question; no card, no button."""
    before = len(await activities(chat))
    [answer] = await chat.send(user, text, **kw)
    assert not answer.button_list(), answer.text
    assert len(await activities(chat)) == before  # a question never makes a record
    return answer.text


async def test_how_many_are_left(office: SandboxBot) -> None:
    assert await ask(office, CLERK, "党组研究还要开几次？") == (
        "党组研究党风廉政建设工作：已完成 0 次，还差 2 次（共 2 次，12月31日前）"
    )
    assert await ask(office, CLERK, "调研做了几次") == (
        "调研活动：已完成 5 次，还差 7 次（共 12 次，12月31日前）；按进度现在应完成 6 次"
    )
    assert await ask(office, ALICE, "how many research trips have we done?") == (
        "Research trips: 5 done, 7 to go (12 by 31 Dec); by now 6 were expected"
    )
    assert await ask(office, CLERK, "上个月调研几次？") == "全局上个月的调研：共 1 次。"


async def test_has_someone_done_it(office: SandboxBot) -> None:
    assert (await ask(office, CLERK, "李明向党组报告了吗")).splitlines() == [
        "是的。李明今年记录了 1 次“向党组报告党风廉政建设工作”：",
        "• 6月8日（吴强代记）：6月8日向党组报告了分管领域党风廉政建设工作",
    ]
    assert (await ask(office, DEPUTY2, "我向党组报告了吗")).splitlines() == [
        "还没有。您今年还没有“向党组报告党风廉政建设工作”的记录。",
        "• 向党组报告党风廉政建设工作：12月31日前完成",
    ]
    assert (await ask(office, CLERK, "书记讲过廉政党课吗")).startswith(
        "是的。王建国今年记录了 1 次“廉政党课”："
    )
    assert (await ask(office, CLERK, "书记和班子成员谈过话没有")).splitlines()[0] == (
        "还没有。王建国今年还没有“提醒谈话”的记录。"
    )
    english = await ask(office, SECRETARY, "has Li Ming reported to the party group?")
    assert english.startswith("是的。李明今年记录了 1 次")  # the secretary writes Chinese


async def test_a_follow_up_takes_the_shape_of_the_question(
    office: SandboxBot, clock: SettableClock
) -> None:
    await ask(office, CLERK, "李明向党组报告了吗")
    assert (await ask(office, CLERK, "赵敏呢？")).startswith(
        "还没有。赵敏今年还没有“向党组报告党风廉政建设工作”的记录。"
    )
    clock.set(dt.datetime(2022, 6, 15, 10, 30))  # ten minutes on, "赵敏呢" asks nothing
    [hint] = await office.send(CLERK, "赵敏呢？")
    assert "向党组报告" not in hint.text


async def test_who_has_not(office: SandboxBot) -> None:
    assert (await ask(office, SECRETARY, "哪些班子成员还没向党组报告")).splitlines() == [
        "向党组报告党风廉政建设工作还没完成（1 人）：赵敏",
        "向党组报告党风廉政建设工作已完成（1 人）：李明",
    ]
    assert await ask(office, SECRETARY, "今年谁去调研过") == "调研已完成（1 人）：郑磊"
    assert (await ask(office, SECRETARY, "哪些科长还没交风险点清单")).splitlines() == [
        "廉政风险点清单还没完成（3 人）：陈静、孙伟、周婷",
        "廉政风险点清单已完成（1 人）：刘洋",
    ]


async def test_when_was_the_last_one(office: SandboxBot) -> None:
    assert (await ask(office, CLERK, "最近一次调研是什么时候")).splitlines() == [
        "最近一次调研：5月9日（周一）",
        "• 5月9日 郑磊：5月9日调研",
    ]
    assert (
        await ask(office, CLERK, "最近一次民主生活会是几号") == "今年还没有党组民主生活会的记录。"
    )


async def test_what_was_recorded(office: SandboxBot) -> None:
    assert (await ask(office, STAFF, "我上个月报了些什么")).splitlines() == [
        "您上个月记录了 1 项：",
        "• 5月9日 调研：5月9日调研",
    ]
    assert await ask(office, ALICE, "what did I log in May") == (
        "No activities recorded by you in May."
    )


async def test_what_is_due_soon(office: SandboxBot) -> None:
    assert (await ask(office, CLERK, "这个月有啥要截止的")).splitlines() == [
        "本月没有要截止的未完成任务。",
        "最近要截止的是年中专题报告，7月31日前完成。",
    ]
    due = (await ask(office, CLERK, "7月底前有什么要完成的")).splitlines()
    assert due[0] == "7月31日前要完成的（还没完成）："
    assert "• 年中专题报告：7月31日前完成" in due


async def test_what_remains_is_the_remaining_view(office: SandboxBot) -> None:
    [answer] = await office.send(DEPUTY, "我还欠哪些")
    assert answer.text.startswith("截至6月15日，您的任务：")


async def test_anything_else_gets_examples_and_never_a_card(office: SandboxBot) -> None:
    assert (await ask(office, STAFF, "会议室在几楼？")).splitlines() == [
        "这个我回答不了。我能回答年度计划里的工作，例如：",
        "• 党组研究还要开几次？",
        "• 最近一次调研是什么时候？",
        "• 我上周报了些什么？",
    ]


async def test_someone_the_asker_may_not_see(office: SandboxBot) -> None:
    refusal = "这位同志的记录您没有权限查看。您可以问自己的情况，或全局的进度。"
    assert await ask(office, STAFF, "李明向党组报告了吗") == refusal
    assert await ask(office, ALICE, "has Li Ming reported to the party group?") == (
        "You may not see this colleague's records. You can ask about yourself, or about the "
        "bureau's progress."
    )
    # a group the asker may not see by name: how many, never who
    assert await ask(office, STAFF, "哪些班子成员还没向党组报告") == (
        "向党组报告党风廉政建设工作：1 人已完成，1 人还没完成。"
    )
    # a department head sees their own department by name
    assert (await ask(office, HEAD, "郑磊调研过吗")).startswith("是的。郑磊今年记录了 5 次“调研”")
    assert await ask(office, HEAD2, "郑磊调研过吗") == refusal  # another department's


async def test_in_a_group_the_answer_names_nobody(office: SandboxBot) -> None:
    office.sandbox.add_group(GROUP, "全局工作群")
    text = await ask(office, SECRETARY, f"{BOT} 哪些班子成员还没向党组报告", chat_id=GROUP)
    assert text == "向党组报告党风廉政建设工作：1 人已完成，1 人还没完成。"
    assert "赵敏" not in text and "李明" not in text


async def test_a_report_that_opens_with_a_question_is_a_report(office: SandboxBot) -> None:
    [card] = await office.send(STAFF, "谁还没去过？反正我今天去了警示教育基地")
    assert card.text.startswith("📝 待确认") and "专题警示教育" in card.text


async def test_the_office_s_records_name_nobody_to_staff_and_in_groups(office: SandboxBot) -> None:
    answer = await ask(office, HEAD2, "全局今年报了些什么")  # a department head of another one
    assert "郑磊" not in answer and "王建国" not in answer and "讲了一堂" not in answer
    assert "• 6月8日 向党组报告党风廉政建设工作" in answer.splitlines()  # the day and the kind
    office.sandbox.add_group(GROUP, "全局工作群")
    last = await ask(office, CLERK, f"{BOT} 最近一次调研是什么时候", chat_id=GROUP)
    assert last.splitlines() == ["最近一次调研：5月9日（周一）", "• 5月9日 调研"]


async def test_a_report_after_a_question_is_not_taken_for_a_follow_up(office: SandboxBot) -> None:
    await ask(office, ALICE, "how many research trips have we done?")
    [card] = await office.send(ALICE, "and I visited a rural bank today for research")
    assert card.text.startswith("📝 To confirm") and "research trip" in card.text
