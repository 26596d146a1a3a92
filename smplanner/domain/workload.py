"""The hours per week and the money per month a plan costs to keep alive, against what its actors and budget give.

The model (the user help says the same; every figure below is a default the founder can change, see
`WorkloadSettings`):

* **A post** costs the minutes of its content type's format: a text post 20, an image post 40, a video 90. A post
  without a content type costs 40. A cadence rule that names no content type gets its market's content mix (see
  `content_mix`), so its weekly rate costs the mix's average.
* **Language versions.** With one language for all markets (`LanguageMode.ONE_FOR_ALL`) a post is written once, in
  the plan's main language. With a language per market (`LanguageMode.PER_MARKET`) a post in a market with N
  languages is written in N versions: the first costs the format's minutes, each of the N - 1 extra versions 15
  minutes more. A market with no language chosen yet counts as one version.
* **Adaptation.** In a market whose content is adapted to local customs, a post on a national or personal profile
  costs 15 minutes more. A shared profile speaks to several markets with one content, so its posts are not adapted;
  that is part of what merging national profiles into one shared profile saves.
* **Every week**, each presence costs 45 minutes for answering comments and messages (community management), and
  each market with paid ads on 30 minutes for managing them; both from the market's entry date on.
* **Who does it.** A post's minutes go to the responsible actor of its presence; a post without a presence (made by
  hand) counts for the presence of its market and platform. A presence's weekly minutes go to its actor, a market's
  ad minutes to the actor of its first presence that has one. Minutes nobody is responsible for count under `None`.
* **Weeks** start on Monday, and a post counts in the week of its market-local date: a week where posts moved off a
  holiday pile up shows them all, nothing is averaged away. The weekly minutes of a week only partly in the period
  (or in the market's time) count pro rata by day. Averages per week divide by the period's length in weeks
  (its days / 7). Capacity is each actor's hours per week.
* **Money per month**: paid ads (the monthly ad budgets of the markets with paid ads on); translation (a price per
  post version in another language than the plan's main one, in a market whose translator is a professional
  translator or a partner; 0 by default); an agency's fee (0 by default). A month is 365.25 / 12 days. Against it
  stands the plan's organic plus paid budget per month.

`analyse` applies the model to a plan's posts, week by week. `estimate` and `needed_minutes_per_week` apply it to the
cadence rules' weekly rates (the wizard has no posts yet, and every market counts as entered). The options of the
"too many presences" finding are priced the same way: the rates' model re-run on the plan as the option would
change it, the hours freed being the difference.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from smplanner.domain.content_mix import target_shares
from smplanner.domain.plan import (
    OBJECTIVE_SHORT_LABELS,
    CadenceRule,
    ContentFormat,
    LanguageMode,
    Market,
    Plan,
    Presence,
    ProfileScope,
    Translator,
)
from smplanner.domain.post_tally import MarketTally, PostTally, week_of
from smplanner.domain.post_warnings import Silence, find_silences
from smplanner.domain.publishing import PublishingLog, activity
from smplanner.domain.timezones import zone
from smplanner.i18n import N_, _, ngettext
from smplanner.i18n.formatting import (
    country_name,
    format_date,
    format_date_range,
    format_money,
    format_number,
    language_name,
)

MINUTES_PER_POST = {ContentFormat.TEXT: 20, ContentFormat.IMAGE: 40, ContentFormat.VIDEO: 90}
DEFAULT_MINUTES_PER_POST = 40
ADAPTATION_MINUTES = 15
LANGUAGE_VERSION_MINUTES = 15
COMMUNITY_MINUTES_PER_PRESENCE = 45
ADS_MINUTES_PER_MARKET = 30
DAYS_PER_MONTH = Decimal("30.4375")
"""An average month (365.25 / 12 days), to turn the posts of a period into a cost per month."""
CADENCE_OPTIONS = 3
"""How many of the busiest presences get a "post half as often" option."""
SILENCES_SHOWN = 3
"""How many silences of one presence a finding names before it says how many more there are."""
OVERDUE_SHOWN = 3
"""How many presences the finding on overdue posts names (those with the most) before it says how many more."""
TRANSLATED_BY_SOMEONE_ELSE = (Translator.TRANSLATOR, Translator.PARTNER)
_FORMATS = {fmt.value: fmt for fmt in ContentFormat}


# --- settings ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkloadSettings:
    """The minutes and prices of the model, which the founder can change; stored with the plan."""

    minutes_per_post: dict[ContentFormat, int] = field(default_factory=lambda: dict(MINUTES_PER_POST))
    default_minutes_per_post: int = DEFAULT_MINUTES_PER_POST  # a post without a content type
    adaptation_minutes: int = ADAPTATION_MINUTES  # per post in a market whose content is adapted
    language_version_minutes: int = LANGUAGE_VERSION_MINUTES  # per extra language version of a post
    community_minutes_per_presence: int = COMMUNITY_MINUTES_PER_PRESENCE  # a week
    ads_minutes_per_market: int = ADS_MINUTES_PER_MARKET  # a week, where paid ads are on
    translation_cost_per_version: Decimal = Decimal(0)  # per post version a translator or partner translates
    agency_cost_month: Decimal = Decimal(0)

    def minutes_for(self, content_format: ContentFormat | None) -> int:
        """The minutes of one post (one version) of a format; None: a post without a content type."""
        if content_format is None:
            return self.default_minutes_per_post
        return self.minutes_per_post.get(content_format, self.default_minutes_per_post)

    def to_json(self) -> str:
        return json.dumps(
            {
                "minutes_per_post": {fmt.value: minutes for fmt, minutes in self.minutes_per_post.items()},
                "default_minutes_per_post": self.default_minutes_per_post,
                "adaptation_minutes": self.adaptation_minutes,
                "language_version_minutes": self.language_version_minutes,
                "community_minutes_per_presence": self.community_minutes_per_presence,
                "ads_minutes_per_market": self.ads_minutes_per_market,
                "translation_cost_per_version": str(self.translation_cost_per_version),
                "agency_cost_month": str(self.agency_cost_month),
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | None) -> WorkloadSettings:
        """Settings from `to_json`'s text. A key that is missing or unreadable takes its default, so a plan written
        by an older or newer version keeps working."""
        defaults = cls()
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        minutes_per_post = dict(defaults.minutes_per_post)
        given = data.get("minutes_per_post")
        for key, value in (given.items() if isinstance(given, dict) else ()):
            minutes = _minutes(value)
            if key in _FORMATS and minutes is not None:
                minutes_per_post[_FORMATS[key]] = minutes

        def minutes_of(name: str) -> int:
            value = _minutes(data.get(name))
            return getattr(defaults, name) if value is None else value

        def money_of(name: str) -> Decimal:
            value = _money(data.get(name))
            return getattr(defaults, name) if value is None else value

        return cls(
            minutes_per_post=minutes_per_post,
            default_minutes_per_post=minutes_of("default_minutes_per_post"),
            adaptation_minutes=minutes_of("adaptation_minutes"),
            language_version_minutes=minutes_of("language_version_minutes"),
            community_minutes_per_presence=minutes_of("community_minutes_per_presence"),
            ads_minutes_per_market=minutes_of("ads_minutes_per_market"),
            translation_cost_per_version=money_of("translation_cost_per_version"),
            agency_cost_month=money_of("agency_cost_month"),
        )


def _minutes(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 10_000:
        return None
    return round(value)


def _money(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


# --- the cost of each thing ------------------------------------------------------------------------------------


class Costs:
    """The plan's minutes per post and per week, worked out once per plan: the posts are many, the decisions few."""

    def __init__(self, plan: Plan, settings: WorkloadSettings) -> None:
        self.plan = plan
        self.settings = settings
        actors = {actor.id for actor in plan.actors}
        self.markets = {market.id: market for market in plan.markets}
        self.presences = {presence.id: presence for presence in plan.presences}
        self.by_slot = {(p.market_id, p.platform): p for p in plan.presences}  # the last wins, as in find_silences
        self.formats = {content.id: content.format for content in plan.content_types}
        self.actor_of = {p.id: p.actor_id if p.actor_id in actors else None for p in plan.presences}
        self.ads_actor: dict[str, str | None] = {}
        for presence in plan.presences:
            if self.ads_actor.get(presence.market_id) is None:
                self.ads_actor[presence.market_id] = self.actor_of[presence.id]

    def versions(self, market: Market | None) -> int:
        """How many language versions of each post the market gets."""
        if market is None or self.plan.strategy.language_mode is LanguageMode.ONE_FOR_ALL:
            return 1
        return max(1, len(market.languages))

    def translated_versions(self, market: Market | None) -> int:
        """How many versions of each post in the market a translator or partner translates (and is paid for)."""
        if market is None or market.translator not in TRANSLATED_BY_SOMEONE_ELSE:
            return 0
        if self.plan.strategy.language_mode is LanguageMode.ONE_FOR_ALL:
            return 0  # one version, in the main language
        return sum(1 for language in market.languages if language != self.plan.strategy.main_language)

    def post_minutes(self, market: Market | None, scope: ProfileScope, content_type_id: str | None) -> float:
        settings = self.settings
        minutes = settings.minutes_for(self.formats.get(content_type_id) if content_type_id else None)
        minutes += (self.versions(market) - 1) * settings.language_version_minutes
        if market is not None and market.content_adapted and scope is not ProfileScope.SHARED:
            minutes += settings.adaptation_minutes
        return minutes

    def post_cost(
        self, presence_id: str | None, market_id: str, platform: str, content_type_id: str | None
    ) -> tuple[str | None, float, int]:
        """Who a post's minutes go to, how many minutes, and how many translated versions it has."""
        presence = self.presences.get(presence_id) if presence_id is not None else None
        if presence is None:
            presence = self.by_slot.get((market_id, platform))
        market = self.markets.get(presence.market_id if presence is not None else market_id)
        scope = presence.scope if presence is not None else ProfileScope.NATIONAL
        actor = self.actor_of[presence.id] if presence is not None else None
        return actor, self.post_minutes(market, scope, content_type_id), self.translated_versions(market)

    def rule_minutes(self, rule: CadenceRule) -> float:
        """Minutes per week one cadence rule's posts cost (0 for a rule whose presence is gone)."""
        presence = self.presences.get(rule.presence_id)
        if presence is None:
            return 0.0
        market = self.markets.get(presence.market_id)
        if rule.content_type_id is None and market is not None and self.plan.content_types:
            # Generation gives such a rule's posts the market's content mix: they cost its average.
            shares = target_shares(self.plan, market)
            per_post = sum(share * self.post_minutes(market, presence.scope, type_id)
                           for type_id, share in shares.items())
            return rule.posts_per_week * per_post
        return rule.posts_per_week * self.post_minutes(market, presence.scope, rule.content_type_id)

    def weekly(self) -> list[tuple[str | None, date | None, float]]:
        """The minutes every week costs whatever is posted: (actor, from which day, minutes a full week)."""
        settings = self.settings
        found: list[tuple[str | None, date | None, float]] = []
        for presence in self.plan.presences:
            market = self.markets.get(presence.market_id)
            entry = market.entry_date if market is not None else None
            found.append((self.actor_of[presence.id], entry, float(settings.community_minutes_per_presence)))
        for market in self.plan.markets:
            if market.paid_ads:
                found.append((self.ads_actor.get(market.id), market.entry_date, float(settings.ads_minutes_per_market)))
        return found


