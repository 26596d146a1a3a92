"""In the window: a warning's fix from a post's menu and a workload option's Apply button, each one undoable step;
the Workload tab, the summary and `smplanner workload` give the same figures from the same stored settings."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from smplanner import cli
from smplanner.domain.plan import PostVersion
from smplanner.domain.post_warnings import PostWarning
from smplanner.domain.workload import ContentFormat, WorkloadSettings
from smplanner.i18n.formatting import format_number
from smplanner.services.summary import summary_for
from smplanner.ui.calendar.calendar_area import Tab
from smplanner.ui.main_window import MainWindow

TODAY = date(2027, 1, 6)


def test_a_fix_for_every_post_of_a_rule_is_one_undoable_step(opened: MainWindow) -> None:
    window = opened
    plan = window.service.plan()
    instagram = plan.cadence_rules[0]  # the UK's Instagram, Mon/Wed/Fri at 10:00
    window.plan_commands.apply_decisions(replace(plan, cadence_rules=(replace(instagram, times=(time(7, 0),)),
                                                        *plan.cadence_rules[1:])))
    off_hours = [p for p, advice in window.service.posts_with_advice(None, None)
                 if PostWarning.OUTSIDE_GOOD_HOURS in advice.warnings and p.rule_id == instagram.id]
    assert len(off_hours) > 100
    window.calendar.show_tab(Tab.AGENDA)
    agenda = window.calendar.views[Tab.AGENDA]
    menu = agenda.menu_for(off_hours[0].id)
    texts = [action.text() for action in menu.actions()]
    assert "Move to the nearest good hour: every post of its rule with this warning" in texts
    assert "Move to the nearest good hour: every post of GB-ENG with this warning" in texts
    undo_count = window.undo_stack.count()
    next(a for a in menu.actions() if a.text().endswith("every post of its rule with this warning")).trigger()
    assert window.undo_stack.count() == undo_count + 1
    assert window.undo_stack.undoText() == "Move to the nearest good hour ({n} posts)".format(n=len(off_hours))
    still = [p for p, advice in window.service.posts_with_advice(None, None)
             if PostWarning.OUTSIDE_GOOD_HOURS in advice.warnings and p.rule_id == instagram.id]
    assert still == []
    assert agenda.model.rowCount() and all(
        PostWarning.OUTSIDE_GOOD_HOURS not in agenda.model.warnings_of(p.id) for p in off_hours)
    window.undo_stack.undo()
    back = [p for p, advice in window.service.posts_with_advice(None, None)
            if PostWarning.OUTSIDE_GOOD_HOURS in advice.warnings and p.rule_id == instagram.id]
    assert back == off_hours


def test_a_refused_fix_is_told_with_its_reason(opened: MainWindow, told) -> None:
    window = opened
    post = next(p for p in window.service.posts_between(None, None) if p.platform == "instagram")
    # too long for Instagram: no fix moves that
    window.service.update_post(replace(post, versions=(PostVersion("en", "x" * 5000),)))
    window.post_commands.fix_posts(post.id, PostWarning.TOO_LONG.value, "post")
    assert told and told[-1][1] == "No fix can do this for you: shorten the text."
    assert window.undo_stack.count() == 0


def test_an_option_is_applied_in_one_click_and_undone_in_one(qtbot, opened: MainWindow) -> None:
    window = opened
    window.calendar.show_tab(Tab.WORKLOAD)
    panel = window.calendar.views[Tab.WORKLOAD]
    card = next(c for c in panel.finding_cards() if c.finding.options)
    option = card.finding.options[0]
    before = {r.id: r for r in window.service.plan().cadence_rules}
    posts_before = set(window.service.posts_between(None, None))
    needed_before = panel.chart.report().total_needed_hours
    card.apply_buttons[0].click()
    QApplication.processEvents()
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == option.text
    assert {r.id: r for r in window.service.plan().cadence_rules} == {r.id: r for r in option.plan.cadence_rules}
    assert set(window.service.posts_between(None, None)) != posts_before
    # The chart and the findings follow at once.
    assert panel.chart.report().total_needed_hours == pytest.approx(needed_before - option.hours_freed, abs=0.05)
    assert option.text not in [o.text for c in panel.finding_cards() for o in c.finding.options]
    assert "Applied: " in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert {r.id: r for r in window.service.plan().cadence_rules} == before
    assert set(window.service.posts_between(None, None)) == posts_before
    assert panel.chart.report().total_needed_hours == pytest.approx(needed_before)
    window.undo_stack.redo()
    assert {r.id: r for r in window.service.plan().cadence_rules} == {r.id: r for r in option.plan.cadence_rules}


def test_the_workload_tab_the_summary_and_the_command_line_give_the_same_figures(
        opened: MainWindow, tmp_path: Path) -> None:
    """The summary computed its hours with the default settings once the founder had changed them."""
    window = opened
    changed = WorkloadSettings(minutes_per_post={ContentFormat.TEXT: 30, ContentFormat.IMAGE: 75,
                                                 ContentFormat.VIDEO: 120}, community_minutes_per_presence=60)
    window.post_commands.set_workload_settings(changed)
    window.calendar.show_tab(Tab.WORKLOAD)
    panel = window.calendar.views[Tab.WORKLOAD]
    tree = panel.totals
    team = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0) == "The team")
    tab_needed, tab_capacity = team.text(1), team.text(2)

    summary = summary_for(window.service, TODAY)
    hours_line = next(line for group in summary.decisions for line in group.lines if line.label == "Hours per week")
    tab_summary = panel.summary.text()
    window.close_plan()  # the command line reads the file the window wrote

    out = io.StringIO()
    assert cli.run(["workload", str(tmp_path / "confectioner.smplan"), "--json"], out=out, today=TODAY) == 0
    totals = json.loads(out.getvalue())["totals"]

    needed = format_number(round(totals["needed_hours"], 1))
    capacity = format_number(round(totals["capacity_hours"], 1))
    assert needed != format_number(19.5)  # the changed settings count: not the defaults' 19.5 h
    assert tab_needed == "{h}\u2009h".format(h=needed) or tab_needed == "{h} h".format(h=needed)
    assert tab_capacity.replace("\u2009", " ") == "{h} h".format(h=capacity)
    assert summary.workload.total.needed.replace("\u2009", " ") == "{h} h".format(h=needed)
    assert summary.workload.total.available.replace("\u2009", " ") == "{h} h".format(h=capacity)
    assert "about {h} h needed".format(h=needed) in hours_line.text
    weeks = totals["over_weeks"]
    assert "In {w} of 53 weeks the team needs more than it has".format(w=weeks) in summary.workload.weeks_over
    assert "In {w} of 53 weeks the team needs more than it has.".format(w=weeks) in tab_summary
