"""What keeping a plan alive takes, worked out market by market and remembered between edits.

An edit touches one market's posts: `PostTally.replaced` gives that market a new `MarketTally` and leaves the others
the same objects. `UpkeepCache` works out each market's share of the upkeep (its weekly minutes, its presences'
runs of posts, silences and publishing log, its content mix) once per `MarketTally` and keeps it while that object
is the tally's; what depends only on the plan and the settings (the minutes every week costs, the presences nobody
runs, the options to trim the plan) is worked out once per plan and settings. Putting the shares together is cheap
(sums over weeks), and gives what `upkeep` gives from scratch: the same report, findings, log and mix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from smplanner.domain.content_mix import MarketMix, market_mix_of
from smplanner.domain.plan import Plan, Presence
from smplanner.domain.post_tally import MarketTally, PostTally, Span, market_mix
from smplanner.domain.post_warnings import Silence, presence_runs, presence_silences
from smplanner.domain.publishing import (
    LogCounts,
    PresenceRecord,
    PublishingLog,
    log_counts,
    market_activity,
    presence_record,
)
from smplanner.domain.workload import (
    Costs,
    Finding,
    MarketLoad,
    Names,
    Option,
    WorkloadReport,
    WorkloadSettings,
    fixed_minutes,
    market_load,
    presences_without_actor,
    silence_findings,
    trimming_options,
    upkeep_findings,
    workload_report,
)
from smplanner.i18n import current_language

FINDINGS_KEPT = 2000
"""How many presences' silence findings are remembered (one per edit that changed them) before starting afresh."""


@dataclass(frozen=True)
class Upkeep:
    """What keeping the plan alive takes and how it goes: the workload and its findings, the publishing log, the
    content mix."""

    report: WorkloadReport
    findings: list[Finding]
    log: PublishingLog
    mix: list[MarketMix]


@dataclass
class _MarketShare:
    """One market's share of the upkeep, from one `MarketTally`; each part worked out when first asked."""

    tally: MarketTally
    load: MarketLoad | None = None
    runs: dict[bool, dict[str, list[Span]]] = field(default_factory=dict)  # by "publishing log in use"
    silences: dict[tuple[bool, str], list[Silence]] = field(default_factory=dict)
    log: dict[str, LogCounts] | None = None
    records: dict[str, PresenceRecord] = field(default_factory=dict)
    mix: MarketMix | None = None


