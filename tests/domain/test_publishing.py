"""The daily loop's domain: language versions, what is due, the checks on a publication, the publishing log, and
silences measured from what was really published."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest
from plan_factories import small_plan

from smplanner.domain.cadence import generate_posts
from smplanner.domain.market_days import NO_DAYS_OFF
from smplanner.domain.plan import LanguageMode, Post, PostError, PostStatus, PostVersion, VersionStatus
from smplanner.domain.post_tally import tally_posts
from smplanner.domain.publishing import (
    DuePost,
    PublishingLog,
    activity,
    checked_reason,
    checked_url,
    due_posts,
    publication_moment,
    published,
    publishing_log,
    skipped,
)
from smplanner.domain.timezones import zone
from smplanner.domain.workload import FindingKind, WorkloadSettings, analyse, findings

PLAN = small_plan()  # Japan (ja), LinkedIn Tue and Thu 09:00 Tokyo, from Mon 2027-01-04 to 2027-12-31
JAPAN = PLAN.markets[0]
LINKEDIN = PLAN.presences[0]


def post(local: datetime, **fields) -> Post:
    return Post(JAPAN.id, "linkedin", local, JAPAN.zone, presence_id=LINKEDIN.id, **fields)


JAPAN_ZONE = zone("Asia/Tokyo")


# -- a post is one idea with language versions ----------------------------------------------------------------------


def test_a_version_marked_ready_needs_a_text() -> None:
    assert PostVersion("ja", "こんにちは", VersionStatus.READY).status is VersionStatus.READY
    with pytest.raises(PostError, match="ja version is marked ready but has no text"):
        PostVersion("ja", "  \n ", VersionStatus.READY)
    with pytest.raises(PostError, match="needs a language"):
        PostVersion("")


def test_a_post_has_one_version_per_language_and_a_consistent_log() -> None:
    local = datetime(2027, 1, 5, 9, 0)
    with pytest.raises(PostError, match="one version per language"):
        post(local, versions=(PostVersion("ja"), PostVersion("ja", "x")))
    with pytest.raises(PostError, match="published post needs the moment"):
        post(local, status=PostStatus.PUBLISHED)
    with pytest.raises(PostError, match="published post needs the moment"):
        post(local, published_at=datetime(2027, 1, 5, 1, 0, tzinfo=UTC))
    with pytest.raises(PostError, match="Only a published post has a link"):
        post(local, published_url="https://example.com/p/1")
    with pytest.raises(PostError, match="skipped post needs the reason"):
        post(local, status=PostStatus.SKIPPED)
    with pytest.raises(PostError, match="skipped post needs the reason"):
        post(local, skip_reason="Strike")
    done = post(local, status=PostStatus.SKIPPED, skip_reason="Strike", versions=(PostVersion("ja"), PostVersion("en")))
    assert done.is_done and done.languages == ("ja", "en") and done.version("en") == PostVersion("en")
    assert done.version("fr") is None


def test_generated_posts_get_a_version_per_language_of_their_market() -> None:
    bilingual = dataclasses.replace(JAPAN, languages=("ja", "en"))
    plan = dataclasses.replace(PLAN, markets=(bilingual,))
    first = generate_posts(plan, lambda _market: NO_DAYS_OFF)[0]
    assert first.versions == (PostVersion("ja", "", VersionStatus.TO_WRITE),
                               PostVersion("en", "", VersionStatus.TO_TRANSLATE))
    # The rule's language is written first, the market's others are translated from it.
    english_first = dataclasses.replace(plan, cadence_rules=(dataclasses.replace(plan.cadence_rules[0],
                                                                                 language="en"),))
    assert generate_posts(english_first, lambda _market: NO_DAYS_OFF)[0].languages == ("en", "ja")
    # With one language for all markets, a post is written once, in the main language.
    one = dataclasses.replace(plan, strategy=dataclasses.replace(plan.strategy, language_mode=LanguageMode.ONE_FOR_ALL,
                                                                 main_language="fr"))
    assert generate_posts(one, lambda _market: NO_DAYS_OFF)[0].versions == (PostVersion("fr"),)
    # A market with no language yet gets the rule's.
    silent = dataclasses.replace(plan, markets=(dataclasses.replace(JAPAN, languages=()),))
    assert generate_posts(silent, lambda _market: NO_DAYS_OFF)[0].languages == ("ja",)


# -- the checks on what the founder records -------------------------------------------------------------------------


NOW = datetime(2027, 1, 6, 8, 0, tzinfo=UTC)  # Wednesday 17:00 in Tokyo, 09:00 in Brussels


def test_a_publication_moment_is_neither_in_the_future_nor_before_the_plan() -> None:
    tuesday = post(datetime(2027, 1, 5, 9, 0))
    moment = publication_moment(PLAN, tuesday, datetime(2027, 1, 5, 9, 12, 30, 999, tzinfo=JAPAN_ZONE), NOW)
    assert moment == datetime(2027, 1, 5, 0, 12, 30, tzinfo=UTC) and moment.tzinfo is UTC
    assert publication_moment(PLAN, tuesday, NOW, NOW) == NOW
    with pytest.raises(PostError, match="in the future"):
        publication_moment(PLAN, tuesday, NOW + timedelta(seconds=1), NOW)
    # The plan starts on Monday 2027-01-04 at midnight in Tokyo, which is Sunday 15:00 UTC.
    assert publication_moment(PLAN, tuesday, datetime(2027, 1, 3, 15, 0, tzinfo=UTC), NOW)
    with pytest.raises(PostError, match=r"before the plan starts \(2027-01-04\)"):
        publication_moment(PLAN, tuesday, datetime(2027, 1, 3, 14, 59, tzinfo=UTC), NOW)
    with pytest.raises(ValueError):
        publication_moment(PLAN, tuesday, datetime(2027, 1, 5, 9, 0), NOW)


@pytest.mark.parametrize("url", ["ftp://example.com/x", "example.com/post", "https://", "https://exa mple.com/",
                                 "javascript:alert(1)", "https://x.com/" + "a" * 2000])
def test_a_link_must_be_a_web_address(url: str) -> None:
    with pytest.raises(PostError):
        checked_url(url)


def test_links_and_reasons_are_trimmed() -> None:
    assert checked_url("  https://www.linkedin.com/feed/update/urn:li:activity:1/ ") == (
        "https://www.linkedin.com/feed/update/urn:li:activity:1/")
    assert checked_url("   ") == ""
    assert checked_reason("  Strike  in\nJapan ") == "Strike in Japan"
    with pytest.raises(PostError, match="Say why"):
        checked_reason(" \n ")
    with pytest.raises(PostError, match="longer than 500"):
        checked_reason("x" * 501)


def test_publishing_and_skipping_replace_each_other() -> None:
    tuesday = post(datetime(2027, 1, 5, 9, 0), status=PostStatus.READY)
    done = published(tuesday, NOW, "https://example.com/1")
    assert (done.status, done.published_at, done.published_url) == (PostStatus.PUBLISHED, NOW, "https://example.com/1")
    dropped = skipped(done, "Nobody there")
    assert (dropped.status, dropped.published_at, dropped.published_url, dropped.skip_reason) == (
        PostStatus.SKIPPED, None, "", "Nobody there")
    assert published(dropped, NOW).skip_reason == ""


# -- what is due ------------------------------------------------------------------------------------------------------


def test_due_posts_overdue_first_then_today_and_the_next_days_in_the_founder_s_dates() -> None:
    monday = post(datetime(2027, 1, 4, 9, 0), title="missed")  # Monday 01:00 in Brussels
    tuesday = post(datetime(2027, 1, 5, 9, 0), title="done", status=PostStatus.PUBLISHED,
                   published_at=datetime(2027, 1, 5, 0, 30, tzinfo=UTC))
    wednesday_early = post(datetime(2027, 1, 6, 16, 0), title="earlier today")  # 08:00 in Brussels: overdue
    wednesday_done = post(datetime(2027, 1, 6, 9, 30), title="skipped today", status=PostStatus.SKIPPED,
                          skip_reason="Holiday")  # 01:30 in Brussels, today, done
    wednesday_late = post(datetime(2027, 1, 7, 1, 0), title="tonight")  # Wednesday 17:00 in Brussels
    friday = post(datetime(2027, 1, 8, 20, 0), title="friday")  # 12:00 in Brussels
    saturday = post(datetime(2027, 1, 9, 20, 0), title="too late")
    due = due_posts([saturday, friday, wednesday_late, wednesday_done, wednesday_early, tuesday, monday], NOW,
                    "Europe/Brussels", days=3)
    assert [(d.post.title, d.overdue, d.day.isoformat()) for d in due] == [
        ("missed", True, "2027-01-04"),
        ("earlier today", True, "2027-01-06"),
        ("skipped today", False, "2027-01-06"),
        ("tonight", False, "2027-01-06"),
        ("friday", False, "2027-01-08"),
    ]
    assert isinstance(due[0], DuePost)
    assert [d.post.title for d in due_posts([friday, wednesday_late], NOW, "Europe/Brussels", days=1)] == ["tonight"]
    with pytest.raises(ValueError):
        due_posts([], NOW, "Europe/Brussels", days=0)


# -- the publishing log --------------------------------------------------------------------------------------------


def log_of(posts: list[Post], now: datetime) -> PublishingLog:
    return publishing_log(PLAN, tally_posts(posts, PLAN.strategy.period_start, PLAN.strategy.period_end, now))


def week_of_posts() -> list[Post]:
    """The rule's posts of the first two weeks (Tue and Thu 09:00 Tokyo), as generated."""
    return [p for p in generate_posts(PLAN, lambda _market: NO_DAYS_OFF) if p.local.date() < date(2027, 1, 18)]


