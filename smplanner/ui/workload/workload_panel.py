"""The workload panel: a weekly bar chart of the hours each actor needs against the capacity line, the totals of
hours and money, and the sustainability findings with the hours acting on them would free.

The panel is handed a plan, its `WorkloadReport` and its findings; it never reads storage. The chart paints the
`ChartLayout` the domain computes, on screen and (through `paint_to`) on paper.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QLineF, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.content_mix import MarketMix
from smplanner.domain.plan import Plan
from smplanner.domain.publishing import PublishingLog
from smplanner.domain.workload import BUDGET_LABELS, Finding, FindingKind, WorkloadReport, WorkloadSettings
from smplanner.domain.workload_chart import NOBODY_COLOUR, ChartLayout, LegendKind, WeekBar, chart_layout, hours_label
from smplanner.i18n import N_, _, ngettext
from smplanner.i18n.formatting import format_date_range, format_money, format_number
from smplanner.ui.calendar import strong, text_on
from smplanner.ui.colours import blend, contrast, is_dark
from smplanner.ui.widgets.scrolling import vertical_scroll
from smplanner.ui.widgets.wrapped_rows import WrappedRows
from smplanner.ui.workload.settings_dialog import WorkloadSettingsDialog

DETAILS_COLUMN = 3
ROW_SPACING = 4  # pixels below each row of the totals

FINDING_TITLES = {
    FindingKind.SILENT_PRESENCE: N_("A presence falls silent"),
    FindingKind.OVERDUE_POSTS: N_("Posts overdue"),
    FindingKind.NO_ACTOR: N_("A presence nobody runs"),
    FindingKind.ACTOR_OVER_HOURS: N_("Someone has more to do than their hours"),
    FindingKind.MARKET_WITHOUT_PRESENCE: N_("A market without a presence"),
    FindingKind.TOO_MANY_PRESENCES: N_("Too many presences for the hours"),
    FindingKind.OVER_BUDGET: N_("Over budget"),
}


# --- colours -------------------------------------------------------------------------------------------------------


def over_colour(dark: bool) -> QColor:
    """The red of "over capacity", strong enough on either theme."""
    return QColor("#ff7b72") if dark else QColor("#c62828")


def series_colour(colour_index: int, dark: bool) -> QColor:
    if colour_index == NOBODY_COLOUR:
        return QColor("#8a8a8a") if dark else QColor("#9e9e9e")
    return strong(colour_index, dark)


def readable_on(background: QColor, wanted: QColor) -> QColor:
    """The wanted colour when it reads on the background (WCAG 3:1, fine for bold marks), else black or white."""
    return wanted if contrast(wanted, background) >= 3 else text_on(background)


def hours_text(hours: float) -> str:
    return hours_label(hours)


def week_text(start: date) -> str:
    return _("Week of {dates}").format(dates=format_date_range(start, start + timedelta(days=6)))


# --- the chart -----------------------------------------------------------------------------------------------------


class WorkloadChart(QWidget):
    """Weekly stacked bars of hours per actor, the capacity line, and the weeks over capacity highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plan: Plan | None = None
        self._report: WorkloadReport | None = None
        self._layout: ChartLayout | None = None
        self._actor_id: str | None = None  # the one actor shown; None: the team
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setAccessibleName(_("Hours needed per week"))

    # --- API ---------------------------------------------------------------------------------------------------

    def set_report(self, plan: Plan | None, report: WorkloadReport | None) -> None:
        self._plan, self._report = plan, report
        if plan is None or all(actor.id != self._actor_id for actor in plan.actors):
            self._actor_id = None
        self._layout = None
        self.setAccessibleDescription(self._summary())
        self.update()

    def set_actor(self, actor_id: str | None) -> None:
        """Show one actor's hours against their own (None: the team's against what the team has)."""
        self._actor_id = actor_id
        self._layout = None
        self.setAccessibleDescription(self._summary())
        self.update()

    def actor(self) -> str | None:
        return self._actor_id

    def report(self) -> WorkloadReport | None:
        return self._report

    def chart_layout(self) -> ChartLayout | None:
        """The layout painted at the widget's current size (None without a report)."""
        if self._report is None or self._plan is None:
            return None
        if self._layout is None or (self._layout.width, self._layout.height) != (self.width(), self.height()):
            self._layout = self._lay_out(QFontMetricsF(self.font()), self.width(), self.height())
        return self._layout

    def week_rect(self, start: date) -> QRect:
        """Where a week's slot is painted (empty when the week is not in the chart)."""
        layout = self.chart_layout()
        week = next((w for w in layout.weeks if w.start == start), None) if layout else None
        if week is None:
            return QRect()
        return QRectF(week.column.x, week.column.y, week.column.width, week.column.height).toAlignedRect()

    def week_at(self, pos: QPointF) -> WeekBar | None:
        layout = self.chart_layout()
        return layout.week_at(pos.x(), pos.y()) if layout else None

    def tooltip_for(self, week: WeekBar) -> str:
        """A week's tooltip: its dates and posts, each actor's hours against theirs, the total against capacity."""
        report, layout = self._report, self.chart_layout()
        if report is None or layout is None:
            return ""
        lines = [
            week_text(week.start),
            ngettext("{count} post", "{count} posts", week.posts).format(count=format_number(week.posts)),
        ]
        for index, series in enumerate(layout.series):
            hours = week.hours_of(index)
            if series.actor_id is None:
                if hours > 0:
                    lines.append(_("{actor}: {hours}").format(actor=series.label, hours=hours_text(hours)))
                continue
            line = _("{actor}: {hours} of {capacity}").format(
                actor=series.label, hours=hours_text(hours), capacity=hours_text(series.capacity_hours))
            if hours > series.capacity_hours + 1e-9:
                line = _("{line} \u2014 over their hours").format(line=line)
            lines.append(line)
        if self._actor_id is None:
            lines.append(_("Total: {hours} of {capacity} capacity").format(
                hours=hours_text(week.hours), capacity=hours_text(report.total_capacity_hours)))
            if week.over:
                lines.append(_("The team needs more than it has this week"))
        elif week.over:
            lines.append(_("Over their own hours this week"))
        return "\n".join(lines)

    def paint_to(self, painter: QPainter, rect: QRectF | QRect, palette: QPalette | None = None) -> None:
        """Paint the chart into a rectangle of any surface (the widget, a printer, a PDF)."""
        rect = QRectF(rect)
        palette = palette or self.palette()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        if self._report is None or self._plan is None:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _("No workload to show"))
            painter.restore()
            return
        metrics = QFontMetricsF(painter.font())
        layout = self.chart_layout() if painter.device() is self else None
        if layout is None:
            layout = self._lay_out(metrics, rect.width(), rect.height())
        device = painter.device()
        unit = max(1.0, device.logicalDpiY() / 96) if device is not None else 1.0
        painter.translate(rect.topLeft())
        _ChartPainter(painter, palette, layout, metrics, unit).paint()
        painter.restore()

    def sizeHint(self) -> QSize:
        return QSize(800, 360)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, 220)

    # --- internals ---------------------------------------------------------------------------------------------

    def _lay_out(self, metrics: QFontMetricsF, width: float, height: float) -> ChartLayout:
        assert self._report is not None and self._plan is not None  # laid out only with a report to show
        return chart_layout(self._report, self._plan, width, height, line_height=metrics.height(),
                            measure=metrics.horizontalAdvance, actor_id=self._actor_id)

    def _summary(self) -> str:
        report = self._report
        if report is None:
            return ""
        if self._actor_id is not None:
            over = report.over_weeks_by_actor.get(self._actor_id, ())
            return ngettext("{over} of {weeks} week over their own hours", "{over} of {weeks} weeks over their own "
                            "hours", len(report.weeks)).format(over=format_number(len(over)),
                                                                weeks=format_number(len(report.weeks)))
        return ngettext("{over} of {weeks} week the team needs more than it has",
                        "{over} of {weeks} weeks the team needs more than it has",
                        len(report.weeks)).format(over=format_number(len(report.over_weeks)),
                                                  weeks=format_number(len(report.weeks)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange, QEvent.Type.StyleChange):
            self._layout = None
            if event.type() == QEvent.Type.LanguageChange:
                self.setAccessibleName(_("Hours needed per week"))
                self.setAccessibleDescription(self._summary())
            self.update()
        elif event.type() == QEvent.Type.PaletteChange:
            self.update()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            week = self.week_at(QPointF(event.pos()))
            if week is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_for(week), self, self.week_rect(week.start))
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setClipRect(event.rect())
        self.paint_to(painter, QRectF(self.rect()))
        painter.end()


