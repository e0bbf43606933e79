"""The sandbox answers as Telegram does, seen through python-telegram-bot's own Bot."""

from __future__ import annotations

import asyncio
import datetime as dt
import struct
import zlib
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter

from bot.clock import SettableClock
from bot.sandbox.model import TelegramSandbox
from bot.sandbox.request import BASE_URL, SandboxRequest
from bot.sandbox.server import SandboxServer
from tests import apispec

TOKEN = "123:abc"
USER = 7


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def sandbox() -> TelegramSandbox:
    clock = SettableClock(ZoneInfo("Asia/Shanghai"), dt.datetime(2022, 6, 15, 10, 0))
    box = TelegramSandbox(clock=clock)
    box.add_user(USER, "测试")
    return box


@pytest.fixture
async def bot(sandbox: TelegramSandbox) -> AsyncIterator[Bot]:
    request = SandboxRequest(sandbox)
    async with Bot(
        TOKEN,
        request=request,
        get_updates_request=SandboxRequest(sandbox),
        base_url=f"{BASE_URL}/bot",
        base_file_url=f"{BASE_URL}/file/bot",
    ) as b:
        yield b
    problems = [p for m, params in sandbox.requests for p in apispec.check_request(m, params)]
    problems += [p for m, result in sandbox.responses for p in apispec.check_result(m, result)]
    problems += [p for u in sandbox.created_updates for p in apispec.check_object("Update", u)]
    assert not problems, problems


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123 and me.is_bot and me.username == "activity_sandbox_bot"


async def test_a_user_who_never_started_the_bot_cannot_be_written_to(
    bot: Bot, sandbox: TelegramSandbox
) -> None:
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(USER, "你好")
    sandbox.send_text(USER, "/start")
    assert (await bot.send_message(USER, "你好")).text == "你好"
    sandbox.block(USER)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(USER, "你好")


async def test_unknown_chat(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hi")


async def test_text_limits_and_html(bot: Bot, sandbox: TelegramSandbox) -> None:
    sandbox.send_text(USER, "hi")
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(USER, "长" * 4097)
    assert (await bot.send_message(USER, "长" * 4096)).text == "长" * 4096
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(USER, "a <b>bold</i> move", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(USER, "1 < 2 & 3", parse_mode="HTML")
    sent = await bot.send_message(USER, "<b>1 &lt; 2</b> &amp; 3", parse_mode="HTML")
    assert sent.text == "1 < 2 & 3"
    with pytest.raises(BadRequest, match="empty"):
        await bot.send_message(USER, "<b></b>", parse_mode="HTML")


async def test_callback_data_over_64_bytes_is_refused(bot: Bot, sandbox: TelegramSandbox) -> None:
    sandbox.send_text(USER, "hi")
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("确认", callback_data="数" * 22)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER, "card", reply_markup=too_long)
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("确认", callback_data="数" * 21)]])
    await bot.send_message(USER, "card", reply_markup=fits)


