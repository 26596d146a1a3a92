"""The geometry of the calendar views as plain data: day columns, post lanes, zone offsets, good-hour bands, clocks.

Minutes are wall-clock minutes from midnight in the reference zone (0 to 1440), as the time grid is labelled; on
a daylight-saving day the grid keeps 24 rows, so the skipped hour stays empty and the repeated hour is shared.
The painted views map these numbers to pixels and nothing else.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from smplanner.domain.catalogue import Catalogue
from smplanner.domain.plan import Plan, Post, PostStatus
from smplanner.domain.post_warnings import NO_ADVICE, PostAdvice
from smplanner.domain.timezones import zone

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
SNAP_MINUTES = 15
DAYS_PER_WEEK = 7
MONTH_WEEKS = 6

Holidays = Mapping[str, Mapping[date, str]]
"""Public holidays per market id: the market's local date and the holiday's name."""
Advice = Mapping[str, PostAdvice]
"""Warnings and notes already computed per post id."""


# --- shared pieces -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarketLabel:
    """A market as the views name and colour it."""

    id: str
    code: str
    country: str
    zone: str
    colour_index: int


@dataclass(frozen=True, slots=True)
class PlatformLabel:
    id: str
    name: str
    colour_index: int


@dataclass(frozen=True, slots=True)
class HolidayMark:
    """A market's public holiday on one day (the market's local date)."""

    market_id: str
    market_code: str
    day: date
    name: str
    colour_index: int


def market_labels(plan: Plan) -> tuple[MarketLabel, ...]:
    return tuple(MarketLabel(m.id, m.code, m.country, m.zone, i) for i, m in enumerate(plan.markets))


def platform_labels(plan: Plan, catalogue: Catalogue, used: Iterable[str] = ()) -> tuple[PlatformLabel, ...]:
    """The plan's platforms in the order of its presences (then any others the posts shown use), each with a
    colour."""
    ordered: list[str] = []
    for platform in [p.platform for p in plan.presences] + sorted(set(used)):
        if platform not in ordered:
            ordered.append(platform)
    return tuple(PlatformLabel(p, catalogue.name(p), i) for i, p in enumerate(ordered))


def snap_down(minute: float, step: int = SNAP_MINUTES) -> int:
    """The start of the slot a minute falls in."""
    return int(minute // step) * step


def snap_nearest(minute: float, step: int = SNAP_MINUTES) -> int:
    return int((minute + step / 2) // step) * step


def wall_minute(value: datetime) -> int:
    return value.hour * 60 + value.minute


def at_wall_minute(day: date, minute: int, zone_name: str) -> datetime:
    """The aware datetime of a wall-clock minute of a day in a zone (minute 1440 is the next midnight)."""
    minute = max(0, min(MINUTES_PER_DAY, int(minute)))
    if minute == MINUTES_PER_DAY:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone(zone_name))
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone(zone_name))


def _day_bounds(day: date, zone_name: str) -> tuple[datetime, datetime]:
    """The UTC instants of a day's first and next day's first moment in a zone."""
    start = datetime.combine(day, time(0), tzinfo=zone(zone_name)).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone(zone_name)).astimezone(UTC)
    return start, end


def _day_hours(day: date, zone_name: str) -> float:
    start, end = _day_bounds(day, zone_name)
    return (end - start).total_seconds() / 3600


def _offset_hours(instant: datetime, zone_name: str, reference_zone: str) -> float:
    """How many hours a zone is ahead of the reference zone at an instant (negative when behind)."""
    here = instant.astimezone(zone(zone_name)).utcoffset() or timedelta(0)
    there = instant.astimezone(zone(reference_zone)).utcoffset() or timedelta(0)
    return (here - there).total_seconds() / 3600


def _noon(day: date, zone_name: str) -> datetime:
    return datetime.combine(day, time(12), tzinfo=zone(zone_name)).astimezone(UTC)


def market_platforms(plan: Plan, market_id: str) -> tuple[str, ...]:
    """The platforms a market has presences on, in the plan's order."""
    found: list[str] = []
    for presence in plan.presences:
        if presence.market_id == market_id and presence.platform not in found:
            found.append(presence.platform)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    platforms: tuple[str, ...]


