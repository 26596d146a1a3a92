"""What the painted calendar views share: the widget frame (empty-plan placeholder, tooltips, language and font
changes, the small font) and, for the week and month views, the posts, their selection and their colours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QRegion,
)
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from smplanner.domain.calendar_layout import time_order
from smplanner.domain.plan import PostStatus
from smplanner.domain.timezones import zone
from smplanner.i18n import _
from smplanner.ui.calendar import (
    PLATFORM_HUE_SHIFT,
    STATUS_STYLES,
    ColourBy,
    add_fix_actions,
    post_tooltip,
    status_fill,
    text_on,
    tile_edge,
)
from smplanner.ui.colours import is_dark

FOCUS_FRAME = 2.0  # the width of the frame drawn round a view, and round its current post, while it has the focus


def scaled_font(font: QFont, factor: float, bold: bool = False) -> QFont:
    """A copy of a font, its point size scaled (when it has one) and bold if asked."""
    scaled = QFont(font)
    if bold:
        scaled.setBold(True)
    if scaled.pointSizeF() > 0:
        scaled.setPointSizeF(scaled.pointSizeF() * factor)
    return scaled


class PaintedCalendarView(QWidget):
    """A painted view: "No plan open" while `_shows_nothing()`, else `_paint(painter, palette, dark, dirty)`;
    tooltips from `_tooltip_at(point)`; `_retranslate()` on a language change, and `_measure()` again when the font,
    language or style change."""

    SIZE_HINT = (1000, 680)
    MINIMUM_SIZE_HINT = (420, 320)
    frames_focus_area = True
    """Whether the focus frame is drawn round what the keys act on (a view whose tiles mark it themselves says no)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._small: QFont | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def sizeHint(self) -> QSize:
        return QSize(*self.SIZE_HINT)

    # --- what each view says: what it shows, how it paints, measures and names itself --------------------------

    def _shows_nothing(self) -> bool:
        return False

    _paint: Callable[[QPainter, QPalette, bool, QRect], None]
    """Paints the view's `dirty` part (each view has its own)."""

    def _tooltip_at(self, point: QPointF) -> str:
        return ""

    def _retranslate(self) -> None:
        """Names that follow the UI language (the accessible name)."""

    def _measure(self) -> None:
        """Sizes that follow the font."""

    def minimumSizeHint(self) -> QSize:
        return QSize(*self.MINIMUM_SIZE_HINT)

    def _small_font(self) -> QFont:
        """The font of tiles and small print (cached: painting asks for it often); copy it before changing it."""
        if self._small is None:
            self._small = scaled_font(self.font(), 0.9)
        return self._small

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange, QEvent.Type.StyleChange):
            if event.type() == QEvent.Type.LanguageChange:
                self._retranslate()
            self._small = None
            self._measure()
            self.update()
        elif event.type() == QEvent.Type.PaletteChange:
            self.update()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            text = self._tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Base))
        if self._shows_nothing():
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No plan open"))
        else:
            self._paint(painter, palette, is_dark(palette), event.rect())
        if self.hasFocus():
            self._paint_focus(painter, palette)

    # --- the keyboard focus: a frame round the view, and round what the keys act on ------------------------------

    def focus_marker(self) -> QRect:
        """Where the keyboard focus is drawn (what the keys act on, else the whole view); empty without the focus."""
        if not self.hasFocus():
            return QRect()
        area = self._focus_area()
        return area if area.isValid() else self.rect()

    def _focus_area(self) -> QRect:
        return QRect()

    def _paint_focus(self, painter: QPainter, palette: QPalette) -> None:
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), FOCUS_FRAME))
        half = FOCUS_FRAME / 2
        painter.drawRect(QRectF(self.rect()).adjusted(half, half, -half, -half))
        area = self._focus_area()
        if area.isValid() and self.frames_focus_area:
            painter.drawRoundedRect(QRectF(area).adjusted(-1.5, -1.5, 1.5, 1.5), 4, 4)
        painter.restore()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()


