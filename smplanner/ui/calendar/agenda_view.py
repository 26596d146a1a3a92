"""The agenda: the plan's posts as a sortable, searchable table that stays fast with tens of thousands of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from babel import dates as babel_dates
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.calendar_filter import CalendarFilter
from smplanner.domain.plan import POST_STATUS_LABELS, Plan, Post, PostStatus
from smplanner.domain.post_warnings import (
    NO_ADVICE,
    NOTE_LABELS,
    NOTE_SHORT_LABELS,
    WARNING_LABELS,
    WARNING_SHORT_LABELS,
    PostAdvice,
    PostWarning,
)
from smplanner.domain.timezones import to_utc, zone
from smplanner.i18n import N_, _, ngettext
from smplanner.i18n.formatting import country_name, format_number, language_name, ui_locale, zone_label
from smplanner.ui.calendar import add_fix_actions

if TYPE_CHECKING:
    from smplanner.services.changes import Changes
    from smplanner.services.planning import PlanningService

PostIdRole = Qt.ItemDataRole.UserRole
"""The post's id, on every cell."""
SortRole = Qt.ItemDataRole.UserRole + 1
"""What a column sorts by: a number or a case-folded text (the model sorts itself, with the moment breaking ties)."""
SearchRole = Qt.ItemDataRole.UserRole + 2
"""The title and text the search box looks in."""

_TOP = QModelIndex()  # the table's (invisible) root
SEARCH_DELAY_MS = 150  # typing a word filters once, not once per letter


class Column(IntEnum):
    LOCAL = 0
    HOME = 1
    MARKET = 2
    PLATFORM = 3
    LANGUAGE = 4
    TITLE = 5
    STATUS = 6
    WARNINGS = 7
    NOTES = 8


HEADERS = {
    Column.LOCAL: N_("Market time"),
    Column.HOME: N_("Your time"),
    Column.MARKET: N_("Market"),
    Column.PLATFORM: N_("Network"),
    Column.LANGUAGE: N_("Language"),
    Column.TITLE: N_("Title"),
    Column.STATUS: N_("Status"),
    Column.WARNINGS: N_("Warnings"),
    Column.NOTES: N_("Notes"),
}
STATUS_ORDER = {status: position for position, status in enumerate(PostStatus)}
MAX_WIDTHS = {Column.MARKET: 120, Column.PLATFORM: 100, Column.LANGUAGE: 80, Column.STATUS: 70, Column.WARNINGS: 140,
              Column.NOTES: 120}
"""Caps on the columns' first widths (in pixels at the default font), so that every column fits at 1024 pixels."""


class StampFormatter:
    """Dates and times with their zone label in the UI language, each distinct piece formatted once.

    Babel takes tens of microseconds per call; an agenda of 65,000 posts has a few thousand distinct dates and
    a few dozen distinct times, so caching the pieces makes formatting it take a fraction of a second.
    """

    def __init__(self) -> None:
        self._locale = ui_locale()
        self._pattern = str(self._locale.datetime_formats["short"])  # e.g. "{1}, {0}": date, then time
        self._weekday_pattern = _("{weekday} {time} {zone}")
        self._dates: dict[date, str] = {}
        self._weekdays: dict[int, str] = {}
        self._times: dict[tuple[int, int], str] = {}
        self._zones: dict[tuple[str, timedelta | None], str] = {}

    def stamp(self, moment: datetime, zone_name: str) -> str:
        """An aware moment as "Mon, Jan 11, 2027, 9:00 AM JST" (in the UI language's own order)."""
        day = moment.date()
        shown_date = self._dates.get(day)
        if shown_date is None:
            shown_date = self._dates[day] = babel_dates.format_skeleton("yMMMEd", day, locale=self._locale)
        return "{stamp} {zone}".format(stamp=self._pattern.format(self._time(moment), shown_date),
                                       zone=self._zone(moment, zone_name))

    def weekday_time(self, moment: datetime, zone_name: str) -> str:
        """An aware moment as "Mon 9:00 AM CET": enough beside its date in another zone (a day apart at most)."""
        weekday = moment.weekday()
        name = self._weekdays.get(weekday)
        if name is None:
            name = self._weekdays[weekday] = babel_dates.format_skeleton("E", moment.date(), locale=self._locale)
        return self._weekday_pattern.format(weekday=name, time=self._time(moment), zone=self._zone(moment, zone_name))

    def _time(self, moment: datetime) -> str:
        clock = (moment.hour, moment.minute)
        shown = self._times.get(clock)
        if shown is None:
            shown = self._times[clock] = babel_dates.format_time(time(*clock), "short", locale=self._locale)
        return shown

    def _zone(self, moment: datetime, zone_name: str) -> str:
        key = (zone_name, moment.utcoffset())
        label = self._zones.get(key)
        if label is None:
            label = self._zones[key] = zone_label(moment)
        return label


