"""The one-page strategy summary on paper: one function builds its QTextDocument, one renders it on a printer, a
print preview or a PDF, fitted to exactly one portrait page (Qt's textedit and orderform examples)."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QObject, QPointF, QRect, QRectF, QSizeF
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPicture,
    QPyTextObject,
    QTextCharFormat,
    QTextDocument,
    QTextFormat,
)

from smplanner import __version__
from smplanner.i18n import _, pgettext
from smplanner.services.summary import CUT_LEVELS, KeyDateKind, Limits, SummaryData, cut_lists
from smplanner.ui.fonts import register_fonts, shipped_font_has

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
PAPER_SIZES_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGINS_MM = (14.0, 12.0, 14.0, 12.0)  # left, top, right, bottom
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75)
"""The type sizes tried, as a share of the normal size, once cutting lists is not enough; the last is the floor."""
BODY_PT = 8.5
CHART_MM = 30.0
CHART_MAX_MM = 45.0
"""The workload chart's height at the normal type size, and the most it grows to when the page has room left."""
LAYOUT_DPI = 1200
"""The resolution the document is laid out at: a PDF's own, and fine enough that no glyph width is rounded."""
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "DO", "SV", "NI"})
"""Where US Letter is the usual paper (CLDR's paperSize data)."""

INK = "#1d2733"
MUTED = "#5b6775"
ACCENT = "#1f5a85"
HEADER_FILL = "#e6edf4"
STRIPE_FILL = "#f5f8fb"
RULE = "#c5d1dc"
OVER = "#b3261e"

_CHART_OBJECT = QTextFormat.ObjectTypes.UserObject + 1
_CHART_WIDTH = QTextFormat.Property.UserProperty + 1
_CHART_HEIGHT = QTextFormat.Property.UserProperty + 2
_CHART_MARK = "\u2063smplanner-workload-chart\u2063"
_NARROW_SPACES = frozenset("\u2004\u2005\u2006\u2008\u2009\u200a")


# --- fonts ---------------------------------------------------------------------------------------------------------


def document_font(point_size: float) -> QFont:
    font = QFont()
    families = list(register_fonts())
    if families:
        font.setFamilies(families)
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # Ligatures ("ft", "fi") reach a PDF as glyphs that text extraction, search and copying read as nothing.
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


