"""The console's scripted mode: lines in, `bot> ` lines out."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.console import run_console
from bot.core.plan import PlanBook
from bot.settings import Settings

SCRIPT = """\
/start
:as Alice Chen
/start
:as 路人甲
/start
:clock 2022-06-15T10:00
:press 1
:as 王建国
/help
"""


async def test_scripted_console(settings: Settings, plans: PlanBook, tmp_path: Path) -> None:
    script = tmp_path / "talk.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    out = io.StringIO()
    code = await run_console(settings, plans, script=script, out=out, interactive=False)
    lines = out.getvalue().splitlines()
    assert lines[0] == "数据库是空的，已载入示例名单 examples/roster.csv（11 人）。"
    assert "您现在以 王建国（党组书记）的身份发言。" in lines
    assert "王建国> /start" in lines
    assert "bot> [王建国] 您好，王建国。" in lines
    assert "bot> [Alice Chen] Hello, Alice Chen." in lines
    stranger = (
        "您尚未加入。请向综合科索取邀请链接，点击后即可使用。也可以发送“/join 您的姓名”申请加入。"
    )
    assert f"bot> [路人甲] {stranger}" in lines
    assert "时钟已设为 2022年6月15日（周三） 10:00。" in lines
    assert "控制台：这个对话里没有可以按的按钮" in lines
    assert "bot> [王建国] /help — 查看帮助" in lines
    assert code == 2  # one console line (:press) could not be carried out


async def test_console_keeps_data_between_runs(
    settings: Settings, plans: PlanBook, tmp_path: Path
) -> None:
    script = tmp_path / "talk.txt"
    script.write_text("/start\n", encoding="utf-8")
    await run_console(settings, plans, script=script, out=io.StringIO(), interactive=False)
    out = io.StringIO()
    assert await run_console(settings, plans, script=script, out=out, interactive=False) == 0
    assert "已载入示例名单" not in out.getvalue()


def test_console_reads_a_pipe(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIVITY_BOT_", "TELEGRAM"))}
    env["ACTIVITY_BOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'c.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--as", "李明"],
        input="/start\n",
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "bot> [李明] 您好，李明。" in result.stdout.splitlines()


def test_make_run_without_a_token_says_how_and_starts_the_console(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIVITY_BOT_", "TELEGRAM"))}
    env["ACTIVITY_BOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'r.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="/start\n",
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("TELEGRAM_BOT_TOKEN is not set")
    assert "bot> [王建国] 您好，王建国。" in result.stdout


async def test_a_second_run_on_one_database_answers_every_message(
    settings: Settings, plans: PlanBook, tmp_path: Path
) -> None:
    script = tmp_path / "talk.txt"
    script.write_text(":clock 2022-06-15T10:00\n3月3日去银行调研\n:press 确认\n", encoding="utf-8")
    first = io.StringIO()
    assert await run_console(settings, plans, script=script, out=first, interactive=False) == 0
    assert "📝 待确认" in first.getvalue()
    again = io.StringIO()
    assert await run_console(settings, plans, script=script, out=again, interactive=False) == 0
    # The same words a second time are a second message: answered, not taken as a replay.
    assert "📝 待确认" in again.getvalue(), again.getvalue()
    assert "已有同日同类记录" in again.getvalue(), again.getvalue()
