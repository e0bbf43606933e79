"""A photo or a document with a caption that tells an activity is a report with its evidence."""

from __future__ import annotations

import base64

from bot.sandbox.driver import SandboxBot
from tests.chat.helpers import activities, labels

SECRETARY, STAFF = 100001, 100009
# A 1×1 PNG, as a phone would send a (much larger) picture of the sign-in sheet.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


async def test_a_photo_with_a_caption_is_a_report_and_its_evidence(chat: SandboxBot) -> None:
    [card] = await chat.send_photo(STAFF, PNG, caption="3月3日去银行调研")
    assert card.text.splitlines()[:3] == ["📝 待确认", "类型：调研", "日期：3月3日（周四）"]
    assert "佐证：1 份" in card.text.splitlines()
    assert "确认" in labels(card)
    [done] = await chat.press(STAFF, "确认")
    assert "佐证：1 份" in done.text.splitlines()
    [record] = await activities(chat)
    assert record.counts and record.attachments == 1
    [history] = await chat.send(STAFF, "/history")
    assert history.text.splitlines()[1] == "1. 3月3日 调研 📎1"


async def test_a_document_with_a_caption_is_a_report_too(chat: SandboxBot) -> None:
    [card] = await chat.send_file(
        SECRETARY,
        "党课讲稿.pdf",
        b"%PDF lecture",
        mime_type="application/pdf",
        caption="3月15日给全体干部职工讲了廉政党课",
    )
    assert "类型：廉政党课" in card.text.splitlines()
    assert "佐证：1 份" in card.text.splitlines()


async def test_a_caption_that_is_no_report_keeps_the_file_as_evidence(chat: SandboxBot) -> None:
    await chat.send(STAFF, "5月20日去银行调研")
    await chat.press(STAFF, "确认")
    [reply] = await chat.send_photo(STAFF, PNG, caption="签到表")
    assert reply.text == "已作为佐证附在 5月20日 调研 上（共 1 份）。"


async def test_a_caption_with_two_activities_is_evidence_of_both(chat: SandboxBot) -> None:
    replies = await chat.send_photo(STAFF, PNG, caption="3月9日去银行调研；3月10日去保险公司调研")
    cards = [r for r in replies if r.text.startswith("📝")]
    assert len(cards) == 2 and all("佐证：1 份" in c.text.splitlines() for c in cards)
    await chat.press(STAFF, "全部确认")
    assert [a.attachments for a in await activities(chat)] == [1, 1]


async def test_evidence_sent_in_a_group_is_acknowledged_privately(chat: SandboxBot) -> None:
    await chat.send(STAFF, "5月20日去银行调研")
    [card] = await chat.press(STAFF, "确认")
    chat.sandbox.add_group(-700, "银行保险科群")
    update = chat.sandbox.send_photo(STAFF, PNG, chat_id=-700)
    update["message"]["reply_to_message"] = chat.sandbox.messages[(STAFF, card.message_id)]
    replies = await chat.deliver(chat.sandbox.take(update["update_id"]))
    [private] = [r for r in replies if r.chat_id == STAFF]
    assert private.text == "已作为佐证附在 5月20日 调研 上（共 1 份）。"
    assert all("调研" not in r.text for r in replies if r.chat_id == -700)