def missing_characters(data: SummaryData) -> str:
    """The characters of the summary that none of the shipped fonts has (printed with a system font when there is
    one, else as boxes), each once, in order of appearance."""
    missing: dict[str, None] = {}
    for text in _strings(data):
        for character in _printable(text):
            if character.isspace() or unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp"):
                continue
            if character not in missing and not shipped_font_has(character):
                missing[character] = None
    return "".join(missing)


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            if item.compare:  # the chart's plan and report are not text of the page
                yield from _strings(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def _printable(text: str) -> str:
    """The text with the narrow spaces babel puts in ranges ("Jan 6 – 8") as the narrow no-break space the fonts
    have; other characters as they are."""
    return "".join("\u202f" if c in _NARROW_SPACES else c for c in text)


def _e(text: str) -> str:
    """Text for the HTML: everything the founder typed is shown literally, never read as markup."""
    return html.escape(_printable(text), quote=True)


# --- the document --------------------------------------------------------------------------------------------------


def content_size_mm(page_size_mm: tuple[float, float]) -> tuple[float, float]:
    left, top, right, bottom = MARGINS_MM
    return page_size_mm[0] - left - right, page_size_mm[1] - top - bottom


def _units(mm: float) -> float:
    return mm * LAYOUT_DPI / 25.4


class SummaryDocument(QTextDocument):
    """The summary's document, holding what must live as long as it (the layout's device, the chart and its
    painter) and the chart's height in millimetres (0 without a chart)."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[object] = []
        self.chart_mm = 0.0


def build_summary_document(
    data: SummaryData, page_size_mm: tuple[float, float], scale: float = 1.0, *, chart_height_mm: float | None = None
) -> SummaryDocument:
    """The summary as a document laid out for a page of that size (portrait, margins `MARGINS_MM`), its type at
    `scale` times the normal size, the workload chart (when there is a QApplication) `chart_height_mm` high
    (`CHART_MM` times the scale by default). Its units are dots at `LAYOUT_DPI`; its text width is the page's less
    margins."""
    width_mm, _height_mm = content_size_mm(page_size_mm)
    document = SummaryDocument()
    device = QImage(1, 1, QImage.Format.Format_ARGB32)
    dots_per_metre = round(LAYOUT_DPI / 0.0254)
    device.setDotsPerMeterX(dots_per_metre)
    device.setDotsPerMeterY(dots_per_metre)
    document.documentLayout().setPaintDevice(device)
    document.setUseDesignMetrics(True)
    document.setDocumentMargin(0)
    document.setDefaultFont(document_font(BODY_PT * scale))
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle,
                                _("Strategy summary \u2014 {firm}").format(firm=data.firm))
    chart = _workload_chart(data)
    document.setHtml(_html(data, scale, chart is not None))
    document.setTextWidth(_units(width_mm))
    keep: list[object] = [device]
    height = 0.0
    if chart is not None:
        height = CHART_MM * scale if chart_height_mm is None else chart_height_mm
        keep += _insert_chart(document, chart, _units(width_mm), _units(height), scale)
    document.kept = keep
    document.chart_mm = height
    return document


def _pt(value: float, scale: float) -> str:
    return "{v:.2f}pt".format(v=value * scale)


def _px(value: float, scale: float) -> int:
    return max(0, round(value * scale))


def _paragraph(text: str, style: str = "") -> str:
    return '<p style="margin-top:0px; margin-bottom:0px; {style}">{text}</p>'.format(style=style, text=text)


def _heading(text: str, scale: float, top: float = 12) -> str:
    return _paragraph(
        _e(text),
        "margin-top:{top}px; margin-bottom:{bottom}px; font-size:{size}; font-weight:600; color:{colour};".format(
            top=_px(top, scale), bottom=_px(3, scale), size=_pt(11, scale), colour=ACCENT
        ),
    )


def _subheading(text: str, scale: float) -> str:
    return _paragraph(
        _e(text),
        "margin-top:{top}px; margin-bottom:{bottom}px; font-size:{size}; font-weight:600; color:{colour};".format(
            top=_px(5, scale), bottom=_px(1, scale), size=_pt(9.5, scale), colour=INK
        ),
    )


def _cell(text: str, scale: float, *, width: str = "", align: str = "left", header: bool = False, fill: str = "",
          last: bool = False, nowrap: bool = False, span: int = 1) -> str:
    style = "padding-left:{h}px; padding-right:{h}px; padding-top:{v}px; padding-bottom:{v}px;".format(
        h=_px(4, scale), v=_px(2, scale))
    if nowrap:
        style += " white-space:nowrap;"
    if header:
        style += " font-weight:600; color:{muted}; font-size:{size};".format(muted=MUTED, size=_pt(7.5, scale))
    if not last:
        style += " border-bottom-width:1px; border-bottom-style:solid; border-bottom-color:{rule};".format(rule=RULE)
    attributes = ' align="{align}" valign="top"'.format(align=align)
    if width:
        attributes += ' width="{width}"'.format(width=width)
    if fill:
        attributes += ' bgcolor="{fill}"'.format(fill=fill)
    if span > 1:
        attributes += ' colspan="{span}"'.format(span=span)
    return '<td{attributes} style="{style}">{text}</td>'.format(attributes=attributes, style=style, text=text)


def _table(rows: list[str], scale: float) -> str:
    return ('<table width="100%" cellspacing="0" cellpadding="0" style="border-collapse:collapse; '
            'margin-top:{top}px; margin-bottom:0px;">{rows}</table>').format(top=_px(1, scale), rows="".join(rows))


def _muted(text: str) -> str:
    return '<span style="color:{muted};">{text}</span>'.format(muted=MUTED, text=text)


def _html(data: SummaryData, scale: float, with_chart: bool) -> str:
    parts = [_header(data, scale), _markets(data, scale)]
    parts.append(_two_columns(
        _decision_groups(data, scale, (0, 1, 2)), _decision_groups(data, scale, (3, 4)), scale,
        heading=_heading(_("Decisions"), scale),
    ))
    parts.append(_two_columns(_workload(data, scale), _key_dates(data, scale), scale, left_share=44))
    if with_chart:
        parts.append(_paragraph(_CHART_MARK, "margin-top:{top}px;".format(top=_px(6, scale))))
    footer = _("Made with smplanner {version} on {date}.").format(version=__version__, date=data.made_on)
    if data.cut:
        footer += " " + _("Long lists are shortened to fit one page.")
    parts.append(_paragraph(
        _e(footer),
        "margin-top:{top}px; font-size:{size}; color:{muted};".format(top=_px(6, scale), size=_pt(7, scale),
                                                                        muted=MUTED),
    ))
    return '<html><body style="color:{ink};">{body}</body></html>'.format(ink=INK, body="".join(parts))


def _header(data: SummaryData, scale: float) -> str:
    subtitle = [_("Social-media strategy"), data.scenario]
    if data.sector:
        subtitle.append(data.sector)
    facts = [
        _("Home: {home}").format(home=data.home),
        _("Plan period: {period}").format(period=data.period),
    ]
    left = (
        _paragraph(_e(data.firm), "font-size:{size}; font-weight:700; color:{colour};".format(
            size=_pt(19 if len(data.firm) <= 40 else 15 if len(data.firm) <= 80 else 12, scale), colour=ACCENT))
        + _paragraph(_e(" \u00b7 ".join(subtitle)), "margin-top:{top}px; font-size:{size}; font-weight:600;".format(
            top=_px(1, scale), size=_pt(10.5, scale)))
        + _paragraph(_e(" \u00b7 ".join(facts)), "margin-top:{top}px; color:{muted};".format(
            top=_px(2, scale), muted=MUTED))
    )
    right = (
        _paragraph(_e(_("Strategy summary")), "font-size:{size}; font-weight:600; color:{muted};".format(
            size=_pt(9, scale), muted=MUTED), )
        + _paragraph(_e(data.made_on), "color:{muted};".format(muted=MUTED))
    )
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" style="border-collapse:collapse;"><tr>'
        '<td valign="bottom" style="padding-bottom:{pad}px; border-bottom-width:2px; border-bottom-style:solid; '
        'border-bottom-color:{accent};">{left}</td>'
        '<td valign="bottom" align="right" width="22%" style="padding-bottom:{pad}px; border-bottom-width:2px; '
        'border-bottom-style:solid; border-bottom-color:{accent};">{right}</td>'
        '</tr></table>'
    ).format(pad=_px(5, scale), accent=ACCENT, left=left, right=right.replace("<p ", '<p align="right" '))


def _markets(data: SummaryData, scale: float) -> str:
    heading = _heading(_("Markets"), scale, top=8)
    if not data.markets:
        return heading + _paragraph(_muted(_e(_("No market yet."))))
    columns = [
        (_("Market"), "19%", "left"),
        (_("Time zone"), "17%", "left"),
        (_("Languages"), "13%", "left"),
        (_("Objectives"), "15%", "left"),
        (_("Platforms"), "28%", "left"),
        (pgettext("narrow column of the summary's markets table", "Posts a week"), "8%", "right"),
    ]
    rows = ["<tr>" + "".join(_cell(_e(title), scale, width=width, align=align, header=True, fill=HEADER_FILL)
                             for title, width, align in columns) + "</tr>"]
    for index, market in enumerate(data.markets):
        fill = STRIPE_FILL if index % 2 else ""
        last = index == len(data.markets) - 1
        if not market.zone:  # the "+N more" row of a cut table: the codes left out, across the row
            text = "<b>{more}</b>\u2002{codes}".format(more=_e(market.code), codes=_muted(_e(market.name)))
            rows.append("<tr>" + _cell(text, scale, fill=fill, last=last, span=len(columns)) + "</tr>")
            continue
        name = "<b>{code}</b>\u2002{name}".format(code=_e(market.code), name=_e(market.name))
        if market.entry:
            name += "<br/>" + _muted(_e(market.entry))
        if market.holiday_note:
            name += "<br/>" + _muted(_e("\u2139 " + market.holiday_note))
        zone = _e(market.zone) + ("\u2002" + _muted(_e(market.offset)) if market.offset else "")
        cells = [name, zone, _e(market.languages), _e(market.objectives), _e(", ".join(market.platforms)),
                 _e(market.cadence)]
        rows.append("<tr>" + "".join(
            _cell(text, scale, width=width, align=align, fill=fill, last=last)
            for text, (_title, width, align) in zip(cells, columns, strict=True)
        ) + "</tr>")
    return heading + _table(rows, scale)


def _line(line, scale: float) -> str:
    parts = []
    if line.label:
        parts.append('<span style="font-weight:600;">{label}</span>'.format(label=_e(line.label)))
    if line.text:
        parts.append(_e(line.text))
    text = " ".join(parts)
    if line.items:
        items = " \u00b7 ".join(_e(item) for item in line.items)
        text = "{text}{sep}{items}".format(text=text, sep=" \u2014 " if line.text else " " if text else "", items=items)
    return _paragraph(text, "margin-top:{top}px; margin-left:{indent}px; text-indent:-{indent}px;".format(
        top=_px(1.5, scale), indent=_px(8, scale)))


def _decision_groups(data: SummaryData, scale: float, which: tuple[int, ...]) -> str:
    parts = []
    for index in which:
        if index >= len(data.decisions):
            continue
        group = data.decisions[index]
        parts.append(_subheading(group.title, scale))
        parts += [_line(line, scale) for line in group.lines]
    return "".join(parts)


def _two_columns(left: str, right: str, scale: float, *, heading: str = "", left_share: int = 50) -> str:
    gap = 4
    return heading + (
        '<table width="100%" cellspacing="0" cellpadding="0" style="border-collapse:collapse;"><tr>'
        '<td width="{left_share}%" valign="top">{left}</td><td width="{gap}%"></td>'
        '<td width="{right_share}%" valign="top">{right}</td></tr></table>'
    ).format(left_share=left_share - gap // 2, gap=gap, right_share=100 - left_share - gap // 2, left=left,
             right=right)


def _workload(data: SummaryData, scale: float) -> str:
    parts = [_heading(_("Workload against allocation"), scale)]
    workload = data.workload
    if workload is None:
        return parts[0] + _paragraph(_muted(_e(_("No plan period yet."))))
    rows = ["<tr>" + "".join((
        _cell(_e(_("Hours a week")), scale, width="46%", header=True, fill=HEADER_FILL),
        _cell(_e(_("Needed")), scale, width="18%", align="right", header=True, fill=HEADER_FILL, nowrap=True),
        _cell(_e(_("Available")), scale, width="20%", align="right", header=True, fill=HEADER_FILL, nowrap=True),
        _cell("", scale, width="16%", header=True, fill=HEADER_FILL),
    )) + "</tr>"]
    for row in (*workload.rows, workload.total):
        total = row is workload.total
        weight = "font-weight:600;" if total else ""
        status = (
            '<span style="color:{over}; font-weight:600;">{text}</span>'.format(over=OVER, text=_e(_("over")))
            if row.over else ""
        )
        fill = HEADER_FILL if total else ""
        rows.append("<tr>" + "".join((
            _cell('<span style="{w}">{name}</span>'.format(w=weight, name=_e(row.name)), scale, fill=fill,
                  last=total),
            _cell('<span style="{w}">{v}</span>'.format(w=weight, v=_e(row.needed)), scale, align="right", fill=fill,
                  last=total, nowrap=True),
            _cell('<span style="{w}">{v}</span>'.format(w=weight, v=_e(row.available)), scale, align="right",
                  fill=fill, last=total, nowrap=True),
            _cell(status, scale, fill=fill, last=total, nowrap=True),
        )) + "</tr>")
    parts.append(_table(rows, scale))
    parts.append(_paragraph(_muted(_e(workload.weeks_over)), "margin-top:{top}px;".format(top=_px(3, scale))))
    if workload.publishing:
        parts.append(_paragraph(
            '<span style="color:{colour};">{text}</span>'.format(colour=OVER if workload.overdue else INK,
                                                                 text=_e(workload.publishing)),
            "margin-top:{top}px;".format(top=_px(2, scale)),
        ))
    budget = _("Budget per month: {budget}").format(budget=workload.budget)
    parts.append(_paragraph(
        '<span style="color:{colour};">{text}</span>'.format(colour=OVER if workload.over_budget else INK,
                                                             text=_e(budget)),
        "margin-top:{top}px;".format(top=_px(2, scale)),
    ))
    if workload.findings:
        parts.append(_subheading(_("To watch"), scale))
        for finding in workload.findings:
            parts.append(_paragraph("\u2022\u2002" + _e(finding), "margin-top:{top}px; margin-left:{i}px; "
                                    "text-indent:-{i}px;".format(top=_px(1.5, scale), i=_px(8, scale))))
    return "".join(parts)


def _key_dates(data: SummaryData, scale: float) -> str:
    heading = _heading(data.key_dates_title, scale)
    if not data.key_dates:
        return heading + _paragraph(_muted(_e(_("Nothing in these weeks."))))
    rows = []
    previous = None
    for index, key in enumerate(data.key_dates):
        last = index == len(data.key_dates) - 1
        if not key.label:  # the "+N more" line of a cut list
            rows.append("<tr>" + _cell(_muted(_e(key.text)), scale, last=True, span=3) + "</tr>")
            continue
        colour = ACCENT if key.kind is KeyDateKind.FIRST_POST else OVER if key.kind is KeyDateKind.HOLIDAY else MUTED
        what = '<span style="color:{colour}; font-weight:600;">{label}</span>\u2002{text}'.format(
            colour=colour, label=_e(key.label), text=_e(key.text))
        when = "" if key.when == previous else _e(key.when)  # a day's dates under its date once, as in an agenda
        previous = key.when
        rows.append("<tr>" + "".join((
            _cell(when, scale, width="27%", last=last),
            _cell(what, scale, width="55%", last=last),
            _cell(_e(key.markets), scale, width="18%", last=last),
        )) + "</tr>")
    return heading + _table(rows, scale)


# --- the workload chart, painted where the document shows it -------------------------------------------------------


def _workload_chart(data: SummaryData):
    """The workload panel's chart widget set to the summary's report, when there is one to show and a
    QApplication to make widgets with (the chart is a widget)."""
    from PySide6.QtWidgets import QApplication

    workload = data.workload
    if workload is None or workload.report is None or workload.plan is None or not workload.report.weeks:
        return None
    if workload.report.total_needed_hours <= 0:  # an empty chart says nothing the table does not
        return None
    if not isinstance(QCoreApplication.instance(), QApplication):
        return None
    from smplanner.ui.workload.workload_panel import WorkloadChart

    chart = WorkloadChart()
    chart.set_report(workload.plan, workload.report)
    return chart


class _ChartObject(QPyTextObject):
    """Paints the workload chart in the document, as vectors, at the size its format says."""

    def __init__(self, chart, point_size: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.point_size = point_size

    def intrinsicSize(self, document, position, char_format) -> QSizeF:
        return QSizeF(char_format.doubleProperty(_CHART_WIDTH), char_format.doubleProperty(_CHART_HEIGHT))

    def drawObject(self, painter: QPainter, rect: QRectF | QRect, document, position, char_format) -> None:
        # The chart is laid out in screen-like pixels (its padding, ticks and swatches are sized for a screen): record
        # it at the screen's resolution, then play it back scaled to the box, as vectors.
        picture = QPicture()
        dpi = picture.logicalDpiY() or 96
        size = QSizeF(rect.width() * dpi / LAYOUT_DPI, rect.height() * dpi / LAYOUT_DPI)
        recorder = QPainter(picture)
        recorder.setFont(document_font(self.point_size))
        self.chart.paint_to(recorder, QRectF(QPointF(0, 0), size), _paper_palette())
        recorder.end()
        # Playing a picture back scales it by the device's resolution over the picture's: undo that.
        device = painter.device()
        played = (device.logicalDpiX() / picture.logicalDpiX(), device.logicalDpiY() / dpi) if device else (1, 1)
        painter.save()
        painter.translate(rect.topLeft())
        painter.scale(rect.width() / size.width() / played[0], rect.height() / size.height() / played[1])
        painter.drawPicture(0, 0, picture)
        painter.restore()


def _paper_palette() -> QPalette:
    """Dark ink on white paper, whatever the desktop's theme."""
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Base, "#ffffff"), (QPalette.ColorRole.Window, "#ffffff"),
        (QPalette.ColorRole.Text, INK), (QPalette.ColorRole.WindowText, INK),
        (QPalette.ColorRole.PlaceholderText, MUTED),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def _insert_chart(document: QTextDocument, chart, width: float, height: float, scale: float) -> list[object]:
    found = document.find(_CHART_MARK)
    if found.isNull():
        return []
    handler = _ChartObject(chart, 7 * scale, document)
    document.documentLayout().registerHandler(_CHART_OBJECT, handler)
    char_format = QTextCharFormat()
    char_format.setObjectType(_CHART_OBJECT)
    char_format.setProperty(_CHART_WIDTH, width)
    char_format.setProperty(_CHART_HEIGHT, height)
    found.insertText("\ufffc", char_format)
    return [handler, chart]


