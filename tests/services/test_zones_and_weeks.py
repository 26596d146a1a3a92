"""Posts across zones: they come in the order of their instants (never of their wall-clock times), and the workload
counts each in its market's local week (never its UTC week)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from smplanner.domain.calendar_filter import PostQuery
from smplanner.domain.calendar_layout import week_layout
from smplanner.domain.plan import (
    Actor,
    ActorKind,
    CadenceRule,
    Firm,
    Market,
    Plan,
    Post,
    Presence,
    Strategy,
)
from smplanner.domain.post_tally import tally_posts
from smplanner.domain.workload import WorkloadSettings, analyse
from smplanner.services.planning import PlanningService
from smplanner.storage.plan_file import PlanFile

AUCKLAND = Market("NZ", "Pacific/Auckland", id="nz")
HONOLULU = Market("US", "Pacific/Honolulu", subdivision="HI", id="us")
TOKYO = Market("JP", "Asia/Tokyo", id="jp")
FOUNDER = Actor("Founder", ActorKind.FOUNDER, hours_per_week=10, id="founder")
PRESENCES = tuple(Presence(m.id, "linkedin", actor_id=FOUNDER.id, id="p-" + m.id) for m in (AUCKLAND, HONOLULU, TOKYO))
PLAN = Plan(
    firm=Firm("ACME", "BE", "Europe/Brussels"),
    strategy=Strategy(date(2027, 3, 1), date(2027, 3, 28)),
    markets=(AUCKLAND, HONOLULU, TOKYO),
    actors=(FOUNDER,),
    presences=PRESENCES,
    cadence_rules=(CadenceRule(PRESENCES[2].id, (0,), (time(7, 0),)),),
)


def post(market: Market, local: datetime, name: str) -> Post:
    return Post(market.id, "linkedin", local, market.zone, id=name, presence_id="p-" + market.id, title=name)


# Wall-clock order: Honolulu's Tuesday 10:00, then Auckland's Wednesday 08:00 and 09:30. Instant order: Auckland's
# 08:00 (Tuesday 19:00 UTC), Honolulu's 10:00 (Tuesday 20:00 UTC), Auckland's 09:30 (Tuesday 20:30 UTC).
ACROSS_ZONES = [
    post(HONOLULU, datetime(2027, 3, 9, 10, 0), "honolulu-10"),
    post(AUCKLAND, datetime(2027, 3, 10, 8, 0), "auckland-08"),
    post(AUCKLAND, datetime(2027, 3, 10, 9, 30), "auckland-0930"),
]
BY_INSTANT = ["auckland-08", "honolulu-10", "auckland-0930"]
# Monday 8 March 07:00 in Tokyo is Sunday 7 March 22:00 UTC: the week of 1 March in UTC, of 8 March in Tokyo.
TOKYO_MONDAY = post(TOKYO, datetime(2027, 3, 8, 7, 0), "tokyo-monday")


@pytest.fixture
def service(tmp_path: Path):
    path = tmp_path / "zones.smplan"
    PlanFile.create(path, PLAN, [*ACROSS_ZONES, TOKYO_MONDAY])
    opened = PlanningService(PlanFile.open(path))
    yield opened
    opened.close()


def test_posts_across_zones_come_in_the_order_of_their_instants(service: PlanningService) -> None:
    assert [p.instant for p in ACROSS_ZONES] != sorted(p.instant for p in ACROSS_ZONES)  # the test means something
    day = (datetime(2027, 3, 9, tzinfo=UTC), datetime(2027, 3, 10, tzinfo=UTC))
    assert [p.id for p in service.posts_between(*day)] == BY_INSTANT
    assert [p.id for p in service.plan_file.reader.posts(*(moment.replace(tzinfo=None) for moment in day))] \
        == BY_INSTANT
    assert service.post_ids(PostQuery(start_utc=day[0], end_utc=day[1])) == BY_INSTANT
    assert [p.id for p in service.posts_to_export(first=date(2027, 3, 9), last=date(2027, 3, 10))
            if p.market_id != TOKYO.id] == BY_INSTANT
    layout = week_layout(ACROSS_ZONES, {}, PLAN, "UTC", date(2027, 3, 8))
    assert [tile.post_id for tile in layout.tiles] == BY_INSTANT


def test_a_post_counts_in_its_markets_local_week_not_its_utc_week(service: PlanningService) -> None:
    first, last = PLAN.strategy.period_start, PLAN.strategy.period_end
    assert TOKYO_MONDAY.instant.date() == date(2027, 3, 7)  # Sunday in UTC
    for tally in (tally_posts([TOKYO_MONDAY], first, last), service.post_tally(now=datetime(2027, 3, 1, tzinfo=UTC))):
        report = analyse(PLAN, tally, WorkloadSettings())
        posts_by_week = {week.start: week.posts for week in report.weeks}
        assert posts_by_week[date(2027, 3, 1)] == 0  # not in its UTC week
        tokyo_posts = [count for (week, kind), count in tally.weekly.items() if kind[1] == TOKYO.id]
        assert tokyo_posts == [1]
        (week,) = [week for (week, kind) in tally.weekly if kind[1] == TOKYO.id]
        assert date.fromordinal(week * 7 + 1) == date(2027, 3, 8)
