"""Each warning of a post, on concrete days and zones, and the silences that make a profile look abandoned."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smplanner.domain.cadence import generate_posts, generated_post_id
from smplanner.domain.catalogue import ChannelType, founder_platform
from smplanner.domain.market_days import NO_DAYS_OFF, DaysOff
from smplanner.domain.plan import (
    Actor,
    ActorKind,
    CadenceRule,
    Firm,
    Market,
    Plan,
    Post,
    PostVersion,
    Presence,
    Strategy,
)
from smplanner.domain.post_warnings import (
    NOTE_LABELS,
    NOTE_SHORT_LABELS,
    WARNING_LABELS,
    WARNING_SHORT_LABELS,
    PostNote,
    PostWarning,
    Silence,
    WarningContext,
    advice_for,
    day_spans,
    find_silences,
    text_limit,
    title_limit,
    warnings_for,
)
from smplanner.domain.post_tally import Span
from smplanner.domain.timezones import resolve_local, zone

JP = Market("JP", "Asia/Tokyo", languages=("ja",))
BE = Market("BE", "Europe/Brussels", languages=("fr", "nl"))
QC = Market("CA", "America/Toronto", subdivision="QC", languages=("fr",))
TODAY = date(2026, 12, 1)

# Good hours of the founder's own, so that these tests do not depend on the shipped study figures.
LINKEDIN = founder_platform("linkedin", "LinkedIn", ChannelType.PROFESSIONAL_NETWORK, TODAY, days=(1, 2),
                            windows=((time(10, 0), time(12, 0)),))
NIGHT_OWL = founder_platform("night_owl", "Night owl", ChannelType.FEED, TODAY, windows=((time(22, 0), time(2, 0)),))
EVERY_DAY = founder_platform("every_day", "Every day", ChannelType.FEED, TODAY, windows=((time(8, 0), time(9, 0)),))


def make_plan(*rules: CadenceRule, presences: tuple[Presence, ...] = (), **strategy: object) -> Plan:
    return Plan(
        firm=Firm(name="Cuberdon & Co", home_country="BE", home_zone="Europe/Brussels",
                  working_start=time(9, 0), working_end=time(18, 0)),
        strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31), **strategy),  # type: ignore[arg-type]
        markets=(JP, BE, QC),
        presences=presences,
        cadence_rules=rules,
        own_platforms=(LINKEDIN, NIGHT_OWL, EVERY_DAY),
    )


PLAN = make_plan()
JP_HOLIDAYS = {date(2027, 1, 1): "New Year's Day", date(2027, 3, 22): "Substitute Holiday"}
CONTEXT = WarningContext(PLAN, PLAN.catalogue(), {JP.id: DaysOff(holidays=JP_HOLIDAYS),
                                                   BE.id: DaysOff(holidays={date(2027, 7, 21): "National Day"})})


def post(market: Market, platform: str, local: datetime, text: str = "", **fields: object) -> Post:
    """A post with one version, in the market's first language, holding `text`."""
    versions = (PostVersion(market.languages[0] if market.languages else "en", text),)
    return Post(market.id, platform, local, market.zone, versions=versions, **fields)  # type: ignore[arg-type]


def warnings(p: Post, context: WarningContext = CONTEXT) -> set[PostWarning]:
    return set(warnings_for(p, context))


def notes(p: Post, context: WarningContext = CONTEXT) -> set[PostNote]:
    return set(advice_for(p, context).notes)


def test_every_warning_and_note_has_a_label_and_a_short_label() -> None:
    assert set(WARNING_LABELS) == set(WARNING_SHORT_LABELS) == set(PostWarning)
    assert set(NOTE_LABELS) == set(NOTE_SHORT_LABELS) == set(PostNote)
    assert [w.value for w in PostWarning] == [
        "holiday", "outside_good_hours", "founder_night", "outside_working_hours", "too_long"
    ]
    assert [n.value for n in PostNote] == ["schedule_ahead", "dst_adjusted"]