# --- fitting it on one page and rendering it -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SummaryFit:
    """How the summary was fitted on its page."""

    limits: Limits | None  # the cut applied to long lists, None when nothing was cut
    scale: float  # the type size, as a share of the normal size
    shrink: float = 1.0  # below 1 when even the smallest type and tightest cut had to be scaled down as a whole
    missing: str = ""  # characters no shipped font has (see `missing_characters`)


def _fits(document: QTextDocument, page_size_mm: tuple[float, float]) -> bool:
    width_mm, height_mm = content_size_mm(page_size_mm)
    size = document.documentLayout().documentSize()
    return size.height() <= _units(height_mm) and size.width() <= _units(width_mm) + 1


def fitted_document(data: SummaryData, page_size_mm: tuple[float, float]) -> tuple[SummaryDocument, SummaryFit]:
    """The summary laid out to fit one page: whole at the normal size if it can; else long lists cut ever shorter
    ("+N more"); else the type made smaller step by step, down to a floor. Whatever is left over is scaled down
    as a whole when rendered, so nothing ever spills onto a second page or is clipped."""
    attempts: list[tuple[Limits | None, float]] = [(None, 1.0)]
    attempts += [(limits, 1.0) for limits in CUT_LEVELS[:3]]
    attempts += [(CUT_LEVELS[2], scale) for scale in SCALES[1:]]
    attempts += [(limits, SCALES[-1]) for limits in CUT_LEVELS[3:]]
    document: SummaryDocument | None = None
    for limits, scale in attempts:
        shown = data if limits is None else cut_lists(data, limits)
        document = build_summary_document(shown, page_size_mm, scale)
        if _fits(document, page_size_mm):
            return _with_taller_chart(document, shown, page_size_mm, scale), SummaryFit(limits, scale)
    assert document is not None  # there is always a last attempt
    width_mm, height_mm = content_size_mm(page_size_mm)
    size = document.documentLayout().documentSize()
    shrink = min(_units(width_mm) / size.width(), _units(height_mm) / size.height(), 1.0)
    return document, SummaryFit(limits, scale, shrink)


