"""The command line, run as a real process: output, exit codes, one-line errors, and no network."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smplanner import __version__
from smplanner.domain.plan import Plan

GUARD = """
import sys
def guard(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.bind", "socket.sendto"):
        family = getattr(args[0], "family", None)
        if event == "socket.getaddrinfo" or family != 1:
            sys.stderr.write("NETWORK ATTEMPT: " + event + "\\n")
            raise SystemExit(99)
sys.addaudithook(guard)
from smplanner.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def smplanner(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str | None] | None = None,
    preexec_fn=None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run smplanner as a real process (English, offscreen Qt); `env` adds variables or, with None, removes them."""
    environment = dict(os.environ, LANG="C.UTF-8", LANGUAGE="en", QT_QPA_PLATFORM="offscreen")
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, "-c", GUARD, *args], check=False, capture_output=True, text=True, timeout=timeout, cwd=cwd,
        env=environment, preexec_fn=preexec_fn,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("smplanner: error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def test_version() -> None:
    result = smplanner("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == "smplanner " + __version__


def test_module_entry_point_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "smplanner", "--version"], check=False, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and __version__ in result.stdout


def test_demo_writes_the_three_examples_and_lists_them(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = smplanner("demo", str(out))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir() if p.suffix == ".smplan")  # beside them: .ics, ...
    assert written == ["confectioner.smplan", "consultancy.smplan", "training.smplan"]
    for name in written:
        assert name in result.stdout
    assert str(out.resolve()) in result.stdout
    again = smplanner("demo", str(out))
    assert again.returncode == 0, again.stderr
    for name in written:
        info = json.loads(smplanner("info", str(out / name), "--json").stdout)
        assert all(info["decisions"].values())
        assert info["post_count"] > 250


def test_demo_into_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    line = one_line_error(smplanner("demo", str(blocker)))
    assert "file.txt" in line and "not a folder" in line


def test_new_from_example_then_refuses_to_overwrite(tmp_path: Path) -> None:
    plan = tmp_path / "skills.smplan"
    result = smplanner("new", str(plan), "--example", "consultancy")
    assert result.returncode == 0, result.stderr
    assert "Skills Conseil" in result.stdout and "2 markets" in result.stdout
    before = hashlib.sha256(plan.read_bytes()).hexdigest()
    line = one_line_error(smplanner("new", str(plan), "--example", "training"))
    assert "skills.smplan" in line and "already exists" in line
    assert hashlib.sha256(plan.read_bytes()).hexdigest() == before


def test_new_needs_a_known_example(tmp_path: Path) -> None:
    line = one_line_error(smplanner("new", str(tmp_path / "x.smplan"), "--example", "bakery"))
    assert "bakery" in line and "confectioner" in line
    assert not (tmp_path / "x.smplan").exists()


def test_info_text_and_json(plan_store) -> None:
    from smplanner.storage.migrating import HEAD_REVISION

    plan = plan_store.address("cuberdon")
    assert smplanner("new", str(plan), "--example", "confectioner").returncode == 0
    text = smplanner("info", str(plan))
    assert text.returncode == 0, text.stderr
    revision = "revision " + HEAD_REVISION  # a new plan is made at the newest format
    for expected in ("Cuberdon & Co", "Japan", "Asia/Tokyo", "WeChat", "Actors and responsibilities", revision):
        assert expected in text.stdout
    document = json.loads(smplanner("info", str(plan), "--json").stdout)
    assert document["firm"]["name"] == "Cuberdon & Co"
    assert [m["code"] for m in document["markets"]] == ["CN", "ES", "GB-ENG", "JP"]
    assert document["schema_version"] == HEAD_REVISION
    assert document["post_count"] > 500
    assert set(document["decisions"]) == {"actors", "resources", "platforms", "language", "calendar", "content"}


def test_info_leaves_the_plan_untouched(tmp_path: Path) -> None:
    plan = tmp_path / "p.smplan"
    smplanner("new", str(plan), "--example", "training")
    before = (hashlib.sha256(plan.read_bytes()).hexdigest(), plan.stat().st_mtime_ns)
    assert smplanner("info", str(plan)).returncode == 0
    assert (hashlib.sha256(plan.read_bytes()).hexdigest(), plan.stat().st_mtime_ns) == before


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty"), (b"hello, world\n" * 10, "not a smplanner plan"), (None, "does not exist")],
)
def test_info_on_bad_files_is_one_clear_line(tmp_path: Path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "bad.smplan"
    if content is not None:
        path.write_bytes(content)
    line = one_line_error(smplanner("info", str(path)))
    assert "bad.smplan" in line and reason in line


def test_info_on_a_folder(tmp_path: Path) -> None:
    line = one_line_error(smplanner("info", str(tmp_path)))
    assert "folder" in line


def test_usage_errors_are_one_line() -> None:
    one_line_error(smplanner("info"))
    one_line_error(smplanner("a.smplan", "b.smplan"))
    one_line_error(smplanner("--frobnicate"))


def test_the_app_starts_opens_a_plan_and_makes_no_network_connection(tmp_path: Path) -> None:
    plan = tmp_path / "p.smplan"
    smplanner("new", str(plan), "--example", "training")
    probe = tmp_path / "probe.txt"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SMPLANNER_STARTUP_PROBE=str(probe),
        SMPLANNER_STARTUP_PROBE_EXIT="1",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    result = subprocess.run([sys.executable, "-c", GUARD, str(plan)], check=False, capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert "NETWORK ATTEMPT" not in result.stderr
    events = [line.split()[0] for line in probe.read_text().splitlines()]
    assert events == ["window_shown", "content_ready"]
    assert "PySide6.QtNetwork" not in result.stderr


# --- strategy files ------------------------------------------------------------------------------------------


def _by_id(entities: tuple) -> tuple:
    return tuple(sorted(entities, key=lambda entity: entity.id))


def _decisions(plan: Plan) -> tuple:
    """A plan's decisions, whatever order the plan file keeps its rows in."""
    return (plan.firm, plan.strategy, _by_id(plan.markets), _by_id(plan.actors), _by_id(plan.presences),
            _by_id(plan.content_types), _by_id(plan.cadence_rules), plan.own_platforms)


def _load(path: Path) -> Plan:
    from smplanner.storage.plan_file import PlanFile

    with PlanFile.open(path, read_only=True) as plan_file:
        return plan_file.reader.load_plan()


def test_strategy_export_to_a_file_and_to_stdout(tmp_path: Path) -> None:
    from smplanner.services.strategy_file import import_strategy

    plan = tmp_path / "skills.smplan"
    assert smplanner("new", str(plan), "--example", "consultancy").returncode == 0
    toml = tmp_path / "skills.toml"
    result = smplanner("strategy", "export", str(plan), "-o", str(toml))
    assert result.returncode == 0, result.stderr
    assert "skills.toml" in result.stdout and "Skills Conseil" in result.stdout
    text = toml.read_text(encoding="utf-8")
    assert text.startswith("# ") and "smplanner new PLAN.smplan --strategy" in text
    assert _decisions(import_strategy(text).plan) == _decisions(_load(plan))
    for args in (("-o", "-"), ()):
        printed = smplanner("strategy", "export", str(plan), *args)
        assert printed.returncode == 0, printed.stderr
        assert printed.stdout == text and printed.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["skills.smplan", "skills.toml"]


def test_strategy_export_of_a_missing_plan_is_one_line(tmp_path: Path) -> None:
    line = one_line_error(
        smplanner("strategy", "export", str(tmp_path / "none.smplan"), "-o", str(tmp_path / "x.toml")))
    assert "none.smplan" in line
    assert not (tmp_path / "x.toml").exists()


def test_new_from_a_strategy_file_has_its_decisions_and_posts_from_today_on(tmp_path: Path) -> None:
    from dataclasses import replace
    from datetime import date, time, timedelta

    from smplanner.domain.catalogue import ChannelType, founder_platform
    from smplanner.domain.examples import example
    from smplanner.services.strategy_file import export_strategy, import_strategy

    today = date.today()
    started = example("training").build(today - timedelta(days=70))  # a plan already under way
    newsletter = founder_platform("newsletter", "Newsletter", ChannelType.BLOG_ARTICLE, today, days=(1,),
                                  windows=((time(9, 0), time(10, 0)),))
    started = replace(started, own_platforms=(newsletter,))
    toml = tmp_path / "training.toml"
    toml.write_text(export_strategy(started), encoding="utf-8")
    plan = tmp_path / "training.smplan"
    result = smplanner("new", str(tmp_path / "training"), "--strategy", str(toml))  # .smplan is added
    assert result.returncode == 0, result.stderr
    assert "Training&Go" in result.stdout and "2 markets" in result.stdout
    assert _decisions(_load(plan)) == _decisions(import_strategy(toml.read_text(encoding="utf-8")).plan)
    info = json.loads(smplanner("info", str(plan), "--json").stdout)
    assert info["post_count"] > 100
    assert info["first_post"][:10] >= (today - timedelta(days=1)).isoformat()  # nothing in the past; UTC may lag a day


def test_new_from_a_malformed_strategy_file_is_one_line_and_creates_nothing(tmp_path: Path) -> None:
    from datetime import date

    from smplanner.domain.examples import example
    from smplanner.services.strategy_file import export_strategy

    text = export_strategy(example("confectioner").build(date.today()))
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('zone = "Asia/Tokyo"', 'zone = "Asia/Tokio"'), encoding="utf-8")
    line = one_line_error(smplanner("new", str(tmp_path / "p.smplan"), "--strategy", str(bad)))
    assert "bad.toml" in line and "markets[2].zone" in line and "Asia/Tokio" in line
    bad.write_text(text.replace("format = 1", "format = 1 1"), encoding="utf-8")
    line = one_line_error(smplanner("new", str(tmp_path / "p.smplan"), "--strategy", str(bad)))
    assert "bad.toml" in line and "line " in line and "not valid TOML" in line
    line = one_line_error(smplanner("new", str(tmp_path / "p.smplan"), "--strategy", str(tmp_path / "gone.toml")))
    assert "gone.toml" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_new_from_a_strategy_file_refuses_to_overwrite(tmp_path: Path) -> None:
    plan = tmp_path / "p.smplan"
    assert smplanner("new", str(plan), "--example", "consultancy").returncode == 0
    toml = tmp_path / "p.toml"
    assert smplanner("strategy", "export", str(plan), "-o", str(toml)).returncode == 0
    before = hashlib.sha256(plan.read_bytes()).hexdigest()
    line = one_line_error(smplanner("new", str(plan), "--strategy", str(toml)))
    assert "p.smplan" in line and "already exists" in line
    assert hashlib.sha256(plan.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("edit", "key", "codes"),
    [
        ('country = "FR"\n', 'country = "DE"\nsubdivision = "BAY"\n', ["markets[1].subdivision", "BW, BY, "]),
        ('country = "FR"\n', 'country = "MX"\nsubdivision = "CMX"\n', ["markets[1].subdivision", "no regions"]),
        ('home_country = "BE"\n', 'home_country = "BE"\nhome_subdivision = "FLANDERS"\n',
         ["firm.home_subdivision", "Flemish, French, German"]),
    ],
    ids=["BAY", "MX-CMX", "FLANDERS"],
)
def test_new_refuses_an_unknown_region_in_one_line_and_creates_nothing(tmp_path: Path, edit, key, codes) -> None:
    """An unknown region silently removed every holiday of the market, national ones included."""
    source = tmp_path / "consultancy.smplan"
    assert smplanner("new", str(source), "--example", "consultancy").returncode == 0
    toml = tmp_path / "strategy.toml"
    assert smplanner("strategy", "export", str(source), "-o", str(toml)).returncode == 0
    text = toml.read_text(encoding="utf-8")
    assert edit in text
    toml.write_text(text.replace(edit, key, 1), encoding="utf-8")
    plan = tmp_path / "new.smplan"
    line = one_line_error(smplanner("new", str(plan), "--strategy", str(toml)))
    for fragment in codes:
        assert fragment in line, line
    assert not plan.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "consultancy.smplan", "strategy.toml"]


