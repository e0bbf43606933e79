"""Asking what remains, in words."""

import pytest

from bot.core.intents import asks_remaining


@pytest.mark.parametrize(
    "text",
    [
        "还剩什么",
        "今年还剩什么？",
        "我今年还有什么没完成",
        "还差几次调研",
        "还有哪些任务没做",
        "我的任务完成情况",
        "what remains",
        "What's left this year?",
        "remaining",
        "how many research trips are left",
        "剩余任务",
    ],
)
def test_questions_about_what_remains(text: str) -> None:
    assert asks_remaining(text)


@pytest.mark.parametrize(
    "text",
    [
        "3月15日讲廉政党课",
        "昨天到村镇银行调研",
        "visited a rural bank yesterday",
        "收到",
        "6月2日党组会议专题研究了党风廉政建设工作",
    ],
)
def test_reports_are_not_questions(text: str) -> None:
    assert not asks_remaining(text)