def _with_taller_chart(
    document: SummaryDocument, shown: SummaryData, page_size_mm: tuple[float, float], scale: float
) -> SummaryDocument:
    """The document with its chart grown into the room left at the foot of the page (up to `CHART_MAX_MM`)."""
    chart_mm = document.chart_mm
    if not chart_mm:
        return document
    _width_mm, height_mm = content_size_mm(page_size_mm)
    room_mm = height_mm - document.documentLayout().documentSize().height() * 25.4 / LAYOUT_DPI
    taller = min(CHART_MAX_MM, chart_mm + room_mm - 1)
    if taller < chart_mm + 2:
        return document
    grown = build_summary_document(shown, page_size_mm, scale, chart_height_mm=taller)
    return grown if _fits(grown, page_size_mm) else document


def set_paper(device: QPagedPaintDevice, paper: str) -> None:
    """Give a printer or PDF writer the paper ("a4" or "letter"), portrait, with the summary's margins."""
    left, top, right, bottom = MARGINS_MM
    device.setPageLayout(QPageLayout(QPageSize(PAPERS[paper]), QPageLayout.Orientation.Portrait,
                                     QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter))


def default_paper() -> str:
    """The paper the user's locale usually prints on: "letter" in the Americas that use it, else "a4"."""
    from PySide6.QtCore import QLocale

    territory = QLocale.territoryToCode(QLocale.system().territory())
    return "letter" if territory in LETTER_TERRITORIES else "a4"


