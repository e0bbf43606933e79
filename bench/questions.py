"""How well questions are read, and how fast a question is read and answered.

tests/data/questions.tsv (320 rows: questions and look-alike reports) was written from the issue,
the plan and the roster by someone who never read the question reader; the reader is tuned
against it. tests/data/heldout_questions.tsv was written the same way before the question reader
existed, and the reader is never tuned against it. A row is right when the message is taken as
a question or a report as it should be, and for a question when what is asked, about whom,
about which kind and over which period are all right. A follow-up row is read after the row
above it, as the bot reads a follow-up within ten minutes.

    python -m bench.questions          # one JSON line: each file, per category and per intent
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from bench.language import DATA, TODAY, roster_people
from bot.core.parser import Recogniser
from bot.core.people import Member, person_named
from bot.core.plan import load_plan, shipped_plan_path
from bot.core.questions import Question, QuestionReader

FILES = ("questions.tsv", "heldout_questions.tsv")


def rows(name: str) -> list[list[str]]:
    path = DATA / name
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def right(question: Question | None, row: list[str]) -> bool:
    _, _, intent, subject, kind, period, _ = row
    if intent == "report":
        return question is None
    if question is None or question.intent.value != intent:
        return False
    if intent == "other":
        return True
    kinds = set(question.kinds)
    kind_ok = (kind == "-" and not kinds) or kind in kinds
    return kind_ok and question.subject.label == subject and question.period.label == period


def score(reader: QuestionReader, name: str, people: list[Member]) -> dict[str, object]:
    total: Counter[str] = Counter()
    good: Counter[str] = Counter()
    by_intent_total: Counter[str] = Counter()
    by_intent_good: Counter[str] = Counter()
    previous: Question | None = None
    for row in rows(name):
        text, asker_name, intent, *_, category = row
        asker = person_named(asker_name, people)
        assert asker is not None, asker_name
        question = reader.read(
            text, asker, people, TODAY, previous if category == "followup" else None
        )
        ok = right(question, row)
        total[category] += 1
        good[category] += ok
        by_intent_total[intent] += 1
        by_intent_good[intent] += ok
        previous = question
    figures: dict[str, object] = {c: f"{good[c]}/{total[c]}" for c in sorted(total)}
    figures["intents"] = {
        i: f"{by_intent_good[i]}/{by_intent_total[i]}" for i in sorted(by_intent_total)
    }
    figures["all"] = f"{sum(good.values())}/{sum(total.values())}"
    return figures


def main() -> None:
    reader = QuestionReader(Recogniser(load_plan(shipped_plan_path())))
    people = roster_people(reader.plan)
    result = {
        "name": "questions",
        "development": score(reader, "questions.tsv", people),
        "held_out": score(reader, "heldout_questions.tsv", people),
    }
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