def test_new_needs_exactly_one_of_example_and_strategy(tmp_path: Path) -> None:
    toml = tmp_path / "s.toml"
    toml.write_text("format = 1\n", encoding="utf-8")
    neither = one_line_error(smplanner("new", str(tmp_path / "x.smplan")))
    assert "--example" in neither and "--strategy" in neither
    both = one_line_error(
        smplanner("new", str(tmp_path / "x.smplan"), "--example", "training", "--strategy", str(toml)))
    assert "--example" in both and "--strategy" in both and "not allowed" in both
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


# --- agenda --------------------------------------------------------------------------------------------------


def _agenda_plan(path: Path | str) -> Plan:
    """small_plan's JP LinkedIn (Tue and Thu 09:00, Tokyo) plus a Québec market, and posts made by hand: one on
    Japan's New Year's Day and one on Québec's Saint-Jean-Baptiste."""
    from dataclasses import replace
    from datetime import date, datetime, time

    from plan_factories import small_plan

    from smplanner.domain.plan import CadenceRule, Market, Post, Presence
    from smplanner.services.planning import posts_for
    from smplanner.storage.opening import create_plan

    plan = small_plan("Cuberdon & Co")
    japan = plan.markets[0]
    quebec = Market("CA", "America/Toronto", subdivision="QC", languages=("fr",))
    facebook = Presence(quebec.id, "facebook")
    plan = replace(
        plan,
        strategy=replace(plan.strategy, period_start=date(2027, 1, 1)),
        markets=(japan, quebec),
        presences=(*plan.presences, facebook),
        cadence_rules=(*plan.cadence_rules, CadenceRule(facebook.id, (0,), (time(10, 0),), language="fr")),
    )
    by_hand = [
        Post(japan.id, "linkedin", datetime(2027, 1, 1, 10, 30), japan.zone, presence_id=plan.presences[0].id,
             title="新年のご挨拶"),
        Post(quebec.id, "facebook", datetime(2027, 6, 24, 10, 0), quebec.zone, presence_id=facebook.id,
             title="Bonne Saint-Jean!"),
    ]
    create_plan(path, plan, [*posts_for(plan), *by_hand])
    return plan