# --- holidays ---------------------------------------------------------------------------------------------------


def test_a_post_on_a_holiday_of_its_own_market() -> None:
    assert PostWarning.HOLIDAY in warnings(post(JP, "linkedin", datetime(2027, 3, 22, 10, 30)))
    assert PostWarning.HOLIDAY not in warnings(post(JP, "linkedin", datetime(2027, 3, 23, 10, 30)))
    # Another market's holiday does not count, nor does a market with no holidays given.
    assert PostWarning.HOLIDAY not in warnings(post(BE, "linkedin", datetime(2027, 3, 22, 10, 30)))
    assert PostWarning.HOLIDAY not in warnings(post(QC, "linkedin", datetime(2027, 1, 1, 10, 30)))
    assert PostWarning.HOLIDAY in warnings(post(BE, "linkedin", datetime(2027, 7, 21, 10, 30)))


def test_the_holiday_is_judged_on_the_market_s_own_date() -> None:
    new_year_morning = post(JP, "linkedin", datetime(2027, 1, 1, 7, 0))  # still 31 December in Brussels
    assert new_year_morning.instant.astimezone(zone("Europe/Brussels")).date() == date(2026, 12, 31)
    assert PostWarning.HOLIDAY in warnings(new_year_morning)
    eve = post(JP, "linkedin", datetime(2026, 12, 31, 23, 30))
    assert PostWarning.HOLIDAY not in warnings(eve)


# --- good hours -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "local, outside",
    [
        (datetime(2027, 3, 2, 10, 0), False),  # Tuesday, the window's start counts
        (datetime(2027, 3, 3, 11, 59), False),  # Wednesday
        (datetime(2027, 3, 2, 9, 59), True),
        (datetime(2027, 3, 2, 12, 0), True),  # the window's end does not
        (datetime(2027, 3, 4, 10, 30), True),  # Thursday is not one of the good days
        (datetime(2027, 3, 6, 10, 30), True),  # nor is Saturday
    ],
)
def test_outside_the_platform_s_good_hours_and_days_in_market_time(local: datetime, outside: bool) -> None:
    flagged = PostWarning.OUTSIDE_GOOD_HOURS in warnings(post(JP, "linkedin", local))
    assert flagged is outside


def test_good_hours_are_market_local_whatever_the_zone() -> None:
    assert PostWarning.OUTSIDE_GOOD_HOURS not in warnings(post(QC, "linkedin", datetime(2027, 3, 2, 10, 30)))
    assert PostWarning.OUTSIDE_GOOD_HOURS in warnings(post(QC, "linkedin", datetime(2027, 3, 2, 16, 30)))


def test_a_window_past_midnight_and_a_window_on_every_day() -> None:
    assert PostWarning.OUTSIDE_GOOD_HOURS not in warnings(post(JP, "night_owl", datetime(2027, 3, 2, 23, 0)))
    assert PostWarning.OUTSIDE_GOOD_HOURS not in warnings(post(JP, "night_owl", datetime(2027, 3, 3, 1, 30)))
    assert PostWarning.OUTSIDE_GOOD_HOURS in warnings(post(JP, "night_owl", datetime(2027, 3, 3, 2, 0)))
    sunday = datetime(2027, 3, 7, 8, 30)
    assert PostWarning.OUTSIDE_GOOD_HOURS not in warnings(post(JP, "every_day", sunday))  # no days given: all


def test_no_good_hours_warning_without_published_hours_or_for_an_unknown_platform() -> None:
    assert PLAN.catalogue().get("line").posting_times.windows == ()
    assert PostWarning.OUTSIDE_GOOD_HOURS not in warnings(post(JP, "line", datetime(2027, 3, 7, 3, 0)))
    assert warnings(post(JP, "carrier_pigeon", datetime(2027, 3, 2, 17, 30))) == set()


# --- the founder's night ----------------------------------------------------------------------------------------


OFF_HOURS = PostWarning.OUTSIDE_WORKING_HOURS


