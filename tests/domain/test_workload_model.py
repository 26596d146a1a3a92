"""The workload model on hand-computed cases: minutes per post, language versions, adaptation, community and ads
minutes, holiday moves, several actors, the budget per month, and each sustainability finding with its options.

Every plan here runs over two full weeks, Monday 1 to Sunday 14 March 2027, so that each week's figure is also the
average per week. Default minutes: text 20, image 40, video 90, no content type 40; +15 per extra language version;
+15 per post in an adapted market (national and personal profiles); 45 a week per presence; 30 a week per market
with paid ads.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from smplanner.domain.cadence import generate_posts
from smplanner.domain.market_days import DaysOff
from smplanner.domain.plan import (
    Actor,
    ActorKind,
    CadenceRule,
    ContentFormat,
    ContentType,
    Firm,
    HolidayPolicy,
    LanguageMode,
    Market,
    Objective,
    Plan,
    Post,
    Presence,
    ProfileScope,
    Strategy,
    Translator,
)
from smplanner.domain.post_tally import PostTally, tally_posts
from smplanner.domain.workload import (
    BudgetKind,
    FindingKind,
    OptionKind,
    WeekLoad,
    WorkloadEstimate,
    WorkloadSettings,
    analyse,
    estimate,
    findings,
    needed_minutes_per_week,
)

FIRST, LAST = date(2027, 3, 1), date(2027, 3, 14)  # Monday to Sunday, two full weeks
WEEK_1, WEEK_2 = date(2027, 3, 1), date(2027, 3, 8)
MON, TUE, WED, THU, FRI = 0, 1, 2, 3, 4
DEFAULTS = WorkloadSettings()

ANA = Actor("Ana", ActorKind.FOUNDER, hours_per_week=2)
BEN = Actor("Ben", ActorKind.EMPLOYEE, hours_per_week=1)
IMAGE = ContentType("Product photos", format=ContentFormat.IMAGE)
TEXT = ContentType("Articles", format=ContentFormat.TEXT)
VIDEO = ContentType("Clips", format=ContentFormat.VIDEO)

# Switzerland: two languages, adapted content, paid ads, a professional translator. Germany: one language.
CH = Market("CH", "Europe/Zurich", objectives=(Objective.VISIBILITY,), languages=("de", "fr"), content_adapted=True,
            paid_ads=True, ads_budget_month=Decimal(100), translator=Translator.TRANSLATOR)
DE = Market("DE", "Europe/Berlin", objectives=(Objective.VISIBILITY,), languages=("de",))
IG_CH = Presence(CH.id, "instagram", actor_id=ANA.id)
LI_DE = Presence(DE.id, "linkedin", actor_id=BEN.id)
IG_CH_RULE = CadenceRule(IG_CH.id, (MON, WED), (time(10, 0),), language="de", content_type_id=IMAGE.id)
LI_DE_RULE = CadenceRule(LI_DE.id, (TUE,), (time(9, 0),), language="de", content_type_id=TEXT.id)


def make_plan(**changes: object) -> Plan:
    plan = Plan(
        firm=Firm("Alpenglow", "BE", "Europe/Brussels"),
        strategy=Strategy(FIRST, LAST, budget_organic_month=Decimal(100), budget_paid_month=Decimal(50)),
        markets=(CH, DE),
        actors=(ANA, BEN),
        presences=(IG_CH, LI_DE),
        content_types=(IMAGE, TEXT, VIDEO),
        cadence_rules=(IG_CH_RULE, LI_DE_RULE),
    )
    return replace(plan, **changes)


def posts_of(plan: Plan, holidays: dict[str, frozenset[date]] | None = None) -> list[Post]:
    def days_off(market_id: str) -> DaysOff:
        return DaysOff(holidays={day: "Holiday" for day in (holidays or {}).get(market_id, ())})

    return generate_posts(plan, days_off)


def counted(posts: list[Post], last: date = LAST) -> PostTally:
    return tally_posts(posts, FIRST, last)


def run(plan: Plan, posts: list[Post] | None = None, settings: WorkloadSettings = DEFAULTS):
    return analyse(plan, counted(posts_of(plan) if posts is None else posts), settings)


# --- the weekly minutes --------------------------------------------------------------------------------------------


def test_two_languages_adaptation_community_and_ads_per_actor() -> None:
    report = run(make_plan())
    # Ana, Switzerland's Instagram: 2 image posts a week, each 40 + 15 (the French version) + 15 (adapted) = 70,
    # so 140; + 45 community; + 30 for Switzerland's ads (her presence is the market's first with an actor) = 215.
    # Ben, Germany's LinkedIn: 1 text post of 20 (one language, not adapted) + 45 community = 65.
    assert report.weeks == (
        WeekLoad(WEEK_1, {ANA.id: 215.0, BEN.id: 65.0}, posts=3),
        WeekLoad(WEEK_2, {ANA.id: 215.0, BEN.id: 65.0}, posts=3),
    )
    assert report.weeks[0].total_minutes == 280
    assert report.capacity_minutes_by_actor == {ANA.id: 120, BEN.id: 60}
    assert report.needed_hours_by_actor == pytest.approx({ANA.id: 215 / 60, BEN.id: 65 / 60})
    assert report.total_needed_hours == pytest.approx(280 / 60)
    assert report.total_capacity_hours == 3.0
    assert report.over and report.over_weeks == (WEEK_1, WEEK_2)
    assert (report.first, report.last, report.currency) == (FIRST, LAST, "EUR")


def test_language_versions_follow_the_language_mode() -> None:
    one_for_all = make_plan(strategy=replace(make_plan().strategy, language_mode=LanguageMode.ONE_FOR_ALL))
    # One version everywhere: Ana's posts are 40 + 15 (adapted) = 55 each: 110 + 45 + 30 = 185.
    assert run(one_for_all).weeks[0].minutes_by_actor[ANA.id] == 185
    three = replace(CH, languages=("de", "fr", "it"))
    # Three versions: 40 + 2 x 15 + 15 = 85 a post: 170 + 75 = 245.
    assert run(make_plan(markets=(three, DE))).weeks[0].minutes_by_actor[ANA.id] == 245
    not_adapted = replace(CH, content_adapted=False)
    # 40 + 15 = 55 a post: 110 + 75 = 185.
    assert run(make_plan(markets=(not_adapted, DE))).weeks[0].minutes_by_actor[ANA.id] == 185
    # A shared profile speaks to several markets with one content: not adapted either.
    shared = replace(IG_CH, scope=ProfileScope.SHARED)
    assert run(make_plan(presences=(shared, LI_DE))).weeks[0].minutes_by_actor[ANA.id] == 185


def test_the_settings_change_the_minutes() -> None:
    settings = WorkloadSettings(minutes_per_post={ContentFormat.IMAGE: 60, ContentFormat.TEXT: 30},
                                language_version_minutes=10, adaptation_minutes=0,
                                community_minutes_per_presence=60, ads_minutes_per_market=0)
    report = run(make_plan(), settings=settings)
    # Ana: 2 x (60 + 10) + 60 = 200; Ben: 30 + 60 = 90.
    assert report.weeks[0].minutes_by_actor == {ANA.id: 200, BEN.id: 90}


def test_a_holiday_moved_post_piles_up_in_its_real_week() -> None:
    ben = replace(BEN, hours_per_week=1.5)  # 90 minutes
    rule = CadenceRule(LI_DE.id, (THU, FRI), (time(9, 0),), content_type_id=TEXT.id, holiday_policy=HolidayPolicy.MOVE)
    plan = make_plan(markets=(DE,), actors=(ben,), presences=(LI_DE,), cadence_rules=(rule,))
    # Friday 5 March is a holiday: its post moves to Monday 8 March, into the second week.
    posts = posts_of(plan, {DE.id: frozenset({date(2027, 3, 5)})})
    assert [p.local.date() for p in posts] == [date(2027, 3, 4), date(2027, 3, 8), date(2027, 3, 11), date(2027, 3, 12)]
    report = run(plan, posts)
    # Week 1: 1 text post (20) + 45 = 65. Week 2: 3 posts (60) + 45 = 105, over Ben's 90; on average 85, under it.
    assert [(w.posts, w.minutes_by_actor[ben.id]) for w in report.weeks] == [(1, 65), (3, 105)]
    assert report.over_weeks == (WEEK_2,)
    assert report.needed_hours_by_actor[ben.id] == pytest.approx(85 / 60) and not report.over
    kinds = [f.kind for f in findings(plan, counted(posts), report, DEFAULTS)]
    assert FindingKind.TOO_MANY_PRESENCES not in kinds


def test_an_actor_over_their_own_hours_is_counted_for_them_not_for_the_team() -> None:
    ana, ben = replace(ANA, hours_per_week=3), replace(BEN, hours_per_week=10)
    report = run(make_plan(actors=(ana, ben)))
    # Ana needs 215 of her 180 minutes; together 280 of 780: the team has enough every week.
    assert report.over_weeks == () and not report.over
    assert report.over_weeks_by_actor == {ana.id: (WEEK_1, WEEK_2), ben.id: ()}
    relaxed = run(make_plan(actors=(replace(ANA, hours_per_week=4), replace(BEN, hours_per_week=10))))
    assert relaxed.over_weeks == () and not any(relaxed.over_weeks_by_actor.values())


def test_posts_without_a_presence_and_minutes_nobody_is_responsible_for() -> None:
    by_hand = [
        # No presence, but Germany's LinkedIn is there: Ben's, 20 minutes.
        Post(DE.id, "linkedin", datetime(2027, 3, 3, 12, 0), DE.zone, content_type_id=TEXT.id),
        # No presence on TikTok in Germany, no content type: nobody's, 40 minutes.
        Post(DE.id, "tiktok", datetime(2027, 3, 3, 12, 0), DE.zone),
        # A video on TikTok in Switzerland: nobody's, 90 + 15 (French version) + 15 (adapted) = 120 minutes.
        Post(CH.id, "tiktok", datetime(2027, 3, 10, 12, 0), CH.zone, content_type_id=VIDEO.id),
        # Outside the period: not counted.
        Post(DE.id, "tiktok", datetime(2027, 3, 15, 12, 0), DE.zone),
    ]
    report = run(make_plan(), [*posts_of(make_plan()), *by_hand])
    assert report.weeks[0].minutes_by_actor == {ANA.id: 215, BEN.id: 85, None: 40}
    assert report.weeks[1].minutes_by_actor == {ANA.id: 215, BEN.id: 65, None: 120}
    assert [w.posts for w in report.weeks] == [5, 4]
    assert report.needed_hours_by_actor[None] == pytest.approx(80 / 60)


def test_a_presence_without_actor_counts_under_none() -> None:
    plan = make_plan(presences=(IG_CH, replace(LI_DE, actor_id=None)))
    assert run(plan).weeks[0].minutes_by_actor == {ANA.id: 215, BEN.id: 0, None: 65}
    # The ads of a market follow its first presence that has an actor; with none, nobody's.
    plan = make_plan(presences=(replace(IG_CH, actor_id="gone"), LI_DE))
    assert run(plan).weeks[0].minutes_by_actor == {ANA.id: 0, BEN.id: 65, None: 215}


def test_weekly_minutes_start_with_the_market_pro_rata() -> None:
    late = replace(CH, entry_date=date(2027, 3, 10))  # a Wednesday: 5 days of the second week
    report = run(make_plan(markets=(late, DE)))
    # Week 1: nothing for Ana. Week 2: Wednesday's post (70) + (45 + 30) x 5 / 7.
    assert report.weeks[0].minutes_by_actor[ANA.id] == 0
    assert report.weeks[1].minutes_by_actor[ANA.id] == pytest.approx(70 + 75 * 5 / 7)
    assert report.weeks[1].posts == 2


def test_a_period_cut_mid_week_counts_that_week_pro_rata() -> None:
    plan = make_plan()
    report = analyse(plan, counted(posts_of(plan), date(2027, 3, 9)), DEFAULTS)  # to the Tuesday of week 2
    # Week 2 has Monday's image post (70) and Tuesday's text post (20); weekly minutes for 2 days of 7.
    assert report.weeks[1].start == WEEK_2
    assert report.weeks[1].minutes_by_actor == pytest.approx({ANA.id: 70 + 75 * 2 / 7, BEN.id: 20 + 45 * 2 / 7})
    # Averages divide by the period's 9 days as 9/7 weeks.
    assert report.needed_hours_by_actor[BEN.id] == pytest.approx((65 + 20 + 45 * 2 / 7) / (9 / 7) / 60)


def test_last_before_first_is_refused() -> None:
    with pytest.raises(ValueError):
        analyse(make_plan(), tally_posts([], LAST, FIRST), DEFAULTS)


# --- the first estimate, from the rules' weekly rates --------------------------------------------------------


def test_the_estimate_uses_the_same_model_from_the_rules() -> None:
    plan = make_plan()
    assert needed_minutes_per_week(plan) == {ANA.id: 215, BEN.id: 65}
    assert estimate(plan) == WorkloadEstimate(round(280 / 60, 1), 3, 2)
    assert estimate(plan).over and estimate(plan).ratio == pytest.approx(4.7 / 3)
    settings = WorkloadSettings(community_minutes_per_presence=0)
    assert estimate(plan, settings).needed_hours == round(190 / 60, 1)
    # Over full weeks without holidays, the posts and the rates agree.
    assert run(plan).total_needed_hours == pytest.approx(sum(needed_minutes_per_week(plan).values()) / 60)


def test_a_plan_without_presences_needs_nothing() -> None:
    plan = make_plan(presences=(), cadence_rules=(), markets=(replace(CH, paid_ads=False), DE))
    assert estimate(plan) == WorkloadEstimate(0.0, 3, 0)
    assert run(plan, []).weeks[0] == WeekLoad(WEEK_1, {ANA.id: 0, BEN.id: 0}, posts=0)


# --- the budget per month -------------------------------------------------------------------------------------


def test_budget_lines_ads_translation_and_agency() -> None:
    settings = WorkloadSettings(translation_cost_per_version=Decimal(10), agency_cost_month=Decimal(250))
    report = run(make_plan(), settings=settings)
    lines = {line.kind: line for line in report.budget_needed_month}
    assert list(lines) == [BudgetKind.ADS, BudgetKind.TRANSLATION, BudgetKind.AGENCY]
    assert lines[BudgetKind.ADS].needed == Decimal(100)
    assert "Switzerland" in lines[BudgetKind.ADS].note
    # 4 Swiss posts in 14 days, each in German and French, neither the main language (English) and a translator's
    # work: 8 versions x 10 = 80 per 14 days, x 30.4375 / 14 = 173.93 a month. Germany's founder translates: free.
    assert lines[BudgetKind.TRANSLATION].needed == Decimal("173.93")
    assert lines[BudgetKind.AGENCY].needed == Decimal(250)
    assert report.budget_needed_total == Decimal("523.93")
    assert report.budget_allocated_month == Decimal(150) and report.over_budget

    german_first = make_plan(strategy=replace(make_plan().strategy, main_language="de"))
    translation = run(german_first, settings=settings).budget_needed_month[1]
    assert translation.needed == Decimal("86.96")  # only the French version: 40 x 30.4375 / 14
    one_for_all = make_plan(strategy=replace(make_plan().strategy, language_mode=LanguageMode.ONE_FOR_ALL))
    assert run(one_for_all, settings=settings).budget_needed_month[1].needed == 0


# --- findings -----------------------------------------------------------------------------------------------


def found(plan: Plan, posts: list[Post] | None = None, settings: WorkloadSettings = DEFAULTS):
    posts = posts_of(plan) if posts is None else posts
    return findings(plan, counted(posts), analyse(plan, counted(posts), settings), settings)


def kinds(plan: Plan, **kwargs: object) -> list[FindingKind]:
    return [finding.kind for finding in found(plan, **kwargs)]


ROOMY = (replace(ANA, hours_per_week=10), replace(BEN, hours_per_week=10))


def test_a_sustainable_plan_has_no_findings() -> None:
    assert found(make_plan(actors=ROOMY, strategy=replace(make_plan().strategy, budget_paid_month=Decimal(100)))) == []


def test_silent_presences_with_their_gaps() -> None:
    plan = make_plan(actors=ROOMY, strategy=replace(make_plan().strategy, silence_threshold_days=3,
                                                     budget_paid_month=Decimal(100)))
    silent = found(plan)
    assert [(f.kind, f.presence_id) for f in silent] == [
        (FindingKind.SILENT_PRESENCE, IG_CH.id), (FindingKind.SILENT_PRESENCE, LI_DE.id)
    ]
    # LinkedIn posts on Tuesdays: silent Wednesday 3 to Monday 8, then Wednesday 10 to Sunday 14 (babel's date
    # ranges put thin spaces around the dash).
    assert silent[1].text == (
        "LinkedIn in Germany would fall silent for more than 3 days: Mar 3\u2009\u2013\u20098, 2027 (6 days); "
        "Mar 10\u2009\u2013\u200914, 2027 (5 days). A silent profile looks abandoned and harms the firm's image."
    )
    assert silent[1].market_id == DE.id and silent[1].hours_freed == 0
    assert "Mar 4\u2009\u2013\u20097, 2027 (4 days)" in silent[0].text  # Instagram: Monday and Wednesday
    # At the default threshold (14 days) a weekly post is never a silence.
    assert FindingKind.SILENT_PRESENCE not in kinds(make_plan())


def test_a_presence_nobody_runs() -> None:
    plan = make_plan(actors=ROOMY, presences=(IG_CH, replace(LI_DE, actor_id=None)))
    finding = next(f for f in found(plan) if f.kind is FindingKind.NO_ACTOR)
    assert finding.presence_id == LI_DE.id and finding.market_id == DE.id
    assert "Nobody is responsible for LinkedIn in Germany: its 1.1 h a week" in finding.text  # 65 minutes
    assert FindingKind.NO_ACTOR not in kinds(make_plan())


def test_a_market_without_presence() -> None:
    france = Market("FR", "Europe/Paris", languages=("fr",))
    plan = make_plan(markets=(CH, DE, france))
    finding = next(f for f in found(plan) if f.kind is FindingKind.MARKET_WITHOUT_PRESENCE)
    assert finding.market_id == france.id and finding.text.startswith("France has no presence")
    assert FindingKind.MARKET_WITHOUT_PRESENCE not in kinds(make_plan())


def test_over_budget() -> None:
    settings = WorkloadSettings(agency_cost_month=Decimal(60))
    finding = next(f for f in found(make_plan(actors=ROOMY), settings=settings) if f.kind is FindingKind.OVER_BUDGET)
    # Ads 100 + agency 60 = 160, against 100 organic + 50 paid = 150.
    assert finding.text == (
        "Over budget: the plan needs about €160.00 a month (Paid ads: €100.00, Agency: €60.00), "
        "but €150.00 a month is allocated."
    )
    assert FindingKind.OVER_BUDGET not in kinds(make_plan(actors=ROOMY),
                                                settings=WorkloadSettings(agency_cost_month=Decimal(50)))


# --- too many presences for the hours, and the options ranked by hours freed -------------------------------------

AT = Market("AT", "Europe/Vienna", objectives=(Objective.VISIBILITY,), languages=("de",))
CH_2 = Market("CH", "Europe/Zurich", objectives=(Objective.VISIBILITY, Objective.OPPORTUNITIES), languages=("de", "fr"),
              content_adapted=True)
IG_DE = Presence(DE.id, "instagram", goal=Objective.VISIBILITY, actor_id=ANA.id)
IG_AT = Presence(AT.id, "instagram", goal=Objective.VISIBILITY, actor_id=ANA.id)
LI_DE_R = Presence(DE.id, "linkedin", goal=Objective.RELATIONSHIPS, actor_id=ANA.id)  # not one of Germany's objectives
LI_CH = Presence(CH_2.id, "linkedin", goal=Objective.OPPORTUNITIES, actor_id=ANA.id)


def crowded_plan(hours: float = 3) -> Plan:
    """Four presences for Ana's 3 hours (180 minutes):
    Germany's Instagram, 3 images a week: 120 + 45 = 165; Austria's Instagram, 1 image: 40 + 45 = 85;
    Germany's LinkedIn, 1 text: 20 + 45 = 65; Switzerland's LinkedIn, 2 texts of 20 + 15 (French) + 15 (adapted)
    = 50: 100 + 45 = 145. In all 460 minutes, 7.7 hours."""
    return make_plan(
        markets=(DE, AT, CH_2),
        actors=(replace(ANA, hours_per_week=hours),),
        presences=(IG_DE, IG_AT, LI_DE_R, LI_CH),
        cadence_rules=(
            CadenceRule(IG_DE.id, (MON, WED, FRI), (time(10, 0),), language="de", content_type_id=IMAGE.id),
            CadenceRule(IG_AT.id, (TUE,), (time(10, 0),), language="de", content_type_id=IMAGE.id),
            CadenceRule(LI_DE_R.id, (THU,), (time(9, 0),), language="de", content_type_id=TEXT.id),
            CadenceRule(LI_CH.id, (TUE, THU), (time(9, 0),), language="de", content_type_id=TEXT.id),
        ),
        strategy=replace(make_plan().strategy, budget_organic_month=Decimal(0), budget_paid_month=Decimal(0)),
    )


def test_too_many_presences_for_the_hours_with_options_ranked_by_hours_freed() -> None:
    plan = crowded_plan()
    assert run(plan).total_needed_hours == pytest.approx(460 / 60)
    [finding] = found(plan)
    assert finding.kind is FindingKind.TOO_MANY_PRESENCES
    assert finding.text.startswith(
        "Too many presences for the hours: the plan's 4 presences need about 7.7 h a week, but your actors give 3 h."
    )
    assert [(o.kind, o.text) for o in finding.options] == [
        (OptionKind.MERGE_PROFILES,
         "Merge the national Instagram profiles of Germany, Austria into one shared profile, run from Germany"),
        (OptionKind.DROP_PRESENCE,
         "Drop LinkedIn in Germany: its goal (Relationships) is not one of Germany's objectives"),
        (OptionKind.LOWER_CADENCE, "Post half as often on Instagram in Germany: 1.5 a week instead of 3"),
        (OptionKind.LOWER_CADENCE, "Post half as often on LinkedIn in Switzerland: 1 a week instead of 2"),
        (OptionKind.FEWER_LANGUAGES, "Publish in Switzerland in German only, without the French versions"),
        (OptionKind.LOWER_CADENCE, "Post half as often on Instagram in Austria: 0.5 a week instead of 1"),
    ]
    # Austria's Instagram goes (85); Germany's LinkedIn goes (65); half of Germany's images (60); half of the Swiss
    # posts (50); no French version (2 x 15 = 30); half of Austria's images (20).
    assert [o.hours_freed for o in finding.options] == pytest.approx([85 / 60, 65 / 60, 1, 50 / 60, 0.5, 20 / 60])
    assert finding.hours_freed == pytest.approx(85 / 60)
    before = sum(needed_minutes_per_week(plan).values())
    for option in finding.options:
        assert option.hours_freed == pytest.approx((before - sum(needed_minutes_per_week(option.plan).values())) / 60)


def test_the_options_change_the_plan_as_they_say() -> None:
    options = {o.kind: o for o in reversed(found(crowded_plan())[0].options)}  # the best of each kind
    merged = options[OptionKind.MERGE_PROFILES].plan
    assert [(p.id, p.scope) for p in merged.presences if p.platform == "instagram"] == [(IG_DE.id, ProfileScope.SHARED)]
    assert not any(r.presence_id == IG_AT.id for r in merged.cadence_rules)
    fewer = options[OptionKind.FEWER_LANGUAGES].plan
    assert next(m for m in fewer.markets if m.id == CH_2.id).languages == ("de",)
    halved = options[OptionKind.LOWER_CADENCE].plan
    assert next(r for r in halved.cadence_rules if r.presence_id == IG_DE.id).interval_weeks == 2
    dropped = options[OptionKind.DROP_PRESENCE].plan
    assert LI_DE_R.id not in {p.id for p in dropped.presences}


def test_no_merge_across_languages_and_drop_the_costlier_of_two_with_the_same_goal() -> None:
    fb_de = Presence(DE.id, "facebook", goal=Objective.VISIBILITY, actor_id=ANA.id)
    ig_ch = Presence(CH_2.id, "instagram", goal=Objective.VISIBILITY, actor_id=ANA.id)
    plan = make_plan(
        markets=(DE, CH_2), actors=(replace(ANA, hours_per_week=1),), presences=(IG_DE, fb_de, ig_ch),
        cadence_rules=(
            CadenceRule(IG_DE.id, (MON, WED, FRI), (time(10, 0),), content_type_id=IMAGE.id),
            CadenceRule(fb_de.id, (TUE,), (time(10, 0),), content_type_id=IMAGE.id),
            CadenceRule(ig_ch.id, (TUE,), (time(10, 0),), content_type_id=IMAGE.id),
        ),
    )
    [finding] = [f for f in found(plan) if f.kind is FindingKind.TOO_MANY_PRESENCES]
    texts = [o.text for o in finding.options]
    # Germany (German) and Switzerland (German and French) do not speak to the same audience: no shared profile.
    assert not any(o.kind is OptionKind.MERGE_PROFILES for o in finding.options)
    # Both German presences serve visibility; Instagram costs more (120 + 45 against 40 + 45).
    assert "Drop Instagram in Germany: Facebook already serves its goal (Visibility)" in texts
    with_one_language = replace(plan, markets=(DE, replace(CH_2, languages=("de",))))
    merge = [o for o in found(with_one_language)[0].options if o.kind is OptionKind.MERGE_PROFILES]
    assert [o.text for o in merge] == [
        "Merge the national Instagram profiles of Germany, Switzerland into one shared profile, run from Germany"
    ]
    # Switzerland's Instagram goes: 40 + 15 (adapted) + 45 = 100 minutes.
    assert merge[0].hours_freed == pytest.approx(100 / 60)


def test_enough_hours_means_no_too_many_presences() -> None:
    assert FindingKind.TOO_MANY_PRESENCES not in kinds(crowded_plan(hours=8))


# --- the settings, stored as JSON in the plan ---------------------------------------------------------------------


def test_settings_round_trip_through_json() -> None:
    settings = WorkloadSettings(minutes_per_post={ContentFormat.TEXT: 25, ContentFormat.IMAGE: 45,
                                                  ContentFormat.VIDEO: 120},
                                default_minutes_per_post=30, adaptation_minutes=10, language_version_minutes=20,
                                community_minutes_per_presence=60, ads_minutes_per_market=40,
                                translation_cost_per_version=Decimal("12.50"), agency_cost_month=Decimal(800))
    assert WorkloadSettings.from_json(settings.to_json()) == settings
    assert WorkloadSettings.from_json(DEFAULTS.to_json()) == DEFAULTS


def test_settings_from_json_take_defaults_for_what_is_missing_or_unreadable() -> None:
    partial = WorkloadSettings.from_json(
        '{"minutes_per_post": {"video": 120, "podcast": 50}, "agency_cost_month": "300"}')
    assert partial.minutes_per_post == {ContentFormat.TEXT: 20, ContentFormat.IMAGE: 40, ContentFormat.VIDEO: 120}
    assert partial.agency_cost_month == Decimal(300) and partial.community_minutes_per_presence == 45
    for text in (None, "", "not json", "[1, 2]", '{"adaptation_minutes": "many", "agency_cost_month": "-5"}'):
        assert WorkloadSettings.from_json(text) == DEFAULTS


def test_an_actor_over_their_own_hours_is_a_finding_even_when_the_team_has_enough() -> None:
    plan = make_plan(actors=(replace(ANA, hours_per_week=3), replace(BEN, hours_per_week=10)),
                     strategy=replace(make_plan().strategy, budget_paid_month=Decimal(100)))
    over = [f for f in found(plan) if f.kind is FindingKind.ACTOR_OVER_HOURS]
    assert len(over) == 1 and ANA.name in over[0].text and "3" in over[0].text
    relaxed = make_plan(actors=(replace(ANA, hours_per_week=4), replace(BEN, hours_per_week=10)),
                        strategy=replace(make_plan().strategy, budget_paid_month=Decimal(100)))
    assert FindingKind.ACTOR_OVER_HOURS not in kinds(relaxed)