class UpkeepCache:
    """Works out the upkeep of a plan's post tallies, remembering each market's share while its tally is the same
    object, and what depends on the plan and settings alone while they are the same (see the module's docstring)."""

    def __init__(self) -> None:
        self._context: tuple[Any, ...] | None = None
        self._shares: dict[str, _MarketShare] = {}
        self._once: dict[str, Any] = {}
        self._silence_findings: dict[tuple[Any, ...], list[Finding]] = {}

    def upkeep(self, plan: Plan, settings: WorkloadSettings, tally: PostTally) -> Upkeep:
        if tally.last < tally.first:
            raise ValueError("last ({last}) is before first ({first})".format(last=tally.last, first=tally.first))
        context = (plan, settings, tally.first, tally.last, tally.now, tally.bucket_days, current_language())
        if self._context is None or not _same(self._context, context):
            self._context = context
            self._shares = {}
            self._once = {}
            self._silence_findings = {}
        shares = {market_id: self._share(market_id, market) for market_id, market in tally.markets.items()}
        self._shares = shares
        costs = self._remembered("costs", lambda: Costs(plan, settings))
        names = self._remembered("names", lambda: Names(plan))
        first, last = tally.first, tally.last
        loads = []
        for share in shares.values():
            if share.load is None:
                share.load = market_load(costs, share.tally)
            loads.append(share.load)
        fixed = self._remembered("fixed", lambda: fixed_minutes(costs, first, last))
        report = workload_report(plan, settings, first, last, loads, fixed)
        counted: dict[str, list[tuple[_MarketShare, LogCounts]]] = defaultdict(list)
        for share in shares.values():
            if share.log is None:
                share.log = log_counts(plan, share.tally)
            for presence_id, counts in share.log.items():
                counted[presence_id].append((share, counts))
        records = {presence.id: self._record(plan, presence, counted.get(presence.id, []), tally.now)
                   for presence in plan.presences}
        log = PublishingLog(tally.now, tuple(records.values()))
        recorded = log.in_use
        runs: dict[str, list[tuple[_MarketShare, list[Span]]]] = defaultdict(list)
        for share in shares.values():
            if recorded not in share.runs:
                spans = market_activity(share.tally, recorded, tally)
                share.runs[recorded] = presence_runs(plan, spans, first, last)
            for presence_id, its in share.runs[recorded].items():
                runs[presence_id].append((share, its))
        silent = [finding for presence in plan.presences
                  for finding in self._silence_findings_of(plan, presence, runs.get(presence.id, []), tally,
                                                           recorded, records[presence.id] if recorded else None,
                                                           log, names)]
        without_actor = self._remembered("without_actor", lambda: presences_without_actor(plan, settings, names))

        def options() -> tuple[Option, ...]:  # priced only when the hours do not suffice
            return self._remembered("options", lambda: trimming_options(plan, settings, names))

        found = upkeep_findings(plan, report, log, silent, without_actor, options, names)
        return Upkeep(report, found, log, [self._mix(plan, market.id) for market in plan.markets])

    # --- the parts -------------------------------------------------------------------------------------------------

    def _remembered(self, name: str, work: Callable[[], Any]) -> Any:
        if name not in self._once:
            self._once[name] = work()
        return self._once[name]

    def _share(self, market_id: str, market: MarketTally) -> _MarketShare:
        share = self._shares.get(market_id)
        return share if share is not None and share.tally is market else _MarketShare(market)

    def _record(self, plan: Plan, presence: Presence, counted: list[tuple[_MarketShare, LogCounts]],
                now: datetime) -> PresenceRecord:
        """A presence's publishing log from what each market share gives it (its market's, and any other with posts
        of it): kept in the share when only one does."""
        if len(counted) == 1:
            share, counts = counted[0]
            record = share.records.get(presence.id)
            if record is None:
                record = share.records[presence.id] = presence_record(plan, presence, [counts], now)
            return record
        if not counted:
            return self._remembered("record:" + presence.id, lambda: presence_record(plan, presence, [], now))
        return presence_record(plan, presence, [counts for _share, counts in counted], now)

    def _silences(self, plan: Plan, presence: Presence, having: list[tuple[_MarketShare, list[Span]]],
                  tally: PostTally, recorded: bool) -> list[Silence]:
        threshold = plan.strategy.silence_threshold_days
        if len(having) == 1:
            share, runs = having[0]
            key = (recorded, presence.id)
            if key not in share.silences:
                share.silences[key] = presence_silences(plan, presence, runs, tally.first, tally.last, threshold)
            return share.silences[key]
        runs = sorted((run for _share, its in having for run in its), key=lambda span: (span.first, span.last))
        return presence_silences(plan, presence, runs, tally.first, tally.last, threshold)

    def _silence_findings_of(self, plan: Plan, presence: Presence,
                             having: list[tuple[_MarketShare, list[Span]]], tally: PostTally,
                             recorded: bool, record: PresenceRecord | None, log: PublishingLog,
                             names: Names) -> list[Finding]:
        silences = self._silences(plan, presence, having, tally, recorded)
        if not silences:
            return []
        key = (presence.id, recorded, tuple(silences), record.last_published if record else None)
        found = self._silence_findings.get(key)
        if found is None:
            if len(self._silence_findings) >= FINDINGS_KEPT:
                self._silence_findings.clear()
            found = self._silence_findings[key] = silence_findings(plan, presence, silences, tally.last, names, log)
        return found

    def _mix(self, plan: Plan, market_id: str) -> MarketMix:
        market = next(m for m in plan.markets if m.id == market_id)
        share = self._shares.get(market_id)
        if share is None:
            return self._remembered("mix:" + market_id, lambda: market_mix_of(plan, market, {}))
        if share.mix is None:
            share.mix = market_mix_of(plan, market, market_mix(share.tally))
        return share.mix


def _same(remembered: tuple[Any, ...], context: tuple[Any, ...]) -> bool:
    return all(old is new or old == new for old, new in zip(remembered, context, strict=True))