class PostCalendarView(PaintedCalendarView):
    """A painted view of posts (a layout with tiles, markets and platforms): the selection (one current post, any
    number selected), the keys and clicks that change it, post tooltips and tile colours.

    A view says which post is at a point (`post_at`), where a post is painted (`_post_area`, empty when hidden), what
    a double click away from the posts does (`_activate_slot`), and may bring the current post into view
    (`_reveal`)."""

    frames_focus_area = False  # the current post's tile draws its own focus mark (see _paint_tile_frame)

    post_selected = Signal(str)
    post_activated = Signal(str)
    slot_activated = Signal(object)  # an aware datetime in the reference zone: where a new post would go
    delete_requested = Signal(list)  # the selected post ids, in time order
    fix_requested = Signal(str, str, str)  # a post id, the PostWarning to fix, the FixScope

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._colour_by = ColourBy.MARKET
        self._markets: tuple = ()
        self._tiles_by_id: dict = {}
        self._order: list[str] = []
        self._selected: list[str] = []
        self._current: str | None = None
        self._tile_styles: dict[tuple[int, bool, PostStatus, int], tuple[QColor, QPen, QColor]] = {}
        self._legend_height = 0
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def _reveal(self, post_id: str) -> None:
        """Scroll a post into sight; a view that shows all of its days at once has nothing to do."""

    post_at: Callable[[QPoint | QPointF], str | None]
    """The post whose tile is at a point, if any (each view lays its tiles out its own way)."""
    _post_area: Callable[[str], QRect]
    """Where a post is painted (empty when hidden)."""

    def _activate_slot(self, pos: QPointF) -> None:
        """A double click away from the posts."""

    # --- API ---------------------------------------------------------------------------------------------------

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
        """Select one post (or none) without emitting post_selected, e.g. when another view chose it."""
        self._set_selection([post_id] if post_id is not None and post_id in self._tiles_by_id else [], post_id,
                            emit=False)

    # --- state -------------------------------------------------------------------------------------------------

    def _adopt(self, layout) -> None:
        """Take a layout's posts; the selection keeps the posts that are still there."""
        self._markets = layout.markets
        self._tiles_by_id = {t.post_id: t for t in layout.tiles}
        self._order = time_order(layout.tiles)
        self._selected = [p for p in self._selected if p in self._tiles_by_id]
        if self._current not in self._tiles_by_id:
            self._current = self._selected[-1] if self._selected else None

    def _now_in(self, zone_name: str) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            now = now.astimezone()
        return now.astimezone(zone(zone_name))

    def _set_selection(self, selected: list[str], current: str | None, emit: bool = True) -> None:
        involved = {p for p in (*self._selected, *selected, self._current, current) if p is not None}
        self._selected = list(selected)
        self._current = current
        if current is not None:
            self._reveal(current)  # scrolling moves the painted pixels; the rectangles below are after it
        dirty = QRegion()
        for post_id in involved:
            dirty = dirty.united(self._post_area(post_id))
        self.update(dirty)
        if current is not None:
            self.setAccessibleDescription(self._tooltip_of(current))
            if emit:
                self.post_selected.emit(current)

    def _toggle(self, post_id: str) -> None:
        """Control-click: the post leaves the selection or joins it, and becomes the current one."""
        chosen = [p for p in self._selected if p != post_id]
        if post_id not in self._selected:
            chosen.append(post_id)
        self._set_selection(chosen, post_id)

    def _can_step(self, direction: int) -> bool:
        if self._current is None:
            return True
        index = self._order.index(self._current) + direction
        return 0 <= index < len(self._order)

    def _step(self, direction: int) -> None:
        if not self._order:
            return
        if self._current is None:
            target = self._order[0 if direction > 0 else -1]
        else:
            index = self._order.index(self._current) + direction
            target = self._order[max(0, min(len(self._order) - 1, index))]
        self._set_selection([target], target)

    # --- events ------------------------------------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
        post_id = self._current if keyboard else self.post_at(event.pos())
        if post_id is None or post_id not in self._tiles_by_id:
            super().contextMenuEvent(event)
            return
        self.menu_for(post_id).popup(event.globalPos())

    def menu_for(self, post_id: str) -> QMenu:
        """A post's menu: open it, and the fixes its warnings offer."""
        tile = self._tiles_by_id[post_id]
        menu = QMenu(self)
        menu.addAction(_("Open"), lambda: self.post_activated.emit(post_id))
        add_fix_actions(menu, post_id, tile.warnings, tile.market_code, True, self.fix_requested.emit)
        return menu

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._shows_nothing():
            return super().mouseDoubleClickEvent(event)
        pos = event.position()
        post_id = self.post_at(pos)
        if post_id is not None:
            self.post_activated.emit(post_id)
        else:
            self._activate_slot(pos)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._current is not None:
                self.post_activated.emit(self._current)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if self._selected:
                self.delete_requested.emit(self.selected_posts())
        elif key == Qt.Key.Key_Escape:
            self._set_selection([], None)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Coming in with the keyboard and nothing chosen yet: the first post (the last, with Shift+Tab) is current.
        if self._current is None and self._order and event.reason() in (
            Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason, Qt.FocusReason.ShortcutFocusReason,
        ):
            self._step(-1 if event.reason() == Qt.FocusReason.BacktabFocusReason else 1)
        super().focusInEvent(event)

    def _focus_area(self) -> QRect:
        return QRect(self._post_area(self._current)) if self._current is not None else QRect()

    def focusNextPrevChild(self, forward: bool) -> bool:
        # Tab walks the posts in time order; past the last (or before the first) it leaves the view as usual.
        if self._order and self._can_step(1 if forward else -1):
            self._step(1 if forward else -1)
            return True
        return super().focusNextPrevChild(forward)

    # --- tooltips and painting ---------------------------------------------------------------------------------

    def _market_country(self, market_id: str) -> str:
        return next((m.country for m in self._markets if m.id == market_id), "")

    def _tooltip_of(self, post_id: str) -> str:
        tile = self._tiles_by_id[post_id]
        return post_tooltip(tile.title, tile.platform_name, tile.market_code, self._market_country(tile.market_id),
                            tile.local, tile.home, tile.warnings, tile.notes)

    def _tile_colour(self, tile) -> int:
        if self._colour_by == ColourBy.PLATFORM:
            return tile.platform_colour + PLATFORM_HUE_SHIFT
        return tile.market_colour

    def _legend_colours(self, layout) -> list[tuple[int, str]]:
        """The legend's colours: the platforms the posts use, or the markets."""
        if self._colour_by == ColourBy.PLATFORM:
            used = {t.platform for t in layout.tiles}
            return [(p.colour_index + PLATFORM_HUE_SHIFT, p.name) for p in layout.platforms if p.id in used]
        return [(m.colour_index, m.code) for m in layout.markets]

    def _legend_area(self) -> QRect:
        return QRect(0, self.height() - self._legend_height, self.width(), self._legend_height)

    def _tile_style(self, index: int, dark: bool, status: PostStatus = PostStatus.READY,
                    ground: QColor | None = None) -> tuple[QColor, QPen, QColor]:
        """A colour's fill, edge pen and text colour for a post's status, worked out once (the contrast maths is
        not free)."""
        key = (index, dark, status, ground.rgba() if ground is not None else 0)
        style = self._tile_styles.get(key)
        if style is None:
            look = STATUS_STYLES[status]
            fill = status_fill(index, dark, status, ground if ground is not None else QColor("white"))
            style = (fill, QPen(tile_edge(index, dark), look.edge_width, look.edge), text_on(fill))
            self._tile_styles[key] = style
        return style

    def _tile_words(self, tile) -> tuple[str, str]:
        """What a tile says: who (its market's code and its network, the network first when colouring by network,
        after a tick once published) and what (its title, or its content type)."""
        who = ("{platform} {market}" if self._colour_by == ColourBy.PLATFORM else "{market} {platform}").format(
            market=tile.market_code, platform=tile.platform_name)
        return STATUS_STYLES[tile.status].mark + who, tile.title or tile.content_type

    def _tile_line(self, metrics: QFontMetrics, tile, width: int,
                   around: Callable[[str], str] = lambda post: post) -> str:
        """A tile's words on one line cut to `width` (put `around` what else the line says): who and what; where
        both do not fit, the market code alone before the title, so that a narrow tile still says which post it
        is (its colour, its tooltip and the editor tell the network)."""
        who, what = self._tile_words(tile)
        line = around("{who} \u00b7 {what}".format(who=who, what=what) if what else who)
        if what and metrics.horizontalAdvance(line) > width:
            code = STATUS_STYLES[tile.status].mark + tile.market_code
            start = around("{who} \u00b7 {what}".format(who=code, what=what[:3]))
            if metrics.horizontalAdvance(start) <= width:  # else too narrow for any of the title: who it is
                line = around("{who} \u00b7 {what}".format(who=code, what=what))
        return metrics.elidedText(line, Qt.TextElideMode.ElideRight, max(0, width))

    @staticmethod
    def _tile_font(font: QFont, tile) -> QFont:
        """The font of a tile's words: struck out for a skipped post."""
        if not STATUS_STYLES[tile.status].struck:
            return font
        struck = QFont(font)
        struck.setStrikeOut(True)
        return struck

    def _paint_tile_frame(self, painter: QPainter, palette: QPalette, dark: bool, tile, box: QRectF, radius: float,
                          selected_width: float, faded: bool = False) -> None:
        """A tile's rounded box in its colour, outlined when selected, dotted inside when current and focused; it
        leaves the painter's pen in the tile's text colour."""
        fill, edge, ink = self._tile_style(self._tile_colour(tile), dark, tile.status,
                                           palette.color(QPalette.ColorRole.Base))
        if faded:
            fill = QColor(fill)
            fill.setAlphaF(0.45)
        painter.setBrush(fill)
        if tile.post_id in self._selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), selected_width))
        else:
            painter.setPen(edge)
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        if tile.post_id == self._current and self.hasFocus():
            inset = radius - 1
            painter.setPen(QPen(ink, 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(inset, inset, -inset, -inset), inset, inset)
        painter.setPen(ink)

