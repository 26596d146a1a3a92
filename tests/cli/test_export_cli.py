"""`smplanner export-ics` and `smplanner export-csv`, run as a real process: the files, the filters, one-line errors,
the plan left untouched, and the calendar files `smplanner demo` writes."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from plan_factories import stored_digest
from test_cli import _agenda_plan, one_line_error, smplanner

from smplanner.domain.plan import Post
from smplanner.storage.opening import open_plan


@pytest.fixture
def plan_path(plan_store) -> Path | str:
    """Japan (LinkedIn, Tue and Thu 09:00 Tokyo) and Québec (Facebook, Mon 10:00), 2027, and two posts by hand; as a
    plan file and as a server plan."""
    address = plan_store.address("agenda")
    _agenda_plan(address)
    return address


def plan_files(plan_path: Path | str) -> list[str]:
    """What the plan puts in the test's folder: its file (a server plan, nothing)."""
    return [plan_path.name] if isinstance(plan_path, Path) else []


def stored_posts(path: Path | str) -> list[Post]:
    with open_plan(path, read_only=True) as plan_file:
        return plan_file.reader.posts()


def events(path: Path) -> list:
    return Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_export_ics_writes_every_post_at_its_instant(plan_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    result = smplanner("export-ics", str(plan_path), "-o", str(target))
    assert result.returncode == 0, result.stderr
    posts = stored_posts(plan_path)
    assert result.stdout.strip() == "Wrote {n:,} posts of Cuberdon & Co to {path}.".format(n=len(posts), path=target)
    found = {str(e["UID"]): e for e in events(target)}
    assert len(found) == len(posts)
    for post in posts:
        event = found[post.id + "@smplanner"]
        assert event.DTSTART.astimezone(UTC) == post.instant
        assert timedelta(minutes=15) == event.DTEND - event.DTSTART
    assert "TRANSPARENT" not in target.read_text(encoding="utf-8")  # holidays only when asked for


def test_export_ics_filters_and_options(plan_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "japan.ics"
    result = smplanner("export-ics", str(plan_path), "-o", str(target), "--market", "jp", "--platform", "LinkedIn",
                       "--status", "idea", "--from", "2027-01-01", "--to", "2027-01-31", "--holidays",
                       "--duration", "45")
    assert result.returncode == 0, result.stderr
    japan = next(m for m in _plan(plan_path).markets if m.code == "JP")
    expected = {p.id + "@smplanner" for p in stored_posts(plan_path)
                if p.market_id == japan.id and date(2027, 1, 1) <= p.local.date() <= date(2027, 1, 31)}
    found = events(target)
    posts = [e for e in found if "TRANSP" not in e]
    holidays = [e for e in found if "TRANSP" in e]
    assert {str(e["UID"]) for e in posts} == expected and len(expected) == 9  # 8 by the rule, 1 by hand
    assert all(timedelta(minutes=45) == e.DTEND - e.DTSTART for e in posts)
    assert sorted(str(e["SUMMARY"]) for e in holidays) == [
        "JP \u00b7 Holiday \u00b7 Coming of Age Day", "JP \u00b7 Holiday \u00b7 New Year's Day"
    ]  # Québec's New Year's Day is not in a calendar of Japan
    assert "Wrote 9 posts" in result.stdout
    both = tmp_path / "both.ics"
    assert smplanner("export-ics", str(plan_path), "-o", str(both), "--market", "JP", "--market", "CA",
                     "--status", "ready").returncode == 0
    assert events(both) == []  # nothing is ready yet


def test_export_csv_with_and_without_bom(plan_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "posts.csv"
    result = smplanner("export-csv", str(plan_path), "-o", str(target), "--from", "2027-06-24", "--to", "2027-06-24")
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:6] == ["Post id", "Date", "Local time", "UTC offset", "Time zone", "UTC time"]
    by_hand = next(post for post in stored_posts(plan_path) if post.title == "Bonne Saint-Jean!")
    assert [by_hand.id, "2027-06-24", "10:00", "UTC-04:00", "America/Toronto", "2027-06-24T14:00:00Z", "CA-QC",
            "Facebook", "", "idea", "Bonne Saint-Jean!"] in [row[:11] for row in rows]  # made by hand
    plain = tmp_path / "plain.csv"
    assert smplanner("export-csv", str(plan_path), "-o", str(plain), "--from", "2027-06-24", "--to", "2027-06-24",
                     "--no-bom").returncode == 0
    assert plain.read_bytes() == data[3:]


def test_exports_leave_the_plan_s_content_untouched_and_replace_the_file(plan_path: Path, tmp_path: Path) -> None:
    def untouched() -> object:
        return stored_digest(plan_path), plan_path.stat().st_mtime_ns if isinstance(plan_path, Path) else None

    before = untouched()
    assert smplanner("export-csv", str(plan_path), "-o", str(tmp_path / "posts.csv")).returncode == 0
    assert untouched() == before
    target = tmp_path / "calendar.ics"
    target.write_text("an older export")
    posts, plan = stored_posts(plan_path), _plan(plan_path)
    assert smplanner("export-ics", str(plan_path), "-o", str(target)).returncode == 0
    # what the calendar file was given is noted in the plan; the plan's decisions and posts are as they were
    assert stored_posts(plan_path) == posts and _plan(plan_path) == plan
    with open_plan(plan_path, read_only=True) as plan_file:
        assert [t.path for t in plan_file.reader.calendar_targets()] == [str(target)]
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*plan_files(plan_path), "calendar.ics", "posts.csv"])


