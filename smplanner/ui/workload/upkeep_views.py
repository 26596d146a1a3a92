"""The Workload tab's two views of how the plan is kept alive: each presence's publishing log (last published, days
silent, published of planned this week and this month, overdue posts) and each market's content mix (the target
share of each content type against what the calendar holds), painted as a small chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from smplanner.domain.content_mix import MarketMix
from smplanner.domain.plan import Plan
from smplanner.domain.publishing import PresenceRecord, PublishingLog, Tally
from smplanner.domain.timezones import zone
from smplanner.i18n import _
from smplanner.i18n.formatting import format_date, format_number, format_percent
from smplanner.ui.calendar import is_dark, text_on, tile_edge, tile_fill
from smplanner.ui.workload.workload_panel import over_colour, readable_on


class Column:
    PRESENCE, LAST, SILENT, WEEK, MONTH, OVERDUE = range(6)


def _tally_text(tally: Tally | None) -> str:
    if tally is None or not tally.planned:
        return "\u2014"
    return _("{published} of {planned}").format(published=format_number(tally.published),
                                                planned=format_number(tally.planned))


def _current(tallies: Sequence[Tally], start: date) -> Tally | None:
    return next((tally for tally in tallies if tally.start == start), None)


class PublishingLogTable(QTreeWidget):
    """One row per presence: when it last published, how long it has been silent, published of planned this week
    and this month, and its overdue posts (the silent and the overdue in the warning colour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishingLog")
        self.setColumnCount(6)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.header().setSectionResizeMode(Column.PRESENCE, QHeaderView.ResizeMode.Stretch)
        self._plan: Plan | None = None
        self._log: PublishingLog | None = None
        self._stale = False
        self.retranslate_ui()

    def set_log(self, plan: Plan | None, log: PublishingLog | None) -> None:
        """Show a plan's publishing log: at once when on screen, else when next shown (an edit on the Workload tab
        does not lay out a log the founder is not looking at)."""
        self._plan, self._log = plan, log
        self._fill()

    def showEvent(self, event) -> None:
        if self._stale:
            self._fill()
        super().showEvent(event)

    def _fill(self) -> None:
        self._stale = not self.isVisible()
        if self._stale:
            return
        self.clear()
        plan, log = self._plan, self._log
        if plan is None or log is None:
            return
        catalogue = plan.catalogue()
        markets = {m.id: m for m in plan.markets}
        presences = {p.id: p for p in plan.presences}
        home = zone(plan.firm.home_zone)
        threshold = plan.strategy.silence_threshold_days
        warn = readable_on(self.palette().color(QPalette.ColorRole.Base), over_colour(is_dark(self.palette())))
        for record in log.presences:
            presence = presences.get(record.presence_id)
            if presence is None:
                continue
            market = markets.get(presence.market_id)
            today = log.now.astimezone(zone(market.zone) if market else home).date()
            cells = [
                "{code} \u00b7 {platform}".format(code=market.code if market else "?",
                                                 platform=catalogue.name(presence.platform)),
                format_date(record.last_published.astimezone(home).date()) if record.last_published else _("never"),
                format_number(record.days_silent) if record.days_silent is not None else "\u2014",
                _tally_text(_current(record.weeks, today - timedelta(days=today.weekday()))),
                _tally_text(_current(record.months, today.replace(day=1))),
                format_number(record.overdue),
            ]
            item = QTreeWidgetItem(cells)
            item.setData(0, Qt.ItemDataRole.UserRole, record.presence_id)
            for column in range(1, 6):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if record.days_silent is not None and record.days_silent > threshold:
                item.setForeground(Column.SILENT, warn)
                item.setToolTip(Column.SILENT, _("Silent for longer than the plan's threshold of {days} days").format(
                    days=threshold))
            if record.overdue:
                item.setForeground(Column.OVERDUE, warn)
            item.setToolTip(Column.PRESENCE, self._tip(record))
            self.addTopLevelItem(item)

    @staticmethod
    def _tip(record: PresenceRecord) -> str:
        return _("So far: {published} published, {skipped} skipped, {overdue} overdue of {planned} planned").format(
            published=format_number(record.published), skipped=format_number(record.skipped),
            overdue=format_number(record.overdue), planned=format_number(record.planned))

    def retranslate_ui(self) -> None:
        self.setHeaderLabels([_("Presence"), _("Last published"), _("Days silent"), _("This week"), _("This month"),
                              _("Overdue")])
        self.setAccessibleName(_("Publishing log of each presence"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.PaletteChange) and hasattr(self, "_log"):
            self.retranslate_ui()
        super().changeEvent(event)


class ContentMixChart(QWidget):
    """Per market, two bars of the content types' shares: the target, and what the calendar holds; one colour per
    content type, its share written where it fits, a legend below."""

    BAR = 1.25  # a bar's height in lines of text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contentMix")
        self._plan: Plan | None = None
        self._mixes: list[MarketMix] = []
        self.setMinimumHeight(120)
        self.setAccessibleName(_("Content mix of each market"))

    def set_mix(self, plan: Plan | None, mixes: Sequence[MarketMix]) -> None:
        self._plan, self._mixes = plan, list(mixes)
        self.setToolTip(self.describe())
        self.updateGeometry()
        self.update()

    def describe(self) -> str:
        """The chart in words (its tooltip and what a screen reader says)."""
        if self._plan is None:
            return ""
        names = self._names()
        codes = {m.id: m.code for m in self._plan.markets}
        lines = []
        for mix in self._mixes:
            parts = [_("{name} {share} (target {target})").format(name=names.get(s.content_type_id, ""),
                                                                  share=format_percent(s.share),
                                                                  target=format_percent(s.target))
                     for s in mix.shares]
            lines.append("{code}: {parts}".format(code=codes.get(mix.market_id, "?"), parts=", ".join(parts)))
        return "\n".join(lines)

    def _names(self) -> dict[str | None, str]:
        assert self._plan is not None
        names: dict[str | None, str] = {t.id: t.name for t in self._plan.content_types}
        names[None] = _("No content type")
        return names

    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def sizeHint(self) -> QSize:
        rows = max(1, len(self._mixes))
        return QSize(480, round(self._line() * (rows * (2 * self.BAR + 0.8) + 2.5)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        dark = is_dark(palette)
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if self._plan is None or not self._mixes or not self._plan.content_types:
            painter.setPen(text)
            painter.drawText(self.rect().adjusted(8, 8, -8, -8),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             _("Name content types with target shares in the strategy wizard to see the mix."))
            return
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        codes = {m.id: m.code for m in self._plan.markets}
        order: dict[str | None, int] = {t.id: index for index, t in enumerate(self._plan.content_types)}
        labels = (_("Target"), _("Calendar"))
        left = 8 + max(metrics.horizontalAdvance(c) for c in codes.values()) + 8
        left += max(metrics.horizontalAdvance(label) for label in labels) + 8
        right = self.width() - 8
        y = 6.0
        bar = line * self.BAR
        for mix in self._mixes:
            painter.setPen(text)
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(QRectF(8, y, left, bar), Qt.AlignmentFlag.AlignVCenter, codes.get(mix.market_id, "?"))
            painter.setFont(self.font())
            for row, label in enumerate(labels):
                top = y + row * bar
                painter.setPen(text)
                painter.drawText(QRectF(left - 8 - metrics.horizontalAdvance(label), top, left, bar),
                                 Qt.AlignmentFlag.AlignVCenter, label)
                x = float(left)
                for share in mix.shares:
                    value = share.target if row == 0 else share.share
                    width = (right - left) * value
                    if width <= 0:
                        continue
                    colour = order.get(share.content_type_id, len(order))
                    fill = tile_fill(colour, dark)
                    box = QRectF(x, top + 2, width, bar - 4)
                    painter.setBrush(fill)
                    painter.setPen(QPen(tile_edge(colour, dark), 1))
                    painter.drawRect(box)
                    label_text = format_percent(value)
                    if metrics.horizontalAdvance(label_text) + 6 < width:
                        painter.setPen(text_on(fill))
                        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label_text)
                    x += width
            y += 2 * bar + line * 0.8
        # Legend: the content types' colours.
        x = 8.0
        names = self._names()
        shown: list[str | None] = [t.id for t in self._plan.content_types]
        if any(s.content_type_id is None for mix in self._mixes for s in mix.shares):
            shown.append(None)
        for type_id in shown:
            name = names[type_id]
            colour = order.get(type_id, len(order))
            swatch = QRectF(x, y + 3, line - 6, line - 6)
            painter.setBrush(tile_fill(colour, dark))
            painter.setPen(QPen(tile_edge(colour, dark), 1))
            painter.drawRect(swatch)
            painter.setPen(text)
            painter.drawText(QRectF(x + line, y, metrics.horizontalAdvance(name) + 4, line),
                             Qt.AlignmentFlag.AlignVCenter, name)
            x += line + metrics.horizontalAdvance(name) + 16
            if x > right - 40:
                x = 8.0
                y += line

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleName(_("Content mix of each market"))
            self.setToolTip(self.describe())
        super().changeEvent(event)