def _agenda(path: Path, *args: str, today: str = "2027-03-01") -> str:
    """`smplanner agenda` run in this process, with a fixed today."""
    import io
    from datetime import date

    from smplanner import cli

    out = io.StringIO()
    assert cli.run(["agenda", str(path), *args], out=out, today=date.fromisoformat(today)) == 0
    return out.getvalue()


def test_agenda_json_has_the_documented_shape(plan_store) -> None:
    path = plan_store.address("agenda")
    _agenda_plan(path)
    result = smplanner("agenda", str(path), "--from", "2027-03-01", "--to", "2027-03-07", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == {"posts", "holidays", "years_without_holiday_data"}
    ids = [post.pop("id") for post in document["posts"]]
    assert all(len(post_id) == 36 for post_id in ids) and len(set(ids)) == len(ids)
    assert document["posts"][:2] == [
        {  # Monday 10:00 in Montréal is 16:00 in Brussels, within Facebook's good hours and the founder's day
            "market": "CA-QC", "platform": "facebook", "local": "2027-03-01T10:00:00-05:00",
            "utc": "2027-03-01T15:00:00Z", "zone": "America/Toronto", "status": "idea", "title": "",
            "versions": [{"language": "fr", "text": "", "status": "to_write"}], "published_at": None, "warnings": [],
            "notes": [],
        },
        {  # Tuesday 09:00 in Tokyo is 01:00 in Brussels, and before LinkedIn's good hours; LinkedIn schedules ahead
            "market": "JP", "platform": "linkedin", "local": "2027-03-02T09:00:00+09:00",
            "utc": "2027-03-02T00:00:00Z", "zone": "Asia/Tokyo", "status": "idea", "title": "",
            "versions": [{"language": "ja", "text": "", "status": "to_write"}], "published_at": None,
            "warnings": ["outside_good_hours"], "notes": ["schedule_ahead"],
        },
    ]
    assert document["years_without_holiday_data"] == {}
    assert [p["local"][:10] for p in document["posts"]] == ["2027-03-01", "2027-03-02", "2027-03-04"]
    assert document["holidays"] == {"JP": [], "CA-QC": []}
    around_new_year = json.loads(_agenda(path, "--from", "2026-12-31", "--to", "2027-01-11", "--json"))
    assert around_new_year["holidays"]["JP"][:1] == [{"date": "2027-01-01", "name": "New Year's Day"}]
    assert {"date": "2027-01-11", "name": "Coming of Age Day"} in around_new_year["holidays"]["JP"]
    assert around_new_year["holidays"]["CA-QC"] == [{"date": "2027-01-01", "name": "New Year's Day"}]


def test_agenda_flags_a_post_on_a_holiday_of_its_market(plan_store) -> None:
    path = plan_store.address("agenda")
    _agenda_plan(path)
    document = json.loads(_agenda(path, "--from", "2027-01-01", "--to", "2027-01-01", "--json"))
    (new_year,) = document["posts"]
    assert new_year["title"] == "新年のご挨拶" and new_year["local"] == "2027-01-01T10:30:00+09:00"
    assert new_year["warnings"] == ["holiday", "outside_good_hours"]  # a Friday, 02:30 at home
    assert new_year["notes"] == ["schedule_ahead"]  # LinkedIn posts can be scheduled: a note, not a warning
    june = json.loads(_agenda(path, "--from", "2027-06-24", "--to", "2027-06-24", "--market", "CA-QC", "--json"))
    assert [(p["market"], p["warnings"][:1]) for p in june["posts"]] == [("CA-QC", ["holiday"])]
    assert june["holidays"]["CA-QC"] == [{"date": "2027-06-24", "name": "Saint John the Baptist Day"}]
    text = _agenda(path, "--from", "2027-01-01", "--to", "2027-01-01")
    row = next(line for line in text.splitlines() if "新年のご挨拶" in line)
    assert "holiday" in row and "schedule ahead" in row and "JST" in row and "CET" in row and "LinkedIn" in row
    assert "your night" not in row


def test_agenda_applies_the_founder_s_holiday_corrections(plan_store) -> None:
    from datetime import date

    from smplanner.domain.market_days import HolidayOverride, OverrideAction

    path = plan_store.address("agenda")
    plan = _agenda_plan(path)
    japan = plan.markets[0]
    with plan_store.open(path) as plan_file:
        plan_file.repository.save_holiday_override(
            HolidayOverride(japan.id, date(2027, 3, 2), OverrideAction.ADD, "Company day off")
        )
    document = json.loads(_agenda(path, "--from", "2027-03-01", "--to", "2027-03-07", "--json"))
    assert document["holidays"]["JP"] == [{"date": "2027-03-02", "name": "Company day off"}]
    assert "holiday" in next(p for p in document["posts"] if p["local"].startswith("2027-03-02"))["warnings"]


def test_agenda_text_lists_posts_with_both_clocks_and_the_holidays(plan_store) -> None:
    path = plan_store.address("agenda")
    _agenda_plan(path)
    text = _agenda(path, "--from", "2027-03-01", "--to", "2027-03-31")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert lines[0] == "Agenda of Cuberdon & Co from 2027-03-01 to 2027-03-31, 14 posts"
    assert lines[1] == "9 posts with a warning"
    assert "Local time Your time Market Platform Title Warnings Notes" in lines
    assert "Tue 2027-03-02 09:00 JST Tue 2027-03-02 01:00 CET JP LinkedIn off-hours schedule ahead" in lines
    assert "Mon 2027-03-15 10:00 EDT Mon 2027-03-15 15:00 CET CA-QC Facebook" in lines  # Canada moves first
    assert "Tue 2027-03-30 09:00 JST Tue 2027-03-30 02:00 CEST JP LinkedIn off-hours schedule ahead" in lines
    assert lines[lines.index("Public holidays:") + 1:] == [
        "CA-QC Fri 2027-03-26 Good Friday", "JP Sun 2027-03-21 Vernal Equinox Day",
        "JP Mon 2027-03-22 Substitute Holiday",
    ]
    quiet_week = _agenda(path, "--from", "2027-03-01", "--to", "2027-03-07").splitlines()
    assert quiet_week[-2:] == ["  CA-QC  none in this period", "  JP     none in this period"]
    assert "No posts in this period." in _agenda(path, "--from", "2027-03-05", "--to", "2027-03-07")


def test_agenda_text_columns_line_up_with_a_title_in_japanese(tmp_path: Path) -> None:
    from smplanner.cli import _width

    path = tmp_path / "agenda.smplan"
    _agenda_plan(path)
    lines = _agenda(path, "--from", "2027-01-01", "--to", "2027-01-08").splitlines()
    header = next(line for line in lines if line.startswith("Local time"))
    column = _width(header[: header.index("Warnings")])
    rows = [line for line in lines if "off-hours" in line]
    assert len(rows) == 3 and any("新年のご挨拶" in row for row in rows)
    for row in rows:
        start = min(row.index(word) for word in ("holiday", "off-hours") if word in row)
        assert _width(row[:start]) == column, row


def test_agenda_defaults_to_thirty_days_from_today(plan_store) -> None:
    path = plan_store.address("agenda")
    _agenda_plan(path)
    document = json.loads(_agenda(path, "--json", today="2027-03-01"))
    days = sorted({p["local"][:10] for p in document["posts"]})
    assert days[0] == "2027-03-01" and days[-1] == "2027-03-30"  # up to 31 March, a Wednesday: nothing posted
    assert {h["date"] for h in document["holidays"]["JP"]} == {"2027-03-21", "2027-03-22"}
    later = json.loads(_agenda(path, "--from", "2027-05-01", "--json", today="2027-03-01"))
    assert max(p["local"][:10] for p in later["posts"]) <= "2027-05-31"


def test_agenda_market_filter_by_code_or_country(plan_store) -> None:
    path = plan_store.address("agenda")
    _agenda_plan(path)
    for code in ("CA-QC", "ca-qc", "CA"):
        document = json.loads(_agenda(path, "--from", "2027-03-01", "--to", "2027-03-31", "--market", code, "--json"))
        assert {p["market"] for p in document["posts"]} == {"CA-QC"} and len(document["posts"]) == 5
        assert set(document["holidays"]) == {"CA-QC"}
    japan = json.loads(_agenda(path, "--from", "2027-03-01", "--to", "2027-03-31", "--market", "jp", "--json"))
    assert {p["market"] for p in japan["posts"]} == {"JP"} and set(japan["holidays"]) == {"JP"}
    text = _agenda(path, "--from", "2027-03-01", "--to", "2027-03-31", "--market", "JP")
    assert "CA-QC" not in text and "Vernal Equinox Day" in text


def test_agenda_errors_are_one_line(plan_store) -> None:
    path = plan_store.address("agenda")
    _agenda_plan(path)
    unknown = one_line_error(smplanner("agenda", str(path), "--market", "FR"))
    assert "FR" in unknown and "CA-QC, JP" in unknown
    bad_date = one_line_error(smplanner("agenda", str(path), "--from", "2027-13-01"))
    assert "--from" in bad_date and "2027-13-01" in bad_date
    reversed_range = one_line_error(smplanner("agenda", str(path), "--from", "2027-03-02", "--to", "2027-03-01"))
    assert "2027-03-02" in reversed_range and "2027-03-01" in reversed_range
    missing = one_line_error(smplanner("agenda", str(plan_store.folder / "gone.smplan")))
    assert "gone.smplan" in missing and "does not exist" in missing


def test_agenda_leaves_the_plan_untouched(plan_store) -> None:
    from plan_factories import stored_digest

    path = plan_store.address("agenda")
    _agenda_plan(path)
    before = stored_digest(path), path.stat().st_mtime_ns if isinstance(path, Path) else None
    _agenda(path, "--json")
    _agenda(path)
    assert (stored_digest(path), path.stat().st_mtime_ns if isinstance(path, Path) else None) == before
    assert sorted(p.name for p in plan_store.folder.iterdir()) == (["agenda.smplan"] if isinstance(path, Path) else [])


# --- workload ------------------------------------------------------------------------------------------------


def _workload_plan(path: Path | str) -> Plan:
    """Ana alone (3 h a week) runs four presences over two weeks, 1 to 14 March 2027: 460 minutes a week.

    Germany's Instagram, 3 images a week: 120 + 45 community = 165; Austria's Instagram, 1 image: 40 + 45 = 85;
    Germany's LinkedIn, 1 text: 20 + 45 = 65; Switzerland's LinkedIn (German and French, adapted), 2 texts of
    20 + 15 + 15: 100 + 45 = 145. Switzerland has paid ads: 30 minutes a week for Ana, 150 EUR a month.
    """
    from datetime import date, time
    from decimal import Decimal

    from smplanner.domain.plan import (
        Actor,
        ActorKind,
        CadenceRule,
        ContentFormat,
        ContentType,
        Firm,
        Market,
        Objective,
        Presence,
        Strategy,
    )
    from smplanner.services.planning import posts_for
    from smplanner.storage.opening import create_plan

    ana = Actor("Ana", ActorKind.FOUNDER, hours_per_week=3)
    image = ContentType("Photos", format=ContentFormat.IMAGE)
    text = ContentType("Articles", format=ContentFormat.TEXT)
    de = Market("DE", "Europe/Berlin", objectives=(Objective.VISIBILITY,), languages=("de",))
    at = Market("AT", "Europe/Vienna", objectives=(Objective.VISIBILITY,), languages=("de",))
    ch = Market("CH", "Europe/Zurich", objectives=(Objective.OPPORTUNITIES,), languages=("de", "fr"),
                content_adapted=True, paid_ads=True, ads_budget_month=Decimal(150))
    ig_de = Presence(de.id, "instagram", actor_id=ana.id)
    ig_at = Presence(at.id, "instagram", actor_id=ana.id)
    li_de = Presence(de.id, "linkedin", goal=Objective.RELATIONSHIPS, actor_id=ana.id)
    li_ch = Presence(ch.id, "linkedin", goal=Objective.OPPORTUNITIES, actor_id=ana.id)
    plan = Plan(
        firm=Firm("Alpenglow", "BE", "Europe/Brussels"),
        strategy=Strategy(date(2027, 3, 1), date(2027, 3, 14), budget_organic_month=Decimal(50),
                          budget_paid_month=Decimal(50)),
        markets=(de, at, ch),
        actors=(ana,),
        presences=(ig_de, ig_at, li_de, li_ch),
        content_types=(image, text),
        cadence_rules=(
            CadenceRule(ig_de.id, (0, 2, 4), (time(10, 0),), language="de", content_type_id=image.id),
            CadenceRule(ig_at.id, (1,), (time(10, 0),), language="de", content_type_id=image.id),
            CadenceRule(li_de.id, (3,), (time(9, 0),), language="de", content_type_id=text.id),
            CadenceRule(li_ch.id, (1, 3), (time(9, 0),), language="de", content_type_id=text.id),
        ),
    )
    create_plan(path, plan, posts_for(plan))
    return plan


def _workload(path: Path, *args: str) -> str:
    import io

    from smplanner import cli

    out = io.StringIO()
    assert cli.run(["workload", str(path), *args], out=out) == 0
    return out.getvalue()


def test_workload_text_has_the_weeks_the_budget_and_the_findings(plan_store) -> None:
    path = plan_store.address("workload")
    _workload_plan(path)
    lines = [" ".join(line.split()) for line in _workload(path).splitlines()]
    assert lines[0] == "Workload of Alpenglow from 2027-03-01 to 2027-03-14, in hours a week"
    # 460 + 30 (Switzerland's ads) = 490 minutes, 8.2 hours, every week, against Ana's 3.
    assert lines[2:7] == [
        "Week of Ana Total Capacity",
        "2027-03-01 8.2 8.2 3.0 over",
        "2027-03-08 8.2 8.2 3.0 over",
        "Average 8.2 8.2 3.0 over",
        "Capacity 3.0 3.0",
    ]
    assert "2 weeks of 2 over capacity (the total, or an actor's own hours)." in lines
    budget = lines[lines.index("Budget per month (EUR):") + 1:]
    assert budget[:5] == [
        "Paid ads €150.00 The monthly ad budgets of Switzerland",
        "Translation €0.00 About 0 post versions a month translated by a translator or partner, at €0.00 each",
        "Agency €0.00 The agency's fee per month, from the workload settings",
        "Needed €150.00",
        "Allocated €100.00 over budget",
    ]
    findings = lines[lines.index("Findings:") + 1:]
    assert findings[0].startswith("- Too many presences for the hours: the plan's 4 presences need about 8.2 h a week")
    assert findings[1:4] == [
        ("1.4 h a week freed: Merge the national Instagram profiles of Germany, Austria into one shared profile, "
         "run from Germany"),
        "1.1 h a week freed: Drop LinkedIn in Germany: its goal (Relationships) is not one of Germany's objectives",
        "1.0 h a week freed: Post half as often on Instagram in Germany: 1.5 a week instead of 3",
    ]
    assert findings[-1] == (
        "- Over budget: the plan needs about €150.00 a month (Paid ads: €150.00), but €100.00 a month is allocated."
    )


def test_workload_json_has_the_documented_shape_and_the_stored_settings(plan_store) -> None:
    from decimal import Decimal

    from smplanner.domain.workload import WorkloadSettings
    from smplanner.services.planning import PlanningService

    path = plan_store.address("workload")
    plan = _workload_plan(path)
    with plan_store.open(path) as plan_file:
        service = PlanningService(plan_file)
        assert service.workload_settings() == WorkloadSettings()
        changes = service.set_workload_settings(WorkloadSettings(community_minutes_per_presence=30,
                                                                 agency_cost_month=Decimal("400.00")))
        assert changes.settings and not changes.touches_posts
        assert service.workload_settings().agency_cost_month == Decimal(400)
    result = smplanner("workload", str(path), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == {"firm", "first", "last", "currency", "actors", "weeks", "totals", "budget", "findings",
                             "presences"}
    assert (document["first"], document["last"], document["currency"]) == ("2027-03-01", "2027-03-14", "EUR")
    # Community now 30 a presence: 490 - 4 x 15 = 430 minutes, 7.17 hours.
    assert document["actors"] == [
        {"id": plan.actors[0].id, "name": "Ana", "capacity_hours": 3.0, "needed_hours": 7.17}
    ]
    assert document["weeks"] == [
        {"start": "2027-03-01", "posts": 7, "hours": [7.17], "total_hours": 7.17, "over": True},
        {"start": "2027-03-08", "posts": 7, "hours": [7.17], "total_hours": 7.17, "over": True},
    ]
    assert document["totals"] == {"needed_hours": 7.17, "capacity_hours": 3.0, "over": True, "over_weeks": 2}
    assert [(line["kind"], line["needed"]) for line in document["budget"]["lines"]] == [
        ("ads", "150"), ("translation", "0.00"), ("agency", "400.00")
    ]
    assert (document["budget"]["needed"], document["budget"]["allocated"], document["budget"]["over"]) == (
        "550.00", "100", True
    )
    too_many, over_budget = document["findings"]
    assert too_many["kind"] == "too_many_presences" and too_many["market"] is None and too_many["platform"] is None
    # Austria's Instagram (40 + 30), half of Germany's images (60), half of Switzerland's posts (50), Germany's
    # LinkedIn (20 + 30), in minutes; equal savings keep the order merge, languages, cadence, drop.
    assert [(o["kind"], o["hours_freed"]) for o in too_many["options"]][:4] == [
        ("merge_profiles", 1.17), ("lower_cadence", 1.0), ("lower_cadence", 0.83), ("drop_presence", 0.83)
    ]
    assert too_many["hours_freed"] == too_many["options"][0]["hours_freed"]
    assert over_budget["kind"] == "over_budget" and over_budget["options"] == []


def test_workload_errors_are_one_line_and_the_plan_is_untouched(tmp_path: Path) -> None:
    missing = one_line_error(smplanner("workload", str(tmp_path / "gone.smplan")))
    assert "gone.smplan" in missing and "does not exist" in missing
    usage = one_line_error(smplanner("workload"))
    assert "plan" in usage
    path = tmp_path / "workload.smplan"
    _workload_plan(path)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    _workload(path)
    _workload(path, "--json")
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["workload.smplan"]
