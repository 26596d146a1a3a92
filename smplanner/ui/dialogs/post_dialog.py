"""Creating or editing one post: where, on which network, when (in the market's zone and at home), and what it says
in each language it goes out in (the versions side by side, each with its status and a live count in the network's
own unit); the post's warnings with their fixes and the network's good hours beside; delete and duplicate."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, QTime, Signal
from PySide6.QtGui import QPalette, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain import validation as check
from smplanner.domain.catalogue import Catalogue, LengthLimit, LengthUnit
from smplanner.domain.plan import (
    DONE_STATUSES,
    POST_STATUS_LABELS,
    VERSION_STATUS_LABELS,
    Market,
    Plan,
    Post,
    PostError,
    PostStatus,
    PostVersion,
    VersionStatus,
    new_id,
)
from smplanner.domain.post_fixes import FIX_LABELS, FIX_OF, plan_fix
from smplanner.domain.post_warnings import (
    WARNING_LABELS,
    PostWarning,
    WarningContext,
    advice_for,
    text_limit,
    title_limit,
)
from smplanner.domain.publishing import reopened
from smplanner.domain.strategy_review import weekday_list
from smplanner.domain.text_length import text_length
from smplanner.domain.timezones import Adjustment, ResolvedTime, resolve_local, to_utc, zone
from smplanner.i18n import N_, _
from smplanner.i18n.formatting import (
    country_name,
    format_date,
    format_number,
    format_time,
    language_name,
    zone_label,
)
from smplanner.ui.fonts import with_shipped_fallbacks
from smplanner.ui.models.upcoming_posts_model import StampFormatter
from smplanner.ui.widgets.dates import DateEdit, TimeEdit
from smplanner.ui.widgets.pickers import language_items
from smplanner.ui.widgets.text_limit import limit_length
from smplanner.ui.wizard.pages.resources_page import warning_colour

COUNT_FORMATS = {
    LengthUnit.CHARACTERS: N_("{count} / {limit} characters"),
    LengthUnit.WEIGHTED_CHARACTERS: N_("{count} / {limit} weighted characters (CJK and emoji count double, links 23)"),
    LengthUnit.UTF16_UNITS: N_("{count} / {limit} UTF-16 units (emoji count double)"),
    LengthUnit.UTF8_BYTES: N_("{count} / {limit} bytes (CJK characters count triple, emoji four times)"),
}
"""A live count against a limit, in the words of the limit's own counting unit."""

DEFAULT_TIME = time(9, 0)
CONTEXT_DAYS = 45
"""The days either side of a post whose holidays the editor reads for its warnings (read again when it moves on)."""
FIX_REACH = 10
"""How far a fix may move a post (the next working day after a long holiday, the nearest good hour): the context
read must reach that far."""
DUPLICATE_AFTER = timedelta(days=7)
"""A duplicate goes out a week after the post it copies, at the same market time."""


def count_text(value: str, limit: LengthLimit | None, platform_name: str) -> tuple[str, bool]:
    """What the count under a field says, and whether the value is over the platform's limit."""
    if limit is None:
        count = text_length(value, LengthUnit.CHARACTERS)
        return _("{count} characters \u2014 no known limit on {platform}").format(
            count=format_number(count), platform=platform_name
        ), False
    count = text_length(value, limit.unit)
    shown = _(COUNT_FORMATS[limit.unit]).format(count=format_number(count), limit=format_number(limit.limit))
    if count <= limit.limit:
        return shown, False
    return _("{count} \u2014 {over} too many").format(count=shown, over=format_number(count - limit.limit)), True


def date_and_time_edits() -> tuple[DateEdit, TimeEdit]:
    """A day (the app's short date, weekday shown, with its calendar pop-up) and a time to the minute in the locale's
    clock, as every dialog asks for them."""
    return DateEdit(), TimeEdit()


def problem_label() -> QLabel:
    """The line under a dialog's fields that says what keeps them from being stored (hidden while nothing does)."""
    label = QLabel()
    label.setObjectName("problem")
    label.setWordWrap(True)
    label.hide()
    return label


