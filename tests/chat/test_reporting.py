"""Logging an activity through the chat, the way members do it."""

from __future__ import annotations

import datetime as dt

from bot.core.activity import Status
from bot.sandbox.driver import SandboxBot
from tests.chat.helpers import activities, audit, labels

SECRETARY, DEPUTY, CLERK, HEAD, STAFF, ALICE = 100001, 100002, 100004, 100005, 100009, 100010


async def test_log_a_lecture_confirm_it(chat: SandboxBot) -> None:
    [card] = await chat.send(SECRETARY, "3月15日给全体干部职工讲了一堂廉政党课")
    lines = card.text.splitlines()
    assert lines[:4] == [
        "📝 待确认",
        "类型：廉政党课",
        "日期：3月15日（周二）",
        "计入：书记讲廉政党课（0/1 → 1/1）",
    ]
    assert "原文：3月15日给全体干部职工讲了一堂廉政党课" in lines
    assert labels(card)[:4] == ["确认", "改类型", "改日期", "取消"]
    [stored] = await activities(chat)
    assert stored.status is Status.DRAFT and not stored.counts
    [done] = await chat.press(SECRETARY, "确认")
    assert done.method == "editMessageText" and done.message_id == card.message_id
    assert done.text.startswith(
        "✅ 已记录\n类型：廉政党课\n日期：3月15日（周二）\n填报：6月15日\n"
        "计入：书记讲廉政党课 1/1，已完成"
    )
    assert "可发送照片或签到表作为佐证。" in done.text
    assert not done.buttons
    [stored] = await activities(chat)
    assert stored.counts and stored.happened_on == dt.date(2022, 3, 15)
    assert stored.reported_at.date() == dt.date(2022, 6, 15)
    [entry] = await audit(chat)
    assert (entry.action, entry.entity_id, entry.after["kind"]) == (
        "create",
        stored.id,
        "integrity_lecture",
    )


async def test_the_day_reported_is_the_office_s_day(chat: SandboxBot, clock) -> None:  # type: ignore[no-untyped-def]
    """At 02:00 in Beijing it is still the day before in UTC, where the records are kept."""
    clock.set(dt.datetime(2022, 6, 15, 2, 0))
    await chat.send(SECRETARY, "3月15日讲廉政党课")
    [done] = await chat.press(SECRETARY, "确认")
    assert "填报：6月15日" in done.text.splitlines()


async def test_english_member(chat: SandboxBot) -> None:
    [card] = await chat.send(ALICE, "Visited a rural bank for research yesterday")
    assert card.text.splitlines()[:4] == [
        "📝 To confirm",
        "Kind: research trip",
        "Date: Tue 14 Jun",
        "Counts toward: Research trips 0/12 → 1/12",
    ]
    assert labels(card) == ["Confirm", "Change kind", "Change date", "Cancel"]


async def test_a_draft_card_counts_what_was_confirmed_a_moment_before(chat: SandboxBot) -> None:
    """The tallies on a draft's card may come from a read a moment ago, but never from one
    made before a confirmation: the next card, anyone's, counts it."""
    [first] = await chat.send(ALICE, "Visited a rural bank for research yesterday")
    assert "Research trips 0/12 → 1/12" in first.text
    [again] = await chat.send(STAFF, "昨天到农商行调研")
    assert "调研活动（0/12 → 1/12）" in again.text
    await chat.press(ALICE, "Confirm")
    [after] = await chat.send(STAFF, "前天到村镇银行调研")
    assert "调研活动（1/12 → 2/12）" in after.text
    [mine] = await chat.send(ALICE, "Visited a credit union for research today")
    assert "Research trips 1/12 → 2/12" in mine.text


async def test_not_an_activity_gets_a_hint_and_no_draft(chat: SandboxBot) -> None:
    [hint] = await chat.send(STAFF, "你好")
    assert not hint.buttons and "写明做了什么" in hint.text
    [hint] = await chat.send(STAFF, "请问明天的党组会几点开？")  # a question the bot cannot answer
    assert not hint.buttons and hint.text.startswith("这个我回答不了。我能回答年度计划里的工作")
    for text in ("收到", "👍"):  # a nod: answered in a word
        [hint] = await chat.send(STAFF, text)
        assert hint.text == "好的。做了哪项工作，随时写一句告诉我即可。" and not hint.buttons
    assert await activities(chat) == []


