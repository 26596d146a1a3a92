"""Creating or editing one post: where, on which network, when (in the market's zone and at home), and what it says."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, QTime
from PySide6.QtGui import QPalette, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain import validation as check
from smplanner.domain.catalogue import Catalogue, LengthLimit, LengthUnit
from smplanner.domain.plan import (
    DONE_STATUSES,
    POST_STATUS_LABELS,
    Market,
    Plan,
    Post,
    PostStatus,
    PostVersion,
    VersionStatus,
)
from smplanner.domain.post_warnings import text_limit, title_limit
from smplanner.domain.text_length import text_length
from smplanner.domain.timezones import Adjustment, ResolvedTime, resolve_local, to_utc, zone
from smplanner.i18n import N_, _
from smplanner.i18n.formatting import country_name, format_number, language_name, zone_label
from smplanner.ui.calendar.agenda_view import StampFormatter
from smplanner.ui.widgets.pickers import CodeComboBox, language_items
from smplanner.ui.wizard.pages.resources_page import warning_colour

COUNT_FORMATS = {
    LengthUnit.CHARACTERS: N_("{count} / {limit} characters"),
    LengthUnit.WEIGHTED_CHARACTERS: N_("{count} / {limit} weighted characters (CJK and emoji count double, links 23)"),
    LengthUnit.UTF16_UNITS: N_("{count} / {limit} UTF-16 units (emoji count double)"),
    LengthUnit.UTF8_BYTES: N_("{count} / {limit} bytes (CJK characters count triple, emoji four times)"),
}
"""A live count against a limit, in the words of the limit's own counting unit."""

DEFAULT_TIME = time(9, 0)
DATE_FORMAT = "ddd d MMM yyyy"  # names from the QLocale the app sets: unambiguous in every language, weekday shown


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