@dataclass(frozen=True, slots=True)
class _Row:
    """One post as the table shows it: texts and sort keys made once, never in data()."""

    post: Post
    texts: tuple[str, ...]
    keys: tuple[Any, ...]
    search: str
    advice: PostAdvice
    warnings_tip: str
    notes_tip: str
    home_tip: str

    @property
    def warnings(self) -> tuple[PostWarning, ...]:
        return self.advice.warnings


class AgendaModel(QAbstractTableModel):
    """Posts as rows; sorting happens here, in Python, so a sort of 65,000 rows takes tens of milliseconds."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._row_of: dict[str, int] = {}
        self._plan: Plan | None = None
        self._advice: dict[str, PostAdvice] = {}
        self._sort_column = Column.LOCAL
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._warning_icon = QIcon()
        self._stand_in_font = QFont()
        self._stand_in_font.setItalic(True)

    # -- filling -----------------------------------------------------------------------------------------------

    def set_posts(
        self,
        plan: Plan,
        posts: Sequence[Post],
        advice: Mapping[str, PostAdvice] | None = None,
    ) -> None:
        """Replace the rows (posts, and the warnings and notes of each, by post id); texts are formatted once,
        here."""
        self.beginResetModel()
        self._plan = plan
        self._advice = dict(advice or {})
        self._rows = self._format(plan, posts, self._advice)
        self._sort_rows()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._plan, self._rows, self._row_of, self._advice = None, [], {}, {}
        self.endResetModel()

    def set_warning_icon(self, icon: QIcon) -> None:
        self._warning_icon = icon

    def retranslate(self) -> None:
        if self._plan is not None:
            self.set_posts(self._plan, self.posts(), self._advice)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)

    @staticmethod
    def _format(plan: Plan, posts: Sequence[Post], advice: Mapping[str, PostAdvice]) -> list[_Row]:
        catalogue = plan.catalogue()
        home_zone_name = plan.firm.home_zone
        home_zone = zone(home_zone_name)
        stamps = StampFormatter()
        markets = {
            m.id: ("{code} \u00b7 {country}".format(code=m.code, country=country_name(m.country)), m.code)
            for m in plan.markets
        }
        platforms: dict[str, str] = {}
        languages: dict[tuple[str, ...], str] = {}
        statuses = {status: _(label) for status, label in POST_STATUS_LABELS.items()}
        advice_texts: dict[PostAdvice, tuple[str, str, str, str]] = {}
        rows: list[_Row] = []
        content_types = {c.id: _("({content_type})").format(content_type=c.name) for c in plan.content_types}
        untitled = _("(untitled)")
        for post in posts:
            instant = to_utc(post.local, post.zone, post.fold)  # Post.instant imports on each call: slow 65,000 times
            home = instant.astimezone(home_zone)
            moment = instant.timestamp()
            market, market_key = markets.get(post.market_id, ("", ""))
            platform = platforms.get(post.platform)
            if platform is None:
                platform = platforms[post.platform] = catalogue.name(post.platform)
            language = languages.get(post.languages)
            if language is None:
                language = languages[post.languages] = ", ".join(map(language_name, post.languages))
            found = advice.get(post.id, NO_ADVICE)
            shown = advice_texts.get(found)
            if shown is None:
                shown = advice_texts[found] = (
                    ", ".join(_(WARNING_SHORT_LABELS[w]) for w in found.warnings),
                    "\n".join(_(WARNING_LABELS[w]) for w in found.warnings),
                    ", ".join(_(NOTE_SHORT_LABELS[n]) for n in found.notes),
                    "\n".join(_(NOTE_LABELS[n]) for n in found.notes),
                )
            title = post.title
            rows.append(_Row(
                post=post,
                texts=(
                    stamps.stamp(instant.astimezone(zone(post.zone)), post.zone),
                    stamps.weekday_time(home, home_zone_name),
                    market,
                    platform,
                    language,
                    title or content_types.get(post.content_type_id or "", untitled),
                    statuses[post.status],
                    shown[0],
                    shown[2],
                ),
                keys=(
                    (moment, post.id),
                    (moment, post.id),
                    (market_key, moment, post.id),
                    (platform.casefold(), moment, post.id),
                    (language.casefold(), moment, post.id),
                    (title.casefold(), moment, post.id),
                    (STATUS_ORDER[post.status], moment, post.id),
                    (len(found.warnings), found.warnings, moment, post.id),
                    (len(found.notes), found.notes, moment, post.id),
                ),
                search="\n".join((title, *(version.text for version in post.versions))),
                advice=found,
                warnings_tip=shown[1],
                notes_tip=shown[3],
                home_tip=stamps.stamp(home, home_zone_name),
            ))
        return rows

    # -- reading ---------------------------------------------------------------------------------------------

    def posts(self) -> list[Post]:
        """The posts, in the rows' order."""
        return [row.post for row in self._rows]

    def post_id(self, row: int) -> str:
        return self._rows[row].post.id

    def post_at(self, row: int) -> Post:
        return self._rows[row].post

    def plan(self) -> Plan | None:
        return self._plan

    def row_of(self, post_id: str) -> int | None:
        return self._row_of.get(post_id)

    def warnings_of(self, post_id: str) -> tuple[PostWarning, ...]:
        return self._advice.get(post_id, NO_ADVICE).warnings

    def advice_of(self, post_id: str) -> PostAdvice:
        return self._advice.get(post_id, NO_ADVICE)

    # -- sorting ---------------------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self._sort_column, self._sort_order = Column(column), order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self._rows[index.row()].post.id, index.column()) for index in persistent]
        self._sort_rows()
        self.changePersistentIndexList(
            persistent, [self.index(self._row_of[post_id], column_) for post_id, column_ in kept]
        )
        self.layoutChanged.emit()

    def sort_column(self) -> Column:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def _sort_rows(self) -> None:
        column = int(self._sort_column)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        self._rows.sort(key=lambda row: row.keys[column], reverse=descending)  # cheap on rows already in order
        self._row_of = {row.post.id: position for position, row in enumerate(self._rows)}

    # -- the Qt model interface ------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == PostIdRole:
            return row.post.id
        if role == SortRole:
            return row.keys[column][0]
        if role == SearchRole:
            return row.search
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.WARNINGS:
                return row.warnings_tip or None
            if column == Column.NOTES:
                return row.notes_tip or None
            if column == Column.TITLE:
                return "\n\n".join(v.text for v in row.post.versions if v.text)[:500] or None
            if column == Column.HOME:
                return row.home_tip
            if column == Column.MARKET:
                return row.texts[column]  # the column is often too narrow for the country's name
            return None
        if column == Column.TITLE and not row.post.title:  # a stand-in: the content type, or "(untitled)"
            if role == Qt.ItemDataRole.ForegroundRole:
                return QGuiApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
            if role == Qt.ItemDataRole.FontRole:
                return self._stand_in_font
        if role == Qt.ItemDataRole.DecorationRole and column == Column.WARNINGS and row.warnings:
            return self._warning_icon
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return _(HEADERS[Column(section)])
        return None


