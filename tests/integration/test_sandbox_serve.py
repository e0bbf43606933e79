"""`activity-bot sandbox serve` as a process: a sandbox started again never gives an id twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx


def serve_once(tmp_path: Path, state: Path) -> tuple[int, int]:
    """Start the sandbox, have a user write one message, stop it; the update and message ids."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIVITY_BOT_", "TELEGRAM"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "serve", "--port", "0", "--state", str(state)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("sandbox listening on "), line
        url = line.split()[-1]
        httpx.post(f"{url}/sandbox/users", json={"id": 100001, "first_name": "王建国"})
        sent = httpx.post(f"{url}/sandbox/send", json={"user_id": 100001, "text": "调研"}).json()
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    assert process.returncode == 0
    return int(sent["update_id"]), int(sent["message_id"])


def test_a_restarted_sandbox_goes_on_numbering(tmp_path: Path) -> None:
    state = tmp_path / "ids.json"
    first = serve_once(tmp_path, state)
    second = serve_once(tmp_path, state)
    assert second[0] > first[0]
    assert second[1] > first[1]


def test_an_unreadable_state_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    state = tmp_path / "ids.json"
    state.write_text("{not json", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIVITY_BOT_", "TELEGRAM"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", "serve", "--port", "0", "--state", str(state)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--state" in result.stderr