class _ChartPainter:
    """Draws one ChartLayout with one palette; the boxes are already in the surface's units."""

    def __init__(self, painter: QPainter, palette: QPalette, layout: ChartLayout, metrics: QFontMetricsF,
                 unit: float) -> None:
        self.painter = painter
        self.layout = layout
        self.metrics = metrics
        self.unit = unit
        self.base = palette.color(QPalette.ColorRole.Base)
        self.dark = is_dark(palette)
        self.text = readable_on(self.base, palette.color(QPalette.ColorRole.Text))
        self.muted = blend(self.base, [self._alpha(self.text, 0.72)])
        self.grid = self._alpha(self.text, 0.14)
        self.over = readable_on(self.base, over_colour(self.dark))
        self.band = self._alpha(over_colour(self.dark), 0.20 if self.dark else 0.10)

    @staticmethod
    def _alpha(colour: QColor, alpha: float) -> QColor:
        result = QColor(colour)
        result.setAlphaF(alpha)
        return result

    def _rect(self, box) -> QRectF:
        return QRectF(box.x, box.y, box.width, box.height)

    def paint(self) -> None:
        painter, layout = self.painter, self.layout
        plot = self._rect(layout.plot)
        painter.setPen(self.muted)
        painter.drawText(self._rect(layout.axis_title_box), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         layout.axis_title)
        bands: list[QRectF] = []  # a run of weeks over capacity is one band (a ten-year chart may be all over)
        for week in layout.weeks:
            if not week.over:
                continue
            column = self._rect(week.column)
            if bands and abs(bands[-1].right() - column.left()) < 0.5:
                bands[-1] = bands[-1].united(column)
            else:
                bands.append(column)
        if bands:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.band)
            painter.drawRects(bands)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        for tick in layout.hour_ticks:
            painter.setPen(QPen(self.grid, self.unit))
            painter.drawLine(QPointF(plot.left(), tick.position), QPointF(plot.right(), tick.position))
            painter.setPen(self.muted)
            label_box = QRectF(0, tick.position - self.metrics.height() / 2, plot.left() - 6 * self.unit,
                               self.metrics.height())
            painter.drawText(label_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, tick.label)
        self._paint_bars()
        painter.setPen(QPen(self.muted, self.unit))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        for tick in layout.month_ticks:
            painter.setPen(QPen(self.muted, self.unit))
            painter.drawLine(QPointF(tick.position, plot.bottom()),
                             QPointF(tick.position, plot.bottom() + 4 * self.unit))
            painter.setPen(self.text)
            painter.drawText(QRectF(tick.position, layout.month_label_y, self.metrics.horizontalAdvance(tick.label) + 2,
                                    self.metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, tick.label)
        self._paint_capacity()
        self._paint_legend()

    def _fill_segment(self, box: QRectF, colour_index: int) -> None:
        self._fill_segments([box], colour_index)

    def _fill_segments(self, boxes: list[QRectF], colour_index: int) -> None:
        """Fill boxes of one series in one call (a ten-year chart has some thousand of them)."""
        painter = self.painter
        colour = series_colour(colour_index, self.dark)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRects(boxes)
        if colour_index == NOBODY_COLOUR:
            # Hatched as well as grey: "nobody" must not read as one more actor, in print either.
            painter.setBrush(QBrush(text_on(colour), Qt.BrushStyle.BDiagPattern))
            painter.drawRects(boxes)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_bars(self) -> None:
        painter = self.painter
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        by_series: dict[int, list[QRectF]] = {}
        hairlines: list[QLineF] = []
        for week in self.layout.weeks:
            for segment in week.segments:
                box = self._rect(segment.box)
                by_series.setdefault(segment.series, []).append(box)
                if box.height() > 3 * self.unit:
                    # A hairline of the background between the actors of a stack keeps them apart.
                    hairlines.append(QLineF(box.topLeft(), box.topRight()))
        for series, boxes in by_series.items():
            self._fill_segments(boxes, self.layout.series[series].colour_index)
        if hairlines:
            painter.setPen(QPen(self.base, self.unit))
            painter.drawLines(hairlines)
        over = [self._rect(week.bar) for week in self.layout.weeks if week.over and week.bar.height > 0]
        if over:
            pen = QPen(self.over, 1.6 * self.unit)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(over)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

    def _paint_capacity(self) -> None:
        capacity = self.layout.capacity
        if capacity is None:
            return
        painter = self.painter
        pen = QPen(self.text, 2 * self.unit, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(capacity.x1, capacity.y), QPointF(capacity.x2, capacity.y))
        chip = self._rect(capacity.label_box)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.text)
        painter.drawRoundedRect(chip, 3 * self.unit, 3 * self.unit)
        painter.setPen(text_on(self.text))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, capacity.label)

    def _paint_legend(self) -> None:
        painter = self.painter
        for entry in self.layout.legend:
            swatch = self._rect(entry.swatch)
            if entry.kind is LegendKind.SERIES:
                self._fill_segment(swatch, entry.colour_index)
            elif entry.kind is LegendKind.CAPACITY:
                painter.setPen(QPen(self.text, 2 * self.unit, Qt.PenStyle.DashLine))
                y = swatch.center().y()
                painter.drawLine(QPointF(swatch.left(), y), QPointF(swatch.right(), y))
            else:
                painter.fillRect(swatch, self.band)
                painter.setPen(QPen(self.over, 1.6 * self.unit))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(swatch.adjusted(2, 1, -2, 0))
            painter.setPen(self.text)
            painter.drawText(self._rect(entry.text), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             entry.label)


