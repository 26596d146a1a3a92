"""The agenda: the plan's posts as a sortable, searchable table that stays fast with tens of thousands of them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
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

from smplanner.domain.calendar_filter import CalendarFilter, PostOrder, PostQuery
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
from smplanner.i18n.formatting import country_name, format_number, language_name
from smplanner.ui.calendar import add_fix_actions
from smplanner.ui.models.upcoming_posts_model import StampFormatter

if TYPE_CHECKING:
    from smplanner.services.changes import Changes, PostChange
    from smplanner.services.planning import PlanningService

PostIdRole = Qt.ItemDataRole.UserRole
"""The post's id, on every cell."""

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
COLUMN_ORDERS = {
    Column.LOCAL: PostOrder.TIME,
    Column.HOME: PostOrder.TIME,
    Column.MARKET: PostOrder.MARKET,
    Column.PLATFORM: PostOrder.PLATFORM,
    Column.LANGUAGE: PostOrder.LANGUAGE,
    Column.TITLE: PostOrder.TITLE,
    Column.STATUS: PostOrder.STATUS,
    Column.WARNINGS: PostOrder.WARNINGS,
    Column.NOTES: PostOrder.NOTES,
}
"""What sorting by each column orders the posts by (both times sort by the instant)."""
MAX_WIDTHS = {Column.MARKET: 100, Column.PLATFORM: 100, Column.LANGUAGE: 80, Column.STATUS: 70, Column.WARNINGS: 110,
              Column.NOTES: 100}
"""Caps on the columns' first widths (in pixels at the default font), so that every column fits at 1024 pixels, in
French and Dutch and with a 10-point font too, the titles keeping some room."""


@dataclass(frozen=True, slots=True)
class _Row:
    """One post as the table shows it: texts and sort keys made once, never in data()."""

    post: Post
    texts: tuple[str, ...]
    advice: PostAdvice
    warnings_tip: str
    notes_tip: str
    home_tip: str

    @property
    def warnings(self) -> tuple[PostWarning, ...]:
        return self.advice.warnings


