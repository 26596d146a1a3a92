"""Today: the posts to publish by hand, overdue ones first, then today's and the next days', each with its texts.

Each post is a card: when it goes out in the founder's time with the market's time beside it, where, what, and every
language version's text with a button to copy it; then the network's site (opened in the founder's browser: the app
itself connects nowhere), Mark as published, Skip, Edit. A post already done shows what was recorded and can be made
due again. The view only shows what it is handed and says what the founder asked for through its signals; the
window turns those into undoable commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.catalogue import Catalogue
from smplanner.domain.plan import POST_STATUS_LABELS, VERSION_STATUS_LABELS, Plan, Post, PostStatus, VersionStatus
from smplanner.domain.publishing import DuePost
from smplanner.domain.strategy_draft import market_label
from smplanner.domain.timezones import zone
from smplanner.i18n import _, ngettext
from smplanner.i18n.formatting import format_day, format_long_date, format_time, language_name, zone_label
from smplanner.ui.fonts import with_shipped_fallbacks
from smplanner.ui.widgets.empty_hint import NO_POSTS_YET
from smplanner.ui.wizard.pages.resources_page import warning_colour

TEXT_SHOWN = 700
"""How many characters of a version's text a card shows (Copy copies it whole; the tooltip shows it whole)."""
OVERDUE_SHOWN = 60
"""How many overdue posts the list shows as cards; the rest are counted (the Agenda lists them all)."""
CARDS_AHEAD = 8
"""Cards are made as the list is scrolled: this many at first and at each step, while less than a screenful lies
below what is on screen (a long list costs only what is looked at)."""
REFRESH_MS = 60_000
"""While Today is on screen it is read again every minute, so that a post whose time passes becomes overdue."""
COPIED_MS = 2500


def _bold(label: QLabel, factor: float = 1.0) -> QLabel:
    font = label.font()
    font.setBold(True)
    if factor != 1.0:
        font.setPointSizeF(font.pointSizeF() * factor)
    label.setFont(font)
    return label