def test_a_tokyo_morning_is_a_brussels_night() -> None:
    morning = post(JP, "linkedin", datetime(2027, 3, 2, 10, 30))  # 02:30 in Brussels (CET)
    assert morning.instant == datetime(2027, 3, 2, 1, 30, tzinfo=UTC)
    assert warnings(morning) == {PostWarning.FOUNDER_NIGHT}
    evening = post(JP, "night_owl", datetime(2027, 3, 2, 23, 0))  # 15:00 in Brussels
    assert warnings(evening) == set()


def test_the_founder_s_clock_follows_its_own_daylight_saving() -> None:
    winter = post(JP, "linkedin", datetime(2027, 3, 2, 16, 30))  # 08:30 CET: before the founder starts
    summer = post(JP, "linkedin", datetime(2027, 4, 6, 16, 30))  # 09:30 CEST: at work
    assert warnings(winter) - {PostWarning.OUTSIDE_GOOD_HOURS} == {OFF_HOURS}  # not the night: that ends at 07:00
    assert warnings(summer) - {PostWarning.OUTSIDE_GOOD_HOURS} == set()


@pytest.mark.parametrize(
    "local, found",
    [(datetime(2027, 3, 2, 9, 0), set()), (datetime(2027, 3, 2, 17, 59), set()),
     (datetime(2027, 3, 2, 18, 0), {OFF_HOURS}), (datetime(2027, 3, 2, 8, 59), {OFF_HOURS}),
     (datetime(2027, 3, 2, 21, 59), {OFF_HOURS}), (datetime(2027, 3, 2, 22, 0), {PostWarning.FOUNDER_NIGHT}),
     (datetime(2027, 3, 2, 6, 59), {PostWarning.FOUNDER_NIGHT}), (datetime(2027, 3, 2, 7, 0), {OFF_HOURS}),
     (datetime(2027, 3, 6, 11, 0), set())],  # a Saturday morning is no night: only hours count
)
def test_working_hours_and_the_night_run_from_start_to_end_exclusive(local: datetime, found: set) -> None:
    assert warnings(post(BE, "every_day", local)) - {PostWarning.OUTSIDE_GOOD_HOURS} == found


def test_the_founder_s_own_night() -> None:
    owl = replace(PLAN, firm=replace(PLAN.firm, night_start=time(1, 0), night_end=time(5, 0)))
    context = replace(CONTEXT, plan=owl)
    assert PostWarning.OUTSIDE_WORKING_HOURS in warnings(post(BE, "every_day", datetime(2027, 3, 2, 23, 0)), context)
    assert PostWarning.FOUNDER_NIGHT in warnings(post(BE, "every_day", datetime(2027, 3, 2, 1, 0)), context)
    no_night = replace(PLAN, firm=replace(PLAN.firm, night_start=time(0, 0), night_end=time(0, 0)))
    assert PostWarning.FOUNDER_NIGHT not in warnings(post(BE, "every_day", datetime(2027, 3, 2, 3, 0)),
                                                      replace(CONTEXT, plan=no_night))


def test_working_hours_past_midnight() -> None:
    night_shift = replace(PLAN, firm=replace(PLAN.firm, working_start=time(22, 0), working_end=time(6, 0)))
    context = replace(CONTEXT, plan=night_shift)
    for at_work in (datetime(2027, 3, 2, 23, 0), datetime(2027, 3, 2, 5, 0)):  # in the night, but at work
        assert not warnings(post(BE, "every_day", at_work), context) & {PostWarning.FOUNDER_NIGHT, OFF_HOURS}
    assert OFF_HOURS in warnings(post(BE, "every_day", datetime(2027, 3, 2, 12, 0)), context)


