"""A card says exactly what confirming it changes, and an edit keeps what the record had."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook

from bot.sandbox.driver import SandboxBot
from tests.chat.helpers import activities, labels
from tests.chat.test_ledger import sent_file

SECRETARY, DEPUTY, CLERK, STAFF = 100001, 100002, 100004, 100009


async def test_an_edit_keeps_the_evidence_and_shows_the_real_tally(
    chat: SandboxBot, tmp_path: Path
) -> None:
    await chat.send(SECRETARY, "5月20日到银行调研")
    await chat.press(SECRETARY, "确认")
    await chat.send_file(SECRETARY, "签到表.pdf", b"%PDF sign-in", mime_type="application/pdf")
    [history] = await chat.send(SECRETARY, "/history")
    assert history.text.splitlines()[1] == "1. 5月20日 调研 📎1"
    [edit] = await chat.press(SECRETARY, "✎ 1")
    # The record already counts: confirming the edit leaves the tally where it is.
    assert "1/12 → 2/12" not in edit.text
    assert "计入：调研活动（1/12，不变）" in edit.text.splitlines()
    assert "佐证：1 份" in edit.text.splitlines()
    [saved] = await chat.press(SECRETARY, "确认")
    assert "计入：调研活动 1/12" in saved.text and "佐证：1 份" in saved.text.splitlines()
    [history] = await chat.send(SECRETARY, "/history")
    assert history.text.splitlines()[1] == "1. 5月20日 调研 📎1"
    services = chat.application.bot_data.services
    folder = tmp_path / "evidence-out"
    assert await services.ledger.evidence(folder, 2022) == 1
    old, new = await activities(chat)
    assert new.replaces_id == old.id and new.attachments == 1


async def test_an_edit_keeps_the_person_it_was_logged_for(chat: SandboxBot) -> None:
    await chat.send(CLERK, "代李明：6月10日与分管科室专题研究党风廉政建设工作")
    await chat.press(CLERK, "确认")
    await chat.send(CLERK, "/history")
    [edit] = await chat.press(CLERK, "✎ 1")
    assert "为：李明（陈静 代记）" in edit.text
    [saved] = await chat.press(CLERK, "确认")
    assert "为：李明（陈静 代记）" in saved.text
    old, new = await activities(chat)
    assert (new.member_id, new.logged_by_id) == (old.member_id, old.logged_by_id)


async def test_a_day_outside_the_obligation_s_window_promises_no_count(
    chat: SandboxBot, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.datetime(2023, 1, 5, 10, 0))
    [card] = await chat.send(STAFF, "昨天去银行调研")
    assert "0/12 → 1/12" not in card.text
    assert "日期：2023年1月4日（周三）" in card.text.splitlines()
    assert "⚠️ 2023年1月4日不在已加载的计划年度（2022年）内，请改日期。" in card.text.splitlines()
    assert "补报期" not in card.text and "计入" not in card.text
    assert "确认" not in labels(card) and "改日期" in labels(card)


async def test_a_year_end_report_in_the_grace_days_says_so_once(chat: SandboxBot, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.datetime(2023, 1, 5, 10, 0))
    [card] = await chat.send(SECRETARY, "1月4日向市委专题报告了全面从严治党主体责任履行情况")
    lines = card.text.splitlines()
    assert "⚠️ 在2022年计划年终窗口的补报期内，计入2022年。" in lines, card.text
    assert not any("不在已加载的计划年度" in line for line in lines)
    assert any("年终专题报告" in line and "0/1 → 1/1" in line for line in lines), card.text


async def test_the_card_s_tally_is_the_count_after_confirming(chat: SandboxBot) -> None:
    [card] = await chat.send(STAFF, "6月1日到银行调研")
    assert "计入：调研活动（0/12 → 1/12）" in card.text.splitlines()
    [done] = await chat.press(STAFF, "确认")
    assert "计入：调研活动 1/12" in done.text.splitlines()
    [standing] = await chat.send(STAFF, "/remaining")
    assert "调研" in standing.text and "1/12" in standing.text


async def test_no_count_is_promised_for_a_duty_the_member_does_not_hold(chat: SandboxBot) -> None:
    [card] = await chat.send(STAFF, "5月20日讲了一堂廉政党课")
    assert "书记讲廉政党课" not in card.text
    assert "计入：不计入计划任务（仍会保存）" in card.text.splitlines()
    [done] = await chat.press(STAFF, "确认")
    assert "书记讲廉政党课" not in done.text


async def test_the_ledger_says_what_a_record_counts_in_as_the_calculator_does(
    chat: SandboxBot,
) -> None:
    await chat.send(SECRETARY, "3月5日向市委专题报告了履行全面从严治党主体责任情况")
    await chat.press(SECRETARY, "确认")
    await chat.send(SECRETARY, "6月10日向市委专题报告了履行全面从严治党主体责任情况")
    await chat.press(SECRETARY, "确认")
    await chat.send(CLERK, "/export")
    book = load_workbook(io.BytesIO(sent_file(chat, "台账-2022")))
    rows = list(book["活动台账"].iter_rows(values_only=True))
    counts = {r[2].date().isoformat(): r[9] for r in rows[1:]}
    assert counts == {"2022-03-05": None, "2022-06-10": "年中专题报告"}


async def test_a_file_sent_during_an_edit_stays_with_the_record(chat: SandboxBot) -> None:
    await chat.send(SECRETARY, "5月20日到银行调研")
    await chat.press(SECRETARY, "确认")
    await chat.send_file(SECRETARY, "一.pdf", b"%PDF one", mime_type="application/pdf")
    await chat.send(SECRETARY, "/history")
    await chat.press(SECRETARY, "✎ 1")
    [reply] = await chat.send_file(SECRETARY, "二.pdf", b"%PDF two", mime_type="application/pdf")
    assert reply.text == "已作为佐证附在 5月20日 调研 上（共 2 份）。"
    await chat.press(SECRETARY, "取消")
    [history] = await chat.send(SECRETARY, "/history")
    assert history.text.splitlines()[1] == "1. 5月20日 调研 📎2"


async def test_the_person_a_record_is_for_edits_it_and_it_stays_logged_by_the_clerk(
    chat: SandboxBot,
) -> None:
    await chat.send(CLERK, "代李明：6月10日与分管科室专题研究党风廉政建设工作")
    await chat.press(CLERK, "确认")
    await chat.send(DEPUTY, "/history")
    [edit] = await chat.press(DEPUTY, "✎ 1")
    assert "为：李明（陈静 代记）" in edit.text
    [saved] = await chat.press(DEPUTY, "确认")
    assert saved.text.startswith("✅ 已修改") and "为：李明（陈静 代记）" in saved.text


async def test_an_edit_that_takes_a_record_out_of_an_obligation_says_so(chat: SandboxBot) -> None:
    await chat.send(SECRETARY, "3月15日讲廉政党课")
    await chat.press(SECRETARY, "确认")
    await chat.send(SECRETARY, "/history")
    await chat.press(SECRETARY, "✎ 1")
    await chat.press(SECRETARY, "改类型")
    [card] = await chat.press(SECRETARY, "调研")
    lines = card.text.splitlines()
    assert "不再计入：书记讲廉政党课（1/1 → 0/1）" in lines
    assert "计入：调研活动（0/12 → 1/12）" in lines


async def test_progress_after_the_year_counts_what_was_missed_as_overdue(
    chat: SandboxBot, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.datetime(2023, 1, 5, 10, 0))
    [progress] = await chat.send(CLERK, "/progress")
    summary = progress.text.splitlines()[1]
    # (the one done is the 三重一大 rule: kept all year)
    assert summary == "单位任务 13 项：完成 1，进行中 0，未开始 0，已截止未完成 12"
