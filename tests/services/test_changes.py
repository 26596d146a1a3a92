"""What a command changed: posts listed one by one with their before and after, flags for the rest, merging."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from smplanner.domain.plan import Post
from smplanner.services.changes import Changes, PostChange

POST = Post("jp", "x", datetime(2027, 3, 2, 9, 0), "Asia/Tokyo", id="p1", title="Launch")
MOVED = dataclasses.replace(POST, local=datetime(2027, 3, 4, 23, 30))
RETITLED = dataclasses.replace(MOVED, title="Launch day")
OTHER = Post("de", "instagram", datetime(2027, 3, 1, 12, 0), "Europe/Berlin", id="p2")


def test_a_post_change_names_the_days_and_instants_it_touches() -> None:
    change = PostChange(POST, MOVED)
    assert change.post_id == "p1"
    assert change.days == {date(2027, 3, 2), date(2027, 3, 4)}
    assert change.instants == (POST.instant, MOVED.instant)
    assert PostChange(None, OTHER).posts == (OTHER,) and PostChange(OTHER, None).post_id == "p2"


def test_of_posts_pairs_before_and_after_and_leaves_out_what_did_not_change() -> None:
    changes = Changes.of_posts([POST, None, OTHER], [MOVED, OTHER, OTHER])
    assert changes.post_changes == (PostChange(POST, MOVED), PostChange(None, OTHER))
    assert changes.only_posts and changes.posts_listed and changes.touches_posts
    assert Changes.of_posts([POST], [POST]).is_empty


def test_flags_say_what_else_changed() -> None:
    assert Changes().is_empty and not Changes().touches_posts
    assert not Changes(firm=True).is_empty and not Changes(firm=True).touches_posts
    regenerated = Changes(decisions=True, posts=True)
    assert regenerated.touches_posts and not regenerated.posts_listed and not regenerated.only_posts
    assert Changes(everything=True).touches_posts and not Changes(everything=True).posts_listed
    mixed = Changes(holidays=True, post_changes=(PostChange(POST, MOVED),))
    assert mixed.posts_listed and not mixed.only_posts


def test_merging_keeps_each_posts_first_before_and_last_after() -> None:
    first = Changes.of_posts([POST], [MOVED])
    second = Changes(settings=True, post_changes=(PostChange(MOVED, RETITLED), PostChange(None, OTHER)))
    merged = first.merged(second)
    assert merged.post_changes == (PostChange(POST, RETITLED), PostChange(None, OTHER))
    assert merged.settings and not merged.firm


def test_a_post_made_then_deleted_or_changed_back_leaves_nothing() -> None:
    made_and_gone = Changes.of_posts([None], [OTHER]).merged(Changes.of_posts([OTHER], [None]))
    assert made_and_gone.is_empty
    undone = Changes.of_posts([POST], [MOVED]).merged(Changes.of_posts([MOVED], [POST]))
    assert undone.is_empty


def test_merging_adds_the_counts_and_keeps_every_flag() -> None:
    merged = Changes(posts=True, posts_added=3).merged(Changes(everything=True, holidays=True, posts_removed=2))
    assert merged == Changes(posts=True, everything=True, holidays=True, posts_added=3, posts_removed=2)
