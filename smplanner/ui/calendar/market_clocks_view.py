"""Market clocks: for one day, a painted 24-hour bar per market and one for the founder, with the good-hour windows
shaded and the founder's working hours outlined, so windows that need the platform's own scheduler stand out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from smplanner.domain.calendar_layout import MINUTES_PER_DAY, ClockRow, ClockWindow, WindowFit, at_wall_minute
from smplanner.i18n import N_, _
from smplanner.i18n.formatting import country_name, format_date, format_long_date, weekday_name, zone_city, zone_label
from smplanner.ui.calendar import (
    FOUNDER_COLOUR,
    LegendMark,
    compact_time,
    compact_time_with_zone,
    hour_label,
    night_colour,
    offset_text,
    outside_brush,
    paint_legend,
    strong,
    text_on,
    tile_edge,
    tile_fill,
    utc_offset_text,
)
from smplanner.ui.calendar.painted_view import PaintedCalendarView, scaled_font

NIGHT_HOURS = frozenset({22, 23, 0, 1, 2, 3, 4, 5, 6})
FIT_SENTENCES = {
    WindowFit.INSIDE: N_("Within your working hours"),
    WindowFit.PARTLY: N_("Partly within your working hours"),
    WindowFit.OUTSIDE: N_("Outside your working hours: let the platform's own scheduler publish it"),
}


def fit_sentence(fit: WindowFit) -> str:
    return _(FIT_SENTENCES[fit])


class MarketClocksView(PaintedCalendarView):
    """The founder's day and each market's day side by side, on one time axis (the reference zone's day). It takes
    the focus so that a screen reader can reach the summary; Up and Down then go from row to row, each read out."""

    SIZE_HINT = (1000, 480)
    MINIMUM_SIZE_HINT = (520, 200)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ClockRow] = []
        self._current_row = -1
        self._retranslate()
        self._measure()

    def _retranslate(self) -> None:
        self.setAccessibleName(_("Market clocks"))
        self.setAccessibleDescription(self._summary())

    def _shows_nothing(self) -> bool:
        return not self._rows

    # --- API ---------------------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[ClockRow]) -> None:
        """Show the rows `market_clocks()` computed: the founder's first, then one per market."""
        self._rows = list(rows)
        self._current_row = min(self._current_row, len(self._rows) - 1)
        self.setAccessibleDescription(self._summary())
        self._measure()
        self.update()

    set_layout = set_rows
    set_data = set_rows

    def rows(self) -> list[ClockRow]:
        return list(self._rows)

    def row_rect(self, index: int) -> QRect:
        return self._row_box(index).toAlignedRect()

    def bar_rect(self, index: int) -> QRect:
        return self._bar_box(index).toAlignedRect()

    def window_at(self, pos: QPoint | QPointF) -> tuple[ClockRow, ClockWindow] | None:
        point = QPointF(pos)
        for index, row in enumerate(self._rows):
            for window in row.windows:
                if self._window_box(index, window).contains(point):
                    return row, window
        return None

    # --- geometry ----------------------------------------------------------------------------------------------

    def _measure(self) -> None:
        metrics = QFontMetrics(self.font())
        self._line = metrics.height()
        self._small_line = QFontMetrics(self._small_font()).height()
        self._title_height = round(self._line * 1.9)
        self._axis_height = self._line + 8
        self._legend_height = self._line + 10
        bold = QFont(self.font())
        bold.setBold(True)
        widest = 0
        for row in self._rows:
            first, second, third = self._row_caption(row)
            widest = max(widest, QFontMetrics(bold).horizontalAdvance(first), metrics.horizontalAdvance(second),
                         QFontMetrics(self._small_font()).horizontalAdvance(third))
        self._label_width = min(max(160, widest + 20), max(160, self.width() // 3))
        rows = max(1, len(self._rows))
        available = self.height() - self._title_height - self._axis_height - self._legend_height - 12
        self._row_height = max(self._line * 2 + self._small_line + 12, min(self._line * 4 + 8, available // rows))

    def _bar_left(self) -> float:
        return self._label_width + 12

    def _bar_right(self) -> float:
        return self.width() - 16

    def _x_of(self, minute: float) -> float:
        return self._bar_left() + (self._bar_right() - self._bar_left()) * minute / MINUTES_PER_DAY

    def _row_box(self, index: int) -> QRectF:
        top = self._title_height + self._axis_height + index * self._row_height
        return QRectF(0, top, self.width(), self._row_height)

    def _bar_box(self, index: int) -> QRectF:
        row = self._row_box(index)
        tick_labels = self._small_line + 2
        height = max(12.0, row.height() - tick_labels - 10)
        return QRectF(self._bar_left(), row.top() + 5, self._bar_right() - self._bar_left(), height)

    def _window_box(self, index: int, window: ClockWindow) -> QRectF:
        bar = self._bar_box(index)
        left, right = self._x_of(window.start_minute), self._x_of(window.end_minute)
        return QRectF(left, bar.top() + 3, max(2.0, right - left), bar.height() - 6)

    # --- text --------------------------------------------------------------------------------------------------

    def _row_caption(self, row: ClockRow) -> tuple[str, str, str]:
        """Who the row is, its zone with UTC offset and offset from the reference, and a note on its date."""
        if row.is_founder:
            first = _("You · {country}").format(country=country_name(row.country))
        else:
            first = _("{market} · {country}").format(market=row.code, country=country_name(row.country))
        second = _("{zone} · {utc}").format(zone=zone_label(row.sample), utc=utc_offset_text(row.sample))
        if row.zone != row.reference_zone:
            second = _("{zone_and_utc} · {offset}").format(zone_and_utc=second, offset=offset_text(row.offset_hours))
        third = ""
        changes = row.date_changes
        if changes:
            change = changes[0]
            at = at_wall_minute(row.day, change.minute, row.reference_zone)
            third = _("{day} from {time}").format(day=format_date(change.local.date()), time=compact_time_with_zone(at))
        elif row.date_differs:
            third = _("Local date: {day}").format(day=format_date(row.sample.date()))
        return first, second, third

    def _row_sentence(self, row: ClockRow) -> str:
        first, second, third = self._row_caption(row)
        parts = [first, second] + ([third] if third else [])
        for window in row.windows:
            parts.append(_("{platforms}: {start}–{end}, {fit}").format(
                platforms=", ".join(window.platforms), start=compact_time_with_zone(window.local_start),
                end=compact_time_with_zone(window.local_end), fit=fit_sentence(window.fit).lower()))
        return "; ".join(parts)

    def _summary(self) -> str:
        """What the view shows, as sentences (the accessible description)."""
        return "\n".join(self._row_sentence(row) for row in self._rows)

    # --- the keyboard: a current row ----------------------------------------------------------------------------

    def current_row(self) -> int:
        return self._current_row

    def _set_current_row(self, index: int) -> None:
        if not self._rows:
            return
        self._current_row = max(0, min(len(self._rows) - 1, index))
        self.setAccessibleDescription(self._row_sentence(self._rows[self._current_row]))
        self.update()

    def _focus_area(self) -> QRect:
        if 0 <= self._current_row < len(self._rows):
            return self._row_box(self._current_row).toAlignedRect().adjusted(3, 2, -3, -2)
        return QRect()

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._current_row < 0 and self._rows:
            self._set_current_row(len(self._rows) - 1 if event.reason() == Qt.FocusReason.BacktabFocusReason else 0)
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        steps = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
        if key in steps:
            self._set_current_row(self._current_row + steps[key])
        elif event.key() == Qt.Key.Key_Home:
            self._set_current_row(0)
        elif event.key() == Qt.Key.Key_End:
            self._set_current_row(len(self._rows) - 1)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._measure()
        super().resizeEvent(event)

    def _tooltip_at(self, point: QPointF) -> str:
        found = self.window_at(point)
        if found is not None:
            row, window = found
            start = at_wall_minute(row.day, window.start_minute, row.reference_zone)
            end = at_wall_minute(row.day, window.end_minute, row.reference_zone)
            return "\n".join([
                _("Good hours in {market}: {platforms}").format(market=row.code, platforms=", ".join(window.platforms)),
                _("Market time: {start}–{end}").format(start=compact_time(window.local_start),
                                                       end=compact_time_with_zone(window.local_end)),
                _("Your time: {start}–{end}").format(start=compact_time(start), end=compact_time_with_zone(end)),
                fit_sentence(window.fit),
            ])
        for index, row in enumerate(self._rows):
            if self._row_box(index).contains(point) and point.x() < self._bar_left():
                return "\n".join([row.zone] + [t for t in self._row_caption(row) if t])
        return ""

    # --- painting ----------------------------------------------------------------------------------------------

    def _paint(self, painter: QPainter, palette: QPalette, dark: bool, dirty: QRect) -> None:
        self._paint_title(painter, palette)
        self._paint_axis(painter, palette)
        for index, row in enumerate(self._rows):
            if self._row_box(index).intersects(QRectF(dirty)):
                self._paint_row(painter, palette, dark, index, row)
        self._paint_working_outline(painter, palette)
        for index, row in enumerate(self._rows):  # over the outline, which would cross the words
            note = self._bar_note(row)
            if note and self._row_box(index).intersects(QRectF(dirty)):
                self._paint_bar_note(painter, palette, self._bar_box(index), row, note)
        # The legend follows the last row, where the eye already is.
        top = min(self.height() - self._legend_height, int(self._row_box(len(self._rows) - 1).bottom() + 12))
        area = QRect(0, top, self.width(), self._legend_height)
        paint_legend(painter, palette, area, self._small_font(), [], [
            (LegendMark.FILL, _("good hours")),
            (LegendMark.DASHED, _("partly in your working hours")),
            (LegendMark.HATCHED, _("outside them: use the platform's scheduler")),
            (LegendMark.OUTLINE, _("your working hours")),
            (LegendMark.NIGHT, _("night (22:00–07:00 local)")),
        ])

    def _paint_title(self, painter: QPainter, palette: QPalette) -> None:
        founder = self._rows[0]
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(QRect(0, 0, self.width(), self._title_height), palette.color(QPalette.ColorRole.Window))
        font = scaled_font(self.font(), 1.2, bold=True)
        painter.setFont(font)
        painter.setPen(text)
        title = format_long_date(founder.day)
        metrics = QFontMetrics(font)
        painter.drawText(QRectF(12, 0, self.width() - 24, self._title_height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(self.font())
        note = _("Times in {zone} ({label})").format(zone=zone_city(founder.reference_zone), label=zone_label(
            at_wall_minute(founder.day, 12 * 60, founder.reference_zone)))
        left = 12 + metrics.horizontalAdvance(title) + 24
        painter.drawText(QRectF(left, 0, self.width() - left - 12, self._title_height),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(self.font()).elidedText(note, Qt.TextElideMode.ElideLeft,
                                                              int(self.width() - left - 12)))

    def _paint_axis(self, painter: QPainter, palette: QPalette) -> None:
        """The reference zone's hours above the bars, as many as fit."""
        founder = self._rows[0]
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.setFont(self._small_font())
        metrics = QFontMetrics(self._small_font())
        widest = metrics.horizontalAdvance(hour_label(at_wall_minute(founder.day, 23 * 60, founder.reference_zone)))
        hour_width = (self._bar_right() - self._bar_left()) / 24
        step = next((s for s in (1, 2, 3, 4, 6) if s * hour_width >= widest + 8), 6)
        top = self._title_height
        painter.setPen(text)
        for hour in range(0, 25, step):
            x = self._x_of(hour * 60)
            label = hour_label(at_wall_minute(founder.day, hour * 60, founder.reference_zone)) if hour < 24 else ""
            painter.drawText(QRectF(x - 40, top, 80, self._axis_height - 2),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, label)
        grid = QColor(text)
        grid.setAlphaF(0.10)
        painter.setPen(QPen(grid, 1))
        bottom = self._row_box(len(self._rows) - 1).bottom()
        for hour in range(0, 25, step):
            x = round(self._x_of(hour * 60)) + 0.5
            painter.drawLine(QPointF(x, top + self._axis_height), QPointF(x, bottom))

    def _paint_row(self, painter: QPainter, palette: QPalette, dark: bool, index: int, row: ClockRow) -> None:
        box = self._row_box(index)
        bar = self._bar_box(index)
        text = palette.color(QPalette.ColorRole.Text)
        if index % 2:
            painter.fillRect(box, palette.color(QPalette.ColorRole.AlternateBase))
        # Caption.
        first, second, third = self._row_caption(row)
        bold = QFont(self.font())
        bold.setBold(True)
        width = int(self._label_width - 12)
        painter.setPen(text)
        painter.setFont(bold)
        y = box.top() + 4
        painter.drawText(QRectF(12, y, width, self._line), Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(bold).elidedText(first, Qt.TextElideMode.ElideRight, width))
        painter.setFont(self.font())
        painter.drawText(QRectF(12, y + self._line, width, self._line), Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(self.font()).elidedText(second, Qt.TextElideMode.ElideRight, width))
        if third:
            painter.setFont(self._small_font())
            painter.drawText(QRectF(12, y + 2 * self._line, width, self._small_line), Qt.AlignmentFlag.AlignLeft,
                             QFontMetrics(self._small_font()).elidedText(third, Qt.TextElideMode.ElideRight, width))
        colour = FOUNDER_COLOUR if row.is_founder else row.colour_index
        painter.fillRect(QRectF(4, box.top() + 5, 3, box.height() - 10), strong(colour, dark))
        # The bar, the row's own night, its good-hour windows (or the founder's working hours).
        painter.setPen(QPen(tile_edge(FOUNDER_COLOUR, dark), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(bar)
        for start, end in self._night_spans(row):
            painter.fillRect(QRectF(self._x_of(start), bar.top(), self._x_of(end) - self._x_of(start), bar.height()),
                             night_colour(palette))
        if row.is_founder:
            for start, end in row.working:
                work = QRectF(self._x_of(start), bar.top() + 3, self._x_of(end) - self._x_of(start), bar.height() - 6)
                painter.setBrush(tile_fill(FOUNDER_COLOUR, dark))
                painter.setPen(QPen(tile_edge(FOUNDER_COLOUR, dark), 1))
                painter.drawRoundedRect(work, 3, 3)
                self._paint_window_label(painter, work, _("working hours"), tile_fill(FOUNDER_COLOUR, dark))
        for window in row.windows:
            self._paint_window(painter, dark, index, row, window)
        # Ticks of the row's own clock under the bar, the local midnight as a line with the new day's name.
        small = self._small_font()
        metrics = QFontMetrics(small)
        painter.setFont(small)
        muted = QColor(text)
        muted.setAlphaF(0.7)
        hour_width = (self._bar_right() - self._bar_left()) / 24
        label_width = metrics.horizontalAdvance(hour_label(row.sample.replace(hour=23, minute=30)))
        every = next((s for s in (1, 2, 3, 4, 6) if s * hour_width >= label_width + 8), 6)
        for tick in row.ticks:
            x = self._x_of(tick.minute)
            midnight = tick.local.hour == 0
            painter.setPen(QPen(text if midnight else muted, 1.5 if midnight else 1))
            if midnight and tick.minute > 0:
                painter.drawLine(QPointF(x, bar.top() - 2), QPointF(x, bar.bottom() + 3))
            else:
                painter.drawLine(QPointF(x, bar.bottom() - 4), QPointF(x, bar.bottom()))
            if midnight or tick.local.hour % every == 0:
                label = weekday_name(tick.local.weekday()) if midnight else hour_label(tick.local)
                font = QFont(small)
                font.setBold(midnight)
                painter.setFont(font)
                painter.setPen(text if midnight else muted)
                rect = QRectF(x - 40, bar.bottom() + 1, 80, self._small_line)
                if x - 40 < self._bar_left():
                    rect = QRectF(x, bar.bottom() + 1, 80, self._small_line)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, label)
                else:
                    painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)

    @staticmethod
    def _bar_note(row: ClockRow) -> str:
        """What a bar says when it has no window to show."""
        if row.is_founder and not row.working:
            return _("Not one of your working days")
        if not row.is_founder and not row.windows:
            return _("No published good hours for its platforms on this day")
        return ""

    def _paint_bar_note(self, painter: QPainter, palette: QPalette, bar: QRectF, row: ClockRow, note: str) -> None:
        """A sentence in a bar without windows: in the row's longest daytime, away from the night's shading and the
        midnight line, on a plate of the bar's own colour (across the whole bar when the day is too short for it)."""
        metrics = QFontMetrics(self._small_font())
        day = self.longest_day(row)
        room = QRectF(self._x_of(day[0]), bar.top(), self._x_of(day[1]) - self._x_of(day[0]), bar.height())
        if metrics.horizontalAdvance(note) + 16 > room.width():
            room = bar
        shown = metrics.elidedText(note, Qt.TextElideMode.ElideRight, int(room.width() - 16))
        width = metrics.horizontalAdvance(shown) + 8
        plate = QRectF(room.center().x() - width / 2, room.center().y() - metrics.height() / 2, width,
                       metrics.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(plate, 2, 2)
        muted = QColor(palette.color(QPalette.ColorRole.Text))
        muted.setAlphaF(0.75)
        painter.setPen(muted)
        painter.setFont(self._small_font())
        painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, shown)

    @classmethod
    def longest_day(cls, row: ClockRow) -> tuple[int, int]:
        """The reference minutes of the longest stretch when the row's own clock reads day hours (not night)."""
        day, start = (0, 0), 0
        for night_start, night_end in [*cls._night_spans(row), (MINUTES_PER_DAY, MINUTES_PER_DAY)]:
            if night_start - start > day[1] - day[0]:
                day = (start, night_start)
            start = night_end
        return day

    @staticmethod
    def _night_spans(row: ClockRow) -> list[tuple[int, int]]:
        """The reference minutes when the row's own clock reads night hours."""
        spans: list[tuple[int, int]] = []
        ticks = list(row.ticks)
        if not ticks:
            return spans
        # The part of an hour before the first full hour belongs to the hour before it.
        edges = [(max(0, ticks[0].minute - 60), (ticks[0].local - timedelta(hours=1)).hour)]
        edges += [(t.minute, t.local.hour) for t in ticks]
        for number, (start, hour) in enumerate(edges):
            end = edges[number + 1][0] if number + 1 < len(edges) else MINUTES_PER_DAY
            if hour in NIGHT_HOURS and end > start:
                if spans and spans[-1][1] == start:
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
        return spans

    def _paint_window(self, painter: QPainter, dark: bool, index: int, row: ClockRow, window: ClockWindow) -> None:
        box = self._window_box(index, window)
        fill = tile_fill(row.colour_index, dark)
        painter.setBrush(fill)
        style = Qt.PenStyle.DashLine if window.fit == WindowFit.PARTLY else Qt.PenStyle.SolidLine
        painter.setPen(QPen(tile_edge(row.colour_index, dark), 1.2, style))
        painter.drawRoundedRect(box, 3, 3)
        if window.fit == WindowFit.OUTSIDE:
            painter.save()
            painter.setClipRect(box)
            painter.fillRect(box, outside_brush(row.colour_index, dark))
            painter.restore()
        self._paint_window_label(painter, box, ", ".join(window.platforms), fill)

    def _paint_window_label(self, painter: QPainter, box: QRectF, label: str, fill: QColor) -> None:
        metrics = QFontMetrics(self._small_font())
        if box.width() < 28 or box.height() < metrics.height():
            return
        text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(box.width() - 8))
        if not text:
            return
        painter.setFont(self._small_font())
        plate = QRectF(box.left() + 3, box.center().y() - metrics.height() / 2,
                       metrics.horizontalAdvance(text) + 4, metrics.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)  # a plate under the text, so the hatching does not cross it
        painter.drawRoundedRect(plate, 2, 2)
        painter.setPen(text_on(fill))
        painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_working_outline(self, painter: QPainter, palette: QPalette) -> None:
        """The founder's working hours as one outline over every row: what falls inside it, they can post live."""
        founder = self._rows[0]
        top = self._title_height + self._axis_height + 1
        bottom = self._row_box(len(self._rows) - 1).bottom() - 1
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
        for start, end in founder.working:
            painter.drawRect(QRectF(self._x_of(start), top, self._x_of(end) - self._x_of(start), bottom - top))