def needed_minutes_per_week(plan: Plan, settings: WorkloadSettings | None = None) -> dict[str | None, float]:
    """Minutes per week per actor id (None: nobody responsible) from the cadence rules' weekly rates, the presences'
    community management and the markets' ads; every actor of the plan is a key, None only when some minutes are
    nobody's."""
    costs = Costs(plan, settings or WorkloadSettings())
    needed: dict[str | None, float] = {actor.id: 0.0 for actor in plan.actors}
    for rule in plan.cadence_rules:
        presence = costs.presences.get(rule.presence_id)
        if presence is not None:
            actor = costs.actor_of[presence.id]
            needed[actor] = needed.get(actor, 0.0) + costs.rule_minutes(rule)
    for actor, _entry, minutes in costs.weekly():
        needed[actor] = needed.get(actor, 0.0) + minutes
    return needed


def _total_minutes(plan: Plan, settings: WorkloadSettings) -> float:
    return sum(needed_minutes_per_week(plan, settings).values())


def rule_minutes_per_week(plan: Plan, rule: CadenceRule, settings: WorkloadSettings | None = None) -> float:
    """Minutes per week one cadence rule costs."""
    return Costs(plan, settings or WorkloadSettings()).rule_minutes(rule)


# --- the first estimate of the wizard ----------------------------------------------------------------------------


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