def test_the_log_counts_planned_published_skipped_and_overdue_per_week_and_month() -> None:
    posts = week_of_posts()  # Jan 5, 7, 12, 14
    assert [p.local.date().day for p in posts] == [5, 7, 12, 14]
    log_posts = [
        published(posts[0], datetime(2027, 1, 5, 0, 10, tzinfo=UTC)),
        skipped(posts[1], "Fever"),
        published(posts[2], datetime(2027, 1, 12, 1, 0, tzinfo=UTC)),
        posts[3],
    ]
    now = datetime(2027, 1, 15, 3, 0, tzinfo=UTC)  # Friday noon in Tokyo
    log = log_of(log_posts, now)
    (record,) = log.presences
    assert log.in_use and log.overdue == 1
    assert record.last_published == datetime(2027, 1, 12, 1, 0, tzinfo=UTC)
    assert record.days_silent == 3  # Tuesday 12 to Friday 15, in Tokyo
    assert (record.planned, record.published, record.skipped, record.overdue) == (4, 2, 1, 1)
    assert [(t.start.isoformat(), t.planned, t.published, t.skipped) for t in record.weeks] == [
        ("2027-01-04", 2, 1, 1), ("2027-01-11", 2, 1, 0)]
    assert [(t.start.isoformat(), t.planned, t.published) for t in record.months] == [("2027-01-01", 4, 2)]
    # Before its moment a post is neither planned nor overdue yet; a post published early counts for the log.
    early = log_of([published(posts[3], datetime(2027, 1, 13, 0, 0, tzinfo=UTC))],
                           datetime(2027, 1, 13, 1, 0, tzinfo=UTC))
    assert early.presences[0].planned == 0 and early.presences[0].days_silent == 0
    assert early.presences[0].last_published == datetime(2027, 1, 13, 0, 0, tzinfo=UTC)


