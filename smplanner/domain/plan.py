"""The plan and the decisions of the paper's Table 1, as immutable value objects."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import StrEnum

from smplanner.domain.catalogue import Catalogue, PlatformInfo, shipped_catalogue
from smplanner.domain.timezones import to_utc
from smplanner.i18n import N_, _


def new_id() -> str:
    """A random, stable identifier (also a post's ICS UID); never a database row id."""
    return str(uuid.uuid4())


class Objective(StrEnum):
    """The paper's three uses of social networks abroad."""

    VISIBILITY = "visibility"
    OPPORTUNITIES = "opportunities"
    RELATIONSHIPS = "relationships"


class Scenario(StrEnum):
    BORN_GLOBAL = "born_global"
    PROGRESSIVE = "progressive"


class Audience(StrEnum):
    B2B = "b2b"
    B2C = "b2c"
    BOTH = "both"


class ActorKind(StrEnum):
    FOUNDER = "founder"
    EMPLOYEE = "employee"
    AGENCY = "agency"
    PARTNER = "partner"


class ProfileScope(StrEnum):
    SHARED = "shared"
    NATIONAL = "national"
    PERSONAL = "personal"


class LanguageMode(StrEnum):
    ONE_FOR_ALL = "one_for_all"
    PER_MARKET = "per_market"


class Translator(StrEnum):
    FOUNDER = "founder"
    TRANSLATOR = "translator"
    PARTNER = "partner"


class HolidayPolicy(StrEnum):
    SKIP = "skip"
    MOVE = "move"
    FLAG = "flag"


class PostStatus(StrEnum):
    """How far a post is: an idea, a draft, ready to publish, published (by hand, on the platform), or skipped."""

    IDEA = "idea"
    DRAFT = "draft"
    READY = "ready"
    PUBLISHED = "published"
    SKIPPED = "skipped"


DONE_STATUSES = frozenset({PostStatus.PUBLISHED, PostStatus.SKIPPED})
"""A post in one of these needs nothing more: it is neither due nor overdue."""


class VersionStatus(StrEnum):
    """How far one language version of a post is."""

    TO_WRITE = "to_write"
    TO_TRANSLATE = "to_translate"
    READY = "ready"


class ContentFormat(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    VIDEO = "video"


OBJECTIVE_LABELS = {
    Objective.VISIBILITY: N_("Visibility and credibility"),
    Objective.OPPORTUNITIES: N_("Opportunities and risk reduction"),
    Objective.RELATIONSHIPS: N_("Relationships"),
}
OBJECTIVE_SHORT_LABELS = {
    Objective.VISIBILITY: N_("Visibility"),
    Objective.OPPORTUNITIES: N_("Opportunities"),
    Objective.RELATIONSHIPS: N_("Relationships"),
}
POST_STATUS_LABELS = {
    PostStatus.IDEA: N_("Idea"),
    PostStatus.DRAFT: N_("Draft"),
    PostStatus.READY: N_("Ready"),
    PostStatus.PUBLISHED: N_("Published"),
    PostStatus.SKIPPED: N_("Skipped"),
}
VERSION_STATUS_LABELS = {
    VersionStatus.TO_WRITE: N_("To write"),
    VersionStatus.TO_TRANSLATE: N_("To translate"),
    VersionStatus.READY: N_("Text ready"),
}
SCENARIO_LABELS = {
    Scenario.BORN_GLOBAL: N_("Born Global"),
    Scenario.PROGRESSIVE: N_("Progressive (stage by stage)"),
}


REVISION = "revision"
"""Every decision and post carries the revision of its stored row (SQLAlchemy's version counter): 0 when first stored,
raised by each stored change. An edit says which revision it was made on, and storage refuses it when the row has
moved on since (someone else changed it on a shared plan). Kept by storage, not part of what the thing says: never
compared."""


@dataclass(frozen=True, slots=True)
class Firm:
    name: str
    home_country: str
    home_zone: str
    home_subdivision: str | None = None
    sector: str = ""
    audience: Audience = Audience.B2B
    team_size: int = 1
    scenario: Scenario = Scenario.BORN_GLOBAL
    working_start: time = time(9, 0)
    working_end: time = time(18, 0)
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    night_start: time = time(22, 0)  # the founder's night, on the home clock: no post should need them then
    night_end: time = time(7, 0)
    revision: int = field(default=0, compare=False)  # the stored row's revision (see REVISION)


@dataclass(frozen=True, slots=True)
class Market:
    """A target country (optionally a subdivision such as CA-QC) and what the firm wants there."""

    country: str
    zone: str
    id: str = field(default_factory=new_id)
    subdivision: str | None = None
    objectives: tuple[Objective, ...] = ()
    languages: tuple[str, ...] = ()
    entry_order: int = 1
    entry_date: date | None = None
    content_adapted: bool = False
    adaptation_notes: str = ""
    personal_share: int = 0
    paid_ads: bool = False
    ads_budget_month: Decimal = Decimal(0)
    translator: Translator = Translator.FOUNDER
    revision: int = field(default=0, compare=False)  # the stored row's revision (see REVISION)

    @property
    def code(self) -> str:
        """The market's short code, e.g. "JP" or "CA-QC"."""
        return "{c}-{s}".format(c=self.country, s=self.subdivision) if self.subdivision else self.country


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone who runs presences: the founder, an employee, an agency at home, a partner abroad."""

    name: str
    kind: ActorKind
    id: str = field(default_factory=new_id)
    country: str | None = None
    hours_per_week: float = 0.0
    revision: int = field(default=0, compare=False)  # the stored row's revision (see REVISION)


@dataclass(frozen=True, slots=True)
class Presence:
    """One profile on one platform for one market, and who keeps it alive."""

    market_id: str
    platform: str
    id: str = field(default_factory=new_id)
    scope: ProfileScope = ProfileScope.NATIONAL
    goal: Objective = Objective.VISIBILITY
    actor_id: str | None = None
    revision: int = field(default=0, compare=False)  # the stored row's revision (see REVISION)


@dataclass(frozen=True, slots=True)
class ContentType:
    name: str
    id: str = field(default_factory=new_id)
    share_percent: int = 0
    format: ContentFormat = ContentFormat.IMAGE
    personal: bool = False
    revision: int = field(default=0, compare=False)  # the stored row's revision (see REVISION)


@dataclass(frozen=True, slots=True)
class CadenceRule:
    """Posts on a presence at given local times on given weekdays (0 = Monday), every `interval_weeks` weeks."""

    presence_id: str
    weekdays: tuple[int, ...]
    times: tuple[time, ...]
    id: str = field(default_factory=new_id)
    interval_weeks: int = 1
    language: str = "en"
    content_type_id: str | None = None
    holiday_policy: HolidayPolicy = HolidayPolicy.MOVE
    revision: int = field(default=0, compare=False)  # the stored row's revision (see REVISION)

    @property
    def posts_per_week(self) -> float:
        return len(self.weekdays) * len(self.times) / self.interval_weeks


@dataclass(frozen=True, slots=True)
class Strategy:
    """The plan-wide decisions: resources, language policy, editorial line and plan period."""

    period_start: date
    period_end: date
    currency: str = "EUR"
    budget_organic_month: Decimal = Decimal(0)
    budget_paid_month: Decimal = Decimal(0)
    language_mode: LanguageMode = LanguageMode.PER_MARKET
    main_language: str = "en"
    editorial_line: str = ""
    silence_threshold_days: int = 14
    revision: int = field(default=0, compare=False)  # the stored row's revision (see REVISION)


class PostError(ValueError):
    """A post, a version or a publication that cannot be: the message says why, in the founder's words."""


@dataclass(frozen=True, slots=True)
class PostVersion:
    """A post in one language: its text, and whether it is still to write, to translate, or ready."""

    language: str
    text: str = ""
    status: VersionStatus = VersionStatus.TO_WRITE

    def __post_init__(self) -> None:
        if not self.language:
            raise PostError(_("A version needs a language."))
        if self.status is VersionStatus.READY and not self.text.strip():
            raise PostError(
                _("The {language} version is marked ready but has no text.").format(language=self.language)
            )


@dataclass(frozen=True, slots=True)
class Post:
    """One idea to publish at one moment, in one version per language it goes out in.

    Stored as the market's wall-clock time in its IANA zone (plus the fold of a repeated hour). Once published by
    hand, it keeps the moment (an aware UTC instant) and, if the founder gave it, the post's address; once skipped,
    the reason.
    """

    market_id: str
    platform: str
    local: datetime
    zone: str
    id: str = field(default_factory=new_id)
    fold: int = 0
    presence_id: str | None = None
    content_type_id: str | None = None
    title: str = ""
    status: PostStatus = PostStatus.IDEA
    rule_id: str | None = None
    edited: bool = False
    versions: tuple[PostVersion, ...] = ()
    published_at: datetime | None = None
    published_url: str = ""
    skip_reason: str = ""
    revision: int = field(default=0, compare=False)  # the stored row's revision (see REVISION)
    # When a change a calendar shows was last stored (its LAST-MODIFIED; an aware UTC instant, None until stored):
    # kept by storage, not part of what the post says, so not compared.
    modified_at: datetime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        languages = [version.language for version in self.versions]
        if len(set(languages)) != len(languages):
            raise PostError(_("A post has one version per language."))
        if (self.status is PostStatus.PUBLISHED) != (self.published_at is not None):
            raise PostError(_("A published post needs the moment it was published, and only a published post has one."))
        if self.published_at is not None and self.published_at.tzinfo is None:
            raise PostError("published_at must be an aware instant")
        if self.published_url and self.status is not PostStatus.PUBLISHED:
            raise PostError(_("Only a published post has a link."))
        if (self.status is PostStatus.SKIPPED) != bool(self.skip_reason.strip()):
            raise PostError(_("A skipped post needs the reason it was skipped, and only a skipped post has one."))

    @property
    def instant(self) -> datetime:
        """The UTC instant, derived from the local time and zone."""
        return to_utc(self.local, self.zone, self.fold)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages of its versions, in their order (the first is the one written first)."""
        return tuple(version.language for version in self.versions)

    @property
    def is_done(self) -> bool:
        """Published or skipped: nothing more to do."""
        return self.status in DONE_STATUSES

    def version(self, language: str) -> PostVersion | None:
        return next((version for version in self.versions if version.language == language), None)


def utc_instant(moment: datetime) -> datetime:
    """An aware moment as an aware UTC instant, to the second (what a publishing log records)."""
    if moment.tzinfo is None:
        raise ValueError("an aware moment is needed")
    return moment.astimezone(UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything a plan decides, except its posts (there may be tens of thousands, loaded on demand)."""

    firm: Firm
    strategy: Strategy
    markets: tuple[Market, ...] = ()
    actors: tuple[Actor, ...] = ()
    presences: tuple[Presence, ...] = ()
    content_types: tuple[ContentType, ...] = ()
    cadence_rules: tuple[CadenceRule, ...] = ()
    own_platforms: tuple[PlatformInfo, ...] = ()  # the founder's catalogue entries, stored in the plan

    def catalogue(self) -> Catalogue:
        """The shipped platform catalogue with this plan's own entries laid over it."""
        return shipped_catalogue().with_entries(self.own_platforms)

    def market(self, market_id: str) -> Market:
        return next(m for m in self.markets if m.id == market_id)

    def presence(self, presence_id: str) -> Presence:
        return next(p for p in self.presences if p.id == presence_id)

    def actor_of(self) -> Callable[[Post], str | None]:
        """Who runs each post: the actor responsible for its presence, or, for a post made by hand without one, for
        the presence of its market and platform (None: nobody)."""
        actors = {actor.id for actor in self.actors}
        by_presence = {p.id: p.actor_id if p.actor_id in actors else None for p in self.presences}
        by_slot = {(p.market_id, p.platform): by_presence[p.id] for p in self.presences}

        def actor(post: Post) -> str | None:
            if post.presence_id in by_presence:
                return by_presence[post.presence_id]
            return by_slot.get((post.market_id, post.platform))

        return actor

    def post_languages(self, market: Market, first: str | None = None) -> tuple[str, ...]:
        """The languages a post in this market goes out in: the plan's main language with one language for all
        markets, else `first` (the language written first, such as a cadence rule's) and the market's own
        languages after it. A market with no language chosen yet gets `first`, or the main language."""
        if self.strategy.language_mode is LanguageMode.ONE_FOR_ALL:
            return (self.strategy.main_language,)
        if first:
            return (first, *(code for code in market.languages if code != first))
        return market.languages or (self.strategy.main_language,)

    def new_versions(self, market: Market, first: str | None = None) -> tuple[PostVersion, ...]:
        """Empty versions of a new post in this market: the first to write, the others to translate from it."""
        languages = self.post_languages(market, first)
        return tuple(
            PostVersion(code, status=VersionStatus.TO_WRITE if index == 0 else VersionStatus.TO_TRANSLATE)
            for index, code in enumerate(languages)
        )
