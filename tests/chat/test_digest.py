"""The weekly digest and the reminders, through the sandbox and its clock."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from bot.clock import SettableClock
from bot.core.plan import PlanBook
from bot.sandbox.driver import SandboxBot, VirtualTime
from bot.settings import Settings
from tests.chat.conftest import EXAMPLE_ROSTER
from tests.chat.helpers import labels

SECRETARY, DEPUTY, CLERK, HEAD, CLERK2, STAFF, ALICE = (
    100001,
    100002,
    100004,
    100005,
    100008,
    100009,
    100010,
)
JOINED = {100001, 100002, 100003, 100004, 100005, 100006, 100007, 100008, 100009, 100010}


def digests(out) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return {o.chat_id: o.text for o in out if o.text.startswith(("本周提示", "This week"))}


async def test_the_digest_comes_on_monday_at_nine_and_not_before(
    chat: SandboxBot, clock: SettableClock
) -> None:
    clock.set(dt.datetime(2022, 6, 20, 8, 59))
    assert await chat.run_jobs() == []
    clock.set(dt.datetime(2022, 6, 20, 9, 0))
    out = await chat.run_jobs()
    assert set(digests(out)) == JOINED
    tables = [o for o in out if o.text.startswith("个人任务未完成情况")]
    assert sorted(o.chat_id for o in tables) == [SECRETARY, CLERK, CLERK2]
    charts = [o for o in out if o.method == "sendPhoto"]
    assert sorted(o.chat_id for o in charts) == [SECRETARY, CLERK, CLERK2]
    assert charts[0].text == "2022年单位任务进度（6月20日）"
    assert digests(out)[ALICE].startswith("This week (20 Jun)")
    assert await chat.run_jobs() == []  # a second run in the same week sends nothing
    clock.set(dt.datetime(2022, 6, 22, 15, 0))
    assert await chat.run_jobs() == []


async def test_the_digest_matches_what_remains(chat: SandboxBot, clock: SettableClock) -> None:
    await chat.send(DEPUTY, "6月14日与分管科室专题研究党风廉政建设工作")
    await chat.press(DEPUTY, "确认")
    await chat.send(STAFF, "6月13日到银行调研")
    await chat.press(STAFF, "确认")
    clock.set(dt.datetime(2022, 6, 20, 9, 0))
    text = digests(await chat.run_jobs())[DEPUTY]
    lines = text.splitlines()
    assert lines[0] == "本周提示（6月20日）"
    assert lines[1] == "上周您记录了 1 项：6月14日 与分管科室专题研究。"
    services = chat.application.bot_data.services
    member = await services.find_member("李明")
    standing = await services.standing.for_member(member)
    open_items = [p for p in standing.mine if p.status.value in ("on_track", "behind", "overdue")]
    assert lines[2] == "待完成：" + "；".join(
        f"{p.obligation.name('zh')} {p.done}/{p.target}" for p in open_items
    )
    assert "即将开放：年终述责述廉（12月1日）" in lines
    trips = next(p for p in standing.unit if p.obligation.id == "research-trips")
    assert f"调研 {trips.done}/12（落后）" in lines[-1]
    assert lines[-1].startswith("单位：")
    [out] = [o for o in chat.sandbox.outgoing if o.chat_id == DEPUTY and "本周提示" in o.text]
    assert labels(out) == ["查看详情", "记录一项", "提示设置"]
    [detail] = await chat.press(DEPUTY, "查看详情")
    assert detail.text.startswith("您的任务明细")


async def test_a_holiday_monday_moves_the_digest(chat: SandboxBot, clock: SettableClock) -> None:
    clock.set(dt.datetime(2022, 10, 3, 9, 30))  # 国庆节: no work from 1 to 7 October
    assert await chat.run_jobs() == []
    clock.set(dt.datetime(2022, 10, 7, 18, 0))
    assert await chat.run_jobs() == []
    clock.set(dt.datetime(2022, 10, 8, 9, 0))  # Saturday, a make-up working day
    assert set(digests(await chat.run_jobs())) == JOINED


async def test_a_member_moves_or_pauses_their_digest(
    chat: SandboxBot, clock: SettableClock
) -> None:
    [view] = await chat.send(STAFF, "/settings")
    assert view.text.splitlines()[1] == "每周提示：周一 9:00（遇法定节假日顺延至下一个工作日）"
    await chat.press(STAFF, "周三")
    [after] = await chat.press(STAFF, "10:00")
    assert after.text.splitlines()[1].startswith("每周提示：周三 10:00")
    await chat.send(HEAD, "/settings")
    [paused] = await chat.press(HEAD, "暂停每周提示")
    assert paused.text.splitlines()[1] == "每周提示：已暂停"
    clock.set(dt.datetime(2022, 6, 20, 9, 0))
    monday = set(digests(await chat.run_jobs()))
    assert STAFF not in monday and HEAD not in monday and SECRETARY in monday
    clock.set(dt.datetime(2022, 6, 22, 10, 0))
    assert set(digests(await chat.run_jobs())) == {STAFF}


async def test_a_blocked_member_is_skipped_until_they_write(
    chat: SandboxBot, clock: SettableClock
) -> None:
    chat.sandbox.block(STAFF)
    clock.set(dt.datetime(2022, 6, 20, 9, 0))
    out = await chat.run_jobs()
    assert STAFF not in digests(out) and len(digests(out)) == len(JOINED) - 1
    assert (await chat.application.bot_data.services.find_member("郑磊")).blocked
    clock.set(dt.datetime(2022, 6, 27, 9, 0))
    assert STAFF not in digests(await chat.run_jobs())
    await chat.send(STAFF, "/remaining")  # writing again unblocks
    clock.set(dt.datetime(2022, 7, 4, 9, 0))
    assert STAFF in digests(await chat.run_jobs())


async def test_reminders_once_a_week_and_never_once_done(
    chat: SandboxBot, clock: SettableClock
) -> None:
    clock.set(dt.datetime(2022, 7, 18, 9, 5))  # the mid-year report closes on 31 July
    await chat.send(CLERK2, "/mute")
    out = await chat.run_jobs()
    reminders = [o for o in out if o.text.startswith("⏰")]
    assert sorted(o.chat_id for o in reminders) == [SECRETARY, CLERK]
    assert reminders[0].text == (
        "⏰ 提醒：单位任务“年中专题报告”将于7月31日截止（还有 13 天），目前 0/1。"
    )
    clock.set(dt.datetime(2022, 7, 20, 9, 5))
    assert [o for o in await chat.run_jobs() if o.text.startswith("⏰")] == []  # once a week
    await chat.send(SECRETARY, "7月20日向市委专题报告履行主体责任情况")
    await chat.press(SECRETARY, "确认")
    clock.set(dt.datetime(2022, 7, 25, 9, 5))
    assert [o for o in await chat.run_jobs() if o.text.startswith("⏰")] == []  # done


async def test_a_personal_reminder_and_mute_from_it(chat: SandboxBot, clock: SettableClock) -> None:
    clock.set(dt.datetime(2022, 12, 12, 9, 0))  # year-end statements close on 31 December
    out = await chat.run_jobs()
    mine = [o for o in out if o.chat_id == DEPUTY and o.text.startswith("⏰")]
    assert [o.text for o in mine] == [
        "⏰ 提醒：年终述责述廉将于12月31日截止（还有 19 天），您目前 0/1。"
    ]
    [notice] = await chat.press(DEPUTY, "暂停提醒")
    assert notice.text == "已暂停截止提醒。发送 /settings 可恢复。"
    clock.set(dt.datetime(2022, 12, 19, 9, 0))
    out = await chat.run_jobs()
    assert not [o for o in out if o.chat_id == DEPUTY and o.text.startswith("⏰")]
    [secretary] = [o for o in out if o.chat_id == SECRETARY and o.text.startswith("⏰")]
    lines = secretary.text.splitlines()  # one message, however many are due
    assert lines[0] == "⏰ 提醒：以下任务即将截止"
    assert "· 年终专题报告（单位）：12月31日截止，目前 0/1" in lines
    assert len(lines) > 5


async def test_a_group_gets_the_unit_progress_without_names(
    chat: SandboxBot, clock: SettableClock
) -> None:
    await chat.add_to_group(-700, "金融局工作群", SECRETARY)
    clock.set(dt.datetime(2022, 6, 20, 9, 0))
    out = await chat.run_jobs()
    [post] = [o for o in out if o.chat_id == -700]
    assert post.text.startswith("2022年任务进度（6月20日）")
    names = ["王建国", "李明", "赵敏", "陈静", "刘洋", "孙伟", "周婷", "吴强", "郑磊"]
    assert not any(name in post.text for name in names)
    assert not post.buttons


async def test_an_outage_leaves_the_rest_for_the_restart(
    settings: Settings, plans: PlanBook, clock: SettableClock
) -> None:
    clock.set(dt.datetime(2022, 6, 20, 9, 0))
    async with SandboxBot.open(settings, plans, clock, timer=VirtualTime()) as first:
        services = first.application.bot_data.services
        await services.import_roster(EXAMPLE_ROSTER.read_text(encoding="utf-8"), "roster.csv")
        for member in await services.members():
            if member.telegram_id:
                first.add_member(member)
        first.sandbox.outage_after(6)
        before = await first.run_jobs()
    async with SandboxBot.open(settings, plans, clock, timer=VirtualTime()) as second:
        for member in await second.application.bot_data.services.members():
            if member.telegram_id:
                second.add_member(member)
        after = await second.run_jobs()
    assert len(before) == 6
    sent = Counter(
        o.chat_id
        for o in before + after
        if o.text.startswith("本周提示") or o.text.startswith("This week")
    )
    assert set(sent) == JOINED and set(sent.values()) == {1}


async def test_five_hundred_recipients_never_draw_a_429(
    settings: Settings, plans: PlanBook, clock: SettableClock, tmp_path: Path
) -> None:
    rows = ["name,telegram_id,roles,department,supervises,lang"]
    rows += [f"成员{i:03d},{200000 + i},staff,综合科,,zh" for i in range(500)]
    timer = VirtualTime()
    clock.set(dt.datetime(2022, 6, 20, 9, 0))
    async with SandboxBot.open(settings, plans, clock, flood_limits=True, timer=timer) as bot:
        services = bot.application.bot_data.services
        await services.import_roster("\n".join(rows) + "\n", "big.csv")
        for member in await services.members():
            bot.add_member(member)
        out = await bot.run_jobs()
        assert bot.sandbox.rejections == 0
        assert len(digests(out)) == 500
        assert timer.slept >= 500 / 30  # it really was paced
        assert await bot.run_jobs() == []
