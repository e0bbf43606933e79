"""The ledger of a large year: 100,000 activities to xlsx (goal: under 30 s). The baseline is
the same records written as CSV in the same run."""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
import time
from pathlib import Path

from bench.common import FULL, emit, machine
from bench.data import populate
from bot.clock import SettableClock
from bot.core.plan import load_plans
from bot.services import open_services
from bot.settings import Settings

ACTIVITIES = 500_000 if FULL else 50_000  # over five years: about a fifth in one year
MEMBERS = 2000


async def measure(tmp: Path) -> dict[str, object]:
    settings = Settings(  # type: ignore[call-arg]
        ACTIVITY_BOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp / 'export.sqlite3'}"
    )
    plans = load_plans(settings.plan_paths())
    clock = SettableClock(settings.zone, dt.datetime(2022, 12, 31, 10, 0))
    async with open_services(settings, plans, clock) as services:
        await populate(services, MEMBERS, ACTIVITIES)
        start = time.perf_counter()
        count = await services.ledger.workbook(tmp / "ledger.xlsx", 2022)
        xlsx_s = time.perf_counter() - start
        start = time.perf_counter()
        await services.ledger.csv_file(tmp / "ledger.csv", 2022)
        csv_s = time.perf_counter() - start
    return {
        "records": count,
        "xlsx_s": round(xlsx_s, 2),
        "csv_s": round(csv_s, 2),
        "records_per_s": round(count / xlsx_s),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        figures = asyncio.run(measure(Path(tmp)))
    emit(
        {
            "name": "export",
            "database": "sqlite",
            **figures,
            "baseline": {"name": "the same records as CSV", "csv_s": figures["csv_s"]},
            "ratio": round(float(figures["xlsx_s"]) / float(figures["csv_s"]), 2),  # type: ignore[arg-type]
            "goal_s_per_100k": 30,
            "machine": machine(),
        }
    )


if __name__ == "__main__":
    main()