def good_hour_spans(
    catalogue: Catalogue, platforms: Sequence[str], market_zone: str, reference_zone: str, day: date
) -> tuple[_Span, ...]:
    """The good-hour windows of a market's platforms (market-local), as reference-zone minutes of one reference day.

    A window that wraps past the market's midnight, or that the offset pushes across the reference midnight, is
    split at the day's edges; overlapping windows of several platforms are merged (their platforms listed).
    """
    day_start, day_end = _day_bounds(day, reference_zone)
    ref = zone(reference_zone)
    first_local = day_start.astimezone(zone(market_zone)).date() - timedelta(days=1)
    last_local = (day_end - timedelta(seconds=1)).astimezone(zone(market_zone)).date()
    pieces: list[_Span] = []
    for platform in platforms:
        info = catalogue.get(platform)
        if info is None or not info.posting_times.windows:
            continue
        days = info.posting_times.days or tuple(range(7))
        local = first_local
        while local <= last_local:
            if local.weekday() in days:
                for opens, closes in info.posting_times.windows:
                    start = datetime.combine(local, opens, tzinfo=zone(market_zone)).astimezone(UTC)
                    end_day = local if closes > opens else local + timedelta(days=1)
                    end = datetime.combine(end_day, closes, tzinfo=zone(market_zone)).astimezone(UTC)
                    start, end = max(start, day_start), min(end, day_end)
                    if start >= end:
                        continue
                    first = wall_minute(start.astimezone(ref))
                    last = MINUTES_PER_DAY if end == day_end else wall_minute(end.astimezone(ref))
                    if last > first:
                        pieces.append(_Span(first, last, (platform,)))
            local += timedelta(days=1)
    return _merge(pieces)


def _merge(pieces: list[_Span]) -> tuple[_Span, ...]:
    merged: list[_Span] = []
    for piece in sorted(pieces, key=lambda s: (s.start, s.end)):
        if merged and piece.start <= merged[-1].end:
            last = merged[-1]
            platforms = last.platforms + tuple(p for p in piece.platforms if p not in last.platforms)
            merged[-1] = _Span(last.start, max(last.end, piece.end), platforms)
        else:
            merged.append(piece)
    return tuple(merged)


def _posts_between(
    posts: Iterable[Post], begin: datetime, end: datetime, first_day: date, last_day: date
) -> list[tuple[Post, datetime]]:
    """The posts whose instant falls in [begin, end), in time order, each with its instant (worked out once).

    A wall-clock date more than two days off cannot fall in the range whatever its zone, so most posts of a long
    plan are skipped without the cost of a zone conversion.
    """
    low = datetime.combine(first_day - timedelta(days=2), time(0))
    high = datetime.combine(last_day + timedelta(days=3), time(0))
    found = []
    for post in posts:
        if low <= post.local < high:
            instant = post.instant
            if begin <= instant < end:
                found.append((post, instant))
    found.sort(key=lambda pair: (pair[1], pair[0].id))
    return found


