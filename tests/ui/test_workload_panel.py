"""The workload panel: the weekly chart of an example plan, weeks over capacity highlighted, the totals, the
findings with the hours they free, the empty state, the settings dialog and the week tooltips.

SMPLANNER_SHOTS=/tmp/shots keeps the pictures to look at (workload_*.png).
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRectF
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QToolTip

from smplanner.domain.examples import example
from smplanner.domain.plan import ContentFormat, Plan, Post
from smplanner.domain.post_tally import tally_posts
from smplanner.domain.workload import Finding, FindingKind, WorkloadReport, WorkloadSettings, analyse, findings
from smplanner.services.planning import posts_for
from smplanner.ui.workload.settings_dialog import WorkloadSettingsDialog
from smplanner.ui.workload.workload_panel import FindingCard, WorkloadChart, WorkloadPanel, hours_text

START = date(2027, 1, 11)
SHOTS = Path(os.environ.get("SMPLANNER_SHOTS", "")) if os.environ.get("SMPLANNER_SHOTS") else None


def workload(plan: Plan, posts: list[Post], settings: WorkloadSettings | None = None
             ) -> tuple[WorkloadReport, list[Finding]]:
    settings = settings or WorkloadSettings()
    first, last = plan.strategy.period_start, plan.strategy.period_end
    counted = tally_posts(posts, first, last)
    report = analyse(plan, counted, settings)
    return report, findings(plan, counted, report, settings)


def with_hours(plan: Plan, *hours: float) -> Plan:
    """The plan with each actor's hours per week replaced, in the order of its actors."""
    return replace(plan, actors=tuple(replace(a, hours_per_week=h) for a, h in zip(plan.actors, hours, strict=True)))


@pytest.fixture(scope="module")
def confectioner() -> tuple[Plan, list[Post]]:
    plan = example("confectioner").build(START)
    return plan, posts_for(plan)


@pytest.fixture
def panel(qtbot) -> WorkloadPanel:
    widget = WorkloadPanel()
    qtbot.addWidget(widget)
    widget.resize(1024, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show(panel: WorkloadPanel, plan: Plan, posts: list[Post], settings: WorkloadSettings | None = None
         ) -> tuple[WorkloadReport, list[Finding]]:
    report, found = workload(plan, posts, settings)
    panel.set_report(plan, report, found, settings)
    return report, found


def totals_rows(panel: WorkloadPanel) -> list[list[str]]:
    tree = panel.totals
    return [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())]


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e8e8e8"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#262626"),
                         (QPalette.ColorRole.Text, "#e8e8e8"), (QPalette.ColorRole.Button, "#353535"),
                         (QPalette.ColorRole.ButtonText, "#e8e8e8"), (QPalette.ColorRole.Highlight, "#3d8ee6")):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def themed(request):
    app = QApplication.instance()
    before = app.palette()
    if request.param == "dark":
        app.setPalette(dark_palette())
    yield request.param
    app.setPalette(before)


# --- the chart and the totals --------------------------------------------------------------------------------------


def test_the_panel_shows_the_plans_weeks_actors_and_capacity(panel: WorkloadPanel, confectioner) -> None:
    plan, posts = confectioner
    report, _found = show(panel, plan, posts)
    assert not panel.is_empty()
    layout = panel.chart.chart_layout()
    assert [w.start for w in layout.weeks] == [w.start for w in report.weeks]
    assert len(layout.weeks) == 53
    assert [s.label for s in layout.series] == [a.name for a in plan.actors]
    assert layout.capacity.hours == pytest.approx(19)
    assert layout.capacity.label == "Capacity 19 h a week"
    assert sum(w.posts for w in layout.weeks) == len(posts)
    summary = panel.summary.text()
    assert "19.5 h a week on average" in summary and "your actors give 19 h" in summary
    assert "In 26 of 53 weeks the team needs more than it has." in summary


