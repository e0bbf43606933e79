"""Days the bot cannot take as written: it says which and asks, never takes today silently."""

from __future__ import annotations

from bot.sandbox.driver import SandboxBot
from tests.chat.helpers import activities, labels

STAFF, ALICE = 100009, 100010


async def test_an_impossible_date_is_named_and_asked_for(chat: SandboxBot) -> None:
    for text, written in (("2月30日去银行调研", "2月30日"), ("13月1日去银行调研", "13月1日")):
        [card] = await chat.send(STAFF, text)
        lines = card.text.splitlines()
        assert f"日期：⚠️ 没有“{written}”这一天，请点“改日期”选择。" in lines
        assert "消息中未写日期" not in card.text and "计入" not in card.text
        assert labels(card) == ["改日期", "取消"]


async def test_a_month_without_a_day_opens_that_month(chat: SandboxBot) -> None:
    [card] = await chat.send(STAFF, "3月份去银行调研")
    assert "日期：⚠️ 消息中写的是“3月份”，请点“改日期”选择具体哪一天。" in card.text
    [calendar] = await chat.press(STAFF, "改日期")
    assert "2022年3月" in labels(calendar)
    [card] = await chat.send(STAFF, "上个月去银行调研")
    [calendar] = await chat.press(STAFF, "改日期")
    assert "2022年5月" in labels(calendar)
    await chat.press(STAFF, "20")
    [done] = await chat.press(STAFF, "确认")
    assert "日期：5月20日（周五）" in done.text.splitlines()
    assert any(a.counts for a in await activities(chat))


async def test_next_month_is_a_plan_not_a_card(chat: SandboxBot) -> None:
    [hint] = await chat.send(STAFF, "下个月3号去银行调研")
    assert hint.text.startswith("听起来这是还没做的安排，我只记录已经完成的工作。")
    assert labels(hint) == ["⏰ 7月3日提醒我"] and not await activities(chat)


async def test_a_day_in_the_future_written_as_done_must_be_changed(chat: SandboxBot) -> None:
    [card] = await chat.send(STAFF, "7月3日去银行调研了")  # done: the date is a slip
    assert "⚠️ 7月3日晚于今天，请改日期。" in card.text.splitlines()
    assert "计入" not in card.text  # nothing is promised for a day that has to change


async def test_last_week_without_a_day_is_asked(chat: SandboxBot) -> None:
    [card] = await chat.send(ALICE, "last week I visited a rural bank for research")
    assert "Date: ⚠️ the message says “last week”; press “Change date” to pick the day." in (
        card.text.splitlines()
    )
    assert labels(card)[0] == "Change date"  # nothing to confirm before the day is picked
    [card] = await chat.send(STAFF, "上周去了一家银行调研")
    assert "日期：⚠️ 消息中写的是“上周”，请点“改日期”选择具体哪一天。" in card.text.splitlines()


async def test_each_date_card_says_one_thing(chat: SandboxBot, clock) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    [card] = await chat.send(STAFF, "2021年12月去银行调研")  # no 2021 plan is loaded
    assert card.text.splitlines()[2:3] == ["日期：“2021年12月”"]
    assert "⚠️ “2021年12月”不在已加载的计划年度（2022年）内，请改日期。" in card.text.splitlines()
    assert card.text.count("⚠️") == 1
    [ask] = await chat.send(STAFF, "上个月开了个会，研究了廉政的事")
    assert ask.text == "请选择类型："  # no day is claimed for a day still to be asked
    clock.set(dt.datetime(2022, 12, 15, 10, 0))
    [future] = await chat.send(100001, "2023年1月3日作了述责述廉")
    assert future.text.count("⚠️") == 1
    assert "⚠️ 2023年1月3日晚于今天，请改日期。" in future.text.splitlines()
