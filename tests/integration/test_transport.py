"""The bot's HTTP transport (python-telegram-bot on aiohttp) against the HTTP sandbox."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import socket
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, NetworkError, TimedOut

from bot.clock import SettableClock
from bot.sandbox.model import TelegramSandbox
from bot.sandbox.server import SandboxServer
from bot.transport import AiohttpRequest

TOKEN = "4242:TRANSPORT-token"
USER = 100001


@pytest.fixture
async def served() -> AsyncIterator[tuple[TelegramSandbox, SandboxServer]]:
    sandbox = TelegramSandbox(
        clock=SettableClock(ZoneInfo("Asia/Shanghai"), dt.datetime(2022, 6, 15, 10, 0))
    )
    sandbox.add_user(USER, "王建国")
    sandbox.started.add(USER)
    server = SandboxServer(sandbox)
    await server.start()
    yield sandbox, server
    await server.stop()


def bot_on(url: str) -> Bot:
    return Bot(
        TOKEN,
        base_url=f"{url}/bot",
        base_file_url=f"{url}/file/bot",
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(connections=1),
    )


async def test_messages_buttons_files_and_updates(served) -> None:  # type: ignore[no-untyped-def]
    sandbox, server = served
    async with bot_on(server.url) as bot:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("确认", callback_data="d:1:ok")]])
        sent = await bot.send_message(
            USER, "<b>待确认</b> 调研", parse_mode="HTML", reply_markup=keyboard
        )
        assert sent.text == "待确认 调研" and sent.reply_markup == keyboard
        document = await bot.send_document(USER, b"%PDF sign-in", filename="签到表.pdf")
        assert document.document is not None and document.document.file_name == "签到表.pdf"
        update = sandbox.send_text(USER, "3月15日讲廉政党课")
        [got] = await bot.get_updates(timeout=1)
        assert got.update_id == update["update_id"] and got.message.text == "3月15日讲廉政党课"
        started = asyncio.get_running_loop().time()
        assert await bot.get_updates(offset=got.update_id + 1, timeout=1) == ()  # a long poll
        assert asyncio.get_running_loop().time() - started >= 0.9
    [text, file] = [o for o in sandbox.outgoing if o.chat_id == USER]
    assert (text.method, file.method, file.file_name) == (
        "sendMessage",
        "sendDocument",
        "签到表.pdf",
    )


async def test_telegram_refusals_and_network_failures(served) -> None:  # type: ignore[no-untyped-def]
    sandbox, server = served
    sandbox.block(USER)
    async with bot_on(server.url) as bot:
        with pytest.raises(Forbidden):
            await bot.send_message(USER, "你好")
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(NetworkError, match="ClientConnectorError"):
        async with bot_on(f"http://127.0.0.1:{port}"):  # (it asks getMe first)
            pass


async def test_a_request_slower_than_its_timeout_times_out() -> None:
    writers: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)  # reads nothing, answers nothing

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    bot = bot_on(f"http://127.0.0.1:{port}")
    try:
        await bot.request.initialize()
        started = asyncio.get_running_loop().time()
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "你好", read_timeout=0.2, write_timeout=0.2)
        assert asyncio.get_running_loop().time() - started < 2
    finally:
        await bot.request.shutdown()
        server.close()
        for writer in writers:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
        await server.wait_closed()


def test_the_proxy_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "no_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    request = AiohttpRequest()
    assert request._proxy("https://api.telegram.org/bot1:x/getMe") == "http://proxy.example:3128"
    assert request._proxy("http://127.0.0.1:8081/bot1:x/getMe") is None  # not for the sandbox
    assert AiohttpRequest()._proxy("http://api.telegram.org/bot1:x/getMe") is None  # no http one


async def test_a_failure_never_repeats_the_token() -> None:
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.do_request(f"http:///bot{TOKEN}/getMe", "POST")  # no host
    finally:
        await request.shutdown()
    assert TOKEN not in str(raised.value) and raised.value.__cause__ is None
