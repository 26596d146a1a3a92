"""The month view: six painted weeks of day cells with their posts (market time and market on each tile) and
holiday marks; it paints a `MonthLayout` computed in the domain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from babel import dates
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from smplanner.domain.calendar_layout import DAYS_PER_WEEK, MONTH_WEEKS, MonthCell, MonthLayout, MonthTile, time_order
from smplanner.domain.timezones import zone
from smplanner.i18n import _, ngettext
from smplanner.i18n.formatting import country_name, ui_locale
from smplanner.ui.calendar import (
    PLATFORM_HUE_SHIFT,
    ColourBy,
    LegendMark,
    compact_time_with_zone,
    is_dark,
    month_day,
    paint_legend,
    paint_warning_mark,
    post_tooltip,
    text_on,
    tile_edge,
    tile_fill,
    weekday_name,
)


@dataclass(frozen=True, slots=True)
class _CellTiles:
    shown: tuple[MonthTile, ...]
    hidden: tuple[MonthTile, ...]


class MonthView(QWidget):
    """Six weeks around a month; a post sits on its reference-zone day and shows its market's time."""

    post_selected = Signal(str)
    post_activated = Signal(str)
    slot_activated = Signal(object)  # an aware datetime: 09:00 in the reference zone on the day double-clicked
    delete_requested = Signal(list)
    day_requested = Signal(object)  # a date: its "+k more" line was clicked, to show that day's week

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._month: MonthLayout | None = None
        self._colour_by = ColourBy.MARKET
        self._order: list[str] = []
        self._tiles_by_id: dict[str, MonthTile] = {}
        self._cell_of_post: dict[str, MonthCell] = {}
        self._selected: list[str] = []
        self._current: str | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName(_("Month calendar"))
        self._measure()

    # --- API ---------------------------------------------------------------------------------------------------

    def set_layout(self, layout: MonthLayout) -> None:
        self._month = layout
        self._tiles_by_id = {t.post_id: t for t in layout.tiles}
        self._cell_of_post = {t.post_id: c for c in layout.cells for t in c.tiles}
        self._order = time_order(layout.tiles)
        self._selected = [p for p in self._selected if p in self._tiles_by_id]
        if self._current not in self._tiles_by_id:
            self._current = self._selected[-1] if self._selected else None
        self._measure()
        self.update()

    set_data = set_layout

    def month(self) -> MonthLayout | None:
        return self._month

    @property
    def colour_by(self) -> ColourBy:
        return self._colour_by

    @colour_by.setter
    def colour_by(self, value: ColourBy | str) -> None:
        self._colour_by = ColourBy(value)
        self.update()

    def set_colour_by(self, value: ColourBy | str) -> None:
        self.colour_by = value

    def selected_posts(self) -> list[str]:
        return [p for p in self._order if p in self._selected]

    def current_post(self) -> str | None:
        return self._current

    def select_post(self, post_id: str | None) -> None:
        self._set_selection([post_id] if post_id in self._tiles_by_id else [], post_id, emit=False)

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

    def sizeHint(self) -> QSize:
        return QSize(1000, 680)

    def minimumSizeHint(self) -> QSize:
        return QSize(420, 320)

    # --- geometry ----------------------------------------------------------------------------------------------

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 0.9)
        return font

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
        now = self._clock()
        if now.tzinfo is None:
            now = now.astimezone()
        return now.astimezone(zone(self._month.reference_zone)).date()

    # --- events ------------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange, QEvent.Type.StyleChange):
            if event.type() == QEvent.Type.LanguageChange:
                self.setAccessibleName(_("Month calendar"))
            self._measure()
            self.update()
        elif event.type() == QEvent.Type.PaletteChange:
            self.update()
        super().changeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton or self._month is None:
            return super().mousePressEvent(event)
        pos = event.position()
        post_id = self.post_at(pos)
        toggle = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if post_id is not None:
            if toggle:
                chosen = [p for p in self._selected if p != post_id] + ([] if post_id in self._selected else [post_id])
                self._set_selection(chosen, post_id)
            else:
                self._set_selection([post_id], post_id)
            return
        cell = self._cell_at(pos)
        if cell is not None and self._split(cell).hidden and self._more_box(cell).contains(pos):
            self.day_requested.emit(cell.day)
            return
        if not toggle:
            self._set_selection([], None)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._month is None:
            return super().mouseDoubleClickEvent(event)
        pos = event.position()
        post_id = self.post_at(pos)
        if post_id is not None:
            self.post_activated.emit(post_id)
            return
        cell = self._cell_at(pos)
        if cell is not None and not (self._split(cell).hidden and self._more_box(cell).contains(pos)):
            self.slot_activated.emit(self._month.slot_at(cell.day))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._step(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._current is not None:
                self.post_activated.emit(self._current)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if self._selected:
                self.delete_requested.emit(self.selected_posts())
        elif key == Qt.Key.Key_Escape:
            self._set_selection([], None)
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        direction = 1 if forward else -1
        if self._order and (self._current is None or 0 <= self._order.index(self._current) + direction < len(self._order)):
            self._step(direction)
            return True
        return super().focusNextPrevChild(forward)

    def _step(self, direction: int) -> None:
        if not self._order:
            return
        if self._current is None:
            target = self._order[0 if direction > 0 else -1]
        else:
            index = max(0, min(len(self._order) - 1, self._order.index(self._current) + direction))
            target = self._order[index]
        self._set_selection([target], target)

    def _set_selection(self, selected: list[str], current: str | None, emit: bool = True) -> None:
        involved = (set(self._selected) | set(selected) | {self._current, current}) - {None}
        self._selected = list(selected)
        self._current = current
        dirty = QRect()
        for post_id in involved:
            cell = self._cell_of_post.get(post_id)
            if cell is not None:
                dirty = dirty.united(self._cell_box(cell.row, cell.column).toAlignedRect().adjusted(-2, -2, 2, 2))
        self.update(dirty)
        if current is not None:
            self.setAccessibleDescription(self._tooltip_of(current))
            if emit:
                self.post_selected.emit(current)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self._tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # --- tooltips ----------------------------------------------------------------------------------------------

    def _country(self, market_id: str) -> str:
        return next((m.country for m in self._month.markets if m.id == market_id), "")

    def _tooltip_of(self, post_id: str) -> str:
        tile = self._tiles_by_id[post_id]
        return post_tooltip(tile.title, tile.platform_name, tile.market_code, self._country(tile.market_id),
                            tile.local, tile.home, tile.warnings)

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
                market=h.market_code, country=country_name(self._country(h.market_id)), holiday=h.name)
            for h in cell.holidays
        )

    # --- painting ----------------------------------------------------------------------------------------------

    def _tile_label(self, tile: MonthTile) -> str:
        """Market and market time; the market's weekday too when its date is not the cell's."""
        when = compact_time_with_zone(tile.local)
        if tile.day_shift:
            when = _("{weekday} {time}").format(weekday=weekday_name(tile.local.weekday()), time=when)
        return "{market} {time}".format(market=tile.market_code, time=when)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        dark = is_dark(palette)
        dirty = event.rect()
        painter.fillRect(dirty, palette.color(QPalette.ColorRole.Base))
        month = self._month
        if month is None:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No plan open"))
            return
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
        month = self._month
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(QRect(0, 0, self.width(), self._title_height + self._weekday_height),
                         palette.color(QPalette.ColorRole.Window))
        title_font = QFont(self.font())
        title_font.setBold(True)
        if title_font.pointSizeF() > 0:
            title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        painter.setFont(title_font)
        painter.setPen(text)
        title = dates.format_skeleton("yMMMM", month.month, locale=ui_locale())
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

    def _tile_colour(self, tile: MonthTile) -> int:
        if self._colour_by == ColourBy.PLATFORM:
            return tile.platform_colour + PLATFORM_HUE_SHIFT
        return tile.market_colour

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
        # Holiday marks: one small badge per market, right-aligned on the day's line.
        small = self._small_font()
        small.setBold(True)
        small_metrics = QFontMetrics(small)
        painter.setFont(small)
        x = box.right() - 4
        for holiday in reversed(cell.holidays):
            width = small_metrics.horizontalAdvance(holiday.market_code) + 8
            if x - width < number_box.right() + 4:
                break
            badge = QRectF(x - width, box.top() + 3, width, self._small_line + 1)
            fill = tile_fill(holiday.colour_index, dark)
            painter.setBrush(fill)
            painter.setPen(QPen(tile_edge(holiday.colour_index, dark), 1))
            painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.setPen(text_on(fill))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, holiday.market_code)
            x -= width + 3
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

    def _paint_tile(self, painter: QPainter, palette: QPalette, dark: bool, metrics: QFontMetrics, tile: MonthTile,
                    box: QRectF) -> None:
        index = self._tile_colour(tile)
        fill = tile_fill(index, dark)
        painter.setBrush(fill)
        if tile.post_id in self._selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
        else:
            painter.setPen(QPen(tile_edge(index, dark), 1))
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        if tile.post_id == self._current and self.hasFocus():
            painter.setPen(QPen(text_on(fill), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(2, 2, -2, -2), 2, 2)
        width = int(box.width()) - 8 - (14 if tile.warnings else 0)
        label = "{label} · {platform}".format(label=self._tile_label(tile), platform=tile.platform_name)
        if metrics.horizontalAdvance(label) > width:
            label = metrics.elidedText(self._tile_label(tile) + " " + tile.platform_name,
                                       Qt.TextElideMode.ElideRight, max(0, width))
        painter.setPen(text_on(fill))
        painter.drawText(box.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        if tile.warnings:
            paint_warning_mark(painter, dark, QPointF(box.right() - 8, box.top() + (box.height() - 10) / 2))

    def _paint_legend(self, painter: QPainter, palette: QPalette) -> None:
        month = self._month
        if self._colour_by == ColourBy.PLATFORM:
            used = {t.platform for t in month.tiles}
            entries = [(p.colour_index + PLATFORM_HUE_SHIFT, p.name) for p in month.platforms if p.id in used]
        else:
            entries = [(m.colour_index, m.code) for m in month.markets]
        area = QRect(0, self.height() - self._legend_height, self.width(), self._legend_height)
        paint_legend(painter, palette, area, self._small_font(), entries, [(LegendMark.WARNING, _("warning"))],
                     _("Days in {zone}; each post at its market's time").format(zone=month.reference_zone))