def show_problem(label: QLabel, text: str) -> None:
    """Say what is wrong in the warning colour, or hide the line when `text` is empty."""
    _colour_label(label, True, label)
    label.setText(text)
    label.setVisible(bool(text))


def _colour_label(label: QLabel, warning: bool, reference: QWidget) -> None:
    palette = label.palette()
    palette_of = reference.palette()
    colour = warning_colour(palette_of) if warning else palette_of.color(QPalette.ColorRole.WindowText)
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)


class VersionPanel(QFrame):
    """One language version: its language, its status, its text and the text's live count."""

    changed = Signal()
    remove_requested = Signal(str)  # the language

    def __init__(self, version: PostVersion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("version_" + version.language)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.language = version.language
        self.name = QLabel()
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.status = QComboBox()
        self.remove_button = QToolButton()
        self.remove_button.setText("\u00d7")
        self.remove_button.setAutoRaise(True)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.language))
        self.text = QPlainTextEdit(version.text)
        limit_length(self.text, check.POST_TEXT_LENGTH)
        self.text.setFont(with_shipped_fallbacks(self.text.font()))
        self.text.setTabChangesFocus(True)
        self.text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # long links wrap too
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.text.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.count = QLabel()
        self.count.setObjectName("count")
        self.count.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.name)
        head.addStretch(1)
        head.addWidget(self.status)
        head.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.count)
        self._fill_statuses(version.status)
        self.status.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.text.textChanged.connect(self.changed)
        self.retranslate_ui()

    def _fill_statuses(self, current: VersionStatus) -> None:
        self.status.blockSignals(True)
        self.status.clear()
        for status in VersionStatus:
            self.status.addItem(_(VERSION_STATUS_LABELS[status]), status.value)
        self.status.setCurrentIndex(max(0, self.status.findData(current.value)))
        self.status.blockSignals(False)

    def version_status(self) -> VersionStatus:
        return VersionStatus(self.status.currentData())

    def set_version_status(self, status: VersionStatus) -> None:
        self.status.setCurrentIndex(max(0, self.status.findData(status.value)))

    def version(self) -> PostVersion:
        """The version the fields describe (raises PostError for a ready version without text)."""
        return PostVersion(self.language, self.text.toPlainText(), self.version_status())

    def retranslate_ui(self) -> None:
        name = language_name(self.language)
        self.name.setText(name)
        self.status.setAccessibleName(_("Status of the {language} version").format(language=name))
        self.text.setAccessibleName(_("{language} text").format(language=name))
        self.remove_button.setToolTip(_("Leave out the {language} version").format(language=name))
        self.remove_button.setAccessibleName(self.remove_button.toolTip())
        self._fill_statuses(self.version_status())


