"""`remaining` (storage and calculation) at 10k, 100k and 1M stored activities; the baseline
is the smallest size in the same run, so the ratio says how it grows with the history."""

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


async def measure(url: str, size: int) -> dict[str, float]:
    async with loaded(url, MEMBERS, size) as services:
        roster = await services.members()
        rng = random.Random(1)
        for member in rng.sample(roster, 20):  # warm up
            await services.standing.for_member(member)
        times = []
        for member in rng.choices(roster, k=CALLS):
            start = time.perf_counter()
            await services.standing.for_member(member)
            times.append((time.perf_counter() - start) * 1000)
    return summary(times)


def main() -> None:
    import os

    backends = os.environ.get("BENCH_BACKENDS", "sqlite,postgresql").split(",")
    for backend in backends:
        results: dict[int, dict[str, float]] = {}
        for size in SIZES:
            with tempfile.TemporaryDirectory() as tmp:
                urls = database_urls(Path(tmp))
                if backend not in urls:
                    for other in urls.values():
                        drop_database(other)
                    break
                try:
                    results[size] = asyncio.run(measure(urls[backend], size))
                finally:
                    for url in urls.values():
                        drop_database(url)
            base = results[SIZES[0]]
            emit(
                {
                    "name": "remaining",
                    "database": backend,
                    "activities": size,
                    "members": MEMBERS,
                    **results[size],
                    "baseline": {"activities": SIZES[0], **base},
                    "ratio": round(results[size]["p99_ms"] / base["p99_ms"], 2),
                    "machine": machine(),
                }
            )


if __name__ == "__main__":
    main()
