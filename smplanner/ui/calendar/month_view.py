"""The month view: six painted weeks of day cells with their posts (market time and market on each tile) and
holiday marks; it paints a `MonthLayout` computed in the domain."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from smplanner.domain.calendar_layout import DAYS_PER_WEEK, MONTH_WEEKS, MonthCell, MonthLayout, MonthTile
from smplanner.i18n import _, ngettext
from smplanner.i18n.formatting import country_name, format_month, weekday_name, zone_city
from smplanner.ui.calendar import (
    LegendMark,
    month_day,
    paint_legend,
    paint_warning_mark,
    status_marks,
    text_on,
    tile_edge,
    tile_fill,
)
from smplanner.ui.calendar.painted_view import PostCalendarView, scaled_font


def holiday_line(holidays) -> str:
    """A day's holidays in one line: each name once, after the codes of the markets that have it."""
    names: dict[str, list[str]] = {}
    for holiday in holidays:
        names.setdefault(holiday.name, []).append(holiday.market_code)
    return "; ".join(
        "{code} {name}".format(code=codes[0], name=name) if len(codes) == 1
        else "{name} ({codes})".format(name=name, codes=" ".join(codes))
        for name, codes in names.items()
    )


@dataclass(frozen=True, slots=True)
class _CellTiles:
    shown: tuple[MonthTile, ...]
    hidden: tuple[MonthTile, ...]


