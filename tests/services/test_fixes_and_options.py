"""Fixes for a post's warnings (one post, or every post of its market or rule), refused with a reason where they would
leave the plan period or land on another post of the rule; workload options applied as one undoable change."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time

import pytest

from smplanner.domain.plan import (
    Actor,
    ActorKind,
    CadenceRule,
    Firm,
    HolidayPolicy,
    Market,
    Plan,
    PostStatus,
    PostVersion,
    Presence,
    Strategy,
)
from smplanner.domain.post_fixes import FixScope
from smplanner.domain.post_warnings import PostWarning, advice_for
from smplanner.domain.workload import FindingKind, OptionKind
from smplanner.services.plan_files import create_from_example
from smplanner.services.planning import PlanningService, posts_for

NOW = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)
FRANCE = Market("FR", "Europe/Paris", languages=("fr",))
FOUNDER = Actor("Aline", ActorKind.FOUNDER, country="BE", hours_per_week=10)
INSTAGRAM = Presence(FRANCE.id, "instagram", actor_id=FOUNDER.id)
WHATSAPP = Presence(FRANCE.id, "whatsapp_business", actor_id=FOUNDER.id)


def plan_with(*rules: CadenceRule, end: date = date(2027, 12, 31)) -> Plan:
    return Plan(
        firm=Firm("Atelier Nord", "BE", "Europe/Brussels", working_start=time(9), working_end=time(18)),
        strategy=Strategy(date(2027, 1, 11), end),
        markets=(FRANCE,),
        actors=(FOUNDER,),
        presences=(INSTAGRAM, WHATSAPP),
        cadence_rules=rules,
    )


@pytest.fixture
def open_plan(plan_store):
    opened = []

    def opener(plan: Plan) -> PlanningService:
        plan_file = plan_store.open(plan_store.create(plan, posts_for(plan), name="plan{n}".format(n=len(opened))))
        opened.append(plan_file)
        return PlanningService(plan_file)

    yield opener
    for plan_file in opened:
        plan_file.close()


def warned(service: PlanningService, warning: PostWarning) -> list:
    return [post for post, advice in service.posts_with_advice(None, None) if warning in advice.warnings]


def test_a_rule_s_posts_outside_the_good_hours_move_to_the_nearest_good_hour_together(open_plan) -> None:
    # Instagram's good days are Mon, Tue, Wed and Fri, 09:00-13:00; Tuesday at 07:00 is outside them.
    service = open_plan(plan_with(CadenceRule(INSTAGRAM.id, (1,), (time(7, 0),))))
    before = warned(service, PostWarning.OUTSIDE_GOOD_HOURS)
    assert len(before) == 51
    fix = service.plan_fix(before[0].id, PostWarning.OUTSIDE_GOOD_HOURS, FixScope.RULE, NOW)
    assert len(fix.moved) == 51 and fix.refused == ()
    assert all(p.local.time() == time(9, 0) and p.local.date() == b.local.date() and p.edited
               for p, b in zip(fix.moved, before, strict=True))
    changes, stored_before = service.apply_fix(fix.moved)
    assert len(changes.post_changes) == 51
    assert sorted(stored_before, key=lambda p: p.id) == sorted(before, key=lambda p: p.id)
    assert warned(service, PostWarning.OUTSIDE_GOOD_HOURS) == []
    service.restore_posts(stored_before, over=[c.after for c in changes.post_changes])  # one step back
    assert warned(service, PostWarning.OUTSIDE_GOOD_HOURS) == before


def test_a_post_in_the_founder_s_night_moves_into_her_day(open_plan) -> None:
    # WhatsApp Business cannot schedule ahead: 23:00 in Paris is the founder's night in Brussels.
    service = open_plan(plan_with(CadenceRule(WHATSAPP.id, (2,), (time(23, 0),))))
    (first, *_rest) = warned(service, PostWarning.FOUNDER_NIGHT)
    fix = service.plan_fix(first.id, PostWarning.FOUNDER_NIGHT, FixScope.POST, NOW)
    (moved,) = fix.moved
    assert moved.id == first.id and moved.local == datetime.combine(first.local.date(), time(17, 45))
    context = service.warning_context(date(2027, 1, 1), date(2027, 12, 31))
    assert not {PostWarning.FOUNDER_NIGHT, PostWarning.OUTSIDE_WORKING_HOURS} & set(advice_for(moved, context).warnings)


def test_a_flagged_holiday_post_moves_to_its_market_s_next_working_day(open_plan) -> None:
    service = open_plan(plan_with(CadenceRule(INSTAGRAM.id, (3,), (time(10, 0),), holiday_policy=HolidayPolicy.FLAG)))
    ascension = next(p for p in warned(service, PostWarning.HOLIDAY) if p.local.date() == date(2027, 5, 6))
    fix = service.plan_fix(ascension.id, PostWarning.HOLIDAY, FixScope.POST, NOW)
    (moved,) = fix.moved
    assert moved.local == datetime(2027, 5, 7, 10, 0)
    service.apply_fix(fix.moved)
    assert ascension.id not in {p.id for p in warned(service, PostWarning.HOLIDAY)}
    # Whit Monday's post of a Friday-and-Monday rule goes to Tuesday.
    whit = open_plan(plan_with(CadenceRule(INSTAGRAM.id, (4, 0), (time(10, 0),), holiday_policy=HolidayPolicy.FLAG)))
    monday = next(p for p in warned(whit, PostWarning.HOLIDAY) if p.local.date() == date(2027, 5, 17))
    (moved,) = whit.plan_fix(monday.id, PostWarning.HOLIDAY, FixScope.POST, NOW).moved
    assert moved.local == datetime(2027, 5, 18, 10, 0)


def test_a_fix_that_would_leave_the_plan_period_is_refused_with_the_reason(open_plan) -> None:
    # The plan ends on Christmas Day, a holiday with a post of a rule that keeps and flags it.
    service = open_plan(plan_with(CadenceRule(INSTAGRAM.id, (5,), (time(10, 0),), holiday_policy=HolidayPolicy.FLAG),
                                  end=date(2027, 12, 25)))
    christmas = next(p for p in warned(service, PostWarning.HOLIDAY) if p.local.date() == date(2027, 12, 25))
    fix = service.plan_fix(christmas.id, PostWarning.HOLIDAY, FixScope.POST, NOW)
    assert fix.moved == ()
    (refusal,) = fix.refused
    assert refusal.post.id == christmas.id and refusal.reason == "It would move the post outside the plan period."


def test_a_fix_that_would_land_on_another_post_of_the_rule_is_refused(open_plan) -> None:
    # Mondays, Tuesdays and Thursdays at 10:00, holidays kept and flagged: Easter Monday's post cannot move to
    # Tuesday 10:00, where the rule posts already.
    service = open_plan(plan_with(CadenceRule(INSTAGRAM.id, (0, 1, 3), (time(10, 0),),
                                              holiday_policy=HolidayPolicy.FLAG)))
    easter_monday = next(p for p in warned(service, PostWarning.HOLIDAY) if p.local.date() == date(2027, 3, 29))
    fix = service.plan_fix(easter_monday.id, PostWarning.HOLIDAY, FixScope.POST, NOW)
    assert fix.moved == ()
    assert fix.refused[0].reason == "Its rule already has a post on the market's next working day at that time."
    # In bulk, the others move and the refused one is named.
    bulk = service.plan_fix(easter_monday.id, PostWarning.HOLIDAY, FixScope.MARKET, NOW)
    assert easter_monday.id in {r.post.id for r in bulk.refused} and bulk.moved
    assert len({(p.local, p.rule_id) for p in bulk.moved}) == len(bulk.moved)


def test_published_posts_and_a_text_too_long_are_not_moved(open_plan) -> None:
    service = open_plan(plan_with(CadenceRule(INSTAGRAM.id, (1,), (time(7, 0),))))
    post = warned(service, PostWarning.OUTSIDE_GOOD_HOURS)[0]
    service.update_post(dataclasses.replace(post, status=PostStatus.PUBLISHED, published_at=post.instant))
    refusal = service.plan_fix(post.id, PostWarning.OUTSIDE_GOOD_HOURS, FixScope.POST, NOW).refused[0]
    assert refusal.reason == "Already published: it stays where it went out."
    long = dataclasses.replace(warned(service, PostWarning.OUTSIDE_GOOD_HOURS)[1],
                               versions=(PostVersion("en", "x" * 3000),))
    service.update_post(long)
    fix = service.plan_fix(long.id, PostWarning.TOO_LONG, FixScope.POST, NOW)
    assert fix.moved == () and "shorten the text" in fix.refused[0].reason


# --- workload options ---------------------------------------------------------------------------------------------


def decisions(plan: Plan) -> tuple:
    """A plan's decisions, whatever order the file keeps its rows in."""
    def by_id(items) -> dict:
        return {item.id: item for item in items}

    return (plan.firm, plan.strategy, by_id(plan.markets), by_id(plan.actors), by_id(plan.presences),
            by_id(plan.content_types), by_id(plan.cadence_rules), plan.own_platforms)


