"""The review of every decision in the draft, as plain sections of lines (the wizard and the summary show them)."""

from __future__ import annotations

from dataclasses import dataclass

from smplanner.domain.catalogue import CHANNEL_LABELS
from smplanner.domain.plan import (
    OBJECTIVE_SHORT_LABELS,
    SCENARIO_LABELS,
    HolidayPolicy,
    LanguageMode,
    Translator,
)
from smplanner.domain.strategy_draft import (
    ACTOR_KIND_LABELS,
    PAGE_TITLES,
    PROFILE_SCOPE_LABELS,
    PageId,
    StrategyDraft,
    market_label,
)
from smplanner.i18n import N_, _, ngettext
from smplanner.i18n.formatting import (
    country_name,
    format_date,
    format_money,
    format_number,
    format_time,
    format_time_range,
    language_name,
    week_order,
    weekday_name,
    zone_city,
)

TRANSLATOR_LABELS = {
    Translator.FOUNDER: N_("The founder"),
    Translator.TRANSLATOR: N_("A translator"),
    Translator.PARTNER: N_("The local partner"),
}
HOLIDAY_POLICY_LABELS = {
    HolidayPolicy.SKIP: N_("Skip public holidays"),
    HolidayPolicy.MOVE: N_("Move to the next working day"),
    HolidayPolicy.FLAG: N_("Keep and flag"),
}


@dataclass(frozen=True, slots=True)
class ReviewSection:
    page: PageId
    title: str
    lines: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def weekday_list(days: tuple[int, ...]) -> str:
    """Weekdays by their short names, in the UI locale's week order: "Mon, Tue, Thu"."""
    return ", ".join(weekday_name(d) for d in week_order() if d in days)