def test_a_platform_that_schedules_ahead_makes_it_a_note_not_a_warning() -> None:
    catalogue = PLAN.catalogue()
    assert catalogue.get("x").schedules_ahead and not catalogue.get("whatsapp_business").schedules_ahead
    night = datetime(2027, 3, 2, 3, 0)  # 03:00 in Brussels
    assert warnings(post(BE, "x", night)) == {PostWarning.OUTSIDE_GOOD_HOURS}  # its good hours: another matter
    assert notes(post(BE, "x", night)) == {PostNote.SCHEDULE_AHEAD}
    assert warnings(post(BE, "whatsapp_business", night)) == {PostWarning.FOUNDER_NIGHT}
    assert notes(post(BE, "whatsapp_business", night)) == set()
    at_work = datetime(2027, 3, 2, 10, 0)
    assert notes(post(BE, "x", at_work)) == set()


def test_a_partner_abroad_posts_on_their_own_clock_not_the_founder_s() -> None:
    partner = Actor("Tokyo distributor", ActorKind.PARTNER, country="JP")
    employee = Actor("Assistant", ActorKind.EMPLOYEE, country="BE")
    by_partner, by_employee = Presence(JP.id, "whatsapp_business", actor_id=partner.id), Presence(
        BE.id, "whatsapp_business", actor_id=employee.id)
    plan = replace(make_plan(presences=(by_partner, by_employee)), actors=(partner, employee))
    context = replace(CONTEXT, plan=plan)
    tokyo_morning = post(JP, "whatsapp_business", datetime(2027, 3, 2, 10, 0), presence_id=by_partner.id)
    assert warnings(tokyo_morning, context) == set() and notes(tokyo_morning, context) == set()
    made_by_hand = post(JP, "whatsapp_business", datetime(2027, 3, 2, 10, 0))  # counts for the partner's presence
    assert warnings(made_by_hand, context) == set()
    brussels_night = post(BE, "whatsapp_business", datetime(2027, 3, 2, 3, 0), presence_id=by_employee.id)
    assert warnings(brussels_night, context) == {PostWarning.FOUNDER_NIGHT}


# --- daylight saving --------------------------------------------------------------------------------------------

SPRING_FORWARD = date(2027, 3, 28)  # Europe/Brussels: 02:00 CET becomes 03:00 CEST
FALL_BACK = date(2027, 10, 31)  # Europe/Brussels: 03:00 CEST becomes 02:00 CET


def sunday_plan(*times: time) -> tuple[Plan, CadenceRule]:
    presence = Presence(BE.id, "every_day")
    rule = CadenceRule(presence.id, (6,), times)
    return make_plan(rule, presences=(presence,)), rule


def generated(plan: Plan) -> list[Post]:
    return generate_posts(plan, lambda market_id: NO_DAYS_OFF)


def context_of(plan: Plan) -> WarningContext:
    return WarningContext(plan, plan.catalogue(), {})


def dst(p: Post, context: WarningContext = CONTEXT) -> bool:
    """Whether the post carries the clock-change note (a note, never a warning)."""
    return PostNote.DST_ADJUSTED in notes(p, context)


def test_a_brussels_0230_on_the_spring_forward_sunday_is_moved_and_flagged() -> None:
    plan, _rule = sunday_plan(time(2, 30))
    posts = {p.local.date(): p for p in generated(plan)}
    moved = posts[SPRING_FORWARD]
    assert moved.local == datetime(2027, 3, 28, 3, 30) and moved.fold == 0
    assert moved.instant == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert dst(moved, context_of(plan))
    week_before = posts[date(2027, 3, 21)]
    assert week_before.local.time() == time(2, 30)
    assert not dst(week_before, context_of(plan))
    flagged = [p.local.date() for p in posts.values() if dst(p, context_of(plan))]
    assert flagged == [SPRING_FORWARD, FALL_BACK]


def test_a_moved_post_is_no_longer_flagged_once_the_founder_edits_it_or_when_made_by_hand() -> None:
    plan, _rule = sunday_plan(time(2, 30))
    moved = next(p for p in generated(plan) if p.local.date() == SPRING_FORWARD)
    assert not dst(replace(moved, edited=True), context_of(plan))
    by_hand = post(BE, "every_day", datetime(2027, 3, 28, 3, 30))
    assert not dst(by_hand, context_of(plan))
    assert not dst(moved, context_of(make_plan()))  # its rule is gone


