"""The ledger (台账) and the year-end summary: the records in the forms the office files.

An Excel workbook (every record; obligations by person; the unit's counters), a CSV of the
records, a Word draft of one leader's year for the 述责述廉 statement, a chart of the unit's
progress, and the evidence files with an index.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.activity import Activity, counted_in
from bot.core.cells import neutralised
from bot.core.formatting import format_day
from bot.core.people import Member
from bot.core.plan import Plan, Scope
from bot.core.progress import Progress, Status
from bot.i18n import t
from bot.standing import OutsidePlans, UnitStanding
from storage.ledger import Evidence, LedgerQueries

if TYPE_CHECKING:
    from bot.services import Services

Progressed = Callable[[int], object]
STATUS_KEYS = {
    Status.DONE: "ledger.status.done",
    Status.ON_TRACK: "ledger.status.on_track",
    Status.BEHIND: "ledger.status.behind",
    Status.OVERDUE: "ledger.status.overdue",
    Status.NOT_YET_OPEN: "ledger.status.not_yet_open",
}
RECORD_COLUMNS = (
    "ledger.col.n",
    "ledger.col.kind",
    "ledger.col.day",
    "ledger.col.reported",
    "ledger.col.member",
    "ledger.col.logger",
    "ledger.col.with",
    "ledger.col.text",
    "ledger.col.evidence",
    "ledger.col.counts",
)


@dataclass(frozen=True)
class SummaryItem:
    title: str
    wording: str
    records: tuple[tuple[dt.date, str], ...]
    status: str


@dataclass(frozen=True)
class Summary:
    """One leader's year, obligation by obligation, for the 述责述廉 statement."""

    member: Member
    year: int
    items: tuple[SummaryItem, ...]
    other: tuple[tuple[dt.date, str, str], ...] = field(default_factory=tuple)


