"""Content mix: each market's target shares, generation choosing content types to meet them, and what a calendar
really holds."""

from __future__ import annotations

import dataclasses
from datetime import time

import pytest
from plan_factories import small_plan

from smplanner.domain.cadence import generate_posts
from smplanner.domain.content_mix import content_mix, target_shares
from smplanner.domain.market_days import NO_DAYS_OFF
from smplanner.domain.plan import CadenceRule, ContentType, Market, PostStatus


def mixed_plan(personal_share: int = 20):
    """Japan, three posts a week on LinkedIn with no content type named; news 60 %, stories 40 %, personal 10 %."""
    plan = small_plan()
    japan = dataclasses.replace(plan.markets[0], personal_share=personal_share)
    news = ContentType("News", share_percent=60)
    stories = ContentType("Stories", share_percent=40)
    personal = ContentType("Founder", share_percent=10, personal=True)
    rule = CadenceRule(plan.presences[0].id, (0, 2, 4), (time(9, 0),), language="ja")
    return dataclasses.replace(plan, markets=(japan,), content_types=(news, stories, personal), cadence_rules=(rule,))


def test_targets_split_the_personal_share_and_the_rest() -> None:
    plan = mixed_plan(personal_share=20)
    news, stories, personal = plan.content_types
    shares = target_shares(plan, plan.markets[0])
    assert shares == pytest.approx({news.id: 0.48, stories.id: 0.32, personal.id: 0.20})
    # A market where personal content is not done gets none of it.
    none = target_shares(plan, dataclasses.replace(plan.markets[0], personal_share=0))
    assert none == pytest.approx({news.id: 0.6, stories.id: 0.4, personal.id: 0.0})
    # Types of one kind share everything; types with no share at all share equally; no type, no target.
    only_professional = dataclasses.replace(plan, content_types=plan.content_types[:2])
    assert target_shares(only_professional, plan.markets[0]) == pytest.approx({news.id: 0.6, stories.id: 0.4})
    zero = dataclasses.replace(plan, content_types=tuple(dataclasses.replace(t, share_percent=0)
                                                         for t in plan.content_types[:2]))
    assert target_shares(zero, plan.markets[0]) == pytest.approx({news.id: 0.5, stories.id: 0.5})
    assert target_shares(dataclasses.replace(plan, content_types=()), plan.markets[0]) == {}


def test_generation_meets_the_targets_in_every_stretch_of_the_year() -> None:
    plan = mixed_plan(personal_share=20)
    posts = generate_posts(plan, lambda _market: NO_DAYS_OFF)
    assert all(p.content_type_id is not None for p in posts)
    (mix,) = content_mix(plan, posts)
    assert mix.posts == len(posts) > 100 and mix.largest_gap < 0.01
    # Not only over the year: every ten posts in a row already come close to the mix.
    news, stories, personal = plan.content_types
    for start in range(0, len(posts) - 10, 10):
        window = [p.content_type_id for p in posts[start:start + 10]]
        assert 4 <= window.count(news.id) <= 6 and 2 <= window.count(stories.id) <= 4
        assert 1 <= window.count(personal.id) <= 3
    # The same plan always gets the same types, and starting later does not change a post's type.
    assert generate_posts(plan, lambda _market: NO_DAYS_OFF) == posts
    later = generate_posts(plan, lambda _market: NO_DAYS_OFF, start=posts[50].local.date())
    assert later == [p for p in posts if p.local.date() >= posts[50].local.date()]


def test_a_rule_s_own_content_type_is_kept_and_counts_towards_the_mix() -> None:
    plan = mixed_plan(personal_share=0)
    news, stories, _personal = plan.content_types
    fixed = CadenceRule(plan.presences[0].id, (1,), (time(12, 0),), language="ja", content_type_id=news.id)
    plan = dataclasses.replace(plan, cadence_rules=(*plan.cadence_rules, fixed))
    posts = generate_posts(plan, lambda _market: NO_DAYS_OFF)
    assert all(p.content_type_id == news.id for p in posts if p.rule_id == fixed.id)
    (mix,) = content_mix(plan, posts)
    by_type = {share.content_type_id: share for share in mix.shares}
    assert by_type[news.id].share == pytest.approx(0.6, abs=0.01)
    assert by_type[stories.id].share == pytest.approx(0.4, abs=0.01)


def test_the_mix_counts_what_the_calendar_holds_but_not_skipped_posts() -> None:
    plan = mixed_plan()
    news, stories, personal = plan.content_types
    posts = generate_posts(plan, lambda _market: NO_DAYS_OFF)[:10]
    untyped = dataclasses.replace(posts[0], content_type_id=None)
    gone = dataclasses.replace(posts[1], status=PostStatus.SKIPPED, skip_reason="Closed")
    other_market = Market("FR", "Europe/Paris")
    plan = dataclasses.replace(plan, markets=(*plan.markets, other_market))
    japan_mix, france_mix = content_mix(plan, [untyped, gone, *posts[2:]])
    assert japan_mix.posts == 9 and france_mix.posts == 0
    assert [s.content_type_id for s in japan_mix.shares] == [news.id, stories.id, personal.id, None]
    assert japan_mix.shares[-1].posts == 1 and japan_mix.shares[-1].target == 0.0
    assert sum(s.posts for s in japan_mix.shares) == 9
    assert all(s.share == 0.0 for s in france_mix.shares) and len(france_mix.shares) == 3