class _IdPages:
    """The ids of the posts a query finds, in its order, read from storage a page at a time when rows are asked for
    (a query storage pages cheaply: see `PlanningService.pages_cheaply`). It stands in for the list of every id
    where a long plan's list would cost more than the rows on screen: `len`, an id by row, a slice of rows."""

    SIZE = 1000  # ids read together
    KEPT = 40  # pages kept; beyond, the oldest go
    FEW = 20  # ids looked for one by one (a count each) before reading every id once is cheaper

    def __init__(self, service: PlanningService, query: PostQuery, found: int) -> None:
        self._service, self._query, self.found = service, query, found
        self._pages: dict[int, list[str]] = {}
        self.settling = False  # while a command's changes are applied: storage is ahead of the rows, keep no page

    def __len__(self) -> int:
        return self.found

    def __getitem__(self, rows: slice) -> list[str]:
        first, last, _step = rows.indices(self.found)
        ids: list[str] = []
        if last <= first:
            return ids
        for number in range(first // self.SIZE, (max(last, first) - 1) // self.SIZE + 1):
            page = self._page(number)
            start = number * self.SIZE
            ids += page[max(first - start, 0):max(last - start, 0)]
        return ids

    def id_at(self, row: int) -> str:
        if not 0 <= row < self.found:
            raise IndexError(row)
        number, at = divmod(row, self.SIZE)
        return self._page(number)[at]

    def _page(self, number: int) -> list[str]:
        page = self._pages.get(number)
        if page is None:
            page = self._service.post_id_page(self._query, number * self.SIZE, self.SIZE, self.found)
            if not self.settling:
                if len(self._pages) >= self.KEPT:
                    del self._pages[next(iter(self._pages))]
                self._pages[number] = page
        return page

    def cached_row(self, post_id: str) -> int | None:
        """The post's row when a page read holds it."""
        for number, page in self._pages.items():
            if post_id in page:
                return number * self.SIZE + page.index(post_id)
        return None

    def rows_of(self, post_ids: Sequence[str]) -> dict[str, int]:
        """The rows of those of these posts the query finds: from the pages read, storage counting the posts ahead
        of a few others, or reading every id once for many."""
        rows = {post_id: row for post_id in post_ids if (row := self.cached_row(post_id)) is not None}
        rest = [post_id for post_id in post_ids if post_id not in rows]
        if len(rest) > self.FEW:
            wanted = set(rest)
            all_ids = self._service.post_ids(self._query)
            rows.update((post_id, row) for row, post_id in enumerate(all_ids) if post_id in wanted)
        else:
            for post in self._service.posts_with_ids(rest):
                if self._query.matches(post):
                    rows[post.id] = self._service.count_ahead(self._query, post)
        return rows

    def forget_from(self, row: int, until: int | None = None) -> None:
        """Forget the pages read of the rows from `row` to `until` (to the end without it): rows there moved."""
        for number in list(self._pages):
            start = number * self.SIZE
            if start + self.SIZE > row and (until is None or start <= until):
                del self._pages[number]


class AgendaModel(QAbstractTableModel):
    """The posts a query finds, as rows read from the plan a page at a time.

    Storage finds, sorts and searches the posts (`PostQuery`). In time order without a search (the agenda's first
    show, and most of its use) the model holds how many posts the query finds and the pages of ids read so far
    (`_IdPages`): a plan of 200,000 posts costs a count and the pages shown. Other orders and searches hold the list
    of the found posts' ids, as storage sorts or finds them whole anyway. A row's texts are made the first time it is
    shown (`prefetch`, called by the view before it paints), a page at a time, and kept for a few pages.
    `apply_post_changes` moves, inserts or removes just the rows of the posts a command changed.
    """

    PAGE = 200  # rows read and formatted together
    KEPT_ROWS = 4000  # formatted rows kept; beyond, they are made again when shown

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._service: PlanningService | None = None
        self._plan: Plan | None = None
        self._query = PostQuery()
        self._ids: list[str] | _IdPages = []
        self._rows: dict[str, _Row] = {}
        self._total = 0
        self._waiting: dict[str, Post | None] = {}  # the posts of a command's changes not applied yet, as they were
        self._stamps = StampFormatter()
        self._warning_icon = QIcon()
        self._stand_in_font = QFont()
        self._stand_in_font.setItalic(True)

    # -- filling -----------------------------------------------------------------------------------------------

    def show_posts(self, service: PlanningService, plan: Plan, query: PostQuery) -> None:
        """List the posts this query finds in the plan (a reset: sorting and patching keep the rows instead)."""
        query = dataclasses.replace(query, ranks=self._ranks(service, plan, query.order))
        ids = self._found_ids(service, plan, query)
        self.beginResetModel()
        self._service, self._plan, self._query, self._ids = service, plan, query, ids
        self._rows.clear()
        self._total = self._count_unsearched()
        self.endResetModel()

    @staticmethod
    def _found_ids(service: PlanningService, plan: Plan, query: PostQuery) -> list[str] | _IdPages:
        if service.pages_cheaply(query):
            return _IdPages(service, query, service.count_found(query))
        return service.post_ids(query, plan)

    def clear(self) -> None:
        self.beginResetModel()
        self._service, self._plan, self._ids, self._total = None, None, [], 0
        self._rows.clear()
        self.endResetModel()

    def set_warning_icon(self, icon: QIcon) -> None:
        self._warning_icon = icon

    def retranslate(self) -> None:
        """Texts, and the orders by translated names, follow the UI language."""
        self._stamps = StampFormatter()
        if self._service is not None and self._plan is not None:
            if self._query.order in (PostOrder.PLATFORM, PostOrder.LANGUAGE):
                self.show_posts(self._service, self._plan, self._query)
            else:
                self._rows.clear()
                if self._ids:
                    self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(Column) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)

    def _count_unsearched(self) -> int:
        if not self._query.search.strip():
            return len(self._ids)
        assert self._service is not None
        unsearched = dataclasses.replace(self._query, search="")
        if unsearched.filter.warnings_only:
            return len(self._service.post_ids(unsearched, self._plan))
        return self._service.count_found(unsearched)

    @staticmethod
    def _ranks(service: PlanningService, plan: Plan, order: PostOrder) -> tuple[tuple[str, int], ...]:
        """Each value's place when sorting by a named field: markets by code, networks and languages by their names
        in the UI language, statuses in their own order."""
        if order is PostOrder.MARKET:
            values = [market.id for market in sorted(plan.markets, key=lambda market: (market.code, market.id))]
        elif order is PostOrder.PLATFORM:
            catalogue = plan.catalogue()
            values = sorted(service.ranked_values(order), key=lambda p: (catalogue.name(p).casefold(), p))
        elif order is PostOrder.LANGUAGE:
            values = sorted(service.ranked_values(order), key=lambda code: (language_name(code).casefold(), code))
        elif order is PostOrder.STATUS:
            values = [str(status) for status in PostStatus]
        else:
            return ()
        return tuple((value, rank) for rank, value in enumerate(values))

    def _format(self, plan: Plan, posts: Sequence[Post], advice: Mapping[str, PostAdvice]) -> list[_Row]:
        catalogue = plan.catalogue()
        home_zone_name = plan.firm.home_zone
        home_zone = zone(home_zone_name)
        stamps = self._stamps
        markets = {m.id: "{code} \u00b7 {country}".format(code=m.code, country=country_name(m.country))
                   for m in plan.markets}
        platforms: dict[str, str] = {}
        languages: dict[tuple[str, ...], str] = {}
        statuses = {status: _(label) for status, label in POST_STATUS_LABELS.items()}
        advice_texts: dict[PostAdvice, tuple[str, str, str, str]] = {}
        rows: list[_Row] = []
        content_types = {c.id: _("({content_type})").format(content_type=c.name) for c in plan.content_types}
        untitled = _("(untitled)")
        for post in posts:
            instant = to_utc(post.local, post.zone, post.fold)
            home = instant.astimezone(home_zone)
            market = markets.get(post.market_id, "")
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
                advice=found,
                warnings_tip=shown[1],
                notes_tip=shown[3],
                home_tip=stamps.stamp(home, home_zone_name),
            ))
        return rows

    # -- reading ---------------------------------------------------------------------------------------------

    def query(self) -> PostQuery:
        return self._query

    def post_ids(self) -> list[str]:
        """The listed posts' ids, in the rows' order."""
        return list(self._ids[0:len(self._ids)])

    def total(self) -> int:
        """How many posts the query finds without its search text."""
        return self._total

    def post_id(self, row: int) -> str:
        return self._ids.id_at(row) if isinstance(self._ids, _IdPages) else self._ids[row]

    def post_at(self, row: int) -> Post:
        return self._row(row).post

    def plan(self) -> Plan | None:
        return self._plan

    def row_of(self, post_id: str) -> int | None:
        return self.rows_of([post_id]).get(post_id)

    def rows_of(self, post_ids: Sequence[str]) -> dict[str, int]:
        """The rows of those of these posts that are listed."""
        if isinstance(self._ids, _IdPages):
            return self._ids.rows_of(post_ids)
        if len(post_ids) == 1:
            try:
                return {post_ids[0]: self._ids.index(post_ids[0])}
            except ValueError:
                return {}
        wanted = set(post_ids)
        return {post_id: row for row, post_id in enumerate(self._ids) if post_id in wanted}

    def warnings_of(self, post_id: str) -> tuple[PostWarning, ...]:
        return self.advice_of(post_id).warnings

    def advice_of(self, post_id: str) -> PostAdvice:
        row = self._rows.get(post_id)
        if row is not None:
            return row.advice
        service = self._service
        post = service.post(post_id) if service is not None else None
        if service is None or post is None:
            return NO_ADVICE
        return service.advice_of([post], self._plan)[post_id]

    def prefetch(self, first: int, last: int) -> None:
        """Read and format the rows from first to last (inclusive) that are not ready: before they are painted."""
        missing = [post_id for post_id in self._ids[max(first, 0):last + 1] if post_id not in self._rows]
        if missing:
            self._load(missing)

    def _row(self, row: int) -> _Row:
        post_id = self.post_id(row)
        found = self._rows.get(post_id)
        if found is None:
            page = row - row % self.PAGE
            self._load([i for i in self._ids[page:page + self.PAGE] if i not in self._rows])
            found = self._rows[post_id]
        return found

    def _load(self, post_ids: list[str]) -> None:
        assert self._service is not None and self._plan is not None
        if len(self._rows) + len(post_ids) > self.KEPT_ROWS:
            self._rows.clear()
        posts = self._service.posts_with_ids(post_ids)
        advice = self._service.advice_of(posts, self._plan)
        for row in self._format(self._plan, posts, advice):
            self._rows[row.post.id] = row

    # -- sorting ---------------------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column) or self._service is None or self._plan is None:
            return
        query = dataclasses.replace(self._query, order=COLUMN_ORDERS[Column(column)],
                                    descending=order == Qt.SortOrder.DescendingOrder)
        query = dataclasses.replace(query, ranks=self._ranks(self._service, self._plan, query.order))
        ids = self._found_ids(self._service, self._plan, query)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self.post_id(index.row()), index.column()) for index in persistent]
        self._query, self._ids = query, ids
        rows = self.rows_of(list(dict.fromkeys(post_id for post_id, _column in kept)))
        self.changePersistentIndexList(persistent, [
            self.index(rows[post_id], column_) if post_id in rows else QModelIndex() for post_id, column_ in kept])
        self.layoutChanged.emit()

    def sort_column(self) -> Column:
        return next(column for column, order in COLUMN_ORDERS.items() if order is self._query.order)

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._query.descending else Qt.SortOrder.AscendingOrder

    # -- changes -----------------------------------------------------------------------------------------------

    def apply_post_changes(self, changes: Changes) -> None:
        """Move, insert or remove the rows of the posts changed one by one, as the query places them now."""
        if self._service is None or self._plan is None:
            return
        if len(changes.post_changes) > self.PAGE:
            self.show_posts(self._service, self._plan, self._query)
            return
        self._waiting = {change.post_id: change.before for change in changes.post_changes}
        pages = self._ids if isinstance(self._ids, _IdPages) else None
        if pages is not None:
            pages.settling = True
        try:
            for change in changes.post_changes:
                del self._waiting[change.post_id]
                if pages is not None and not self._waiting:
                    pages.settling = False  # the last change: the rows catch up with storage
                self._apply(change)
        finally:
            self._waiting = {}
            if pages is not None:
                pages.settling = False

    def _apply(self, change: PostChange) -> None:
        post_id = change.post_id
        self._rows.pop(post_id, None)
        after = change.after
        key = None
        if after is not None:
            advice = self._advice_if_needed(after)
            if self._query.matches(after, advice[0]):
                key = self._query.key(after, advice)
        if isinstance(self._ids, _IdPages):
            self._apply_paged(change, self._ids, key is not None)
            return
        old = self.row_of(post_id)
        if self._query.search.strip():  # the count without the search, told with the rows' signals
            self._total += self._counted(change.after) - self._counted(change.before)
        else:
            self._total = len(self._ids) + (key is not None) - (old is not None)
        if old is None:
            if key is not None:
                target = self._place(self._ids, key)
                self.beginInsertRows(_TOP, target, target)
                self._ids.insert(target, post_id)
                self.endInsertRows()
        elif key is None:
            self.beginRemoveRows(_TOP, old, old)
            del self._ids[old]
            self.endRemoveRows()
        else:
            target = self._place(self._ids[:old] + self._ids[old + 1:], key)
            if target == old:
                self.dataChanged.emit(self.index(old, 0), self.index(old, len(Column) - 1))
            else:
                self.beginMoveRows(_TOP, old, old, _TOP, target if target < old else target + 1)
                del self._ids[old]
                self._ids.insert(target, post_id)
                self.endMoveRows()

    def _apply_paged(self, change: PostChange, pages: _IdPages, listed: bool) -> None:
        """A change in a list read a page at a time: storage says where the post was and where it goes, counting
        the posts ahead of it as the rows stand (the posts of changes not applied yet where they were)."""
        before = change.before
        old = None
        if before is not None and self._query.matches(before):
            old = pages.cached_row(before.id)
            if old is None:
                old = self._ahead(before)
        target = self._ahead(change.after) if listed and change.after is not None else None
        self._total = len(pages) + (target is not None) - (old is not None)
        if old is None and target is not None:
            self.beginInsertRows(_TOP, target, target)
            pages.found += 1
            pages.forget_from(target)
            self.endInsertRows()
        elif old is not None and target is None:
            self.beginRemoveRows(_TOP, old, old)
            pages.found -= 1
            pages.forget_from(old)
            self.endRemoveRows()
        elif old is not None and target is not None:
            if target == old:
                self.dataChanged.emit(self.index(old, 0), self.index(old, len(Column) - 1))
            else:
                self.beginMoveRows(_TOP, old, old, _TOP, target if target < old else target + 1)
                pages.forget_from(min(old, target), max(old, target))
                self.endMoveRows()

    def _ahead(self, post: Post) -> int:
        """How many listed posts are ahead of this one as the rows stand: storage's count, the posts of the changes
        not applied yet counted where they were."""
        assert self._service is not None
        waiting = list(self._waiting)
        key = self._query.key(post)
        descending = self._query.descending
        ahead = sum(1 for old in self._waiting.values() if old is not None and self._query.matches(old)
                    and ((self._query.key(old) > key) if descending else (self._query.key(old) < key)))
        return self._service.count_ahead(self._query, post, waiting) + ahead

    def _counted(self, post: Post | None) -> int:
        """1 when the query without its search finds the post, else 0."""
        if post is None:
            return 0
        unsearched = dataclasses.replace(self._query, search="")
        return int(unsearched.matches(post, self._advice_if_needed(post)[0]))

    def _advice_if_needed(self, post: Post) -> tuple[tuple[PostWarning, ...], tuple[object, ...]]:
        if not self._query.needs_advice:
            return ((), ())
        assert self._service is not None
        found = self._service.advice_of([post], self._plan)[post.id]
        return (found.warnings, found.notes)

    def _place(self, ids: list[str], key: tuple) -> int:
        """Where a post with this key goes among these ids (kept in the query's order)."""
        descending = self._query.descending
        low, high = 0, len(ids)
        while low < high:
            middle = (low + high) // 2
            probe = self._key_of(ids[middle])
            if (probe > key) if descending else (probe < key):
                low = middle + 1
            else:
                high = middle
        return low

    def _key_of(self, post_id: str) -> tuple:
        if post_id in self._waiting:  # listed where it was
            waiting = self._waiting[post_id]
            assert waiting is not None, "a listed post was stored before the command"
            return self._query.key(waiting, self._advice_if_needed(waiting))
        row = self._rows.get(post_id)
        if row is not None:
            return self._query.key(row.post, (row.advice.warnings, row.advice.notes))
        assert self._service is not None
        post = self._service.post(post_id)
        assert post is not None, "a listed post is stored"
        return self._query.key(post, self._advice_if_needed(post))

    # -- the Qt model interface ------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == PostIdRole:
            return self.post_id(index.row())
        row = self._row(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
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
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(Column):
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
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setSortingEnabled(False)  # the header's clicks sort through the model, in storage
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
        for changed in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset,
                        self.model.layoutChanged):
            changed.connect(self._update_count)
        # Rows are read a page at a time, before the table paints them.
        self.table.verticalScrollBar().valueChanged.connect(self._prefetch)
        for changed in (self.model.modelReset, self.model.layoutChanged, self.model.rowsInserted,
                        self.model.rowsMoved):
            changed.connect(self._prefetch)
        self.retranslate_ui()

    # -- what to show ----------------------------------------------------------------------------------------

    def set_service(self, service: PlanningService | None, calendar_filter: CalendarFilter | None = None) -> None:
        """Show the posts of this service (through this filter, when given): they are found once."""
        self._service = service
        if calendar_filter is not None:
            self._filter = calendar_filter
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
        """Find the posts again through the service, keeping the selection, the sort and the search."""
        if self._service is None:
            return
        current = self.current_post_id()
        selected = self.selected_post_ids()
        query = dataclasses.replace(self.model.query(), filter=self._filter, start_utc=self._start_utc,
                                    end_utc=self._end_utc, search=self.search.text())
        self.model.show_posts(self._service, self._service.plan(), query)
        if not self._columns_sized and self.model.rowCount():
            self._size_columns()
        if selected and len(selected) <= 1000:  # restoring a huge selection costs more than it helps
            self.select_posts(selected, current)
        self._update_count()

    def on_plan_changed(self, changes: Changes) -> None:
        """What a command changed: the rows of posts changed one by one move, appear or go; anything else that the
        rows show (markets, holidays, the home zone, posts changed in bulk) finds the posts again."""
        if changes.only_posts:
            self.model.apply_post_changes(changes)
            self._prefetch()
        elif changes.touches_posts or changes.decisions or changes.firm or changes.holidays:
            self.refresh()

    def _prefetch(self, *_args: object) -> None:
        first = self.table.rowAt(0)
        if first < 0:
            first = 0
        last = self.table.rowAt(self.table.viewport().height())
        self.model.prefetch(first, last if last >= 0 else first + self.table.viewport().height() // max(
            self.table.verticalHeader().defaultSectionSize(), 1))

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
        return [self.model.post_id(row) for row in rows]

    def select_posts(self, post_ids: Sequence[str], current: str | None = None) -> None:
        """Select these posts (those still shown) and make `current`, or the first of them, the current one."""
        selection = QItemSelection()
        first: QModelIndex | None = None
        rows = self.model.rows_of(list(dict.fromkeys([*post_ids, *([current] if current else [])])))
        for post_id in post_ids:
            if post_id in rows:
                index = self.model.index(rows[post_id], 0)
                selection.select(index, index.siblingAtColumn(len(Column) - 1))
                first = first or index
        flags = QItemSelectionModel.SelectionFlag
        model = self.table.selectionModel()
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        target = (self.model.index(rows[current], 0) if current in rows else None) if current else first
        if target is not None:
            model.setCurrentIndex(target, flags.NoUpdate)
            self.table.scrollTo(target)

    # -- reacting ------------------------------------------------------------------------------------------------

    def apply_search(self) -> None:
        """Keep the posts whose title or text contains the search box's text (any case)."""
        self._search_timer.stop()
        if self.search.text().strip() != self.model.query().search.strip():
            self.refresh()

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
        shown, total = self.model.rowCount(), self.model.total()
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
