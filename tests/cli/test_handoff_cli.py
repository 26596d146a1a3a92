"""The calendar hand-off from the command line: exports for one actor and with reminders, `import-csv` (our own CSV
and Hootsuite's, --dry-run, dates whose order must be said, bad rows refused in one line with nothing imported) and
`strategy import` regenerating the calendar as the app does."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from plan_factories import stored_digest
from test_cli import _agenda_plan, one_line_error, smplanner

from smplanner import cli
from smplanner.domain.plan import Actor, ActorKind
from smplanner.storage.opening import open_plan
from smplanner.storage.plan_file import PlanFile

NOW = datetime(2026, 11, 11, 8, 0, tzinfo=UTC)


@pytest.fixture
def plan_path(plan_store) -> Path | str:
    """Japan (LinkedIn, run by the founder) and Québec (Facebook, run by a partner in Montréal), 2027; as a plan file
    and as a server plan."""
    path = plan_store.address("agenda")
    plan = _agenda_plan(path)
    partner = Actor("Marie Tremblay", ActorKind.PARTNER, country="CA", hours_per_week=3)
    facebook = next(p for p in plan.presences if p.platform == "facebook")
    with open_plan(path) as plan_file:
        plan_file.repository.replace_decisions(dataclasses.replace(
            plan, actors=(*plan.actors, partner),
            presences=tuple(dataclasses.replace(p, actor_id=partner.id) if p.id == facebook.id else p
                            for p in plan.presences)))
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    assert cli.run(list(args), out=out, now=NOW) == 0
    return out.getvalue()


def stored(path: Path | str):
    with open_plan(path, read_only=True) as plan_file:
        return plan_file.reader.posts(), plan_file.reader.load_plan()


def digest(path: Path | str) -> str:
    return stored_digest(path)


def test_export_for_one_actor_holds_only_the_posts_of_their_presences(plan_path: Path, tmp_path: Path) -> None:
    posts, plan = stored(plan_path)
    quebec = next(m for m in plan.markets if m.code == "CA-QC")
    target = tmp_path / "partner.ics"
    run("export-ics", str(plan_path), "-o", str(target), "--actor", "marie TREMBLAY")
    uids = {str(event["UID"]) for event in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert uids == {post.id + "@smplanner" for post in posts if post.market_id == quebec.id}
    csv_target = tmp_path / "founder.csv"
    run("export-csv", str(plan_path), "-o", str(csv_target), "--actor", "Founder")
    rows = list(csv.DictReader(io.StringIO(csv_target.read_text(encoding="utf-8-sig"), newline="")))
    assert {row["Market"] for row in rows} == {"JP"}
    assert len(rows) == sum(1 for post in posts if post.market_id != quebec.id)


def test_an_unknown_actor_is_one_line_naming_the_actors(plan_path: Path, tmp_path: Path) -> None:
    line = one_line_error(smplanner("export-ics", str(plan_path), "-o", str(tmp_path / "x.ics"), "--actor", "Bob"))
    assert "Bob" in line and "Founder, Marie Tremblay" in line
    assert not (tmp_path / "x.ics").exists()


def test_reminders_on_the_posts_still_to_publish(plan_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "reminders.ics"
    run("export-ics", str(plan_path), "-o", str(target), "--reminder", "30")
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert events and all(len(event.walk("VALARM")) == 1 for event in events)
    alarm = events[0].walk("VALARM")[0]
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm["TRIGGER"].dt.total_seconds() == -30 * 60
    assert str(alarm["DESCRIPTION"]).startswith(str(events[0]["SUMMARY"]))
    line = one_line_error(smplanner("export-ics", str(plan_path), "-o", str(target), "--reminder", "soon"))
    assert "soon" in line


def test_import_csv_round_trip_dry_run_then_for_real(plan_path: Path, tmp_path: Path) -> None:
    posts, _plan = stored(plan_path)
    exported = tmp_path / "posts.csv"
    run("export-csv", str(plan_path), "-o", str(exported))
    rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"), newline="")))
    rows[1][10] = "Edited in LibreOffice"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    edited = tmp_path / "edited.csv"
    edited.write_text(buffer.getvalue(), encoding="utf-8")
    before = digest(plan_path)
    dry = run("import-csv", str(plan_path), str(edited), "--dry-run")
    assert "changed" in dry and "Edited in LibreOffice" in dry
    assert "0 new posts, 1 updated, {n} unchanged".format(n=len(posts) - 1) in dry and "Nothing was written" in dry
    assert digest(plan_path) == before
    assert "Imported from edited.csv: 0 new posts, 1 updated" in run("import-csv", str(plan_path), str(edited))
    after, _plan = stored(plan_path)
    assert len(after) == len(posts)
    assert next(post for post in after if post.id == rows[1][0]).title == "Edited in LibreOffice"


def test_import_csv_refuses_a_bad_row_in_one_line_and_imports_nothing(plan_path: Path, tmp_path: Path) -> None:
    exported = tmp_path / "posts.csv"
    run("export-csv", str(plan_path), "-o", str(exported))
    rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"), newline="")))
    rows[1][10] = "Would be stored"
    rows[3][6] = "XX"
    rows[4][2] = "9h"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    bad = tmp_path / "bad.csv"
    bad.write_text(buffer.getvalue(), encoding="utf-8")
    before = digest(plan_path)
    line = one_line_error(smplanner("import-csv", str(plan_path), str(bad)))
    assert "Line 4, column \u201cMarket\u201d" in line and "2 problems; nothing was imported" in line
    assert digest(plan_path) == before


def test_import_csv_of_a_hootsuite_file_needs_what_it_does_not_say(plan_path: Path, tmp_path: Path) -> None:
    bulk = tmp_path / "hootsuite.csv"
    bulk.write_text("03/04/2027 09:30,Spring is here,https://example.com/\n04/04/2027 10:00,Second,\n",
                    encoding="utf-8")
    line = one_line_error(smplanner("import-csv", str(plan_path), str(bulk)))
    assert "--date-format --market --platform --times" in line
    posts, _plan = stored(plan_path)
    out = run("import-csv", str(plan_path), str(bulk), "--date-format", "day-first", "--market", "JP",
              "--platform", "linkedin", "--times", "market")
    assert "2 new posts" in out
    after, _plan = stored(plan_path)
    assert len(after) == len(posts) + 2
    spring = next(post for post in after if post.title == "Spring is here")
    assert spring.local == datetime(2027, 4, 3, 9, 30) and spring.zone == "Asia/Tokyo"


def test_strategy_import_regenerates_the_calendar_as_the_app_does(plan_path: Path, tmp_path: Path) -> None:
    strategy = tmp_path / "strategy.toml"
    run("strategy", "export", str(plan_path), "-o", str(strategy))
    text = strategy.read_text(encoding="utf-8")
    assert '"09:00"' in text
    strategy.write_text(text.replace('"09:00"', '"08:00"'), encoding="utf-8")
    posts, plan = stored(plan_path)
    out = run("strategy", "import", str(plan_path), str(strategy))
    assert out.startswith("Decisions stored; calendar regenerated:")
    after, _plan = stored(plan_path)
    future = [post for post in after if post.rule_id is not None and not post.edited and post.instant >= NOW
              and post.zone == "Asia/Tokyo"]
    assert future and all(post.local.hour == 8 for post in future)
    hand = {post.id for post in posts if post.rule_id is None}
    assert hand <= {post.id for post in after}


def test_a_bad_command_line_points_at_the_help_of_its_command(plan_path: Path) -> None:
    assert one_line_error(smplanner("strategy", "export", str(plan_path), "extra.toml")).endswith(
        "unrecognized arguments: extra.toml (see smplanner --help)")
    assert one_line_error(smplanner("import-csv", str(plan_path))).endswith("(see smplanner import-csv --help)")


def test_strategy_import_of_a_bad_file_is_one_line_and_changes_nothing(plan_path: Path, tmp_path: Path) -> None:
    strategy = tmp_path / "bad.toml"
    strategy.write_text("[firm]\nname = 3\n", encoding="utf-8")
    before = digest(plan_path)
    line = one_line_error(smplanner("strategy", "import", str(plan_path), str(strategy)))
    assert "bad.toml" in line
    assert digest(plan_path) == before


def test_an_export_again_to_the_same_file_says_how_many_removed_posts_it_cancels(plan_path: Path,
                                                                               tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    run("export-ics", str(plan_path), "-o", str(target))
    posts, _plan = stored(plan_path)
    with open_plan(plan_path) as plan_file:
        plan_file.repository.delete_posts([posts[0].id, posts[1].id])
    out = run("export-ics", str(plan_path), "-o", str(target))
    assert "2 posts removed since the last export to this file are in it as cancelled" in out
    cancelled = [event for event in Calendar.from_ical(target.read_bytes()).walk("VEVENT")
                 if str(event["STATUS"]) == "CANCELLED"]
    assert sorted(str(event["UID"]) for event in cancelled) == sorted(p.id + "@smplanner" for p in posts[:2])
    assert "cancelled" not in run("export-ics", str(plan_path), "-o", str(target))  # said once



def test_an_export_while_the_plan_is_open_elsewhere_is_written_and_says_it_is_not_remembered(tmp_path: Path) -> None:
    plan_path = tmp_path / "agenda.smplan"  # a plan file: only a file is ever open elsewhere
    _agenda_plan(plan_path)
    target = tmp_path / "calendar.ics"
    with PlanFile.open(plan_path):  # the app has it open
        result = smplanner("export-ics", str(plan_path), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert "open elsewhere" in result.stdout and target.read_bytes().startswith(b"BEGIN:VCALENDAR")