def test_the_totals_give_each_actors_hours_against_theirs_and_the_money_against_the_budget(
        panel: WorkloadPanel, confectioner) -> None:
    plan, posts = confectioner
    report, _found = show(panel, plan, posts)
    rows = {row[0]: row for row in totals_rows(panel)}
    assistant = rows["Marketing assistant"]
    assert assistant[1:3] == ["8.4 h", "8 h"]
    assert assistant[3].startswith("busiest week ") and assistant[3].endswith("; 50 weeks over their own hours")
    assert rows["Lotte Van Damme"][1:3] == ["0.9 h", "6 h"]
    assert "over their own hours" not in rows["Lotte Van Damme"][3]
    assert rows["The team"][1:4] == ["19.5 h", "19 h", "26 weeks the team needs more than it has"]
    # Over their hours: coloured and bold, not coloured only.
    tree = panel.totals
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0) == "Marketing assistant")
    assert item.font(1).bold()
    calm = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0) == "Lotte Van Damme")
    assert not calm.font(1).bold()
    assert "Money a month (EUR)" in rows
    assert rows["Paid ads"][1] == "€350.00"
    assert "United Kingdom" in rows["Paid ads"][3]
    assert rows["Translation"][1] == "€0.00"
    assert rows["Agency"][1] == "€0.00"
    assert rows["Total against the budget"][1:4] == ["€350.00", "€650.00", "Within the budget"]
    assert report.budget_allocated_month == Decimal(650)


def test_money_follows_the_plans_currency_and_says_when_it_is_over_budget(panel: WorkloadPanel, confectioner) -> None:
    plan, posts = confectioner
    plan = replace(plan, strategy=replace(plan.strategy, currency="JPY", budget_organic_month=Decimal(100),
                                          budget_paid_month=Decimal(0)))
    show(panel, plan, posts, WorkloadSettings(agency_cost_month=Decimal(1000)))
    rows = {row[0]: row for row in totals_rows(panel)}
    assert rows["Agency"][1] == "¥1,000"
    assert panel.currency() == "JPY"  # what the settings dialog shows its amounts in
    assert rows["Total against the budget"][1:4] == ["¥1,350", "¥100", "Over budget"]
    assert any(card.finding.kind is FindingKind.OVER_BUDGET for card in panel.finding_cards())


def test_only_the_weeks_the_team_needs_more_than_it_has_are_marked(qtbot, panel: WorkloadPanel, confectioner) -> None:
    """The chart used to outline weeks in red below the capacity line (one actor over their own hours)."""
    plan, posts = confectioner
    generous = with_hours(plan, 6, 10, 5, 7)
    show(panel, generous, posts)
    layout = panel.chart.chart_layout()
    assert not any(w.over for w in layout.weeks)
    assert "In 0 of 53 weeks the team needs more than it has." in panel.summary.text()

    report, _found = show(panel, plan, posts)  # the example: 19.5 h needed of 19 h on average
    layout = panel.chart.chart_layout()
    over = [w for w in layout.weeks if w.over]
    assert [w.start for w in over] == list(report.over_weeks) and over
    assert all(w.hours > layout.capacity.hours for w in over)  # every marked bar rises above the line
    assert all(w.hours <= layout.capacity.hours for w in layout.weeks if not w.over)
    assert all(w.bar.y < layout.capacity.y for w in over)

    # An actor over their own hours is shown in their own view, against their own line.
    assert [panel.show_combo.itemText(i) for i in range(panel.show_combo.count())] == [
        "The team", *(actor.name for actor in plan.actors)]
    tokyo = next(actor for actor in plan.actors if actor.name == "Tokyo distributor")
    panel.show_actor(tokyo.id)
    mine = panel.chart.chart_layout()
    assert mine.actor_id == tokyo.id and [s.label for s in mine.series] == ["Tokyo distributor"]
    assert mine.capacity.hours == 2 and mine.capacity.label == "Tokyo distributor: 2 h a week"
    assert [w.start for w in mine.weeks if w.over] == list(report.over_weeks_by_actor[tokyo.id])
    assert "weeks over their own hours" in panel.chart.accessibleDescription()
    panel.show_actor(None)
    assert panel.chart.chart_layout().actor_id is None

    # The highlight is painted: the top of an over week's slot is tinted, a calm week's is not.
    image = panel.chart.grab().toImage()
    ratio = image.devicePixelRatio()
    base = panel.chart.palette().color(QPalette.ColorRole.Base)

    def colour_at(column) -> QColor:
        x, y = column.x + column.width / 2, column.y + 3
        return image.pixelColor(round(x * ratio), round(y * ratio))

    calm = next(w for w in layout.weeks if not w.over)
    assert colour_at(calm.column) == base
    tinted = colour_at(over[0].column)
    assert tinted != base and tinted.red() > tinted.green()


