"""The strategy wizard's flow, without widgets: its pages, the draft being edited, what blocks each page.

The wizard edits a StrategyDraft, a mutable copy of the plan's decisions; nothing is stored until Finish
turns the draft back into a Plan. Every problem is a sentence for the founder, shown beside the Next button.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import IntEnum

from smplanner.domain.catalogue import Catalogue, PlatformInfo
from smplanner.domain.market_days import HolidayOverride
from smplanner.domain.plan import (
    Actor,
    ActorKind,
    CadenceRule,
    ContentType,
    Firm,
    LanguageMode,
    Market,
    Objective,
    Plan,
    Post,
    Presence,
    ProfileScope,
    Scenario,
    Strategy,
)
from smplanner.domain.post_warnings import PostWarning, WarningContext, advice_for, founder_time
from smplanner.domain.platform_suggestions import unavailable_claim
from smplanner.domain.regions import region_problem
from smplanner.domain.time_suggestions import TimeSuggestion, suggest_days, suggest_times
from smplanner.domain.timezones import known_zones
from smplanner.domain.workload import WorkloadEstimate, WorkloadSettings, estimate
from smplanner.i18n import N_, _
from smplanner.i18n.formatting import country_name, format_time


class PageId(IntEnum):
    FIRM = 0
    MARKETS = 1
    ACTORS = 2
    RESOURCES = 3
    PLATFORMS = 4
    LANGUAGE = 5
    CALENDAR = 6
    CONTENT = 7
    REVIEW = 8


PAGE_TITLES = {
    PageId.FIRM: N_("Firm and scenario"),
    PageId.MARKETS: N_("Target markets"),
    PageId.ACTORS: N_("Actors and responsibilities"),
    PageId.RESOURCES: N_("Resources"),
    PageId.PLATFORMS: N_("Platforms per market"),
    PageId.LANGUAGE: N_("Language"),
    PageId.CALENDAR: N_("Frequency and calendar"),
    PageId.CONTENT: N_("Types of content"),
    PageId.REVIEW: N_("Review"),
}

MAX_PERIOD_DAYS = 3 * 366

ACTOR_KIND_LABELS = {
    ActorKind.FOUNDER: N_("Founder"),
    ActorKind.EMPLOYEE: N_("Employee"),
    ActorKind.AGENCY: N_("Agency at home"),
    ActorKind.PARTNER: N_("Partner or distributor abroad"),
}
PROFILE_SCOPE_LABELS = {
    ProfileScope.SHARED: N_("One shared international profile"),
    ProfileScope.NATIONAL: N_("A national profile"),
    ProfileScope.PERSONAL: N_("The founder's personal profile"),
}


@dataclass(frozen=True, slots=True)
class Warning:
    """Something the founder should know before committing; it never blocks."""

    page: PageId
    text: str


def market_label(market: Market) -> str:
    """A market as the founder reads it: "Japan", "Canada (QC)"."""
    name = country_name(market.country)
    return "{name} ({subdivision})".format(name=name, subdivision=market.subdivision) if market.subdivision else name


DEFAULT_POSTS_A_WEEK = 2
"""How many posts a week a new cadence starts with."""


@dataclass
class StrategyDraft:
    """A mutable copy of a plan's decisions, kept consistent as the founder adds and removes things."""

    firm: Firm
    strategy: Strategy
    catalogue: Catalogue
    markets: list[Market] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    presences: list[Presence] = field(default_factory=list)
    content_types: list[ContentType] = field(default_factory=list)
    rules: list[CadenceRule] = field(default_factory=list)
    own_platforms: list[PlatformInfo] = field(default_factory=list)
    workload_settings: WorkloadSettings | None = None  # the plan's own minutes per post etc.; defaults when None
    holiday_corrections: tuple[HolidayOverride, ...] = ()  # the founder's, stored beside the plan's decisions

    @classmethod
    def from_plan(cls, plan: Plan) -> StrategyDraft:
        return cls(
            firm=plan.firm,
            strategy=plan.strategy,
            catalogue=plan.catalogue(),
            markets=list(plan.markets),
            actors=list(plan.actors),
            presences=list(plan.presences),
            content_types=list(plan.content_types),
            rules=list(plan.cadence_rules),
            own_platforms=list(plan.own_platforms),
        )

    def to_plan(self) -> Plan:
        return Plan(
            firm=self.firm,
            strategy=self.strategy,
            markets=tuple(self.markets),
            actors=tuple(self.actors),
            presences=tuple(self.presences),
            content_types=tuple(self.content_types),
            cadence_rules=tuple(self.rules),
            own_platforms=tuple(self.own_platforms),
        )

    # --- markets ---------------------------------------------------------------------------------------

    def market(self, market_id: str) -> Market:
        return next(m for m in self.markets if m.id == market_id)

    def add_market(self, market: Market) -> None:
        order = max((m.entry_order for m in self.markets), default=0) + 1
        self.markets.append(replace(market, entry_order=order))

    def replace_market(self, market: Market) -> None:
        self.markets = [market if m.id == market.id else m for m in self.markets]
        # a presence's goal must stay among its market's objectives
        if market.objectives:
            self.presences = [
                replace(p, goal=market.objectives[0])
                if p.market_id == market.id and p.goal not in market.objectives
                else p
                for p in self.presences
            ]

    def remove_market(self, market_id: str) -> None:
        for presence in [p for p in self.presences if p.market_id == market_id]:
            self.remove_presence(presence.id)
        self.markets = [m for m in self.markets if m.id != market_id]
        for order, market in enumerate(sorted(self.markets, key=lambda m: m.entry_order), start=1):
            self.replace_market(replace(market, entry_order=order))

    def move_market(self, market_id: str, step: int) -> None:
        """Move a market earlier (step -1) or later (+1) in the entry order."""
        ordered = sorted(self.markets, key=lambda m: m.entry_order)
        index = next(i for i, m in enumerate(ordered) if m.id == market_id)
        target = index + step
        if 0 <= target < len(ordered):
            ordered[index], ordered[target] = ordered[target], ordered[index]
            self.markets = [replace(m, entry_order=i) for i, m in enumerate(ordered, start=1)]

    # --- actors ----------------------------------------------------------------------------------------

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def replace_actor(self, actor: Actor) -> None:
        if any(a.id == actor.id for a in self.actors):
            self.actors = [actor if a.id == actor.id else a for a in self.actors]
        else:
            self.actors.append(actor)

    def remove_actor(self, actor_id: str) -> None:
        self.actors = [a for a in self.actors if a.id != actor_id]
        self.presences = [replace(p, actor_id=None) if p.actor_id == actor_id else p for p in self.presences]

    def default_actor_id(self) -> str | None:
        if not self.actors:
            return None
        return next((a for a in self.actors if a.kind is ActorKind.FOUNDER), self.actors[0]).id

    # --- presences and their cadence -------------------------------------------------------------------

    def presences_of(self, market_id: str) -> list[Presence]:
        return [p for p in self.presences if p.market_id == market_id]

    def presence(self, presence_id: str) -> Presence:
        return next(p for p in self.presences if p.id == presence_id)

    def add_presence(self, market_id: str, platform_id: str) -> Presence:
        """A presence on the platform for the market, with a goal, a responsible actor and a default cadence."""
        market = self.market(market_id)
        presence = Presence(
            market_id=market_id,
            platform=platform_id,
            goal=market.objectives[0] if market.objectives else Objective.VISIBILITY,
            actor_id=self.default_actor_id(),
        )
        self.presences.append(presence)
        language = market.languages[0] if market.languages else self.strategy.main_language
        if self.strategy.language_mode is LanguageMode.ONE_FOR_ALL:
            language = self.strategy.main_language
        self.rules.append(self.new_cadence(presence.id, language))
        return presence

    def new_cadence(self, presence_id: str, language: str) -> CadenceRule:
        """A new cadence for a presence: two posts a week on the platform's good days, at a time suggested as
        `suggest_times` does (good hours in the market, in the day of whoever posts, clear of the other posts)."""
        platform = self.catalogue.get(self.presence(presence_id).platform)
        rule = CadenceRule(presence_id=presence_id, weekdays=suggest_days(platform, DEFAULT_POSTS_A_WEEK),
                           times=(time(9, 0),), language=language)
        return replace(rule, times=suggest_times(self.to_plan(), rule, 1).times)

    def suggested_times(self, rule_id: str) -> TimeSuggestion:
        """Times suggested for one of the draft's cadences (as many as it has), and the sentence that says why."""
        rule = next(r for r in self.rules if r.id == rule_id)
        return suggest_times(self.to_plan(), rule)

    def presence_on(self, market_id: str, platform_id: str) -> Presence | None:
        """The market's presence on the platform, if it has one."""
        return next((p for p in self.presences if p.market_id == market_id and p.platform == platform_id), None)

    def restore_presence(self, presence: Presence, rules: list[CadenceRule]) -> None:
        """Put back a presence removed a moment ago, with its cadence, as the founder left them."""
        if any(p.id == presence.id for p in self.presences) or not any(
                m.id == presence.market_id for m in self.markets):
            return
        market = self.market(presence.market_id)
        if market.objectives and presence.goal not in market.objectives:
            presence = replace(presence, goal=market.objectives[0])
        if self.actor(presence.actor_id) is None:
            presence = replace(presence, actor_id=self.default_actor_id())
        self.presences.append(presence)
        self.rules += [r for r in rules if r.presence_id == presence.id]

    def replace_presence(self, presence: Presence) -> None:
        self.presences = [presence if p.id == presence.id else p for p in self.presences]

    def remove_presence(self, presence_id: str) -> None:
        self.presences = [p for p in self.presences if p.id != presence_id]
        self.rules = [r for r in self.rules if r.presence_id != presence_id]

    def rules_of(self, presence_id: str) -> list[CadenceRule]:
        return [r for r in self.rules if r.presence_id == presence_id]

    def replace_rule(self, rule: CadenceRule) -> None:
        if any(r.id == rule.id for r in self.rules):
            self.rules = [rule if r.id == rule.id else r for r in self.rules]
        else:
            self.rules.append(rule)

    def remove_rule(self, rule_id: str) -> None:
        self.rules = [r for r in self.rules if r.id != rule_id]

    # --- types of content ------------------------------------------------------------------------------

    def replace_content_type(self, content_type: ContentType) -> None:
        """Change a type of content in place, or add it at the end."""
        if any(c.id == content_type.id for c in self.content_types):
            self.content_types = [content_type if c.id == content_type.id else c for c in self.content_types]
        else:
            self.content_types.append(content_type)

    def remove_content_type(self, content_type_id: str) -> None:
        """Remove a type of content; the cadences that used it keep going with any type."""
        self.content_types = [c for c in self.content_types if c.id != content_type_id]
        self.rules = [replace(r, content_type_id=None) if r.content_type_id == content_type_id else r
                      for r in self.rules]

    # --- platforms the founder wrote -------------------------------------------------------------------

    def save_own_platform(self, platform: PlatformInfo) -> None:
        self.own_platforms = [p for p in self.own_platforms if p.id != platform.id] + [platform]
        self.catalogue = self.catalogue.with_entries([platform])

    # --- language --------------------------------------------------------------------------------------

    def apply_language_policy(self) -> None:
        """Keep each cadence's language among its market's languages (or the main one for all)."""
        rules = []
        for rule in self.rules:
            market = self.market(self.presence(rule.presence_id).market_id)
            if self.strategy.language_mode is LanguageMode.ONE_FOR_ALL:
                language = self.strategy.main_language
            else:
                language = rule.language if rule.language in market.languages else (
                    market.languages[0] if market.languages else self.strategy.main_language
                )
            rules.append(replace(rule, language=language))
        self.rules = rules

    # --- what blocks a page, what to warn about --------------------------------------------------------

    def problems(self, page: PageId) -> list[str]:
        """Why the founder cannot go past this page yet; empty when they can."""
        check = {
            PageId.FIRM: self._firm_problems,
            PageId.MARKETS: self._market_problems,
            PageId.ACTORS: self._actor_problems,
            PageId.RESOURCES: self._resource_problems,
            PageId.PLATFORMS: self._platform_problems,
            PageId.LANGUAGE: self._language_problems,
            PageId.CALENDAR: self._calendar_problems,
            PageId.CONTENT: self._content_problems,
        }.get(page)
        return check() if check else []

    def all_problems(self) -> list[tuple[PageId, str]]:
        return [(page, text) for page in PageId for text in self.problems(page)]

    def _firm_problems(self) -> list[str]:
        found = []
        if not self.firm.name.strip():
            found.append(_("Give the firm a name."))
        if not self.firm.home_country:
            found.append(_("Choose the firm's home country."))
        if self.firm.home_zone not in known_zones():
            found.append(_("Choose the firm's home time zone."))
        if self.firm.working_end <= self.firm.working_start:
            found.append(_("Your working day must end after it starts."))
        if not self.firm.working_days:
            found.append(_("Tick at least one working day."))
        if self.firm.home_country:
            problem = region_problem(self.firm.home_country, self.firm.home_subdivision)
            if problem is not None:
                found.append(_("Home region: {problem}.").format(problem=problem))
        return found

    def _market_problems(self) -> list[str]:
        if not self.markets:
            return [_("Add at least one target market.")]
        found = []
        codes = Counter(m.code for m in self.markets)
        for code, count in codes.items():
            if count > 1:
                market = next(m for m in self.markets if m.code == code)
                found.append(_("{market} is listed twice.").format(market=market_label(market)))
        for market in self.markets:
            if not market.objectives:
                found.append(_("Choose at least one objective for {market}.").format(market=market_label(market)))
            if market.zone not in known_zones():
                found.append(_("Choose a time zone for {market}.").format(market=market_label(market)))
            problem = region_problem(market.country, market.subdivision)
            if problem is not None:
                found.append(_("{market}: {problem}.").format(market=market_label(market), problem=problem))
        return found

    def _actor_problems(self) -> list[str]:
        if not self.actors:
            return [_("Add at least the person who will run the presences, for example yourself.")]
        found = []
        if any(not a.name.strip() for a in self.actors):
            found.append(_("Give every actor a name."))
        names = Counter(a.name.strip().casefold() for a in self.actors if a.name.strip())
        for actor in self.actors:
            if names.get(actor.name.strip().casefold(), 0) > 1:
                found.append(_("Two actors are called \u201c{name}\u201d: give them different names.").format(
                    name=actor.name))
                break
        return found

    def _resource_problems(self) -> list[str]:
        if not any(a.hours_per_week > 0 for a in self.actors):
            return [_("Give at least one actor some hours per week: without time, no presence stays alive.")]
        return []

    def _platform_problems(self) -> list[str]:
        found = []
        for market in sorted(self.markets, key=lambda m: m.entry_order):
            if not self.presences_of(market.id):
                found.append(_("Choose at least one platform for {market}.").format(market=market_label(market)))
        for presence in self.presences:
            if presence.actor_id is None or self.actor(presence.actor_id) is None:
                found.append(
                    _("Say who runs {platform} in {market}.").format(
                        platform=self.catalogue.name(presence.platform),
                        market=market_label(self.market(presence.market_id)),
                    )
                )
        return found

    def _language_problems(self) -> list[str]:
        if self.strategy.language_mode is LanguageMode.ONE_FOR_ALL:
            return [] if self.strategy.main_language else [_("Choose the language for all markets.")]
        return [
            _("Choose at least one language for {market}.").format(market=market_label(m))
            for m in self.markets
            if not m.languages
        ]

    def _calendar_problems(self) -> list[str]:
        found = []
        if self.strategy.period_end <= self.strategy.period_start:
            found.append(_("The plan period must end after it starts."))
        elif (self.strategy.period_end - self.strategy.period_start).days > MAX_PERIOD_DAYS:
            found.append(_("Plan at most three years ahead."))
        for presence in self.presences:
            rules = self.rules_of(presence.id)
            label = _("{platform} in {market}").format(
                platform=self.catalogue.name(presence.platform), market=market_label(self.market(presence.market_id))
            )
            if not rules:
                found.append(_("Give {presence} a cadence.").format(presence=label))
            elif any(not r.weekdays or not r.times for r in rules):
                found.append(_("Every cadence of {presence} needs at least one day and one time.").format(
                    presence=label))
        return found

    def _content_problems(self) -> list[str]:
        found = []
        if not self.strategy.editorial_line.strip():
            found.append(_("Write the editorial line in a sentence or two."))
        if not self.content_types:
            found.append(_("Add at least one type of content."))
        elif any(not c.name.strip() for c in self.content_types):
            found.append(_("Give every type of content a name."))
        elif len({c.name.strip().casefold() for c in self.content_types}) < len(self.content_types):
            found.append(_("Two types of content have the same name: give them different names."))
        else:
            total = sum(c.share_percent for c in self.content_types)
            if total != 100:
                found.append(_("The shares of the types of content add up to {total}\u00a0%, not 100\u00a0%.").format(
                    total=total))
        return found

    def workload(self) -> WorkloadEstimate:
        return estimate(self.to_plan(), self.workload_settings)

    def warnings(self) -> list[Warning]:
        """Everything the founder should weigh before committing, by page."""
        found: list[Warning] = []
        plan = self.to_plan()
        later = self.markets[1:]
        if self.firm.scenario is Scenario.PROGRESSIVE and later and not any(m.entry_date for m in later):
            found.append(Warning(PageId.MARKETS, _("Progressive scenario: give the later markets an entry date.")))
        try:
            load = estimate(plan, self.workload_settings)
        except StopIteration:  # a rule whose presence is gone: the pages keep this from happening
            load = None
        if load and load.presences and load.over:
            found.append(
                Warning(
                    PageId.PLATFORMS,
                    _(
                        "{count} presences need about {needed} hours a week, but only {available} are available: "
                        "accounts that go silent harm the firm's image. Drop some or add hours."
                    ).format(count=load.presences, needed=_hours(load.needed_hours),
                             available=_hours(load.available_hours)),
                )
            )
        for presence in self.presences:
            market = self.market(presence.market_id)
            claim = unavailable_claim(self.catalogue, market, presence.platform)
            if claim is not None:
                found.append(
                    Warning(
                        PageId.PLATFORMS,
                        _("{platform} is blocked or restricted in {country} (as of {as_of}).").format(
                            platform=self.catalogue.name(presence.platform), country=country_name(market.country),
                            as_of=claim.source.as_of,
                        ),
                    )
                )
        found += self._calendar_warnings()
        for market in self.markets:
            if market.paid_ads and market.ads_budget_month <= 0:
                found.append(
                    Warning(PageId.CONTENT, _("Paid ads are on for {market} but have no budget.").format(
                        market=market_label(market)))
                )
        paid = sum((m.ads_budget_month for m in self.markets if m.paid_ads), start=self.strategy.budget_paid_month * 0)
        if paid > self.strategy.budget_paid_month:
            found.append(Warning(PageId.CONTENT, _("The ads budgets of the markets exceed the paid budget per month.")))
        return found

    def _calendar_warnings(self) -> list[Warning]:
        """The time warnings each cadence's posts would get (judged as in the calendar, on the first day it posts),
        and what the founder should schedule ahead."""
        found = []
        plan = self.to_plan()
        context = WarningContext(plan, self.catalogue, {})
        labels = {
            PostWarning.OUTSIDE_GOOD_HOURS: N_("{presence} at {time} is outside the platform's usual good hours."),
            PostWarning.FOUNDER_NIGHT: N_("{presence} at {time} is {home_time} at home, in your night, and the "
                                          "platform offers no way to schedule it in advance."),
            PostWarning.OUTSIDE_WORKING_HOURS: N_("{presence} at {time} is {home_time} at home, outside your working "
                                                  "hours, and the platform offers no way to schedule it in advance."),
        }
        for rule in self.rules:
            presence = self.presence(rule.presence_id)
            market = self.market(presence.market_id)
            label = _("{platform} in {market}").format(platform=self.catalogue.name(presence.platform),
                                                      market=market_label(market))
            day = _first_posting_day(self.strategy.period_start, rule.weekdays)
            for at in rule.times:
                post = Post(market.id, presence.platform, datetime.combine(day, at), market.zone,
                            presence_id=presence.id, rule_id=rule.id)
                home_time = format_time(founder_time(post, plan))
                for warning in advice_for(post, context).warnings:
                    if warning in labels:
                        found.append(Warning(PageId.CALENDAR, _(labels[warning]).format(
                            presence=label, time=format_time(at), home_time=home_time)))
        return found


def _first_posting_day(start: date, weekdays: tuple[int, ...]) -> date:
    """The first day from `start` a cadence posts on (`start` itself for a cadence without days)."""
    return next((start + timedelta(days=n) for n in range(7) if (start + timedelta(days=n)).weekday() in weekdays),
                start)


def _hours(value: float) -> str:
    from smplanner.i18n.formatting import format_number

    return format_number(round(value, 1))