# --- the panel -----------------------------------------------------------------------------------------------------


class FindingCard(QFrame):
    """One finding: what it is, why, the hours acting on it frees, and its options ranked by hours saved, each with
    a button that applies it (one undoable step)."""

    option_applied = Signal(object)  # the Option to apply

    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel("<b>{title}</b>".format(title=html.escape(_(FINDING_TITLES[finding.kind]))))
        self.title.setWordWrap(True)
        self.text = QLabel(finding.text)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.hours = QLabel(self.hours_sentence())
        self.hours.setWordWrap(True)
        self.hours.setVisible(finding.hours_freed > 0)
        layout.addWidget(self.hours)
        self.options = QLabel(_("Options, most hours saved first:"))
        self.options.setWordWrap(True)
        self.options.setVisible(bool(finding.options))
        layout.addWidget(self.options)
        self.apply_buttons: list[QPushButton] = []
        self.option_labels: list[QLabel] = []
        for number, option in enumerate(finding.options, 1):
            row = QHBoxLayout()
            row.setSpacing(8)
            label = QLabel(_("{number}. {text} — <b>{hours}</b>").format(
                number=number, text=html.escape(option.text),
                hours=html.escape(_("frees {hours} a week").format(hours=hours_text(option.hours_freed)))))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            button = QPushButton(_("Apply"))
            button.setToolTip(_("Change the plan this way and regenerate its calendar (Edit › Undo takes it back)"))
            button.setAccessibleName(_("Apply: {option}").format(option=option.text))
            button.setEnabled(option.plan is not None)
            button.clicked.connect(lambda _checked=False, chosen=option: self.option_applied.emit(chosen))
            self.apply_buttons.append(button)
            self.option_labels.append(label)
            row.addWidget(label, 1)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(row)
        self.setAccessibleName(_(FINDING_TITLES[finding.kind]))
        self.setAccessibleDescription(finding.text)

    def takes(self, finding: Finding) -> bool:
        """Whether this card can show another finding by changing its sentences (the same kind, place and
        options): an edit often changes only a count or a date in a finding."""
        mine = self.finding
        return (mine.kind, mine.market_id, mine.presence_id, mine.options) == (
            finding.kind, finding.market_id, finding.presence_id, finding.options)

    def show_finding(self, finding: Finding) -> None:
        """Show a finding this card `takes`."""
        self.finding = finding
        self.text.setText(finding.text)
        self.hours.setText(self.hours_sentence())
        self.hours.setVisible(finding.hours_freed > 0)
        self.setAccessibleDescription(finding.text)

    def hours_sentence(self) -> str:
        if self.finding.options:
            return _("The best option below frees about {hours} a week.").format(
                hours=hours_text(self.finding.hours_freed))
        return _("Acting on it frees about {hours} a week.").format(hours=hours_text(self.finding.hours_freed))

    def option_texts(self) -> list[str]:
        return [option.text for option in self.finding.options]


