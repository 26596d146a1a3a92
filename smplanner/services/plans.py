"""Making plan files: empty ones, ones from an example, the default one; and describing a plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from collections.abc import Iterable
from pathlib import Path

from smplanner.domain.decisions import DECISIONS
from smplanner.domain.examples import default_start, example
from smplanner.domain.market_days import HolidayOverride
from smplanner.domain.plan import Firm, Plan, Post, Strategy
from smplanner.i18n import _
from smplanner.storage.plan_file import PlanFile


def posts_for(plan: Plan, corrections: Iterable[HolidayOverride] = (), start: date | None = None) -> list[Post]:
    """The posts every cadence rule of a plan generates over its period (or from `start` on), on each market's days
    as `market_days_off` gives them: the holiday data with the founder's `corrections` applied last."""
    # Imported here: dateutil is not needed to open and show a plan.
    from smplanner.domain.cadence import generate_posts
    from smplanner.services.holidays import HOLIDAY_NAME_LANGUAGE, market_days_off

    first, last = plan.strategy.period_start, plan.strategy.period_end
    days_off = market_days_off(plan, corrections, first, last, HOLIDAY_NAME_LANGUAGE)
    return generate_posts(plan, days_off.__getitem__, start=start)


def example_plan(name: str, today: date) -> tuple[Plan, list[Post]]:
    """An example plan from the Monday after `today`, its first weeks of posts written (see `example_texts`)."""
    from smplanner.domain.example_texts import with_example_texts

    plan = example(name).build(default_start(today))
    return plan, with_example_texts(plan, posts_for(plan))


def create_from_example(
    path: Path, name: str, today: date, *, replace: bool = False, keep_digest: bool = False
) -> tuple[Plan, list[Post]]:
    plan, posts = example_plan(name, today)
    PlanFile.create(path, plan, posts, replace=replace, keep_digest=keep_digest)
    return plan, posts


def is_untouched_example(path: Path) -> bool:
    """Whether a file is an example plan `smplanner demo` wrote that nobody has changed since (so it may be
    replaced by a fresh one); False for anything else, a damaged file included."""
    from smplanner.storage.errors import PlanFileError

    try:
        with PlanFile.open(path, read_only=True) as plan_file:
            return plan_file.unchanged_since_creation()
    except PlanFileError:
        return False


def empty_plan(today: date, home_zone: str = "Europe/Brussels", home_country: str = "BE") -> Plan:
    """A new plan with nothing decided yet: the firm gets a placeholder name, the period is the coming year."""
    start = today + timedelta(days=(7 - today.weekday()) % 7)
    return Plan(
        firm=Firm(name=_("My firm"), home_country=home_country, home_zone=home_zone),
        strategy=Strategy(period_start=start, period_end=start + timedelta(days=364)),
    )


def create_empty(path: Path, today: date, home_zone: str = "Europe/Brussels", home_country: str = "BE") -> Plan:
    plan = empty_plan(today, home_zone, home_country)
    PlanFile.create(path, plan)
    return plan


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """What `smplanner info` and the main window's overview tell about a plan."""

    path: Path
    plan: Plan
    post_count: int
    first_post: Post | None
    last_post: Post | None
    decisions_taken: tuple[str, ...]
    decisions_open: tuple[str, ...]
    schema_revision: str


def summarise(plan_file: PlanFile) -> PlanSummary:
    repository = plan_file.reader  # sqlite3 alone: a summary is what start-up shows first
    plan = repository.load_plan()
    first = repository.posts(limit=1)
    last = repository.last_post()
    taken = tuple(d.key for d in DECISIONS if d.is_taken(plan))
    return PlanSummary(
        path=plan_file.path,
        plan=plan,
        post_count=repository.count_posts(),
        first_post=first[0] if first else None,
        last_post=last,
        decisions_taken=taken,
        decisions_open=tuple(d.key for d in DECISIONS if d.key not in taken),
        schema_revision=plan_file.revision,
    )
