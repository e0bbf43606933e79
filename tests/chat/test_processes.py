"""The bot as a separate process against the HTTP sandbox: by long polling and by webhook."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.chat.conftest import EXAMPLE_ROSTER

pytestmark = pytest.mark.slow
TOKEN = "4242:SANDBOX-process-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Callable[[], Any], seconds: float = 30) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    try:
        out, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIVITY_BOT_", "TELEGRAM"))}
    clean["ACTIVITY_BOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    clean["TELEGRAM_BOT_TOKEN"] = TOKEN
    return clean


@pytest.fixture
def sandbox(env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "serve", "--port", "0"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("sandbox listening on "), line
    url = line.split()[-1]
    httpx.post(f"{url}/sandbox/users", json={"id": 100001, "first_name": "王建国"})
    try:
        yield url
    finally:
        stop(process)


def start_bot(env: dict[str, str], cwd: Path, *args: str) -> subprocess.Popen[str]:
    imported = subprocess.run(
        [sys.executable, "-m", "bot", "roster", "import", str(EXAMPLE_ROSTER)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--log-level", "DEBUG", "run", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def converse(url: str) -> list[dict[str, Any]]:
    httpx.post(f"{url}/sandbox/send", json={"user_id": 100001, "text": "/start"})
    return list(wait_for(lambda: httpx.get(f"{url}/sandbox/outgoing").json()))


def test_bot_process_by_long_polling(sandbox: str, env: dict[str, str], tmp_path: Path) -> None:
    bot = start_bot(env, tmp_path, "--api-url", sandbox)
    try:
        shown = converse(sandbox)
    finally:
        log = stop(bot)
    assert shown[0]["chat_id"] == 100001
    assert shown[0]["text"].startswith("您好，王建国。")
    assert TOKEN.split(":")[1] not in log
    assert "getUpdates" in log  # DEBUG logging really was on


def test_bot_process_by_webhook(sandbox: str, env: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram"
    bot = start_bot(
        env, tmp_path, "--api-url", sandbox, "--webhook", hook, "--listen", f"127.0.0.1:{port}"
    )
    try:
        wait_for(lambda: httpx.get(f"{sandbox}/sandbox/state").json()["webhook"] == hook)
        shown = converse(sandbox)
        # A POST without the secret token is refused by the bot.
        forged = httpx.post(hook, json={"update_id": 99, "message": {}})
        assert forged.status_code == 403
    finally:
        log = stop(bot)
    assert shown[0]["text"].startswith("您好，王建国。")
    assert TOKEN.split(":")[1] not in log
