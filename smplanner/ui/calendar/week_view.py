"""The week view: a painted time grid in a reference zone, with secondary zone rulers, holiday banners, good-hour
bands and the posts of seven days; it paints a `WeekLayout` computed in the domain and maps it to pixels."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QScrollBar, QWidget

from smplanner.domain.calendar_layout import (
    MINUTES_PER_DAY,
    SNAP_MINUTES,
    WeekLayout,
    WeekTile,
    ZoneRuler,
    nearest_index,
    snap_nearest,
)
from smplanner.i18n import _
from smplanner.i18n.formatting import country_name, format_date, weekday_name, zone_city, zone_label
from smplanner.ui.calendar import (
    FOUNDER_COLOUR,
    STRIPE_WIDTH,
    ColourBy,
    LegendMark,
    compact_time_with_zone,
    hour_label,
    month_day,
    offset_text,
    paint_legend,
    paint_warning_mark,
    status_marks,
    strong,
    text_on,
    tile_fill,
    time_with_zone,
    wash,
)
from smplanner.ui.calendar.painted_view import PostCalendarView
from smplanner.ui.colours import blend, is_dark

FIRST_VISIBLE_HOUR = 7
TWO_LINE_SAMPLE = "GB-ENG Instagram \u00b7 New flavours"
"""What a one-line tile should show whole (a market code, a network and a short title), measured in the tiles' font;
where a day is narrower, each half hour is tall enough for two lines, the title on the second."""
MAX_BANNER_ROWS = 3


def now_colour(dark: bool) -> QColor:
    return QColor("#ff6b6b") if dark else QColor("#d93025")


@dataclass(slots=True)
class _Press:
    post_id: str
    at: QPoint
    grab_minutes: float  # where in the tile the pointer took it, so the tile does not jump under the pointer
    dragging: bool = False


class WeekView(PostCalendarView):
    """Seven days of posts in a reference zone. It never changes a post itself: it says what the founder asked for.

    A double click away from the posts asks for a post at that time, on a 15-minute mark."""

    post_moved = Signal(str, object)  # post id, new aware datetime in the reference zone, on a 15-minute mark

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent, clock=clock)
        self._week: WeekLayout | None = None
        self._press: _Press | None = None
        self._ghost: tuple[int, int] | None = None  # column, minute of a dragged post's landing place
        self._tile_boxes: dict[str, QRectF] = {}  # content coordinates: y is minutes scaled, without scrolling
        self._tile_lines: dict[str, tuple[str, ...]] = {}
        self._now_box = QRect()
        self._band_styles: dict[tuple[int, bool], tuple[QColor, QColor]] = {}
        self._shading_cache: tuple[tuple, list[tuple[int, int, int, QColor]]] | None = None
        self._first_show = True
        self._scroll = 0
        self._scrollbar = QScrollBar(Qt.Orientation.Vertical, self)
        self._scrollbar.valueChanged.connect(self._on_scrolled)
        self._timer = QTimer(self)
        self._timer.setInterval(60_000)
        self._timer.timeout.connect(self._on_minute)
        self._timer.start()
        self.setMouseTracking(False)
        self._retranslate()
        self._measure()

    def _retranslate(self) -> None:
        self.setAccessibleName(_("Week calendar"))

    def _shows_nothing(self) -> bool:
        return self._week is None

    # --- API ---------------------------------------------------------------------------------------------------

    def set_layout(self, layout: WeekLayout, changed_columns: Collection[int] | None = None) -> None:
        """Show a week; the selection keeps the posts that are still there. With `changed_columns`, the same week
        where only the tiles of those days changed (an edit): only those days are painted again."""
        self._week = layout
        self._adopt(layout)
        self._press, self._ghost = None, None
        if changed_columns is None:
            self._measure()
            self.update()
            return
        self._layout_tiles()
        body = self._body_rect()
        for column in changed_columns:
            left = self._column_x(column)
            self.update(QRectF(left, body.top(), self._column_width(), body.height()).toAlignedRect().adjusted(
                -2, 0, 2, 0))

    set_data = set_layout

    def week(self) -> WeekLayout | None:
        return self._week

    @property
    def _shown(self) -> WeekLayout:
        """The week painted: painting, clicks and drags come only once there is one (see `_shows_nothing`)."""
        assert self._week is not None
        return self._week

    def post_at(self, pos: QPoint | QPointF) -> str | None:
        """The post under a point of the widget, the top-most one where tiles overlap."""
        point = QPointF(pos)
        if not self._body_rect().contains(point.toPoint()):
            return None
        content = QPointF(point.x(), point.y() - self._body_top() + self._scroll)
        for post_id in reversed(self._order):
            if self._tile_boxes[post_id].contains(content):
                return post_id
        return None

    def tile_text(self, post_id: str) -> str:
        """The words a post's tile shows at the view's present size, its lines one after another."""
        return "\n".join(self._tile_lines.get(post_id, ()))

    def tile_rect(self, post_id: str) -> QRect:
        """Where a post's tile is painted, in widget coordinates (empty when it is not in the week)."""
        box = self._tile_boxes.get(post_id)
        if box is None:
            return QRect()
        return box.translated(0, self._body_top() - self._scroll).toAlignedRect()

    def point_at(self, column: int, minute: float) -> QPoint:
        """The widget point of a day column's time (its horizontal middle)."""
        x = self._column_x(column) + self._column_width() / 2
        return QPoint(round(x), round(self._y_of(minute)))

    def scroll_to_minute(self, minute: float) -> None:
        self._scrollbar.setValue(round(minute * self._hour_height / 60))

    def first_visible_minute(self) -> float:
        return self._scroll * 60 / self._hour_height

    def ensure_visible(self, post_id: str) -> None:
        box = self._tile_boxes.get(post_id)
        if box is None:
            return
        height = self._body_rect().height()
        if box.top() < self._scroll:
            self._scrollbar.setValue(int(box.top()) - 4)
        elif box.bottom() > self._scroll + height:
            self._scrollbar.setValue(int(box.bottom() - height) + 4)

    MINIMUM_SIZE_HINT = (480, 300)

    # --- geometry ----------------------------------------------------------------------------------------------

    def _measure(self) -> None:
        """Sizes that depend on the font, the layout and the widget's size; then every tile's box and labels."""
        self._tile_styles = {}
        self._measured_texts: dict[tuple, tuple[str, ...]] = {}
        self._shading_cache = None
        metrics = QFontMetrics(self.font())
        self._line = metrics.height()
        first_minute = self.first_visible_minute() if getattr(self, "_hour_height", 0) else 0.0
        self._hour_height = max(44, round(self._line * 2.8))
        self._title_height = self._line * 2 + 8
        rows = min(self._week.banner_rows, MAX_BANNER_ROWS) if self._week else 0
        self._banner_height = self._line + 4
        self._header_height = self._title_height + rows * self._banner_height + (4 if rows else 0)
        self._legend_height = self._line + 10
        small = self._small_font()
        small_metrics = QFontMetrics(small)
        bold = QFont(self.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        sample = hour_label(datetime(2027, 1, 1, 23, 30))
        gutter_top, gutter_bottom = self._gutter_caption()
        self._gutter_width = min(120, max(metrics.horizontalAdvance(sample), bold_metrics.horizontalAdvance(gutter_top),
                                          metrics.horizontalAdvance(gutter_bottom)) + 14)
        ruler_widths = []
        for ruler in self._week.rulers if self._week else ():
            labels = [hour_label(m.local) for m in ruler.marks[0]] + [weekday_name(d) for d in range(7)]
            widest = max(small_metrics.horizontalAdvance(text) for text in labels)
            top, bottom = self._ruler_caption(ruler, 0)
            caption = max(bold_metrics.horizontalAdvance(top), metrics.horizontalAdvance(bottom + "*"))
            ruler_widths.append(min(110, max(widest, caption) + 12))
        self._ruler_widths = ruler_widths
        self._grid_left = sum(ruler_widths) + self._gutter_width
        scrollbar_width = self._scrollbar.sizeHint().width()
        self._grid_right = max(self._grid_left + 7, self.width() - scrollbar_width)
        if self._week is not None and small_metrics.horizontalAdvance(TWO_LINE_SAMPLE) > self._one_lane_text_width():
            # Too narrow for a market, a network and a title on one line: each half hour holds two lines.
            lines_height = 2 * small_metrics.height() + 6
            self._hour_height = max(self._hour_height, math.ceil(lines_height * 60 / self._week.slot_minutes))
        body = self._body_rect()
        self._scrollbar.setGeometry(self.width() - scrollbar_width, body.top(), scrollbar_width, body.height())
        content = 24 * self._hour_height
        self._scrollbar.setRange(0, max(0, content - body.height()))
        self._scrollbar.setPageStep(max(1, body.height()))
        self._scrollbar.setSingleStep(max(1, self._hour_height // 4))
        self.scroll_to_minute(first_minute)  # the same hours in view whatever the hour's height
        self._layout_tiles()

    def _gutter_caption(self) -> tuple[str, str]:
        """The reference zone's name(s) this week (two in a daylight-saving week) and the markets that share it."""
        if self._week is None:
            return "", ""
        labels: list[str] = []
        for day in self._week.columns:
            label = zone_label(day.noon)
            if label not in labels:
                labels.append(label)
        return "/".join(labels), " ".join(self._week.reference_codes)

    def _ruler_caption(self, ruler: ZoneRuler, column: int) -> tuple[str, str]:
        who = " ".join(([_("Home")] if ruler.is_home else []) + list(ruler.market_codes))
        return who, zone_label(ruler.marks[column][12].local) + ("*" if ruler.offset_changes else "")

    def _tile_text(self, metrics: QFontMetrics, tile: WeekTile, width: int, lines: int) -> tuple[str, ...]:
        """The tile's lines: who (market code and network, always whole words first) and what (title or content
        type); the market's time when a line is left for it. Each line is cut to fit."""
        who, what = self._tile_words(tile)
        timed = compact_time_with_zone(tile.local)

        def fit(text: str) -> str:
            return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, width))

        if lines == 1:
            return (self._tile_line(metrics, tile, width) if what else fit("{who} {time}".format(
                who=who, time=timed)),)
        first = "{who} {time}".format(who=who, time=timed)
        if metrics.horizontalAdvance(first) > width:
            first = who
        return tuple(fit(text) for text in (first, what)[:lines] if text)

    def _tile_inset(self) -> float:
        """Where tiles start in a day column: right of the good-hours stripes."""
        stripes = 1 + max((b.stripe for b in self._week.bands), default=-1) if self._week else 0
        return stripes * STRIPE_WIDTH + 3

    def _one_lane_text_width(self) -> int:
        """The width of the words of a tile alone in its day, without a warning mark."""
        return int(self._column_width() - self._tile_inset() - 3 - 2) - 6

    def _layout_tiles(self) -> None:
        self._tile_boxes, self._tile_lines = {}, {}
        if self._week is None:
            return
        metrics = QFontMetrics(self._small_font())
        measured = self._measured_texts
        inset = self._tile_inset()
        width = self._column_width()
        scale = self._hour_height / 60
        for tile in self._week.tiles:
            usable = max(8.0, width - inset - 3)
            lane_width = usable / max(1, tile.lanes)
            x = self._column_x(tile.column) + inset + tile.lane * lane_width
            top = tile.start_minute * scale + 1
            height = max(self._line * 0.9, (tile.end_minute - tile.start_minute) * scale - 2)
            height = min(height, MINUTES_PER_DAY * scale - top)
            box = QRectF(x, top, max(4.0, lane_width - 2), height)
            self._tile_boxes[tile.post_id] = box
            text_width = int(box.width()) - 6 - (14 if tile.warnings else 0)
            lines = max(1, int((box.height() - 2) // metrics.height()))
            # Posts of a cadence repeat the same labels at the same widths: measure each one once.
            key = (tile.market_code, tile.local.hour, tile.local.minute, tile.local.tzname(), tile.platform_name,
                   tile.title, tile.content_type, tile.status, self._colour_by, text_width, lines)
            found = measured.get(key)
            if found is None:
                found = measured[key] = self._tile_text(metrics, tile, text_width, lines)
            self._tile_lines[tile.post_id] = found

    def _body_top(self) -> int:
        return self._header_height

    def _body_rect(self) -> QRect:
        return QRect(0, self._header_height, max(0, self.width() - self._scrollbar.sizeHint().width()),
                     max(0, self.height() - self._header_height - self._legend_height))

    def _column_width(self) -> float:
        return (self._grid_right - self._grid_left) / 7

    def _column_x(self, column: int) -> float:
        return self._grid_left + column * self._column_width()

    def _column_at(self, x: float) -> int | None:
        if x < self._grid_left or x >= self._grid_right:
            return None
        return min(6, int((x - self._grid_left) / self._column_width()))

    def _y_of(self, minute: float) -> float:
        return self._body_top() + minute * self._hour_height / 60 - self._scroll

    def _minute_at(self, y: float) -> float:
        return (y - self._body_top() + self._scroll) * 60 / self._hour_height

    def _tile_widget_rect(self, post_id: str) -> QRect:
        return self.tile_rect(post_id).adjusted(-3, -3, 3, 3)

    def _now(self) -> tuple[int, float] | None:
        """The reference zone's current column and minute, when now falls in the week shown."""
        if self._week is None:
            return None
        here = self._now_in(self._week.reference_zone)
        column = (here.date() - self._week.week_start).days
        if not 0 <= column < 7:
            return None
        return column, here.hour * 60 + here.minute + here.second / 60

    def _ruler_column(self) -> int:
        """Rulers read the clocks of today's column in the week of today, else of the first day."""
        now = self._now()
        return now[0] if now else 0

    # --- events ------------------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._measure()
        if self._first_show:
            self._first_show = False
            self.scroll_to_minute(FIRST_VISIBLE_HOUR * 60)
        super().resizeEvent(event)

    def _on_scrolled(self, value: int) -> None:
        delta = self._scroll - value
        self._scroll = value
        # Move the pixels already painted; only the strip that scrolls into view is painted again.
        self.scroll(0, delta, self._body_rect())

    def _on_minute(self) -> None:
        old = QRect(self._now_box)
        self._now_box = self._now_line_rect()
        self.update(old.united(self._now_box))

    def _now_line_rect(self) -> QRect:
        now = self._now()
        if now is None:
            return QRect()
        column, minute = now
        y = round(self._y_of(minute))
        return QRect(int(self._column_x(column)) - 6, y - 6, int(self._column_width()) + 12, 12)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        self._scrollbar.setValue(self._scrollbar.value() - round(steps * self._hour_height))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position()
        post_id = self.post_at(pos)
        toggle = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if post_id is None:
            if not toggle:
                self._set_selection([], None)
            return
        if toggle:
            self._toggle(post_id)
        elif post_id not in self._selected:
            self._set_selection([post_id], post_id)
        else:
            self._set_selection(self._selected, post_id)
        tile = self._tiles_by_id[post_id]
        self._press = _Press(post_id, pos.toPoint(), self._minute_at(pos.y()) - tile.start_minute)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        press = self._press
        if press is None or not event.buttons() & Qt.MouseButton.LeftButton or self._week is None:
            return super().mouseMoveEvent(event)
        pos = event.position()
        if not press.dragging:
            if (pos.toPoint() - press.at).manhattanLength() < QApplication.startDragDistance():
                return
            press.dragging = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        column = self._column_at(min(max(pos.x(), self._grid_left), self._grid_right - 1))
        minute = snap_nearest(self._minute_at(pos.y()) - press.grab_minutes)
        minute = max(0, min(MINUTES_PER_DAY - SNAP_MINUTES, minute))
        ghost = (column if column is not None else 0, minute)
        if ghost != self._ghost:
            old = self._ghost_rect()
            self._ghost = ghost
            self.update(old.united(self._ghost_rect()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, ghost = self._press, self._ghost
        self._press = None
        if press is not None and press.dragging:
            self.unsetCursor()
            old = self._ghost_rect()
            self._ghost = None
            self.update(old)
            if ghost is not None and self._week is not None and event.button() == Qt.MouseButton.LeftButton:
                target = self._week.moved_to(*ghost)
                if target != self._tiles_by_id[press.post_id].instant:
                    self.post_moved.emit(press.post_id, target)
            return
        super().mouseReleaseEvent(event)

    def _activate_slot(self, pos: QPointF) -> None:
        column = self._column_at(pos.x())
        if column is not None and self._body_rect().contains(pos.toPoint()):
            self.slot_activated.emit(self._shown.slot_at(column, self._minute_at(pos.y())))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self._press is not None and self._press.dragging:
            self._press = None
            old = self._ghost_rect()
            self._ghost = None
            self.unsetCursor()
            self.update(old)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._step(1 if key == Qt.Key.Key_Down else -1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step_day(1 if key == Qt.Key.Key_Right else -1)
        elif key == Qt.Key.Key_PageDown:
            self._scrollbar.triggerAction(QScrollBar.SliderAction.SliderPageStepAdd)
        elif key == Qt.Key.Key_PageUp:
            self._scrollbar.triggerAction(QScrollBar.SliderAction.SliderPageStepSub)
        else:
            super().keyPressEvent(event)

    def _step_day(self, direction: int) -> None:
        """Left and Right go to the post of the previous or next day with posts, nearest in time of day."""
        if not self._order or self._week is None:
            return
        if self._current is None:
            return self._step(direction)
        tile = self._tiles_by_id[self._current]
        column = tile.column + direction
        while 0 <= column < 7:
            tiles = sorted(self._week.tiles_in(column), key=lambda t: (t.start_minute, t.lane))
            if tiles:
                target = tiles[nearest_index([t.start_minute for t in tiles], tile.start_minute)].post_id
                self._set_selection([target], target)
                return
            column += direction

    def _reveal(self, post_id: str) -> None:
        self.ensure_visible(post_id)

    def _post_area(self, post_id: str) -> QRect:
        return self._tile_widget_rect(post_id) if post_id in self._tile_boxes else QRect()

    # --- tooltips ----------------------------------------------------------------------------------------------

    def _tooltip_at(self, point: QPointF) -> str:
        if self._week is None:
            return ""
        pos = point.toPoint()
        post_id = self.post_at(pos)
        if post_id is not None:
            return self._tooltip_of(post_id)
        column = self._column_at(pos.x())
        if pos.y() < self._header_height:
            return self._header_tooltip(pos, column)
        if column is None or not self._body_rect().contains(pos):
            return ""
        minute = self._minute_at(pos.y())
        names = [
            _("Good hours in {market}: {platforms}").format(
                market=self._market_code(b.market_id), platforms=", ".join(b.platforms))
            for b in self._week.bands if b.column == column and b.start_minute <= minute < b.end_minute
        ]
        return "\n".join(names)

    def _header_tooltip(self, pos: QPoint, column: int | None) -> str:
        week = self._shown
        if column is None:
            x = 0
            for ruler, width in zip(week.rulers, self._ruler_widths, strict=True):
                if x <= pos.x() < x + width:
                    days = [
                        _("{day}: {offset}").format(day=format_date(c.noon.date()), offset=offset_text(offset))
                        for c, offset in zip(week.columns, ruler.offsets, strict=True)
                    ]
                    who = ", ".join(([_("Your zone")] if ruler.is_home else []) + list(ruler.market_codes))
                    return "\n".join([_("{who}: {zone}, against {reference}").format(
                        who=who, zone=ruler.zone, reference=week.reference_zone)] + days)
                x += width
            return _("Times in {zone}").format(zone=zone_city(week.reference_zone))
        row = int((pos.y() - self._title_height) // self._banner_height)
        banners = [b for b in week.banners if b.column == column]
        if row < 0:
            return "\n".join(
                _("{market} ({country}): {holiday}").format(
                    market=b.holiday.market_code, country=country_name(self._market_country(b.holiday.market_id)),
                    holiday=b.holiday.name)
                for b in banners
            )
        shown = banners if len(banners) <= MAX_BANNER_ROWS else banners[:MAX_BANNER_ROWS - 1]
        hidden = [] if len(banners) <= MAX_BANNER_ROWS else banners[MAX_BANNER_ROWS - 1:]
        chosen = shown[row:row + 1] if row < len(shown) else hidden
        return "\n".join(
            _("Public holiday in {market} ({country}): {holiday}").format(
                market=b.holiday.market_code, country=country_name(self._market_country(b.holiday.market_id)),
                holiday=b.holiday.name)
            for b in chosen
        )

    def _market_code(self, market_id: str) -> str:
        return next((m.code for m in self._shown.markets if m.id == market_id), "?")

    # --- painting ----------------------------------------------------------------------------------------------

    def _ghost_rect(self) -> QRect:
        if self._ghost is None or self._press is None:
            return QRect()
        tile = self._tiles_by_id.get(self._press.post_id)
        if tile is None:
            return QRect()
        column, minute = self._ghost
        height = (tile.end_minute - tile.start_minute) * self._hour_height / 60
        return QRectF(self._column_x(column) + 2, self._y_of(minute), self._column_width() - 4,
                      height).toAlignedRect().adjusted(-3, -3, 3, 3)

    def _paint(self, painter: QPainter, palette: QPalette, dark: bool, dirty: QRect) -> None:
        body = self._body_rect()
        if dirty.intersects(body):
            painter.save()
            painter.setClipRect(body.intersected(dirty))
            self._paint_body(painter, palette, dark, dirty)
            painter.restore()
        if dirty.top() < self._header_height:
            self._paint_header(painter, palette, dark)
        if dirty.bottom() >= self.height() - self._legend_height:
            self._paint_legend(painter, palette, dark)

    def _paint_body(self, painter: QPainter, palette: QPalette, dark: bool, dirty: QRect) -> None:
        week = self._shown
        text = palette.color(QPalette.ColorRole.Text)
        top = self._body_top() - self._scroll
        scale = self._hour_height / 60
        width = self._column_width()
        grid_width = self._grid_right - self._grid_left
        # Side panel for the gutter and rulers.
        painter.fillRect(QRect(0, self._header_height, self._grid_left, self.height()),
                         palette.color(QPalette.ColorRole.Window))
        now = self._now()
        # Today's tint and the good-hour washes, as opaque rectangles of pre-blended colours: a week has hundreds of
        # them, and translucent fills cost about ten times as much to paint.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for column, start, end, colour in self._shading(palette, dark, now[0] if now else None):
            y, height = top + start * scale, (end - start) * scale
            if y > dirty.bottom() or y + height < dirty.top():
                continue
            x = self._column_x(column)
            painter.fillRect(QRect(round(x), round(y), round(x + width) - round(x), round(y + height) - round(y)),
                             colour)
        for band in week.bands:
            y, height = top + band.start_minute * scale, (band.end_minute - band.start_minute) * scale
            if y > dirty.bottom() or y + height < dirty.top():
                continue
            x = self._column_x(band.column) + 1 + band.stripe * STRIPE_WIDTH
            painter.fillRect(QRectF(x, y, STRIPE_WIDTH - 1, height).toAlignedRect(),
                             self._band_colours(band.colour_index, dark)[1])
        # Hour and half-hour lines, day separators.
        first_hour = max(0, int((dirty.top() - top) / self._hour_height))
        last_hour = min(24, int((dirty.bottom() - top) / self._hour_height) + 1)
        hour_pen = QColor(text)
        hour_pen.setAlphaF(0.16)
        half_pen = QColor(text)
        half_pen.setAlphaF(0.06)
        for hour in range(first_hour, last_hour + 1):
            y = round(top + hour * self._hour_height) + 0.5
            painter.setPen(QPen(hour_pen, 1))
            painter.drawLine(QPointF(self._grid_left - 6, y), QPointF(self._grid_right, y))
            if hour < 24:
                painter.setPen(QPen(half_pen, 1))
                y_half = round(top + hour * self._hour_height + self._hour_height / 2) + 0.5
                painter.drawLine(QPointF(self._grid_left, y_half), QPointF(self._grid_right, y_half))
        painter.setPen(QPen(hour_pen, 1))
        for column in range(8):
            x = round(self._column_x(column)) + 0.5
            painter.drawLine(QPointF(x, max(top, self._header_height)), QPointF(x, top + 24 * self._hour_height))
        self._paint_gutter(painter, palette, top, first_hour, last_hour)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # Posts.
        painter.setFont(self._small_font())
        metrics = QFontMetrics(self._small_font())
        visible = QRectF(dirty).translated(0, -top)
        dragged = self._press.post_id if self._press is not None and self._press.dragging else None
        for post_id in self._order:
            box = self._tile_boxes[post_id]
            if not box.intersects(visible):
                continue
            self._paint_tile(painter, palette, dark, metrics, self._tiles_by_id[post_id], box.translated(0, top),
                             faded=post_id == dragged)
        if self._ghost is not None and dragged is not None:
            self._paint_ghost(painter, palette, dark, dragged)
        if now is not None and grid_width > 0:
            column, minute = now
            y = top + minute * scale
            colour = now_colour(dark)
            painter.setPen(QPen(colour, 2))
            x = self._column_x(column)
            painter.drawLine(QPointF(x, y), QPointF(x + width, y))
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(QPointF(x, y), 4, 4)
            self._now_box = self._now_line_rect()

    def _paint_gutter(self, painter: QPainter, palette: QPalette, top: float, first_hour: int, last_hour: int) -> None:
        week = self._shown
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlphaF(0.72)
        painter.setFont(self._small_font())
        metrics = QFontMetrics(self._small_font())
        half = metrics.height() / 2
        column = self._ruler_column()
        reference_day = week.columns[column].noon
        x = 0
        for ruler, ruler_width in zip(week.rulers, self._ruler_widths, strict=True):
            marks = ruler.marks[column]
            for hour in range(max(1, first_hour), min(24, last_hour + 1)):
                mark = marks[hour]
                y = top + hour * self._hour_height
                new_day = mark.day_shift != marks[hour - 1].day_shift
                label = weekday_name(mark.local.weekday()) if new_day else hour_label(mark.local)
                font = QFont(self._small_font())
                font.setBold(new_day)
                painter.setFont(font)
                painter.setPen(text if new_day else muted)
                painter.drawText(QRectF(x + 2, y - half, ruler_width - 8, metrics.height()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            painter.fillRect(QRectF(x + ruler_width - 3, max(top, self._header_height), 2, 24 * self._hour_height),
                             strong(ruler.colour_index if not ruler.is_home else FOUNDER_COLOUR,
                                    is_dark(palette), 0.6))
            x += ruler_width
        painter.setFont(self._small_font())
        painter.setPen(text)
        for hour in range(max(1, first_hour), min(24, last_hour + 1)):
            y = top + hour * self._hour_height
            label = hour_label(reference_day.replace(hour=hour, minute=0))
            painter.drawText(QRectF(x, y - half, self._gutter_width - 8, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)

    def _shading(self, palette: QPalette, dark: bool, today: int | None) -> list[tuple[int, int, int, QColor]]:
        """(column, start minute, end minute, opaque colour) of each stretch of a column that is not plain base:
        today's column, and the good hours of one or more markets blended over it."""
        base = palette.color(QPalette.ColorRole.Base)
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        key = (dark, base.rgba(), highlight.rgba(), today)
        if self._shading_cache is not None and self._shading_cache[0] == key:
            return self._shading_cache[1]
        highlight.setAlphaF(0.10 if dark else 0.07)
        stretches = []
        for column in range(7):
            ground = blend(base, [highlight]) if column == today else base
            bands = [b for b in self._week.bands if b.column == column] if self._week else []
            edges = sorted({0, MINUTES_PER_DAY} | {b.start_minute for b in bands} | {b.end_minute for b in bands})
            for start, end in pairwise(edges):
                washes = [self._band_colours(b.colour_index, dark)[0] for b in bands
                          if b.start_minute <= start and end <= b.end_minute]
                if washes or column == today:
                    stretches.append((column, start, end, blend(ground, washes)))
        self._shading_cache = (key, stretches)
        return stretches

    def _band_colours(self, index: int, dark: bool) -> tuple[QColor, QColor]:
        """A market's wash and stripe colours, worked out once."""
        found = self._band_styles.get((index, dark))
        if found is None:
            found = self._band_styles[(index, dark)] = (wash(index, dark), strong(index, dark))
        return found

    def _paint_tile(self, painter: QPainter, palette: QPalette, dark: bool, metrics: QFontMetrics, tile: WeekTile,
                    box: QRectF, faded: bool = False) -> None:
        self._paint_tile_frame(painter, palette, dark, tile, box, radius=4, selected_width=2.5, faded=faded)
        line_height = metrics.height()
        baseline = box.top() + max(1.0, (min(box.height(), line_height + 4) - line_height) / 2) + metrics.ascent()
        font = painter.font()
        painter.setFont(self._tile_font(font, tile))
        for line in self._tile_lines.get(tile.post_id, ()):
            painter.drawText(QPointF(box.left() + 4, baseline), line)
            baseline += line_height
        painter.setFont(font)
        if tile.warnings:
            paint_warning_mark(painter, dark, QPointF(box.right() - 7, box.top() + 2))

    def _paint_ghost(self, painter: QPainter, palette: QPalette, dark: bool, post_id: str) -> None:
        if self._ghost is None:
            return
        tile = self._tiles_by_id[post_id]
        column, minute = self._ghost
        height = (tile.end_minute - tile.start_minute) * self._hour_height / 60
        box = QRectF(self._column_x(column) + 2, self._y_of(minute), self._column_width() - 4, height)
        fill = tile_fill(self._tile_colour(tile), dark)
        painter.setBrush(fill)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(text_on(fill))
        target = self._shown.moved_to(column, minute)
        painter.drawText(box.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         time_with_zone(target))

    def _paint_header(self, painter: QPainter, palette: QPalette, dark: bool) -> None:
        week = self._shown
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(QRect(0, 0, self.width(), self._header_height), window)
        metrics = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        now = self._now()
        line = self._line
        # Corner: what zone each ruler and the gutter read.
        column = self._ruler_column()
        x = 0
        for ruler, width in zip(week.rulers, self._ruler_widths, strict=True):
            who, label = self._ruler_caption(ruler, column)
            painter.setFont(bold)
            painter.setPen(text)
            painter.drawText(QRectF(x + 2, 4, width - 8, line), Qt.AlignmentFlag.AlignRight,
                             QFontMetrics(bold).elidedText(who, Qt.TextElideMode.ElideRight, width - 8))
            painter.setFont(self.font())
            painter.drawText(QRectF(x + 2, 4 + line, width - 8, line), Qt.AlignmentFlag.AlignRight, label)
            colour = ruler.colour_index if not ruler.is_home else FOUNDER_COLOUR
            painter.fillRect(QRectF(x + 4, self._title_height - 3, width - 8, 2), strong(colour, dark))
            x += width
        top, bottom = self._gutter_caption()
        painter.setFont(bold)
        painter.drawText(QRectF(x + 2, 4, self._gutter_width - 8, line), Qt.AlignmentFlag.AlignRight,
                         QFontMetrics(bold).elidedText(top, Qt.TextElideMode.ElideLeft, self._gutter_width - 8))
        painter.setFont(self.font())
        painter.drawText(QRectF(x + 2, 4 + line, self._gutter_width - 8, line), Qt.AlignmentFlag.AlignRight,
                         metrics.elidedText(bottom, Qt.TextElideMode.ElideRight, self._gutter_width - 8))
        # Day titles.
        day_width = self._column_width()
        previous_zone = zone_label(week.columns[0].noon)
        for day in week.columns:
            left = self._column_x(day.index)
            box = QRectF(left + 4, 4, day_width - 8, line)
            is_today = now is not None and now[0] == day.index
            painter.setFont(bold if is_today else self.font())
            painter.setPen(palette.color(QPalette.ColorRole.Highlight) if is_today and not dark else text)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(weekday_name(day.day.weekday(), "wide"), Qt.TextElideMode.ElideRight,
                                                int(box.width())))
            day_zone = zone_label(day.noon)
            caption = month_day(day.day)
            if day_zone != previous_zone:
                caption = _("{date} · {zone}").format(date=caption, zone=day_zone)
            previous_zone = day_zone
            painter.setFont(self.font())
            painter.drawText(QRectF(left + 4, 4 + line, day_width - 8, line), Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(caption, Qt.TextElideMode.ElideRight, int(day_width - 8)))
            if is_today:
                painter.fillRect(QRectF(left + 2, self._title_height - 3, day_width - 4, 3),
                                 palette.color(QPalette.ColorRole.Highlight))
        # Holiday banners.
        small = self._small_font()
        small_metrics = QFontMetrics(small)
        painter.setFont(small)
        for day in week.columns:
            banners = [b for b in week.banners if b.column == day.index]
            overflow = len(banners) > MAX_BANNER_ROWS
            shown = banners[:MAX_BANNER_ROWS - 1] if overflow else banners
            left = self._column_x(day.index)
            for row, banner in enumerate(shown):
                box = QRectF(left + 2, self._title_height + 2 + row * self._banner_height, day_width - 4,
                             self._banner_height - 2)
                fill = tile_fill(banner.holiday.colour_index, dark)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRoundedRect(box, 3, 3)
                painter.fillRect(QRectF(box.left(), box.top(), 3, box.height()),
                                 strong(banner.holiday.colour_index, dark))
                painter.setPen(text_on(fill))
                label = "{market} {name}".format(market=banner.holiday.market_code, name=banner.holiday.name)
                painter.drawText(box.adjusted(6, 0, -2, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 small_metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(box.width() - 8)))
            if overflow:
                row = MAX_BANNER_ROWS - 1
                box = QRectF(left + 2, self._title_height + 2 + row * self._banner_height, day_width - 4,
                             self._banner_height - 2)
                painter.setPen(text)
                painter.drawText(box.adjusted(6, 0, -2, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 _("+{count} more holidays").format(count=len(banners) - len(shown)))
        separator = QColor(text)
        separator.setAlphaF(0.25)
        painter.fillRect(QRect(0, self._header_height - 1, self.width(), 1), separator)

    def _paint_legend(self, painter: QPainter, palette: QPalette, dark: bool) -> None:
        week = self._shown
        banded = sorted({(b.stripe, b.market_id, b.colour_index) for b in week.bands})
        marks: list[tuple[LegendMark, str] | tuple[LegendMark, str, int]]
        if self._colour_by == ColourBy.PLATFORM:
            marks = [(LegendMark.STRIPE, _("good hours in {market}").format(market=self._market_code(market_id)),
                      colour) for _stripe, market_id, colour in banded]
        else:
            marks = [(LegendMark.STRIPE, _("good hours"))] if banded else []
        marks.append((LegendMark.WARNING, _("warning")))
        marks += status_marks()
        paint_legend(painter, palette, self._legend_area(), self._small_font(), self._legend_colours(week), marks,
                     _("Times in {zone}").format(zone=zone_city(week.reference_zone)))