class PostDialog(QDialog):
    """A post's fields; `post()` builds the post they describe (tests read it without running the dialog)."""

    def __init__(
        self,
        plan: Plan,
        post: Post | None = None,
        default_local: datetime | None = None,
        default_market_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ready = False  # change events arrive while the fields are still being made
        self.setObjectName("postDialog")
        self._plan = plan
        self._original = post
        self._catalogue: Catalogue = plan.catalogue()
        self._markets = {market.id: market for market in plan.markets}
        self._home_zone = plan.firm.home_zone

        self.market = QComboBox()
        self.platform = QComboBox()
        self.language = CodeComboBox()
        self.content_type = QComboBox()
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.zone = QLabel()
        self.home_time = QLabel()
        self.home_time.setObjectName("homeTime")
        self.home_time.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.time_warning = QLabel()
        self.time_warning.setObjectName("timeWarning")
        self.time_warning.setWordWrap(True)
        self.title = QLineEdit()
        self.title.setMaxLength(check.TITLE_LENGTH)
        self.title_count = QLabel()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # long links wrap too
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.text_count = QLabel()
        self.text_count.setObjectName("textCount")
        self.status = QComboBox()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(self.time)
        when.addWidget(self.zone, 1)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._labels: dict[str, QLabel] = {}
        for key, field in (("market", self.market), ("platform", self.platform), ("language", self.language),
                           ("content_type", self.content_type)):
            self._add_row(key, field)
        self._add_row("when", when)
        self.form.addRow("", self.home_time)
        self.form.addRow("", self.time_warning)
        self._add_row("title", self.title)
        self.form.addRow("", self.title_count)
        self._add_row("text", self.text)
        self.form.addRow("", self.text_count)
        self._add_row("status", self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form, 1)
        layout.addWidget(self.buttons)

        self._fill_fixed_lists()
        self._load(post, default_local, default_market_id)
        self.market.currentIndexChanged.connect(self._market_changed)
        self.platform.currentIndexChanged.connect(lambda _index: self._update_counts())
        self.date.dateChanged.connect(lambda _date: self._update_time())
        self.time.timeChanged.connect(lambda _time: self._update_time())
        self.title.textChanged.connect(lambda _text: self._update_counts())
        self.text.textChanged.connect(self._update_counts)
        self._ready = True
        self.retranslate_ui()
        self.resize(self.sizeHint().width() + 80, self.sizeHint().height())

    def _add_row(self, key: str, field: QWidget | QHBoxLayout) -> None:
        label = QLabel()
        self._labels[key] = label
        self.form.addRow(label, field)
        if isinstance(field, QWidget):
            label.setBuddy(field)
        else:
            label.setBuddy(self.date)

    # -- filling ---------------------------------------------------------------------------------------------

    def _fill_fixed_lists(self) -> None:
        self.market.blockSignals(True)
        current_market = self.market.currentData()
        self.market.clear()
        for market in self._plan.markets:
            self.market.addItem("{code} \u00b7 {country}".format(code=market.code, country=country_name(market.country)),
                                market.id)
        if current_market is not None:
            self.market.setCurrentIndex(max(0, self.market.findData(current_market)))
        self.market.blockSignals(False)
        current_type = self.content_type.currentData()
        self.content_type.clear()
        self.content_type.addItem(_("(none)"), "")
        for content_type in self._plan.content_types:
            self.content_type.addItem(content_type.name, content_type.id)
        self.content_type.setCurrentIndex(max(0, self.content_type.findData(current_type or "")))
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

    def _fill_languages(self, market: Market | None) -> None:
        """The market's languages first, then every language CLDR names."""
        first = list(market.languages) if market is not None else []
        items = [(code, language_name(code)) for code in first]
        items += [(code, name) for code, name in language_items() if code not in first]
        self.language.set_items(items)

    def _load(self, post: Post | None, default_local: datetime | None, default_market_id: str | None) -> None:
        market_id = post.market_id if post is not None else default_market_id
        if market_id is None and self._plan.markets:
            market_id = self._plan.markets[0].id
        self.market.setCurrentIndex(max(0, self.market.findData(market_id)))
        market = self._current_market()
        self._fill_platforms(market)
        self._fill_languages(market)
        if post is not None:
            self.platform.setCurrentIndex(max(0, self.platform.findData(post.platform)))
            first = post.versions[0] if post.versions else None
            self.language.set_code(first.language if first else self._plan.strategy.main_language)
            self.content_type.setCurrentIndex(max(0, self.content_type.findData(post.content_type_id or "")))
            self.title.setText(post.title)
            self.text.setPlainText(first.text if first else "")
            self.status.setCurrentIndex(max(0, self.status.findData(post.status.value)))
            local = post.local
        else:
            if market is not None and market.languages:
                self.language.set_code(market.languages[0])
            else:
                self.language.set_code(self._plan.strategy.main_language)
            local = default_local or self._tomorrow_morning(market)
        self.date.setDate(QDate(local.year, local.month, local.day))
        self.time.setTime(QTime(local.hour, local.minute))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(market is not None)

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
        day, clock = self.date.date(), self.time.time()
        return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())

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

    def post(self) -> Post:
        """The post the fields describe: a new one, or the edited post (same id, rule and edited flag)."""
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
        fields = {
            "market_id": market.id,
            "platform": platform,
            "local": resolved.local,
            "zone": market.zone,
            "fold": fold,
            "presence_id": presence_id,
            "content_type_id": self.content_type.currentData() or None,
            "title": self.title.text().strip(),
            "status": PostStatus(self.status.currentData()),
            "versions": self._versions(market),
        }
        if original is not None and fields["status"] is not original.status:  # no log left behind
            fields.update(published_at=None, published_url="", skip_reason="")
        return Post(**fields) if original is None else dataclasses.replace(original, **fields)

    def _versions(self, market: Market) -> tuple[PostVersion, ...]:
        """The versions with the text typed in the chosen language, which leads; the others as they were."""
        language = self.language.code() or self._plan.strategy.main_language
        text = self.text.toPlainText()
        original = self._original
        versions = list(original.versions) if original is not None else list(self._plan.new_versions(market, language))
        mine = next((v for v in versions if v.language == language), PostVersion(language))
        status = mine.status if text.strip() or mine.status is not VersionStatus.READY else VersionStatus.TO_WRITE
        return (dataclasses.replace(mine, text=text, status=status),
                *(v for v in versions if v.language != language))

    # -- live lines ---------------------------------------------------------------------------------------------

    def _market_changed(self) -> None:
        market = self._current_market()
        language = self.language.code()
        self._fill_platforms(market)
        self._fill_languages(market)
        if market is not None and market.languages and language not in market.languages:
            language = market.languages[0]  # a post for a market is written in one of its languages
        self.language.set_code(language)
        self._update_time()
        self._update_counts()

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

    def _update_counts(self) -> None:
        """The live length of the title and the text, counted as the chosen network counts them."""
        platform = self._catalogue.get(self._platform_id())
        name = self._catalogue.name(self._platform_id())
        limit = title_limit(platform) if platform is not None else None
        self.title_count.setVisible(limit is not None)
        if limit is not None:
            self._show_count(self.title_count, *count_text(self.title.text().strip(), limit, name))
        limit = text_limit(platform) if platform is not None else None
        self._show_count(self.text_count, *count_text(self.text.toPlainText(), limit, name))

    def _show_count(self, label: QLabel, text: str, over: bool) -> None:
        label.setText(text)
        label.setProperty("over", over)
        palette = label.palette()
        colour = warning_colour(self.palette()) if over else self.palette().color(QPalette.ColorRole.WindowText)
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        label.setPalette(palette)

    def is_over_limit(self) -> bool:
        return bool(self.text_count.property("over")) or bool(
            self.title_count.isVisibleTo(self) and self.title_count.property("over"))

    # -- language ----------------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("New post") if self._original is None else _("Edit post"))
        for key, text in (
            ("market", _("&Market:")),
            ("platform", _("&Network:")),
            ("language", _("&Language:")),
            ("content_type", _("&Content type:")),
            ("when", _("&When (market time):")),
            ("title", _("&Title:")),
            ("text", _("Te&xt:")),
            ("status", _("&Status:")),
        ):
            self._labels[key].setText(text)
        self.title.setPlaceholderText(_("A few words to recognise the post in the calendar"))
        self.date.setLocale(QLocale())  # the default locale follows the UI language: day and month names switch
        self._fill_fixed_lists()
        self._fill_languages(self._current_market())
        self._update_time()
        self._update_counts()

    def changeEvent(self, event: QEvent) -> None:
        if self._ready and event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif self._ready and event.type() == QEvent.Type.PaletteChange:
            self._update_counts()
        super().changeEvent(event)

    def accept(self) -> None:
        """Keep the post only if a plan may hold it (the text's length: every other field is chosen from a list)."""
        from smplanner.ui.dialogs.messages import tell_error

        try:
            check.check_post(self.post())
        except check.InvalidValue as error:
            tell_error(self, _("The post cannot be kept"), error.problem)
            return
        super().accept()

    # -- asking -----------------------------------------------------------------------------------------------

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        plan: Plan,
        post: Post | None = None,
        default_local: datetime | None = None,
        default_market_id: str | None = None,
    ) -> Post | None:
        """The new or edited post, or None when the founder cancels (tests replace this method)."""
        dialog = cls(plan, post, default_local, default_market_id, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.post()
        finally:
            dialog.deleteLater()
