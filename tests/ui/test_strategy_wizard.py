"""The strategy wizard driven like a founder would: one firm, three markets, through to the generated calendar."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from smplanner.domain.plan import Objective, Post, PostStatus
from smplanner.domain.strategy_draft import PageId
from smplanner.services.plan_files import create_empty, create_from_example
from smplanner.services.planning import PlanningService
from smplanner.storage.plan_file import PlanFile
from smplanner.ui.dialogs import messages
from smplanner.ui.wizard.strategy_wizard import StrategyWizard

TODAY = date(2027, 1, 6)
NOW = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def service(tmp_path: Path):
    path = tmp_path / "new.smplan"
    create_empty(path, TODAY)
    opened = PlanningService(PlanFile.open(path))
    yield opened
    opened.close()


def next_button(wizard: QWizard):
    return wizard.button(QWizard.WizardButton.NextButton)


def go_next(qtbot, wizard: StrategyWizard) -> None:
    button = next_button(wizard)
    assert button.isEnabled(), wizard.currentPage().problem_line.text.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_whole_wizard_for_three_markets_ends_in_a_generated_calendar(qtbot, service):
    wizard = StrategyWizard(service.plan(), TODAY)
    qtbot.addWidget(wizard)
    wizard.show()

    # 1. Firm: an empty name blocks Next and says why.
    assert wizard.currentId() == PageId.FIRM
    firm = wizard.page_of(PageId.FIRM)
    qtbot.keyClick(firm.name_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(firm.name_edit, Qt.Key.Key_Backspace)
    assert not next_button(wizard).isEnabled()
    assert "Give the firm a name." in firm.problem_line.text.text()
    assert wizard.windowTitle() == "Strategy wizard \u2014 new plan"
    qtbot.keyClicks(firm.name_edit, "Atelier Lumen")
    assert wizard.windowTitle() == "Strategy wizard \u2014 Atelier Lumen"  # the title follows the name typed
    firm.scenario_buttons[next(iter(firm.scenario_buttons))].setChecked(True)
    go_next(qtbot, wizard)

    # 2. Markets: Japan, Germany and Québec.
    markets = wizard.page_of(PageId.MARKETS)
    assert "Add at least one target market." in markets.problem_line.text.text()
    for code in ("JP", "DE", "CA"):
        markets.country_combo.set_code(code)
        qtbot.mouseClick(markets.add_button, Qt.MouseButton.LeftButton)
    assert [m.country for m in wizard.draft.markets] == ["JP", "DE", "CA"]
    markets.subdivision_combo.set_code("QC")
    quebec = wizard.draft.markets[2]
    assert (quebec.subdivision, quebec.zone) == ("QC", "America/Toronto")
    markets.objective_boxes[Objective.OPPORTUNITIES].setChecked(True)
    assert Objective.OPPORTUNITIES in wizard.draft.markets[2].objectives
    go_next(qtbot, wizard)

    # 3. Actors: the founder.
    actors = wizard.page_of(PageId.ACTORS)
    assert not next_button(wizard).isEnabled()
    qtbot.mouseClick(actors.add_me_button, Qt.MouseButton.LeftButton)
    actors.name_edit.selectAll()
    qtbot.keyClicks(actors.name_edit, "Lea Martin")
    assert wizard.draft.actors[0].name == "Lea Martin"
    go_next(qtbot, wizard)

    # 4. Resources: hours per week.
    resources = wizard.page_of(PageId.RESOURCES)
    assert not next_button(wizard).isEnabled()
    resources.hours_spins[wizard.draft.actors[0].id].setValue(8)
    go_next(qtbot, wizard)

    # 5. Platforms: the first available suggestion in each market.
    platforms = wizard.page_of(PageId.PLATFORMS)
    assert not next_button(wizard).isEnabled()
    chosen = {}
    for tab in platforms.market_tabs():
        row = next(r for r in tab.rows.values() if not r.unavailable)
        row.check.setChecked(True)
        chosen[tab.market_id] = row.platform_id
    assert {p.market_id: p.platform for p in wizard.draft.presences} == chosen
    assert len(wizard.draft.rules) == 3
    go_next(qtbot, wizard)

    # 6. Language, 7. calendar: the suggested defaults are valid.
    assert [m.languages[:1] for m in wizard.draft.markets] == [("ja",), ("de",), ("fr",)] or all(
        m.languages for m in wizard.draft.markets
    )
    go_next(qtbot, wizard)
    assert wizard.currentId() == PageId.CALENDAR
    go_next(qtbot, wizard)

    # 8. Content: the editorial line and the usual types.
    content = wizard.page_of(PageId.CONTENT)
    assert not next_button(wizard).isEnabled()
    qtbot.keyClicks(content.editorial_edit, "Light fittings made by hand, told by the people who make them.")
    qtbot.mouseClick(content.usual_button, Qt.MouseButton.LeftButton)
    assert sum(c.share_percent for c in wizard.draft.content_types) == 100
    go_next(qtbot, wizard)

    # 9. Review: every decision, then Finish.
    review = wizard.page_of(PageId.REVIEW)
    text = review.view.toPlainText()
    for expected in ("Atelier Lumen", "Japan", "Germany", "Canada (QC)", "Lea Martin", "Tokyo", "Light fittings"):
        assert expected in text
    for platform_id in chosen.values():
        assert wizard.draft.catalogue.name(platform_id) in text
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Accepted

    changes = service.apply_decisions(wizard.result_plan(), NOW)
    assert changes.posts_added > 0
    stored = service.plan()
    assert stored.firm.name == "Atelier Lumen"
    assert {m.code for m in stored.markets} == {"JP", "DE", "CA-QC"}
    posts = service.plan_file.reader.posts()
    assert {p.market_id for p in posts} == {m.id for m in stored.markets}
    assert all(p.instant >= NOW for p in posts)


def test_re_entering_shows_the_saved_decisions_and_cancel_stores_nothing(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "confectioner.smplan"
    create_from_example(path, "confectioner", TODAY)
    service = PlanningService(PlanFile.open(path))
    try:
        before = service.plan()
        wizard = StrategyWizard(before, TODAY)
        qtbot.addWidget(wizard)
        wizard.show()
        firm = wizard.page_of(PageId.FIRM)
        assert firm.name_edit.text() == before.firm.name
        wizard.next()
        assert wizard.page_of(PageId.MARKETS).market_list.count() == len(before.markets)
        qtbot.keyClicks(firm.name_edit, " changed")
        asked = []
        monkeypatch.setattr(messages, "ask_discard_wizard", lambda parent: asked.append(True) or True)
        wizard.reject()
        assert asked == [True]
        assert service.plan() == before
    finally:
        service.close()


def test_changing_a_cadence_regenerates_only_future_generated_posts(qtbot, tmp_path):
    path = tmp_path / "consultancy.smplan"
    create_from_example(path, "consultancy", TODAY)
    service = PlanningService(PlanFile.open(path))
    try:
        plan = service.plan()
        posts = service.plan_file.reader.posts()
        future = [p for p in posts if p.instant > NOW]
        edited = dataclasses.replace(future[3], title="Launch in Montréal", edited=True, status=PostStatus.DRAFT)
        service.plan_file.repository.save_post(edited)
        hand_made = Post(market_id=future[0].market_id, platform="linkedin", local=future[0].local.replace(hour=7),
                         zone=future[0].zone, title="My own post")
        service.plan_file.repository.add_posts([hand_made])
        past_ids = {p.id for p in posts if p.instant < NOW}

        wizard = StrategyWizard(plan, TODAY)
        qtbot.addWidget(wizard)
        wizard.show()
        while wizard.currentId() != PageId.CALENDAR:
            go_next(qtbot, wizard)
        calendar = wizard.page_of(PageId.CALENDAR)
        rule = wizard.draft.rules[0]
        editor = next(e for box in calendar.presence_boxes for e in box.editors if e.rule_id == rule.id)
        editor.time_edits[0].setTime(editor.time_edits[0].time().addSecs(3600))
        changed_rule = next(r for r in wizard.draft.rules if r.id == rule.id)
        assert changed_rule.times[0] == time((rule.times[0].hour + 1) % 24, rule.times[0].minute)
        while wizard.currentId() != PageId.REVIEW:
            go_next(qtbot, wizard)
        wizard.accept()

        service.apply_decisions(wizard.result_plan(), NOW)
        after = {p.id: p for p in service.plan_file.reader.posts()}
        assert after[edited.id] == edited
        assert after[hand_made.id].title == "My own post"
        assert past_ids <= set(after)
        regenerated = [p for p in after.values() if p.rule_id == rule.id and not p.edited and p.instant > NOW]
        assert regenerated and all(p.local.time() == changed_rule.times[0] for p in regenerated)
    finally:
        service.close()


def test_the_founder_edits_a_shipped_platform_and_the_edit_is_stored_in_the_plan(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QTime

    from smplanner.domain.catalogue import TimesBasis, shipped_catalogue
    from smplanner.ui.wizard.pages.own_platform_dialog import OwnPlatformDialog

    linkedin = shipped_catalogue().get("linkedin")
    dialog = OwnPlatformDialog(TODAY, (), "DE", base=linkedin)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "LinkedIn"
    for day, check in enumerate(dialog.day_checks):
        check.setChecked(day in (1, 3))
    dialog.start_edit.setTime(QTime(7, 30))
    dialog.end_edit.setTime(QTime(8, 30))
    edited = dialog.platform()
    assert (edited.id, edited.founder_entry, edited.posting_times.basis) == ("linkedin", True, TimesBasis.FOUNDER)
    assert edited.posting_times.windows[0][0] == time(7, 30)
    assert edited.length_limits == linkedin.length_limits

    path = tmp_path / "consultancy.smplan"
    create_from_example(path, "consultancy", TODAY)
    service = PlanningService(PlanFile.open(path))
    try:
        wizard = StrategyWizard(service.plan(), TODAY)
        qtbot.addWidget(wizard)
        wizard.show()
        while wizard.currentId() != PageId.PLATFORMS:
            go_next(qtbot, wizard)
        tab = next(t for t in wizard.page_of(PageId.PLATFORMS).market_tabs() if "linkedin" in t.rows)
        monkeypatch.setattr(OwnPlatformDialog, "ask", classmethod(lambda cls, *args, **kwargs: edited))
        qtbot.mouseClick(tab.rows["linkedin"].edit_button, Qt.MouseButton.LeftButton)
        assert wizard.draft.catalogue.get("linkedin") == edited
        while wizard.currentId() != PageId.REVIEW:
            go_next(qtbot, wizard)
        wizard.accept()
        service.apply_decisions(wizard.result_plan(), NOW)
        stored = service.plan()
        assert stored.own_platforms == (edited,)
        assert stored.catalogue().get("linkedin").posting_times.windows[0][0] == time(7, 30)
        assert shipped_catalogue().get("linkedin") == linkedin
    finally:
        service.close()