class Ledger:
    """The ledger use cases."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def plan(self, year: int) -> Plan:
        plan = self.services.plans.for_year(year)
        if plan is None:
            from bot.errors import ActivityBotError

            years = ", ".join(map(str, self.services.plans.years))
            raise ActivityBotError(f"no plan for {year} (plans loaded: {years})")
        return plan

    def year_in_force(self) -> int:
        """The plan year of today, or the latest plan's when today is in none."""
        plans = self.services.plans
        plan = plans.for_day(self.services.clock.now().date()) or plans.latest()
        return plan.year

    def judged_on(self, plan: Plan) -> dt.date:
        """The day a year is judged on: today while it runs; once it is over, the last day a
        record of it is accepted (what was not done by then is overdue)."""
        last = max(w.accepts_until() for w in plan.windows.values())
        return min(self.services.clock.now().date(), last)

    def _row(
        self,
        n: int,
        activity: Activity,
        evidence: list[Evidence],
        plan: Plan,
        people: dict[int, Member],
        roster: list[Member],
        lang: str,
    ) -> list[Any]:
        member = people.get(activity.member_id)
        logger = people.get(activity.logged_by_id or activity.member_id)
        kind = plan.kinds.get(activity.kind)
        spec = kind.attribute if kind else None
        value = activity.attributes.get(spec.name) if spec else None
        with_ = [spec.values[value].label.in_(lang)] if spec and value in spec.values else []
        if activity.participants:
            with_.append(t(lang, "ledger.participants", count=activity.participants))
        names = "、".join(e.name for e in evidence)
        obligations = counted_in(plan, activity, member, roster) if member else []
        zone = self.services.settings.zone
        return [
            n,
            kind.label.in_(lang) if kind else activity.kind,
            activity.happened_on,
            activity.reported_at.astimezone(zone).date(),
            member.name if member else "",
            logger.name if logger else "",
            "；".join(with_),
            activity.text,
            f"{len(evidence)}：{names}" if evidence else "0",
            "、".join(ob.title.in_(lang) for ob in obligations),
        ]

    async def _rows(self, year: int, member_name: str | None, lang: str):  # type: ignore[no-untyped-def]
        plan = self.plan(year)
        roster = await self.services.people.members()
        people = {m.id: m for m in roster}
        member_ids = None
        if member_name:
            member = await self.services.find_member(member_name)
            member_ids = {member.id}
        start = dt.date(year, 1, 1)
        end = max(w.accepts_until() for w in plan.windows.values())
        n = 0
        async with self.services.sessions() as session:
            async for page in LedgerQueries(session).records(start, end, member_ids):
                rows = []
                for activity, evidence in page:
                    n += 1
                    rows.append(self._row(n, activity, evidence, plan, people, roster, lang))
                yield rows

    async def workbook(
        self,
        target: Path | io.BytesIO,
        year: int,
        *,
        member: str | None = None,
        lang: str = "zh",
        progressed: Progressed | None = None,
    ) -> int:
        """Write the Excel ledger; returns how many records it holds."""
        from openpyxl import Workbook

        plan = self.plan(year)
        book = Workbook(write_only=True)
        records = book.create_sheet(t(lang, "ledger.sheet.records"))
        records.append(_text_cells(records, [t(lang, key) for key in RECORD_COLUMNS]))
        count = 0
        async for rows in self._rows(year, member, lang):
            await asyncio.to_thread(_append, records, rows)
            count += len(rows)
            if progressed:
                progressed(len(rows))
        standing = await self.services.standing.for_unit(None, self.judged_on(plan))
        if not isinstance(standing, OutsidePlans):
            _people_sheet(book.create_sheet(t(lang, "ledger.sheet.people")), standing, lang, member)
            _unit_sheet(book.create_sheet(t(lang, "ledger.sheet.unit")), standing, lang)
        await asyncio.to_thread(book.save, target)
        return count

    async def csv_file(
        self,
        target: Path | io.StringIO,
        year: int,
        *,
        member: str | None = None,
        lang: str = "zh",
        progressed: Progressed | None = None,
    ) -> int:
        """Write the records as CSV (UTF-8 with BOM, so that Excel reads the Chinese)."""
        handle = (
            target
            if isinstance(target, io.StringIO)
            else target.open("w", encoding="utf-8-sig", newline="")
        )
        count = 0
        try:
            writer = csv.writer(handle)
            writer.writerow([t(lang, key) for key in RECORD_COLUMNS])
            async for rows in self._rows(year, member, lang):
                writer.writerows([_csv_cells(row) for row in rows])
                count += len(rows)
                if progressed:
                    progressed(len(rows))
        finally:
            if not isinstance(target, io.StringIO):
                handle.close()
        return count

    async def summary(self, year: int, member: Member, lang: str) -> Summary:
        """What the member did under each of their obligations this year, with dates."""
        plan = self.plan(year)
        mine = [
            ob for ob in plan.obligations if ob.scope is Scope.EACH and member.roles & set(ob.roles)
        ]
        standing = await self.services.standing.for_member(member, self.judged_on(plan))
        progress = (
            {p.obligation.id: p for p in standing.mine}
            if not isinstance(standing, OutsidePlans)
            else {}
        )
        records: list[Activity] = []
        start = dt.date(year, 1, 1)
        end = max(w.accepts_until() for w in plan.windows.values())
        async with self.services.sessions() as session:
            async for page in LedgerQueries(session).records(start, end, {member.id}):
                records += [a for a, _ in page]
        roster = await self.services.people.members()
        used: set[int] = set()
        items = []
        for ob in mine:
            hits = [a for a in records if ob in counted_in(plan, a, member, roster)]
            used.update(a.id for a in hits)
            p = progress.get(ob.id)
            status = t(lang, STATUS_KEYS[p.status]) if p else ""
            items.append(
                SummaryItem(
                    ob.title.in_(lang),
                    ob.text,
                    tuple((a.happened_on, a.text) for a in hits),
                    status,
                )
            )
        other = tuple(
            (
                a.happened_on,
                plan.kinds[a.kind].label.in_(lang) if a.kind in plan.kinds else a.kind,
                a.text,
            )
            for a in records
            if a.id not in used
        )
        return Summary(member, year, tuple(items), other)

    async def chart(self, year: int, lang: str) -> bytes:
        """A PNG of the unit's progress: a bar per obligation, behind in its own colour."""
        plan = self.plan(year)
        standing = await self.services.standing.for_unit(None, self.judged_on(plan))
        if isinstance(standing, OutsidePlans):
            return b""
        from bot.chart import progress_chart

        return await asyncio.to_thread(progress_chart, standing, lang)

    async def evidence(self, folder: Path, year: int) -> int:
        """Copy the downloaded evidence into `folder` with an index; returns files listed."""
        plan = self.plan(year)
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        people = {m.id: m for m in await self.services.people.members()}
        listed = 0
        index_path = folder / "index.csv"
        with index_path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["activity", "date", "kind", "member", "file", "sha256", "copied_as"])
            async with self.services.sessions() as session:
                start = dt.date(year, 1, 1)
                end = max(w.accepts_until() for w in plan.windows.values())
                async for page in LedgerQueries(session).records(start, end):
                    for activity, evidence in page:
                        for item in evidence:
                            copied = ""
                            stored = Path(item.stored_path) if item.stored_path else None
                            if stored is not None and await asyncio.to_thread(stored.is_file):
                                copied = f"{activity.id}_{Path(item.name).name}"
                                await asyncio.to_thread(shutil.copyfile, stored, folder / copied)
                            member = people.get(activity.member_id)
                            writer.writerow(
                                _csv_cells(
                                    [
                                        activity.id,
                                        activity.happened_on,
                                        activity.kind,
                                        member.name if member else "",
                                        item.name,
                                        item.sha256 or "",
                                        copied,
                                    ]
                                )
                            )
                            listed += 1
        return listed