class AgendaTable(QTableView):
    """The agenda's table: Delete removes the selected posts, Enter opens the current one."""

    delete_pressed = Signal()
    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
            self.delete_pressed.emit()
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class AgendaView(QWidget):
    """Every post of a range (the whole plan by default), filtered by the shared calendar filter and a search."""

    post_activated = Signal(str)  # a post id: open it in the editor
    delete_requested = Signal(list)  # post ids
    fix_requested = Signal(str, str, str)  # a post id, the PostWarning to fix, the FixScope

    def __init__(self, service: PlanningService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._filter = CalendarFilter()
        self._start_utc: datetime | None = None
        self._end_utc: datetime | None = None

        self.model = AgendaModel(self)
        self.model.set_warning_icon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SearchRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("agendaSearch")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)
        self.count = QLabel()

        self.table = AgendaTable()
        self.table.setObjectName("agendaTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setSortingEnabled(False)  # the proxy would sort through Python data() calls: seconds, not ms
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row height computation
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(Column.LOCAL, Qt.SortOrder.AscendingOrder)
        header.setResizeContentsPrecision(64)  # widths from the first rows only
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.sortIndicatorChanged.connect(self._sort)
        self.table.doubleClicked.connect(self._activate)
        self.table.enter_pressed.connect(lambda: self._activate(self.table.currentIndex()))
        self.table.delete_pressed.connect(self._request_delete)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)
        self._columns_sized = False

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.retranslate_ui()

    # -- what to show ----------------------------------------------------------------------------------------

    def set_service(self, service: PlanningService | None) -> None:
        self._service = service
        if service is None:
            self.model.clear()
        else:
            self.refresh()

    def set_range(self, start_utc: datetime | None, end_utc: datetime | None) -> None:
        """Show posts from start (inclusive) to end (exclusive); None leaves that side open (the default)."""
        self._start_utc, self._end_utc = start_utc, end_utc
        self.refresh()

    def set_filter(self, calendar_filter: CalendarFilter) -> None:
        """The filter shared with the week and month views."""
        if calendar_filter != self._filter:
            self._filter = calendar_filter
            self.refresh()

    def calendar_filter(self) -> CalendarFilter:
        return self._filter

    def refresh(self) -> None:
        """Read the posts again through the service, keeping the selection, the sort and the search."""
        if self._service is None:
            return
        found = self._service.posts_with_advice(self._start_utc, self._end_utc, self._filter)
        self.set_posts(self._service.plan(), [post for post, _advice in found], dict(
            (post.id, advice) for post, advice in found))

    def on_plan_changed(self, changes: Changes) -> None:
        """What a command changed: read again when posts, markets, holidays or the home zone may have changed."""
        if changes.touches_posts or changes.decisions or changes.firm or changes.holidays:
            self.refresh()

    def set_posts(
        self,
        plan: Plan,
        posts: Sequence[Post],
        advice: Mapping[str, PostAdvice] | None = None,
    ) -> None:
        """Show these posts (in time order) with their warnings and notes, by post id."""
        current = self.current_post_id()
        selected = self.selected_post_ids()
        self.model.set_posts(plan, posts, advice)
        if not self._columns_sized and posts:
            self._size_columns()
        if selected and len(selected) <= 1000:  # restoring a huge selection costs more than it helps
            self.select_posts(selected, current)
        self._update_count()

    def _size_columns(self) -> None:
        self._columns_sized = True
        header = self.table.horizontalHeader()
        scale = self.fontMetrics().averageCharWidth() / 7  # the caps were chosen with 7-pixel characters
        for column in Column:
            if column != Column.TITLE:
                self.table.resizeColumnToContents(column)
                cap = round(MAX_WIDTHS.get(column, 260) * scale)
                header.resizeSection(column, min(header.sectionSize(column) + 8, cap))

    # -- selection ---------------------------------------------------------------------------------------------

    def current_post_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(PostIdRole) if index.isValid() else None

    def selected_post_ids(self) -> list[str]:
        """The selected posts' ids, in the table's order."""
        selection = self.table.selectionModel()
        rows = sorted(index.row() for index in selection.selectedRows()) if selection is not None else []
        return [self.proxy.index(row, 0).data(PostIdRole) for row in rows]

    def select_posts(self, post_ids: Sequence[str], current: str | None = None) -> None:
        """Select these posts (those still shown) and make `current`, or the first of them, the current one."""
        selection = QItemSelection()
        first: QModelIndex | None = None
        for post_id in post_ids:
            index = self._proxy_index(post_id)
            if index is not None:
                selection.select(index, index.siblingAtColumn(len(Column) - 1))
                first = first or index
        flags = QItemSelectionModel.SelectionFlag
        model = self.table.selectionModel()
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        target = self._proxy_index(current) if current else first
        if target is not None:
            model.setCurrentIndex(target, flags.NoUpdate)
            self.table.scrollTo(target)

    def _proxy_index(self, post_id: str | None) -> QModelIndex | None:
        row = self.model.row_of(post_id) if post_id else None
        if row is None:
            return None
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        return index if index.isValid() else None

    # -- reacting ------------------------------------------------------------------------------------------------

    def apply_search(self) -> None:
        """Keep the posts whose title or text contains the search box's text (any case)."""
        self._search_timer.stop()
        self.proxy.setFilterFixedString(self.search.text().strip())
        self._update_count()

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.post_activated.emit(index.data(PostIdRole))

    def _request_delete(self) -> None:
        ids = self.selected_post_ids()
        if ids:
            self.delete_requested.emit(ids)

    def _show_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.menu_for(index.data(PostIdRole)).popup(self.table.viewport().mapToGlobal(position))

    def menu_for(self, post_id: str) -> QMenu:
        """A post's menu: open it, and the fixes its warnings offer."""
        menu = QMenu(self)
        menu.addAction(_("Open"), lambda: self.post_activated.emit(post_id))
        row, plan = self.model.row_of(post_id), self.model.plan()
        if row is not None and plan is not None:
            post = self.model.post_at(row)
            market = next((m.code for m in plan.markets if m.id == post.market_id), "")
            add_fix_actions(menu, post_id, self.model.warnings_of(post_id), market, post.rule_id is not None,
                            self.fix_requested.emit)
        return menu

    def _update_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = ngettext("{count} post", "{count} posts", total).format(count=format_number(total))
        else:
            text = ngettext("{shown} of {count} post", "{shown} of {count} posts", total).format(
                shown=format_number(shown), count=format_number(total)
            )
        self.count.setText(text)

    # -- language ------------------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Search titles and texts"))
        self.search.setAccessibleName(_("Search the agenda"))
        self.table.setAccessibleName(_("Agenda"))
        self.model.retranslate()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
