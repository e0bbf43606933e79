"""Reading a roster CSV: `name,telegram_id,roles,department,supervises,lang`.

Pure: it checks every row against the plan's roles and the known departments and either returns
all rows or raises one RosterError listing every bad line, so that nothing is written by halves.
A name, a person's or a department's, may not start as a spreadsheet formula (bot.core.cells).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.core.cells import could_run
from bot.core.people import Member
from bot.errors import ActivityBotError, RosterError, RosterProblem

COLUMNS = ("name", "telegram_id", "roles", "department", "supervises", "lang")
LANGS = ("zh", "en")


@dataclass(frozen=True)
class RosterRow:
    """One valid row of a roster file."""

    line: int
    name: str
    telegram_id: int | None
    roles: frozenset[str]
    department: str | None
    supervises: frozenset[str]
    lang: str


def as_members(rows: Iterable[RosterRow]) -> list[Member]:
    """A roster file's rows as the people the core reads names against (ids in file order)."""
    return [
        Member(i, r.name, r.roles, r.department, r.supervises, r.telegram_id, r.lang)
        for i, r in enumerate(rows, 1)
    ]


def decode_roster(data: bytes, *, path: str) -> str:
    """The text of a roster file: UTF-8 (with or without a byte order mark), else GB18030, which
    Excel in a Chinese locale saves (GBK is part of it).

    Raises:
        ActivityBotError: when the bytes are neither, or hold control characters (UTF-16, say),
            rather than guess.
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not any(c < " " and c not in "\t\r\n" for c in text):
            return text
    raise ActivityBotError(
        f"{path}: neither UTF-8 nor GB18030 text; save it as UTF-8 (in Excel: CSV UTF-8)"
    )


def _split(cell: str) -> frozenset[str]:
    return frozenset(part.strip() for part in cell.split(";") if part.strip())


def parse_roster(
    text: str,
    *,
    path: str,
    roles: Iterable[str],
    known_departments: Iterable[str] = (),
    default_lang: str = "zh",
) -> list[RosterRow]:
    """Parse and check a roster file.

    Args:
        text: the CSV text, with a header row.
        path: how to name the file in errors.
        roles: the role ids the plan knows.
        known_departments: departments already stored; the file's own department column adds more.
        default_lang: the language of a row whose lang cell is empty.

    Returns:
        Every row, in file order.

    Raises:
        RosterError: listing each bad line by number.
    """
    known_roles = frozenset(roles)
    problems: list[RosterProblem] = []
    records = _records(text, path, problems)
    header = tuple(name.strip() for name in next(records, (1, []))[1])
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise RosterError(path, [RosterProblem(1, f"missing column(s): {', '.join(missing)}")])
    rows: list[RosterRow] = []
    for line, record in records:
        if any(value.strip() for value in record[len(header) :]):
            problems.append(
                RosterProblem(line, f"{len(record)} cells where the header has {len(header)}")
            )
            continue
        if any("\n" in value or "\r" in value for value in record):
            problems.append(RosterProblem(line, "a cell holds a line break"))
            continue
        cells = {key: value.strip() for key, value in zip(header, record, strict=False) if key}
        row = _row(line, cells, known_roles, default_lang, problems)
        if row is not None:
            rows.append(row)
    departments = set(known_departments) | {r.department for r in rows if r.department}
    seen_ids: dict[int, int] = {}
    seen_names: dict[str, int] = {}
    for row in rows:
        unknown = sorted(row.supervises - departments)
        if unknown:
            problems.append(
                RosterProblem(row.line, f"supervises unknown department {unknown[0]!r}")
            )
        if row.supervises and "deputy" not in row.roles and "secretary" not in row.roles:
            problems.append(RosterProblem(row.line, "only a deputy or secretary supervises"))
        if row.telegram_id is not None:
            first = seen_ids.setdefault(row.telegram_id, row.line)
            if first != row.line:
                problems.append(
                    RosterProblem(row.line, f"telegram_id {row.telegram_id} repeats line {first}")
                )
        first_name = seen_names.setdefault(row.name, row.line)
        if first_name != row.line:
            problems.append(RosterProblem(row.line, f"name {row.name!r} repeats line {first_name}"))
    if not rows and not problems:
        problems.append(RosterProblem(2, "the file has no people"))
    if problems:
        raise RosterError(path, sorted(problems, key=lambda p: p.line))
    return rows


def _records(
    text: str, path: str, problems: list[RosterProblem]
) -> Iterator[tuple[int, list[str]]]:
    """Each non-empty record with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    ended = 0
    try:
        for record in reader:
            line, ended = ended + 1, reader.line_num
            if record:
                yield line, record
    except csv.Error as exc:
        problems.append(RosterProblem(ended + 1, f"cannot be read as CSV ({exc})"))
        raise RosterError(path, problems) from None


def _row(
    line: int,
    cells: dict[str, str],
    known_roles: frozenset[str],
    default_lang: str,
    problems: list[RosterProblem],
) -> RosterRow | None:
    before = len(problems)
    name = cells.get("name", "")
    if not name:
        problems.append(RosterProblem(line, "name is empty"))
    departments = [cells.get("department", ""), *sorted(_split(cells.get("supervises", "")))]
    for field, value in [("name", name), *[("department", d) for d in departments]]:
        if could_run(value):
            problems.append(
                RosterProblem(
                    line,
                    f"{field} {value!r} cannot start with = + - @ (a spreadsheet would run it)",
                )
            )
    telegram_id: int | None = None
    raw_id = cells.get("telegram_id", "")
    if raw_id:
        try:
            telegram_id = int(raw_id)
        except ValueError:
            problems.append(RosterProblem(line, f"telegram_id {raw_id!r} is not a number"))
        else:
            if telegram_id <= 0:
                problems.append(RosterProblem(line, "telegram_id must be positive"))
    roles = _split(cells.get("roles", ""))
    if not roles:
        problems.append(RosterProblem(line, "roles is empty"))
    for role in sorted(roles - known_roles):
        problems.append(RosterProblem(line, f"unknown role {role!r}"))
    lang = cells.get("lang", "") or default_lang
    if lang not in LANGS:
        problems.append(RosterProblem(line, f"lang must be zh or en, not {lang!r}"))
    if len(problems) > before:
        return None
    return RosterRow(
        line=line,
        name=name,
        telegram_id=telegram_id,
        roles=roles,
        department=cells.get("department") or None,
        supervises=_split(cells.get("supervises", "")),
        lang=lang,
    )
