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


def smplanner(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LANG="C.UTF-8", LANGUAGE="en", QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", GUARD, *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env
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
    result = subprocess.run([sys.executable, "-m", "smplanner", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and __version__ in result.stdout


def test_demo_writes_the_three_examples_and_lists_them(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = smplanner("demo", str(out))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
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


def test_info_text_and_json(tmp_path: Path) -> None:
    plan = tmp_path / "cuberdon.smplan"
    smplanner("new", str(plan), "--example", "confectioner")
    text = smplanner("info", str(plan))
    assert text.returncode == 0, text.stderr
    for expected in ("Cuberdon & Co", "Japan", "Asia/Tokyo", "WeChat", "Actors and responsibilities", "revision 0002"):
        assert expected in text.stdout
    document = json.loads(smplanner("info", str(plan), "--json").stdout)
    assert document["firm"]["name"] == "Cuberdon & Co"
    assert [m["code"] for m in document["markets"]] == ["CN", "ES", "GB-ENG", "JP"]
    assert document["schema_version"] == "0002"
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
    result = subprocess.run([sys.executable, "-c", GUARD, str(plan)], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert "NETWORK ATTEMPT" not in result.stderr
    events = [line.split()[0] for line in probe.read_text().splitlines()]
    assert events == ["window_shown", "content_ready"]
    assert "PySide6.QtNetwork" not in result.stderr