def test_an_ambiguous_0230_on_the_fall_back_sunday_is_flagged() -> None:
    plan, _rule = sunday_plan(time(2, 30))
    ambiguous = next(p for p in generated(plan) if p.local.date() == FALL_BACK)
    assert ambiguous.local == datetime(2027, 10, 31, 2, 30) and ambiguous.fold == 0
    assert ambiguous.instant == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # the first 02:30, still CEST
    assert dst(ambiguous, context_of(plan))
    # Made by hand, edited, or the second 02:30: the time occurs twice, the founder should know which is meant.
    for variant in (replace(ambiguous, rule_id=None), replace(ambiguous, edited=True), replace(ambiguous, fold=1)):
        assert dst(variant, context_of(plan))
    assert not dst(replace(ambiguous, local=datetime(2027, 10, 31, 3, 30)))


def test_a_gap_that_moves_one_rule_time_onto_another_leaves_the_rules_own_post() -> None:
    plan, rule = sunday_plan(time(2, 30), time(3, 30))
    that_day = [p for p in generated(plan) if p.local.date() == SPRING_FORWARD]
    (kept,) = that_day
    assert kept.id == generated_post_id(rule.id, datetime(2027, 3, 28, 3, 30))
    assert kept.local == datetime(2027, 3, 28, 3, 30)
    assert not dst(kept, context_of(plan))


def test_a_gap_at_midnight_moving_a_post_into_the_next_day() -> None:
    # America/Santiago skips from 00:00 to 01:00 on the first Sunday of September (2027-09-05).
    chile = Market("CL", "America/Santiago")
    presence = Presence(chile.id, "every_day")
    rule = CadenceRule(presence.id, (6,), (time(0, 30),))
    plan = replace(make_plan(rule, presences=(presence,)), markets=(chile,))
    assert resolve_local(datetime(2027, 9, 5, 0, 30), "America/Santiago").local == datetime(2027, 9, 5, 1, 30)
    moved = next(p for p in generated(plan) if p.local.date() == date(2027, 9, 5))
    assert dst(moved, context_of(plan))


# --- length -----------------------------------------------------------------------------------------------------


def test_the_limits_posts_are_held_to() -> None:
    catalogue = PLAN.catalogue()
    assert (text_limit(catalogue.get("x")).limit, title_limit(catalogue.get("x"))) == (280, None)
    assert text_limit(catalogue.get("youtube")).field == "description"
    assert title_limit(catalogue.get("youtube")).field == "title"
    assert text_limit(catalogue.get("telegram")).field == "message"  # not the 1,024-character photo caption
    assert title_limit(catalogue.get("wechat")).field == "article_title"
    assert text_limit(catalogue.get("wechat")).field == "body"
    assert text_limit(catalogue.get("reddit")) is None


@pytest.mark.parametrize(
    "platform, title, text, too_long",
    [
        ("x", "", "あ" * 140, False),  # X: 140 Japanese characters weigh 280
        ("x", "", "あ" * 141, True),
        ("x", "", "🍫" * 141, True),
        ("line", "", "🍫" * 2500, False),  # LINE: 5,000 UTF-16 units
        ("line", "", "🍫" * 2500 + "!", True),
        ("line", "", "あ" * 5000, False),
        ("youtube", "", "チ" * 1666, False),  # YouTube description: 5,000 UTF-8 bytes, 3 per kana
        ("youtube", "", "チ" * 1667, True),
        ("youtube", "T" * 100, "", False),  # YouTube title: 100 characters
        ("youtube", "T" * 101, "", True),
        ("telegram", "", "m" * 4000, False),
        ("wechat", "标" * 33, "", True),
        ("reddit", "", "r" * 100_000, False),  # no limit on Reddit's text in the catalogue
        ("carrier_pigeon", "", "c" * 100_000, False),
    ],
)
def test_too_long_in_the_platform_s_own_unit(platform: str, title: str, text: str, too_long: bool) -> None:
    p = post(BE, platform, datetime(2027, 3, 2, 10, 0), title=title, text=text)
    assert (PostWarning.TOO_LONG in warnings(p)) is too_long