def test_days_silent_without_any_publication_count_from_the_start() -> None:
    log = log_of(week_of_posts(), datetime(2027, 1, 15, 3, 0, tzinfo=UTC))
    (record,) = log.presences
    assert not log.in_use and record.last_published is None
    assert record.days_silent == 11 and record.overdue == 4  # since Monday 4 January
    before = log_of(week_of_posts(), datetime(2027, 1, 1, tzinfo=UTC))
    assert before.presences[0].days_silent is None and before.presences[0].weeks == ()


def test_activity_counts_what_went_out_on_the_day_it_went_out() -> None:
    posts = week_of_posts()
    late = published(posts[0], datetime(2027, 1, 6, 3, 0, tzinfo=UTC))  # planned Tuesday, out Wednesday
    now = datetime(2027, 1, 8, tzinfo=UTC)
    first, last = PLAN.strategy.period_start, PLAN.strategy.period_end

    def days(spans) -> list[int]:
        return sorted(date.fromordinal(day).day for buckets in spans.values() for span in buckets.values()
                      for day in {span.first, span.last})

    alive = activity(tally_posts([late, skipped(posts[1], "x"), posts[2], posts[3]], first, last, now, 1), True)
    assert days(alive) == [6, 12, 14]
    planned_only = activity(tally_posts([posts[0], skipped(posts[1], "x"), posts[2]], first, last, now, 1), False)
    assert days(planned_only) == [5, 12]


