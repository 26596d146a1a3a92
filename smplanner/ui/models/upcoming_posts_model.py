"""A table of posts: when (in the market's zone and at home), where, on which network, in which language."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from smplanner.domain.catalogue import Catalogue
from smplanner.domain.plan import POST_STATUS_LABELS, Plan, Post
from smplanner.domain.timezones import zone
from smplanner.i18n import N_, _
from smplanner.i18n.formatting import country_name, format_datetime, format_time, language_name

PostRole = Qt.ItemDataRole.UserRole + 1


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
        catalogue = plan.catalogue()
        self._rows = [self._format(plan, catalogue, post) for post in self._posts]
        self.endResetModel()

    def retranslate(self) -> None:
        if self._plan is not None:
            self.set_posts(self._plan, self._posts)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)

    @staticmethod
    def _format(plan: Plan, catalogue: Catalogue, post: Post) -> tuple[str, ...]:
        market = next((m for m in plan.markets if m.id == post.market_id), None)
        instant = post.instant
        local = instant.astimezone(zone(post.zone))
        home = instant.astimezone(zone(plan.firm.home_zone))
        return (
            format_datetime(local, "short"),
            "{time} {zone}".format(time=format_time(home), zone=home.tzname())
            if home.date() == local.date()
            else format_datetime(home, "short"),
            "{code} \u00b7 {country}".format(code=market.code, country=country_name(market.country)) if market else "",
            catalogue.name(post.platform),
            ", ".join(language_name(code) for code in post.languages),
            _(POST_STATUS_LABELS[post.status]),
        )

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
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
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return _(HEADERS[Column(section)])
        return None