def test_a_link_weighs_23_on_x_however_long() -> None:
    url = "https://cuberdon.example/" + "p" * 300
    assert PostWarning.TOO_LONG not in warnings(post(BE, "x", datetime(2027, 3, 2, 10), text="a" * 256 + " " + url))
    assert PostWarning.TOO_LONG in warnings(post(BE, "x", datetime(2027, 3, 2, 10), text="a" * 257 + " " + url))


def test_several_warnings_come_in_a_fixed_order_and_notes_apart() -> None:
    # 03:00 on New Year's Day in Tokyo, a Friday, is 19:00 on New Year's Eve in Brussels.
    p = post(JP, "x", datetime(2027, 1, 1, 3, 0), text="あ" * 200)
    assert advice_for(p, CONTEXT).warnings == (PostWarning.HOLIDAY, PostWarning.OUTSIDE_GOOD_HOURS,
                                                PostWarning.TOO_LONG)
    assert advice_for(p, CONTEXT).notes == (PostNote.SCHEDULE_AHEAD,)  # X schedules ahead: a note, not a warning
    night = post(JP, "whatsapp_business", datetime(2027, 1, 1, 8, 0))  # 00:00 in Brussels
    assert warnings_for(night, CONTEXT) == (PostWarning.HOLIDAY, PostWarning.FOUNDER_NIGHT)
    short = (replace(p.versions[0], text="short"),)
    assert warnings_for(replace(p, local=datetime(2027, 1, 1, 18, 0), versions=short), CONTEXT) == (
        PostWarning.HOLIDAY, PostWarning.OUTSIDE_GOOD_HOURS
    )


# --- silences ---------------------------------------------------------------------------------------------------

JP_LINKEDIN = Presence(JP.id, "linkedin")
BE_LINKEDIN = Presence(BE.id, "linkedin")


def on(presence: Presence, market: Market, *days: date) -> list[Post]:
    return [post(market, presence.platform, datetime.combine(d, time(10)), presence_id=presence.id) for d in days]


def test_gaps_longer_than_the_threshold_between_and_around_posts() -> None:
    plan = make_plan(presences=(JP_LINKEDIN,))
    posts = on(JP_LINKEDIN, JP, date(2027, 1, 4), date(2027, 1, 10), date(2027, 2, 1))
    found = find_silences(plan, day_spans(posts), date(2027, 1, 1), date(2027, 2, 28), threshold_days=14)
    assert found == [
        Silence(JP_LINKEDIN.id, date(2027, 1, 11), date(2027, 1, 31)),
        Silence(JP_LINKEDIN.id, date(2027, 2, 2), date(2027, 2, 28)),
    ]
    assert [s.days for s in found] == [21, 27]


@settings(max_examples=150, deadline=None)
@given(st.sets(st.integers(0, 89), max_size=40), st.integers(0, 20))
def test_silences_in_weekly_buckets_are_those_of_the_days(offsets, threshold) -> None:
    """Counted per week (first and last post of each), the silences longer than a threshold are those the days
    themselves give, whichever the threshold when it is over 4 days (a gap inside a week is at most 5 days)."""
    plan = make_plan(presences=(JP_LINKEDIN,))
    first, last = date(2027, 1, 1), date(2027, 3, 31)
    days = sorted(first.toordinal() + offset for offset in offsets)
    expected, previous = [], first.toordinal() - 1
    for day in [*days, last.toordinal() + 1]:
        if day - previous - 1 > threshold:
            expected.append(Silence(JP_LINKEDIN.id, date.fromordinal(previous + 1), date.fromordinal(day - 1)))
        previous = day
    for bucket_days in (1, 7) if threshold > 4 else (1,):
        spans: dict = {}
        for day in days:
            buckets = spans.setdefault((JP_LINKEDIN.id, JP.id, "linkedin"), {})
            bucket = (day - 1) // bucket_days
            found = Span(1, day, day)
            buckets[bucket] = buckets[bucket].merged(found) if bucket in buckets else found
        assert find_silences(plan, spans, first, last, threshold) == expected


