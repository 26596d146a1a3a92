"""A market's days off (its weekend and public holidays, with the founder's corrections) and what a holiday does to a
post planned on it; the founder's own dated events of a market.

This is the one place that says how a holiday moves a post: `DaysOff.place`. Where the days off come from (the
holidays package, the founder's corrections, applied last) is `smplanner.services.holidays.market_days_off`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from smplanner.domain.plan import HolidayPolicy, new_id

SATURDAY_SUNDAY = frozenset({5, 6})
"""The weekend of a market whose holiday data says nothing else (0 = Monday)."""


class OverrideAction(StrEnum):
    """What a correction does to the holiday data of its day."""

    ADD = "add"
    REMOVE = "remove"
    RENAME = "rename"


@dataclass(frozen=True, slots=True)
class HolidayOverride:
    """A correction of one day of a market's holiday data (the data and the founder may disagree)."""

    market_id: str
    day: date
    action: OverrideAction
    name: str = ""
    id: str = field(default_factory=new_id)
    revision: int = field(default=0, compare=False)  # see plan.REVISION


@dataclass(frozen=True, slots=True)
class MarketEvent:
    """A dated moment the founder plans for in a market: a trade fair, a launch, a local celebration."""

    market_id: str
    day: date
    name: str
    id: str = field(default_factory=new_id)
    revision: int = field(default=0, compare=False)  # see plan.REVISION


def apply_overrides(holidays: Mapping[date, str], overrides: Iterable[HolidayOverride]) -> dict[date, str]:
    """The holidays with the corrections applied last, in the order given: add or rename sets the day's name,
    remove deletes the day (a rename of a day the data does not have adds it, so the founder's word wins)."""
    result = dict(holidays)
    for override in overrides:
        if override.action is OverrideAction.REMOVE:
            result.pop(override.day, None)
        else:
            result[override.day] = override.name
    return result


@dataclass(frozen=True)
class DaysOff:
    """A market's days without business over some span: its weekend, its public holidays {date: name} (the founder's
    corrections applied), weekend days its data makes working days (China's make-up working Saturdays), and the
    years its holiday data does not cover (there it knows no holiday, which does not mean there is none).

    `weekend_by_year` gives the weekend of each year the data was asked for (a country may move its weekend, as the
    United Arab Emirates did in 2022); other years take `weekend`.
    """

    weekend: frozenset[int] = SATURDAY_SUNDAY
    holidays: Mapping[date, str] = field(default_factory=dict)
    weekend_workdays: frozenset[date] = frozenset()
    years_without_data: tuple[int, ...] = ()
    weekend_by_year: Mapping[int, frozenset[int]] = field(default_factory=dict)

    def weekend_on(self, day: date) -> frozenset[int]:
        return self.weekend_by_year.get(day.year, self.weekend)

    def is_holiday(self, day: date) -> bool:
        return day in self.holidays

    def is_working_day(self, day: date) -> bool:
        """Neither a holiday nor a weekend day (unless the data makes that weekend day a working day)."""
        if day in self.holidays:
            return False
        return day.weekday() not in self.weekend_on(day) or day in self.weekend_workdays

    def next_working_day(self, day: date) -> date:
        """The first working day after `day` (a market with no working day at all: the day after)."""
        candidate = day + timedelta(days=1)
        for _step in range(370):
            if self.is_working_day(candidate):
                return candidate
            candidate += timedelta(days=1)
        return day + timedelta(days=1)

    def place(self, day: date, policy: HolidayPolicy) -> date | None:
        """Where a rule's post planned for `day` goes: that day unless it is a public holiday; on a holiday, nowhere
        (skip), the market's next working day (move), or that day, where it is flagged (flag)."""
        if day not in self.holidays or policy is HolidayPolicy.FLAG:
            return day
        if policy is HolidayPolicy.SKIP:
            return None
        return self.next_working_day(day)

    def lacks_data_on(self, day: date) -> bool:
        return day.year in self.years_without_data


NO_DAYS_OFF = DaysOff()
"""A market about which nothing is known: a Saturday-Sunday weekend, no holidays."""
