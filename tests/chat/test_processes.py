"""The bot as a separate process against the HTTP sandbox: by long polling and by webhook."""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import signal
import socket
import subprocess
import sys
import threading
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
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ACTIVITY_BOT_", "TELEGRAM")) and not k.lower().endswith("_proxy")
    }
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


def import_roster(env: dict[str, str], cwd: Path) -> None:
    imported = subprocess.run(
        [sys.executable, "-m", "bot", "roster", "import", str(EXAMPLE_ROSTER)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr


def start_bot(env: dict[str, str], cwd: Path, *args: str) -> subprocess.Popen[str]:
    import_roster(env, cwd)
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


class Running:
    """A process whose output is read line by line as it comes (a pipe nobody reads would stall
    it once full), so that a test can wait for what it says."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def wait_for(self, text: str, times: int = 1, seconds: float = 30) -> None:
        """Until `text` has appeared in `times` lines."""
        try:
            wait_for(lambda: self.count(text) >= times, seconds)
        except AssertionError:
            raise AssertionError(f"{text!r} not said {times}×:\n" + self.output) from None

    def stop(self, signum: int = signal.SIGINT) -> int:
        self.process.send_signal(signum)
        try:
            code = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self._reader.join(timeout=5)
        assert self.process.stdout is not None
        self.process.stdout.close()
        return code

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


def run_bot(env: dict[str, str], cwd: Path, *args: str, level: str = "INFO") -> Running:
    import_roster(env, cwd)
    return Running(["--log-level", level, "run", *args], env, cwd)


class Relay:
    """The network between the bot and the Bot API, which can be cut and mended: a TCP relay
    to the sandbox on a port of its own (the bureau's proxy, going down and coming back)."""

    def __init__(self, target: str) -> None:
        self.target = ("127.0.0.1", int(target.rsplit(":", 1)[1]))
        self.port = free_port()
        self._up = threading.Event()
        self._sockets: list[socket.socket] = []

    def mend(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        listener.settimeout(0.1)
        self._up.set()
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        self._up.clear()
        for s in self._sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while self._up.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                client.settimeout(None)
                upstream = socket.create_connection(self.target)
                self._sockets += [client, upstream]
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ ")


def assert_clean(bot: Running) -> None:
    """Every line the bot wrote is one log record: no traceback, no unclosed session."""
    strays = [line for line in bot.lines if not LOG_LINE.match(line)]
    assert not strays, bot.output
    assert "Traceback" not in bot.output and "Unclosed" not in bot.output, bot.output


def sent_to(url: str, text: str) -> int:
    """Send a text as 王建国; the number of messages the bot has shown so far."""
    shown = len(httpx.get(f"{url}/sandbox/outgoing").json())
    httpx.post(f"{url}/sandbox/send", json={"user_id": 100001, "text": text})
    return shown


def test_the_bot_waits_out_an_unreachable_bot_api_and_answers_when_it_is_back(
    sandbox: str, env: dict[str, str], tmp_path: Path
) -> None:
    relay = Relay(sandbox)  # cut to begin with: nothing listens on its port
    env["ACTIVITY_BOT_CLOCK_START"] = "2031-03-01T10:00"  # a year no shipped plan covers
    bot = run_bot(env, tmp_path, "--api-url", f"http://127.0.0.1:{relay.port}/bot")
    try:
        bot.wait_for("cannot reach the Bot API")
        bot.wait_for("Bot API still unreachable")  # tried again, by itself
        relay.mend()
        shown = sent_to(sandbox, "/start")
        wait_for(lambda: len(httpx.get(f"{sandbox}/sandbox/outgoing").json()) > shown)
        bot.wait_for("reached the Bot API")

        relay.cut()  # down again, in the middle of a long poll
        bot.wait_for("cannot reach the Bot API", times=2)
        bot.wait_for("Bot API still unreachable", times=2)
        shown = sent_to(sandbox, "/start")
        relay.mend()
        wait_for(lambda: len(httpx.get(f"{sandbox}/sandbox/outgoing").json()) > shown)
    finally:
        relay.cut()
        code = bot.stop()
    assert code == 0, bot.output
    assert_clean(bot)
    [said] = [line for line in bot.lines[:8] if "cannot reach the Bot API" in line]
    assert f"127.0.0.1:{relay.port}" in said and "HTTP_PROXY" in said
    assert bot.count("no loaded plan covers today") == 1


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_stopping_while_the_bot_api_is_unreachable_is_clean(
    env: dict[str, str], tmp_path: Path, signum: int
) -> None:
    bot = run_bot(env, tmp_path, "--api-url", f"http://127.0.0.1:{free_port()}")
    try:
        bot.wait_for("Bot API still unreachable")
    finally:
        code = bot.stop(signum)
    assert code == 0, bot.output
    assert_clean(bot)
    assert bot.count("cannot reach the Bot API") == 1


def test_debug_logs_hold_neither_the_token_nor_what_members_write(
    env: dict[str, str], tmp_path: Path
) -> None:
    sandbox_env = {k: v for k, v in env.items() if k != "TELEGRAM_BOT_TOKEN"}
    sandbox = Running(
        ["--log-level", "DEBUG", "sandbox", "serve", "--port", "0"], sandbox_env, tmp_path
    )
    wait_for(lambda: sandbox.count("sandbox listening on "))
    url = next(line for line in sandbox.lines if line.startswith("sandbox listening on ")).split()[
        -1
    ]
    httpx.post(f"{url}/sandbox/users", json={"id": 100001, "first_name": "王建国"})
    env["ACTIVITY_BOT_CLOCK_START"] = "2022-06-15T10:00"
    bot = run_bot(env, tmp_path, "--api-url", url, "--no-jobs", level="DEBUG")
    text = "昨天到两家村镇银行调研 ZEBRA-7731"
    try:
        shown = sent_to(url, text)
        wait_for(lambda: len(httpx.get(f"{url}/sandbox/outgoing").json()) > shown)
    finally:
        bot.stop()
        sandbox.stop()
    secret = TOKEN.split(":")[1]
    for process in (bot, sandbox):
        for line in process.lines:
            assert "ZEBRA" not in line and "村镇银行" not in line, line
            assert secret not in line, line
    assert "/bot[secret]/getUpdates" in sandbox.output  # its requests were logged
    assert "getUpdates" in bot.output  # DEBUG logging really was on
    assert f"in chat 100001, {len(text)} characters" in bot.output  # the update, by length
    assert bot.count("no loaded plan covers today") == 0


def test_by_webhook_an_update_that_meets_an_unreachable_bot_api_is_answered_once_it_is_back(
    sandbox: str, env: dict[str, str], tmp_path: Path
) -> None:
    relay = Relay(sandbox)  # the bot's calls go through it; the webhook comes in directly
    relay.mend()
    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram"
    bot = run_bot(
        env,
        tmp_path,
        *("--api-url", f"http://127.0.0.1:{relay.port}", "--no-jobs"),
        *("--webhook", hook, "--listen", f"127.0.0.1:{port}"),
    )
    try:
        wait_for(lambda: httpx.get(f"{sandbox}/sandbox/state").json()["webhook"] == hook)
        relay.cut()  # the proxy goes down; Telegram still delivers
        shown = sent_to(sandbox, "/start")
        bot.wait_for("cannot reach the Bot API")
        bot.wait_for("Bot API still unreachable")
        relay.mend()
        wait_for(lambda: len(httpx.get(f"{sandbox}/sandbox/outgoing").json()) > shown)
        bot.wait_for("reached the Bot API")
    finally:
        relay.cut()
        code = bot.stop()
    assert code == 0, bot.output
    assert_clean(bot)
    assert bot.count("cannot reach the Bot API") == 1


class Refusing(http.server.BaseHTTPRequestHandler):
    """A Bot API that refuses the token, as Telegram does once it is revoked."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"ok": false, "error_code": 401, "description": "Unauthorized"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_a_token_the_bot_api_refuses_stops_the_bot_in_one_line_that_does_not_quote_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        import_roster(env, tmp_path)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bot",
                "run",
                "--api-url",
                f"http://127.0.0.1:{server.server_port}",
            ],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 2, done.stderr
    *logged, said = done.stderr.strip().splitlines()
    assert said.startswith("activity-bot: error: ") and "TELEGRAM_BOT_TOKEN" in said, said
    assert all(LOG_LINE.match(line) for line in logged), done.stderr
    assert TOKEN.split(":")[1] not in done.stdout + done.stderr
