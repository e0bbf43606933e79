"""Slips of pinyin input are read as the plan word they sound like."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.homophones import Homophones
from bot.core.parser import Recogniser
from bot.core.plan import Plan

WORDS = Homophones(["廉政党课", "警示教育", "调研", "谈话", "整改", "官僚主义"])


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("讲了一堂廉政当课", "讲了一堂廉政党课"),
        ("开展警示教鱼", "开展警示教育"),
        ("昨天掉研了两家银行", "昨天调研了两家银行"),
        ("提醒坦话", "提醒谈话"),
        ("整该方案", "整改方案"),
        ("反对官僚注意", "反对官僚主义"),
    ],
)
def test_a_slip_is_put_right(typed: str, meant: str) -> None:
    assert WORDS.restore(typed) == meant


@pytest.mark.parametrize("text", ["烟酒", "收到，谢谢", "掉眼泪", "讲了一堂廉政党课"])
def test_what_keeps_nothing_of_a_word_or_is_the_word_stays(text: str) -> None:
    assert WORDS.restore(text) == text


@given(st.text(alphabet=st.characters(categories=["Lo", "Nd", "Po"]), max_size=40))
def test_restoring_keeps_the_length_and_is_stable(text: str) -> None:
    once = WORDS.restore(text)
    assert len(once) == len(text) and WORDS.restore(once) == once


def test_the_reader_uses_it_only_when_no_plan_word_is_written(plan: Plan) -> None:
    reader = Recogniser(plan)
    today = dt.date(2022, 6, 15)
    assert reader.read("3月15日给全体干部职工讲了一堂廉政当课", today).kind == "integrity_lecture"
    # 向党组汇报 is written as it is meant: no "党组会" is heard in it
    assert reader.read("向党组汇报了分管领域党风廉政建设情况", today).kind == (
        "report_to_party_group"
    )
