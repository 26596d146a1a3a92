"""The painted calendar views (week, month, market clocks) and what they share: colours for light and dark
palettes, times that always carry their zone, and a post's tooltip."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from babel import dates
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QMenu

from smplanner.domain.plan import PostStatus
from smplanner.domain.post_fixes import FIX_LABELS, FIX_OF, FixScope
from smplanner.domain.post_warnings import NOTE_LABELS, WARNING_LABELS, WARNING_SHORT_LABELS, PostNote, PostWarning
from smplanner.i18n import _, current_locale
from smplanner.i18n.formatting import (
    country_name,
    format_date,
    format_time,
    ui_locale,
    uses_12_hour_clock,
    zone_label,
)
from smplanner.ui.colours import blend, contrast, is_dark

# Hues far enough apart to tell markets (or platforms) apart, in the order they are handed out.
HUES = (212, 28, 140, 282, 48, 186, 335, 95, 0, 252, 165, 310)
FOUNDER_COLOUR = -1
PLATFORM_HUE_SHIFT = 6  # platforms take the hues markets use last, so a platform tile is not read as a market band
STRIPE_WIDTH = 4


class LegendMark(StrEnum):
    """The marks a legend can explain beside the colours."""

    STRIPE = "stripe"
    WARNING = "warning"
    HATCHED = "hatched"
    OUTLINE = "outline"
    DASHED = "dashed"
    NIGHT = "night"
    FILL = "fill"
    IDEA = "idea"  # a tile as each status shows it
    READY = "ready"
    PUBLISHED = "published"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """How a tile shows its post's status: how strong its fill is, its edge, a mark before its words, struck out."""

    fill_strength: float  # 1: the colour's full tile fill; less: faded towards the background
    edge: Qt.PenStyle
    edge_width: float
    mark: str = ""
    struck: bool = False


STATUS_STYLES = {
    PostStatus.IDEA: StatusStyle(0.45, Qt.PenStyle.DashLine, 1.2),
    PostStatus.DRAFT: StatusStyle(0.75, Qt.PenStyle.SolidLine, 1.0),
    PostStatus.READY: StatusStyle(1.0, Qt.PenStyle.SolidLine, 2.0),
    PostStatus.PUBLISHED: StatusStyle(1.0, Qt.PenStyle.SolidLine, 1.0, mark="\u2713 "),
    PostStatus.SKIPPED: StatusStyle(0.3, Qt.PenStyle.DotLine, 1.0, struck=True),
}
"""Idea dashed and pale, draft lighter, ready with a strong edge, published ticked, skipped pale and struck out."""


def status_fill(index: int, dark: bool, status: PostStatus, ground: QColor) -> QColor:
    """A tile's opaque fill for its status: the colour's fill faded towards the ground as the status says."""
    fill = QColor(tile_fill(index, dark))
    strength = STATUS_STYLES[status].fill_strength
    if strength >= 1.0:
        return fill
    fill.setAlphaF(strength)
    return blend(ground, [fill])


class ColourBy(StrEnum):
    MARKET = "market"
    PLATFORM = "platform"


def _hsl(index: int, saturation: float, lightness: float, alpha: float = 1.0) -> QColor:
    if index == FOUNDER_COLOUR:
        return QColor.fromHslF(0.0, 0.0, lightness, alpha)
    return QColor.fromHslF(HUES[index % len(HUES)] / 360, saturation, lightness, alpha)


def tile_fill(index: int, dark: bool) -> QColor:
    """A tile's background: a pastel on a light theme, a deep tone on a dark one."""
    return _hsl(index, 0.55, 0.30, 1.0) if dark else _hsl(index, 0.70, 0.86, 1.0)


def tile_edge(index: int, dark: bool) -> QColor:
    return _hsl(index, 0.60, 0.62) if dark else _hsl(index, 0.60, 0.42)


def strong(index: int, dark: bool, alpha: float = 1.0) -> QColor:
    """The series colour at full strength, for stripes, badges and markers."""
    return _hsl(index, 0.65, 0.58, alpha) if dark else _hsl(index, 0.70, 0.45, alpha)