def estimate(plan: Plan, settings: WorkloadSettings | None = None) -> WorkloadEstimate:
    """Hours per week the plan's cadence rules, presences and ads need (to a tenth), and hours its actors give."""
    minutes = _total_minutes(plan, settings or WorkloadSettings())
    available = sum(actor.hours_per_week for actor in plan.actors)
    return WorkloadEstimate(round(minutes / 60, 1), available, len(plan.presences))


# --- the analysis of a plan's posts ------------------------------------------------------------------------------


class BudgetKind(StrEnum):
    ADS = "ads"
    TRANSLATION = "translation"
    AGENCY = "agency"


BUDGET_LABELS = {
    BudgetKind.ADS: N_("Paid ads"),
    BudgetKind.TRANSLATION: N_("Translation"),
    BudgetKind.AGENCY: N_("Agency"),
}


@dataclass(frozen=True)
class WeekLoad:
    """One week's minutes per actor id (None: nobody responsible) and how many posts go out in it."""

    start: date  # a Monday
    minutes_by_actor: dict[str | None, float]
    posts: int

    @property
    def total_minutes(self) -> float:
        return sum(self.minutes_by_actor.values())


@dataclass(frozen=True)
class BudgetLine:
    """What one kind of spending needs per month, and what it is made of."""

    kind: BudgetKind
    needed: Decimal
    note: str


@dataclass(frozen=True)
class WorkloadReport:
    """The plan's weeks from the first to the last, what each actor needs and has, and the money per month.

    Every week's `minutes_by_actor` has the same keys: the plan's actors in order, then None when some minutes of
    the period are nobody's. Hours are per week, averaged over the period; minutes are per week too.
    """

    weeks: tuple[WeekLoad, ...]
    capacity_minutes_by_actor: dict[str, float]
    needed_hours_by_actor: dict[str | None, float]
    total_needed_hours: float
    total_capacity_hours: float
    over_weeks: tuple[date, ...]  # weeks where the team as a whole needs more hours than it has
    budget_needed_month: tuple[BudgetLine, ...]
    budget_allocated_month: Decimal
    currency: str
    first: date | None = None
    last: date | None = None
    over_weeks_by_actor: dict[str, tuple[date, ...]] = field(default_factory=dict)  # weeks over each one's hours

    @property
    def over(self) -> bool:
        """Whether the plan needs more hours a week, on average, than its actors give."""
        return self.total_needed_hours > self.total_capacity_hours

    @property
    def budget_needed_total(self) -> Decimal:
        return sum((line.needed for line in self.budget_needed_month), Decimal(0))

    @property
    def over_budget(self) -> bool:
        return self.budget_needed_total > self.budget_allocated_month