async def test_two_kinds_match_so_the_bot_asks(chat: SandboxBot) -> None:
    [ask] = await chat.send(DEPUTY, "上周开了个会，研究了廉政的事")
    assert ask.text == "请选择类型："  # 上周 alone names no day: asked on the card
    assert labels(ask) == ["党组研究党风廉政建设", "与分管科室专题研究", "其他", "取消"]
    [card] = await chat.press(DEPUTY, "与分管科室专题研究")
    assert "类型：与分管科室专题研究" in card.text
    assert "日期：⚠️ 消息中写的是“上周”，请点“改日期”选择具体哪一天。" in card.text
    [picker] = await chat.press(DEPUTY, "改日期")
    assert "6" in labels(picker)
    [card] = await chat.press(DEPUTY, "6")
    assert "日期：6月6日（周一）" in card.text
    assert "计入：与分管科室专题研究（0/1 → 1/1）" in card.text
    await chat.press(DEPUTY, "确认")
    [stored] = await activities(chat)
    assert stored.kind == "dept_study" and stored.counts
    assert dict(stored.attributes) == {}


async def test_a_future_day_must_be_changed(chat: SandboxBot) -> None:
    [card] = await chat.send(STAFF, "6月16日去银行调研了")
    assert "⚠️ 6月16日晚于今天，请改日期。" in card.text
    assert labels(card) == ["改日期", "取消"]
    [picker] = await chat.press(STAFF, "改日期")
    assert picker.text == "请选择日期（调研）："
    assert labels(picker)[:4] == ["今天", "昨天", "前天", "‹"]
    assert "16" not in labels(picker)  # no day after today can be picked
    [card] = await chat.press(STAFF, "昨天")
    assert "日期：6月14日（周二）" in card.text and labels(card)[0] == "确认"


async def test_the_calendar_turns_months(chat: SandboxBot) -> None:
    await chat.send(STAFF, "到银行调研")
    await chat.press(STAFF, "改日期")
    [may] = await chat.press(STAFF, "‹")
    assert "2022年5月" in labels(may)
    [card] = await chat.press(STAFF, "20")
    assert "日期：5月20日（周五）" in card.text


async def test_a_day_outside_the_plan_year(chat: SandboxBot) -> None:
    [card] = await chat.send(SECRETARY, "2021年3月15日讲廉政党课")
    assert "⚠️ 2021年3月15日不在已加载的计划年度（2022年）内，请改日期。" in card.text
    assert labels(card) == ["改日期", "取消"]


async def test_no_date_means_today_and_the_card_says_so(chat: SandboxBot) -> None:
    [card] = await chat.send(SECRETARY, "讲了一堂廉政党课")
    assert "日期：6月15日（周三）（消息中未写日期，按今天记）" in card.text


async def test_a_list_becomes_drafts_confirmed_together(chat: SandboxBot) -> None:
    replies = await chat.send(
        SECRETARY, "3月15日讲廉政党课；5月20日调研\n6月1日党组会研究党风廉政建设"
    )
    assert [r.text.splitlines()[1] for r in replies[:3]] == [
        "类型：廉政党课",
        "类型：调研",
        "类型：党组研究党风廉政建设",
    ]
    assert replies[3].text == "共 3 条待确认。可逐条确认，或："
    done, *cards = await chat.press(SECRETARY, "全部确认")
    assert done.text == "已确认 3 条。"
    assert [c.text.splitlines()[0] for c in cards] == ["✅ 已记录"] * 3
    assert [a.status for a in await activities(chat)] == [Status.CONFIRMED] * 3


async def test_one_of_a_list_confirmed_alone(chat: SandboxBot) -> None:
    replies = await chat.send(SECRETARY, "3月15日讲廉政党课；5月20日调研")
    first = replies[0]
    update = chat.sandbox.press(
        SECRETARY, SECRETARY, first.message_id, first.button_list()[0].callback_data
    )
    await chat.deliver(chat.sandbox.take(update["update_id"]))
    assert [a.status for a in await activities(chat)] == [Status.CONFIRMED, Status.DRAFT]


async def test_change_kind(chat: SandboxBot) -> None:
    await chat.send(HEAD, "6月10日到企业调研")
    [picker] = await chat.press(HEAD, "改类型")
    assert "廉政风险点清单" in labels(picker)
    [card] = await chat.press(HEAD, "廉政风险点清单")
    assert "类型：廉政风险点清单" in card.text
    assert (
        "计入：廉政风险点清单及防范清单（0/1 → 1/1）、梳理科室廉政风险点并制定防范措施（0/1 → 1/1）"
        in card.text
    )


