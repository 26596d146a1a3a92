"""The one-folder program, built from packaging/smplanner.spec in a fresh environment and used as a founder would.

Marked `bundle` and left out of the default run (it builds for a few minutes): `python -m pytest -q -m bundle`; the
README's test command runs it. The program is built from a copy of the repository in a new virtual environment with
PyInstaller, that environment is then deleted, and the program folder is moved to a path with a space in it. Every
run gets a bare environment (no PYTHONHOME, PYTHONPATH or virtual environment on PATH) and a fresh HOME; some runs go
through strace, which must see no file of the build machine's Python, the repository or the test's own environment
opened. What the program shows (country, language, zone and holiday names, the window's menus) is compared with what
`python -m smplanner` shows for the same plan in the same language.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from smplanner import APP_ID, __version__

pytestmark = pytest.mark.bundle

REPOSITORY = Path(__file__).resolve().parents[1]
SIZE_LIMIT = 150_000_000  # bytes on disk
UI_LANGUAGES = ["en"] + sorted(path.name for path in (REPOSITORY / "translations").iterdir()
                               if (path / "LC_MESSAGES" / "smplanner.po").is_file())
REQUIRED_LANGUAGES = {"en", "fr", "nl"}
MIME_TYPE = "application/x-smplanner-plan"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Libraries the program takes from the system it runs on, as PyInstaller intends: the C library, the graphics
# stack (GL, xcb and wayland client libraries must match the system's drivers and display server), and libcups,
# which the spec leaves out (printing goes through the system's own CUPS).
SYSTEM_LIBRARIES = re.compile(
    r"(ld-linux.*|lib(c|dl|m|pthread|rt|util|resolv)|lib(E?GLX?|OpenGL|GLdispatch|GLESv2|drm)|libxcb"
    r"|libwayland-(client|cursor|egl|server)|libcups)\.so(\.\d+)*$"
)
ORDINARY_FOLDERS = ("/usr/", "/lib/", "/lib64/", "/etc/", "/proc/", "/sys/", "/dev/", "/tmp/", "/run/", "/var/")


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail("{name} is not installed: apt-get install {package} (the README's test command does)".format(
            name=name, package=package))
    return path


@dataclass(frozen=True)
class Bundle:
    folder: Path  # the program folder, moved away from where it was built
    executable: Path
    archive_listing: str  # pyi-archive_viewer's list of the modules inside
    build_paths: tuple[Path, ...]  # folders of the build that the program must never read


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    work = tmp_path_factory.mktemp("bundle")
    source = work / "source"
    shutil.copytree(REPOSITORY, source, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "build", "dist", "__pycache__", "*.egg-info", ".pytest_cache", ".mypy_cache", ".ruff_cache"))
    environment = work / "build-env"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    python = environment / "bin" / "python"
    build_env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    build_env.pop("PYTHONPATH", None)
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", str(source) + "[bundle]"],
                               capture_output=True, text=True, env=build_env, cwd=work)
    assert installed.returncode == 0, installed.stderr[-3000:]
    built = subprocess.run(
        [str(environment / "bin" / "pyinstaller"), "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         str(source / "packaging" / "smplanner.spec")],
        capture_output=True, text=True, env=build_env, cwd=work)
    assert built.returncode == 0, built.stderr[-5000:]
    listing = subprocess.run([str(environment / "bin" / "pyi-archive_viewer"), "--recursive", "--brief",
                              str(work / "dist" / "smplanner" / "smplanner")],
                             capture_output=True, text=True, check=True, env=build_env).stdout
    shutil.rmtree(environment)  # the program must not need it
    shutil.rmtree(work / "build")
    folder = work / "moved here" / "smplanner"
    folder.parent.mkdir()
    shutil.move(str(work / "dist" / "smplanner"), folder)
    build_paths = (source, environment, REPOSITORY, Path(sys.prefix), Path(sys.base_prefix))
    return Bundle(folder, folder / "smplanner", listing, build_paths)


def _environment(home: Path, language: str = "en", **extra: str) -> dict[str, str]:
    """A bare environment, as a desktop session would give: no Python variables, no virtual environment on PATH."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "runtime").mkdir(mode=0o700, exist_ok=True)
    env = {
        "HOME": str(home),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LANGUAGE": language,
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.update(extra)
    return env


def _run(command: list[str], env: dict[str, str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, "{command} exited {code}:\n{err}".format(
        command=command, code=result.returncode, err=result.stderr[-3000:])
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def _source_program() -> list[str]:
    return [sys.executable, "-m", "smplanner"]


def _traced(bundle: Bundle, arguments: list[str], env: dict[str, str], cwd: Path) -> list[str]:
    """Runs the program under strace; returns the paths of the files it opened successfully."""
    log = cwd / "strace.log"
    strace = _tool("strace", "strace")
    _run([strace, "-f", "-qq", "-e", "trace=open,openat,execve", "-o", str(log), str(bundle.executable), *arguments],
         env, cwd)
    opened = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = re.search(r'(?:open|openat|execve)\((?:AT_FDCWD, )?"([^"]*)".*\)\s+=\s+(-?\d+)', line)
        if match and int(match[2]) >= 0:
            opened.append(match[1])
    assert opened, "strace saw nothing"
    return opened


def _assert_reads_nothing_of_the_build(bundle: Bundle, opened: list[str], work: Path) -> None:
    foreign = sorted({
        path for path in opened
        if path.startswith("/") and not path.startswith((str(bundle.folder), str(work)))
        and (any(path.startswith(str(build) + os.sep) for build in bundle.build_paths)
             or not (path + "/").startswith(ORDINARY_FOLDERS)  # the folder itself too: /tmp for a spool file
             or "/python3" in path)
    })
    assert not foreign, "the program opened files outside itself and the system: {paths}".format(paths=foreign[:20])


# --- what is inside ----------------------------------------------------------------------------------------------


def _disk_usage(folder: Path) -> int:
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in [folder, *folder.rglob("*")]:
        status = path.lstat()
        if (status.st_dev, status.st_ino) not in seen:
            seen.add((status.st_dev, status.st_ino))
            total += status.st_blocks * 512
    return total


def test_the_program_is_lean(bundle: Bundle) -> None:
    used = _disk_usage(bundle.folder)
    assert used <= SIZE_LIMIT, "the program folder takes {mb:.1f} MB on disk".format(mb=used / 1e6)
    internal = bundle.folder / "_internal"
    names = {path.relative_to(internal).as_posix() for path in internal.rglob("*")}
    never_used = re.compile(
        r"(^|/)lib(gnutls|gtk-3|gdk-3|cairo|pango-1|cups)[.\-]"
        r"|plugins/(tls|networkinformation|egldeviceintegrations|generic)/|plugins/platformthemes/libqgtk"
        r"|libQt6Network|QtNetwork\.|plugins/imageformats/(?!libqsvg)|_hashlib\."
    )
    assert not sorted(name for name in names if never_used.search(name))
    # One OpenSSL, which Python's ssl module (imported by psycopg) and psycopg's libpq (a server plan may ask for TLS)
    # share, and one Kerberos, libpq's.
    openssl = {(internal / name).resolve() for name in names if re.search(r"(^|/)lib(ssl|crypto)[.\-]", name)}
    assert openssl == {(internal / "libssl.so.3").resolve(), (internal / "libcrypto.so.3").resolve()}, openssl
    kerberos = {(internal / name).resolve() for name in names if re.search(r"(^|/)libkrb5[.\-]", name)}
    assert len(kerberos) == 1 and kerberos.pop().parent == (internal / "psycopg_binary.libs").resolve()
    # Qt's catalogues: qtbase in the UI languages only.
    assert {name for name in names if name.startswith("PySide6/Qt/translations/") and name.endswith(".qm")} == {
        "PySide6/Qt/translations/qtbase_{language}.qm".format(language=language) for language in UI_LANGUAGES}
    # babel's locale data: full for the UI languages (and what they inherit from), an empty stand-in for the rest.
    import babel

    source_locales = {path.name for path in (Path(babel.__file__).parent / "locale-data").glob("*.dat")}
    locale_data = internal / "babel" / "locale-data"
    assert {path.name for path in locale_data.glob("*.dat")} == source_locales
    full = {path.stem for path in locale_data.glob("*.dat") if path.stat().st_size > 64}
    assert {"root", *UI_LANGUAGES} <= full
    assert all(name == "root" or name.split("_")[0] in UI_LANGUAGES for name in full), sorted(full)


def test_the_program_holds_everything_it_loads(bundle: Bundle) -> None:
    import holidays
    import tzdata

    internal = bundle.folder / "_internal"
    for language in set(UI_LANGUAGES) - {"en"}:
        assert (internal / "smplanner" / "translations" / language / "LC_MESSAGES" / "smplanner.po").is_file()
    assert set(UI_LANGUAGES) >= REQUIRED_LANGUAGES
    # Every zone of the tzdata package.
    zoneinfo = Path(tzdata.__file__).parent / "zoneinfo"
    zones = {path.relative_to(zoneinfo).as_posix() for path in zoneinfo.rglob("*") if path.is_file()
             and path.suffix != ".py" and "__pycache__" not in path.parts}
    bundled = internal / "tzdata" / "zoneinfo"
    assert zones == {path.relative_to(bundled).as_posix() for path in bundled.rglob("*") if path.is_file()}
    # Every country module of holidays (imported lazily, by name) and every catalogue of holiday names.
    countries = Path(holidays.__file__).parent / "countries"
    modules = {"holidays.countries." + path.stem for path in countries.glob("*.py") if path.stem != "__init__"}
    listed = set(bundle.archive_listing.split())
    assert modules <= listed, sorted(modules - listed)[:10]
    locale = Path(holidays.__file__).parent / "locale"
    catalogues = {path.relative_to(locale).as_posix() for path in locale.rglob("*.mo")}
    assert catalogues and catalogues == {path.relative_to(internal / "holidays" / "locale").as_posix()
                                         for path in (internal / "holidays" / "locale").rglob("*.mo")}
    # The migrations Alembic reads as files, the fonts of the summary, the platform catalogue, the icons.
    migrations = REPOSITORY / "smplanner" / "storage" / "migrations"
    scripts = [migrations / "env.py", migrations / "script.py.mako", *sorted((migrations / "versions").glob("0*.py"))]
    for path in scripts:
        assert (internal / path.relative_to(REPOSITORY)).is_file(), path
    for path in sorted((REPOSITORY / "resources").glob("fonts/*")) + [REPOSITORY / "resources" / "platforms.json"]:
        assert (internal / "smplanner" / "resources" / path.relative_to(REPOSITORY / "resources")).is_file(), path
    for size in ICON_SIZES:
        assert (internal / "smplanner" / "resources" / "icons" / "smplanner-{size}.png".format(size=size)).is_file()
        assert (bundle.folder / "share" / "icons" / "hicolor" / "{s}x{s}".format(s=size) / "apps"
                / (APP_ID + ".png")).is_file()


def test_every_library_the_program_links_to_is_inside_or_on_every_system(bundle: Bundle) -> None:
    readelf = _tool("readelf", "binutils")
    names = {path.name for path in bundle.folder.rglob("*")}
    missing: dict[str, str] = {}
    for path in bundle.folder.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.open("rb").read(4) != b"\x7fELF":
            continue
        dynamic = subprocess.run([readelf, "--dynamic", str(path)], capture_output=True, text=True).stdout
        for needed in re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic):
            if needed not in names and not SYSTEM_LIBRARIES.match(needed):
                missing.setdefault(needed, path.name)
    assert not missing, (
        "libraries neither inside the program nor part of every desktop system (install them on the build machine "
        "so that PyInstaller takes them in): {missing}".format(missing=missing))


# --- running it --------------------------------------------------------------------------------------------------


def test_version_without_anything_of_the_build_machine(bundle: Bundle, tmp_path: Path) -> None:
    env = _environment(tmp_path / "home")
    result = _run([str(bundle.executable), "--version"], env, tmp_path)
    assert result.stdout.strip() == "smplanner {version}".format(version=__version__)
    _assert_reads_nothing_of_the_build(bundle, _traced(bundle, ["--version"], env, tmp_path), tmp_path)


def test_demo_writes_valid_plans_calendars_and_one_page_summaries(bundle: Bundle, tmp_path: Path) -> None:
    import icalendar

    from smplanner.storage.sqlite_file import APPLICATION_ID

    env = _environment(tmp_path / "home")
    out = tmp_path / "examples"
    opened = _traced(bundle, ["demo", str(out)], env, tmp_path)
    _assert_reads_nothing_of_the_build(bundle, opened, tmp_path)
    plans = sorted(out.glob("*.smplan"))
    assert len(plans) == 3
    for plan in plans:
        with sqlite3.connect(plan) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            assert connection.execute("SELECT count(*) FROM post").fetchone()[0] > 100
        calendar = icalendar.Calendar.from_ical((out / (plan.stem + ".ics")).read_bytes())
        assert len(calendar.walk("VEVENT")) > 100 and calendar.walk("VTIMEZONE")
        summary = out / (plan.stem + "-summary.pdf")
        info = subprocess.run([_tool("pdfinfo", "poppler-utils"), str(summary)], capture_output=True, text=True,
                              check=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
        fonts = subprocess.run([_tool("pdffonts", "poppler-utils"), str(summary)], capture_output=True, text=True,
                               check=True).stdout
        assert "SourceSansPro" in fonts  # the shipped font, embedded: the program found its own resources


def _every_country_plan(folder: Path) -> Path:
    """A plan with a market in every country CLDR names and tzdata has a zone for, in its official languages."""
    from babel import Locale

    from smplanner.services.country_facts import country_codes, main_zone, official_languages

    lines = ['format = 1', '', '[firm]', 'name = "Everywhere"', 'home_country = "BE"', 'home_zone = "Europe/Brussels"',
             '', '[strategy]', 'period_start = 2027-01-01', 'period_end = 2027-12-31']
    accepted = set(Locale("en").languages) - {"und"}  # the language codes a strategy file accepts
    markets = 0
    for country in country_codes():
        zone = main_zone(country)
        if zone is None:
            continue
        languages = [code for code in official_languages(country) if code in accepted][:3]
        lines += ['', '[[markets]]', 'country = "{c}"'.format(c=country), 'zone = "{z}"'.format(z=zone),
                  'languages = [{codes}]'.format(codes=", ".join('"{c}"'.format(c=code) for code in languages))]
        markets += 1
    assert markets > 230
    strategy = folder / "everywhere.toml"
    strategy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return strategy


def test_country_language_zone_and_holiday_names_are_those_of_the_source_program(bundle: Bundle,
                                                                                  tmp_path: Path) -> None:
    strategy = _every_country_plan(tmp_path)
    env = _environment(tmp_path / "home")
    plan = tmp_path / "everywhere.smplan"
    _run([str(bundle.executable), "new", str(plan), "--strategy", str(strategy)], env, tmp_path)
    expected_names = {"en": "Christmas Day", "fr": "Noël", "nl": "Kerstmis"}
    for language in UI_LANGUAGES:
        env = _environment(tmp_path / "home", language)
        for arguments in (["info", str(plan)], ["agenda", str(plan), "--from", "2026-12-24", "--to", "2027-01-01"]):
            shown = _run([str(bundle.executable), *arguments], env, tmp_path).stdout
            assert shown == _run([*_source_program(), *arguments], env, tmp_path).stdout, (language, arguments)
        # The Belgian market's Christmas in the UI language: the holidays package's catalogues are inside.
        assert re.search(r"^\s*BE\s.*2026-12-25\s+{name}$".format(name=expected_names.get(language, "")), shown,
                         re.MULTILINE), shown[:2000]


def _shown_texts(command: list[str], plan: Path, env: dict[str, str], cwd: Path) -> dict:
    texts = cwd / "texts.json"
    texts.unlink(missing_ok=True)
    probe = cwd / "probe.txt"
    probe.unlink(missing_ok=True)
    env = dict(env, SMPLANNER_STARTUP_PROBE=str(probe), SMPLANNER_STARTUP_PROBE_EXIT="1",
               SMPLANNER_SHOWN_TEXTS=str(texts))
    _run([*command, str(plan)], env, cwd, timeout=120)
    assert [line.split()[0] for line in probe.read_text(encoding="utf-8").splitlines()] == [
        "window_shown", "content_ready"]
    return json.loads(texts.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_a_plan_opens_in_each_language(bundle: Bundle, tmp_path: Path, language: str) -> None:
    from smplanner.i18n import set_language

    for program, command in (("bundle", [str(bundle.executable)]), ("source", _source_program())):
        folder = tmp_path / program
        folder.mkdir()
        _run([*command, "new", str(folder / "training.smplan"), "--example", "training"], _environment(folder / "h"),
             folder)
    env = _environment(tmp_path / "bundle" / "h", language)
    shown = _shown_texts([str(bundle.executable)], tmp_path / "bundle" / "training.smplan", env, tmp_path / "bundle")
    expected = _shown_texts(_source_program(), tmp_path / "source" / "training.smplan",
                            _environment(tmp_path / "source" / "h", language), tmp_path / "source")
    assert shown == expected
    try:
        set_language(language)
        from smplanner.i18n import _

        assert _("&File") in shown["menus"]
    finally:
        set_language("en")
    if language != "en":
        assert "&File" not in shown["menus"] and shown["qt_cancel"] != "Cancel"  # both catalogues were found


def test_an_older_plan_is_upgraded_when_opened(bundle: Bundle, tmp_path: Path) -> None:
    from smplanner.storage.migrating import head_of

    plan = tmp_path / "old.smplan"
    shutil.copy(REPOSITORY / "tests" / "fixtures" / "plan_rev0001.smplan", plan)
    env = _environment(tmp_path / "home")
    _shown_texts([str(bundle.executable)], plan, env, tmp_path)
    with sqlite3.connect(plan) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_of()
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_window_opens_on_an_x11_display(bundle: Bundle, tmp_path: Path) -> None:
    """The xcb platform plugin and the libraries it needs load from the program folder (offscreen needs none)."""
    xvfb = _tool("Xvfb", "xvfb")
    read_end, write_end = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "1280x800x24"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as display_pipe:
            display = display_pipe.readline().strip()
        assert display.isdigit(), "Xvfb did not start"
        _run([str(bundle.executable), "new", str(tmp_path / "p.smplan"), "--example", "confectioner"],
             _environment(tmp_path / "home"), tmp_path)
        env = _environment(tmp_path / "home", QT_QPA_PLATFORM="xcb", DISPLAY=":" + display)
        log = tmp_path / "strace.log"
        traced = [_tool("strace", "strace"), "-f", "-qq", "-e", "trace=openat", "-o", str(log), str(bundle.executable)]
        texts = _shown_texts(traced, tmp_path / "p.smplan", env, tmp_path)
        assert texts["title"].endswith("p.smplan — smplanner")
        opened = re.findall(r'openat\(AT_FDCWD, "([^"]*)".*= \d+$', log.read_text(encoding="utf-8", errors="replace"),
                            re.MULTILINE)
        assert any(path.endswith("platforms/libqxcb.so") and path.startswith(str(bundle.folder)) for path in opened)
        _assert_reads_nothing_of_the_build(bundle, opened, tmp_path)
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- a plan on a server ---------------------------------------------------------------------------------------------


def test_a_plan_copied_to_a_server_reads_back_the_same(bundle: Bundle, tmp_path: Path, pg_cluster) -> None:
    """psycopg, its libpq and SQLAlchemy's PostgreSQL dialect are inside: copy, then read back, with the program."""
    import uuid

    env = _environment(tmp_path / "home")
    plan = tmp_path / "training.smplan"
    program = str(bundle.executable)
    _run([program, "new", str(plan), "--example", "training"], env, tmp_path)
    address = pg_cluster.uri("plans", schema="bundle_" + uuid.uuid4().hex[:10])
    copied = _run([program, "copy", str(plan), address], env, tmp_path).stdout
    assert re.search(r": \d{3} posts; checked", copied), copied
    for command, options in (("info", []), ("agenda", ["--from", "2027-01-01", "--to", "2027-03-31"])):
        on_server = json.loads(_run([program, command, address, "--json", *options], env, tmp_path).stdout)
        on_file = json.loads(_run([program, command, str(plan), "--json", *options], env, tmp_path).stdout)
        if command == "info":
            assert on_server.pop("path").endswith("#" + address.rsplit("#", 1)[1]) and on_file.pop("path")
        assert on_server == on_file and on_server, command
    # libpq and OpenSSL come from the program folder, nothing from the build machine's Python.
    _assert_reads_nothing_of_the_build(bundle, _traced(bundle, ["info", address], env, tmp_path), tmp_path)


def test_an_unreachable_server_is_one_line_on_stderr(bundle: Bundle, tmp_path: Path) -> None:
    from urllib.parse import quote

    env = _environment(tmp_path / "home")
    plan = tmp_path / "training.smplan"
    _run([str(bundle.executable), "new", str(plan), "--example", "training"], env, tmp_path)
    no_server = tmp_path / "no server"
    no_server.mkdir()
    address = "postgresql://founder@/plans?host={folder}&port=5432#plan".format(folder=quote(str(no_server), safe=""))
    for arguments in (["info", address], ["agenda", address], ["copy", str(plan), address]):
        result = subprocess.run([str(bundle.executable), *arguments], env=env, cwd=tmp_path, capture_output=True,
                                text=True, timeout=120, stdin=subprocess.DEVNULL)
        lines = result.stderr.splitlines()
        assert result.returncode == 1 and len(lines) == 1, (arguments, result.stderr[-3000:])
        assert "the server cannot be reached" in lines[0], lines[0]


# --- installing it -----------------------------------------------------------------------------------------------


def _tree(home: Path) -> dict[str, bytes | str]:
    """Every file and folder under home: a file's content, a link's target, "folder" for a folder."""
    tree: dict[str, bytes | str] = {}
    for path in sorted(home.rglob("*")):
        key = path.relative_to(home).as_posix()
        if path.is_symlink():
            tree[key] = "-> " + os.readlink(path)
        elif path.is_dir():
            tree[key] = "folder"
        else:
            tree[key] = path.read_bytes()
    return tree


def _someone_elses_desktop(home: Path) -> None:
    """What a HOME already holds: another program's menu entry, file type and icon, and their databases."""
    data = home / ".local" / "share"
    (data / "applications").mkdir(parents=True)
    (data / "applications" / "other.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=Other\nExec=other %f\nMimeType=text/x-other;\n", encoding="utf-8")
    (data / "mime" / "packages").mkdir(parents=True)
    (data / "mime" / "packages" / "other.xml").write_text(
        '<?xml version="1.0"?>\n<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">'
        '<mime-type type="text/x-other"><glob pattern="*.other"/></mime-type></mime-info>\n', encoding="utf-8")
    (data / "icons" / "hicolor" / "48x48" / "apps").mkdir(parents=True)
    (data / "icons" / "hicolor" / "48x48" / "apps" / "other.png").write_bytes(b"not ours")
    (home / ".local" / "bin").mkdir()
    (home / ".local" / "bin" / "other").write_text("#!/bin/sh\n", encoding="utf-8")
    env = _environment(home)
    subprocess.run([_tool("update-mime-database", "shared-mime-info"), str(data / "mime")], env=env, check=True)
    subprocess.run([_tool("update-desktop-database", "desktop-file-utils"), str(data / "applications")], env=env,
                   check=True)


@pytest.mark.parametrize("existing", ["fresh HOME", "HOME with other programs"])
def test_install_and_uninstall_for_one_user(bundle: Bundle, tmp_path: Path, existing: str) -> None:
    home = tmp_path / "a home"  # a space, which the desktop entry's Exec must quote
    home.mkdir()
    if existing != "fresh HOME":
        _someone_elses_desktop(home)
    env = _environment(home)
    before = _tree(home)
    installed = _run(["sh", str(bundle.folder / "install.sh"), "--user"], env, tmp_path)
    assert "installed" in installed.stdout

    data = home / ".local" / "share"
    program = data / APP_ID / "smplanner"
    assert _run([str(home / ".local" / "bin" / "smplanner"), "--version"], env, tmp_path).stdout.strip().endswith(
        __version__)
    entry_path = data / "applications" / (APP_ID + ".desktop")
    validated = subprocess.run([_tool("desktop-file-validate", "desktop-file-utils"), str(entry_path)],
                               capture_output=True, text=True)
    assert validated.returncode == 0 and not validated.stdout.strip(), validated.stdout
    entry = configparser.ConfigParser(interpolation=None, delimiters=("="))
    entry.optionxform = str  # type: ignore[assignment, method-assign]
    entry.read(entry_path, encoding="utf-8")
    assert entry["Desktop Entry"]["Exec"] == '"{path}" %f'.format(path=program)
    assert entry["Desktop Entry"]["TryExec"] == str(program)
    for size in ICON_SIZES:
        assert (data / "icons" / "hicolor" / "{s}x{s}".format(s=size) / "apps" / (APP_ID + ".png")).is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / (APP_ID + ".svg")).is_file()
    # A double-click: the file type of a plan, then the program the desktop opens it with.
    assert "{mime}:*.smplan".format(mime=MIME_TYPE) in (data / "mime" / "globs2").read_text(encoding="utf-8")
    cache = configparser.ConfigParser(interpolation=None, delimiters=("="))
    cache.read(data / "applications" / "mimeinfo.cache", encoding="utf-8")
    assert cache["MIME Cache"][MIME_TYPE] == APP_ID + ".desktop;"
    gio = _tool("gio", "libglib2.0-bin")
    plan = tmp_path / "plan.smplan"
    _run([str(program), "new", str(plan), "--example", "training"], env, tmp_path)
    # GIO (what GNOME's file manager asks) reads the user's folders as data folders; its own state goes elsewhere.
    gio_env = _environment(tmp_path / "gio home", XDG_DATA_DIRS=str(data) + ":/usr/share")
    content_type = _run([gio, "info", "--attributes=standard::content-type", str(plan)], gio_env, tmp_path).stdout
    assert "standard::content-type: " + MIME_TYPE in content_type
    default = _run([gio, "mime", MIME_TYPE], gio_env, tmp_path).stdout
    assert re.search(r"^Default application for .{mime}.: {entry}$".format(
        mime=re.escape(MIME_TYPE), entry=re.escape(APP_ID + ".desktop")), default, re.MULTILINE), default

    again = _run(["sh", str(bundle.folder / "install.sh"), "--user"], env, tmp_path)  # installing twice is harmless
    assert "installed" in again.stdout
    removed = _run(["sh", str(data / APP_ID / "install.sh"), "--user", "--uninstall"], env, tmp_path)
    assert "uninstalled" in removed.stdout
    after = _tree(home)
    assert after == before, "left or changed: {paths}".format(
        paths=sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key)))