def test_export_errors_are_one_line_and_write_nothing(plan_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    line = one_line_error(smplanner("export-ics", str(plan_path), "-o", str(target), "--market", "DE"))
    assert "\u201cDE\u201d" in line and "CA-QC, JP" in line
    line = one_line_error(smplanner("export-csv", str(plan_path), "-o", str(target), "--platform", "tiktok"))
    assert "\u201ctiktok\u201d" in line and "facebook, linkedin" in line
    line = one_line_error(smplanner("export-ics", str(plan_path), "-o", str(target), "--from", "2027-03-02",
                                    "--to", "2027-03-01"))
    assert "2027-03-02" in line and "after" in line
    line = one_line_error(smplanner("export-ics", str(plan_path), "-o", str(target), "--duration", "0"))
    assert "--duration" in line and "1 to 1440" in line
    line = one_line_error(smplanner("export-ics", str(plan_path)))
    assert "-o" in line
    line = one_line_error(smplanner("export-csv", str(plan_path), "-o", str(target), "--status", "done"))
    assert "done" in line and "skipped" in line
    line = one_line_error(smplanner("export-ics", str(tmp_path / "none.smplan"), "-o", str(target)))
    assert "none.smplan" in line
    missing = tmp_path / "no such folder" / "out.ics"
    line = one_line_error(smplanner("export-ics", str(plan_path), "-o", str(missing)))
    assert str(missing) in line and "Cannot write" in line
    line = one_line_error(smplanner("export-csv", str(plan_path), "-o", str(tmp_path)))
    assert "Cannot write" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == plan_files(plan_path)


def test_demo_writes_each_example_s_calendar(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = smplanner("demo", str(out))
    assert result.returncode == 0, result.stderr
    for name in ("confectioner", "consultancy", "training"):
        calendar = out / (name + ".ics")
        assert calendar.name in result.stdout
        info = json.loads(smplanner("info", str(out / (name + ".smplan")), "--json").stdout)
        found = events(calendar)
        posts = [e for e in found if "TRANSP" not in e]
        assert len(posts) == info["post_count"]
        assert any("TRANSP" in e for e in found)  # the markets' holidays
        assert str(Calendar.from_ical(calendar.read_bytes())["X-WR-CALNAME"]) == info["firm"]["name"]


def _plan(path: Path | str):
    with open_plan(path, read_only=True) as plan_file:
        return plan_file.reader.load_plan()
