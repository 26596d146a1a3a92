"""The one-page strategy summary as plain data: every string translated and formatted in the UI language, ready for
the printed page (which only lays it out), and the cuts that make a large plan fit on one page."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING

from babel import dates as babel_dates

from smplanner.domain.plan import (
    OBJECTIVE_SHORT_LABELS,
    SCENARIO_LABELS,
    CadenceRule,
    HolidayPolicy,
    LanguageMode,
    Plan,
    Post,
    PostVersion,
    Translator,
)
from smplanner.domain.strategy_draft import ACTOR_KIND_LABELS, market_label
from smplanner.domain.strategy_review import HOLIDAY_POLICY_LABELS, TRANSLATOR_LABELS, weekday_list
from smplanner.i18n import N_, _, current_language, ngettext
from smplanner.i18n.formatting import (
    country_name,
    format_date,
    format_date_range,
    format_day,
    format_long_date,
    format_money,
    format_number,
    format_time,
    language_name,
    ui_locale,
    zone_city,
)

if TYPE_CHECKING:
    from smplanner.domain.market_days import MarketEvent
    from smplanner.domain.post_tally import PostTally
    from smplanner.domain.publishing import PublishingLog
    from smplanner.domain.workload import Finding, WorkloadReport, WorkloadSettings
    from smplanner.services.planning import PlanningService

KEY_DATE_WEEKS = 6
"""How many weeks from `today` the key dates cover."""
PRESENCES_NAMED = 3
"""How many presences a holiday policy names before it counts them instead."""
CODES_NAMED = 8
"""How many market codes a sentence names before it counts the rest."""
VERSION_TEXT_SHOWN = 32
"""How many characters of a version's text a key date shows."""


class KeyDateKind(IntEnum):
    """What a key date is; the order is the order of one day's dates on the page."""

    FIRST_POST = 0
    EVENT = 1
    HOLIDAY = 2
    MOMENT = 3


KEY_DATE_LABELS = {
    KeyDateKind.FIRST_POST: N_("First post"),
    KeyDateKind.EVENT: N_("Event"),
    KeyDateKind.HOLIDAY: N_("Holiday"),
    KeyDateKind.MOMENT: N_("Moment"),
}


@dataclass(frozen=True, slots=True)
class MarketRow:
    """One row of the markets table."""

    code: str  # "JP", "CA-QC"
    name: str  # "Japan", "Canada (QC)"
    zone: str  # "Tokyo": the zone named by its city in the UI language
    offset: str  # "UTC+9" on the day the summary is made
    languages: str
    objectives: str
    platforms: tuple[str, ...]
    cadence: str  # posts a week, all presences of the market together
    entry: str = ""  # "from 12 Jul 2027" when the market is entered later than the plan starts
    holiday_note: str = ""  # what the holiday data does not know of the market over the plan period


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a decision: a label, a text, and the items listed after it (which a cut may shorten, ending them
    with "+N more")."""

    label: str
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DecisionGroup:
    """One decision of the paper's Table 1, in compact form."""

    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class ActorLoad:
    """What an actor (or the whole team, or nobody) needs a week against the hours they give."""

    name: str
    needed: str  # "6.5 h"
    available: str  # "" for the hours nobody is responsible for
    needed_hours: float
    available_hours: float
    over: bool


@dataclass(frozen=True)
class WorkloadSummary:
    """Workload against allocation: hours per actor and in total (weekly averages over the plan period), the money
    a month, and what threatens the plan's upkeep. `plan` and `report` are there for the chart."""

    rows: tuple[ActorLoad, ...]
    total: ActorLoad
    weeks_over: str  # "3 of 52 weeks over capacity"
    budget: str  # "€350.00 needed, €650.00 allocated"
    over_budget: bool
    findings: tuple[str, ...]
    publishing: str = ""  # the publishing log so far: "9 of 12 posts published, 1 skipped, 2 overdue; last on …"
    overdue: bool = False
    plan: Plan | None = field(default=None, compare=False, repr=False)
    report: WorkloadReport | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class KeyDate:
    day: date
    when: str  # "Wed, Jan 6", or a range for a moment lasting several days
    kind: KeyDateKind
    label: str  # the kind, translated
    text: str  # what: the holiday's or moment's name, the first post's platform, time and title
    markets: str  # "JP", "GB, ES", "All markets"


