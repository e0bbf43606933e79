"""The yearly work plan as validated data: roles, activity kinds with their vocabulary, obligations.

A plan is one YAML file; another office or another year is another file, with no code change.
`load_plan` reads and checks one; every problem names the file, the obligation and the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import PlanError, PlanProblem

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
Id = Annotated[str, Field(min_length=1, pattern=r"^[a-z][a-z0-9_-]*$")]
MAX_NESTING = 50  # levels of YAML a plan may nest; the shipped one uses a handful


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    """A name in each language the bot speaks."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def in_(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class Vocabulary(_Strict):
    """Words that recognise something in a message; "…" joins parts that must appear in order,
    "+" parts that may appear in any order, near each other."""

    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def for_lang(self, lang: str) -> tuple[str, ...]:
        return self.en if lang == "en" else self.zh


class AttributeValue(_Strict):
    label: Label
    words: Vocabulary = Vocabulary()
    # Roles whose holders, named in a message, give this value (李明 is a deputy: leaders).
    roles: tuple[str, ...] = ()


class AttributeSpec(_Strict):
    """The one attribute a kind may carry: a choice (counterpart, host) or a yes/no flag."""

    name: Id
    label: Label | None = None
    type: Literal["choice", "flag"] = "choice"
    values: dict[str, AttributeValue]


class Kind(_Strict):
    label: Label
    words: Vocabulary = Vocabulary()
    attribute: AttributeSpec | None = None


class Window(_Strict):
    """A span of the plan year in which an obligation can be fulfilled."""

    label: Label
    start: dt.date
    end: dt.date
    grace_days: int = Field(default=0, ge=0, le=90)

    def accepts_until(self) -> dt.date:
        return self.end + dt.timedelta(days=self.grace_days)


class Scope(StrEnum):
    UNIT = "unit"
    EACH = "each"


class Pacing(StrEnum):
    """How a count target is expected to progress over its window."""

    NONE = "none"
    LINEAR = "linear"
    MONTHLY = "monthly"


class Obligation(_Strict):
    """One counted duty of the plan."""

    id: Id
    clause: tuple[int, ...] = Field(min_length=1)
    text: str = Field(min_length=1)
    title: Label
    short: Label | None = None
    scope: Scope
    roles: tuple[str, ...] = ()
    kind: str
    attribute: dict[str, str] = Field(default_factory=dict)
    target: int | None = None
    rule: Literal["every"] | None = None
    window: str = "year"
    pacing: Pacing = Pacing.NONE
    per_counterpart: bool = False
    supervised_only: bool = False
    remind_days_before: int = Field(default=14, ge=0, le=180)

    @property
    def is_rule(self) -> bool:
        return self.rule is not None

    def name(self, lang: str) -> str:
        """The short name for a line on a phone."""
        return (self.short or self.title).in_(lang)


class ReadingWords(_Strict):
    """How the office says the plan's words: each plan word with the everyday words that mean
    it in a message (汇报 for 报告, 谈心 for 谈话), read as the plan word."""

    same_as: dict[str, Vocabulary] = Field(default_factory=dict)


class PlanSettings(_Strict):
    """The plan's answers to the questions it leaves open."""

    one_record_many_obligations: bool = True
    same_day_unit_events: Literal["ask", "count_once"] = "ask"


class Plan(_Strict):
    """A year's plan: the catalog everything else is checked against."""

    year: int = Field(ge=2000, le=2100)
    title: Label
    windows: dict[str, Window]
    settings: PlanSettings = PlanSettings()
    reading: ReadingWords = ReadingWords()
    roles: dict[str, Label]
    kinds: dict[str, Kind]
    obligations: tuple[Obligation, ...] = Field(min_length=1)

    def obligation(self, obligation_id: str) -> Obligation:
        for obligation in self.obligations:
            if obligation.id == obligation_id:
                return obligation
        raise KeyError(obligation_id)

    def window_of(self, obligation: Obligation) -> Window:
        return self.windows[obligation.window]

    def covers(self, day: dt.date) -> bool:
        return day.year == self.year

    def role_label(self, role: str, lang: str) -> str:
        label = self.roles.get(role)
        return label.in_(lang) if label else role