@dataclass(frozen=True)
class MarketLoad:
    """What one market's posts add to the weeks: per actor id, the minutes of each week; per week, the posts; and how
    many post versions a translator or partner translates."""

    minutes: dict[str | None, dict[int, float]]
    posts: dict[int, int]
    translated: int


def market_load(costs: Costs, share: MarketTally) -> MarketLoad:
    """One market's `MarketLoad` (a tally's weeks are those of its days)."""
    # Posts are only counted, per kind of post (presence, market, platform, content type) and week; each kind is
    # priced once here.
    minutes: dict[str | None, dict[int, float]] = {}
    posts: dict[int, int] = {}
    translated = 0
    for kind, weeks in share.weekly.items():
        actor, per_post, versions = costs.post_cost(*kind)
        its = minutes.get(actor)
        if its is None:
            minutes[actor] = {week: count * per_post for week, count in weeks.items()}
        else:
            for week, count in weeks.items():
                its[week] = its.get(week, 0) + count * per_post
        if not posts:
            posts.update(weeks)
        else:
            for week, count in weeks.items():
                posts[week] = posts.get(week, 0) + count
        translated += sum(weeks.values()) * versions
    return MarketLoad(minutes, posts, translated)


def fixed_minutes(costs: Costs, first: date, last: date) -> list[dict[str | None, float]]:
    """Per week from first to last, the minutes per actor id whatever is posted (community management, ads), pro
    rata by day for a week only partly in the period or in the market's time."""
    first_day, last_day = first.toordinal(), last.toordinal()
    weekly: defaultdict[tuple[str | None, int], float] = defaultdict(float)
    for actor, entry, amount in costs.weekly():
        weekly[(actor, max(first_day, entry.toordinal()) if entry else first_day)] += amount
    first_week = week_of(first_day)
    found: list[dict[str | None, float]] = []
    for index in range(week_of(last_day) - first_week + 1):
        monday = (first_week + index) * 7 + 1
        sunday = min(monday + 6, last_day)
        week: defaultdict[str | None, float] = defaultdict(float)
        for (actor, start), amount in weekly.items():
            days = sunday - max(monday, start) + 1
            if days > 0:
                week[actor] += amount if days == 7 else amount * days / 7
        found.append(dict(week))
    return found


def analyse(plan: Plan, tally: PostTally, settings: WorkloadSettings) -> WorkloadReport:
    """The plan's workload week by week over the tally's days (market-local dates, inclusive), from its posts counted
    per week and kind."""
    first, last = tally.first, tally.last
    if last < first:
        raise ValueError("last ({last}) is before first ({first})".format(last=last, first=first))
    costs = Costs(plan, settings)
    loads = [market_load(costs, share) for share in tally.markets.values()]
    return workload_report(plan, settings, first, last, loads, fixed_minutes(costs, first, last))


def workload_report(plan: Plan, settings: WorkloadSettings, first: date, last: date, loads: Sequence[MarketLoad],
                    fixed: Sequence[Mapping[str | None, float]]) -> WorkloadReport:
    """The report from each market's load (see `market_load`) and the minutes every week costs (`fixed_minutes`)."""
    first_day, last_day = first.toordinal(), last.toordinal()
    first_week = week_of(first_day)
    # The minutes of posts are whole (so are the settings'): summed market by market in any order, they are the same.
    posted: list[dict[str | None, float]] = [{} for _ in fixed]
    post_counts = [0] * len(fixed)
    translated = 0
    for load in loads:
        translated += load.translated
        for actor, its in load.minutes.items():
            for week, amount in its.items():
                into = posted[week - first_week]
                into[actor] = into.get(actor, 0) + amount
        for week, count in load.posts.items():
            post_counts[week - first_week] += count
    keys: list[str | None] = [actor.id for actor in plan.actors]
    if any(week.get(None) for week in posted) or any(week.get(None) for week in fixed):
        keys.append(None)
    weeks = tuple(
        WeekLoad(date.fromordinal((first_week + index) * 7 + 1),
                 {key: posted[index].get(key, 0) + fixed[index].get(key, 0.0) for key in keys}, post_counts[index])
        for index in range(len(fixed))
    )
    capacity = {actor.id: actor.hours_per_week * 60 for actor in plan.actors}
    total_capacity = sum(capacity.values())
    over_weeks = tuple(week.start for week in weeks if week.total_minutes > total_capacity)
    over_by_actor = {
        actor: tuple(week.start for week in weeks if week.minutes_by_actor[actor] > limit)
        for actor, limit in capacity.items()
    }
    period_weeks = (last_day - first_day + 1) / 7
    needed = {key: sum(week.minutes_by_actor[key] for week in weeks) / period_weeks / 60 for key in keys}
    strategy = plan.strategy
    return WorkloadReport(
        weeks=weeks,
        capacity_minutes_by_actor=capacity,
        needed_hours_by_actor=needed,
        total_needed_hours=sum(needed.values()),
        total_capacity_hours=total_capacity / 60,
        over_weeks=over_weeks,
        budget_needed_month=_budget_lines(plan, settings, translated, last_day - first_day + 1),
        budget_allocated_month=strategy.budget_organic_month + strategy.budget_paid_month,
        currency=strategy.currency,
        first=first,
        last=last,
        over_weeks_by_actor=over_by_actor,
    )