def test_the_silence_finding_says_how_long_a_presence_has_been_silent() -> None:
    posts = [p for p in generate_posts(PLAN, lambda _market: NO_DAYS_OFF) if p.local.date() <= date(2027, 3, 31)]
    first = published(posts[0], datetime(2027, 1, 5, 0, 5, tzinfo=UTC))
    # Nothing published since 5 January: at noon on Thursday 28 January in Tokyo, that morning's post included, the
    # presence has been silent for 23 days, and the next post still to come is on Tuesday 2 February.
    stored = [first, *posts[1:]]
    now = datetime(2027, 1, 28, 3, 0, tzinfo=UTC)
    log = log_of(stored, now)
    assert log.presences[0].days_silent == 23
    settings = WorkloadSettings()
    first_day, last_day = date(2027, 1, 4), date(2027, 3, 31)
    counted = tally_posts(stored, first_day, last_day, now)
    report = analyse(PLAN, counted, settings)
    found = [f for f in findings(PLAN, counted, report, settings, log)
             if f.kind in (FindingKind.SILENT_PRESENCE, FindingKind.OVERDUE_POSTS)]
    assert [f.kind for f in found] == [FindingKind.SILENT_PRESENCE, FindingKind.OVERDUE_POSTS]
    assert found[0].text == (
        "LinkedIn in Japan has been silent for 23 days (last published on Tue, Jan 5, 2027), and nothing is planned "
        "there before Tue, Feb 2, 2027. A silent profile looks abandoned and harms the firm's image.")
    assert found[1].text.startswith("7 posts are overdue (their time has passed")  # Jan 7 to Jan 28
    assert "): LinkedIn in Japan: 7. Publish them late" in found[1].text
    # Without the log (nothing recorded), silences come from the plan alone: none here, as it posts twice a week.
    plain = findings(PLAN, tally_posts(posts, first_day, last_day, now), report, settings, log_of(posts, now))
    assert not [f for f in plain if f.kind is FindingKind.SILENT_PRESENCE]


def test_a_presence_silent_until_the_plan_ends() -> None:
    posts = [p for p in generate_posts(PLAN, lambda _market: NO_DAYS_OFF) if p.local.date() <= date(2027, 1, 31)]
    stored = [published(posts[0], datetime(2027, 1, 5, 0, 5, tzinfo=UTC)), *posts[1:]]
    now = datetime(2027, 2, 1, 3, 0, tzinfo=UTC)
    log = log_of(stored, now)
    settings = WorkloadSettings()
    first_day, last_day = date(2027, 1, 4), date(2027, 2, 28)
    counted = tally_posts(stored, first_day, last_day, now)
    report = analyse(PLAN, counted, settings)
    (silent,) = [f for f in findings(PLAN, counted, report, settings, log)
                 if f.kind is FindingKind.SILENT_PRESENCE]
    assert "has been silent for 27 days" in silent.text
    assert "nothing is planned there before the plan ends" in silent.text


def test_the_rule_s_posts_time_is_the_founder_s_moment() -> None:
    # A guard on the helpers above: Tuesday 09:00 in Tokyo is Tuesday 00:00 UTC.
    assert week_of_posts()[0].instant == datetime.combine(date(2027, 1, 5), time(0), tzinfo=UTC)
