"""The progress calculator: worked examples from the plan, and properties for all inputs."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.plan import Plan, Scope
from bot.core.progress import (
    Fact,
    Status,
    holder_progress,
    in_window,
    member_progress,
    progress_of,
    unit_progress,
    with_record,
)
from tests.strategies import ROSTER, facts

JUNE_15 = dt.date(2022, 6, 15)
SECRETARY, LI_MING, ZHAO_MIN, CHEN_JING = ROSTER[0], ROSTER[1], ROSTER[2], ROSTER[3]


def by_id(progress, oid):  # type: ignore[no-untyped-def]
    return next(p for p in progress if p.obligation.id == oid)


def test_research_trips_pace_monthly(plan: Plan) -> None:
    trips = [Fact("research_trip", dt.date(2022, m, 3), member_id=7) for m in range(1, 6)]
    p = progress_of(plan, plan.obligation("research-trips"), None, trips, JUNE_15, ROSTER)
    assert (p.done, p.target, p.expected, p.status) == (5, 12, 6, Status.BEHIND)
    assert p.remaining == 7 and p.due == dt.date(2022, 12, 31)
    trips.append(Fact("research_trip", dt.date(2022, 6, 10), member_id=2))
    p = progress_of(plan, plan.obligation("research-trips"), None, trips, JUNE_15, ROSTER)
    assert p.status is Status.ON_TRACK


def test_party_group_studies_linear(plan: Plan) -> None:
    ob = plan.obligation("party-group-studies")
    assert progress_of(plan, ob, None, [], JUNE_15).status is Status.ON_TRACK  # ⌊2×166/365⌋=0
    late = progress_of(plan, ob, None, [], dt.date(2022, 7, 5))  # ⌊2×186/365⌋=1
    assert (late.expected, late.status) == (1, Status.BEHIND)
    two = [
        Fact("party_group_study", dt.date(2022, 3, 1)),
        Fact("party_group_study", dt.date(2022, 6, 2)),
    ]
    assert progress_of(plan, ob, None, two, JUNE_15).status is Status.DONE


def test_mid_year_and_year_end_windows(plan: Plan) -> None:
    mid, end = plan.obligation("midyear-report"), plan.obligation("yearend-report")
    may = [Fact("special_report", dt.date(2022, 5, 30))]
    assert progress_of(plan, mid, None, may, JUNE_15).done == 0  # before the window opened
    assert progress_of(plan, mid, None, [], dt.date(2022, 5, 1)).status is Status.NOT_YET_OPEN
    assert progress_of(plan, mid, None, [], JUNE_15).status is Status.ON_TRACK
    assert progress_of(plan, mid, None, [], dt.date(2022, 8, 1)).status is Status.OVERDUE
    june = [Fact("special_report", dt.date(2022, 6, 20))]
    assert progress_of(plan, mid, None, june, dt.date(2022, 8, 1)).status is Status.DONE
    assert progress_of(plan, end, None, june, JUNE_15).status is Status.NOT_YET_OPEN
    january = [Fact("special_report", dt.date(2023, 1, 10))]  # in the year-end grace days
    assert progress_of(plan, end, None, january, dt.date(2023, 1, 10)).status is Status.DONE
    too_late = [Fact("special_report", dt.date(2023, 1, 20))]
    assert progress_of(plan, end, None, too_late, dt.date(2023, 1, 20)).status is Status.OVERDUE


def test_each_obligations_are_per_holder_and_attribute(plan: Plan) -> None:
    talks = [
        Fact("reminder_talk", dt.date(2022, 3, 1), "dept_heads", member_id=LI_MING.id),
        Fact("reminder_talk", dt.date(2022, 3, 2), "all_staff", member_id=ZHAO_MIN.id),
    ]
    li = by_id(member_progress(plan, LI_MING, talks, JUNE_15, ROSTER), "deputy-talks-dept-heads")
    zhao = by_id(member_progress(plan, ZHAO_MIN, talks, JUNE_15, ROSTER), "deputy-talks-dept-heads")
    assert (li.done, zhao.done) == (1, 0)  # Zhao's talk was with all staff, not dept heads


def test_a_deputy_talk_naming_another_deputys_heads_does_not_count(plan: Plan) -> None:
    ob = plan.obligation("deputy-talks-dept-heads")
    with_zhou = [
        Fact(
            "reminder_talk",
            dt.date(2022, 3, 1),
            "dept_heads",
            member_id=LI_MING.id,
            text="与周婷提醒谈话",
        )
    ]  # 周婷 heads 金融服务科, supervised by 赵敏
    assert progress_of(plan, ob, LI_MING, with_zhou, JUNE_15, ROSTER).done == 0
    with_liu = [dataclasses.replace(with_zhou[0], text="与刘洋提醒谈话")]
    assert progress_of(plan, ob, LI_MING, with_liu, JUNE_15, ROSTER).done == 1


def test_one_talk_with_each_leader_when_the_plan_says_so(plan: Plan) -> None:
    ob = plan.obligation("secretary-talks-leaders").model_copy(update={"per_counterpart": True})
    one = [
        Fact(
            "reminder_talk",
            dt.date(2022, 3, 1),
            "leaders",
            member_id=SECRETARY.id,
            text="与李明提醒谈话",
        )
    ]
    p = progress_of(plan, ob, SECRETARY, one, JUNE_15, ROSTER)
    assert (p.done, p.target, p.missing) == (1, 2, ("赵敏",))
    team = [
        Fact(
            "reminder_talk",
            dt.date(2022, 3, 1),
            "leaders",
            member_id=SECRETARY.id,
            text="与班子成员集体谈话",
        )
    ]
    assert progress_of(plan, ob, SECRETARY, team, JUNE_15, ROSTER).status is Status.DONE


def test_the_inspectors_rule_lists_the_meetings_without_them(plan: Plan) -> None:
    ob = plan.obligation("inspectors-at-major-decisions")
    meetings = [
        Fact("major_decision_meeting", dt.date(2022, 3, 1), "yes", activity_id=1),
        Fact("major_decision_meeting", dt.date(2022, 4, 1), "no", activity_id=2),
        Fact("major_decision_meeting", dt.date(2022, 5, 1), None, activity_id=3),
    ]
    p = progress_of(plan, ob, None, meetings, JUNE_15)
    assert p.status is Status.BEHIND and p.remaining == 2 and p.done == 1
    assert [f.activity_id for f in p.violations] == [2, 3]
    clean = progress_of(plan, ob, None, meetings[:1], dt.date(2023, 1, 2))
    assert clean.status is Status.DONE


def test_same_day_unit_events_count_once_when_set(plan: Plan) -> None:
    twice = [
        Fact("party_group_study", dt.date(2022, 6, 2), member_id=1),
        Fact("party_group_study", dt.date(2022, 6, 2), member_id=4),
    ]
    ob = plan.obligation("party-group-studies")
    assert progress_of(plan, ob, None, twice, JUNE_15).done == 2
    once = plan.model_copy(
        update={"settings": plan.settings.model_copy(update={"same_day_unit_events": "count_once"})}
    )
    assert progress_of(once, ob, None, twice, JUNE_15).done == 1


def test_one_record_toward_one_obligation_when_set(plan: Plan) -> None:
    risk = [Fact("risk_list", dt.date(2022, 4, 1), member_id=CHEN_JING.id)]
    both = unit_progress(plan, risk, JUNE_15, ROSTER) + holder_progress(plan, risk, JUNE_15, ROSTER)
    assert by_id(both, "risk-list").done == 1
    assert (
        next(
            p for p in both if p.obligation.id == "dept-risk-points" and p.holder == CHEN_JING
        ).done
        == 1
    )
    single = plan.model_copy(
        update={"settings": plan.settings.model_copy(update={"one_record_many_obligations": False})}
    )
    units = unit_progress(single, risk, JUNE_15, ROSTER)
    heads = holder_progress(single, risk, JUNE_15, ROSTER)
    assert by_id(units, "risk-list").done == 1
    assert next(p for p in heads if p.holder == CHEN_JING).done == 0


def test_member_view_is_ordered_by_urgency(plan: Plan) -> None:
    statement = [Fact("duty_statement", dt.date(2022, 1, 5), member_id=LI_MING.id)]
    items = member_progress(plan, LI_MING, statement, dt.date(2022, 12, 10), ROSTER)
    assert [p.status for p in items][:1] == [Status.ON_TRACK]
    assert items[-1].status is Status.ON_TRACK or items[-1].status is Status.DONE
    assert all(p.obligation.scope is Scope.EACH for p in items)
    assert {p.obligation.id for p in items} == {
        "deputy-report",
        "deputy-dept-study",
        "deputy-talks-dept-heads",
        "deputy-duty-statement",
        "democratic-life-meeting",
        "organizational-life-meeting",
    }
    # a statement in January is not the year-end one
    assert by_id(items, "deputy-duty-statement").done == 0


def test_staff_have_no_personal_obligations(plan: Plan) -> None:
    assert member_progress(plan, ROSTER[6], [], JUNE_15, ROSTER) == []


def all_progress(plan: Plan, fs: list[Fact], day: dt.date):  # type: ignore[no-untyped-def]
    return unit_progress(plan, fs, day, ROSTER) + holder_progress(plan, fs, day, ROSTER)


@st.composite
def scenario(draw, plan: Plan):  # type: ignore[no-untyped-def]
    return (
        draw(st.lists(facts(plan), max_size=25)),
        draw(st.dates(dt.date(2022, 1, 1), dt.date(2023, 1, 31))),
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_done_never_exceeds_what_was_logged(plan: Plan, data: st.DataObject) -> None:
    fs, day = data.draw(scenario(plan))
    for p in all_progress(plan, fs, day):
        logged = sum(f.count for f in fs if f.kind == p.obligation.kind)
        assert 0 <= p.done <= max(logged, p.target or 0)
        assert p.done <= logged or p.obligation.per_counterpart


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_adding_a_matching_record_never_increases_remaining(
    plan: Plan, data: st.DataObject
) -> None:
    fs, day = data.draw(scenario(plan))
    extra = data.draw(facts(plan))
    before = {(p.obligation.id, p.holder): p.remaining for p in all_progress(plan, fs, day)}
    for p in all_progress(plan, [*fs, extra], day):
        if not p.obligation.is_rule:
            assert p.remaining <= before[(p.obligation.id, p.holder)]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_record_outside_a_window_never_counts_toward_it(plan: Plan, data: st.DataObject) -> None:
    fs, day = data.draw(scenario(plan))
    for p in all_progress(plan, fs, day):
        window = plan.windows[p.obligation.window]
        assert all(in_window(plan, window, f.day) for f in p.counted + p.violations)
        outside = [f for f in fs if not in_window(plan, window, f.day)]
        assert not set(map(id, outside)) & set(map(id, p.counted))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_another_years_records_never_count(plan: Plan, data: st.DataObject) -> None:
    fs, day = data.draw(scenario(plan))
    this_year = [f for f in fs if f.day.year == 2022]
    shifted = [
        dataclasses.replace(f, day=f.day.replace(year=2021))
        for f in fs
        if not (f.day.month == 2 and f.day.day == 29)
    ]
    base = {(p.obligation.id, p.holder): p.done for p in all_progress(plan, this_year, day)}
    for p in all_progress(plan, this_year + shifted, day):
        assert p.done == base[(p.obligation.id, p.holder)]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_each_pair_reads_the_same_records_as_from_all(plan: Plan, data: st.DataObject) -> None:
    """The per-kind and per-holder index gives each obligation what reading every record
    would have given it."""
    fs, day = data.draw(scenario(plan))
    assert plan.settings.one_record_many_obligations
    for p in [*holder_progress(plan, fs, day, ROSTER), *unit_progress(plan, fs, day, ROSTER)]:
        assert p == progress_of(plan, p.obligation, p.holder, fs, day, ROSTER)


@given(st.lists(st.dates(dt.date(2021, 12, 1), dt.date(2023, 1, 31)), max_size=8), st.data())
@settings(max_examples=60, deadline=None)
def test_a_tally_of_records_changes_as_the_records_would(plan: Plan, days, data) -> None:  # type: ignore[no-untyped-def]
    """Adding or replacing a record in a day tally gives the count of the records one by one."""
    ob = plan.obligation("research-trips")
    records = [Fact("research_trip", d, member_id=1, activity_id=i) for i, d in enumerate(days)]
    added_day = data.draw(st.dates(dt.date(2021, 12, 1), dt.date(2023, 1, 31)))
    added = Fact("research_trip", added_day, member_id=1)
    removed = data.draw(st.sampled_from(records)) if records else None
    window = plan.windows[ob.window]
    tally = sum(1 for f in records if in_window(plan, window, f.day))
    tallied = [Fact("research_trip", window.start, None, None, tally, days=tally)] if tally else []
    one_by_one = [f for f in records if f != removed] + [added]
    expected = progress_of(plan, ob, None, one_by_one, JUNE_15).done
    assert progress_of(plan, ob, None, with_record(records, added, removed), JUNE_15).done == (
        expected
    )
    assert progress_of(plan, ob, None, with_record(tallied, added, removed), JUNE_15).done == (
        expected
    )
