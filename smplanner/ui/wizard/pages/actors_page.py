"""Wizard page "Actors and responsibilities": who works on the presences abroad, and who runs each one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from smplanner.domain.plan import Actor, ActorKind
from smplanner.domain.strategy_draft import (
    ACTOR_KIND_LABELS,
    PageId,
    StrategyDraft,
    market_label,
)
from smplanner.domain.validation import NAME_LENGTH
from smplanner.i18n import _
from smplanner.i18n.formatting import country_name
from smplanner.services.country_facts import country_codes
from smplanner.ui.widgets.pickers import CodeComboBox, country_items
from smplanner.ui.widgets.scrolling import vertical_scroll
from smplanner.ui.widgets.text_limit import limit_length
from smplanner.ui.wizard.pages.base import DraftPage

ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole


def actor_text(actor: Actor) -> str:
    """An actor as listed: "Lotte Van Damme — Founder", "Tokyo distributor — Partner or distributor abroad (Japan)"."""
    name = actor.name.strip() or _("(no name yet)")
    kind = _(ACTOR_KIND_LABELS[actor.kind])
    if actor.kind is ActorKind.PARTNER and actor.country:
        return _("{name} \u2014 {kind} ({country})").format(name=name, kind=kind, country=country_name(actor.country))
    return _("{name} \u2014 {kind}").format(name=name, kind=kind)


class ActorsPage(DraftPage):
    """The people and firms who run the presences, and the presence each one keeps alive."""

    page_id = PageId.ACTORS

    def __init__(self, draft: StrategyDraft, today: date, parent: QWidget | None = None) -> None:
        super().__init__(draft, today, parent)
        # --- the actors: a list and the form of the selected one
        self.actors_box = QGroupBox()
        self.actor_list = QListWidget()
        self.actor_list.installEventFilter(self)
        self.empty_state = QLabel()
        self.empty_state.setWordWrap(True)
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setMargin(12)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.actor_list)
        self.list_stack.addWidget(self.empty_state)

        self.name_edit = QLineEdit()
        limit_length(self.name_edit, NAME_LENGTH)
        self.kind_combo = QComboBox()
        self.country_combo = CodeComboBox()
        self.country_combo.set_items(country_items(country_codes()))
        self.name_label = QLabel()
        self.name_label.setBuddy(self.name_edit)
        self.kind_label = QLabel()
        self.kind_label.setBuddy(self.kind_combo)
        self.country_label = QLabel()
        self.country_label.setBuddy(self.country_combo)
        self.form = QFormLayout()
        self.form.addRow(self.name_label, self.name_edit)
        self.form.addRow(self.kind_label, self.kind_combo)
        self.form.addRow(self.country_label, self.country_combo)
        self.form_widget = QWidget()
        self.form_widget.setLayout(self.form)

        self.add_me_button = QPushButton()
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_me_button)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        actors_row = QHBoxLayout()
        actors_row.addWidget(self.list_stack, 1)
        actors_row.addWidget(self.form_widget, 1, Qt.AlignmentFlag.AlignTop)
        actors_layout = QVBoxLayout(self.actors_box)
        actors_layout.addLayout(actors_row, 1)
        actors_layout.addLayout(buttons)

        # --- who runs each presence
        self.runs_box = QGroupBox()
        self.runs_empty = QLabel()
        self.runs_empty.setWordWrap(True)
        self.runs_form = QFormLayout()
        self.runs_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        runs_content = QWidget()
        runs_content_layout = QVBoxLayout(runs_content)
        runs_content_layout.addWidget(self.runs_empty)
        runs_content_layout.addLayout(self.runs_form)
        runs_content_layout.addStretch(1)
        self.runs_scroll = vertical_scroll(runs_content)
        runs_layout = QVBoxLayout(self.runs_box)
        runs_layout.addWidget(self.runs_scroll)
        self.run_by_combos: dict[str, QComboBox] = {}

        self.body.addWidget(self.actors_box, 1)
        self.body.addWidget(self.runs_box, 1)

        self.actor_list.currentRowChanged.connect(self._show_selected)
        self.name_edit.textEdited.connect(self._name_edited)
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self.country_combo.code_changed.connect(self._country_chosen)
        self.add_me_button.clicked.connect(self.add_founder)
        self.add_button.clicked.connect(self.add_actor)
        self.remove_button.clicked.connect(self.remove_selected)
        self.retranslate_ui()

    # --- filling from the draft ------------------------------------------------------------------------

    def load(self) -> None:
        current = self.actor_list.currentItem()
        self._fill_actor_list(current.data(ACTOR_ID_ROLE) if current else None)
        self._fill_responsibilities()

    def _fill_actor_list(self, select_id: str | None = None) -> None:
        self.actor_list.blockSignals(True)
        self.actor_list.clear()
        for actor in self.draft.actors:
            item = QListWidgetItem(actor_text(actor))
            item.setData(ACTOR_ID_ROLE, actor.id)
            self.actor_list.addItem(item)
        ids = [a.id for a in self.draft.actors]
        row = ids.index(select_id) if select_id in ids else (0 if ids else -1)
        self.actor_list.setCurrentRow(row)
        self.actor_list.blockSignals(False)
        self.list_stack.setCurrentWidget(self.actor_list if ids else self.empty_state)
        self.form_widget.setVisible(bool(ids))
        has_founder = any(a.kind is ActorKind.FOUNDER for a in self.draft.actors)
        self.add_me_button.setVisible(not has_founder)
        self._show_selected(row)

    def _fill_responsibilities(self) -> None:
        while self.runs_form.rowCount():
            self.runs_form.removeRow(0)
        self.run_by_combos.clear()
        markets = {m.id: m for m in self.draft.markets}
        presences = sorted(
            (p for p in self.draft.presences if p.market_id in markets),
            key=lambda p: (markets[p.market_id].entry_order, market_label(markets[p.market_id]),
                           self.draft.catalogue.name(p.platform).casefold()),
        )
        self.runs_empty.setVisible(not presences)
        # without presences the box holds one sentence: the actors get the room
        self.body.setStretchFactor(self.runs_box, 1 if presences else 0)
        for presence in presences:
            text = _("{platform} in {market}").format(
                platform=self.draft.catalogue.name(presence.platform), market=market_label(markets[presence.market_id])
            )
            combo = QComboBox()
            combo.setAccessibleName(_("Who runs {presence}").format(presence=text))
            if self.draft.actor(presence.actor_id) is None:
                combo.addItem(_("Nobody yet"), "")
            for actor in self.draft.actors:
                combo.addItem(actor_text(actor), actor.id)
            combo.setCurrentIndex(max(combo.findData(presence.actor_id or ""), 0))
            combo.currentIndexChanged.connect(lambda _index, pid=presence.id, c=combo: self._run_by_chosen(pid, c))
            label = QLabel(text)
            label.setBuddy(combo)
            self.runs_form.addRow(label, combo)
            self.run_by_combos[presence.id] = combo

    def _selected(self) -> Actor | None:
        item = self.actor_list.currentItem()
        if item and self.list_stack.currentWidget() is self.actor_list:
            return self.draft.actor(item.data(ACTOR_ID_ROLE))
        return None

    def _show_selected(self, _row: int = -1) -> None:
        actor = self._selected()
        self.form_widget.setEnabled(actor is not None)
        self.remove_button.setEnabled(actor is not None)
        self.name_edit.setText(actor.name if actor else "")
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(actor.kind.value) if actor else -1)
        self.kind_combo.blockSignals(False)
        self.country_combo.blockSignals(True)
        self.country_combo.set_code(actor.country if actor else None)
        self.country_combo.blockSignals(False)
        self.form.setRowVisible(self.country_combo, actor is not None and actor.kind is ActorKind.PARTNER)

    # --- writing to the draft --------------------------------------------------------------------------

    def add_founder(self) -> None:
        """Add the founder as the first actor: the usual person to run the first presences."""
        self._add(Actor(name=_("Me"), kind=ActorKind.FOUNDER, country=self.draft.firm.home_country or None))

    def add_actor(self) -> None:
        kind = ActorKind.EMPLOYEE if self.draft.actors else ActorKind.FOUNDER
        self._add(Actor(name="", kind=kind, country=self.draft.firm.home_country or None))

    def _add(self, actor: Actor) -> None:
        self.draft.replace_actor(actor)
        self._actors_changed(actor.id)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name_edit.selectAll()

    def remove_selected(self) -> None:
        actor = self._selected()
        if actor is None:
            return
        row = self.actor_list.currentRow()
        self.draft.remove_actor(actor.id)
        remaining = self.draft.actors
        self._actors_changed(remaining[min(row, len(remaining) - 1)].id if remaining else None)
        (self.actor_list if remaining else self.add_me_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _name_edited(self, text: str) -> None:
        actor = self._selected()
        if actor is None:
            return
        actor = replace(actor, name=text)
        self.draft.replace_actor(actor)
        self.actor_list.currentItem().setText(actor_text(actor))
        self._fill_responsibilities()
        self.changed()

    def _kind_chosen(self, _index: int) -> None:
        actor = self._selected()
        if actor is None or self.kind_combo.currentIndex() < 0:
            return
        kind = ActorKind(self.kind_combo.currentData())
        if kind is ActorKind.PARTNER:
            country = actor.country if actor.kind is ActorKind.PARTNER else self._first_market_abroad()
        else:
            country = self.draft.firm.home_country or None
        self.draft.replace_actor(replace(actor, kind=kind, country=country))
        self._actors_changed(actor.id)

    def _country_chosen(self, code: str) -> None:
        actor = self._selected()
        if actor is None or actor.kind is not ActorKind.PARTNER:
            return
        actor = replace(actor, country=code or None)
        self.draft.replace_actor(actor)
        self.actor_list.currentItem().setText(actor_text(actor))
        self._fill_responsibilities()
        self.changed()

    def _run_by_chosen(self, presence_id: str, combo: QComboBox) -> None:
        actor_id = combo.currentData() or None
        self.draft.replace_presence(replace(self.draft.presence(presence_id), actor_id=actor_id))
        if actor_id and combo.itemData(0) == "":
            combo.blockSignals(True)
            combo.removeItem(0)  # "Nobody yet" goes once someone runs it
            combo.blockSignals(False)
        self.changed()

    def _actors_changed(self, select_id: str | None) -> None:
        self._fill_actor_list(select_id)
        self._fill_responsibilities()
        self.changed()

    def _first_market_abroad(self) -> str | None:
        markets = sorted(self.draft.markets, key=lambda m: m.entry_order)
        abroad = [m.country for m in markets if m.country != self.draft.firm.home_country]
        return next(iter(abroad or [m.country for m in markets]), None)

    # --- keyboard and language -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        deleting = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and (
            event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Delete
        )
        if watched is self.actor_list and deleting:
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setSubTitle(_("Each presence abroad needs someone who posts and answers every week: you, an employee, an "
                           "agency at home, or a partner or distributor in the market. List them, then say who runs "
                           "which presence."))
        self.actors_box.setTitle(_("Actors"))
        self.actor_list.setAccessibleName(_("Actors"))
        self.empty_state.setText(_("Nobody yet. Add yourself first: founders usually run the first presences. Then add "
                                   "anyone who will help: an employee, an agency at home, a partner or distributor "
                                   "abroad."))
        self.name_label.setText(_("Nam&e:"))
        self.name_edit.setAccessibleName(_("Name of the actor"))
        self.name_edit.setPlaceholderText(_("A person or a firm"))
        self.kind_label.setText(_("&Role:"))
        self.kind_combo.setAccessibleName(_("Role of the actor"))
        current = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for kind, label in ACTOR_KIND_LABELS.items():
            self.kind_combo.addItem(_(label), kind.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(current) if current else -1)
        self.kind_combo.blockSignals(False)
        self.country_label.setText(_("&Country:"))
        self.country_combo.setAccessibleName(_("Country of the partner"))
        self.add_me_button.setText(_("Add &me as the founder"))
        self.add_button.setText(_("&Add an actor"))
        self.remove_button.setText(_("Remo&ve"))
        self.remove_button.setToolTip(_("Remove the selected actor (Delete)"))
        self.runs_box.setTitle(_("Who runs each presence"))
        self.runs_empty.setText(_("Responsibilities are set once platforms are chosen (page 5, \u201cPlatforms per "
                                  "market\u201d). New presences go to the founder; change that here or there."))