def _budget_lines(plan: Plan, settings: WorkloadSettings, translated: int, days: int) -> tuple[BudgetLine, ...]:
    currency = plan.strategy.currency
    with_ads = [market for market in plan.markets if market.paid_ads]
    ads = sum((market.ads_budget_month for market in with_ads), Decimal(0))
    ads_note = (
        _("The monthly ad budgets of {markets}").format(markets=", ".join(market_name(m) for m in with_ads))
        if with_ads else _("No market has paid ads on")
    )
    versions_month = Decimal(translated) * DAYS_PER_MONTH / Decimal(days)
    translation = _cents(versions_month * settings.translation_cost_per_version)
    translation_note = _(
        "About {versions} post versions a month translated by a translator or partner, at {price} each").format(
        versions=format_number(round(float(versions_month), 1)),
        price=format_money(settings.translation_cost_per_version, currency),
    )
    agency_note = _("The agency's fee per month, from the workload settings")
    return (
        BudgetLine(BudgetKind.ADS, ads, ads_note),
        BudgetLine(BudgetKind.TRANSLATION, translation, translation_note),
        BudgetLine(BudgetKind.AGENCY, settings.agency_cost_month, agency_note),
    )


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- sustainability findings --------------------------------------------------------------------------------------


class FindingKind(StrEnum):
    SILENT_PRESENCE = "silent_presence"
    OVERDUE_POSTS = "overdue_posts"
    NO_ACTOR = "no_actor"
    ACTOR_OVER_HOURS = "actor_over_hours"
    MARKET_WITHOUT_PRESENCE = "market_without_presence"
    TOO_MANY_PRESENCES = "too_many_presences"
    OVER_BUDGET = "over_budget"


class OptionKind(StrEnum):
    MERGE_PROFILES = "merge_profiles"
    FEWER_LANGUAGES = "fewer_languages"
    LOWER_CADENCE = "lower_cadence"
    DROP_PRESENCE = "drop_presence"


@dataclass(frozen=True)
class Option:
    """One way to free hours; `plan` is the plan as the option would change it (what its hours were priced on)."""

    text: str
    hours_freed: float  # per week
    kind: OptionKind | None = None
    plan: Plan | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Finding:
    """Something that puts the plan's upkeep at risk, said with its reason, and the hours a week acting on it frees."""

    kind: FindingKind
    text: str
    hours_freed: float = 0.0  # per week; 0 when not applicable
    market_id: str | None = None
    presence_id: str | None = None
    options: tuple[Option, ...] = ()  # best first


def market_name(market: Market) -> str:
    """A market as the founder reads it: "Japan", "Canada (QC)"."""
    name = country_name(market.country)
    return "{name} ({subdivision})".format(name=name, subdivision=market.subdivision) if market.subdivision else name


def _number(value: float) -> str:
    """Hours or posts a week as the founder reads them: to a tenth, the UI language's way."""
    return format_number(round(value, 1))


class Names:
    """Presences and markets named for the founder's sentences."""

    def __init__(self, plan: Plan) -> None:
        self.catalogue = plan.catalogue()
        self.markets = {market.id: market for market in plan.markets}

    def market(self, market_id: str) -> str:
        market = self.markets.get(market_id)
        return market_name(market) if market is not None else market_id

    def presence(self, presence: Presence) -> str:
        return _("{platform} in {market}").format(
            platform=self.catalogue.name(presence.platform), market=self.market(presence.market_id)
        )


def findings(
    plan: Plan, tally: PostTally, report: WorkloadReport, settings: WorkloadSettings, log: PublishingLog | None = None,
) -> list[Finding]:
    """What threatens the plan's upkeep, in FindingKind's order: presences that are or would fall silent, posts
    overdue, presences nobody runs, markets with no presence, too many presences for the hours (with options, most
    hours freed first), and a budget over what is allocated.

    With a publishing log (as of the tally's `now`), silences are measured from what was really published where the
    founder records publications (see `publishing.activity`), and overdue posts are counted."""
    names = Names(plan)
    recorded = log is not None and log.in_use
    alive = activity(tally, recorded) if log is not None else {
        slot: buckets for share in tally.markets.values() for slot, buckets in share.planned.items()}
    by_presence: dict[str, list[Silence]] = defaultdict(list)
    for silence in find_silences(plan, alive, tally.first, tally.last):
        by_presence[silence.presence_id].append(silence)
    silent = [finding for presence in plan.presences
              for finding in silence_findings(plan, presence, by_presence.get(presence.id, []), tally.last, names, log)]
    return upkeep_findings(plan, report, log, silent, presences_without_actor(plan, settings, names),
                           lambda: trimming_options(plan, settings, names), names)


