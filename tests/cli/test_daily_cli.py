"""`smplanner today` and `smplanner publish`: a week of publishing from the command line, the JSON documents, and
bad input refused in one line with the plan left exactly as it was."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from plan_factories import small_plan, stored_digest
from test_cli import one_line_error, smplanner

from smplanner import cli
from smplanner.domain.plan import PostStatus, PostVersion, VersionStatus
from smplanner.domain.publishing import published
from smplanner.services.planning import posts_for
from smplanner.storage.opening import open_plan
from smplanner.storage.plan_file import PlanFile

START = date(2026, 11, 9)
"""The plan starts in the past of any machine running these tests, so that `publish` at the real now is allowed."""


def the_plan():
    """Japan, LinkedIn on Tuesdays and Thursdays at 09:00 Tokyo, in Japanese and English, from Monday 9 Nov 2026."""
    plan = small_plan("Cuberdon & Co")
    japan = dataclasses.replace(plan.markets[0], languages=("ja", "en"))
    plan = dataclasses.replace(plan, markets=(japan,), strategy=dataclasses.replace(
        plan.strategy, period_start=START, period_end=START + timedelta(days=364)))
    posts = posts_for(plan)
    first = posts[0]
    posts[0] = dataclasses.replace(first, title="Winter matcha", status=PostStatus.READY, versions=(
        PostVersion("ja", "冬の抹茶ボックス 🍵", VersionStatus.READY),
        PostVersion("en", "Our winter matcha box\nis here.", VersionStatus.READY)))
    return plan, posts


@pytest.fixture
def plan_path(plan_store) -> Path | str:
    """The plan, as a plan file and as a server plan."""
    return plan_store.create(*the_plan())


@pytest.fixture
def plan_file_path(tmp_path: Path) -> Path:
    """The plan as a plan file only (for what only a file does: one writer at a time)."""
    path = tmp_path / "plan.smplan"
    PlanFile.create(path, *the_plan())
    return path


def run(*args: str, now: datetime) -> str:
    out = io.StringIO()
    assert cli.run(list(args), out=out, now=now) == 0
    return out.getvalue()


def stored(path: Path | str):
    with open_plan(path, read_only=True) as plan_file:
        return {post.id: post for post in plan_file.reader.posts()}


digest = stored_digest


# Wednesday 11 November 2026, 09:00 in Brussels (17:00 in Tokyo): Tuesday's post is overdue, Thursday's is next.
WEDNESDAY = datetime(2026, 11, 11, 8, 0, tzinfo=UTC)


def test_today_json_has_the_documented_shape(plan_path: Path) -> None:
    document = json.loads(run("today", str(plan_path), "--json", now=WEDNESDAY))
    assert set(document) == {"firm", "now", "zone", "days", "overdue", "posts"}
    assert (document["firm"], document["zone"], document["days"], document["overdue"]) == (
        "Cuberdon & Co", "Europe/Brussels", 3, 1)
    assert document["now"] == "2026-11-11T09:00:00+01:00"
    overdue, thursday = document["posts"]
    assert overdue == {
        "id": overdue["id"], "market": "JP", "platform": "linkedin", "local": "2026-11-10T09:00:00+09:00",
        "utc": "2026-11-10T00:00:00Z", "home": "2026-11-10T01:00:00+01:00", "status": "ready", "overdue": True,
        "title": "Winter matcha", "content_type": "Product news",
        "versions": [{"language": "ja", "text": "冬の抹茶ボックス 🍵", "status": "ready"},
                     {"language": "en", "text": "Our winter matcha box\nis here.", "status": "ready"}],
    }
    assert (thursday["local"], thursday["overdue"], thursday["status"]) == ("2026-11-12T09:00:00+09:00", False, "idea")
    assert thursday["versions"] == [{"language": "ja", "text": "", "status": "to_write"},
                                    {"language": "en", "text": "", "status": "to_translate"}]
    one_day = json.loads(run("today", str(plan_path), "--json", "--days", "1", now=WEDNESDAY))
    assert [p["overdue"] for p in one_day["posts"]] == [True]


def test_today_text_lists_overdue_first_with_the_texts_to_copy(plan_path: Path) -> None:
    lines = run("today", str(plan_path), now=WEDNESDAY).splitlines()
    assert lines[0] == ("Due for Cuberdon & Co today (Wed 2026-11-11) and the next 2 days, in your time "
                        "(Europe/Brussels):")
    assert lines[2] == "Overdue"
    assert lines[3].startswith("  Tue 2026-11-10 01:00 CET  JP Tue 2026-11-10 09:00 JST  LinkedIn  Ready  "
                               "Winter matcha")
    assert lines[4].startswith("      id ")
    assert lines[5:10] == ["      Japanese (Text ready):", "        冬の抹茶ボックス 🍵",
                           "      English (Text ready):", "        Our winter matcha box", "        is here."]
    assert "Thu 2026-11-12" in lines and "        (no text yet)" in lines
    assert run("today", str(plan_path), now=datetime(2026, 10, 1, tzinfo=UTC)).splitlines()[-1] == "Nothing is due."


def test_a_week_of_publishing_from_the_command_line(plan_path: Path) -> None:
    """Each day: look at what is due, publish it at its time (a link now and then), and Today empties."""
    now = WEDNESDAY
    for day in range(7):
        due = json.loads(run("today", str(plan_path), "--json", "--days", "1", now=now))
        for post in due["posts"]:
            if post["status"] in ("published", "skipped"):
                continue
            args = ["publish", str(plan_path), post["id"], "--at", post["utc"]]
            if day % 2:
                args += ["--url", "https://www.linkedin.com/feed/update/urn:li:activity:{n}/".format(n=day)]
            line = run(*args, now=now)
            assert line.startswith("Marked ") and " published at " in line
        assert not [p for p in json.loads(run("today", str(plan_path), "--json", now=now))["posts"] if p["overdue"]]
        now += timedelta(days=1)
    posts = [p for p in stored(plan_path).values() if p.instant < now]
    assert len(posts) == 3 and all(p.status is PostStatus.PUBLISHED and p.published_at == p.instant for p in posts)
    document = json.loads(run("workload", str(plan_path), "--json", now=now))
    (presence,) = document["presences"]
    assert presence == {"market": "JP", "platform": "linkedin", "actor": "Founder",
                        "last_published": "2026-11-17T00:00:00Z", "days_silent": 1, "planned": 3, "published": 3,
                        "skipped": 0, "overdue": 0}
    assert "overdue" not in " ".join(f["kind"] for f in document["findings"])


def test_publish_reads_a_time_without_offset_as_the_founder_s(plan_path: Path) -> None:
    post = min(stored(plan_path).values(), key=lambda p: p.instant)
    line = run("publish", str(plan_path), post.id, "--at", "2026-11-10T09:30", now=WEDNESDAY)
    assert line == ("Marked \u201cWinter matcha\u201d (JP \u00b7 LinkedIn, Tue 2026-11-10 09:00 JST) published at "
                    "Tue 2026-11-10 09:30 CET.\n")
    assert stored(plan_path)[post.id].published_at == datetime(2026, 11, 10, 8, 30, tzinfo=UTC)


def test_publish_through_the_real_command(plan_path: Path) -> None:
    before = stored(plan_path)
    post = min(before.values(), key=lambda p: p.instant)
    result = smplanner("publish", str(plan_path), post.id, "--at", "2026-11-10T00:12:00Z", "--url",
                       "https://www.linkedin.com/feed/update/urn:li:activity:7/")
    assert result.returncode == 0, result.stderr
    after = stored(plan_path)[post.id]
    assert after.status is PostStatus.PUBLISHED and after.published_at == datetime(2026, 11, 10, 0, 12, tzinfo=UTC)
    assert after.published_url.endswith("activity:7/")
    assert after.versions == post.versions
    # Every other post is as it was.
    others = {k: v for k, v in stored(plan_path).items() if k != post.id}
    assert others == {k: v for k, v in before.items() if k != post.id} and len(others) == len(before) - 1


@pytest.mark.parametrize(("extra", "expected"), [
    (("--at", "2099-01-01T09:00+01:00"), "The publication time 2099-01-01T09:00+01:00 is in the future."),
    (("--at", "2026-11-06T09:00+01:00"), "is before the plan starts (2026-11-09)."),
    (("--at", "yesterday"), "\u201cyesterday\u201d is not a date and time such as 2027-03-01T09:30"),
    (("--url", "linkedin.com/post/1"), "\u201clinkedin.com/post/1\u201d is not a web address"),
])
def test_publish_refuses_bad_input_in_one_line_and_changes_nothing(plan_path: Path, extra, expected) -> None:
    post = min(stored(plan_path).values(), key=lambda p: p.instant)
    before = digest(plan_path)
    line = one_line_error(smplanner("publish", str(plan_path), post.id, *extra))
    assert expected in line
    assert digest(plan_path) == before


def test_publish_an_unknown_post_is_one_line(plan_path: Path) -> None:
    before = digest(plan_path)
    line = one_line_error(smplanner("publish", str(plan_path), "not-a-post-id"))
    assert line == "smplanner: error: No post \u201cnot-a-post-id\u201d in this plan."
    assert digest(plan_path) == before
    line = one_line_error(smplanner("today", str(plan_path), "--days", "0"))
    assert "--days" in line and "1 to 366" in line


HOLDER = textwrap.dedent(
    """
    import sys
    from smplanner.storage.plan_file import PlanFile

    plan_file = PlanFile.open(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.read()
    plan_file.close()
    """
)


def test_publish_is_refused_while_the_plan_is_open_for_writing_elsewhere(plan_file_path: Path) -> None:
    plan_path = plan_file_path
    post = min(stored(plan_path).values(), key=lambda p: p.instant)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(plan_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        line = one_line_error(smplanner("publish", str(plan_path), post.id))
        assert "already open in another smplanner window or program" in line
    finally:
        holder.communicate("", timeout=30)
    assert stored(plan_path)[post.id] == post


def test_agenda_json_carries_each_post_s_log(plan_path: Path) -> None:
    post = min(stored(plan_path).values(), key=lambda p: p.instant)
    with open_plan(plan_path) as plan_file:
        plan_file.repository.save_post(published(post, datetime(2026, 11, 10, 0, 5, tzinfo=UTC)))
    out = io.StringIO()
    assert cli.run(["agenda", str(plan_path), "--from", "2026-11-10", "--to", "2026-11-10", "--json"], out=out,
                   today=date(2026, 11, 10)) == 0
    (entry,) = json.loads(out.getvalue())["posts"]
    assert (entry["id"], entry["status"], entry["published_at"]) == (post.id, "published", "2026-11-10T00:05:00Z")
    assert [v["language"] for v in entry["versions"]] == ["ja", "en"]


def test_the_plan_s_first_week_at_noon(plan_path: Path) -> None:
    # A guard on the fixture: Tuesday 10 November at 09:00 in Tokyo is midnight UTC.
    post = min(stored(plan_path).values(), key=lambda p: p.instant)
    assert post.instant == datetime.combine(date(2026, 11, 10), time(0), tzinfo=UTC)


def test_the_entry_point_runs_every_command_the_parser_knows_without_the_app() -> None:
    import argparse

    from smplanner.__main__ import COMMANDS

    parser = cli.build_parser()
    (commands,) = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    assert {*COMMANDS, "summary"} == set(commands.choices)  # summary runs through the Qt printer, on its own path