def review_sections(draft: StrategyDraft) -> list[ReviewSection]:
    """Every decision of the draft, page by page, with the warnings that belong to each page."""
    warnings: dict[PageId, list[str]] = {}
    for warning in draft.warnings():
        warnings.setdefault(warning.page, []).append(warning.text)
    firm, strategy = draft.firm, draft.strategy
    markets = sorted(draft.markets, key=lambda m: m.entry_order)
    name_of = draft.catalogue.name
    lines: dict[PageId, list[str]] = {page: [] for page in PageId}

    home = country_name(firm.home_country) + (" ({s})".format(s=firm.home_subdivision) if firm.home_subdivision else "")
    lines[PageId.FIRM] += [
        _("{firm}, {sector}; {people}; home: {home}, {zone}").format(
            firm=firm.name, sector=firm.sector or _("sector not given"),
            people=ngettext("{count} person", "{count} people", firm.team_size).format(count=firm.team_size),
            home=home, zone=zone_city(firm.home_zone),
        ),
        _("Scenario: {scenario}").format(scenario=_(SCENARIO_LABELS[firm.scenario])),
        _("Working hours: {hours}, {days}").format(
            hours=format_time_range(firm.working_start, firm.working_end), days=weekday_list(firm.working_days)
        ),
        _("Your night: {hours}").format(hours=format_time_range(firm.night_start, firm.night_end)),
    ]
    for market in markets:
        objectives = ", ".join(_(OBJECTIVE_SHORT_LABELS[o]) for o in market.objectives) or _("no objective")
        entry = _(", enters on {date}").format(date=format_date(market.entry_date)) if market.entry_date else ""
        lines[PageId.MARKETS].append(
            _("{market} ({zone}): {objectives}{entry}").format(
                market=market_label(market), zone=zone_city(market.zone), objectives=objectives, entry=entry
            )
        )
    for actor in draft.actors:
        runs = [p for p in draft.presences if p.actor_id == actor.id]
        where = _(" in {country}").format(country=country_name(actor.country)) if actor.country else ""
        lines[PageId.ACTORS].append(
            _("{name} ({kind}{where}): runs {count}").format(
                name=actor.name, kind=_(ACTOR_KIND_LABELS[actor.kind]), where=where,
                count=ngettext("{n} presence", "{n} presences", len(runs)).format(n=len(runs)),
            )
        )
    load = draft.workload()
    lines[PageId.RESOURCES] += [
        _("Budget per month: {organic} organic, {paid} paid").format(
            organic=format_money(strategy.budget_organic_month, strategy.currency),
            paid=format_money(strategy.budget_paid_month, strategy.currency),
        ),
        _("Hours per week: about {needed} needed, {available} available").format(
            needed=format_number(load.needed_hours), available=format_number(load.available_hours)
        ),
    ]
    for market in markets:
        for presence in draft.presences_of(market.id):
            info = draft.catalogue.get(presence.platform)
            channel = _(CHANNEL_LABELS[info.channel_type]) if info else ""
            runner = draft.actor(presence.actor_id)
            lines[PageId.PLATFORMS].append(
                _("{market}: {platform} ({channel}) \u2014 {scope}; goal: {goal}; run by {actor}").format(
                    market=market_label(market), platform=name_of(presence.platform), channel=channel,
                    scope=_(PROFILE_SCOPE_LABELS[presence.scope]), goal=_(OBJECTIVE_SHORT_LABELS[presence.goal]),
                    actor=runner.name if runner else _("nobody"),
                )
            )
    if strategy.language_mode is LanguageMode.ONE_FOR_ALL:
        lines[PageId.LANGUAGE].append(
            _("One language for all markets: {language}").format(language=language_name(strategy.main_language))
        )
    else:
        for market in markets:
            lines[PageId.LANGUAGE].append(
                _("{market}: {languages}; translated by {translator}").format(
                    market=market_label(market),
                    languages=", ".join(language_name(code) for code in market.languages) or _("none chosen"),
                    translator=_(TRANSLATOR_LABELS[market.translator]).lower(),
                )
            )
    lines[PageId.CALENDAR].append(
        _("Plan period: {start} to {end}").format(
            start=format_date(strategy.period_start), end=format_date(strategy.period_end))
    )
    for market in markets:
        for presence in draft.presences_of(market.id):
            for rule in draft.rules_of(presence.id):
                every = (
                    _("every week") if rule.interval_weeks == 1
                    else _("every {n} weeks").format(n=rule.interval_weeks)
                )
                lines[PageId.CALENDAR].append(
                    _("{market}, {platform}: {days} at {times} ({zone}), {every}; {per_week} a week; {policy}").format(
                        market=market_label(market), platform=name_of(presence.platform),
                        days=weekday_list(rule.weekdays), times=", ".join(format_time(t) for t in rule.times),
                        zone=zone_city(market.zone), every=every, per_week=format_number(round(rule.posts_per_week, 1)),
                        policy=_(HOLIDAY_POLICY_LABELS[rule.holiday_policy]).lower(),
                    )
                )
    if strategy.editorial_line.strip():
        lines[PageId.CONTENT].append(_("Editorial line: {line}").format(line=strategy.editorial_line.strip()))
    for content in draft.content_types:
        lines[PageId.CONTENT].append(
            _("{name}: {share}\u00a0%").format(name=content.name, share=content.share_percent)
        )
    for market in markets:
        adapted = _("adapted to local customs") if market.content_adapted else _("not adapted")
        ads = (
            _("paid ads {budget} a month").format(budget=format_money(market.ads_budget_month, strategy.currency))
            if market.paid_ads else _("no paid ads")
        )
        lines[PageId.CONTENT].append(
            _("{market}: {adapted}; {personal}\u00a0% personal content; {ads}").format(
                market=market_label(market), adapted=adapted, personal=market.personal_share, ads=ads
            )
        )
    return [
        ReviewSection(page, _(PAGE_TITLES[page]), tuple(lines[page]), tuple(warnings.get(page, ())))
        for page in PageId
        if page is not PageId.REVIEW
    ]
