"""The decisions of the paper's Table 1 and whether a plan has taken each of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from smplanner.domain.plan import Plan
from smplanner.i18n import N_


class DecisionGroup(StrEnum):
    MANAGEMENT = "management"
    PLATFORMS = "platforms"
    CONTENT = "content"


@dataclass(frozen=True, slots=True)
class Decision:
    key: str
    group: DecisionGroup
    label: str  # marked with N_, translate with _() where shown
    is_taken: Callable[[Plan], bool]


def _actors_taken(plan: Plan) -> bool:
    return bool(plan.actors) and bool(plan.presences) and all(p.actor_id for p in plan.presences)


def _resources_taken(plan: Plan) -> bool:
    budget = plan.strategy.budget_organic_month + plan.strategy.budget_paid_month
    return budget > 0 or any(a.hours_per_week > 0 for a in plan.actors)


def _platforms_taken(plan: Plan) -> bool:
    covered = {p.market_id for p in plan.presences}
    return bool(plan.markets) and all(m.id in covered for m in plan.markets)


def _language_taken(plan: Plan) -> bool:
    return bool(plan.markets) and all(m.languages for m in plan.markets)


def _calendar_taken(plan: Plan) -> bool:
    with_rules = {r.presence_id for r in plan.cadence_rules}
    return bool(plan.presences) and all(p.id in with_rules for p in plan.presences)


def _content_taken(plan: Plan) -> bool:
    return bool(plan.content_types) and bool(plan.strategy.editorial_line.strip())


DECISIONS: tuple[Decision, ...] = (
    Decision("actors", DecisionGroup.MANAGEMENT, N_("Actors and responsibilities"), _actors_taken),
    Decision("resources", DecisionGroup.MANAGEMENT, N_("Resource allocation"), _resources_taken),
    Decision("platforms", DecisionGroup.PLATFORMS, N_("Networks per market"), _platforms_taken),
    Decision("language", DecisionGroup.CONTENT, N_("Language"), _language_taken),
    Decision("calendar", DecisionGroup.CONTENT, N_("Frequency and calendar"), _calendar_taken),
    Decision("content", DecisionGroup.CONTENT, N_("Types of content"), _content_taken),
)