async def test_a_missing_attribute_is_asked_for(chat: SandboxBot) -> None:
    [ask] = await chat.send(SECRETARY, "6月8日进行了提醒谈话")
    assert ask.text == "请选择对象："
    assert labels(ask) == ["班子成员", "全体干部职工", "科室负责人", "取消"]
    [card] = await chat.press(SECRETARY, "班子成员")
    assert "对象：班子成员" in card.text and "计入：书记与班子成员提醒谈话" in card.text
    await chat.press(SECRETARY, "确认")
    [stored] = await activities(chat)
    assert dict(stored.attributes) == {"counterpart": "leaders"}


async def test_guided_log(chat: SandboxBot) -> None:
    [kinds] = await chat.send(STAFF, "/log")
    assert kinds.text == "记录一项工作。请选择类型："
    [days] = await chat.press(STAFF, "专题警示教育")
    assert days.text == "请选择日期（专题警示教育）："
    [card] = await chat.press(STAFF, "前天")
    assert "类型：专题警示教育" in card.text and "日期：6月13日（周一）" in card.text
    await chat.press(STAFF, "确认")
    [stored] = await activities(chat)
    assert stored.kind == "warning_education" and stored.counts


async def test_guided_log_asks_the_attribute(chat: SandboxBot) -> None:
    await chat.send(STAFF, "/log")
    await chat.press(STAFF, "党规党纪专题学习")
    [ask] = await chat.press(STAFF, "今天")
    assert ask.text == "请选择组织："
    [card] = await chat.press(STAFF, "支部")
    assert "组织：支部" in card.text


async def test_history_edit_keeps_the_earlier_version(chat: SandboxBot) -> None:
    await chat.send(SECRETARY, "3月15日讲廉政党课")
    await chat.press(SECRETARY, "确认")
    [history] = await chat.send(SECRETARY, "/history")
    assert history.text == "最近的记录：\n1. 3月15日 廉政党课"
    assert labels(history) == ["✎ 1", "🗑 1"]
    [edit] = await chat.press(SECRETARY, "✎ 1")
    assert edit.method == "sendMessage" and edit.text.startswith("✎ 修改记录")
    [calendar] = await chat.press(SECRETARY, "改日期")
    assert "2022年3月" in labels(calendar)  # the calendar opens on the record's month
    await chat.press(SECRETARY, "›")
    await chat.press(SECRETARY, "›")
    await chat.press(SECRETARY, "16")
    [saved] = await chat.press(SECRETARY, "确认")
    assert "日期：5月16日（周一）" in saved.text
    old, new = await activities(chat)
    assert old.status is Status.REPLACED and new.counts and new.replaces_id == old.id
    entry = (await audit(chat))[-1]
    assert entry.action == "edit"
    assert (entry.before["happened_on"], entry.after["happened_on"]) == ("2022-03-15", "2022-05-16")


async def test_history_delete_is_soft(chat: SandboxBot) -> None:
    await chat.send(SECRETARY, "3月15日讲廉政党课")
    await chat.press(SECRETARY, "确认")
    await chat.send(SECRETARY, "/history")
    [ask] = await chat.press(SECRETARY, "🗑 1")
    assert ask.text == "删除这条记录？\n3月15日 廉政党课"
    [after] = await chat.press(SECRETARY, "删除")
    assert after.text.startswith("您还没有已确认的记录")
    [stored] = await activities(chat)
    assert stored.deleted_at is not None and stored.status is Status.CONFIRMED
    assert [e.action for e in await audit(chat)] == ["create", "delete"]


async def test_undo_and_restore(chat: SandboxBot) -> None:
    [nothing] = await chat.send(STAFF, "/undo")
    assert nothing.text == "没有可以撤销的记录。"
    await chat.send(STAFF, "6月1日到银行调研")
    await chat.press(STAFF, "确认")
    [undone] = await chat.send(STAFF, "/undo")
    assert undone.text == "已撤销：6月1日 调研。"
    assert not (await activities(chat))[0].counts
    [notice] = await chat.press(STAFF, "恢复")
    assert notice.method == "answerCallbackQuery" and notice.text == "已恢复。"
    assert (await activities(chat))[0].counts


