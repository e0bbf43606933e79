"""/remaining and /progress, for a secretary, a deputy, a department head and a staff member."""

from __future__ import annotations

from bot.sandbox.driver import SandboxBot
from tests.chat.helpers import labels

SECRETARY, DEPUTY, HEAD, STAFF, ALICE = 100001, 100002, 100005, 100009, 100010


async def log(chat: SandboxBot, user: int, text: str) -> None:
    replies = await chat.send(user, text)
    if len(replies) > 1:
        await chat.press(user, "全部确认")
    else:
        await chat.press(user, "确认")


async def test_a_deputy_sees_their_own_then_the_unit(chat: SandboxBot) -> None:
    await log(chat, DEPUTY, "3月2日与分管科室专题研究党风廉政建设工作")
    await log(chat, STAFF, "1月5日到银行调研；2月8日调研；3月3日调研；4月7日调研；5月9日调研")
    [answer] = await chat.send(DEPUTY, "我今年还有哪些没完成？")
    assert answer.text.splitlines() == [
        "截至6月15日，您的任务：",
        "⬜ 向党组报告 0/1",
        "⬜ 与分管科室负责人谈话 0/1",
        "⬜ 民主生活会 0/1",
        "⬜ 组织生活会 0/1",
        "⏳ 年终述责述廉 0/1 — 12月1日开放",
        "✅ 与分管科室专题研究 1/1",
        "单位：调研 ▓▓▓▓░░░░░░ 5/12（按进度应完成 6，稍落后）",
    ]
    [detail] = await chat.press(DEPUTY, "查看详情")
    assert "   第4条 · 全年 1月1日—12月31日 · 已记录：3月2日" in detail.text
    [back] = await chat.press(DEPUTY, "返回")
    assert back.text.startswith("截至6月15日，您的任务：")


async def test_the_secretary(chat: SandboxBot) -> None:
    await log(chat, SECRETARY, "3月15日给全体干部职工讲了一堂廉政党课")
    [answer] = await chat.send(SECRETARY, "/remaining")
    lines = answer.text.splitlines()
    assert "✅ 讲廉政党课 1/1" in lines
    assert "⬜ 与班子成员谈话 0/1" in lines
    assert "⏳ 年终述责述廉 0/1 — 12月1日开放" in lines
    assert len(lines) == 8  # title, six obligations, one line on the unit


async def test_a_department_head_and_a_staff_member(chat: SandboxBot) -> None:
    [head] = await chat.send(HEAD, "还剩什么")
    assert head.text.splitlines()[1] == "⬜ 科室廉政风险点 0/1"
    [staff] = await chat.send(STAFF, "/remaining")
    assert staff.text.splitlines()[:2] == ["截至6月15日，您的任务：", "您没有个人任务。"]
    [english] = await chat.send(ALICE, "what's left this year?")
    assert english.text.splitlines()[:2] == [
        "As of 15 Jun, your obligations:",
        "You have no personal obligations.",
    ]


async def test_progress_for_the_secretary_shows_everyone(chat: SandboxBot) -> None:
    await log(chat, DEPUTY, "3月2日与分管科室专题研究党风廉政建设工作")
    await log(chat, SECRETARY, "5月18日召开三重一大会议，纪检组未列席")
    [view] = await chat.send(SECRETARY, "/progress")
    lines = view.text.splitlines()
    assert lines[0] == "2022年任务进度（6月15日）"
    assert lines[1] == "单位任务 13 项：完成 0，进行中 11，未开始 2"
    assert "🔸 三重一大纪检组列席：1 次会议未邀请纪检组列席" in lines
    assert lines[-1] == "个人任务：党组书记 0/6，班子成员 1/12，科室负责人 0/4"
    [people] = await chat.press(SECRETARY, "按人员查看")
    assert "与分管科室专题研究：已完成 李明；未完成 赵敏" in people.text.splitlines()
    assert "科室廉政风险点：未完成 陈静、刘洋、孙伟、周婷" in people.text.splitlines()


async def test_progress_for_a_deputy_is_their_departments(chat: SandboxBot) -> None:
    [view] = await chat.send(DEPUTY, "/progress")
    assert view.text.splitlines()[-1] == "个人任务：班子成员 0/6，科室负责人 0/2"
    [people] = await chat.press(DEPUTY, "按人员查看")
    assert "科室廉政风险点：未完成 陈静、刘洋" in people.text.splitlines()
    assert "赵敏" not in people.text


async def test_progress_is_not_for_staff(chat: SandboxBot) -> None:
    [refused] = await chat.send(STAFF, "/progress")
    assert refused.text.startswith("单位进度供党组书记、班子成员、科室负责人和综合科查看。")
    forged = chat.sandbox.forge_press(STAFF, STAFF, 1, "p:people")
    [answer] = await chat.deliver(chat.sandbox.take(forged["update_id"]))
    assert answer.method == "answerCallbackQuery" and answer.alert


async def test_a_day_outside_every_plan_is_said_plainly(chat: SandboxBot, clock) -> None:
    import datetime as dt

    clock.set(dt.datetime(2026, 3, 1, 9, 0))
    [answer] = await chat.send(SECRETARY, "/remaining")
    assert answer.text == "2026年3月1日不在已加载的工作计划年度内（已加载：2022年）。"
    assert labels(answer) == []