# Checking


def load_plan(path: str | Path) -> Plan:
    """Read and check a plan file.

    Args:
        path: the YAML file.

    Returns:
        The plan, every cross-reference checked.

    Raises:
        PlanError: naming the file, the obligation and the field at fault.
    """
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanError(shown, [PlanProblem(None, "file", exc.strerror or str(exc))]) from exc
    except UnicodeDecodeError as exc:
        problem = PlanProblem(None, "file", f"not UTF-8 (byte {exc.start}); save it as UTF-8")
        raise PlanError(shown, [problem]) from None
    return parse_plan(text, shown)


class _PlanLoader(yaml.SafeLoader):
    """The safe loader, refusing nesting deeper than MAX_NESTING: it recurses once per level, so
    a file of ten thousand `[` would exhaust Python's stack instead of being refused."""

    nesting = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.nesting += 1
        try:
            if self.nesting > MAX_NESTING:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_NESTING} levels", mark
                )
            return super().compose_node(parent, index)
        finally:
            self.nesting -= 1


def parse_plan(text: str, path: str = "<plan>") -> Plan:
    """Check a plan given as YAML text; `path` names it in errors."""
    try:
        raw = yaml.load(text, Loader=_PlanLoader)  # a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        problem = PlanProblem(None, "YAML syntax", f"{exc.problem or 'invalid'} at {where}")
        raise PlanError(path, [problem]) from exc
    except yaml.YAMLError as exc:
        raise PlanError(path, [PlanProblem(None, "YAML syntax", str(exc))]) from exc
    if not isinstance(raw, dict):
        raise PlanError(path, [PlanProblem(None, "file", "a plan is a YAML mapping")])
    try:
        plan = Plan.model_validate(raw)
    except ValidationError as exc:
        problems = [_problem_from(error, raw) for error in exc.errors()]
        raise PlanError(path, problems) from exc
    problems = list(check_plan(plan))
    if problems:
        raise PlanError(path, problems)
    return plan


def _problem_from(error: Mapping[str, Any], raw: dict[str, Any]) -> PlanProblem:
    loc = tuple(error["loc"])
    message = str(error["msg"])
    if loc[:1] == ("obligations",) and len(loc) >= 2 and isinstance(loc[1], int):
        items = raw.get("obligations") or []
        item = items[loc[1]] if loc[1] < len(items) else None
        ident = item.get("id") if isinstance(item, dict) else None
        name = str(ident) if ident else f"#{loc[1] + 1}"
        field = ".".join(str(part) for part in loc[2:]) or "obligation"
        return PlanProblem(name, field, message)
    return PlanProblem(None, ".".join(str(part) for part in loc) or "plan", message)


def check_plan(plan: Plan) -> Iterable[PlanProblem]:
    """Yield every cross-reference problem of a structurally valid plan."""
    if "year" not in plan.windows:
        yield PlanProblem(None, "windows", "a window named 'year' is required")
    for name, window in plan.windows.items():
        if window.start > window.end:
            yield PlanProblem(None, f"windows.{name}", "start is after end")
        for edge in ("start", "end"):
            day: dt.date = getattr(window, edge)
            if day.year != plan.year:
                yield PlanProblem(
                    None, f"windows.{name}.{edge}", f"{day} is outside the plan year {plan.year}"
                )
    for kind_id, kind in plan.kinds.items():
        spec = kind.attribute
        if spec is not None and spec.type == "flag" and set(spec.values) != {"yes", "no"}:
            yield PlanProblem(None, f"kinds.{kind_id}.attribute", "a flag has values yes and no")
        for value_id, value in spec.values.items() if spec is not None else ():
            for role in value.roles:
                if role not in plan.roles:
                    where = f"kinds.{kind_id}.attribute.values.{value_id}.roles"
                    yield PlanProblem(None, where, f"unknown role {role!r}")
    seen: set[str] = set()
    for ob in plan.obligations:
        yield from _check_obligation(plan, ob, seen)


