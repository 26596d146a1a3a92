"""A table of the next posts: when (in the market's zone and at home), where, on which network, in which language;
and the formatter of post times the agenda shares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from smplanner.domain.plan import POST_STATUS_LABELS, Plan, Post
from smplanner.domain.timezones import zone
from smplanner.i18n import N_, _
from smplanner.i18n.formatting import (
    country_name,
    format_datetime,
    format_time,
    language_name,
    weekday_name,
    zone_label,
)

PostRole = Qt.ItemDataRole.UserRole + 1
_TOP = QModelIndex()  # the table's (invisible) root


class Column(IntEnum):
    LOCAL = 0
    HOME = 1
    MARKET = 2
    PLATFORM = 3
    LANGUAGE = 4
    STATUS = 5


HEADERS = {
    Column.LOCAL: N_("Market time"),
    Column.HOME: N_("Your time"),
    Column.MARKET: N_("Market"),
    Column.PLATFORM: N_("Network"),
    Column.LANGUAGE: N_("Language"),
    Column.STATUS: N_("Status"),
}


class StampFormatter:
    """Dates and times with their zone label in the UI language: the app's short date and time, each distinct piece
    formatted once (an agenda of 65,000 posts has a few thousand distinct dates and a few dozen distinct times)."""

    def __init__(self) -> None:
        self._weekday_pattern = _("{weekday} {time} {zone}")
        self._stamps: dict[tuple[date, int, int], str] = {}
        self._weekday_times: dict[tuple[int, int, int], str] = {}
        self._zones: dict[tuple[str, timedelta | None], str] = {}

    def stamp(self, moment: datetime, zone_name: str) -> str:
        """An aware moment as "Mon, Jan 11, 2027, 9:00 AM JST" (in the UI language's own order)."""
        key = (moment.date(), moment.hour, moment.minute)
        shown = self._stamps.get(key)
        if shown is None:
            shown = self._stamps[key] = format_datetime(moment.replace(tzinfo=None))
        return "{stamp} {zone}".format(stamp=shown, zone=self._zone(moment, zone_name))

    def weekday_time(self, moment: datetime, zone_name: str) -> str:
        """An aware moment as "Mon 9:00 AM CET": enough beside its date in another zone (a day apart at most)."""
        key = (moment.weekday(), moment.hour, moment.minute)
        shown = self._weekday_times.get(key)
        if shown is None:
            shown = self._weekday_times[key] = self._weekday_pattern.format(
                weekday=weekday_name(moment.weekday()), time=format_time(moment), zone="{zone}")
        return shown.replace("{zone}", self._zone(moment, zone_name))

    def _zone(self, moment: datetime, zone_name: str) -> str:
        key = (zone_name, moment.utcoffset())
        label = self._zones.get(key)
        if label is None:
            label = self._zones[key] = zone_label(moment)
        return label


class UpcomingPostsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._posts: list[Post] = []
        self._rows: list[tuple[str, ...]] = []
        self._plan: Plan | None = None

    def set_posts(self, plan: Plan, posts: Sequence[Post]) -> None:
        """Replace the rows; the texts are formatted once here, never in data()."""
        self.beginResetModel()
        self._plan = plan
        self._posts = list(posts)
        self._rows = self._format(plan, self._posts, StampFormatter())
        self.endResetModel()

    def posts(self) -> list[Post]:
        return list(self._posts)

    def retranslate(self) -> None:
        if self._plan is not None:
            self.set_posts(self._plan, self._posts)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)

    @staticmethod
    def _format(plan: Plan, posts: Sequence[Post], stamps: StampFormatter) -> list[tuple[str, ...]]:
        catalogue = plan.catalogue()
        markets = {m.id: "{code} \u00b7 {country}".format(code=m.code, country=country_name(m.country))
                   for m in plan.markets}
        home_zone = zone(plan.firm.home_zone)
        platforms = {platform: catalogue.name(platform) for platform in {post.platform for post in posts}}
        languages = {codes: ", ".join(map(language_name, codes)) for codes in {post.languages for post in posts}}
        statuses = {status: _(label) for status, label in POST_STATUS_LABELS.items()}
        rows: list[tuple[str, ...]] = []
        for post in posts:
            instant = post.instant
            home = instant.astimezone(home_zone)
            rows.append((
                stamps.stamp(instant.astimezone(zone(post.zone)), post.zone),
                stamps.weekday_time(home, plan.firm.home_zone),
                markets.get(post.market_id, ""),
                platforms[post.platform],
                languages[post.languages],
                statuses[post.status],
            ))
        return rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == PostRole:
            return self._posts[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(Column):
            return _(HEADERS[Column(section)])
        return None