def _text_cells(sheet: Any, row: Sequence[Any]) -> list[Any]:
    """The row with every string as text. openpyxl keeps a string as text unless it starts with
    "=" (a live formula) or is an error code such as "#N/A", and a person may have typed either:
    those go in a cell whose type is set back to text (the others need no cell of their own)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    cells = []
    for value in row:
        if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            value = cell
        cells.append(value)
    return cells


def _csv_cells(row: Sequence[Any]) -> list[Any]:
    """The row as CSV cells: days in ISO form, text a spreadsheet would run neutralised."""
    return [
        c.isoformat() if isinstance(c, dt.date) else neutralised(c) if isinstance(c, str) else c
        for c in row
    ]


def _append(sheet: Any, rows: list[list[Any]]) -> None:
    for row in rows:
        sheet.append(_text_cells(sheet, row))


def _people_sheet(sheet: Any, standing: UnitStanding, lang: str, only: str | None) -> None:
    """A person × obligation matrix: the status of each, done/target."""
    obligations = [ob for ob in standing.plan.obligations if ob.scope is Scope.EACH]
    header = [t(lang, "ledger.col.member")] + [ob.name(lang) for ob in obligations]
    sheet.append(_text_cells(sheet, header))
    by_person: dict[int, dict[str, Progress]] = {}
    names: dict[int, str] = {}
    for p in standing.people:
        if p.holder is None or (only and p.holder.name != only):
            continue
        by_person.setdefault(p.holder.id, {})[p.obligation.id] = p
        names[p.holder.id] = p.holder.name
    for member_id, items in by_person.items():
        row = [names[member_id]]
        for ob in obligations:
            found = items.get(ob.id)
            row.append(
                f"{t(lang, STATUS_KEYS[found.status])} {found.done}/{found.target}"
                if found
                else "—"
            )
        sheet.append(_text_cells(sheet, row))


def _unit_sheet(sheet: Any, standing: UnitStanding, lang: str) -> None:
    keys = (
        "ledger.col.obligation",
        "ledger.col.clause",
        "ledger.col.target",
        "ledger.col.done",
        "ledger.col.expected",
        "ledger.col.status",
        "ledger.col.due",
    )
    sheet.append(_text_cells(sheet, [t(lang, key) for key in keys]))
    for p in standing.unit:
        ob = p.obligation
        row = [
            ob.title.in_(lang),
            "、".join(map(str, ob.clause)),
            p.target if p.target is not None else t(lang, "ledger.rule"),
            p.done,
            p.expected if p.expected is not None else "",
            t(lang, STATUS_KEYS[p.status]),
            p.due,
        ]
        sheet.append(_text_cells(sheet, row))


def summary_text(summary: Summary, lang: str) -> str:
    """The summary as a chat message."""
    lines = [t(lang, "summary.title", year=summary.year, name=summary.member.name)]
    for item in summary.items:
        lines.append(
            f"\n■ {item.title}（{item.status}）"
            if lang != "en"
            else f"\n■ {item.title} ({item.status})"
        )
        if item.records:
            lines += [f"· {format_day(day, lang)} {text}" for day, text in item.records]
        else:
            lines.append(t(lang, "summary.nothing"))
    if summary.other:
        lines.append("\n" + t(lang, "summary.other"))
        lines += [f"· {format_day(day, lang)} {kind}：{text}" for day, kind, text in summary.other]
    return "\n".join(lines)


def summary_docx(summary: Summary, lang: str) -> bytes:
    """The summary as a Word document, a draft to edit into the statement."""
    from docx import Document

    document = Document()
    document.add_heading(
        t(lang, "summary.title", year=summary.year, name=summary.member.name), level=1
    )
    document.add_paragraph(t(lang, "summary.lead"))
    for item in summary.items:
        document.add_heading(
            f"{item.title}（{item.status}）" if lang != "en" else f"{item.title} ({item.status})",
            level=2,
        )
        document.add_paragraph(t(lang, "summary.wording", text=item.wording))
        if item.records:
            for day, text in item.records:
                document.add_paragraph(
                    f"{format_day(day, lang, year=True)} {text}", style="List Bullet"
                )
        else:
            document.add_paragraph(t(lang, "summary.nothing"))
    if summary.other:
        document.add_heading(t(lang, "summary.other"), level=2)
        for day, kind, text in summary.other:
            document.add_paragraph(
                f"{format_day(day, lang, year=True)} {kind}：{text}", style="List Bullet"
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