def _assign_lanes(intervals: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """(lane, lane count) for each interval, in input order: intervals that overlap share a cluster of lanes."""
    order = sorted(range(len(intervals)), key=lambda i: (intervals[i][0], -intervals[i][1]))
    result: list[tuple[int, int]] = [(0, 1)] * len(intervals)
    cluster: list[int] = []
    lane_ends: list[int] = []
    cluster_end = -1

    def close_cluster() -> None:
        for index in cluster:
            result[index] = (result[index][0], len(lane_ends))

    for index in order:
        start, end = intervals[index]
        if cluster and start >= cluster_end:
            close_cluster()
            cluster, lane_ends, cluster_end = [], [], -1
        lane = next((n for n, lane_end in enumerate(lane_ends) if lane_end <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        result[index] = (lane, 0)
        cluster.append(index)
        cluster_end = max(cluster_end, end)
    close_cluster()
    return result


# --- week ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayColumn:
    index: int
    day: date
    noon: datetime  # aware, in the reference zone: names the zone (its abbreviation may change in a DST week)
    hours: float  # 23, 24 or 25 on a daylight-saving day


@dataclass(frozen=True, slots=True)
class WeekTile:
    """A post placed on the week grid."""

    post_id: str
    market_id: str
    market_code: str
    platform: str
    platform_name: str
    title: str
    status: PostStatus
    content_type: str  # the name of its content type ("" without one): what the tile says when it has no title
    column: int
    start_minute: int
    end_minute: int
    lane: int
    lanes: int
    instant: datetime  # UTC
    local: datetime  # aware, in the market's zone
    reference: datetime  # aware, in the reference zone
    home: datetime  # aware, in the founder's zone
    warnings: tuple[str, ...]  # PostWarning values
    notes: tuple[str, ...]  # PostNote values
    market_colour: int
    platform_colour: int


@dataclass(frozen=True, slots=True)
class MarketDay:
    """A market's zone on one day of the week, against the reference zone."""

    market_id: str
    column: int
    offset_hours: float  # at the reference day's noon
    offset_at_start: float
    offset_at_end: float
    local_date: date  # the market's date at the reference day's noon

    @property
    def offset_changes(self) -> bool:
        return self.offset_at_start != self.offset_at_end


@dataclass(frozen=True, slots=True)
class GoodHourBand:
    market_id: str
    column: int
    start_minute: int
    end_minute: int
    platforms: tuple[str, ...]
    colour_index: int
    stripe: int  # the market's position among the markets that have good hours, for a stripe of its own


@dataclass(frozen=True, slots=True)
class HolidayBanner:
    column: int
    row: int
    holiday: HolidayMark


@dataclass(frozen=True, slots=True)
class RulerMark:
    """What a secondary zone's clock reads at one hour line of the reference grid."""

    hour: int
    local: datetime  # aware, in the ruler's zone
    day_shift: int  # the ruler zone's date minus the reference date at that line


@dataclass(frozen=True, slots=True)
class ZoneRuler:
    zone: str
    market_codes: tuple[str, ...]
    colour_index: int
    offsets: tuple[float, ...]  # per column, at noon
    marks: tuple[tuple[RulerMark, ...], ...]  # per column, 24 marks
    is_home: bool = False

    @property
    def offset_changes(self) -> bool:
        return len(set(self.offsets)) > 1


@dataclass(frozen=True, slots=True)
class WeekLayout:
    reference_zone: str
    home_zone: str
    week_start: date
    columns: tuple[DayColumn, ...]
    tiles: tuple[WeekTile, ...]  # in time order
    bands: tuple[GoodHourBand, ...]
    banners: tuple[HolidayBanner, ...]
    banner_rows: int
    rulers: tuple[ZoneRuler, ...]
    market_days: tuple[MarketDay, ...]
    markets: tuple[MarketLabel, ...]
    platforms: tuple[PlatformLabel, ...]
    reference_codes: tuple[str, ...]  # markets whose clocks read like the reference zone's all week
    slot_minutes: int

    def tile(self, post_id: str) -> WeekTile | None:
        return next((t for t in self.tiles if t.post_id == post_id), None)

    def tiles_in(self, column: int) -> tuple[WeekTile, ...]:
        return tuple(t for t in self.tiles if t.column == column)

    def offsets_of(self, market_id: str) -> tuple[MarketDay, ...]:
        return tuple(d for d in self.market_days if d.market_id == market_id)

    def day_of(self, column: int) -> date:
        return self.week_start + timedelta(days=column)

    def slot_at(self, column: int, minute: float) -> datetime:
        """The aware reference-zone start of the 15-minute slot under a point (double-click to create)."""
        return at_wall_minute(self.day_of(column), min(snap_down(minute), MINUTES_PER_DAY - SNAP_MINUTES),
                              self.reference_zone)

    def moved_to(self, column: int, minute: float) -> datetime:
        """Where a dragged post lands: the nearest 15-minute mark of a day, in the reference zone."""
        column = max(0, min(len(self.columns) - 1, column))
        return at_wall_minute(self.day_of(column), max(0, min(snap_nearest(minute), MINUTES_PER_DAY - SNAP_MINUTES)),
                              self.reference_zone)


def week_layout(
    posts: Iterable[Post],
    advice: Advice,
    plan: Plan,
    reference_zone: str,
    week_start: date,
    holidays: Holidays | None = None,
    *,
    slot_minutes: int = 30,
    max_rulers: int = 3,
    catalogue: Catalogue | None = None,
) -> WeekLayout:
    """Seven reference-zone days from `week_start`, with the posts that fall in them and every market's hours."""
    catalogue = catalogue or plan.catalogue()
    holidays = holidays or {}
    ref = zone(reference_zone)
    home = zone(plan.firm.home_zone)
    days = [week_start + timedelta(days=i) for i in range(DAYS_PER_WEEK)]
    week_begin, _ = _day_bounds(days[0], reference_zone)
    _, week_end = _day_bounds(days[-1], reference_zone)
    columns = tuple(DayColumn(i, d, _noon(d, reference_zone).astimezone(ref), _day_hours(d, reference_zone))
                    for i, d in enumerate(days))
    markets = market_labels(plan)
    by_market = {m.id: m for m in markets}
    timed = _posts_between(posts, week_begin, week_end, days[0], days[-1])
    platforms = platform_labels(plan, catalogue, (p.platform for p, _ in timed))
    by_platform = {p.id: p for p in platforms}
    content_types = {c.id: c.name for c in plan.content_types}

    tiles = _week_tiles(timed, _TileContext(ref, home, by_market, by_platform, catalogue, advice, content_types),
                        week_start, slot_minutes)

    market_days = []
    bands = []
    stripe = 0
    for market in plan.markets:
        label = by_market[market.id]
        for column in columns:
            start, end = _day_bounds(column.day, reference_zone)
            noon = _noon(column.day, reference_zone)
            market_days.append(MarketDay(
                market.id, column.index, _offset_hours(noon, market.zone, reference_zone),
                _offset_hours(start, market.zone, reference_zone),
                _offset_hours(end - timedelta(seconds=1), market.zone, reference_zone),
                noon.astimezone(zone(market.zone)).date(),
            ))
        market_bands = [
            GoodHourBand(market.id, column.index, span.start, span.end,
                         tuple(catalogue.name(p) for p in span.platforms), label.colour_index, stripe)
            for column in columns
            for span in good_hour_spans(catalogue, market_platforms(plan, market.id), market.zone, reference_zone,
                                        column.day)
        ]
        if market_bands:
            bands.extend(market_bands)
            stripe += 1

    banners = []
    banner_rows = 0
    for column in columns:
        row = 0
        for label in markets:
            name = holidays.get(label.id, {}).get(column.day)
            if name:
                mark = HolidayMark(label.id, label.code, column.day, name, label.colour_index)
                banners.append(HolidayBanner(column.index, row, mark))
                row += 1
        banner_rows = max(banner_rows, row)

    rulers, reference_codes = _rulers(plan, markets, columns, reference_zone, max_rulers)
    return WeekLayout(
        reference_zone=reference_zone, home_zone=plan.firm.home_zone, week_start=week_start, columns=columns,
        tiles=tuple(tiles), bands=tuple(bands), banners=tuple(banners), banner_rows=banner_rows, rulers=rulers,
        market_days=tuple(market_days), markets=markets, platforms=platforms, reference_codes=reference_codes,
        slot_minutes=slot_minutes,
    )


@dataclass(frozen=True)
class _TileContext:
    """What turning posts into tiles needs beside the posts: zones, labels, names and each post's advice."""

    ref: ZoneInfo
    home: ZoneInfo
    markets: Mapping[str, MarketLabel]
    platforms: Mapping[str, PlatformLabel]
    catalogue: Catalogue
    advice: Advice
    content_types: Mapping[str, str]  # each content type's name, by id

    @classmethod
    def of(cls, layout: WeekLayout | MonthLayout, plan: Plan, catalogue: Catalogue, advice: Advice) -> _TileContext:
        return cls(zone(layout.reference_zone), zone(layout.home_zone), {m.id: m for m in layout.markets},
                   {p.id: p for p in layout.platforms}, catalogue, advice, {c.id: c.name for c in plan.content_types})

    def fields(self, post: Post, instant: datetime, at: datetime, local: datetime) -> dict:
        """What a week's and a month's tile say alike of a post."""
        market = self.markets.get(post.market_id)
        platform = self.platforms.get(post.platform)
        found = self.advice.get(post.id, NO_ADVICE)
        return dict(
            post_id=post.id, market_id=post.market_id, market_code=market.code if market else "?",
            platform=post.platform, platform_name=self.catalogue.name(post.platform), title=post.title,
            status=post.status, content_type=self.content_types.get(post.content_type_id or "", ""),
            instant=instant, local=local, reference=at, home=instant.astimezone(self.home),
            warnings=tuple(found.warnings), notes=tuple(found.notes),
            market_colour=market.colour_index if market else 0,
            platform_colour=platform.colour_index if platform else 0,
        )


def _week_tiles(timed: Iterable[tuple[Post, datetime]], context: _TileContext, week_start: date,
                slot_minutes: int) -> list[WeekTile]:
    """The tiles of posts (in time order, with their instants) on a week's grid, with their lanes."""
    tiles = []
    for post, instant in timed:
        at = instant.astimezone(context.ref)
        start = wall_minute(at)
        tiles.append(WeekTile(
            column=(at.date() - week_start).days, start_minute=start,
            end_minute=min(MINUTES_PER_DAY, start + slot_minutes), lane=0, lanes=1,
            **context.fields(post, instant, at, instant.astimezone(zone(post.zone))),
        ))
    return _with_lanes(tiles, range(DAYS_PER_WEEK))


def _with_lanes(tiles: list[WeekTile], columns: Iterable[int]) -> list[WeekTile]:
    """The tiles (in time order) with the lanes of these columns assigned again."""
    placed = list(tiles)
    for column in columns:
        indexes = [i for i, tile in enumerate(placed) if tile.column == column]
        lanes = _assign_lanes([(placed[i].start_minute, placed[i].end_minute) for i in indexes])
        for index, (lane, count) in zip(indexes, lanes, strict=True):
            if (placed[index].lane, placed[index].lanes) != (lane, count):
                placed[index] = dataclasses.replace(placed[index], lane=lane, lanes=count)
    return placed


def _joining(
    layout: WeekLayout | MonthLayout, first: date, last: date, removed: Collection[str], added: Iterable[Post],
    plan: Plan, catalogue: Catalogue,
) -> list[tuple[Post, datetime]] | None:
    """The added posts that fall in a layout's days, with their instants; None when the posts it would then show
    need other colours (a market or network it does not list, or one it would list no more)."""
    begin, _ = _day_bounds(first, layout.reference_zone)
    _, end = _day_bounds(last, layout.reference_zone)
    timed = _posts_between(added, begin, end, first, last)
    markets = {label.id for label in layout.markets}
    if any(post.market_id not in markets for post, _ in timed):
        return None
    used = [*(tile.platform for tile in layout.tiles if tile.post_id not in removed),
            *(post.platform for post, _ in timed)]
    return timed if layout.platforms == platform_labels(plan, catalogue, used) else None


def week_with_posts(
    layout: WeekLayout,
    removed: Collection[str],
    added: Iterable[Post],
    advice: Advice,
    plan: Plan,
    catalogue: Catalogue | None = None,
) -> tuple[WeekLayout, frozenset[int]] | None:
    """The week with the tiles of `removed` post ids taken out and `added` posts put in where they fall (an edit,
    a move), and the columns whose tiles changed: only those columns are laid out again. None when the change
    needs the whole week laid out again (a market or network the week's colours do not cover)."""
    catalogue = catalogue or plan.catalogue()
    timed = _joining(layout, layout.columns[0].day, layout.columns[-1].day, removed, added, plan, catalogue)
    if timed is None:
        return None
    kept = [tile for tile in layout.tiles if tile.post_id not in removed]
    new = _week_tiles(timed, _TileContext.of(layout, plan, catalogue, advice), layout.week_start, layout.slot_minutes)
    columns = frozenset(tile.column for tile in layout.tiles if tile.post_id in removed) | {t.column for t in new}
    tiles = sorted([*kept, *new], key=lambda tile: (tile.instant, tile.post_id))
    return dataclasses.replace(layout, tiles=tuple(_with_lanes(tiles, columns))), columns


def _rulers(
    plan: Plan, markets: Sequence[MarketLabel], columns: Sequence[DayColumn], reference_zone: str, max_rulers: int
) -> tuple[tuple[ZoneRuler, ...], tuple[str, ...]]:
    """Secondary clocks: the founder's zone (when it is not the reference) then the markets' zones.

    Zones that read the same as another all week (Paris and Brussels) share one ruler, or the reference gutter.
    """
    def signature(zone_name: str) -> tuple[float, ...]:
        found: list[float] = []
        for column in columns:
            start, end = _day_bounds(column.day, reference_zone)
            found += [_offset_hours(start, zone_name, reference_zone),
                      _offset_hours(end - timedelta(seconds=1), zone_name, reference_zone)]
        return tuple(found)

    reference_signature = signature(reference_zone)
    candidates: list[tuple[str, str | None, int, bool]] = []
    if plan.firm.home_zone != reference_zone:
        candidates.append((plan.firm.home_zone, None, -1, True))
    candidates += [(m.zone, m.code, m.colour_index, False) for m in markets]
    reference_codes: list[str] = []
    groups: dict[tuple[float, ...], list[tuple[str, str | None, int, bool]]] = {}
    for candidate in candidates:
        key = signature(candidate[0])
        if key == reference_signature:
            if candidate[1]:
                reference_codes.append(candidate[1])
            continue
        groups.setdefault(key, []).append(candidate)
    rulers = []
    for members in list(groups.values())[:max_rulers]:
        zone_name, _, colour, is_home = members[0]
        codes = tuple(code for _, code, _, _ in members if code)
        marks = []
        offsets = []
        for column in columns:
            offsets.append(_offset_hours(_noon(column.day, reference_zone), zone_name, reference_zone))
            row = []
            for hour in range(24):
                local = datetime.combine(column.day, time(hour), tzinfo=zone(reference_zone)).astimezone(
                    zone(zone_name))
                row.append(RulerMark(hour, local, (local.date() - column.day).days))
            marks.append(tuple(row))
        rulers.append(ZoneRuler(zone_name, codes, colour, tuple(offsets), tuple(marks), is_home))
    return tuple(rulers), tuple(reference_codes)


# --- month ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MonthTile:
    post_id: str
    market_id: str
    market_code: str
    platform: str
    platform_name: str
    title: str
    status: PostStatus
    content_type: str  # the name of its content type ("" without one)
    instant: datetime
    local: datetime  # aware, in the market's zone: the time the tile shows
    reference: datetime
    home: datetime
    day_shift: int  # the market's local date minus the cell's date (a Tokyo morning can be a Brussels evening)
    warnings: tuple[str, ...]  # PostWarning values
    notes: tuple[str, ...]  # PostNote values
    market_colour: int
    platform_colour: int


@dataclass(frozen=True, slots=True)
class MonthCell:
    row: int
    column: int
    day: date
    in_month: bool
    tiles: tuple[MonthTile, ...]
    holidays: tuple[HolidayMark, ...]


@dataclass(frozen=True, slots=True)
class MonthLayout:
    month: date
    reference_zone: str
    home_zone: str
    first_weekday: int  # 0 = Monday
    weekdays: tuple[int, ...]  # the weekday of each column
    cells: tuple[MonthCell, ...]  # 42, row by row
    markets: tuple[MarketLabel, ...]
    platforms: tuple[PlatformLabel, ...]

    @property
    def first_day(self) -> date:
        return self.cells[0].day

    def cell(self, row: int, column: int) -> MonthCell:
        return self.cells[row * DAYS_PER_WEEK + column]

    def cell_of(self, day: date) -> MonthCell | None:
        index = (day - self.first_day).days
        return self.cells[index] if 0 <= index < len(self.cells) else None

    @property
    def tiles(self) -> tuple[MonthTile, ...]:
        return tuple(t for c in self.cells for t in c.tiles)

    def slot_at(self, day: date, at: time = time(9)) -> datetime:
        """The aware reference-zone time a double-click on a day proposes for a new post."""
        return datetime.combine(day, at, tzinfo=zone(self.reference_zone))


def month_grid_start(month: date, first_weekday: int) -> date:
    first = month.replace(day=1)
    return first - timedelta(days=(first.weekday() - first_weekday) % 7)


def month_layout(
    posts: Iterable[Post],
    advice: Advice,
    plan: Plan,
    reference_zone: str,
    month: date,
    holidays: Holidays | None = None,
    first_weekday: int | None = None,
    *,
    catalogue: Catalogue | None = None,
) -> MonthLayout:
    """Six weeks of day cells around a month, starting on the locale's first weekday (babel's, by default).

    A post sits on the cell of its reference-zone date, like in the week view; its tile shows the market's time.
    """
    if first_weekday is None:
        from smplanner.i18n.formatting import first_weekday as locale_first_weekday

        first_weekday = locale_first_weekday()
    catalogue = catalogue or plan.catalogue()
    holidays = holidays or {}
    ref = zone(reference_zone)
    home = zone(plan.firm.home_zone)
    start = month_grid_start(month, first_weekday)
    days = [start + timedelta(days=i) for i in range(MONTH_WEEKS * DAYS_PER_WEEK)]
    begin, _ = _day_bounds(days[0], reference_zone)
    _, end = _day_bounds(days[-1], reference_zone)
    in_range = _posts_between(posts, begin, end, days[0], days[-1])
    markets = market_labels(plan)
    by_market = {m.id: m for m in markets}
    platforms = platform_labels(plan, catalogue, (p.platform for p, _ in in_range))
    by_platform = {p.id: p for p in platforms}
    content_types = {c.id: c.name for c in plan.content_types}
    per_day: dict[date, list[MonthTile]] = {}
    context = _TileContext(ref, home, by_market, by_platform, catalogue, advice, content_types)
    for tile in _month_tiles(in_range, context):
        per_day.setdefault(tile.reference.date(), []).append(tile)
    cells = []
    for index, day in enumerate(days):
        marks = tuple(
            HolidayMark(m.id, m.code, day, holidays[m.id][day], m.colour_index)
            for m in markets if day in holidays.get(m.id, {})
        )
        cells.append(MonthCell(index // DAYS_PER_WEEK, index % DAYS_PER_WEEK, day,
                               day.month == month.month and day.year == month.year,
                               tuple(per_day.get(day, ())), marks))
    return MonthLayout(
        month=month.replace(day=1), reference_zone=reference_zone, home_zone=plan.firm.home_zone,
        first_weekday=first_weekday, weekdays=tuple((first_weekday + i) % 7 for i in range(DAYS_PER_WEEK)),
        cells=tuple(cells), markets=markets, platforms=platforms,
    )


def _month_tiles(timed: Iterable[tuple[Post, datetime]], context: _TileContext) -> list[MonthTile]:
    tiles = []
    for post, instant in timed:
        at = instant.astimezone(context.ref)
        local = instant.astimezone(zone(post.zone))
        tiles.append(MonthTile(day_shift=(local.date() - at.date()).days,
                               **context.fields(post, instant, at, local)))
    return tiles


def month_with_posts(
    layout: MonthLayout,
    removed: Collection[str],
    added: Iterable[Post],
    advice: Advice,
    plan: Plan,
    catalogue: Catalogue | None = None,
) -> tuple[MonthLayout, frozenset[date]] | None:
    """The month with the tiles of `removed` post ids taken out and `added` posts put on their days (an edit, a
    move), and the days whose tiles changed. None when the change needs the whole month laid out again (a market
    or network the month's colours do not cover)."""
    catalogue = catalogue or plan.catalogue()
    timed = _joining(layout, layout.cells[0].day, layout.cells[-1].day, removed, added, plan, catalogue)
    if timed is None:
        return None
    new = _month_tiles(timed, _TileContext.of(layout, plan, catalogue, advice))
    days = {tile.reference.date() for tile in new}
    cells = []
    for cell in layout.cells:
        kept = [tile for tile in cell.tiles if tile.post_id not in removed]
        joining = [tile for tile in new if tile.reference.date() == cell.day]
        if len(kept) != len(cell.tiles) or joining:
            days.add(cell.day)
            cell = dataclasses.replace(cell, tiles=tuple(sorted([*kept, *joining],
                                                                key=lambda tile: (tile.instant, tile.post_id))))
        cells.append(cell)
    return dataclasses.replace(layout, cells=tuple(cells)), frozenset(days)


# --- market clocks -------------------------------------------------------------------------------------------------


class WindowFit(StrEnum):
    """How a market's good-hour window sits against the founder's working hours."""

    INSIDE = "inside"
    PARTLY = "partly"
    OUTSIDE = "outside"  # the platform's own scheduler has to publish it


@dataclass(frozen=True, slots=True)
class ClockWindow:
    start_minute: int
    end_minute: int
    platforms: tuple[str, ...]  # platform names
    fit: WindowFit
    local_start: datetime  # aware, in the row's zone
    local_end: datetime


@dataclass(frozen=True, slots=True)
class ClockTick:
    """A full hour of the row's own clock, placed on the reference day."""

    minute: int
    local: datetime  # aware, in the row's zone
    day_shift: int  # the row's local date minus the reference day


@dataclass(frozen=True, slots=True)
class ClockRow:
    market_id: str | None  # None for the founder's row
    code: str
    country: str
    zone: str
    day: date  # the reference day the row covers
    reference_zone: str
    sample: datetime  # aware, in the row's zone, at the reference day's noon: names the zone and its UTC offset
    offset_hours: float  # against the reference zone, at noon
    utc_offset_hours: float
    windows: tuple[ClockWindow, ...]
    working: tuple[tuple[int, int], ...]  # the founder's working hours, reference minutes (empty on a day off)
    ticks: tuple[ClockTick, ...]
    local_dates: tuple[date, ...]  # the row's local dates the reference day covers
    colour_index: int

    @property
    def is_founder(self) -> bool:
        return self.market_id is None

    @property
    def date_changes(self) -> tuple[ClockTick, ...]:
        """The local midnights inside the reference day."""
        return tuple(t for t in self.ticks if t.local.hour == 0 and t.minute > 0)

    @property
    def date_differs(self) -> bool:
        return any(d != self.day for d in self.local_dates)


def _fit(start: int, end: int, working: Sequence[tuple[int, int]]) -> WindowFit:
    covered = sum(max(0, min(end, w_end) - max(start, w_start)) for w_start, w_end in working)
    if covered >= end - start:
        return WindowFit.INSIDE
    return WindowFit.PARTLY if covered > 0 else WindowFit.OUTSIDE


def _ticks(zone_name: str, day: date, reference_zone: str) -> tuple[ClockTick, ...]:
    start, end = _day_bounds(day, reference_zone)
    ref = zone(reference_zone)
    local = start.astimezone(zone(zone_name))
    # The first full hour of the row's clock (a +5:30 zone's hours fall on the reference's half hours).
    current = local.replace(minute=0, second=0, microsecond=0)
    if current < local:
        current += timedelta(hours=1)
    ticks = []
    instant = current.astimezone(UTC)
    while instant < end:
        here = instant.astimezone(zone(zone_name))
        ticks.append(ClockTick(wall_minute(instant.astimezone(ref)), here, (here.date() - day).days))
        instant += timedelta(hours=1)
    return tuple(ticks)


def market_clocks(plan: Plan, day: date, reference_zone: str | None = None, *,
                  catalogue: Catalogue | None = None) -> list[ClockRow]:
    """One 24-hour row per market and one (first) for the founder, over a reference day (the founder's by default)."""
    catalogue = catalogue or plan.catalogue()
    reference_zone = reference_zone or plan.firm.home_zone
    home_zone = plan.firm.home_zone
    ref = zone(reference_zone)
    day_start, day_end = _day_bounds(day, reference_zone)
    noon = _noon(day, reference_zone)

    working: list[tuple[int, int]] = []
    home_first = day_start.astimezone(zone(home_zone)).date()
    home_last = (day_end - timedelta(seconds=1)).astimezone(zone(home_zone)).date()
    home_day = home_first
    while home_day <= home_last:
        if home_day.weekday() in plan.firm.working_days:
            opens = datetime.combine(home_day, plan.firm.working_start, tzinfo=zone(home_zone)).astimezone(UTC)
            closes_day = home_day if plan.firm.working_end > plan.firm.working_start else home_day + timedelta(days=1)
            closes = datetime.combine(closes_day, plan.firm.working_end, tzinfo=zone(home_zone)).astimezone(UTC)
            opens, closes = max(opens, day_start), min(closes, day_end)
            if opens < closes:
                end_minute = MINUTES_PER_DAY if closes == day_end else wall_minute(closes.astimezone(ref))
                working.append((wall_minute(opens.astimezone(ref)), end_minute))
        home_day += timedelta(days=1)
    working_spans = tuple(sorted(working))

    def row(market_id: str | None, code: str, country: str, zone_name: str, colour: int,
            windows: tuple[ClockWindow, ...]) -> ClockRow:
        sample = noon.astimezone(zone(zone_name))
        first = day_start.astimezone(zone(zone_name)).date()
        last = (day_end - timedelta(seconds=1)).astimezone(zone(zone_name)).date()
        dates = tuple(first + timedelta(days=i) for i in range((last - first).days + 1))
        return ClockRow(
            market_id=market_id, code=code, country=country, zone=zone_name, day=day, reference_zone=reference_zone,
            sample=sample, offset_hours=_offset_hours(noon, zone_name, reference_zone),
            utc_offset_hours=(sample.utcoffset() or timedelta(0)).total_seconds() / 3600,
            windows=windows, working=working_spans, ticks=_ticks(zone_name, day, reference_zone),
            local_dates=dates, colour_index=colour,
        )

    rows = [row(None, "", plan.firm.home_country, home_zone, -1, ())]
    for label, market in zip(market_labels(plan), plan.markets, strict=True):
        spans = good_hour_spans(catalogue, market_platforms(plan, market.id), market.zone, reference_zone, day)
        windows = tuple(
            ClockWindow(
                span.start, span.end, tuple(catalogue.name(p) for p in span.platforms),
                _fit(span.start, span.end, working_spans),
                at_wall_minute(day, span.start, reference_zone).astimezone(zone(market.zone)),
                at_wall_minute(day, span.end, reference_zone).astimezone(zone(market.zone)),
            )
            for span in spans
        )
        rows.append(row(market.id, label.code, market.country, market.zone, label.colour_index, windows))
    return rows


def time_order(tiles: Iterable[WeekTile | MonthTile]) -> list[str]:
    """Post ids in the order keyboard navigation visits them."""
    return [t.post_id for t in sorted(tiles, key=lambda t: (t.instant, t.post_id))]


def nearest_index(values: Sequence[int], wanted: int) -> int:
    """The index of the value closest to `wanted` in a sorted sequence (for moving between day columns)."""
    position = bisect.bisect_left(values, wanted)
    if position == 0:
        return 0
    if position == len(values):
        return len(values) - 1
    return position if values[position] - wanted < wanted - values[position - 1] else position - 1