@dataclass(frozen=True)
class SummaryData:
    """Everything the one-page summary shows, as text in the UI language."""

    firm: str
    sector: str
    scenario: str
    home: str  # "Germany (BY), Europe/Berlin"
    period: str  # the plan period
    made_on: str  # the day the summary was made, long form
    language: str  # the UI language it was made in (e.g. "fr"), for the document's metadata
    markets: tuple[MarketRow, ...]
    decisions: tuple[DecisionGroup, ...]
    workload: WorkloadSummary | None
    key_dates_title: str  # "Key dates, Jan 6 – Feb 16, 2027"
    key_dates: tuple[KeyDate, ...]
    cut: bool = False  # whether lists were cut to fit a page (see `cut_lists`)


# --- building it ---------------------------------------------------------------------------------------------------


def summary_for(
    service: PlanningService, today: date, language: str | None = None, now: datetime | None = None
) -> SummaryData:
    """The summary of the plan a service has open, made on `today` (the key dates start that day); the publishing
    log as of `now` (an aware instant; the present by default)."""
    plan = service.plan()
    now = now or datetime.now(UTC)
    first, last = key_date_window(today)
    posts = service.posts_dated(first, last)
    holidays = service.holidays_in(first, last, language, plan=plan)
    workload = service.workload(now=now) if plan.strategy.period_start <= plan.strategy.period_end else None
    return summary_data(plan, posts, today, language=language, holidays=holidays, market_events=service.market_events(),
                        workload=workload, log=service.publishing_log(now))


def key_date_window(today: date) -> tuple[date, date]:
    """The first and last day (inclusive) of the key dates of a summary made on `today`."""
    return today, today + timedelta(days=7 * KEY_DATE_WEEKS - 1)


def summary_data(
    plan: Plan,
    posts: Sequence[Post],
    today: date,
    *,
    language: str | None = None,
    holidays: Mapping[str, Mapping[date, str]] | None = None,
    market_events: Iterable[MarketEvent] = (),
    workload: tuple[WorkloadReport, Sequence[Finding]] | None = None,
    settings: WorkloadSettings | None = None,
    log: PublishingLog | None = None,
) -> SummaryData:
    """The summary of a plan, made on `today`.

    `posts` are the plan's posts: those of the key-date window at least, all of them when `workload` (a report and
    its findings) is not given, since it is then worked out from them with `settings`, and so is the publishing log
    when `log` is not given (as of the end of `today`). `holidays` (per market id,
    {day: name}) default to the holiday data without the founder's corrections. Messages follow the catalogue in use;
    `language` (the UI language by default) names holidays and marketing moments.
    """
    language = language or current_language()
    firm, strategy = plan.firm, plan.strategy
    markets = sorted(plan.markets, key=lambda m: m.entry_order)
    home = country_name(firm.home_country) + (
        " ({s})".format(s=firm.home_subdivision) if firm.home_subdivision else ""
    )
    tally = None
    if log is None or workload is None:
        from smplanner.domain.post_tally import tally_posts

        tally = tally_posts(posts, strategy.period_start, strategy.period_end,
                            datetime.combine(today, time.max, tzinfo=UTC))
    if log is None:
        from smplanner.domain.publishing import publishing_log

        assert tally is not None
        log = publishing_log(plan, tally)
    if workload is None and strategy.period_start <= strategy.period_end:
        assert tally is not None
        workload = _workload_of(plan, tally, settings, log)
    first, last = key_date_window(today)
    from smplanner.services.holidays import holiday_data_notes

    gaps = holiday_data_notes(plan, named=False, hints=False) if strategy.period_start <= strategy.period_end else {}
    if holidays is None:
        from smplanner.services.holidays import market_days_off

        holidays = {market_id: days.holidays for market_id, days in market_days_off(plan, (), first, last,
                                                                                        language).items()}
    return SummaryData(
        firm=firm.name,
        sector=firm.sector,
        scenario=_(SCENARIO_LABELS[firm.scenario]),
        home=_("{home}, {zone}").format(home=home, zone=zone_city(firm.home_zone)),
        period=_period(strategy.period_start, strategy.period_end),
        made_on=format_long_date(today),
        language=current_language(),
        markets=tuple(_market_row(plan, market, today, gaps.get(market.id, ())) for market in markets),
        decisions=_decisions(plan, markets, workload[0] if workload is not None else None),
        workload=_workload_summary(plan, *workload, log) if workload is not None else None,
        key_dates_title=_("Key dates, {dates}").format(dates=format_date_range(first, last)),
        key_dates=_key_dates(plan, posts, holidays, market_events, first, last, language),
    )