async def test_edits_and_callback_answers(bot: Bot, sandbox: TelegramSandbox) -> None:
    sandbox.send_text(USER, "hi")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("确认", callback_data="ok")]])
    sent = await bot.send_message(USER, "card", reply_markup=markup)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text(
            "card", chat_id=USER, message_id=sent.message_id, reply_markup=markup
        )
    update = sandbox.press(USER, USER, sent.message_id, "ok")
    query_id = update["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id, text="已记录")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    edited = await bot.edit_message_text("done", chat_id=USER, message_id=sent.message_id)
    assert edited.text == "done" and edited.reply_markup is None
    with pytest.raises(ValueError, match="no button"):
        sandbox.press(USER, USER, sent.message_id, "forged")


async def test_get_updates_confirms_by_offset(bot: Bot, sandbox: TelegramSandbox) -> None:
    for text in ("一", "二", "三"):
        sandbox.send_text(USER, text)
    first = await bot.get_updates(offset=0, timeout=0)
    assert [u.message.text for u in first if u.message] == ["一", "二", "三"]
    again = await bot.get_updates(offset=first[1].update_id, timeout=0)
    assert [u.message.text for u in again if u.message] == ["二", "三"]
    assert await bot.get_updates(offset=first[2].update_id + 1, timeout=0) == ()
    assert sandbox.updates == []


async def test_long_poll_waits_and_wakes(bot: Bot, sandbox: TelegramSandbox) -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    assert await bot.get_updates(timeout=0.2) == ()
    assert loop.time() - start >= 0.19
    loop.call_later(0.05, sandbox.send_text, USER, "来了")
    updates = await bot.get_updates(timeout=5)
    assert [u.message.text for u in updates if u.message] == ["来了"]
    assert loop.time() - start < 2


async def test_webhook_excludes_get_updates(bot: Bot, sandbox: TelegramSandbox) -> None:
    await bot.set_webhook("http://127.0.0.1:1/hook", secret_token="s3")
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    info = await bot.get_webhook_info()
    assert info.url == "http://127.0.0.1:1/hook"
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


async def test_files_round_trip(bot: Bot, sandbox: TelegramSandbox) -> None:
    update = sandbox.send_file(USER, "签到表.pdf", b"%PDF-1.4 sign-in", mime_type="application/pdf")
    file_id = update["message"]["document"]["file_id"]
    telegram_file = await bot.get_file(file_id)
    assert bytes(await telegram_file.download_as_bytearray()) == b"%PDF-1.4 sign-in"
    sent = await bot.send_document(USER, b"col1,col2\n", filename="台账.csv")
    assert sent.document is not None and sent.document.file_name == "台账.csv"
    photo = await bot.send_photo(USER, png(3, 2), caption="进度")
    assert (photo.photo[-1].width, photo.photo[-1].height) == (3, 2)
    assert sandbox.outgoing[-1].file_name and sandbox.outgoing[-1].text == "进度"


async def test_flood_limits_answer_429_with_retry_after(
    sandbox: TelegramSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    now = [0.0]
    box = TelegramSandbox(clock=sandbox.clock, flood_limits=True, monotonic=lambda: now[0])
    box.add_user(USER, "测试")
    box.send_text(USER, "hi")
    async with Bot(TOKEN, request=SandboxRequest(box), base_url=f"{BASE_URL}/bot") as bot:
        for _ in range(3):
            await bot.send_message(USER, "ok")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(USER, "one too many")
        assert caught.value.retry_after == dt.timedelta(seconds=3)
        now[0] = 3.5
        await bot.send_message(USER, "after waiting")
        for i in range(40):
            box.add_user(1000 + i, f"u{i}")
            box.send_text(1000 + i, "hi")
        sent = 0
        with pytest.raises(RetryAfter):
            for i in range(40):
                await bot.send_message(1000 + i, "broadcast")
                sent += 1
        assert sent == 29  # one of the 30 a second went to USER at the same instant


def test_the_spec_checker_finds_faults() -> None:
    assert apispec.check_request("sendMessage", {"chat_id": 1}) == [
        "sendMessage: required parameter 'text' missing"
    ]
    assert apispec.check_request("sendMessage", {"chat_id": 1, "text": "x", "colour": "red"}) == [
        "sendMessage: unknown parameter 'colour'"
    ]
    assert apispec.check_request("sendTelepathy", {}) == ["sendTelepathy: not a Bot API method"]
    assert (
        "Message lacks required field 'date'"
        in apispec.check_result(
            "sendMessage", {"message_id": 1, "chat": {"id": 1, "type": "private"}}
        )[0]
    )


async def test_over_http_form_and_multipart(sandbox: TelegramSandbox) -> None:
    server = SandboxServer(sandbox)
    await server.start()
    try:
        sandbox.send_text(USER, "hi")
        async with Bot(
            TOKEN, base_url=f"{server.url}/bot", base_file_url=f"{server.url}/file/bot"
        ) as bot:
            markup = InlineKeyboardMarkup([[InlineKeyboardButton("确认", callback_data="ok")]])
            sent = await bot.send_message(
                USER, "<b>卡片</b>", parse_mode="HTML", reply_markup=markup
            )
            assert sent.text == "卡片" and sent.reply_markup == markup
            document = await bot.send_document(USER, b"a,b\n", filename="台账.csv")
            assert document.document is not None
            downloaded = await (
                await bot.get_file(document.document.file_id)
            ).download_as_bytearray()
            assert bytes(downloaded) == b"a,b\n"
            with pytest.raises(BadRequest, match="Chat not found"):
                await bot.send_message(5, "x")
    finally:
        await server.stop()
    assert [m for m, _ in sandbox.requests] == [
        "getMe",
        "sendMessage",
        "sendDocument",
        "getFile",
        "sendMessage",
    ]


async def test_a_stopping_server_answers_its_long_polls(sandbox: TelegramSandbox) -> None:
    """Stopping ends a long poll with an answer, not a cut connection (or a 500)."""
    server = SandboxServer(sandbox)
    await server.start()
    async with Bot(TOKEN, base_url=f"{server.url}/bot") as bot:
        polling = asyncio.create_task(bot.get_updates(timeout=30))
        for _ in range(500):
            if sandbox.in_flight:
                break
            await asyncio.sleep(0.01)
        loop = asyncio.get_running_loop()
        start = loop.time()
        assert sandbox.in_flight == 1
        await server.stop()
        assert await asyncio.wait_for(polling, 5) == ()
        assert loop.time() - start < 2
    assert sandbox.in_flight == 0
