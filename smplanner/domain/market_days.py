"""The founder's own corrections of a market's holidays and the dated events they add to a market."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from smplanner.domain.plan import new_id


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


@dataclass(frozen=True, slots=True)
class MarketEvent:
    """A dated moment the founder plans for in a market: a trade fair, a launch, a local celebration."""

    market_id: str
    day: date
    name: str
    id: str = field(default_factory=new_id)


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