def _period(start: date, end: date) -> str:
    if end < start:
        return _("{start} to {end}").format(start=format_date(start), end=format_date(end))
    return format_date_range(start, end)


def _offset(zone_name: str, day: date) -> str:
    """The zone's offset from UTC at noon that day: "UTC+9", "UTC+5:30", "UTC-3", "UTC"."""
    from smplanner.domain.timezones import zone

    offset = datetime.combine(day, datetime.min.time().replace(hour=12), zone(zone_name)).utcoffset()
    minutes = round(offset.total_seconds() / 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return "UTC{sign}{hours}{rest}".format(sign=sign, hours=hours, rest=":{m:02d}".format(m=rest) if rest else "")


def _codes(codes: Sequence[str]) -> str:
    """Market codes in a sentence, the first few named and the rest counted: "JP, CN, FR, +9 more"."""
    if len(codes) <= CODES_NAMED:
        return ", ".join(codes)
    return ", ".join((*codes[:CODES_NAMED - 1], more(len(codes) - CODES_NAMED + 1)))


def _posts_a_week(value: float) -> str:
    return format_number(round(value, 1))


def _market_row(plan: Plan, market, today: date, holiday_notes: Sequence[str] = ()) -> MarketRow:
    catalogue = plan.catalogue()
    presences = [p for p in plan.presences if p.market_id == market.id]
    rules: dict[str, list[CadenceRule]] = {r.presence_id: [] for r in plan.cadence_rules}
    for rule in plan.cadence_rules:
        rules[rule.presence_id].append(rule)
    per_week = sum(rule.posts_per_week for p in presences for rule in rules.get(p.id, ()))
    if plan.strategy.language_mode is LanguageMode.ONE_FOR_ALL:
        languages = language_name(plan.strategy.main_language)
    else:
        languages = ", ".join(language_name(code) for code in market.languages) or _("none chosen")
    entry = ""
    if market.entry_date and market.entry_date > plan.strategy.period_start:
        entry = _("from {date}").format(date=format_date(market.entry_date))
    return MarketRow(
        code=market.code,
        name=market_label(market),
        zone=zone_city(market.zone),
        offset=_offset(market.zone, today),
        languages=languages,
        objectives=", ".join(_(OBJECTIVE_SHORT_LABELS[o]) for o in market.objectives) or "\u2013",
        platforms=tuple(catalogue.name(p.platform) for p in presences),
        cadence=_posts_a_week(per_week),
        entry=entry,
        holiday_note=" ".join(holiday_notes),
    )


def _decisions(plan: Plan, markets: Sequence, report: WorkloadReport | None = None) -> tuple[DecisionGroup, ...]:
    """The Table 1 decisions in compact form: actors, resources, languages, frequency and calendar, content."""
    from smplanner.domain.workload import estimate

    strategy = plan.strategy
    catalogue = plan.catalogue()
    order = {m.id: i for i, m in enumerate(markets)}
    codes = {m.id: m.code for m in plan.markets}
    actor_ids = {a.id for a in plan.actors}

    def where(presences) -> tuple[str, ...]:
        """Presences as "JP: Instagram, LINE", one item per market, in the markets' order."""
        by_market: dict[str, list[str]] = defaultdict(list)
        for presence in sorted(presences, key=lambda p: order.get(p.market_id, len(order))):
            by_market[presence.market_id].append(catalogue.name(presence.platform))
        return tuple(
            _("{market}: {platforms}").format(market=codes.get(market_id, market_id), platforms=", ".join(names))
            for market_id, names in by_market.items()
        )

    actors: list[Line] = []
    for actor in plan.actors:
        runs = [p for p in plan.presences if p.actor_id == actor.id]
        role = _(ACTOR_KIND_LABELS[actor.kind])
        if actor.country:
            role = _("{role}, {country}").format(role=role, country=country_name(actor.country))
        if not runs:
            role = _("{role}; no presence yet").format(role=role)
        actors.append(Line(actor.name, role, where(runs)))
    unrun = [p for p in plan.presences if p.actor_id not in actor_ids]
    if unrun:
        actors.append(Line(_("Nobody responsible"), "", where(unrun)))
    if not actors:
        actors.append(Line(_("Nobody yet")))

    # The figures of the workload report (the plan's own settings, its posts) when there is one: the Workload tab's.
    load = estimate(plan)
    needed_hours = report.total_needed_hours if report is not None else load.needed_hours
    available_hours = report.total_capacity_hours if report is not None else load.available_hours
    resources = [
        Line(
            _("Budget per month"),
            _("{organic} organic, {paid} paid").format(
                organic=format_money(strategy.budget_organic_month, strategy.currency),
                paid=format_money(strategy.budget_paid_month, strategy.currency),
            ),
        ),
        Line(
            _("Hours per week"),
            ngettext(
                "{available} h given by {count} actor, about {needed} h needed",
                "{available} h given by {count} actors, about {needed} h needed",
                len(plan.actors),
            ).format(available=format_number(round(available_hours, 1)), count=len(plan.actors),
                     needed=format_number(round(needed_hours, 1))),
        ),
    ]
    ads = [
        _("{market}: {budget}").format(market=m.code, budget=format_money(m.ads_budget_month, strategy.currency))
        for m in markets
        if m.paid_ads
    ]
    if ads:
        resources.append(Line(_("Paid ads"), "", tuple(ads)))

    if strategy.language_mode is LanguageMode.ONE_FOR_ALL:
        languages = [Line(_("Language for all markets"), language_name(strategy.main_language))]
    elif not markets:
        languages = [Line(_("Nothing decided yet"))]
    else:
        by_translator: dict[Translator, list[str]] = defaultdict(list)
        for market in markets:
            by_translator[market.translator].append(market.code)
        languages = [
            Line(
                _("Languages per market"),
                "",
                tuple(
                    _("{markets} translated by {who}").format(
                        markets=_codes(found), who=_(TRANSLATOR_LABELS[who]).lower()
                    )
                    for who, found in by_translator.items()
                ),
            )
        ]

    calendar = [Line(_("Plan period"), _period(strategy.period_start, strategy.period_end))]
    rules_by_presence: dict[str, list] = defaultdict(list)
    for rule in plan.cadence_rules:
        rules_by_presence[rule.presence_id].append(rule)
    total = sum(rule.posts_per_week for rule in plan.cadence_rules)
    calendar.append(
        Line(
            _("Posts a week"),
            _("{count} in all, at each market's local time").format(count=_posts_a_week(total)),
        )
    )
    policies: dict[HolidayPolicy, list[str]] = defaultdict(list)
    for market in markets:
        items: list[str] = []
        for presence in (p for p in plan.presences if p.market_id == market.id):
            for rule in rules_by_presence.get(presence.id, ()):
                every = "" if rule.interval_weeks == 1 else " " + _("every {n} weeks").format(n=rule.interval_weeks)
                items.append(
                    _("{platform} {days} {times}{every}").format(
                        platform=catalogue.name(presence.platform), days=weekday_list(rule.weekdays),
                        times=", ".join(format_time(t) for t in rule.times), every=every,
                    )
                )
                policies[rule.holiday_policy].append(
                    "{code} {platform}".format(code=market.code, platform=catalogue.name(presence.platform))
                )
        if items:
            calendar.append(Line(market.code, "", tuple(items)))
    if policies:
        calendar.append(
            Line(
                _("On public holidays"),
                "",
                tuple(
                    _(HOLIDAY_POLICY_LABELS[policy])
                    if len(policies) == 1
                    else _("{policy} ({presences})").format(
                        policy=_(HOLIDAY_POLICY_LABELS[policy]).lower(),
                        presences=", ".join(found) if len(found) <= PRESENCES_NAMED
                        else ngettext("{n} presence", "{n} presences", len(found)).format(n=len(found)),
                    )
                    for policy, found in sorted(policies.items(), key=lambda item: -len(item[1]))
                ),
            )
        )

    content: list[Line] = []
    if strategy.editorial_line.strip():
        line = " ".join(strategy.editorial_line.split())
        content.append(Line(_("Editorial line"), "\u201c{line}\u201d".format(line=line)))
    if plan.content_types:
        content.append(
            Line(
                _("Types of content"),
                "",
                tuple(
                    _("{name}: {share}\u00a0%").format(name=c.name, share=c.share_percent) for c in plan.content_types
                ),
            )
        )
    adapted = [m.code for m in markets if m.content_adapted]
    if adapted:
        content.append(Line(_("Content adapted to local customs"), "", tuple(adapted)))
    if not content:
        content.append(Line(_("Nothing decided yet")))

    return (
        DecisionGroup(_("Actors and responsibilities"), tuple(actors)),
        DecisionGroup(_("Resources"), tuple(resources)),
        DecisionGroup(_("Language"), tuple(languages)),
        DecisionGroup(_("Frequency and calendar"), tuple(calendar)),
        DecisionGroup(_("Types of content"), tuple(content)),
    )


def _workload_of(plan: Plan, tally: PostTally, settings: WorkloadSettings | None, log: PublishingLog):
    from smplanner.domain.workload import WorkloadSettings, analyse, findings

    settings = settings or WorkloadSettings()
    report = analyse(plan, tally, settings)
    return report, findings(plan, tally, report, settings, log)


def publishing_line(log: PublishingLog) -> str:
    """The publishing log in one sentence: planned vs done so far, overdue posts, the last publication."""
    records = log.presences
    planned = sum(r.planned for r in records)
    if not planned and not any(r.last_published for r in records):
        return _("Published so far: nothing was due yet.")
    text = ngettext(
        "Published so far: {published} of {planned} post, {skipped} skipped, {overdue} overdue",
        "Published so far: {published} of {planned} posts, {skipped} skipped, {overdue} overdue",
        planned,
    ).format(published=format_number(sum(r.published for r in records)), planned=format_number(planned),
             skipped=format_number(sum(r.skipped for r in records)), overdue=format_number(log.overdue))
    last = max((r.last_published for r in records if r.last_published), default=None)
    if last is not None:
        text = _("{text}; last on {date}").format(text=text, date=format_date(last.date()))
    return text + "."


def _workload_summary(
    plan: Plan, report: WorkloadReport, found: Sequence[Finding], log: PublishingLog | None = None
) -> WorkloadSummary:
    from smplanner.domain.workload_chart import hours_label

    names = {actor.id: actor.name for actor in plan.actors}
    keys = list(report.weeks[0].minutes_by_actor) if report.weeks else list(names)
    rows = []
    for key in keys:
        needed = report.needed_hours_by_actor.get(key, 0.0)
        if key is None:
            if needed > 0:
                rows.append(ActorLoad(_("Nobody responsible"), hours_label(needed), "", needed, 0.0, True))
            continue
        available = report.capacity_minutes_by_actor.get(key, 0.0) / 60
        rows.append(ActorLoad(names.get(key, key), hours_label(needed), hours_label(available), needed, available,
                              needed > available + 1e-9))
    total = ActorLoad(
        _("Total"), hours_label(report.total_needed_hours), hours_label(report.total_capacity_hours),
        report.total_needed_hours, report.total_capacity_hours, report.over,
    )
    return WorkloadSummary(
        rows=tuple(rows),
        total=total,
        weeks_over=ngettext(
            "In {over} of {weeks} week the team needs more than it has",
            "In {over} of {weeks} weeks the team needs more than it has", len(report.weeks)
        ).format(over=format_number(len(report.over_weeks)), weeks=format_number(len(report.weeks))),
        budget=_("{needed} needed, {allocated} allocated").format(
            needed=format_money(report.budget_needed_total, report.currency),
            allocated=format_money(report.budget_allocated_month, report.currency),
        ),
        over_budget=report.over_budget,
        findings=tuple(finding.text for finding in found),
        publishing=publishing_line(log) if log is not None else "",
        overdue=bool(log and log.overdue),
        plan=plan,
        report=report,
    )


def _day(day: date) -> str:
    """A day as short as the UI locale writes it with its weekday: "Wed, Jan 6", "mer. 6 janv."."""
    return format_day(day)


def _days(first: date, last: date) -> str:
    """A span of days with their weekdays: "Sat, Feb 6 \u2013 Mon, Feb 8"."""
    return babel_dates.format_interval(first, last, "MMMEd", locale=ui_locale())


def _key_dates(
    plan: Plan,
    posts: Sequence[Post],
    holidays: Mapping[str, Mapping[date, str]],
    market_events: Iterable[MarketEvent],
    first: date,
    last: date,
    language: str,
) -> tuple[KeyDate, ...]:
    """Each market's holidays, marketing moments and own events from first to last, and each market's first post
    in that window; the same day and name in several markets once, with their codes."""
    from smplanner.domain.marketing_moments import moments_between

    markets = sorted(plan.markets, key=lambda m: m.entry_order)
    everyone = len(markets) > 1
    # The same day, kind and name in several markets is one key date with their codes.
    grouped: dict[tuple[date, date, KeyDateKind, str], list[str]] = defaultdict(list)
    for market in markets:
        for day, name in sorted(holidays.get(market.id, {}).items()):
            if first <= day <= last:
                grouped[(day, day, KeyDateKind.HOLIDAY, name)].append(market.code)
        for moment in moments_between(market.country, first, last, language):
            grouped[(moment.day, moment.last_day, KeyDateKind.MOMENT, moment.name)].append(market.code)
    codes = {m.id: m.code for m in plan.markets}
    for event in market_events:
        if first <= event.day <= last and event.market_id in codes:
            grouped[(event.day, event.day, KeyDateKind.EVENT, event.name)].append(codes[event.market_id])
    # Days in a row with the same name in the same markets (a New Year lasting a week) are one span.
    spans: list[list] = []
    for (start, end, kind, name), where in sorted(grouped.items(), key=lambda item: (item[0][2:], item[1], item[0])):
        previous = spans[-1] if spans else None
        if (previous is not None and kind is KeyDateKind.HOLIDAY and previous[2:] == [kind, name, where]
                and start == previous[1] + timedelta(days=1)):
            previous[1] = end
        else:
            spans.append([start, end, kind, name, where])
    holiday_starts = {(span[0], span[3], tuple(span[4])) for span in spans if span[2] is KeyDateKind.HOLIDAY}
    found = [
        KeyDate(start, _day(start) if end == start else _days(start, end), kind, _(KEY_DATE_LABELS[kind]), name,
                _("All markets") if everyone and len(where) == len(markets) else _codes(where))
        for start, end, kind, name, where in spans
        # A moment that is also a holiday of the same markets that day is said once, as the holiday.
        if not (kind is KeyDateKind.MOMENT and (start, name, tuple(where)) in holiday_starts)
    ]
    catalogue = plan.catalogue()
    content = {c.id: c.name for c in plan.content_types}
    first_posts: dict[str, Post] = {}
    for post in sorted(posts, key=lambda p: (p.instant, p.id)):
        if first <= post.local.date() <= last and post.market_id in codes:
            first_posts.setdefault(post.market_id, post)
    for market_id, post in sorted(first_posts.items(), key=lambda item: (item[1].local, codes[item[0]])):
        title = " ".join(post.title.split()) or content.get(post.content_type_id or "", "")
        text = _("{platform} at {time}").format(platform=catalogue.name(post.platform), time=format_time(post.local))
        if title:
            text = _("{post}: {title}").format(post=text, title=title)
        if post.versions:
            text = _("{post} ({versions})").format(post=text, versions="; ".join(map(_version_note, post.versions)))
        day = post.local.date()
        found.append(KeyDate(day, _day(day), KeyDateKind.FIRST_POST, _(KEY_DATE_LABELS[KeyDateKind.FIRST_POST]), text,
                             codes[market_id]))
    # Stable: one day's holidays and moments stay by name, its first posts by time (in the order added).
    return tuple(sorted(found, key=lambda k: (k.day, k.kind)))


def _version_note(version: PostVersion) -> str:
    """A version in a few words: its language, its status and the start of its text."""
    from smplanner.domain.plan import VERSION_STATUS_LABELS

    note = _("{language} {status}").format(language=language_name(version.language),
                                            status=_(VERSION_STATUS_LABELS[version.status]).lower())
    words = " ".join(version.text.split())
    if not words:
        return note
    if len(words) > VERSION_TEXT_SHOWN:
        words = words[:VERSION_TEXT_SHOWN - 1].rstrip() + "\u2026"
    return _("{version}: \u201c{text}\u201d").format(version=note, text=words)


# --- cutting it to fit a page --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
    """How many of each list a page keeps; a cut list ends with "+N more" in place of its last kept entry."""

    markets: int
    platforms: int  # per market
    lines: int  # per decision group
    items: int  # per line
    actors: int  # workload rows
    findings: int
    key_dates: int


CUT_LEVELS: tuple[Limits, ...] = (
    Limits(markets=16, platforms=8, lines=10, items=8, actors=10, findings=2, key_dates=12),
    Limits(markets=14, platforms=6, lines=9, items=6, actors=8, findings=1, key_dates=9),
    Limits(markets=12, platforms=5, lines=8, items=5, actors=6, findings=1, key_dates=7),
    Limits(markets=10, platforms=4, lines=6, items=4, actors=5, findings=0, key_dates=6),
    Limits(markets=8, platforms=3, lines=4, items=3, actors=4, findings=0, key_dates=5),
)
"""From the lightest cut to the tightest: the long lists (key dates, findings) go first, the markets last."""


def more(count: int) -> str:
    return ngettext("+{count} more", "+{count} more", count).format(count=format_number(count))


def _cut_strings(values: tuple[str, ...], limit: int) -> tuple[str, ...]:
    if len(values) <= limit:
        return values
    kept = max(1, limit - 1)
    return (*values[:kept], more(len(values) - kept))


def _cut_line(line: Line, limits: Limits) -> Line:
    return dataclasses.replace(line, items=_cut_strings(line.items, limits.items))


def cut_lists(data: SummaryData, limits: Limits) -> SummaryData:
    """The summary with each long list cut to the limits, a "+N more" in place of what is left out."""
    markets = data.markets
    if len(markets) > limits.markets:
        kept = max(1, limits.markets - 1)
        left = markets[kept:]
        markets = (*markets[:kept], MarketRow(
            code=more(len(left)), name=", ".join(row.code for row in left), zone="", offset="", languages="",
            objectives="", platforms=(), cadence="",
        ))
    markets = tuple(dataclasses.replace(row, platforms=_cut_strings(row.platforms, limits.platforms))
                    for row in markets)
    decisions = []
    for group in data.decisions:
        lines = tuple(_cut_line(line, limits) for line in group.lines)
        if len(lines) > limits.lines:
            kept = max(1, limits.lines - 1)
            lines = (*lines[:kept], Line("", more(len(lines) - kept)))
        decisions.append(dataclasses.replace(group, lines=lines))
    workload = data.workload
    if workload is not None:
        rows = workload.rows
        if len(rows) > limits.actors:
            kept = max(1, limits.actors - 1)
            rest = rows[kept:]
            needed = sum(row.needed_hours for row in rest)
            available = sum(row.available_hours for row in rest)
            from smplanner.domain.workload_chart import hours_label

            rows = (*rows[:kept], ActorLoad(more(len(rest)), hours_label(needed), hours_label(available), needed,
                                            available, any(row.over for row in rest)))
        found = workload.findings
        if len(found) > limits.findings:
            found = (*found[:limits.findings], more(len(found) - limits.findings)) if limits.findings else ()
        workload = dataclasses.replace(workload, rows=rows, findings=found)
    key_dates = data.key_dates
    if len(key_dates) > limits.key_dates:
        kept = max(1, limits.key_dates - 1)
        later = key_dates[kept:]
        key_dates = (*key_dates[:kept], KeyDate(
            later[-1].day, "", KeyDateKind.MOMENT, "",
            _("{more} until {day}").format(more=more(len(later)), day=_day(later[-1].day)), "",
        ))
    return dataclasses.replace(data, markets=markets, decisions=tuple(decisions), workload=workload,
                               key_dates=key_dates, cut=True)