def _check_obligation(plan: Plan, ob: Obligation, seen: set[str]) -> Iterable[PlanProblem]:
    if ob.id in seen:
        yield PlanProblem(ob.id, "id", "duplicate id")
    seen.add(ob.id)
    kind = plan.kinds.get(ob.kind)
    if kind is None:
        yield PlanProblem(ob.id, "kind", f"unknown kind id {ob.kind!r}")
    for role in ob.roles:
        if role not in plan.roles:
            yield PlanProblem(ob.id, "roles", f"unknown role {role!r}")
    if ob.scope is Scope.EACH and not ob.roles:
        yield PlanProblem(ob.id, "roles", "an 'each' obligation names at least one role")
    if ob.scope is Scope.UNIT and ob.roles:
        yield PlanProblem(ob.id, "roles", "a 'unit' obligation has no roles")
    if ob.rule is None and ob.target is None:
        yield PlanProblem(ob.id, "target", "a target is required")
    if ob.target is not None and ob.target < 1:
        yield PlanProblem(ob.id, "target", f"target must be at least 1, not {ob.target}")
    if ob.rule is not None and not ob.attribute:
        yield PlanProblem(ob.id, "attribute", "a rule names the attribute every record must have")
    if ob.window not in plan.windows:
        yield PlanProblem(ob.id, "window", f"unknown window {ob.window!r}")
    if kind is not None:
        yield from _check_attribute(ob, kind)


def _check_attribute(ob: Obligation, kind: Kind) -> Iterable[PlanProblem]:
    for name, value in ob.attribute.items():
        spec = kind.attribute
        if spec is None or spec.name != name:
            yield PlanProblem(ob.id, "attribute", f"kind {ob.kind!r} has no attribute {name!r}")
        elif value not in spec.values:
            yield PlanProblem(ob.id, "attribute", f"{name} has no value {value!r}")
    if (ob.per_counterpart or ob.supervised_only) and (
        kind.attribute is None or kind.attribute.name != "counterpart"
    ):
        yield PlanProblem(ob.id, "per_counterpart", "only kinds with a counterpart allow this")


def shipped_plan_path() -> Path:
    """The plan file that ships with the project (the 2022 plan)."""
    return Path(__file__).resolve().parent.parent / "plans" / "plan-2022.yaml"


class PlanBook:
    """The plans loaded; the one in force is chosen by the day."""

    def __init__(self, plans: Iterable[Plan]) -> None:
        self._by_year = {plan.year: plan for plan in plans}

    @property
    def years(self) -> list[int]:
        return sorted(self._by_year)

    def for_day(self, day: dt.date) -> Plan | None:
        """The plan of the day's year, or of last year while one of its windows is in grace."""
        plan = self._by_year.get(day.year)
        if plan is not None:
            return plan
        last = self._by_year.get(day.year - 1)
        if last is not None and any(
            w.end < day <= w.accepts_until() for w in last.windows.values()
        ):
            return last
        return None

    def for_year(self, year: int) -> Plan | None:
        return self._by_year.get(year)

    def latest(self) -> Plan:
        return self._by_year[max(self._by_year)]


def load_plans(paths: Iterable[str | Path]) -> PlanBook:
    """Load several plan files; two for one year is an error."""
    plans: list[Plan] = []
    for path in paths:
        plan = load_plan(path)
        if any(p.year == plan.year for p in plans):
            problem = PlanProblem(None, "year", f"another plan file already covers {plan.year}")
            raise PlanError(str(path), [problem])
        plans.append(plan)
    if not plans:
        raise PlanError("ACTIVITY_BOT_PLAN", [PlanProblem(None, "file", "no plan file given")])
    return PlanBook(plans)