def render_summary(data: SummaryData, device: QPagedPaintDevice, paper: str | None = None) -> SummaryFit:
    """Render the summary on one page of a printer, print preview or PDF writer.

    With `paper` ("a4" or "letter") the device gets that page, portrait, with the summary's margins; without, the
    page the device has (the one chosen in the print dialog) is used, whatever its margins.
    """
    if paper is not None:
        set_paper(device, paper)
    layout = device.pageLayout()
    full = layout.fullRect(QPageLayout.Unit.Millimeter)
    page_size_mm = (full.width(), full.height())
    document, fit = fitted_document(data, page_size_mm)
    width_mm, height_mm = content_size_mm(page_size_mm)
    box = QRectF(0, 0, _units(width_mm), _units(height_mm))
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(_("Cannot start printing."))
    try:
        paint = layout.paintRectPixels(device.logicalDpiX())
        # The document is laid out for the page less the summary's margins; a device whose margins are wider
        # (a printer's unprintable edge) gets it scaled down to fit, never clipped.
        factor = min(paint.width() / box.width(), paint.height() / box.height(), 1.0) * fit.shrink
        painter.scale(factor, factor)
        document.drawContents(painter, QRectF(0, 0, box.width() / fit.shrink, box.height() / fit.shrink))
    finally:
        painter.end()
    return SummaryFit(fit.limits, fit.scale, fit.shrink, missing_characters(data))


