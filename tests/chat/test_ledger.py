"""The ledger, the year-end summary and the chart: through the chat, and the files themselves."""

from __future__ import annotations

import io

from docx import Document
from fontTools.ttLib import TTFont
from openpyxl import load_workbook

from bot.chart import font_path, labels_of
from bot.sandbox.driver import SandboxBot

SECRETARY, DEPUTY, CLERK, STAFF, ALICE = 100001, 100002, 100004, 100009, 100010


async def log(chat: SandboxBot, user: int, text: str) -> None:
    await chat.send(user, text)
    await chat.press(user, 1)


async def some_records(chat: SandboxBot) -> None:
    await log(chat, SECRETARY, "3月15日给全体干部职工讲了一堂廉政党课")
    await chat.send_file(SECRETARY, "签到表.pdf", b"%PDF sign-in", mime_type="application/pdf")
    await log(chat, DEPUTY, "3月2日与分管科室专题研究党风廉政建设工作")
    await log(chat, CLERK, "代李明：6月10日向党组报告了党风廉政建设工作情况")
    await log(chat, STAFF, "5月20日到银行调研")


def sent_file(chat: SandboxBot, name_part: str) -> bytes:
    for stored in chat.sandbox.files.values():
        if name_part in stored.name:
            return stored.content
    raise AssertionError(f"no file {name_part}")


async def test_export_sends_the_ledger_workbook(chat: SandboxBot) -> None:
    await some_records(chat)
    [document] = await chat.send(CLERK, "/export")
    assert document.method == "sendDocument" and document.file_name == "台账-2022.xlsx"
    assert document.text == "2022年台账：4条记录。"
    book = load_workbook(io.BytesIO(sent_file(chat, "台账-2022")))
    assert book.sheetnames == ["活动台账", "个人任务完成情况", "单位任务"]
    rows = list(book["活动台账"].iter_rows(values_only=True))
    assert rows[0] == (
        "序号",
        "类型",
        "日期",
        "填报日期",
        "责任人",
        "填报人",
        "对象/参加人员",
        "内容",
        "佐证材料",
        "计入任务",
    )
    lecture = next(r for r in rows if r[1] == "廉政党课")
    assert lecture[2].date().isoformat() == "2022-03-15"
    assert (lecture[4], lecture[5], lecture[8], lecture[9]) == (
        "王建国",
        "王建国",
        "1：签到表.pdf",
        "书记讲廉政党课",
    )
    behalf = next(r for r in rows if r[1] == "向党组报告党风廉政建设工作")
    assert (behalf[4], behalf[5]) == ("李明", "陈静")
    people = list(book["个人任务完成情况"].iter_rows(values_only=True))
    header = people[0]
    li_ming = next(r for r in people if r[0] == "李明")
    assert li_ming[header.index("向党组报告")] == "已完成 1/1"
    assert li_ming[header.index("讲廉政党课")] == "—"
    unit = {r[0]: r for r in book["单位任务"].iter_rows(values_only=True)}
    assert unit["调研活动"][3] == 1 and unit["调研活动"][2] == 12


async def test_export_is_for_the_office_only(chat: SandboxBot) -> None:
    for user in (STAFF, DEPUTY):
        [refused] = await chat.send(user, "/export")
        assert refused.text == "只有综合科或党组书记可以使用这个命令。"
    assert not [o for o in chat.sandbox.outgoing if o.method == "sendDocument"]


async def test_summary_for_a_leader(chat: SandboxBot) -> None:
    await some_records(chat)
    text, document = await chat.send(DEPUTY, "/summary")
    lines = text.text.splitlines()
    assert lines[0] == "2022年度述责述廉材料（草稿）——李明"
    assert "■ 向党组报告党风廉政建设工作情况（已完成）" not in lines
    assert "■ 向党组报告党风廉政建设工作（已完成）" in lines
    assert "· 6月10日 6月10日向党组报告了党风廉政建设工作情况" in lines
    assert document.file_name == "述责述廉材料-李明-2022.docx"
    paragraphs = [p.text for p in Document(io.BytesIO(sent_file(chat, "李明-2022"))).paragraphs]
    assert paragraphs[0] == "2022年度述责述廉材料（草稿）——李明"
    assert "2022年3月2日 3月2日与分管科室专题研究党风廉政建设工作" in paragraphs
    assert "计划要求：与分管科室专题研究党风廉政建设工作不少于1次" in paragraphs


async def test_summary_refusals(chat: SandboxBot) -> None:
    [not_leader] = await chat.send(STAFF, "/summary")
    assert not_leader.text == "述责述廉材料供党组书记和班子成员使用。"
    [not_allowed] = await chat.send(STAFF, "/summary 王建国")
    assert not_allowed.text == "您没有这个权限。"
    text, _ = await chat.send(CLERK, "/summary 王建国")  # the clerk sees everyone
    assert text.text.startswith("2022年度述责述廉材料（草稿）——王建国")


async def test_chart_is_a_picture_with_chinese_that_renders(chat: SandboxBot) -> None:
    await some_records(chat)
    [photo] = await chat.send(STAFF, "/chart")
    assert photo.method == "sendPhoto" and photo.text.startswith("2022年单位任务进度")
    png = sent_file(chat, "progress-2022")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (800, int(100 * (0.45 * 12 + 1.6)))
    services = chat.application.bot_data.services
    standing = await services.standing.for_unit(None)
    cmap = TTFont(font_path(), fontNumber=0).getBestCmap()
    missing = {
        c
        for c in labels_of(standing, "zh") + labels_of(standing, "en")
        if not c.isspace() and ord(c) not in cmap
    }
    assert missing == set()


async def test_the_ledger_keeps_what_people_typed_as_text(chat: SandboxBot) -> None:
    typed = '=HYPERLINK("http://evil.example","3月2日与分管科室专题研究党风廉政建设工作")'
    await log(chat, DEPUTY, typed)
    await log(chat, STAFF, "-5月20日到银行调研")
    await chat.send(CLERK, "/export")
    sheet = load_workbook(io.BytesIO(sent_file(chat, "台账-2022")))["活动台账"]
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row}
    assert cells[typed].data_type == "s" and cells["-5月20日到银行调研"].data_type == "s"
    assert not [c for c in cells.values() if c.data_type == "f"]
