"""Synthetic history for the benchmarks: many members, several years, realistic kinds."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import insert

from bot.core.plan import load_plan, shipped_plan_path
from bot.services import Services
from storage.models import ActivityRow

YEARS = (2019, 2020, 2021, 2022, 2023)
ROLES = ["staff"] * 14 + ["dept_head", "deputy"]
DEPARTMENTS = ["综合科", "银行保险科", "地方金融监管科", "金融服务科"]


def roster_csv(members: int) -> str:
    lines = ["name,telegram_id,roles,department,supervises,lang"]
    lines.append("书记,300000,secretary,,,zh")
    for i in range(1, members):
        role = ROLES[i % len(ROLES)]
        supervises = ";".join(DEPARTMENTS[:2]) if role == "deputy" else ""
        department = "" if role == "deputy" else DEPARTMENTS[i % len(DEPARTMENTS)]
        lines.append(f"成员{i:05d},{300000 + i},{role},{department},{supervises},zh")
    return "\n".join(lines) + "\n"


async def populate(services: Services, members: int, activities: int, seed: int = 7) -> None:
    """Load a roster of `members` and `activities` confirmed records spread over five years."""
    await services.import_roster(roster_csv(members), "bench-roster.csv")
    roster = await services.members()
    ids = [m.id for m in roster]
    plan = load_plan(shipped_plan_path())
    kinds = [k for k in plan.kinds if k != "other"]
    weights = [30 if k == "research_trip" else 3 for k in kinds]
    rng = random.Random(seed)
    now = dt.datetime(2022, 6, 1, tzinfo=dt.UTC)
    batch: list[dict[str, Any]] = []
    async with services.engine.begin() as connection:
        for n in range(activities):
            kind = rng.choices(kinds, weights)[0]
            spec = plan.kinds[kind].attribute
            value = rng.choice(sorted(spec.values)) if spec else None
            day = dt.date(rng.choice(YEARS), 1, 1) + dt.timedelta(days=rng.randrange(365))
            member = rng.choice(ids)
            batch.append(
                {
                    "member_id": member,
                    "logged_by_id": member,
                    "kind": kind,
                    "happened_on": day,
                    "reported_at": now,
                    "attributes": {spec.name: value} if spec and value else {},
                    "attribute": value,
                    "text": f"{kind} {n}",
                    "status": "confirmed",
                    "line_no": 0,
                    "confirmed_at": now,
                }
            )
            if len(batch) == 5000:
                await connection.execute(insert(ActivityRow), batch)
                batch = []
        if batch:
            await connection.execute(insert(ActivityRow), batch)
        await connection.exec_driver_sql(
            "INSERT INTO day_tallies (kind, attribute, day, count) "
            "SELECT kind, COALESCE(attribute, ''), happened_on, COUNT(*) FROM activities "
            "WHERE status = 'confirmed' AND deleted_at IS NULL "
            "GROUP BY kind, COALESCE(attribute, ''), happened_on"
        )


@asynccontextmanager
async def loaded(url: str, members: int, activities: int) -> AsyncIterator[Services]:
    """The services on a database holding `members` and `activities` (see `populate`), at
    2022-06-15 10:00; on PostgreSQL vacuumed, as autovacuum would otherwise run mid-measure."""
    from bot.clock import SettableClock
    from bot.core.plan import load_plans
    from bot.services import open_services
    from bot.settings import Settings

    settings = Settings(ACTIVITY_BOT_DATABASE_URL=url)  # type: ignore[call-arg]
    plans = load_plans(settings.plan_paths())
    clock = SettableClock(settings.zone, dt.datetime(2022, 6, 15, 10, 0))
    async with open_services(settings, plans, clock) as services:
        await populate(services, members, activities)
        if url.startswith("postgresql"):
            autocommit = services.engine.execution_options(isolation_level="AUTOCOMMIT")
            async with autocommit.connect() as connection:
                await connection.exec_driver_sql("VACUUM ANALYZE")
        yield services