def write_summary_pdf(
    data: SummaryData, path: Path | str, paper: str = "a4", inputs: Iterable[Path] = ()
) -> SummaryFit:
    """Write the summary as a one-page PDF, whole or not at all (a failure leaves an existing file as it was) and
    never over one of `inputs` (the plan it summarises)."""
    from smplanner.storage.output_file import check_not_an_input, write_output

    if paper not in PAPERS:
        raise ValueError("paper must be one of {papers}".format(papers=", ".join(PAPERS)))
    check_not_an_input(Path(path), inputs)  # before the work of rendering
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(LAYOUT_DPI)
    writer.setCreator("smplanner {version}".format(version=__version__))
    writer.setTitle(_("Strategy summary \u2014 {firm}").format(firm=data.firm))
    fit = render_summary(data, writer, paper)
    del writer  # the document is complete once the writer is gone
    write_output(Path(path), bytes(buffer.data().data()), inputs)
    return fit


# --- print preview -------------------------------------------------------------------------------------------------


def summary_preview_dialog(parent, data_provider: Callable[[], SummaryData], paper: str | None = None):
    """A print preview of the summary (QPrintPreviewDialog), printing from it; not shown yet. `data_provider` is
    called once, when the preview first paints."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    set_paper(printer, paper or default_paper())
    made: list[SummaryData] = []

    def paint(device) -> None:
        if not made:
            made.append(data_provider())
        render_summary(made[0], device)

    class SummaryPreview(QPrintPreviewDialog):
        """The preview, holding the printer it previews (the dialog does not own it)."""

        def __init__(self) -> None:
            super().__init__(printer, parent)
            self.previewed = printer

    dialog = SummaryPreview()
    dialog.setWindowTitle(_("Print summary"))
    dialog.paintRequested.connect(paint)
    return dialog


def print_preview(parent, data_provider: Callable[[], SummaryData], paper: str | None = None) -> int:
    """Show the print preview of the summary (File > Print summary…); returns the dialog's result."""
    dialog = summary_preview_dialog(parent, data_provider, paper)
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()