def wash(index: int, dark: bool) -> QColor:
    """A light, see-through tint of the series colour, for areas that other marks are drawn over."""
    return _hsl(index, 0.60, 0.55, 0.16 if dark else 0.10)


def text_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on a background."""
    black, white = QColor(20, 20, 20), QColor(250, 250, 250)
    return black if contrast(black, background) >= contrast(white, background) else white


def warning_colour(dark: bool) -> QColor:
    return QColor("#f9c74f") if dark else QColor("#e09f00")


@lru_cache(maxsize=4096)
def _clock_text(skeleton: str, hour: int, minute: int, locale: str) -> str:
    # Views paint hundreds of times a second's worth of labels; babel formats each distinct one once per locale.
    return dates.format_skeleton(skeleton, datetime(2000, 1, 1, hour, minute), locale=ui_locale())


def hour_label(value: datetime) -> str:
    """A grid line's hour in the UI's clock style ("5 PM", "17"), with minutes when it is not a full hour."""
    twelve = uses_12_hour_clock()
    skeleton = ("h" if twelve else "H") if value.minute == 0 else ("hm" if twelve else "Hm")
    return _clock_text(skeleton, value.hour, value.minute, current_locale())


def compact_time(value: datetime) -> str:
    """A short clock time for narrow places: "8 PM", "8:30 PM", "20:00"."""
    skeleton = ("h" if value.minute == 0 else "hm") if uses_12_hour_clock() else "Hm"
    return _clock_text(skeleton, value.hour, value.minute, current_locale())


def compact_time_with_zone(value: datetime) -> str:
    return _("{time} {zone}").format(time=compact_time(value), zone=zone_label(value))


def time_with_zone(value: datetime) -> str:
    """A clock time and the zone it is in ("09:00 JST"): no time is shown in an unnamed zone."""
    return _("{time} {zone}").format(time=format_time(value), zone=zone_label(value))


def day_and_time(value: datetime) -> str:
    return _("{day}, {time}").format(day=format_date(value.date()), time=time_with_zone(value))


def month_day(value: date) -> str:
    """A day of a month in narrow places where the month and year are plain, e.g. "Jan 12"."""
    return dates.format_skeleton("MMMd", value, locale=ui_locale())


def offset_text(hours: float) -> str:
    """An offset in hours, signed ("+8 h", "-5:30 h"); zero is "±0 h"."""
    if hours == 0:
        return _("±0 h")
    sign = "+" if hours > 0 else "−"
    whole, minutes = divmod(round(abs(hours) * 60), 60)
    amount = str(whole) if not minutes else "{h}:{m:02d}".format(h=whole, m=minutes)
    return _("{sign}{amount} h").format(sign=sign, amount=amount)


def utc_offset_text(value: datetime) -> str:
    """A zone's UTC offset at a moment, e.g. "UTC+9", "UTC+5:30", "UTC−5"."""
    seconds = int((value.utcoffset() or timedelta(0)).total_seconds())
    sign = "−" if seconds < 0 else "+"
    whole, minutes = divmod(abs(seconds) // 60, 60)
    amount = str(whole) if not minutes else "{h}:{m:02d}".format(h=whole, m=minutes)
    return _("UTC{sign}{amount}").format(sign=sign, amount=amount)


def warning_sentences(warnings: Sequence[str]) -> list[str]:
    return [_(WARNING_LABELS[PostWarning(w)]) if w in WARNING_LABELS else str(w) for w in warnings]


def add_fix_actions(
    menu: QMenu,
    post_id: str,
    warnings: Sequence[str],
    market_code: str,
    has_rule: bool,
    requested: Callable[[str, str, str], object],
) -> int:
    """Add to a post's menu the fix each of its warnings offers, for the post, for every post of its market with
    that warning, and for every post of its rule; `requested(post_id, warning, scope)` applies one. Returns how
    many actions it added."""
    added = 0
    for value in warnings:
        warning = PostWarning(value)
        kind = FIX_OF.get(warning)
        if kind is None:
            continue
        label = _(FIX_LABELS[kind])
        scopes = [(FixScope.POST, label),
                  (FixScope.MARKET, _("{fix}: every post of {market} with this warning").format(fix=label,
                                                                                              market=market_code))]
        if has_rule:
            scopes.append((FixScope.RULE, _("{fix}: every post of its rule with this warning").format(fix=label)))
        section = menu.addSection(_(WARNING_LABELS[warning]))
        section.setToolTip(_(WARNING_SHORT_LABELS[warning]))
        for scope, text in scopes:
            action = menu.addAction(text)
            action.triggered.connect(
                lambda _checked=False, w=warning.value, s=scope.value: requested(post_id, w, s))
            added += 1
    return added


def note_sentences(notes: Sequence[str]) -> list[str]:
    return [_(NOTE_LABELS[PostNote(n)]) if n in NOTE_LABELS else str(n) for n in notes]


def post_tooltip(
    title: str, platform_name: str, market_code: str, country: str, local: datetime, home: datetime,
    warnings: Sequence[str], notes: Sequence[str] = (),
) -> str:
    """What a post's tooltip says, in plain text: title, platform, market, both times with their zones, warnings,
    then notes (which are not warnings)."""
    lines = [title or _("(untitled)")]
    lines.append(_("{platform} · {market} ({country})").format(
        platform=platform_name, market=market_code, country=country_name(country)))
    lines.append(_("Market time: {when}").format(when=day_and_time(local)))
    lines.append(_("Your time: {when}").format(when=day_and_time(home)))
    for sentence in warning_sentences(warnings):
        lines.append(_("⚠ {warning}").format(warning=sentence))
    for sentence in note_sentences(notes):
        lines.append(_("ℹ {note}").format(note=sentence))
    return "\n".join(lines)


def _draw_warning_mark(painter: QPainter, dark: bool, at: QPointF) -> None:
    triangle = QPolygonF([QPointF(at.x(), at.y()), QPointF(at.x() + 6, at.y() + 10), QPointF(at.x() - 6, at.y() + 10)])
    painter.setBrush(warning_colour(dark))
    painter.setPen(QPen(QColor(60, 40, 0), 0.8))
    painter.drawPolygon(triangle)
    painter.setPen(QPen(QColor(40, 25, 0), 1.4))
    painter.drawLine(QPointF(at.x(), at.y() + 3.5), QPointF(at.x(), at.y() + 6.5))
    painter.drawPoint(QPointF(at.x(), at.y() + 8.3))


_warning_marks: dict[tuple[bool, float], QPixmap] = {}


def paint_warning_mark(painter: QPainter, dark: bool, at: QPointF) -> None:
    """A small amber triangle with an exclamation mark, its top at `at`: its shape says "warning", not only its colour.

    Drawn once per theme and pixel ratio, then copied: a week can show hundreds of them.
    """
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    pixmap = _warning_marks.get((dark, ratio))
    if pixmap is None:
        pixmap = QPixmap(round(14 * ratio), round(12 * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        mark_painter = QPainter(pixmap)
        mark_painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _draw_warning_mark(mark_painter, dark, QPointF(7, 0.5))
        mark_painter.end()
        _warning_marks[(dark, ratio)] = pixmap
    painter.drawPixmap(QPointF(at.x() - 7, at.y() - 0.5), pixmap)


def outside_brush(index: int, dark: bool) -> QBrush:
    """The hatching laid over a good-hour window that falls outside the founder's working hours."""
    return QBrush(tile_edge(index, dark), Qt.BrushStyle.BDiagPattern)


def night_colour(palette: QPalette) -> QColor:
    shade = QColor(palette.color(QPalette.ColorRole.Text))
    shade.setAlphaF(0.09)
    return shade


STATUS_MARKS = {LegendMark.IDEA: PostStatus.IDEA, LegendMark.READY: PostStatus.READY,
                LegendMark.PUBLISHED: PostStatus.PUBLISHED, LegendMark.SKIPPED: PostStatus.SKIPPED}


def status_marks() -> list[tuple[LegendMark, str]]:
    """The legend's entries for the posts' statuses (a draft is a plain tile: it needs none)."""
    from smplanner.domain.plan import POST_STATUS_LABELS

    return [(mark, _(POST_STATUS_LABELS[status]).lower()) for mark, status in STATUS_MARKS.items()]


def paint_legend(
    painter: QPainter, palette: QPalette, area: QRect, font: QFont, colours: Sequence[tuple[int, str]],
    marks: Sequence[tuple[LegendMark, str] | tuple[LegendMark, str, int]], right_text: str = "",
) -> None:
    """A strip naming each colour and mark (a mark may carry a colour), and a note at its right end; what does not
    fit is left out."""
    painter.save()
    dark = is_dark(palette)
    painter.fillRect(area, palette.color(QPalette.ColorRole.Window))
    text = palette.color(QPalette.ColorRole.WindowText)
    separator = QColor(text)
    separator.setAlphaF(0.25)
    painter.fillRect(QRect(area.left(), area.top(), area.width(), 1), separator)
    metrics = QFontMetrics(font)
    painter.setFont(font)
    x = area.left() + 8
    y = area.top() + (area.height() - metrics.height()) / 2
    swatch = metrics.height() - 4
    right_width = metrics.horizontalAdvance(right_text) + 16 if right_text else 0
    limit = area.right() - right_width
    entries: list[tuple[LegendMark | None, int, str]] = [(None, c, t) for c, t in colours]  # None: a colour
    entries += [(m[0], m[2] if len(m) > 2 else FOUNDER_COLOUR, m[1]) for m in marks]
    for kind, colour, label in entries:
        needed = swatch + 5 + metrics.horizontalAdvance(label) + 14
        if x + needed > limit:
            break
        box = QRectF(x, y + 2, swatch, swatch)
        if kind is None or kind == LegendMark.FILL:
            painter.setBrush(tile_fill(colour, dark))
            painter.setPen(QPen(tile_edge(colour, dark), 1))
            painter.drawRoundedRect(box, 2, 2)
        elif kind == LegendMark.STRIPE:
            painter.fillRect(QRectF(box.center().x() - 1.5, y + 1, STRIPE_WIDTH - 1, swatch + 2),
                             strong(colour, dark, 0.85))
        elif kind == LegendMark.WARNING:
            paint_warning_mark(painter, dark, QPointF(box.center().x(), y + 2))
        elif kind == LegendMark.DASHED:
            painter.setBrush(tile_fill(0, dark))
            painter.setPen(QPen(tile_edge(0, dark), 1.2, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(box, 2, 2)
        elif kind == LegendMark.HATCHED:
            painter.setBrush(tile_fill(0, dark))
            painter.setPen(QPen(tile_edge(0, dark), 1))
            painter.drawRect(box)
            painter.fillRect(box, outside_brush(0, dark))
        elif kind == LegendMark.OUTLINE:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
            painter.drawRect(box)
        elif kind == LegendMark.NIGHT:
            painter.fillRect(box, night_colour(palette))
        elif kind is not None and kind in STATUS_MARKS:
            style = STATUS_STYLES[STATUS_MARKS[kind]]
            fill = status_fill(0, dark, STATUS_MARKS[kind], palette.color(QPalette.ColorRole.Base))
            painter.setBrush(fill)
            painter.setPen(QPen(tile_edge(0, dark), style.edge_width, style.edge))
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
            if style.mark:
                painter.setPen(text_on(fill))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, style.mark.strip())
        painter.setPen(text)
        painter.drawText(QRectF(x + swatch + 5, y, needed, metrics.height()), Qt.AlignmentFlag.AlignVCenter, label)
        x += needed
    if right_text:
        painter.setPen(text)
        painter.drawText(QRectF(area.right() - right_width, y, right_width - 8, metrics.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right_text)
    painter.restore()