async def test_evidence_after_a_card_and_in_reply(chat: SandboxBot, tmp_path) -> None:
    [first] = await chat.send(SECRETARY, "3月15日讲廉政党课")
    await chat.press(SECRETARY, "确认")
    await chat.send(SECRETARY, "5月20日到银行调研")
    await chat.press(SECRETARY, "确认")
    [attached] = await chat.send_file(
        SECRETARY, "签到表.pdf", b"%PDF sign-in", mime_type="application/pdf"
    )
    assert attached.text == "已作为佐证附在 5月20日 调研 上（共 1 份）。"
    update = chat.sandbox.send_file(
        SECRETARY, "照片.jpg", b"\xff\xd8 photo", mime_type="image/jpeg"
    )
    update["message"]["reply_to_message"] = chat.sandbox.messages[(SECRETARY, first.message_id)]
    [reply] = await chat.deliver(chat.sandbox.take(update["update_id"]))
    assert reply.text == "已作为佐证附在 3月15日 廉政党课 上（共 1 份）。"
    [history] = await chat.send(SECRETARY, "/history")
    assert history.text.splitlines()[1:] == ["1. 5月20日 调研 📎1", "2. 3月15日 廉政党课 📎1"]
    services = chat.application.bot_data.services
    import hashlib
    from pathlib import Path

    stored = Path(services.settings.evidence_dir) / (
        hashlib.sha256(b"%PDF sign-in").hexdigest() + ".pdf"
    )
    assert stored.read_bytes() == b"%PDF sign-in"


async def test_a_file_with_nothing_to_attach_to(chat: SandboxBot) -> None:
    [hint] = await chat.send_file(STAFF, "scan.pdf", b"%PDF", mime_type="application/pdf")
    assert hint.text.startswith("收到文件。请先记录一项工作")


async def test_clerk_logs_for_someone_else(chat: SandboxBot) -> None:
    [card] = await chat.send(CLERK, "代李明：6月10日与分管科室专题研究党风廉政建设工作")
    assert "为：李明（陈静 代记）" in card.text
    assert "计入：与分管科室专题研究" in card.text
    await chat.press(CLERK, "确认")
    [stored] = await activities(chat)
    assert (stored.member_id, stored.logged_by_id) == (2, 4)
    [history] = await chat.send(DEPUTY, "/history")
    assert "1. 6月10日 与分管科室专题研究" in history.text


async def test_only_admins_log_for_others(chat: SandboxBot) -> None:
    [refused] = await chat.send(STAFF, "代李明：6月10日讲廉政党课")
    assert refused.text == "只有综合科或党组书记可以代他人记录。"
    [unknown] = await chat.send(CLERK, "代张三丰：6月10日讲廉政党课")
    assert unknown.text == "名单上没有“张三丰”。"
    assert await activities(chat) == []


async def test_clerk_picks_the_person_with_a_button(chat: SandboxBot) -> None:
    await chat.send(CLERK, "6月10日讲廉政党课")
    [people] = await chat.press(CLERK, "代他人记录")
    assert people.text == "为谁记录？" and "王建国" in labels(people)
    [card] = await chat.press(CLERK, "王建国")
    assert "为：王建国（陈静 代记）" in card.text and "计入：书记讲廉政党课" in card.text


async def test_the_same_unit_event_twice_is_questioned(chat: SandboxBot) -> None:
    await chat.send(SECRETARY, "6月2日党组会议研究党风廉政建设工作")
    await chat.press(SECRETARY, "确认")
    await chat.send(CLERK, "6月2日党组会议专题研究了党风廉政建设")
    [ask] = await chat.press(CLERK, "确认")
    assert ask.text.startswith("已有同日同类记录：\n· 6月2日 党组研究党风廉政建设（王建国）")
    assert labels(ask) == ["仍然记录", "取消"]
    [kept] = await chat.press(CLERK, "仍然记录")
    assert kept.text.startswith("✅ 已记录")
    assert sum(a.counts for a in await activities(chat)) == 2


async def test_the_same_update_twice_stores_one_activity(chat: SandboxBot) -> None:
    update = chat.sandbox.send_text(STAFF, "6月1日到银行调研")
    first = await chat.deliver(chat.sandbox.take(update["update_id"]))
    again = await chat.deliver(update)
    assert len(first) == 1 and again == []
    assert len(await activities(chat)) == 1


async def test_a_button_pressed_twice_confirms_once(chat: SandboxBot) -> None:
    [card] = await chat.send(STAFF, "6月1日到银行调研")
    data = card.button_list()[0].callback_data
    update = chat.sandbox.press(STAFF, STAFF, card.message_id, data)
    await chat.deliver(chat.sandbox.take(update["update_id"]))
    # The card no longer shows the button; a client that replays the old payload:
    replay = chat.sandbox.forge_press(STAFF, STAFF, card.message_id, data)
    [answer] = await chat.deliver(chat.sandbox.take(replay["update_id"]))
    assert answer.text == "已确认过。"
    assert [e.action for e in await audit(chat)] == ["create"]


