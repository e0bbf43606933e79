"""The parser on the table of tests/data/parser_cases.tsv: accuracy and time per message.

Baseline in the same run: dateparser's search_dates alone for the day (what DESIGN.md measured),
today when it finds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

from bot.core.parser import Recogniser
from bot.core.plan import load_plan, shipped_plan_path

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "parser_cases.tsv"
TODAY = dt.date(2022, 6, 15)


def cases() -> list[tuple[str, str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, kind, day, _ = line.split("\t")
            rows.append((text, kind, day))
    return rows


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    recogniser = Recogniser(load_plan(shipped_plan_path()))
    rows = cases()
    recogniser.read_message("热身", TODAY)
    kinds_right = days_right = dated = 0
    times: list[float] = []
    for text, kind, day in rows:
        start = time.perf_counter()
        [reading] = recogniser.read_message(text, TODAY)
        times.append((time.perf_counter() - start) * 1000)
        if kind == "-":
            kinds_right += not reading.is_report
            continue
        expected = set(kind.split("|"))
        kinds_right += (
            (reading.kind in expected)
            if len(expected) == 1
            else (set(reading.candidates) == expected)
        )
        if day not in ("-", "?"):
            dated += 1
            days_right += reading.day == dt.date.fromisoformat(day.lstrip("~"))
    import dateparser.search

    base = dt.datetime.combine(TODAY, dt.time(10))
    base_right = 0
    base_times: list[float] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text, _, day in rows:
            if day in ("-", "?"):
                continue
            start = time.perf_counter()
            found = dateparser.search.search_dates(
                text, settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
            )
            base_times.append((time.perf_counter() - start) * 1000)
            got = found[0][1].date() if found else TODAY
            base_right += got == dt.date.fromisoformat(day.lstrip("~"))
    p50 = statistics.median(times)
    result = {
        "name": "parser",
        "cases": len(rows),
        "kind_accuracy": round(kinds_right / len(rows), 4),
        "date_accuracy": round(days_right / dated, 4),
        "p50_ms": round(p50, 3),
        "p99_ms": round(percentile(times, 0.99), 3),
        "baseline": {
            "name": "dateparser.search_dates (day only)",
            "date_accuracy": round(base_right / dated, 4),
            "p50_ms": round(statistics.median(base_times), 3),
        },
        "ratio": round(statistics.median(base_times) / p50, 2),
        "chat_files_with_roster": _with_roster(recogniser),
    }
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def _with_roster(recogniser: Recogniser) -> dict[str, float]:
    """Time per message on the development chat files, names read against the example roster
    (what the bot does with every message)."""
    from bench.language import DEVELOPMENT_CHAT, chat_cases, roster_people

    people = roster_people(recogniser.plan)
    texts = [c[0] for name in DEVELOPMENT_CHAT for c in chat_cases(name)]
    times = []
    for text in texts:
        start = time.perf_counter()
        recogniser.read_message(text, TODAY, people)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "cases": len(texts),
        "p50_ms": round(statistics.median(times), 3),
        "p99_ms": round(percentile(times, 0.99), 3),
    }


if __name__ == "__main__":
    main()