def test_a_silence_must_be_longer_than_the_threshold() -> None:
    plan = make_plan(presences=(JP_LINKEDIN,))
    fourteen_silent_days = on(JP_LINKEDIN, JP, date(2027, 1, 1), date(2027, 1, 16))
    assert find_silences(plan, day_spans(fourteen_silent_days), date(2027, 1, 1), date(2027, 1, 16), 14) == []
    fifteen = on(JP_LINKEDIN, JP, date(2027, 1, 1), date(2027, 1, 17))
    assert find_silences(plan, day_spans(fifteen), date(2027, 1, 1), date(2027, 1, 17), 14) == [
        Silence(JP_LINKEDIN.id, date(2027, 1, 2), date(2027, 1, 16))
    ]


def test_the_default_threshold_is_the_strategy_s_and_a_presence_without_posts_is_silent_throughout() -> None:
    plan = make_plan(presences=(JP_LINKEDIN, BE_LINKEDIN), silence_threshold_days=3)
    posts = on(JP_LINKEDIN, JP, date(2027, 1, 1), date(2027, 1, 4), date(2027, 1, 9))
    found = find_silences(plan, day_spans(posts), date(2027, 1, 1), date(2027, 1, 10))
    assert found == [
        Silence(JP_LINKEDIN.id, date(2027, 1, 5), date(2027, 1, 8)),
        Silence(BE_LINKEDIN.id, date(2027, 1, 1), date(2027, 1, 10)),
    ]


def test_silences_start_at_the_market_s_entry_and_ignore_posts_out_of_range() -> None:
    late = replace(JP, entry_date=date(2027, 3, 1))
    plan = replace(make_plan(presences=(JP_LINKEDIN,)), markets=(late, BE, QC))
    posts = on(JP_LINKEDIN, JP, date(2026, 12, 30), date(2027, 3, 5), date(2027, 4, 30))
    assert find_silences(plan, day_spans(posts), date(2027, 1, 1), date(2027, 3, 31), 14) == [
        Silence(JP_LINKEDIN.id, date(2027, 3, 6), date(2027, 3, 31))
    ]
    assert find_silences(plan, day_spans(posts), date(2027, 1, 1), date(2027, 2, 28), 14) == []  # not entered yet


def test_a_post_made_by_hand_counts_for_the_presence_of_its_market_and_platform() -> None:
    plan = make_plan(presences=(JP_LINKEDIN,))
    by_hand = [post(JP, "linkedin", datetime(2027, 1, 15, 10, 0))]
    assert find_silences(plan, day_spans(by_hand), date(2027, 1, 1), date(2027, 1, 29), 14) == []
    elsewhere = [post(BE, "linkedin", datetime(2027, 1, 15, 10, 0))]
    assert find_silences(plan, day_spans(elsewhere), date(2027, 1, 1), date(2027, 1, 29), 14) == [
        Silence(JP_LINKEDIN.id, date(2027, 1, 1), date(2027, 1, 29))
    ]


def test_silences_count_the_market_s_local_dates() -> None:
    plan = make_plan(presences=(JP_LINKEDIN,))
    # 07:00 on 17 January in Tokyo is still 16 January in UTC and in Brussels: the market's date counts.
    posts = on(JP_LINKEDIN, JP, date(2027, 1, 1)) + [
        post(JP, "linkedin", datetime(2027, 1, 17, 7, 0), presence_id=JP_LINKEDIN.id)
    ]
    assert find_silences(plan, day_spans(posts), date(2027, 1, 1), date(2027, 1, 17), 14) == [
        Silence(JP_LINKEDIN.id, date(2027, 1, 2), date(2027, 1, 16))
    ]
