"""A question read and answered (`Questions.ask`: the reader, the queries, the composer) at
10k, 100k and 1M stored activities, beside /remaining (`Standing.for_member`) for the same
members in the same run: the ratio says what a question costs against the view it extends."""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from pathlib import Path

from bench.common import FULL, database_urls, drop_database, emit, machine, summary
from bench.data import loaded

SIZES = (10_000, 100_000, 1_000_000) if FULL else (10_000, 50_000)
MEMBERS = 2000
CALLS = 300
QUESTIONS = (
    "党组研究还要开几次？",
    "调研做了几次",
    "我向党组报告了吗",
    "哪些班子成员还没向党组报告",
    "最近一次调研是什么时候",
    "我上个月报了些什么",
    "这个月有啥要截止的",
    "哪些科长还没交风险点清单",
    "书记讲过廉政党课吗",
    "how many research trips have we done?",
    "what did I log in May",
    "上半年警示教育搞了几次",
    "今年谁去调研过",
)


async def measure(url: str, size: int) -> tuple[dict[str, float], dict[str, float]]:
    async with loaded(url, MEMBERS, size) as services:
        roster = await services.members()
        rng = random.Random(1)
        for question in QUESTIONS:  # warm up: each question once, as a running bot has
            for member in rng.sample(roster, 2):
                await services.questions.ask(member, question)
                await services.standing.for_member(member)
        asked, remaining = [], []
        for member in rng.choices(roster, k=CALLS):
            question = rng.choice(QUESTIONS)
            start = time.perf_counter()
            answer = await services.questions.ask(member, question)
            asked.append((time.perf_counter() - start) * 1000)
            assert answer is not None, question
            start = time.perf_counter()
            await services.standing.for_member(member)
            remaining.append((time.perf_counter() - start) * 1000)
    return summary(asked), summary(remaining)


def main() -> None:
    import os

    backends = os.environ.get("BENCH_BACKENDS", "sqlite,postgresql").split(",")
    for backend in backends:
        for size in SIZES:
            with tempfile.TemporaryDirectory() as tmp:
                urls = database_urls(Path(tmp))
                if backend not in urls:
                    for other in urls.values():
                        drop_database(other)
                    break
                try:
                    asked, remaining = asyncio.run(measure(urls[backend], size))
                finally:
                    for url in urls.values():
                        drop_database(url)
            emit(
                {
                    "name": "answers",
                    "database": backend,
                    "activities": size,
                    "members": MEMBERS,
                    **asked,
                    "baseline": {"name": "remaining (Standing.for_member)", **remaining},
                    "ratio": round(asked["p99_ms"] / remaining["p99_ms"], 2),
                    "machine": machine(),
                }
            )


if __name__ == "__main__":
    main()