def upkeep_findings(plan: Plan, report: WorkloadReport, log: PublishingLog | None, silent: Sequence[Finding],
                    without_actor: Sequence[Finding], options: Callable[[], tuple[Option, ...]],
                    names: Names) -> list[Finding]:
    """`findings` from the presences' silence findings (`silence_findings`), those of the presences nobody runs
    (`presences_without_actor`) and, asked only when the hours do not suffice, the options to trim the plan."""
    found = list(silent)
    if log is not None and log.overdue:
        found += _overdue_posts(plan, log, names)
    found += without_actor
    if not report.over:  # when the team as a whole is short, "too many presences" says it, with options
        found += _actors_over_their_hours(plan, report)
    found += [
        Finding(
            FindingKind.MARKET_WITHOUT_PRESENCE,
            _("{market} has no presence: the plan reaches nobody there. Choose a platform for it, or drop the market.")
            .format(market=market_name(market)),
            market_id=market.id,
        )
        for market in plan.markets
        if not any(presence.market_id == market.id for presence in plan.presences)
    ]
    if report.over:
        found.append(_too_many_presences(plan, report, options(), names))
    if report.over_budget:
        found.append(_over_budget(report))
    return found


def silence_findings(plan: Plan, presence: Presence, silences: Sequence[Silence], last: date, names: Names,
                     log: PublishingLog | None) -> list[Finding]:
    """What a presence's silences (up to `last`, the end of the days counted) say: with a publishing log in use, the
    silence it is in today and those ahead; else every silence."""
    silences = list(silences)
    found = []
    if log is not None and log.in_use and silences:
        market = next((m for m in plan.markets if m.id == presence.market_id), None)
        today = log.now.astimezone(zone(market.zone)).date() if market else log.now.date()
        silences = [s for s in silences if s.end >= today]  # past gaps are history: nothing to act on
        if silences and silences[0].start <= today:
            found.append(_silent_now(presence, silences[0], today, last, log, names))
            silences = silences[1:]
    if silences:
        threshold = plan.strategy.silence_threshold_days
        gaps = [
            _("{dates} ({days})").format(
                dates=format_date_range(s.start, s.end),
                days=ngettext("{count} day", "{count} days", s.days).format(count=s.days),
            )
            for s in silences[:SILENCES_SHOWN]
        ]
        if len(silences) > SILENCES_SHOWN:
            more = len(silences) - SILENCES_SHOWN
            gaps.append(ngettext("and {count} more gap", "and {count} more gaps", more).format(count=more))
        text = ngettext(
            "{presence} would fall silent for more than {threshold} day: {gaps}. A silent profile looks abandoned "
            "and harms the firm's image.",
            "{presence} would fall silent for more than {threshold} days: {gaps}. A silent profile looks abandoned "
            "and harms the firm's image.",
            threshold,
        ).format(presence=names.presence(presence), threshold=threshold, gaps="; ".join(gaps))
        found.append(Finding(FindingKind.SILENT_PRESENCE, text, market_id=presence.market_id, presence_id=presence.id))
    return found


def _silent_now(
    presence: Presence, silence: Silence, today: date, last: date, log: PublishingLog, names: Names
) -> Finding:
    """A presence silent today, from what was really published: for how long, and until when nothing is planned."""
    days = (today - silence.start).days + 1
    record = log.record(presence.id)
    if record is not None and record.last_published is not None:
        since = _("last published on {date}").format(date=format_date(silence.start - timedelta(days=1)))
    else:
        since = _("nothing published since {date}").format(date=format_date(silence.start))
    if silence.end >= last:
        ahead = _("and nothing is planned there before the plan ends")
    elif silence.end > today:
        until = format_date(silence.end + timedelta(days=1))
        ahead = _("and nothing is planned there before {date}").format(date=until)
    else:
        ahead = _("and a post is planned there tomorrow")
    text = ngettext(
        "{presence} has been silent for {days} day ({since}), {ahead}. A silent profile looks abandoned and harms "
        "the firm's image.",
        "{presence} has been silent for {days} days ({since}), {ahead}. A silent profile looks abandoned and harms "
        "the firm's image.",
        days,
    ).format(presence=names.presence(presence), days=days, since=since, ahead=ahead)
    return Finding(FindingKind.SILENT_PRESENCE, text, market_id=presence.market_id, presence_id=presence.id)


def _overdue_posts(plan: Plan, log: PublishingLog, names: Names) -> list[Finding]:
    """Posts whose moment has passed, neither published nor skipped: how many, and on which presences."""
    presences = {presence.id: presence for presence in plan.presences}
    late = [(presences[r.presence_id], r.overdue) for r in log.presences if r.overdue and r.presence_id in presences]
    if not late:
        return []
    total = sum(count for _presence, count in late)
    most = sorted(late, key=lambda item: -item[1])  # the most overdue first, else in the plan's order
    shown = [_("{presence}: {count}").format(presence=names.presence(presence), count=format_number(count))
             for presence, count in most[:OVERDUE_SHOWN]]
    if len(most) > OVERDUE_SHOWN:
        more = len(most) - OVERDUE_SHOWN
        shown.append(ngettext("and {count} more presence", "and {count} more presences", more).format(
            count=format_number(more)))
    where = "; ".join(shown)
    text = ngettext(
        "{count} post is overdue (its time has passed and it is neither published nor skipped): {where}. "
        "Publish it late, or skip it with a reason, from Today.",
        "{count} posts are overdue (their time has passed and they are neither published nor skipped): {where}. "
        "Publish them late, or skip them with a reason, from Today.",
        total,
    ).format(count=format_number(total), where=where)
    only = late[0][0] if len(late) == 1 else None
    return [Finding(FindingKind.OVERDUE_POSTS, text, market_id=only.market_id if only else None,
                    presence_id=only.id if only else None)]


