"""`activity-bot parse`: a date the bot must ask about is given as written, with no day."""

from __future__ import annotations

import json

import pytest

from bot.cli import main


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("2月30日去银行调研", "2月30日"),
        ("上个月去银行调研", "上个月"),
        ("Visited a bank on Feb 30", "Feb 30"),
    ],
)
def test_a_date_to_ask_about(capsys: pytest.CaptureFixture[str], text: str, question: str) -> None:
    assert main(["parse", text, "--now", "2022-06-15T10:00", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "research_trip"
    assert (out["date"], out["date_assumed"], out["date_question"]) == (None, False, question)


def test_a_plain_date_has_no_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "3月15日去银行调研", "--now", "2022-06-15T10:00", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["date"], out["date_question"]) == ("2022-03-15", None)
