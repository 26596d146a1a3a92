"""File › Import posts: what a CSV would add and change, shown before anything is stored, with what the file does not
say asked for (the order of its dates; a Hootsuite file's market, platform and clock) and every row in error named."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.timezones import zone
from smplanner.i18n import _, ngettext
from smplanner.i18n.formatting import format_datetime
from smplanner.services.planning import PlanningService
from smplanner.services.post_csv import (
    DATE_ORDER_LABELS,
    CsvFormat,
    DateOrder,
    ImportChoices,
    ImportPreview,
    TimesIn,
)


def _moment(value) -> str:
    return format_datetime(value)  # aware: with its zone named


class ImportPostsDialog(QDialog):
    """The preview of an import: the choices the file leaves open, the posts it adds or changes (at the market's
    time and the founder's), the rows in error; Import stays disabled until it can import everything."""

    def __init__(self, service: PlanningService, data: bytes, file_name: str, preview: ImportPreview,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._data = data
        self._file_name = file_name
        self.preview = preview
        plan = service.plan()
        self._plan = plan
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.date_order = QComboBox()
        for order in DateOrder:
            self.date_order.addItem("", order)
        self.date_order.setCurrentIndex(-1)
        self.market = QComboBox()
        for market in sorted(plan.markets, key=lambda m: m.code):
            self.market.addItem(market.code, market.id)
        self.market.setCurrentIndex(-1)
        self.platform = QComboBox()
        catalogue = plan.catalogue()
        for platform in sorted({p.platform for p in plan.presences}, key=catalogue.name):
            self.platform.addItem(catalogue.name(platform), platform)
        self.platform.setCurrentIndex(-1)
        self.times_in = QComboBox()
        for clock in TimesIn:
            self.times_in.addItem("", clock)
        self.times_in.setCurrentIndex(-1)
        self.date_order_label, self.market_label, self.platform_label, self.times_label = (
            QLabel(), QLabel(), QLabel(), QLabel())
        for label, field in ((self.date_order_label, self.date_order), (self.market_label, self.market),
                             (self.platform_label, self.platform), (self.times_label, self.times_in)):
            label.setBuddy(field)
        self.form = QFormLayout()
        self.form.addRow(self.date_order_label, self.date_order)
        self.form.addRow(self.market_label, self.market)
        self.form.addRow(self.platform_label, self.platform)
        self.form.addRow(self.times_label, self.times_in)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        self.problems = QListWidget()
        self.problems.setMaximumHeight(120)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        for combo in (self.date_order, self.market, self.platform, self.times_in):
            combo.currentIndexChanged.connect(self._choose)
        self.resize(900, 560)
        self.retranslate()

    def choices(self) -> ImportChoices:
        """What the founder chose in the dialog (None where nothing is chosen)."""
        order, clock = self.date_order.currentData(), self.times_in.currentData()  # Qt hands back plain strings
        return ImportChoices(DateOrder(order) if order else None, self.market.currentData(),
                             self.platform.currentData(), TimesIn(clock) if clock else None)

    def _choose(self, *_args: object) -> None:
        chosen = self.choices()
        if self.preview.choices.date_order is not None and chosen.date_order is None:
            chosen = ImportChoices(self.preview.choices.date_order, chosen.market_id, chosen.platform,
                                   chosen.times_in)
        self.preview = self._service.preview_csv(self._data, chosen)
        self._show()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import posts"))
        self.date_order_label.setText(_("&Dates are written:"))
        self.market_label.setText(_("&Market:"))
        self.platform_label.setText(_("&Platform:"))
        self.times_label.setText(_("&Times are on:"))
        for index in range(self.date_order.count()):
            self.date_order.setItemText(index, _(DATE_ORDER_LABELS[self.date_order.itemData(index)]))
        labels = {TimesIn.MARKET: _("the market's clock"),
                  TimesIn.HOME: _("your clock ({zone})").format(zone=self._plan.firm.home_zone)}
        for index in range(self.times_in.count()):
            self.times_in.setItemText(index, labels[self.times_in.itemData(index)])
        self.date_order.setPlaceholderText(_("Choose\u2026"))
        for combo in (self.market, self.platform, self.times_in):
            combo.setPlaceholderText(_("Choose\u2026"))
        self.table.setHorizontalHeaderLabels([_("Line"), _("Change"), _("Market time"), _("Your time"), _("Market"),
                                              _("Platform"), _("Title")])
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Import"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "buttons"):
            self.retranslate()
        super().changeEvent(event)

    def _show(self) -> None:
        preview = self.preview
        if preview.format is CsvFormat.HOOTSUITE:
            kind = _("a Hootsuite bulk file: its times carry no zone, and each row becomes a post ready to publish, "
                     "its message the text of the first language")
        else:
            kind = _("a CSV of posts: rows with a known post id update that post, the others become new posts")
        self.explanation.setText(_("{file} is {kind}. Nothing is stored until you choose Import, and then all of it "
                                   "at once, or nothing if a row has a problem.").format(file=self._file_name,
                                                                                         kind=kind))
        hootsuite = preview.format is CsvFormat.HOOTSUITE
        asks_order = len(preview.date_orders) == 2 and ("date_order" in preview.needs
                                                        or self.date_order.currentIndex() >= 0)
        for label, field, shown in ((self.date_order_label, self.date_order, asks_order),
                                    (self.market_label, self.market, hootsuite),
                                    (self.platform_label, self.platform, hootsuite),
                                    (self.times_label, self.times_in, hootsuite)):
            label.setVisible(shown)
            field.setVisible(shown)
        if preview.needs:
            self.summary.setText(_("Say what the file does not: the rows are read once you have."))
        elif preview.problems:
            self.summary.setText(ngettext(
                "{count} problem in the file: correct it there and import again. Nothing can be imported until then.",
                "{count} problems in the file: correct them there and import again. Nothing can be imported until "
                "then.", len(preview.problems)).format(count=len(preview.problems)))
        else:
            self.summary.setText(preview.summary())
        self._fill_table()
        self.problems.clear()
        self.problems.addItems([str(problem) for problem in preview.problems])
        self.problems.setVisible(bool(preview.problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(preview.ready and (
            preview.created + preview.updated) > 0)

    def _fill_table(self) -> None:
        plan = self._plan
        codes = {m.id: m.code for m in plan.markets}
        catalogue = plan.catalogue()
        home = zone(plan.firm.home_zone)
        rows = [row for row in self.preview.rows if row.changes]
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            post = row.post
            cells = [str(row.line), _("new") if row.before is None else _("changed"),
                     _moment(post.instant.astimezone(zone(post.zone))), _moment(post.instant.astimezone(home)),
                     codes.get(post.market_id, ""), catalogue.name(post.platform),
                     " ".join((post.title or next((v.text for v in post.versions if v.text), "")).split())]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
        self.table.setVisible(bool(rows) or not self.preview.problems)

    @classmethod
    def ask(cls, parent: QWidget | None, service: PlanningService, data: bytes, file_name: str,
            preview: ImportPreview) -> ImportPreview | None:
        """The preview to import as the founder settled it, or None when they cancel (tests replace this method)."""
        dialog = cls(service, data, file_name, preview, parent)
        return dialog.preview if dialog.exec() == QDialog.DialogCode.Accepted else None
