"""The shipped plan encodes DESIGN.md's table; `load_plan` rejects broken plans precisely."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from bot.core.plan import Plan, Scope, parse_plan, shipped_plan_path
from bot.errors import PlanError

# id: (clauses, scope, roles, kind, attribute, target, window) — DESIGN.md, "Obligations".
DESIGN = {
    "party-group-studies": ({2}, "unit", (), "party_group_study", {}, 2, "year"),
    "midyear-report": ({2}, "unit", (), "special_report", {}, 1, "mid_year"),
    "yearend-report": ({2}, "unit", (), "special_report", {}, 1, "year_end"),
    "dept-assessment": ({2}, "unit", (), "dept_assessment", {}, 1, "year_end"),
    "risk-list": ({2, 11}, "unit", (), "risk_list", {}, 1, "year"),
    "secretary-talks-leaders": (
        {3},
        "each",
        ("secretary",),
        "reminder_talk",
        {"counterpart": "leaders"},
        1,
        "year",
    ),
    "secretary-talks-staff": (
        {3},
        "each",
        ("secretary",),
        "reminder_talk",
        {"counterpart": "all_staff"},
        1,
        "year",
    ),
    "secretary-lecture": ({3}, "each", ("secretary",), "integrity_lecture", {}, 1, "year"),
    "secretary-duty-statement": ({3}, "each", ("secretary",), "duty_statement", {}, 1, "year_end"),
    "deputy-report": ({4}, "each", ("deputy",), "report_to_party_group", {}, 1, "year"),
    "deputy-dept-study": ({4}, "each", ("deputy",), "dept_study", {}, 1, "year"),
    "deputy-talks-dept-heads": (
        {4},
        "each",
        ("deputy",),
        "reminder_talk",
        {"counterpart": "dept_heads"},
        1,
        "year",
    ),
    "deputy-duty-statement": ({4}, "each", ("deputy",), "duty_statement", {}, 1, "year_end"),
    "center-group-discipline-study": (
        {5},
        "unit",
        (),
        "discipline_study",
        {"host": "center_group"},
        1,
        "year",
    ),
    "branch-discipline-study": ({5}, "unit", (), "discipline_study", {"host": "branch"}, 1, "year"),
    "warning-education": ({5}, "unit", (), "warning_education", {}, 1, "year"),
    "democratic-life-meeting": (
        {6},
        "each",
        ("secretary", "deputy"),
        "democratic_life_meeting",
        {},
        1,
        "year",
    ),
    "organizational-life-meeting": (
        {6},
        "each",
        ("secretary", "deputy"),
        "organizational_life_meeting",
        {},
        1,
        "year",
    ),
    "rectification": ({7}, "unit", (), "rectification", {}, 1, "year"),
    "anti-formalism-discussion": ({8}, "unit", (), "anti_formalism_discussion", {}, 1, "year"),
    "research-plan": ({10}, "unit", (), "research_plan", {}, 1, "year"),
    "research-trips": ({10}, "unit", (), "research_trip", {}, 12, "year"),
    "dept-risk-points": ({14}, "each", ("dept_head",), "risk_list", {}, 1, "year"),
    "inspectors-at-major-decisions": (
        {7},
        "unit",
        (),
        "major_decision_meeting",
        {"inspectors_present": "yes"},
        None,
        "year",
    ),
}

KINDS = {
    "party_group_study",
    "special_report",
    "dept_assessment",
    "risk_list",
    "reminder_talk",
    "integrity_lecture",
    "duty_statement",
    "report_to_party_group",
    "dept_study",
    "discipline_study",
    "warning_education",
    "democratic_life_meeting",
    "organizational_life_meeting",
    "rectification",
    "anti_formalism_discussion",
    "research_plan",
    "research_trip",
    "research_report",
    "major_decision_meeting",
    "other",
}

# The bureau's 2022 plan as it was given (a copy of shared/seed, so that a checkout tests alone).
SEED = Path(__file__).resolve().parents[1] / "data" / "plan-2022-seed.txt"


def test_shipped_plan_has_every_obligation_of_the_design(plan: Plan) -> None:
    assert plan.year == 2022
    assert [o.id for o in plan.obligations] == list(DESIGN)
    for ob in plan.obligations:
        clauses, scope, roles, kind, attribute, target, window = DESIGN[ob.id]
        got = (
            set(ob.clause),
            ob.scope.value,
            ob.roles,
            ob.kind,
            ob.attribute,
            ob.target,
            ob.window,
        )
        assert got == (clauses, scope, roles, kind, attribute, target, window), ob.id


def test_shipped_plan_windows_and_pacing(plan: Plan) -> None:
    mid, end = plan.windows["mid_year"], plan.windows["year_end"]
    assert (mid.start, mid.end) == (dt.date(2022, 6, 1), dt.date(2022, 7, 31))
    assert (end.start, end.end) == (dt.date(2022, 12, 1), dt.date(2022, 12, 31))
    assert end.accepts_until() == dt.date(2023, 1, 15)
    assert plan.obligation("research-trips").pacing.value == "monthly"
    assert plan.obligation("inspectors-at-major-decisions").is_rule


def test_every_kind_of_the_design_has_labels_and_vocabulary(plan: Plan) -> None:
    assert set(plan.kinds) == KINDS
    for kind_id, kind in plan.kinds.items():
        assert kind.label.zh and kind.label.en
        if kind_id != "other":
            assert kind.words.zh, kind_id
            assert kind.words.en, kind_id


def test_each_obligation_quotes_the_plan_text_verbatim(plan: Plan) -> None:
    source = re.sub(r"\s", "", SEED.read_text(encoding="utf-8"))
    for ob in plan.obligations:
        assert ob.text in source, ob.id
        assert ob.title.zh and ob.title.en
    assert {o.scope for o in plan.obligations} == {Scope.UNIT, Scope.EACH}


def _broken(change: str) -> str:
    """The shipped plan with one change applied to its parsed form, as YAML text."""
    raw = yaml.safe_load(shipped_plan_path().read_text(encoding="utf-8"))
    lecture = next(o for o in raw["obligations"] if o["id"] == "secretary-lecture")
    if change == "kind":
        lecture["kind"] = "karaoke"
    elif change == "role":
        lecture["roles"] = ["chairman"]
    elif change == "target":
        lecture["target"] = 0
    elif change == "window":
        raw["windows"]["mid_year"]["end"] = dt.date(2023, 2, 1)
    elif change == "duplicate":
        raw["obligations"].append(dict(lecture))
    elif change == "type":
        lecture["target"] = "several"
    elif change == "unknown_window":
        lecture["window"] = "autumn"
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("kind", "obligation 'secretary-lecture': kind: unknown kind id 'karaoke'"),
        ("role", "obligation 'secretary-lecture': roles: unknown role 'chairman'"),
        ("target", "obligation 'secretary-lecture': target: target must be at least 1, not 0"),
        ("window", "windows.mid_year.end: 2023-02-01 is outside the plan year 2022"),
        ("duplicate", "obligation 'secretary-lecture': id: duplicate id"),
        ("type", "obligation 'secretary-lecture': target: Input should be a valid integer"),
        ("unknown_window", "obligation 'secretary-lecture': window: unknown window 'autumn'"),
    ],
)
def test_broken_plans_name_the_file_obligation_and_field(change: str, expected: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_plan(_broken(change), "broken.yaml")
    assert str(caught.value).startswith("broken.yaml: ")
    assert expected in str(caught.value)


def test_yaml_syntax_error_names_the_line() -> None:
    text = "year: 2022\ntitle: {zh: a, en: b}\nwindows: [unclosed\nroles: {}\n"
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "bad.yaml")
    assert re.search(r"bad\.yaml: YAML syntax: .* line \d+, column \d+", str(caught.value))


def test_a_plan_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(PlanError, match="a plan is a YAML mapping"):
        parse_plan("- just\n- a list\n", "list.yaml")


def test_unknown_field_is_refused_not_ignored() -> None:
    text = (
        shipped_plan_path()
        .read_text(encoding="utf-8")
        .replace("    pacing: monthly", "    pacing: monthly\n    tagret: 3")
    )
    with pytest.raises(PlanError, match=r"obligation 'research-trips': tagret: Extra inputs"):
        parse_plan(text, "typo.yaml")