def test_nobodys_hours_get_their_own_hatched_series(panel: WorkloadPanel, confectioner) -> None:
    plan, _posts = confectioner
    orphaned = replace(plan, presences=tuple(replace(p, actor_id=None) if p.platform == "line" else p
                                             for p in plan.presences))
    show(panel, orphaned, posts_for(orphaned))
    layout = panel.chart.chart_layout()
    assert layout.series[-1].actor_id is None
    assert layout.series[-1].label == "Nobody responsible"
    rows = {row[0]: row for row in totals_rows(panel)}
    assert rows["Nobody responsible"][2] == "\u2014"
    assert any(card.finding.kind is FindingKind.NO_ACTOR for card in panel.finding_cards())


def test_the_chart_prints_through_paint_to(qtbot, confectioner) -> None:
    plan, posts = confectioner
    chart = WorkloadChart()
    qtbot.addWidget(chart)
    report, _found = workload(plan, posts)
    chart.set_report(plan, report)
    image = QImage(900, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    chart.paint_to(painter, QRectF(0, 0, 900, 400), QPalette())
    painter.end()
    colours = {image.pixelColor(x, y).name() for x in range(0, 900, 7) for y in range(0, 400, 7)}
    assert len(colours) > 8  # bars in several colours, the band, the text


# --- the findings --------------------------------------------------------------------------------------------------


def test_the_findings_are_shown_with_their_reasons_and_the_hours_they_free(panel: WorkloadPanel, confectioner) -> None:
    plan, posts = confectioner
    _report, found = show(panel, plan, posts)
    cards = panel.finding_cards()
    assert [card.finding.kind for card in cards] == [f.kind for f in found]
    assert panel.findings_heading.text() == "Findings ({count})".format(count=len(found))
    silent = next(card for card in cards if card.finding.kind is FindingKind.SILENT_PRESENCE)
    assert silent.title.text() == "<b>A presence falls silent</b>"
    assert "LINE in Japan would fall silent" in silent.text.text()
    assert silent.hours.isHidden()  # a silence frees no hours
    too_many = next(card for card in cards if card.finding.kind is FindingKind.TOO_MANY_PRESENCES)
    assert "Too many presences for the hours" in too_many.text.text()
    assert not too_many.hours.isHidden()
    assert too_many.hours.text() == "The best option below frees about {hours} a week.".format(
        hours=hours_text(too_many.finding.hours_freed))
    freed = [option.hours_freed for option in too_many.finding.options]
    assert len(freed) >= 2 and freed == sorted(freed, reverse=True)
    assert too_many.finding.hours_freed == freed[0]
    assert too_many.options.text() == "Options, most hours saved first:"
    assert len(too_many.option_labels) == len(too_many.apply_buttons) == len(too_many.finding.options)
    for number, (label, option) in enumerate(zip(too_many.option_labels, too_many.finding.options, strict=True), 1):
        # ranked as the model ranks them, most hours first, each with its own button
        assert label.text().startswith("{n}. ".format(n=number))
        assert option.text.replace("'", "&#x27;") in label.text()
        assert "frees {hours} a week".format(hours=hours_text(option.hours_freed)) in label.text()
    assert [b.text() for b in too_many.apply_buttons] == ["Apply"] * len(too_many.finding.options)
    assert all(b.isEnabled() for b in too_many.apply_buttons)


def test_a_finding_without_options_says_the_hours_acting_on_it_frees(qtbot) -> None:
    card = FindingCard(Finding(FindingKind.NO_ACTOR, "Nobody runs it.", hours_freed=2.5))
    qtbot.addWidget(card)
    assert card.hours.text() == "Acting on it frees about 2.5 h a week."
    assert card.options.isHidden()


def test_a_sound_plan_says_nothing_is_at_risk(panel: WorkloadPanel, confectioner) -> None:
    plan, posts = confectioner
    report, _found = workload(with_hours(plan, 6, 10, 5, 7), posts)
    panel.set_report(plan, report, [])
    assert panel.finding_cards() == []
    assert panel.findings_heading.text() == "Findings"
    labels = [panel.findings_layout.itemAt(i).widget() for i in range(panel.findings_layout.count())]
    assert any(w is not None and "Nothing puts the plan's upkeep at risk" in w.text() for w in labels)


# --- the empty state -----------------------------------------------------------------------------------------------


def test_a_plan_without_posts_shows_the_empty_state(qtbot, panel: WorkloadPanel, confectioner) -> None:
    plan, _posts = confectioner
    show(panel, plan, [])
    assert panel.is_empty()
    assert panel.empty_label.isVisible()
    assert panel.empty_label.text() == "Finish the strategy wizard to see what the plan costs each week."
    assert not panel.chart.isVisible()
    assert panel.finding_cards() == []
    with qtbot.waitSignal(panel.wizard_requested):
        panel.wizard_button.click()
    panel.set_report(None, None, [])
    assert panel.is_empty()


def test_the_panel_leaves_the_empty_state_when_posts_arrive(panel: WorkloadPanel, confectioner) -> None:
    plan, posts = confectioner
    show(panel, plan, [])
    show(panel, plan, posts)
    assert not panel.is_empty()
    assert panel.chart.isVisible()


# --- the settings --------------------------------------------------------------------------------------------------


def test_the_settings_dialog_returns_the_edited_values(qtbot) -> None:
    settings = WorkloadSettings(agency_cost_month=Decimal("120.50"))
    dialog = WorkloadSettingsDialog(settings, currency="EUR")
    qtbot.addWidget(dialog)
    assert dialog.format_spins[ContentFormat.VIDEO].value() == 90
    assert dialog.agency_spin.value() == pytest.approx(120.5)
    dialog.format_spins[ContentFormat.VIDEO].setValue(120)
    dialog.default_spin.setValue(35)
    dialog.adaptation_spin.setValue(20)
    dialog.language_spin.setValue(25)
    dialog.community_spin.setValue(60)
    dialog.ads_spin.setValue(45)
    dialog.translation_spin.setValue(12.5)
    edited = dialog.settings()
    assert edited.minutes_per_post == {ContentFormat.TEXT: 20, ContentFormat.IMAGE: 40, ContentFormat.VIDEO: 120}
    assert (edited.default_minutes_per_post, edited.adaptation_minutes, edited.language_version_minutes,
            edited.community_minutes_per_presence, edited.ads_minutes_per_market) == (35, 20, 25, 60, 45)
    assert edited.translation_cost_per_version == Decimal("12.5")
    assert edited.agency_cost_month == Decimal("120.5")
    assert WorkloadSettings.from_json(edited.to_json()) == edited
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.settings() == WorkloadSettings()
    assert dialog.translation_spin.suffix().endswith("€")


def test_the_settings_button_hands_the_chosen_settings_on(qtbot, monkeypatch, panel: WorkloadPanel,
                                                          confectioner) -> None:
    plan, posts = confectioner
    current = WorkloadSettings(community_minutes_per_presence=30)
    show(panel, plan, posts, current)
    chosen = replace(current, adaptation_minutes=40)
    asked = []

    def ask(parent, settings):
        asked.append((settings, parent.currency()))
        return chosen

    monkeypatch.setattr(WorkloadSettingsDialog, "ask", ask)
    with qtbot.waitSignal(panel.settings_changed) as signal:
        panel.settings_button.click()
    assert asked == [(current, "EUR")]
    assert signal.args == [chosen]
    assert panel.settings() == chosen


@pytest.mark.parametrize("answer", ["cancel", "unchanged"])
def test_no_settings_are_handed_on_when_nothing_changed(qtbot, monkeypatch, panel: WorkloadPanel, confectioner,
                                                       answer: str) -> None:
    plan, posts = confectioner
    show(panel, plan, posts)
    monkeypatch.setattr(WorkloadSettingsDialog, "ask",
                        lambda parent, settings: None if answer == "cancel" else replace(settings))
    with qtbot.assertNotEmitted(panel.settings_changed):
        panel.settings_button.click()


def test_the_settings_button_works_in_the_empty_state(qtbot, monkeypatch, panel: WorkloadPanel) -> None:
    monkeypatch.setattr(WorkloadSettingsDialog, "ask", lambda parent, settings: replace(settings,
                                                                                             ads_minutes_per_market=5))
    with qtbot.waitSignal(panel.settings_changed) as signal:
        panel.settings_button.click()
    assert signal.args[0].ads_minutes_per_market == 5


# --- tooltips ------------------------------------------------------------------------------------------------------


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen platform, showing the tooltip
def test_a_weeks_tooltip_gives_each_actors_hours_and_the_capacity(qtbot, panel: WorkloadPanel, confectioner) -> None:
    plan, posts = confectioner
    report, _found = show(panel, plan, posts)
    chart = panel.chart
    busy = report.over_weeks[0]
    rect = chart.week_rect(busy)
    assert not rect.isEmpty()
    pos = QPoint(rect.center().x(), rect.bottom() - 4)
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, pos, chart.mapToGlobal(pos)))
    text = QToolTip.text().replace("\u2009", " ")
    lines = text.split("\n")
    week = next(w for w in report.weeks if w.start == busy)
    assert lines[0].startswith("Week of ")
    assert lines[1] == "{n} posts".format(n=week.posts)
    for actor in plan.actors:
        hours = week.minutes_by_actor[actor.id] / 60
        line = "{name}: {h} of {c}".format(name=actor.name, h=hours_text(hours).replace("\u2009", " "),
                                         c=hours_text(actor.hours_per_week).replace("\u2009", " "))
        if hours > actor.hours_per_week:
            line += " — over their hours"
        assert line in lines, (line, lines)
    assert lines[-2] == "Total: {h} of 19 h capacity".format(h=hours_text(week.total_minutes / 60))
    assert lines[-1] == "The team needs more than it has this week"
    QToolTip.hideText()

    calm_start = next(w.start for w in report.weeks if w.start not in report.over_weeks)
    calm = chart.week_rect(calm_start)
    pos = QPoint(calm.center().x(), calm.top() + 4)
    assert chart.week_at(pos).start == calm_start
    assert "The team needs more than it has this week" not in chart.tooltip_for(chart.week_at(pos))
    assert chart.week_at(QPoint(2, 2)) is None  # no tooltip over the axis' labels