class PostDialog(QDialog):
    """A post's fields; `post()` builds the post they describe (tests read it without running the dialog)."""

    def __init__(
        self,
        plan: Plan,
        post: Post | None = None,
        default_local: datetime | None = None,
        default_market_id: str | None = None,
        parent: QWidget | None = None,
        context_of: Callable[[date, date], WarningContext] | None = None,
    ) -> None:
        super().__init__(parent)
        self._ready = False  # change events arrive while the fields are still being made
        self.setObjectName("postDialog")
        self._plan = plan
        self._original = post
        self._context_of = context_of  # what the warnings of a post dated from first to last need
        self._context: tuple[date, date, WarningContext] | None = None
        self._catalogue: Catalogue = plan.catalogue()
        self._markets = {market.id: market for market in plan.markets}
        self._home_zone = plan.firm.home_zone
        self.delete_chosen = False
        self.duplicate_chosen = False

        self.market = QComboBox()
        self.platform = QComboBox()
        self.content_type = QComboBox()
        self.status = QComboBox()
        self.date, self.time = date_and_time_edits()
        self.zone = QLabel()
        self.home_time = QLabel()
        self.home_time.setObjectName("homeTime")
        self.home_time.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.time_warning = QLabel()
        self.time_warning.setObjectName("timeWarning")
        self.time_warning.setWordWrap(True)
        self.good_hours = QLabel()
        self.good_hours.setObjectName("goodHours")
        self.good_hours.setWordWrap(True)
        self.title = QLineEdit()
        limit_length(self.title, check.TITLE_LENGTH)
        self.title_count = QLabel()
        self.record = QLabel()
        self.record.setObjectName("record")
        self.record.setWordWrap(True)
        self.warnings_box = QWidget()
        self.warnings_layout = QVBoxLayout(self.warnings_box)
        self.warnings_layout.setContentsMargins(0, 0, 0, 0)
        self.warnings_layout.setSpacing(2)
        self.fix_buttons: dict[PostWarning, QPushButton] = {}
        self.versions_row = QWidget()
        self.versions_layout = QHBoxLayout(self.versions_row)
        self.versions_layout.setContentsMargins(0, 0, 0, 0)
        self.versions_scroll = QScrollArea()
        self.versions_scroll.setWidgetResizable(True)
        self.versions_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.versions_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.versions_scroll.setWidget(self.versions_row)
        self.versions_scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.panels: list[VersionPanel] = []
        self.add_language = QComboBox()
        self.add_language.setObjectName("addLanguage")
        self.problem = problem_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("delete")
        self.duplicate_button = QPushButton()
        self.duplicate_button.setObjectName("duplicate")
        self.delete_button.setVisible(post is not None)
        self.duplicate_button.setVisible(post is not None)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self._delete)
        self.duplicate_button.clicked.connect(self._duplicate)

        self._labels: dict[str, QLabel] = {}
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(self.time)
        when.addWidget(self.zone, 1)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for row, column, key, field in ((0, 0, "market", self.market), (0, 2, "platform", self.platform),
                                        (1, 0, "content_type", self.content_type), (1, 2, "status", self.status)):
            label = self._label(key, field)
            grid.addWidget(label, row, column)
            grid.addWidget(field, row, column + 1)
        grid.addWidget(self._label("when", self.date), 2, 0)
        grid.addLayout(when, 2, 1, 1, 3)
        grid.addWidget(self.home_time, 3, 1, 1, 3)
        grid.addWidget(self.time_warning, 4, 1, 1, 3)
        grid.addWidget(self.good_hours, 5, 1, 1, 3)
        grid.addWidget(self.warnings_box, 6, 1, 1, 3)
        grid.addWidget(self._label("title", self.title), 7, 0)
        grid.addWidget(self.title, 7, 1, 1, 3)
        grid.addWidget(self.title_count, 8, 1, 1, 3)
        grid.addWidget(self.record, 9, 1, 1, 3)
        versions_head = QHBoxLayout()
        self.versions_label = QLabel()
        font = self.versions_label.font()
        font.setBold(True)
        self.versions_label.setFont(font)
        versions_head.addWidget(self.versions_label)
        versions_head.addStretch(1)
        versions_head.addWidget(self.add_language)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(versions_head)
        layout.addWidget(self.versions_scroll, 1)
        layout.addWidget(self.problem)
        bottom = QHBoxLayout()
        bottom.addWidget(self.delete_button)
        bottom.addWidget(self.duplicate_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self._fill_fixed_lists()
        self._load(post, default_local, default_market_id)
        self.market.currentIndexChanged.connect(self._market_changed)
        self.platform.currentIndexChanged.connect(lambda _index: self._update_live())
        self.content_type.currentIndexChanged.connect(lambda _index: self._update_warnings())
        self.date.dateChanged.connect(lambda _date: self._update_time())
        self.time.timeChanged.connect(lambda _time: self._update_time())
        self.title.textChanged.connect(lambda _text: self._update_live())
        self.add_language.activated.connect(self._language_added)
        self._ready = True
        self.retranslate_ui()
        hint = self.sizeHint()
        self.resize(min(max(hint.width() + 80, 760), 1000), min(max(hint.height(), 560), 680))

    def _label(self, key: str, buddy: QWidget) -> QLabel:
        label = QLabel()
        label.setBuddy(buddy)
        self._labels[key] = label
        return label

    # -- filling ---------------------------------------------------------------------------------------------

    def _fill_fixed_lists(self) -> None:
        self.market.blockSignals(True)
        current_market = self.market.currentData()
        self.market.clear()
        for market in self._plan.markets:
            shown = "{code} \u00b7 {country}".format(code=market.code, country=country_name(market.country))
            self.market.addItem(shown, market.id)
        if current_market is not None:
            self.market.setCurrentIndex(max(0, self.market.findData(current_market)))
        self.market.blockSignals(False)
        current_type = self.content_type.currentData()
        self.content_type.blockSignals(True)
        self.content_type.clear()
        self.content_type.addItem(_("(none)"), "")
        for content_type in self._plan.content_types:
            self.content_type.addItem(content_type.name, content_type.id)
        self.content_type.setCurrentIndex(max(0, self.content_type.findData(current_type or "")))
        self.content_type.blockSignals(False)
        current_status = self.status.currentData()
        self.status.clear()
        done = {self._original.status} if self._original is not None and self._original.is_done else set()
        for status in PostStatus:  # published and skipped are recorded from Today, with the moment or the reason
            if status not in DONE_STATUSES or status in done:
                self.status.addItem(_(POST_STATUS_LABELS[status]), status.value)
        self.status.setCurrentIndex(max(0, self.status.findData(current_status or PostStatus.IDEA.value)))

    def _fill_platforms(self, market: Market | None) -> None:
        """The market's own presences first, then every other network the catalogue knows, by name."""
        current = self.platform.currentData()
        own = sorted({p.platform for p in self._plan.presences if market is not None and p.market_id == market.id},
                     key=lambda platform_id: self._catalogue.name(platform_id).casefold())
        others = sorted((p for p in self._catalogue.platforms if p.id not in own), key=lambda p: p.name.casefold())
        self.platform.blockSignals(True)
        self.platform.clear()
        for platform_id in own:
            self.platform.addItem(self._catalogue.name(platform_id), platform_id)
        if own and others:
            self.platform.insertSeparator(self.platform.count())
        for platform in others:
            self.platform.addItem(platform.name, platform.id)
        index = self.platform.findData(current) if current else -1
        self.platform.setCurrentIndex(max(index, 0))
        self.platform.blockSignals(False)

    def _fill_add_language(self) -> None:
        """The languages the post has no version in: the market's first, then every language CLDR names."""
        market = self._current_market()
        have = {panel.language for panel in self.panels}
        first = [code for code in (market.languages if market else ()) if code not in have]
        self.add_language.blockSignals(True)
        self.add_language.clear()
        self.add_language.addItem(_("Add a language\u2026"), "")
        for code in first:
            self.add_language.addItem(language_name(code), code)
        if first:
            self.add_language.insertSeparator(self.add_language.count())
        for code, name in language_items():
            if code not in have and code not in first:
                self.add_language.addItem(name, code)
        self.add_language.setCurrentIndex(0)
        self.add_language.blockSignals(False)

    def _load(self, post: Post | None, default_local: datetime | None, default_market_id: str | None) -> None:
        market_id = post.market_id if post is not None else default_market_id
        if market_id is None and self._plan.markets:
            market_id = self._plan.markets[0].id
        self.market.setCurrentIndex(max(0, self.market.findData(market_id)))
        market = self._current_market()
        self._fill_platforms(market)
        if post is not None:
            self.platform.setCurrentIndex(max(0, self.platform.findData(post.platform)))
            self.content_type.setCurrentIndex(max(0, self.content_type.findData(post.content_type_id or "")))
            self.title.setText(post.title)
            self.status.setCurrentIndex(max(0, self.status.findData(post.status.value)))
            versions = post.versions
            local = post.local
        else:
            versions = self._plan.new_versions(market) if market is not None else ()
            local = default_local or self._tomorrow_morning(market)
        self._set_versions(versions)
        self.date.setDate(QDate(local.year, local.month, local.day))
        self.time.setTime(QTime(local.hour, local.minute))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(market is not None)

    def _set_versions(self, versions: tuple[PostVersion, ...]) -> None:
        for panel in self.panels:
            panel.setParent(None)
            panel.deleteLater()
        self.panels = []
        for version in versions:
            self._add_panel(version)
        self._fill_add_language()

    def _add_panel(self, version: PostVersion) -> VersionPanel:
        panel = VersionPanel(version)
        panel.changed.connect(self._versions_changed)
        panel.remove_requested.connect(self._remove_version)
        self.panels.append(panel)
        self.versions_layout.addWidget(panel)
        return panel

    @staticmethod
    def _tomorrow_morning(market: Market | None) -> datetime:
        today = datetime.now(zone(market.zone)).date() if market is not None else date.today()
        return datetime.combine(today + timedelta(days=1), DEFAULT_TIME)

    # -- reading -------------------------------------------------------------------------------------------------

    def _current_market(self) -> Market | None:
        return self._markets.get(self.market.currentData())

    def _platform_id(self) -> str:
        return self.platform.currentData() or ""

    def _local(self) -> datetime:
        return datetime.combine(self.date.day(), self.time.clock())

    def _resolved(self) -> tuple[ResolvedTime, int]:
        """The wall-clock time as it will be stored, and its fold (kept from the post when its time is unchanged)."""
        market = self._current_market()
        assert market is not None
        resolved = resolve_local(self._local(), market.zone)
        fold = resolved.fold
        original = self._original
        if (resolved.adjustment is Adjustment.AMBIGUOUS and original is not None and original.zone == market.zone
                and original.local == resolved.local):
            fold = original.fold
        return resolved, fold

    def version_panel(self, language: str) -> VersionPanel | None:
        return next((panel for panel in self.panels if panel.language == language), None)

    def post(self) -> Post:
        """The post the fields describe: a new one, or the edited post (same id, rule and edited flag). Raises
        PostError when they describe no valid post (a version marked ready without text)."""
        market = self._current_market()
        if market is None:
            raise LookupError("the plan has no market")
        resolved, fold = self._resolved()
        platform = self._platform_id()
        original = self._original
        if original is not None and original.market_id == market.id and original.platform == platform:
            presence_id = original.presence_id
        else:
            presence_id = next((p.id for p in self._plan.presences
                                if p.market_id == market.id and p.platform == platform), None)
        fields: dict[str, Any] = {
            "market_id": market.id,
            "platform": platform,
            "local": resolved.local,
            "zone": market.zone,
            "fold": fold,
            "presence_id": presence_id,
            "content_type_id": self.content_type.currentData() or None,
            "title": self.title.text().strip(),
            "status": PostStatus(self.status.currentData()),
            "versions": tuple(panel.version() for panel in self.panels),
        }
        if original is not None and fields["status"] is not original.status:  # no log left behind
            fields.update(published_at=None, published_url="", skip_reason="")
        return Post(**fields) if original is None else dataclasses.replace(original, **fields)

    def duplicate(self) -> Post:
        """A new post with what the fields hold, a week later at the same market time, due again if it was done."""
        post = self.post()
        later = resolve_local(post.local + DUPLICATE_AFTER, post.zone)
        copy = dataclasses.replace(post, id=new_id(), local=later.local, fold=later.fold, rule_id=None, edited=False)
        return reopened(copy) if copy.is_done else copy

    def problem_with(self) -> str:
        """What keeps the fields from being stored (a version marked ready without text, a text longer than a plan
        holds: every other field is chosen from a list), or ""."""
        try:
            check.check_post(self.post())
        except PostError as error:
            return str(error)
        except check.InvalidValue as error:
            return _("The post cannot be kept: {problem}").format(problem=error.problem)
        return ""

    def accept(self) -> None:
        problem = self.problem_with()
        if problem:
            self._show_problem(problem)
            return
        super().accept()

    def _delete(self) -> None:
        self.delete_chosen = True
        self.reject()

    def _duplicate(self) -> None:
        problem = self.problem_with()
        if problem:
            self._show_problem(problem)
            return
        self.duplicate_chosen = True
        super().accept()

    def _show_problem(self, text: str) -> None:
        show_problem(self.problem, text)

    # -- versions ----------------------------------------------------------------------------------------------

    def _versions_changed(self) -> None:
        self._show_problem("")
        statuses = [panel.version_status() for panel in self.panels]
        current = PostStatus(self.status.currentData())
        if statuses and all(s is VersionStatus.READY for s in statuses) and current in (PostStatus.IDEA,
                                                                                        PostStatus.DRAFT):
            self.status.setCurrentIndex(max(0, self.status.findData(PostStatus.READY.value)))
        self._update_live()

    def _language_added(self, index: int) -> None:
        code = self.add_language.itemData(index)
        if code:
            first = not self.panels
            panel = self._add_panel(PostVersion(code, status=VersionStatus.TO_WRITE if first
                                                else VersionStatus.TO_TRANSLATE))
            panel.text.setFocus()
            self._fill_add_language()
            self._update_live()
        self.add_language.setCurrentIndex(0)

    def _remove_version(self, language: str) -> None:
        panel = self.version_panel(language)
        if panel is None:
            return
        self.panels.remove(panel)
        panel.setParent(None)
        panel.deleteLater()
        self._fill_add_language()
        self._versions_changed()

    # -- live lines ---------------------------------------------------------------------------------------------

    def _market_changed(self) -> None:
        """Another market: its networks, and a version in each of its languages (what is written is kept)."""
        market = self._current_market()
        self._fill_platforms(market)
        if market is not None:
            kept = {panel.language: panel.version() for panel in self.panels if panel.text.toPlainText().strip()}
            first = self.panels[0].language if self.panels else None
            wanted = self._plan.new_versions(market, first if first in market.languages else None)
            versions = [kept.pop(v.language, v) for v in wanted]
            versions += list(kept.values())  # a version already written stays, whatever the market speaks
            self._set_versions(tuple(versions))
        self._update_time()
        self._update_live()

    def _update_time(self) -> None:
        """The zone beside the time, the same moment at home, and a word when a clock change touches the time."""
        market = self._current_market()
        if market is None:
            self.zone.clear()
            self.home_time.clear()
            self.time_warning.hide()
            return
        resolved, fold = self._resolved()
        instant = to_utc(resolved.local, market.zone, fold)
        there = instant.astimezone(zone(market.zone))
        stamps = StampFormatter()
        self.zone.setText(_("{zone} ({zone_id})").format(zone=zone_label(there), zone_id=market.zone))
        home = instant.astimezone(zone(self._home_zone))
        self.home_time.setText(_("Your time: {when} ({zone_id})").format(
            when=stamps.stamp(home, self._home_zone), zone_id=self._home_zone))
        asked = stamps.stamp(there, market.zone)
        if resolved.adjustment is Adjustment.NONEXISTENT:
            self.time_warning.setText(_(
                "\u26a0 {time} does not exist that day in {zone}: the clocks go forward. "
                "The post will go out at {when}."
            ).format(time=self.time.text(), zone=market.zone, when=asked))
        elif resolved.adjustment is Adjustment.AMBIGUOUS:
            self.time_warning.setText(_(
                "\u26a0 {time} happens twice that day in {zone}: the clocks go back. The post goes out at {when}."
            ).format(time=self.time.text(), zone=market.zone, when=asked))
        self.time_warning.setVisible(resolved.adjustment is not Adjustment.NONE)
        self._update_good_hours()
        self._update_warnings()

    def _update_live(self) -> None:
        self._update_counts()
        self._update_good_hours()
        self._update_warnings()

    def _update_counts(self) -> None:
        """The live length of the title and each version's text, counted as the chosen network counts them."""
        platform = self._catalogue.get(self._platform_id())
        name = self._catalogue.name(self._platform_id())
        limit = title_limit(platform) if platform is not None else None
        self.title_count.setVisible(limit is not None)
        if limit is not None:
            self._show_count(self.title_count, *count_text(self.title.text().strip(), limit, name))
        limit = text_limit(platform) if platform is not None else None
        for panel in self.panels:
            self._show_count(panel.count, *count_text(panel.text.toPlainText(), limit, name))

    def _show_count(self, label: QLabel, text: str, over: bool) -> None:
        label.setText(text)
        label.setProperty("over", over)
        _colour_label(label, over, self)

    def is_over_limit(self) -> bool:
        return any(bool(panel.count.property("over")) for panel in self.panels) or bool(
            self.title_count.isVisibleTo(self) and self.title_count.property("over"))

    def _update_good_hours(self) -> None:
        """The network's good hours in the market, in market time and in the founder's time on the post's day."""
        market = self._current_market()
        platform = self._catalogue.get(self._platform_id())
        times = platform.posting_times if platform is not None else None
        if market is None or platform is None or times is None or not times.windows:
            name = self._catalogue.name(self._platform_id())
            self.good_hours.setText(_("No known good hours for {platform}.").format(platform=name))
            return
        day = self._local().date()
        there = zone(market.zone)
        home = zone(self._home_zone)

        def window(start: time, end: time, tz) -> str:
            first = datetime.combine(day, start, tzinfo=there).astimezone(tz)
            last = datetime.combine(day, end, tzinfo=there).astimezone(tz)
            return "{start}\u2013{end}".format(start=format_time(first), end=format_time(last))

        market_windows = ", ".join(window(start, end, there) for start, end in times.windows)
        home_windows = ", ".join(window(start, end, home) for start, end in times.windows)
        days = weekday_list(times.days) if times.days else _("every day")
        zone_now = datetime.combine(day, times.windows[0][0], tzinfo=there)
        text = _("Good hours on {platform}: {days}, {windows} {zone} in {market}").format(
            platform=platform.name, days=days, windows=market_windows, zone=zone_label(zone_now), market=market.code)
        if home_windows != market_windows:
            text = _("{text}; your time {windows} {zone}").format(
                text=text, windows=home_windows, zone=zone_label(zone_now.astimezone(home)))
        self.good_hours.setText(text + ".")

    def _update_warnings(self) -> None:
        """The post's warnings as it stands, each with its fix where it has one."""
        while self.warnings_layout.count():
            item = self.warnings_layout.takeAt(0)
            row = item.layout() if item is not None else None
            widgets = [item.widget() if item is not None else None]
            while row is not None and row.count():
                child = row.takeAt(0)
                widgets.append(child.widget() if child is not None else None)
            for widget in widgets:
                if widget is not None:
                    widget.setParent(None)
                    widget.deleteLater()
        self.fix_buttons = {}
        if self._context_of is None or self._current_market() is None:
            self.warnings_box.hide()
            return
        try:
            post = self.post()
        except PostError:
            post = None
        if post is None:
            self.warnings_box.hide()
            return
        advice = advice_for(post, self._warning_context(post.local.date()))
        for warning in advice.warnings:
            row = QHBoxLayout()
            text = QLabel("\u26a0 " + _(WARNING_LABELS[warning]))
            text.setWordWrap(True)
            _colour_label(text, True, self)
            row.addWidget(text, 1)
            kind = FIX_OF.get(warning)
            if kind is not None:
                fix = QPushButton(_(FIX_LABELS[kind]))
                fix.setObjectName("fix_" + warning.value)
                fix.clicked.connect(lambda _checked=False, w=warning: self.apply_fix(w))
                row.addWidget(fix)
                self.fix_buttons[warning] = fix
            self.warnings_layout.addLayout(row)
        self.warnings_box.setVisible(bool(advice.warnings))

    def _warning_context(self, day: date) -> WarningContext:
        """The warnings' context around a day (read again only when the post moves out of the one read)."""
        assert self._context_of is not None
        found = self._context
        if found is None or not found[0] <= day - timedelta(days=FIX_REACH) <= day + timedelta(days=FIX_REACH) <= \
                found[1]:
            first, last = day - timedelta(days=CONTEXT_DAYS), day + timedelta(days=CONTEXT_DAYS)
            found = self._context = (first, last, self._context_of(first, last))
        return found[2]

    def apply_fix(self, warning: PostWarning) -> None:
        """Move the fields to where the warning's fix puts the post, or say why it cannot."""
        if self._context_of is None:
            return
        post = self.post()
        strategy = self._plan.strategy
        context = self._warning_context(post.local.date())
        fix = plan_fix([post], warning, context, (), strategy.period_start, strategy.period_end)
        if fix.moved:
            moved = fix.moved[0]
            self.date.setDate(QDate(moved.local.year, moved.local.month, moved.local.day))
            self.time.setTime(QTime(moved.local.hour, moved.local.minute))
            self._show_problem("")
        elif fix.refused:
            self._show_problem(fix.refused[0].reason)

    def _update_record(self) -> None:
        post = self._original
        if post is None or not post.is_done:
            self.record.hide()
            return
        if post.published_at is not None:
            at = post.published_at.astimezone(zone(self._home_zone))
            text = _("Published on {day} at {time} (your time)").format(day=format_date(at.date()),
                                                                       time=format_time(at))
            if post.published_url:
                text += "\n" + post.published_url
        else:
            text = _("Skipped: {reason}").format(reason=post.skip_reason)
        self.record.setText(text)
        self.record.show()

    # -- language ----------------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("New post") if self._original is None else _("Edit post"))
        for key, text in (
            ("market", _("&Market:")),
            ("platform", _("&Network:")),
            ("content_type", _("&Content type:")),
            ("when", _("&When (market time):")),
            ("title", _("&Title:")),
            ("status", _("&Status:")),
        ):
            self._labels[key].setText(text)
        self.versions_label.setText(_("Versions"))
        self.add_language.setAccessibleName(_("Add a language version"))
        self.title.setPlaceholderText(_("A few words to recognise the post in the calendar"))
        self.delete_button.setText(_("&Delete"))
        self.delete_button.setToolTip(_("Delete the post (Undo brings it back)"))
        self.duplicate_button.setText(_("D&uplicate"))
        self.duplicate_button.setToolTip(_("Keep these changes and add a copy a week later, at the same market time"))
        self._fill_fixed_lists()
        for panel in self.panels:
            panel.retranslate_ui()
        self._fill_add_language()
        self._update_record()
        self._update_time()
        self._update_live()

    def changeEvent(self, event: QEvent) -> None:
        if self._ready and event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif self._ready and event.type() == QEvent.Type.PaletteChange:
            self._update_counts()
        super().changeEvent(event)

    # -- asking -----------------------------------------------------------------------------------------------

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        plan: Plan,
        post: Post | None = None,
        default_local: datetime | None = None,
        default_market_id: str | None = None,
        context_of: Callable[[date, date], WarningContext] | None = None,
        on_delete: Callable[[str], object] | None = None,
        on_duplicate: Callable[[Post], object] | None = None,
    ) -> Post | None:
        """The new or edited post, or None when the founder cancels (tests replace this method). Delete calls
        `on_delete(post_id)` and returns None; Duplicate returns the edited post and calls `on_duplicate(copy)`."""
        dialog = cls(plan, post, default_local, default_market_id, parent, context_of)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                if dialog.delete_chosen and post is not None and on_delete is not None:
                    on_delete(post.id)
                return None
            if dialog.duplicate_chosen and on_duplicate is not None:
                on_duplicate(dialog.duplicate())
            return dialog.post()
        finally:
            dialog.deleteLater()