def _actors_over_their_hours(plan: Plan, report: WorkloadReport) -> list[Finding]:
    """Actors whose presences need more hours, on average, than they give, though the team as a whole has enough."""
    found = []
    for actor in plan.actors:
        needed = report.needed_hours_by_actor.get(actor.id, 0.0)
        if needed > actor.hours_per_week + 0.05:
            found.append(
                Finding(
                    FindingKind.ACTOR_OVER_HOURS,
                    _(
                        "{actor} would need about {needed}\u00a0h a week for their presences but gives "
                        "{available}\u00a0h: "
                        "give some of them to someone else, or post less often on them."
                    ).format(actor=actor.name, needed=format_number(round(needed, 1)),
                             available=format_number(round(actor.hours_per_week, 1))),
                )
            )
    return found


def presences_without_actor(plan: Plan, settings: WorkloadSettings, names: Names) -> list[Finding]:
    costs = Costs(plan, settings)
    found = []
    for presence in plan.presences:
        if costs.actor_of[presence.id] is not None:
            continue
        minutes = settings.community_minutes_per_presence + sum(
            costs.rule_minutes(rule) for rule in plan.cadence_rules if rule.presence_id == presence.id
        )
        text = _(
            "Nobody is responsible for {presence}: its {hours} h a week fall to no one, and a profile nobody "
            "runs falls silent. Give it a responsible actor."
        ).format(presence=names.presence(presence), hours=_number(minutes / 60))
        found.append(Finding(FindingKind.NO_ACTOR, text, market_id=presence.market_id, presence_id=presence.id))
    return found


def _too_many_presences(plan: Plan, report: WorkloadReport, options: tuple[Option, ...], names: Names) -> Finding:
    text = ngettext(
        "Too many presences for the hours: the plan's {count} presence needs about {needed} h a week, but your "
        "actors give {available} h. Profiles that run out of time fall silent and harm the firm's image.",
        "Too many presences for the hours: the plan's {count} presences need about {needed} h a week, but your "
        "actors give {available} h. Profiles that run out of time fall silent and harm the firm's image.",
        len(plan.presences),
    ).format(count=len(plan.presences), needed=_number(report.total_needed_hours),
             available=_number(report.total_capacity_hours))
    return Finding(FindingKind.TOO_MANY_PRESENCES, text, options[0].hours_freed if options else 0.0, options=options)


def _over_budget(report: WorkloadReport) -> Finding:
    parts = [
        _("{what}: {amount}").format(what=_(BUDGET_LABELS[line.kind]),
                                     amount=format_money(line.needed, report.currency))
        for line in report.budget_needed_month
        if line.needed
    ]
    text = _(
        "Over budget: the plan needs about {needed} a month ({parts}), but {allocated} a month is allocated."
    ).format(
        needed=format_money(report.budget_needed_total, report.currency),
        parts=", ".join(parts),
        allocated=format_money(report.budget_allocated_month, report.currency),
    )
    return Finding(FindingKind.OVER_BUDGET, text)


# --- options to trim the plan --------------------------------------------------------------------------------------


def trimming_options(plan: Plan, settings: WorkloadSettings, names: Names | None = None) -> tuple[Option, ...]:
    """Concrete ways to need fewer hours, each priced by re-running the model on the changed plan, most hours first.

    Merge a market group's national profiles of one platform into one shared profile; publish a market in fewer
    languages; post half as often on the busiest presences; drop the least useful presence of a market.
    """
    names = names or Names(plan)
    before = _total_minutes(plan, settings)
    candidates = [
        *_merge_options(plan, settings, names),
        *_language_options(plan, names),
        *_cadence_options(plan, settings, names),
        *_drop_options(plan, settings, names),
    ]
    options = []
    for kind, text, changed in candidates:
        freed = (before - _total_minutes(changed, settings)) / 60
        if freed > 1e-9:
            options.append(Option(text, freed, kind, changed))
    # Stable, and rounded so that float noise does not reorder equal savings: ties keep the order above.
    options.sort(key=lambda option: -round(option.hours_freed, 6))
    return tuple(options)


def _without(plan: Plan, presence_ids: set[str]) -> Plan:
    return replace(
        plan,
        presences=tuple(p for p in plan.presences if p.id not in presence_ids),
        cadence_rules=tuple(r for r in plan.cadence_rules if r.presence_id not in presence_ids),
    )


def _market_groups(plan: Plan) -> list[list[Market]]:
    """Markets that one shared profile could serve: all of them with one language for all, else those that speak
    the same languages (a market without a language chosen is a group of its own)."""
    if plan.strategy.language_mode is LanguageMode.ONE_FOR_ALL:
        return [list(plan.markets)]
    groups: dict[object, list[Market]] = {}
    for market in plan.markets:
        key = tuple(sorted(market.languages)) if market.languages else market.id
        groups.setdefault(key, []).append(market)
    return list(groups.values())


