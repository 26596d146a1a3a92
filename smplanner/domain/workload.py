"""The hours per week a plan costs to keep alive, against the hours its actors have.

A first, deliberately simple model (refined by the workload feature): each post takes a base time by
format, more when the market's content is adapted to local customs or written in another language than
the plan's main one, and every presence needs some time each week for replies and community management.
"""

from __future__ import annotations

from dataclasses import dataclass

from smplanner.domain.plan import CadenceRule, ContentFormat, LanguageMode, Plan

MINUTES_PER_POST = {ContentFormat.TEXT: 20, ContentFormat.IMAGE: 40, ContentFormat.VIDEO: 90}
DEFAULT_MINUTES_PER_POST = 40
ADAPTATION_MINUTES = 15
TRANSLATION_MINUTES = 15
COMMUNITY_MINUTES_PER_PRESENCE = 45


@dataclass(frozen=True, slots=True)
class WorkloadEstimate:
    needed_hours: float
    available_hours: float
    presences: int

    @property
    def over(self) -> bool:
        return self.needed_hours > self.available_hours

    @property
    def ratio(self) -> float:
        return self.needed_hours / self.available_hours if self.available_hours else float("inf")


def rule_minutes_per_week(plan: Plan, rule: CadenceRule) -> float:
    """Minutes per week one cadence rule costs."""
    presence = plan.presence(rule.presence_id)
    market = plan.market(presence.market_id)
    content = next((c for c in plan.content_types if c.id == rule.content_type_id), None)
    per_post = MINUTES_PER_POST[content.format] if content else DEFAULT_MINUTES_PER_POST
    if market.content_adapted:
        per_post += ADAPTATION_MINUTES
    other_language = (
        plan.strategy.language_mode is LanguageMode.PER_MARKET and rule.language != plan.strategy.main_language
    )
    if other_language:
        per_post += TRANSLATION_MINUTES
    return rule.posts_per_week * per_post


def estimate(plan: Plan) -> WorkloadEstimate:
    """Hours per week needed by the plan's cadence rules and presences, and hours its actors give."""
    minutes = sum(rule_minutes_per_week(plan, rule) for rule in plan.cadence_rules)
    minutes += COMMUNITY_MINUTES_PER_PRESENCE * len(plan.presences)
    available = sum(actor.hours_per_week for actor in plan.actors)
    return WorkloadEstimate(round(minutes / 60, 1), available, len(plan.presences))