async def test_foreign_and_forged_presses_change_nothing(chat: SandboxBot) -> None:
    [card] = await chat.send(STAFF, "6月1日到银行调研")
    data = card.button_list()[0].callback_data
    foreign = chat.sandbox.forge_press(ALICE, STAFF, card.message_id, data)
    [answer] = await chat.deliver(chat.sandbox.take(foreign["update_id"]))
    assert answer.text == "This is not your record."
    for junk in ("d:1:ok:../../etc", "\x00\xff", "g:999:ok", "l:d:karaoke:20220601", "h:1:delok"):
        forged = chat.sandbox.forge_press(STAFF, STAFF, card.message_id, junk)
        await chat.deliver(chat.sandbox.take(forged["update_id"]))
    assert [a.status for a in await activities(chat)] == [Status.DRAFT]


async def test_a_draft_expires_after_a_day(chat: SandboxBot, clock) -> None:
    await chat.send(STAFF, "6月1日到银行调研")
    clock.advance(dt.timedelta(hours=25))
    [answer] = await chat.press(STAFF, "确认")
    assert answer.text == "草稿已过期（超过一天），请重新发送。"
    [stored] = await activities(chat)
    assert stored.status is Status.CANCELLED


async def test_bad_input_gets_clear_replies(chat: SandboxBot) -> None:
    [long] = await chat.send(STAFF, "调研" * 2100)
    assert long.text == "消息太长（超过1000字）。请分条发送，每条写一项工作。"
    [card] = await chat.send(STAFF, "6月1日到<b>银行</b> & <script>调研\x07 🎉")
    assert "原文：6月1日到<b>银行</b> & <script>调研 🎉" in card.text
    assert card.html is not None and "&lt;script&gt;" in card.html
    [blank] = await chat.send(STAFF, "\u200b\u200b")
    assert blank.text == "消息是空的。请写明做了什么、哪天。"
    assert chat.sandbox.rejections == 0


async def test_a_group_report_must_be_addressed_to_the_bot(chat: SandboxBot) -> None:
    chat.sandbox.add_group(-500, "综合科群")
    assert await chat.send(STAFF, "6月1日到银行调研", chat_id=-500) == []
    card, brief = await chat.send(STAFF, "@activity_sandbox_bot 6月1日到银行调研", chat_id=-500)
    assert card.chat_id == STAFF and "类型：调研" in card.text  # the detail goes privately
    assert brief.chat_id == -500
    assert brief.text == "📝 郑磊：已收到 1 条，请在与机器人的私聊中确认。"
    [done] = await chat.press(STAFF, "确认")
    assert done.text.startswith("✅ 已记录")


async def test_the_hourly_job_closes_old_drafts(chat: SandboxBot, clock) -> None:
    await chat.send(STAFF, "6月1日到银行调研")
    reports = chat.application.bot_data.services.reports
    assert await reports.expire_drafts() == 0
    clock.advance(dt.timedelta(hours=24, minutes=1))
    assert await reports.expire_drafts() == 1
    [stored] = await activities(chat)
    assert stored.status is Status.CANCELLED


async def test_a_group_report_from_someone_without_a_private_chat(chat: SandboxBot) -> None:
    chat.sandbox.add_group(-500, "综合科群")
    chat.sandbox.started.discard(ALICE)
    [answer] = await chat.send(
        ALICE, "@activity_sandbox_bot visited a bank yesterday", chat_id=-500
    )
    # Nothing of the member's own is written to the group: only how to see it privately.
    assert answer.chat_id == -500 and "/start" in answer.text
    assert "research" not in answer.text and not answer.buttons


async def test_on_behalf_in_the_ways_people_say_it(chat: SandboxBot) -> None:
    for text in (
        "帮李明记一下：6月10日与分管科室专题研究党风廉政建设工作",
        "代 李明 6月10日与分管科室专题研究党风廉政建设工作",
        "李明让我记一下，他6月10日与分管科室专题研究了党风廉政建设工作",
        "李局让我帮他登记一下：6月10日与分管科室专题研究党风廉政建设工作",
    ):
        [card] = await chat.send(CLERK, text)
        assert "为：李明（陈静 代记）" in card.text, (text, card.text)
        assert "计入：与分管科室专题研究" in card.text, (text, card.text)
    [english] = await chat.send(CLERK, "log this for Li Ming: visited a rural bank yesterday")
    assert "为：李明（陈静 代记）" in english.text
    [mine] = await chat.send(CLERK, "帮忙记一下：昨天去银行调研")
    assert "代记" not in mine.text and "类型：调研" in mine.text


async def test_a_slip_of_pinyin_input_is_read_as_the_plan_word(chat: SandboxBot) -> None:
    [card] = await chat.send(SECRETARY, "3月15日给全体干部职工讲了一堂廉政当课")
    assert card.text.splitlines()[1] == "类型：廉政党课"
    assert "原文：3月15日给全体干部职工讲了一堂廉政当课" in card.text.splitlines()