class WorkloadPanel(QWidget):
    """What the plan costs each week and each month, and what to trim; handed a report, it never reads storage."""

    settings_changed = Signal(object)  # the WorkloadSettings the founder chose in the settings dialog
    wizard_requested = Signal()  # the empty state's button: the plan needs the strategy wizard first
    option_applied = Signal(object)  # a finding's Option the founder chose to apply

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plan: Plan | None = None
        self._report: WorkloadReport | None = None
        self._findings: list[Finding] = []
        self._settings = WorkloadSettings()
        self._log: PublishingLog | None = None
        self._mix: list[MarketMix] = []

        self.title = QLabel()
        title_font = QFont(self.title.font())
        title_font.setBold(True)
        if title_font.pointSizeF() > 0:
            title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self.title.setFont(title_font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.settings_button = QPushButton()
        self.settings_button.clicked.connect(self.edit_settings)

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.wizard_button = QPushButton()
        self.wizard_button.clicked.connect(self.wizard_requested)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.wizard_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(1)

        self.chart = WorkloadChart()
        self.show_label = QLabel()
        self.show_combo = QComboBox()
        self.show_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_label.setBuddy(self.show_combo)
        self.show_combo.currentIndexChanged.connect(lambda _index: self.chart.set_actor(self.show_combo.currentData()))
        chart_box = QWidget()
        chart_layout_ = QVBoxLayout(chart_box)
        chart_layout_.setContentsMargins(0, 0, 0, 0)
        chart_layout_.setSpacing(4)
        show_row = QHBoxLayout()
        show_row.addWidget(self.show_label)
        show_row.addWidget(self.show_combo)
        show_row.addStretch(1)
        chart_layout_.addLayout(show_row)
        chart_layout_.addWidget(self.chart, 1)
        self.totals_heading = QLabel()
        self.totals = QTreeWidget()
        self._widest_name = 0.0
        self.totals.setColumnCount(4)
        self.totals.setRootIsDecorated(False)
        self.totals.setItemsExpandable(False)
        self.totals.header().setStretchLastSection(True)
        self.totals.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Names and details wrap in the width the figures leave them, with a little room between rows so that
        # two-line details read apart.
        self._wrapped = WrappedRows(self.totals, (0, DETAILS_COLUMN), ROW_SPACING, self._share_width)
        self.findings_heading = QLabel()
        self.findings_list = QWidget()
        self.findings_layout = QVBoxLayout(self.findings_list)
        self.findings_layout.setContentsMargins(0, 0, 4, 0)
        self.findings_layout.setSpacing(6)
        self.findings_scroll = vertical_scroll(self.findings_list)
        for heading in (self.totals_heading, self.findings_heading):
            heading_font = QFont(heading.font())
            heading_font.setBold(True)
            heading.setFont(heading_font)

        from smplanner.ui.workload.upkeep_views import ContentMixChart, PublishingLogTable

        self.publishing = PublishingLogTable()
        self.content_mix = ContentMixChart()
        self.mix_scroll = vertical_scroll(self.content_mix)
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.totals, "")
        self.views.addTab(self.publishing, "")
        self.views.addTab(self.mix_scroll, "")
        totals_box = QWidget()
        totals_layout = QVBoxLayout(totals_box)
        totals_layout.setContentsMargins(0, 0, 0, 0)
        totals_layout.addWidget(self.views, 1)
        findings_box = QWidget()
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_layout.addWidget(self.findings_heading)
        findings_layout.addWidget(self.findings_scroll, 1)
        self.bottom = QSplitter(Qt.Orientation.Horizontal)
        self.bottom.addWidget(totals_box)
        self.bottom.addWidget(findings_box)
        self.bottom.setChildrenCollapsible(False)
        self.bottom.setStretchFactor(0, 1)
        self.bottom.setStretchFactor(1, 1)
        self.bottom.setSizes([560, 440])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(chart_box)
        self.splitter.addWidget(self.bottom)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([500, 400])

        self.pages = QStackedWidget()
        self.pages.addWidget(empty)
        self.pages.addWidget(self.splitter)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.summary)
        header.addLayout(titles, 1)
        header.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        self.retranslate_ui()

    # --- API ---------------------------------------------------------------------------------------------------

    def set_report(self, plan: Plan | None, report: WorkloadReport | None, findings: Sequence[Finding] = (),
                   settings: WorkloadSettings | None = None, log: PublishingLog | None = None,
                   mix: Sequence[MarketMix] = ()) -> None:
        """Show a plan's workload, its publishing log and its content mix; `settings` (when given) are what the
        settings dialog opens with. Only what changed is shown again (an edit usually changes a week or two of the
        chart, and neither the actors nor the findings)."""
        before = (self._plan, self._report, self._findings, self._log, self._mix)
        self._plan, self._report, self._findings = plan, report, list(findings)
        self._log, self._mix = log, list(mix)
        if settings is not None:
            self._settings = settings
        if report != before[1] or plan != before[0]:
            self.chart.set_report(plan, report if self.has_posts() else None)
        if plan is None or before[0] is None or plan.actors != before[0].actors:
            self._fill_actor_choices()
        if plan != before[0] or log != before[3]:
            self.publishing.set_log(plan, log)
        if plan != before[0] or self._mix != before[4]:
            self.content_mix.set_mix(plan, self._mix)
        had_posts = before[1] is not None and any(week.posts for week in before[1].weeks)
        if plan != before[0] or self.has_posts() != had_posts:
            self._fill()
            return
        if report != before[1]:
            self._fill_summary()
            self._fill_totals()
        if self._findings != before[2]:
            self._fill_findings()

    def show_actor(self, actor_id: str | None) -> None:
        """Show one actor's hours against their own in the chart (None: the team)."""
        index = self.show_combo.findData(actor_id)
        self.show_combo.setCurrentIndex(max(0, index))

    def _fill_actor_choices(self) -> None:
        current = self.chart.actor()
        self.show_combo.blockSignals(True)
        self.show_combo.clear()
        self.show_combo.addItem(_("The team"), None)
        for actor in self._plan.actors if self._plan is not None else ():
            self.show_combo.addItem(actor.name, actor.id)
        self.show_combo.setCurrentIndex(max(0, self.show_combo.findData(current)))
        self.show_combo.blockSignals(False)

    def set_settings(self, settings: WorkloadSettings) -> None:
        self._settings = settings

    def settings(self) -> WorkloadSettings:
        return self._settings

    def has_posts(self) -> bool:
        return self._report is not None and any(week.posts for week in self._report.weeks)

    def is_empty(self) -> bool:
        """Whether the empty state shows (no plan, or a plan without posts yet)."""
        return self.pages.currentIndex() == 0

    def finding_cards(self) -> list[FindingCard]:
        items = (self.findings_layout.itemAt(i) for i in range(self.findings_layout.count()))
        return [widget for item in items if item is not None and isinstance(widget := item.widget(), FindingCard)]

    def currency(self) -> str:
        """The plan's currency (the settings dialog shows its amounts in it)."""
        return self._plan.strategy.currency if self._plan is not None else "EUR"

    def edit_settings(self) -> None:
        chosen = WorkloadSettingsDialog.ask(self, self._settings)
        if chosen is not None and chosen != self._settings:
            self._settings = chosen
            self.settings_changed.emit(chosen)

    # --- text ----------------------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.title.setText(_("Workload"))
        self.settings_button.setText(_("Workload settings\u2026"))
        self.settings_button.setToolTip(_("The minutes a post, a presence and paid ads take, and what translation "
                                          "and an agency cost"))
        self.empty_label.setText(_("Finish the strategy wizard to see what the plan costs each week."))
        self.wizard_button.setText(_("Strategy wizard\u2026"))
        self.totals_heading.setText(_("Totals"))
        self.show_label.setText(_("&Show:"))
        self.show_combo.setAccessibleName(_("Whose hours the chart shows"))
        if self.show_combo.count():
            self.show_combo.setItemText(0, _("The team"))
        self.views.setTabText(0, _("Totals"))
        self.views.setTabText(1, _("Publishing log"))
        self.views.setTabText(2, _("Content mix"))
        self.findings_heading.setText(_("Findings"))
        self.totals.setHeaderLabels([_("What"), _("Needed"), _("Available"), _("Details")])
        self.totals.setAccessibleName(_("Hours per week and money per month"))
        self.findings_scroll.setAccessibleName(_("Sustainability findings"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.PaletteChange:
            self._fill_totals()
        super().changeEvent(event)

    def _fill(self) -> None:
        report = self._report
        if report is None or self._plan is None or not self.has_posts():
            self.pages.setCurrentIndex(0)
            self.summary.setText("")
            self.summary.setVisible(False)
            self.totals.clear()
            self._fill_findings()
            return
        self.pages.setCurrentIndex(1)
        self._fill_summary()
        self._fill_totals()
        self._fill_findings()

    def _fill_summary(self) -> None:
        report = self._report
        assert report is not None
        self.summary.setVisible(True)
        over = len(report.over_weeks)
        sentence = _("The plan needs about {needed} a week on average; your actors give {capacity}.").format(
            needed=hours_text(report.total_needed_hours), capacity=hours_text(report.total_capacity_hours))
        weeks = ngettext("In {over} of {count} week the team needs more than it has.",
                         "In {over} of {count} weeks the team needs more than it has.",
                         len(report.weeks)).format(over=format_number(over), count=format_number(len(report.weeks)))
        sentences = [sentence, weeks]
        if report.first is not None and report.last is not None:
            sentences.insert(0, _("From {dates}.").format(dates=format_date_range(report.first, report.last)))
        self.summary.setText(" ".join(sentences))

    def _fill_totals(self) -> None:
        self.totals.clear()
        report, plan = self._report, self._plan
        if report is None or plan is None or not self.has_posts():
            return
        dark = is_dark(self.totals.palette())
        warn = readable_on(self.totals.palette().color(QPalette.ColorRole.Base), over_colour(dark))
        bold = QFont(self.totals.font())
        bold.setBold(True)

        def add(cells: Sequence[str], *, heading: bool = False, over: bool = False, tip: str = "") -> QTreeWidgetItem:
            item = QTreeWidgetItem(list(cells))
            self.totals.addTopLevelItem(item)
            if heading:
                item.setFirstColumnSpanned(True)  # only once the item is in the tree
                for column in range(4):
                    item.setFont(column, bold)
            if over:
                for column in (1, 2):
                    item.setForeground(column, warn)
                    item.setFont(column, bold)
            for column, text in enumerate(cells):
                item.setToolTip(column, tip or text)
            for column in range(4):  # on the first line of a row whose details take two
                side = Qt.AlignmentFlag.AlignRight if column in (1, 2) else Qt.AlignmentFlag.AlignLeft
                item.setTextAlignment(column, side | Qt.AlignmentFlag.AlignTop)
            return item

        add([_("Hours a week (average over the period)"), "", "", ""], heading=True)
        names = {actor.id: actor.name for actor in plan.actors}
        busiest: dict[str | None, float] = {}
        for week in report.weeks:
            for actor_id, minutes in week.minutes_by_actor.items():
                busiest[actor_id] = max(busiest.get(actor_id, 0.0), minutes / 60)
        for actor_id, hours in report.needed_hours_by_actor.items():
            capacity = report.capacity_minutes_by_actor.get(actor_id, 0.0) / 60 if actor_id is not None else 0.0
            name = _("Nobody responsible") if actor_id is None else names.get(actor_id, _("Unknown actor"))
            details = _("busiest week {hours}").format(hours=hours_text(busiest.get(actor_id, 0.0)))
            over_own = len(report.over_weeks_by_actor.get(actor_id, ())) if actor_id is not None else 0
            if over_own:
                details = _("{details}; {weeks}").format(details=details, weeks=ngettext(
                    "{count} week over their own hours", "{count} weeks over their own hours", over_own).format(
                    count=format_number(over_own)))
            add([name, hours_text(hours), hours_text(capacity) if actor_id is not None else "\u2014", details],
                over=hours > capacity + 1e-9)
        total = add([_("The team"), hours_text(report.total_needed_hours), hours_text(report.total_capacity_hours),
                     ngettext("{count} week the team needs more than it has",
                              "{count} weeks the team needs more than it has", len(report.over_weeks))
                     .format(count=format_number(len(report.over_weeks)))],
                    over=report.over)
        for column in range(4):
            total.setFont(column, bold)

        add([_("Money a month ({currency})").format(currency=report.currency), "", "", ""], heading=True)
        for line in report.budget_needed_month:
            add([_(BUDGET_LABELS[line.kind]), format_money(line.needed, report.currency), "", line.note])
        money = add([_("Total against the budget"), format_money(report.budget_needed_total, report.currency),
                     format_money(report.budget_allocated_month, report.currency),
                     _("Over budget") if report.over_budget else _("Within the budget")],
                    over=report.over_budget)
        for column in range(4):
            money.setFont(column, bold)
        # The first column fits the names, not the group headings, which span the whole row anyway.
        bold_metrics = QFontMetricsF(bold)
        items = [self.totals.topLevelItem(i) for i in range(self.totals.topLevelItemCount())]
        self._widest_name = max((bold_metrics.horizontalAdvance(item.text(0)) for item in items
                                 if item is not None and not item.isFirstColumnSpanned()), default=0.0)
        for column in (1, 2):
            self.totals.resizeColumnToContents(column)
        self._wrapped.fit()

    def _share_width(self) -> None:
        """The names take what the widest needs, never more than a third; the details the rest."""
        names = min(round(self._widest_name) + 24, self.totals.viewport().width() // 3)
        if self.totals.columnWidth(0) != names:
            self.totals.setColumnWidth(0, names)

    def _fill_findings(self) -> None:
        """One card per finding; a card whose finding is the same as before is kept (an edit changes one or two),
        and one that can show the new finding of its kind and place shows it."""
        shown = self._findings if self.has_posts() else []
        cards_now = self.finding_cards()
        if shown and len(cards_now) == len(shown) and all(
                card.finding == finding or card.takes(finding) for card, finding in zip(cards_now, shown, strict=True)):
            for shown_card, finding in zip(cards_now, shown, strict=True):
                if shown_card.finding != finding:
                    shown_card.show_finding(finding)
            return
        cards: dict[Finding, list[FindingCard]] = {}
        while self.findings_layout.count():
            taken = self.findings_layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if isinstance(widget, FindingCard):
                cards.setdefault(widget.finding, []).append(widget)
            elif widget is not None:
                widget.deleteLater()
        kept: list[FindingCard | None] = []
        for finding in shown:
            same = cards.get(finding)
            kept.append(same.pop(0) if same else None)
        left = [card for others in cards.values() for card in others]
        for index, finding in enumerate(shown):
            card: FindingCard | None = kept[index]
            if card is None:
                card = next((other for other in left if other.takes(finding)), None)
                if card is not None:
                    left.remove(card)
                    card.show_finding(finding)
                else:
                    card = FindingCard(finding)
                    card.option_applied.connect(self.option_applied)
            self.findings_layout.addWidget(card)
        for unused in left:
            unused.deleteLater()
        if not self.has_posts():
            return
        if not self._findings:
            none = QLabel(_("Nothing puts the plan's upkeep at risk: every presence has someone responsible and "
                            "keeps posting, and the hours and the budget suffice."))
            none.setWordWrap(True)
            self.findings_layout.addWidget(none)
        self.findings_layout.addStretch(1)
        self.findings_heading.setText(
            _("Findings ({count})").format(count=format_number(len(self._findings))) if self._findings
            else _("Findings"))
