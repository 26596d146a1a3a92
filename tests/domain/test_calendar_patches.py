"""An edit lays out only the days it touches: a week or month patched with the changed posts is exactly the one laid
out afresh from the posts as they now are."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smplanner.domain.calendar_layout import month_layout, month_with_posts, week_layout, week_with_posts
from smplanner.domain.catalogue import shipped_catalogue
from smplanner.domain.plan import Firm, Market, Plan, Post, Presence, Strategy
from smplanner.domain.post_warnings import PostAdvice, PostWarning

BRUSSELS = "Europe/Brussels"
MONDAY = date(2027, 3, 22)  # the week Europe moves its clocks forward
JAPAN = Market("JP", "Asia/Tokyo", id="jp")
CANADA = Market("CA", "America/Toronto", id="ca")
PLAN = Plan(
    firm=Firm("ACME", "BE", BRUSSELS),
    strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31)),
    markets=(JAPAN, CANADA),
    presences=(Presence(JAPAN.id, "linkedin"), Presence(JAPAN.id, "x"), Presence(CANADA.id, "linkedin")),
)
CATALOGUE = shipped_catalogue()


def base_posts() -> list[Post]:
    posts = []
    for day in range(-3, 12):
        for hour, market, platform in ((9, JAPAN, "linkedin"), (9, CANADA, "linkedin"), (18, JAPAN, "x")):
            local = datetime.combine(MONDAY + timedelta(days=day), time(hour, 0))
            posts.append(Post(market.id, platform, local, market.zone, id="{m}{d}{h}".format(m=market.code, d=day,
                                                                                                h=hour)))
    return posts


def advice_of(posts: list[Post]) -> dict[str, PostAdvice]:
    """A warning on every third post, so tiles carry some."""
    return {post.id: PostAdvice((PostWarning.HOLIDAY,)) for post in posts if sum(map(ord, post.id)) % 3 == 0}


edits = st.lists(
    st.tuples(st.integers(0, 44), st.sampled_from(["move", "delete", "retitle", "add"]),
              st.integers(-4 * 24 * 4, 4 * 24 * 4)),
    min_size=1, max_size=4,
)


def edited(posts: list[Post], chosen: list[tuple[int, str, int]]) -> tuple[list[Post], set[str], list[Post]]:
    """The posts after the edits, the ids changed, and the changed posts as they are now."""
    by_id = {post.id: post for post in posts}
    changed: set[str] = set()
    for index, kind, quarter_hours in chosen:
        post = posts[index]
        if kind == "delete":
            by_id.pop(post.id, None)
        elif kind == "add":
            local = datetime.combine(MONDAY, time(12)) + timedelta(minutes=15 * quarter_hours)
            post = Post(CANADA.id, "linkedin", local, CANADA.zone, id="new{n}".format(n=len(changed)))
            by_id[post.id] = post
        elif kind == "retitle":
            by_id[post.id] = dataclasses.replace(by_id.get(post.id, post), title="Changed")
        else:
            by_id[post.id] = dataclasses.replace(post, local=post.local + timedelta(minutes=15 * quarter_hours))
        changed.add(post.id)
    now = list(by_id.values())
    return now, changed, [post for post in now if post.id in changed]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chosen=edits)
def test_a_patched_week_is_the_week_laid_out_again(chosen) -> None:
    posts = base_posts()
    before = week_layout(posts, advice_of(posts), PLAN, BRUSSELS, MONDAY, catalogue=CATALOGUE)
    after, changed, added = edited(posts, chosen)
    patched = week_with_posts(before, changed, added, advice_of(added), PLAN, CATALOGUE)
    assert patched is not None
    layout, columns = patched
    assert layout == week_layout(after, advice_of(after), PLAN, BRUSSELS, MONDAY, catalogue=CATALOGUE)
    differing = {tile.column for tile in set(before.tiles) ^ set(layout.tiles)}
    assert differing <= columns


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chosen=edits)
def test_a_patched_month_is_the_month_laid_out_again(chosen) -> None:
    posts = base_posts()
    before = month_layout(posts, advice_of(posts), PLAN, "Asia/Tokyo", MONDAY, first_weekday=0, catalogue=CATALOGUE)
    after, changed, added = edited(posts, chosen)
    patched = month_with_posts(before, changed, added, advice_of(added), PLAN, CATALOGUE)
    assert patched is not None
    layout, days = patched
    assert layout == month_layout(after, advice_of(after), PLAN, "Asia/Tokyo", MONDAY, first_weekday=0,
                                  catalogue=CATALOGUE)
    differing = {old.day for old, new in zip(before.cells, layout.cells, strict=True) if old != new}
    assert differing <= days


def test_a_post_on_a_network_the_week_has_no_colour_for_needs_the_whole_week() -> None:
    posts = base_posts()
    before = week_layout(posts, {}, PLAN, BRUSSELS, MONDAY, catalogue=CATALOGUE)
    stranger = Post(JAPAN.id, "tiktok", datetime.combine(MONDAY, time(10)), JAPAN.zone, id="tiktok")
    assert week_with_posts(before, {"tiktok"}, [stranger], {}, PLAN, CATALOGUE) is None
    outside = dataclasses.replace(stranger, local=stranger.local + timedelta(days=30))
    assert week_with_posts(before, {"tiktok"}, [outside], {}, PLAN, CATALOGUE) == (before, frozenset())