class MonthView(PostCalendarView):
    """Six weeks around a month; a post sits on its reference-zone day and shows its market's time.

    A double click away from the posts asks for a post at 09:00 in the reference zone on that day."""

    day_requested = Signal(object)  # a date: its "+k more" line was clicked, to show that day's week

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent, clock=clock)
        self._month: MonthLayout | None = None
        self._cell_of_post: dict[str, MonthCell] = {}
        self._retranslate()
        self._measure()

    def _retranslate(self) -> None:
        self.setAccessibleName(_("Month calendar"))

    def _shows_nothing(self) -> bool:
        return self._month is None

    # --- API ---------------------------------------------------------------------------------------------------

    def set_layout(self, layout: MonthLayout, changed_days: Collection[date] | None = None) -> None:
        """Show a month; with `changed_days`, the same month where only those days' tiles changed (an edit): only
        those days are painted again."""
        self._month = layout
        self._adopt(layout)
        self._cell_of_post = {t.post_id: c for c in layout.cells for t in c.tiles}
        if changed_days is None:
            self._measure()
            self.update()
            return
        for day in changed_days:
            self.update(self.cell_rect(day).adjusted(-2, -2, 2, 2))

    set_data = set_layout

    def month(self) -> MonthLayout | None:
        return self._month

    @property
    def _shown(self) -> MonthLayout:
        """The month painted: painting and clicks come only once there is one (see `_shows_nothing`)."""
        assert self._month is not None
        return self._month

    def cell_rect(self, day: date) -> QRect:
        """Where a day's cell is painted (empty when the day is not in the six weeks shown)."""
        cell = self._month.cell_of(day) if self._month else None
        if cell is None:
            return QRect()
        return self._cell_box(cell.row, cell.column).toAlignedRect()

    def tile_rect(self, post_id: str) -> QRect:
        """Where a post's tile is painted; empty when it is hidden behind "+k more"."""
        cell = self._cell_of_post.get(post_id)
        if cell is None:
            return QRect()
        tiles = self._split(cell)
        for index, tile in enumerate(tiles.shown):
            if tile.post_id == post_id:
                return self._tile_box(cell, index).toAlignedRect()
        return QRect()

    def tile_text(self, post_id: str) -> str:
        """The words a post's tile shows at the view's present size ("" when the tile is hidden)."""
        cell = self._cell_of_post.get(post_id)
        if cell is None:
            return ""
        for index, tile in enumerate(self._split(cell).shown):
            if tile.post_id == post_id:
                return self._tile_shown(QFontMetrics(self._small_font()), tile, self._tile_box(cell, index))
        return ""

    def day_at(self, pos: QPoint | QPointF) -> date | None:
        cell = self._cell_at(QPointF(pos))
        return cell.day if cell else None

    def post_at(self, pos: QPoint | QPointF) -> str | None:
        point = QPointF(pos)
        cell = self._cell_at(point)
        if cell is None:
            return None
        for index, tile in enumerate(self._split(cell).shown):
            if self._tile_box(cell, index).contains(point):
                return tile.post_id
        return None

    # --- geometry ----------------------------------------------------------------------------------------------

    def _measure(self) -> None:
        self._line = QFontMetrics(self.font()).height()
        self._small_line = QFontMetrics(self._small_font()).height()
        self._title_height = round(self._line * 1.8)
        self._weekday_height = self._line + 6
        self._legend_height = self._line + 10
        self._tile_height = self._small_line + 3
        self._day_header = self._line + 4

    def _grid_rect(self) -> QRectF:
        top = self._title_height + self._weekday_height
        return QRectF(4, top, max(0, self.width() - 8), max(0, self.height() - top - self._legend_height - 2))

    def _cell_box(self, row: int, column: int) -> QRectF:
        grid = self._grid_rect()
        width, height = grid.width() / DAYS_PER_WEEK, grid.height() / MONTH_WEEKS
        return QRectF(grid.left() + column * width, grid.top() + row * height, width, height)

    def _cell_at(self, point: QPointF) -> MonthCell | None:
        grid = self._grid_rect()
        if self._month is None or not grid.contains(point):
            return None
        column = min(DAYS_PER_WEEK - 1, int((point.x() - grid.left()) / (grid.width() / DAYS_PER_WEEK)))
        row = min(MONTH_WEEKS - 1, int((point.y() - grid.top()) / (grid.height() / MONTH_WEEKS)))
        return self._month.cell(row, column)

    def _capacity(self) -> int:
        height = self._grid_rect().height() / MONTH_WEEKS
        return max(0, int((height - self._day_header - 2) // self._tile_height))

    def _split(self, cell: MonthCell) -> _CellTiles:
        capacity = self._capacity()
        if len(cell.tiles) <= capacity:
            return _CellTiles(cell.tiles, ())
        shown = max(0, capacity - 1)  # one line goes to "+k more"
        return _CellTiles(cell.tiles[:shown], cell.tiles[shown:])

    def _tile_box(self, cell: MonthCell, index: int) -> QRectF:
        box = self._cell_box(cell.row, cell.column)
        return QRectF(box.left() + 3, box.top() + self._day_header + index * self._tile_height,
                      box.width() - 6, self._tile_height - 1)

    def _more_box(self, cell: MonthCell) -> QRectF:
        return self._tile_box(cell, len(self._split(cell).shown))

    def _today(self) -> date | None:
        if self._month is None:
            return None
        return self._now_in(self._month.reference_zone).date()

    def _post_area(self, post_id: str) -> QRect:
        cell = self._cell_of_post.get(post_id)
        if cell is None:
            return QRect()
        return self._cell_box(cell.row, cell.column).toAlignedRect().adjusted(-2, -2, 2, 2)

    # --- events ------------------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton or self._month is None:
            return super().mousePressEvent(event)
        pos = event.position()
        post_id = self.post_at(pos)
        toggle = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if post_id is not None:
            if toggle:
                self._toggle(post_id)
            else:
                self._set_selection([post_id], post_id)
            return
        cell = self._cell_at(pos)
        if cell is not None and self._split(cell).hidden and self._more_box(cell).contains(pos):
            self.day_requested.emit(cell.day)
            return
        if not toggle:
            self._set_selection([], None)

    def _activate_slot(self, pos: QPointF) -> None:
        cell = self._cell_at(pos)
        if cell is not None and not (self._split(cell).hidden and self._more_box(cell).contains(pos)):
            self.slot_activated.emit(self._shown.slot_at(cell.day))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._step(-1)
        else:
            super().keyPressEvent(event)

    # --- tooltips ----------------------------------------------------------------------------------------------

    def _tooltip_at(self, point: QPointF) -> str:
        post_id = self.post_at(point)
        if post_id is not None:
            return self._tooltip_of(post_id)
        cell = self._cell_at(point)
        if cell is None:
            return ""
        tiles = self._split(cell)
        if tiles.hidden and self._more_box(cell).contains(point):
            return "\n".join(self._tile_label(t) + " · " + t.platform_name for t in tiles.hidden)
        return "\n".join(
            _("Public holiday in {market} ({country}): {holiday}").format(
                market=h.market_code, country=country_name(self._market_country(h.market_id)), holiday=h.name)
            for h in cell.holidays
        )

    # --- painting ----------------------------------------------------------------------------------------------

    def _tile_label(self, tile: MonthTile) -> str:
        """Who and what (market code and network, title or content type); the market's weekday first when its
        date is not the cell's."""
        who, what = self._tile_words(tile)
        return self._day_shifted(tile)("{who} \u00b7 {what}".format(who=who, what=what) if what else who)

    @staticmethod
    def _day_shifted(tile: MonthTile) -> Callable[[str], str]:
        """What puts the market's weekday before a post's words when its date is not the cell's."""
        if not tile.day_shift:
            return lambda post: post
        weekday = weekday_name(tile.local.weekday())
        return lambda post: _("{weekday} {post}").format(weekday=weekday, post=post)

    def _paint(self, painter: QPainter, palette: QPalette, dark: bool, dirty: QRect) -> None:
        month = self._shown
        text = palette.color(QPalette.ColorRole.Text)
        if dirty.top() < self._title_height + self._weekday_height:
            self._paint_titles(painter, palette)
        today = self._today()
        for cell in month.cells:
            box = self._cell_box(cell.row, cell.column)
            if box.intersects(QRectF(dirty)):
                self._paint_cell(painter, palette, dark, cell, box, cell.day == today)
        grid = self._grid_rect()
        lines = QColor(text)
        lines.setAlphaF(0.18)
        painter.setPen(QPen(lines, 1))
        for row in range(MONTH_WEEKS + 1):
            y = round(grid.top() + row * grid.height() / MONTH_WEEKS) + 0.5
            painter.drawLine(QPointF(grid.left(), y), QPointF(grid.right(), y))
        for column in range(DAYS_PER_WEEK + 1):
            x = round(grid.left() + column * grid.width() / DAYS_PER_WEEK) + 0.5
            painter.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom()))
        if dirty.bottom() >= self.height() - self._legend_height:
            self._paint_legend(painter, palette)

    def _paint_titles(self, painter: QPainter, palette: QPalette) -> None:
        month = self._shown
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(QRect(0, 0, self.width(), self._title_height + self._weekday_height),
                         palette.color(QPalette.ColorRole.Window))
        painter.setFont(scaled_font(self.font(), 1.25, bold=True))
        painter.setPen(text)
        title = format_month(month.month)
        painter.drawText(QRectF(10, 0, self.width() - 20, self._title_height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title[:1].upper() + title[1:])
        painter.setFont(self.font())
        metrics = QFontMetrics(self.font())
        width = self._grid_rect().width() / DAYS_PER_WEEK
        style = "wide" if all(metrics.horizontalAdvance(weekday_name(d, "wide")) < width - 12 for d in range(7)) \
            else "abbreviated"
        for column, weekday in enumerate(month.weekdays):
            box = QRectF(self._grid_rect().left() + column * width + 6, self._title_height, width - 8,
                         self._weekday_height)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             weekday_name(weekday, style))

    def _paint_cell(self, painter: QPainter, palette: QPalette, dark: bool, cell: MonthCell, box: QRectF,
                    is_today: bool) -> None:
        text = palette.color(QPalette.ColorRole.Text)
        if not cell.in_month:
            painter.fillRect(box, palette.color(QPalette.ColorRole.AlternateBase if not dark
                                                else QPalette.ColorRole.Window))
        if is_today:
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlphaF(0.12 if dark else 0.08)
            painter.fillRect(box, tint)
        # Day number (the month's name on its first day), bold and underlined in the highlight colour today.
        font = QFont(self.font())
        font.setBold(is_today)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        label = month_day(cell.day) if cell.day.day == 1 else str(cell.day.day)
        muted = QColor(text)
        muted.setAlphaF(0.5)
        painter.setPen(text if cell.in_month else muted)
        number_box = QRectF(box.left() + 6, box.top() + 2, metrics.horizontalAdvance(label) + 2, self._line)
        painter.drawText(number_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        if is_today:
            painter.fillRect(QRectF(number_box.left(), number_box.bottom(), number_box.width(), 2),
                             palette.color(QPalette.ColorRole.Highlight))
        # Holiday marks: the holidays named on the day's line, the markets that share a name together.
        if cell.holidays:
            small = QFont(self._small_font())
            small.setBold(True)
            small_metrics = QFontMetrics(small)
            painter.setFont(small)
            label = holiday_line(cell.holidays)
            space = box.right() - 4 - (number_box.right() + 6)
            width = min(space, small_metrics.horizontalAdvance(label) + 10)
            if width > small_metrics.horizontalAdvance("\u2026") + 10:
                badge = QRectF(box.right() - 4 - width, box.top() + 3, width, self._small_line + 1)
                colour = cell.holidays[0].colour_index
                fill = tile_fill(colour, dark)
                painter.setBrush(fill)
                painter.setPen(QPen(tile_edge(colour, dark), 1))
                painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
                painter.setPen(text_on(fill))
                painter.drawText(badge.adjusted(5, 0, -5, 0), Qt.AlignmentFlag.AlignCenter,
                                 small_metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(width - 10)))
        # Posts.
        tiles = self._split(cell)
        small = self._small_font()
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        for index, tile in enumerate(tiles.shown):
            self._paint_tile(painter, palette, dark, small_metrics, tile, self._tile_box(cell, index))
        if tiles.hidden:
            more = self._more_box(cell)
            painter.setPen(text)
            count = len(tiles.hidden)
            label = ngettext("+{count} more", "+{count} more", count).format(count=count)
            painter.drawText(more.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             label)
            if any(t.post_id == self._current for t in tiles.hidden):
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(more, 3, 3)

    def _tile_shown(self, metrics: QFontMetrics, tile: MonthTile, box: QRectF) -> str:
        width = int(box.width()) - 8 - (14 if tile.warnings else 0)  # less the warning mark
        return self._tile_line(metrics, tile, width, self._day_shifted(tile))

    def _paint_tile(self, painter: QPainter, palette: QPalette, dark: bool, metrics: QFontMetrics, tile: MonthTile,
                    box: QRectF) -> None:
        self._paint_tile_frame(painter, palette, dark, tile, box, radius=3, selected_width=2)
        label = self._tile_shown(metrics, tile, box)
        font = painter.font()
        painter.setFont(self._tile_font(font, tile))
        painter.drawText(box.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        painter.setFont(font)
        if tile.warnings:
            paint_warning_mark(painter, dark, QPointF(box.right() - 8, box.top() + (box.height() - 10) / 2))

    def _paint_legend(self, painter: QPainter, palette: QPalette) -> None:
        month = self._shown
        paint_legend(painter, palette, self._legend_area(), self._small_font(), self._legend_colours(month),
                     [(LegendMark.WARNING, _("warning")), *status_marks()],
                     _("Days in {zone}; each post at its market's time").format(zone=zone_city(month.reference_zone)))