def _muted(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
    return label


class WrappedText(QLabel):
    """A word-wrapped label as tall as its text at the width it is given (a plain QLabel guesses a narrower width,
    and a card grows gaps above and below its text)."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > 0:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self.width() > 0:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()


def _shown_text(text: str) -> str:
    return text if len(text) <= TEXT_SHOWN else text[:TEXT_SHOWN - 1].rstrip() + "\u2026"


class PostCard(QFrame):
    """One post of the list: when, where, what, its versions' texts and what can be done with it."""

    def __init__(self, view: TodayView, due: DuePost, plan: Plan, catalogue: Catalogue) -> None:
        super().__init__()
        self.setObjectName("postCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.post = post = due.post
        self.overdue, self.plan = due.overdue, plan
        self._view = view
        home = zone(plan.firm.home_zone)
        market = next((m for m in plan.markets if m.id == post.market_id), None)
        at_home = post.instant.astimezone(home)
        there = post.instant.astimezone(zone(post.zone))
        platform = catalogue.get(post.platform)
        platform_name = catalogue.name(post.platform)
        content = next((t.name for t in plan.content_types if t.id == post.content_type_id), "")

        self.when = _bold(QLabel())
        when = "{time} {zone}".format(time=format_time(at_home), zone=zone_label(at_home))
        if due.overdue:
            when = "{day}, {when}".format(day=format_day(at_home.date()), when=when)
        self.when.setText(when)
        there_text = "{time} {zone}".format(time=format_time(there), zone=zone_label(there))
        if there.date() != at_home.date():
            there_text = "{day}, {time}".format(day=format_day(there.date()), time=there_text)
        self.there = _muted(QLabel(_("{time} in {market}").format(
            time=there_text, market=market_label(market) if market else "?")))
        self.status = _bold(QLabel(_(POST_STATUS_LABELS[post.status])))
        self.status.setObjectName("status")
        if due.overdue:
            self.status.setText(_("Overdue \u00b7 {status}").format(status=self.status.text()))
            palette = self.status.palette()
            palette.setColor(QPalette.ColorRole.WindowText, warning_colour(palette))
            self.status.setPalette(palette)
        head = QHBoxLayout()
        head.addWidget(self.when)
        head.addWidget(self.there)
        head.addStretch(1)
        head.addWidget(self.status)

        self.where = WrappedText()
        self.where.setFont(with_shipped_fallbacks(self.where.font()))
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        what = post.title or content or _("(no title)")
        self.where.setText("{code} \u00b7 {platform} \u2014 {what}".format(
            code=market.code if market else "?", platform=platform_name, what=what))
        _bold(self.where, 1.1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.where)

        self.copy_buttons: dict[str, QPushButton] = {}
        self.texts: dict[str, QLabel] = {}
        for version in post.versions:
            line = QHBoxLayout()
            name = QLabel(_("{language} \u00b7 {status}").format(
                language=language_name(version.language), status=_(VERSION_STATUS_LABELS[version.status])))
            _bold(name)
            copy = QPushButton(_("Copy"))
            copy.setObjectName("copy_" + version.language)
            copy.setToolTip(_("Copy the {language} text to the clipboard").format(
                language=language_name(version.language)))
            copy.setEnabled(bool(version.text.strip()))
            copy.clicked.connect(lambda _checked=False, v=version: self._copy(v.language, v.text))
            line.addWidget(name)
            line.addWidget(copy)
            line.addStretch(1)
            text = WrappedText(_shown_text(version.text) if version.text.strip() else _("(no text yet)"))
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setFont(with_shipped_fallbacks(text.font()))
            if not version.text.strip():
                _muted(text)
            elif len(version.text) > TEXT_SHOWN:
                text.setToolTip(version.text)
            if version.status is not VersionStatus.READY and version.text.strip():
                text.setToolTip(text.toolTip() or _("Not marked ready yet"))
            self.copy_buttons[version.language] = copy
            self.texts[version.language] = text
            layout.addLayout(line)
            layout.addWidget(text)
        if not post.versions:
            layout.addWidget(_muted(QLabel(_("No language version: open the post to write one."))))

        self.feedback = _muted(QLabel())
        self.feedback.setObjectName("feedback")
        actions = QHBoxLayout()
        self.open_button = QPushButton(_("Open {platform}").format(platform=platform_name))
        self.open_button.setObjectName("open")
        site = platform.site if platform is not None else ""
        self.open_button.setEnabled(bool(site))
        self.open_button.setToolTip(
            _("Opens {site} in your browser").format(site=site) if site
            else _("No web address known for {platform}: add one to its entry in the strategy wizard.").format(
                platform=platform_name)
        )
        self.open_button.clicked.connect(lambda: view.open_site(site))
        actions.addWidget(self.open_button)
        if post.is_done:
            self.record = QLabel(self._record_text(post, home))
            self.record.setObjectName("record")
            self.record.setWordWrap(True)
            self.record.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(self.record)
            self.reopen_button = QPushButton(_("Not published") if post.status is PostStatus.PUBLISHED
                                             else _("Not skipped"))
            self.reopen_button.setObjectName("reopen")
            self.reopen_button.setToolTip(_("Make the post due again (the record goes; Undo brings it back)"))
            self.reopen_button.clicked.connect(lambda: view.reopen_requested.emit(post.id))
            actions.addWidget(self.reopen_button)
        else:
            self.publish_button = QPushButton(_("Mark as published\u2026"))
            self.publish_button.setObjectName("publish")
            self.publish_button.clicked.connect(lambda: view.publish_requested.emit(post.id))
            self.skip_button = QPushButton(_("Skip\u2026"))
            self.skip_button.setObjectName("skip")
            self.skip_button.clicked.connect(lambda: view.skip_requested.emit(post.id))
            actions.addWidget(self.publish_button)
            actions.addWidget(self.skip_button)
        self.edit_button = QPushButton(_("Edit\u2026"))
        self.edit_button.setObjectName("edit")
        self.edit_button.clicked.connect(lambda: view.post_activated.emit(post.id))
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        actions.addWidget(self.feedback)
        layout.addLayout(actions)
        self._feedback_timer = QTimer(self)
        self._feedback_timer.setSingleShot(True)
        self._feedback_timer.timeout.connect(self.feedback.clear)

    def shows(self, due: DuePost, plan: Plan) -> bool:
        """Whether the card shows this post as it is, in this plan."""
        return self.post == due.post and self.overdue == due.overdue and self.plan is plan

    @staticmethod
    def _record_text(post: Post, home) -> str:
        if post.status is PostStatus.PUBLISHED and post.published_at is not None:
            at = post.published_at.astimezone(home)
            text = _("\u2713 Published on {day} at {time}").format(day=format_day(at.date()),
                                                                   time=format_time(at))
            return text + ("\n" + post.published_url if post.published_url else "")
        return _("Skipped: {reason}").format(reason=post.skip_reason)

    def _copy(self, language: str, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.feedback.setText(_("{language} text copied").format(language=language_name(language)))
        self._feedback_timer.start(COPIED_MS)


class TodayView(QWidget):
    """The posts due: overdue first, then each day shown, in the founder's time."""

    post_activated = Signal(str)  # edit this post
    publish_requested = Signal(str)
    skip_requested = Signal(str)
    reopen_requested = Signal(str)
    days_changed = Signal(int)
    stale = Signal()  # a minute has passed while on screen: read again
    new_post_requested = Signal()
    wizard_requested = Signal()

    def __init__(self, days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayView")
        self._plan: Plan | None = None
        self._due: list[DuePost] = []
        self._overdue_count: int | None = None
        self._reusable: dict[str, PostCard] = {}
        self._entries: list[DuePost | QWidget] = []  # the list in order: a card's post, or a heading or note
        self._made = 0  # how many entries are laid out
        self._more_asked = False
        self._now: datetime | None = None
        self._next: Post | None = None
        self._post_count = 0
        self.cards: dict[str, PostCard] = {}
        self.summary = _bold(QLabel(), 1.15)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.days_label = QLabel()
        self.days = QSpinBox()
        self.days.setRange(1, 14)
        self.days.setValue(days)
        self.days_label.setBuddy(self.days)
        self.days.valueChanged.connect(self.days_changed)
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.days_label)
        head.addWidget(self.days)

        self.empty = QLabel()
        self.empty.setObjectName("empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_new = QPushButton()
        self.empty_new.clicked.connect(self.new_post_requested)
        self.empty_wizard = QPushButton()
        self.empty_wizard.clicked.connect(self.wizard_requested)
        empty_buttons = QHBoxLayout()
        empty_buttons.addStretch(1)
        empty_buttons.addWidget(self.empty_new)
        empty_buttons.addWidget(self.empty_wizard)
        empty_buttons.addStretch(1)
        self.empty_box = QWidget()
        empty_layout = QVBoxLayout(self.empty_box)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty)
        empty_layout.addLayout(empty_buttons)
        empty_layout.addStretch(2)

        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.posts_scroll = QScrollArea()
        self.posts_scroll.setWidgetResizable(True)
        self.posts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.posts_scroll.setWidget(self.list)
        bar = self.posts_scroll.verticalScrollBar()
        bar.valueChanged.connect(self._ask_more)
        bar.rangeChanged.connect(self._ask_more)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(head)
        layout.addWidget(self.empty_box, 1)
        layout.addWidget(self.posts_scroll, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._tick)
        self.retranslate_ui()

    # -- what it shows ---------------------------------------------------------------------------------------

    def set_due(self, plan: Plan, due: Sequence[DuePost], now: datetime, next_post: Post | None = None,
                post_count: int = 0, overdue_count: int | None = None) -> None:
        """Show the due posts (overdue first, as `services.PlanningService.due_posts` orders them), the next post
        after them for an empty list, and how many posts the plan has (none: say how to make some). `overdue_count`
        is how many posts are overdue when `due` holds only the latest of them."""
        self._plan, self._due, self._now = plan, list(due), now
        self._next, self._post_count = next_post, post_count
        self._overdue_count = overdue_count
        position = self.posts_scroll.verticalScrollBar().value()
        self._fill(reuse=True)
        QTimer.singleShot(0, lambda: self.posts_scroll.verticalScrollBar().setValue(position))

    def _fill(self, reuse: bool = False) -> None:
        """Lay the list out again, its first cards made (the rest as it is scrolled); with `reuse`, the cards of posts
        that did not change are kept (an edit makes only its own card again) and as many cards are laid out as
        before; when the list on screen keeps its posts in their places, only the changed cards are replaced."""
        plan, now = self._plan, self._now
        if plan is None or now is None:
            self._lay_out([], reuse)
            return
        today = now.astimezone(zone(plan.firm.home_zone)).date()
        overdue = [d for d in self._due if d.overdue]
        coming = [d for d in self._due if not d.overdue]
        total = max(len(overdue), self._overdue_count or 0)
        entries: list[DuePost | QWidget] = []
        if overdue:
            entries.append(self._heading(ngettext("Overdue: {count} post", "Overdue: {count} posts", total).format(
                count=total), overdue=True))
            shown = overdue[-OVERDUE_SHOWN:]  # the latest, oldest first
            entries += shown
            if total > len(shown):
                more = total - len(shown)
                entries.append(_muted(QLabel(ngettext(
                    "and {count} older overdue post: the Agenda lists them all.",
                    "and {count} older overdue posts: the Agenda lists them all.", more).format(count=more))))
        day: date | None = None
        for due in coming:
            if due.day != day:
                day = due.day
                entries.append(self._heading(self._day_title(day, today)))
            entries.append(due)
        if reuse and self._made and self._same_places(entries):
            self._replace_changed(entries, plan)
        else:
            self._lay_out(entries, reuse)
        self._show_summary(total, coming, today)

    def _lay_out(self, entries: list[DuePost | QWidget], reuse: bool) -> None:
        made_before = len(self.cards) if reuse else 0
        self._reusable = self.cards if reuse else {}
        for entry in self._entries:
            if isinstance(entry, QWidget):
                entry.deleteLater()
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            kept = isinstance(widget, PostCard) and self._reusable.get(widget.post.id) is widget
            if widget is not None and not kept:
                widget.deleteLater()
        self.cards, self._entries, self._made = {}, entries, 0
        if self._plan is not None:
            self.list_layout.addStretch(1)
            self._make(max(made_before, CARDS_AHEAD))
        for unused in self._reusable.values():
            unused.deleteLater()
        self._reusable = {}

    @staticmethod
    def _place(entry: DuePost | QWidget) -> object:
        if isinstance(entry, DuePost):
            return entry.post.id
        return entry.objectName(), entry.palette().color(QPalette.ColorRole.WindowText).rgba()

    def _same_places(self, entries: list[DuePost | QWidget]) -> bool:
        """Whether the entries laid out would stay where they are: the same posts, headings and notes in order."""
        return len(entries) >= self._made and all(
            self._place(old) == self._place(new) for old, new in zip(self._entries[:self._made], entries, strict=False))

    def _replace_changed(self, entries: list[DuePost | QWidget], plan: Plan) -> None:
        """Replace the cards of changed posts where they stand, and put the new words in the headings and notes."""
        catalogue = plan.catalogue()
        for index in range(self._made):
            old, new = self._entries[index], entries[index]
            if isinstance(new, DuePost):
                card = self.cards[new.post.id]
                if not card.shows(new, plan):
                    made = PostCard(self, new, plan, catalogue)
                    self.list_layout.replaceWidget(card, made)
                    card.deleteLater()
                    self.cards[new.post.id] = made
            elif isinstance(old, QLabel) and isinstance(new, QLabel):
                if old.text() != new.text():
                    old.setText(new.text())
                entries[index] = old
                new.deleteLater()
        for entry in self._entries[self._made:]:
            if isinstance(entry, QWidget):
                entry.deleteLater()
        self._entries = entries

    def _make(self, cards: int) -> None:
        """Lay out the next entries of the list, up to `cards` more cards (and the headings before them)."""
        plan = self._plan
        if plan is None:
            return
        catalogue = plan.catalogue()
        while self._made < len(self._entries):
            entry = self._entries[self._made]
            if isinstance(entry, DuePost):
                if cards == 0:
                    return
                cards -= 1
                widget: QWidget = self._card(entry, plan, catalogue)
            else:
                widget = entry
            self.list_layout.insertWidget(self.list_layout.count() - 1, widget)
            self._made += 1

    def _ask_more(self, *_args) -> None:
        """More cards when less than a screenful lies below what is on screen (made after the scroll is shown)."""
        if not self._more_asked and self._made < len(self._entries):
            self._more_asked = True
            QTimer.singleShot(0, self._more)

    def _more(self) -> None:
        self._more_asked = False
        bar = self.posts_scroll.verticalScrollBar()
        if self._made < len(self._entries) and bar.maximum() - bar.value() < bar.pageStep():
            self._make(CARDS_AHEAD)

    @property
    def shown_as_of(self) -> tuple[Plan | None, datetime | None, int | None]:
        """The plan, the moment and the overdue count the list was last handed (see `set_due`)."""
        return self._plan, self._now, self._overdue_count

    def listed(self) -> list[DuePost]:
        """The posts the list holds, in order (their cards are made as the list is scrolled: see `cards`)."""
        return [entry for entry in self._entries if isinstance(entry, DuePost)]

    def _heading(self, text: str, overdue: bool = False) -> QLabel:
        label = _bold(QLabel(text), 1.1)
        label.setObjectName("heading")
        if overdue:
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, warning_colour(palette))
            label.setPalette(palette)
        return label

    @staticmethod
    def _day_title(day: date, today: date) -> str:
        name = format_long_date(day)
        if day == today:
            return _("Today, {day}").format(day=name)
        if (day - today).days == 1:
            return _("Tomorrow, {day}").format(day=name)
        return name[:1].upper() + name[1:]

    def _card(self, due: DuePost, plan: Plan, catalogue: Catalogue) -> PostCard:
        card = self._reusable.pop(due.post.id, None)
        if card is None or not card.shows(due, plan):
            if card is not None:
                card.deleteLater()
            card = PostCard(self, due, plan, catalogue)
        self.cards[due.post.id] = card
        return card

    def _show_summary(self, overdue: int, coming: list[DuePost], today: date) -> None:
        to_do = [d for d in coming if not d.post.is_done]
        done = len(coming) - len(to_do)
        parts = []
        if overdue:
            parts.append(ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue))
        parts.append(ngettext("{count} to publish", "{count} to publish", len(to_do)).format(count=len(to_do)))
        if done:
            parts.append(ngettext("{count} done", "{count} done", done).format(count=done))
        summary = _("{day}: {counts}").format(day=format_long_date(today), counts=", ".join(parts))
        self.summary.setText(summary[:1].upper() + summary[1:])
        nothing = not self._due
        self.empty_box.setVisible(nothing)
        self.posts_scroll.setVisible(not nothing)
        self.empty_new.setVisible(nothing)
        self.empty_wizard.setVisible(nothing and self._post_count == 0)
        if not nothing:
            return
        if self._post_count == 0:
            self.empty.setText(_(NO_POSTS_YET))
        elif self._next is not None and self._plan is not None:
            home = zone(self._plan.firm.home_zone)
            at = self._next.instant.astimezone(home)
            self.empty.setText(_("Nothing to publish in these days. The next post is on {day} at {time}; show more "
                                 "days above, or write a post now.").format(
                day=format_long_date(at.date()), time=format_time(at)))
        else:
            self.empty.setText(_("Nothing to publish in these days, and no post planned after them."))

    # -- what the founder does ----------------------------------------------------------------------------------

    def open_site(self, site: str) -> None:
        """The network's site in the founder's browser (the desktop opens it: the app connects nowhere)."""
        if site:
            QDesktopServices.openUrl(QUrl(site))

    def _tick(self) -> None:
        if self.isVisible():
            self.stale.emit()

    def showEvent(self, event) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    # -- words -------------------------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.days_label.setText(_("Days &shown:"))
        self.days.setAccessibleName(_("Days shown"))
        self.empty_new.setText(_("New post\u2026"))
        self.empty_wizard.setText(_("Strategy wizard\u2026"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "list_layout"):
            self.retranslate_ui()
        super().changeEvent(event)