def _merge_options(plan: Plan, settings: WorkloadSettings, names: Names) -> list[tuple[OptionKind, str, Plan]]:
    posts_per_week: defaultdict[str, float] = defaultdict(float)
    for rule in plan.cadence_rules:
        posts_per_week[rule.presence_id] += rule.posts_per_week
    found = []
    for group in _market_groups(plan):
        market_ids = [market.id for market in group]
        platforms = dict.fromkeys(p.platform for p in plan.presences if p.market_id in market_ids)
        for platform in platforms:
            national = [
                p for p in plan.presences
                if p.platform == platform and p.market_id in market_ids and p.scope is ProfileScope.NATIONAL
            ]
            if len({p.market_id for p in national}) < 2:
                continue
            # The busiest profile becomes the shared one and keeps its cadence; the others go, with their rules.
            kept = max(national, key=lambda p: posts_per_week[p.id])
            changed = _without(plan, {p.id for p in national if p.id != kept.id})
            changed = replace(changed, presences=tuple(
                replace(p, scope=ProfileScope.SHARED) if p.id == kept.id else p for p in changed.presences
            ))
            merged_markets = [names.market(market_id) for market_id in dict.fromkeys(p.market_id for p in national)]
            text = _(
                "Merge the national {platform} profiles of {markets} into one shared profile, run from {market}"
            ).format(platform=names.catalogue.name(platform), markets=", ".join(merged_markets),
                     market=names.market(kept.market_id))
            found.append((OptionKind.MERGE_PROFILES, text, changed))
    return found


def _language_options(plan: Plan, names: Names) -> list[tuple[OptionKind, str, Plan]]:
    if plan.strategy.language_mode is not LanguageMode.PER_MARKET:
        return []
    found = []
    for market in plan.markets:
        if len(market.languages) < 2:
            continue
        kept, dropped = market.languages[0], market.languages[1:]
        presence_ids = {p.id for p in plan.presences if p.market_id == market.id}
        changed = replace(
            plan,
            markets=tuple(replace(m, languages=(kept,)) if m.id == market.id else m for m in plan.markets),
            cadence_rules=tuple(
                replace(r, language=kept) if r.presence_id in presence_ids and r.language in dropped else r
                for r in plan.cadence_rules
            ),
        )
        text = _("Publish in {market} in {language} only, without the {others} versions").format(
            market=market_name(market), language=language_name(kept),
            others=", ".join(language_name(code) for code in dropped),
        )
        found.append((OptionKind.FEWER_LANGUAGES, text, changed))
    return found


def _cadence_options(plan: Plan, settings: WorkloadSettings, names: Names) -> list[tuple[OptionKind, str, Plan]]:
    costs = Costs(plan, settings)
    minutes: defaultdict[str, float] = defaultdict(float)
    posts_per_week: defaultdict[str, float] = defaultdict(float)
    for rule in plan.cadence_rules:
        minutes[rule.presence_id] += costs.rule_minutes(rule)
        posts_per_week[rule.presence_id] += rule.posts_per_week
    busiest = sorted((p for p in plan.presences if minutes[p.id] > 0), key=lambda p: -minutes[p.id])[:CADENCE_OPTIONS]
    found = []
    for presence in busiest:
        changed = replace(plan, cadence_rules=tuple(
            replace(r, interval_weeks=r.interval_weeks * 2) if r.presence_id == presence.id else r
            for r in plan.cadence_rules
        ))
        text = _("Post half as often on {presence}: {after} a week instead of {before}").format(
            presence=names.presence(presence), after=_number(posts_per_week[presence.id] / 2),
            before=_number(posts_per_week[presence.id]),
        )
        found.append((OptionKind.LOWER_CADENCE, text, changed))
    return found


def _drop_options(plan: Plan, settings: WorkloadSettings, names: Names) -> list[tuple[OptionKind, str, Plan]]:
    """For each market with several presences, its least useful one: a presence whose goal is none of the market's
    objectives, else one whose goal another presence of the market already serves; the costlier first. A market's
    only presence, or one that alone serves an objective, is never offered."""
    costs = Costs(plan, settings)
    cost: defaultdict[str, float] = defaultdict(float)
    for rule in plan.cadence_rules:
        cost[rule.presence_id] += costs.rule_minutes(rule)
    found = []
    for market in plan.markets:
        presences = [p for p in plan.presences if p.market_id == market.id]
        if len(presences) < 2:
            continue
        candidates = []
        for presence in presences:
            others = [p for p in presences if p.id != presence.id and p.goal is presence.goal]
            goal = _(OBJECTIVE_SHORT_LABELS[presence.goal])
            if presence.goal not in market.objectives:
                reason = _("its goal ({goal}) is not one of {market}'s objectives").format(
                    goal=goal, market=market_name(market))
                candidates.append((0, -cost[presence.id], presence, reason))
            elif others:
                reason = _("{other} already serves its goal ({goal})").format(
                    other=names.catalogue.name(others[0].platform), goal=goal)
                candidates.append((1, -cost[presence.id], presence, reason))
        if not candidates:
            continue
        _rank, _cost, presence, reason = min(candidates, key=lambda c: c[:2])
        text = _("Drop {presence}: {reason}").format(presence=names.presence(presence), reason=reason)
        found.append((OptionKind.DROP_PRESENCE, text, _without(plan, {presence.id})))
    return found
