"""The wizard's flow without widgets: what blocks each page, what it warns about, suggestions and the review."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from smplanner.domain.catalogue import shipped_catalogue
from smplanner.domain.examples import EXAMPLES, example
from smplanner.domain.plan import Actor, ActorKind, ContentType, Market, Objective
from smplanner.domain.platform_suggestions import Reason, suggest_platforms
from smplanner.domain.strategy_draft import PageId, StrategyDraft
from smplanner.domain.strategy_review import review_sections
from smplanner.i18n.formatting import format_time, zone_city
from smplanner.services.plan_files import empty_plan

START = date(2027, 1, 4)


def draft_of(name: str = "confectioner") -> StrategyDraft:
    return StrategyDraft.from_plan(example(name).build(START))


@pytest.mark.parametrize("name", [e.name for e in EXAMPLES])
def test_the_examples_pass_every_page_and_round_trip(name):
    plan = example(name).build(START)
    draft = StrategyDraft.from_plan(plan)
    assert draft.all_problems() == []
    assert draft.to_plan() == plan


def test_an_empty_plan_is_blocked_with_sentences_naming_what_to_do():
    draft = StrategyDraft.from_plan(empty_plan(START))
    assert draft.problems(PageId.FIRM) == []
    assert draft.problems(PageId.MARKETS) == ["Add at least one target market."]
    assert "yourself" in draft.problems(PageId.ACTORS)[0]
    assert draft.problems(PageId.CONTENT)[0] == "Write the editorial line in a sentence or two."


def test_firm_page_problems():
    draft = draft_of()
    draft.firm = replace(draft.firm, name="  ", working_start=time(18), working_end=time(9), working_days=())
    problems = draft.problems(PageId.FIRM)
    assert "Give the firm a name." in problems
    assert "Your working day must end after it starts." in problems
    assert "Tick at least one working day." in problems


def test_a_market_without_objective_or_twice_is_named():
    draft = StrategyDraft.from_plan(empty_plan(START))
    draft.add_market(Market(country="JP", zone="Asia/Tokyo"))
    draft.add_market(Market(country="JP", zone="Asia/Tokyo", objectives=(Objective.VISIBILITY,)))
    problems = draft.problems(PageId.MARKETS)
    assert "Japan is listed twice." in problems
    assert "Choose at least one objective for Japan." in problems


def test_adding_a_presence_gives_it_the_founder_a_goal_and_a_cadence_at_good_hours():
    draft = StrategyDraft.from_plan(empty_plan(START))
    draft.replace_actor(Actor(name="Ana", kind=ActorKind.FOUNDER, hours_per_week=4))
    draft.add_market(Market(country="DE", zone="Europe/Berlin", objectives=(Objective.OPPORTUNITIES,),
                            languages=("de",)))
    market = draft.markets[0]
    presence = draft.add_presence(market.id, "linkedin")
    assert presence.actor_id == draft.actors[0].id
    assert presence.goal is Objective.OPPORTUNITIES
    (rule,) = draft.rules_of(presence.id)
    windows = shipped_catalogue().get("linkedin").posting_times.windows
    assert rule.times == (windows[0][0],)
    assert rule.language == "de"
    draft.remove_market(market.id)
    assert draft.presences == [] and draft.rules == []


def test_removing_an_actor_leaves_its_presences_unassigned_and_blocks_the_platforms_page():
    draft = draft_of()
    actor = draft.actors[0]
    draft.remove_actor(actor.id)
    assert any("Say who runs" in p for p in draft.problems(PageId.PLATFORMS))


def test_shares_must_add_up_to_100():
    draft = draft_of()
    draft.content_types = [ContentType("News", share_percent=60), ContentType("Stories", share_percent=30)]
    assert draft.problems(PageId.CONTENT) == ["The shares of the types of content add up to 90\u00a0%, not 100\u00a0%."]


def test_more_presences_than_hours_is_warned_about():
    draft = draft_of()
    draft.actors = [replace(a, hours_per_week=0.5) for a in draft.actors]
    texts = [w.text for w in draft.warnings() if w.page is PageId.PLATFORMS]
    assert any("hours a week" in t and "silent" in t for t in texts)


def calendar_warnings(draft: StrategyDraft) -> list[str]:
    return [w.text for w in draft.warnings() if w.page is PageId.CALENDAR]


def test_the_examples_cadences_raise_no_calendar_warning():
    for example_ in EXAMPLES:
        assert calendar_warnings(StrategyDraft.from_plan(example_.build(START))) == [], example_.name


def test_a_post_in_the_founders_night_is_warned_about_unless_it_can_be_scheduled_ahead():
    draft = draft_of()
    instagram = draft.rules[0]  # the UK's Instagram, run by the assistant in Brussels; Instagram schedules ahead
    draft.replace_rule(replace(instagram, times=(time(3, 0),)))
    texts = calendar_warnings(draft)
    assert "Instagram in United Kingdom (ENG) at {time} is outside the platform's usual good hours.".format(
        time=format_time(time(3, 0))) in texts
    assert not [t for t in texts if "night" in t or "working hours" in t]
    # Xiaohongshu, with no published way to schedule ahead: by the Shanghai importer, on their own clock, fine...
    xiaohongshu = next(r for r in draft.rules if draft.presence(r.presence_id).platform == "xiaohongshu")
    draft.replace_rule(replace(xiaohongshu, times=(time(12, 0),)))
    assert not [t for t in calendar_warnings(draft) if "Xiaohongshu" in t]
    # ...by the founder in Brussels, it is 05:00 at home: her night.
    presence = draft.presence(xiaohongshu.presence_id)
    founder = next(a for a in draft.actors if a.kind.value == "founder")
    draft.replace_presence(replace(presence, actor_id=founder.id))
    assert ("Xiaohongshu (RED) in China at {noon} is {five} at home, in your night, and the platform offers no way "
            "to schedule it in advance.").format(noon=format_time(time(12, 0)), five=format_time(time(5, 0))) in (
        calendar_warnings(draft))
    draft.replace_rule(replace(xiaohongshu, times=(time(16, 0),)))  # 09:00 in Brussels: at work
    assert not [t for t in calendar_warnings(draft) if "Xiaohongshu" in t]


def test_suggestions_for_china_put_local_networks_first_and_flag_blocked_ones():
    market = Market(country="CN", zone="Asia/Shanghai", objectives=(Objective.VISIBILITY,))
    suggestions = suggest_platforms(shipped_catalogue(), market)
    ids = [s.platform.id for s in suggestions]
    assert ids.index("wechat") < ids.index("facebook")
    facebook = next(s for s in suggestions if s.platform.id == "facebook")
    assert facebook.unavailable and Reason.BLOCKED in facebook.reasons
    assert all(s.unavailable for s in suggestions[ids.index("facebook"):])


def test_a_professional_network_is_suggested_for_finding_partners():
    market = Market(country="FR", zone="Europe/Paris", objectives=(Objective.OPPORTUNITIES,))
    linkedin = next(s for s in suggest_platforms(shipped_catalogue(), market) if s.platform.id == "linkedin")
    assert Reason.PROFESSIONAL in linkedin.reasons


def test_the_review_lists_every_decision():
    draft = draft_of()
    sections = {s.page: s for s in review_sections(draft)}
    assert set(sections) == set(PageId) - {PageId.REVIEW}
    text = "\n".join(line for s in sections.values() for line in s.lines)
    assert draft.firm.name in text
    for market in draft.markets:
        assert any(zone_city(market.zone) in line for line in sections[PageId.MARKETS].lines)
    for actor in draft.actors:
        assert actor.name in text
    for presence in draft.presences:
        assert any(draft.catalogue.name(presence.platform) in line for line in sections[PageId.PLATFORMS].lines)
    assert len(sections[PageId.CALENDAR].lines) == len(draft.rules) + 1
    for content in draft.content_types:
        assert content.name in text
    assert draft.strategy.editorial_line.strip() in text


@pytest.mark.parametrize(("team", "language", "said"), [
    (1, "en", "; 1 person;"), (2, "en", "; 2 people;"), (1, "fr", " ; 1 personne ;"), (3, "fr", " ; 3 personnes ;"),
])
def test_the_review_counts_the_team_with_plural_forms(team: int, language: str, said: str) -> None:
    from smplanner.i18n import set_language

    set_language(language)
    draft = draft_of()
    draft.firm = replace(draft.firm, team_size=team)
    firm_line = next(s for s in review_sections(draft) if s.page is PageId.FIRM).lines[0]
    assert said in firm_line