# --- screenshots ---------------------------------------------------------------------------------------------------


def shots_folder(tmp_path: Path) -> Path:
    folder = SHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.qt_log_ignore("This plugin does not support raise")
@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)], ids=["1024x700", "1280x800"])
def test_the_panel_is_photographed(qtbot, tmp_path: Path, confectioner, themed: str, size: tuple[int, int]) -> None:
    plan, posts = confectioner
    folder = shots_folder(tmp_path)
    name = "{w}x{h}_{theme}".format(w=size[0], h=size[1], theme=themed)
    panel = WorkloadPanel()
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    show(panel, plan, posts)
    qtbot.wait(20)
    assert panel.grab().save(str(folder / "workload_confectioner_{name}.png".format(name=name)))

    # Hours for everyone but the week of Easter, and a presence nobody runs: one week over, a hatched series.
    tight = with_hours(plan, 6, 9, 3, 6.5)
    tight = replace(tight, presences=tuple(replace(p, actor_id=None) if p.platform == "line" else p
                                           for p in tight.presences))
    show(panel, tight, posts_for(tight))
    qtbot.wait(20)
    chart = panel.chart
    rect = chart.week_rect(date(2027, 3, 29))
    pos = QPoint(rect.center().x(), rect.bottom() - 20)
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, pos, chart.mapToGlobal(pos)))
    qtbot.wait(20)
    picture = panel.grab()
    tip = next((w for w in QApplication.topLevelWidgets() if w.inherits("QLabel") and w.isVisible()
                and w.metaObject().className() == "QTipLabel"), None)
    if tip is not None:
        # The tooltip is a window of its own: laid over the panel's picture where it shows.
        painter = QPainter(picture)
        painter.drawPixmap(panel.mapFromGlobal(tip.pos()), tip.grab())
        painter.end()
    QToolTip.hideText()
    assert picture.save(str(folder / "workload_trimmed_{name}.png".format(name=name)))

    if size == (1024, 700):
        show(panel, plan, [])
        qtbot.wait(20)
        assert panel.grab().save(str(folder / "workload_empty_{theme}.png".format(theme=themed)))
        dialog = WorkloadSettingsDialog(WorkloadSettings(), panel, currency="EUR")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.grab().save(str(folder / "workload_settings_{theme}.png".format(theme=themed)))
        dialog.close()


def test_every_kind_of_finding_has_a_title() -> None:
    from smplanner.ui.workload.workload_panel import FINDING_TITLES

    assert set(FINDING_TITLES) == set(FindingKind)