def _posts(service: PlanningService) -> set:
    return set(service.posts_between(None, None))


@pytest.mark.parametrize("kind", [OptionKind.LOWER_CADENCE, OptionKind.DROP_PRESENCE])
def test_an_option_is_applied_as_the_wizard_s_finish_would_and_undone_exactly(plan_store, kind) -> None:
    path = plan_store.address("confectioner")
    create_from_example(path, "confectioner", date(2027, 1, 6))
    middle = datetime(2027, 6, 1, tzinfo=UTC)  # past posts too, which a dropped presence unlinks
    with plan_store.open(path) as plan_file:
        service = PlanningService(plan_file)
        _report, found = service.workload()
        (too_many,) = [f for f in found if f.kind is FindingKind.TOO_MANY_PRESENCES]
        option = next(o for o in too_many.options if o.kind is kind)
        before_plan, before_posts = service.plan(), _posts(service)
        changes, snapshot = service.apply_decisions_undoably(option.plan, middle)
        assert changes.decisions and changes.posts
        assert {r.id: r for r in service.plan().cadence_rules} == {r.id: r for r in option.plan.cadence_rules}
        assert {p.id for p in service.plan().presences} == {p.id for p in option.plan.presences}
        after = _posts(service)
        assert after != before_posts
        # The same as the wizard's Finish with those decisions: nothing before `middle` changed but the links.
        assert {p.id for p in before_posts if p.instant < middle} == {p.id for p in after if p.instant < middle}
        restored = service.restore_decisions(snapshot)
        assert restored.decisions and restored.posts
        assert decisions(service.plan()) == decisions(before_plan)
        assert _posts(service) == before_posts
        _report, found_again = service.workload()
        assert [f.text for f in found_again] == [f.text for f in found]
