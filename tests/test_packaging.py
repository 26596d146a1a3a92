"""The desktop entry, MIME type, AppStream metainfo, icon and PyInstaller spec agree with each other and validate."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from smplanner import APP_ID, __version__

REPOSITORY = Path(__file__).resolve().parents[1]
LINUX = REPOSITORY / "packaging" / "linux"
DESKTOP = LINUX / (APP_ID + ".desktop")
METAINFO = LINUX / (APP_ID + ".metainfo.xml")
MIME = LINUX / (APP_ID + ".xml")
SPEC = REPOSITORY / "packaging" / "smplanner.spec"
ICON = REPOSITORY / "resources" / "smplanner.svg"
CHANGELOG = REPOSITORY / "CHANGELOG.md"
MIME_TYPE = "application/x-smplanner-plan"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _pyproject_version() -> str:
    with (REPOSITORY / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def _tool(command: str, package: str) -> str:
    # Not a skip: a missing validator must not let the files go unchecked. .ci/run installs them.
    path = shutil.which(command)
    if path is None:
        pytest.fail(
            "{command} is not installed, so the packaging files cannot be validated: "
            "sudo apt-get install {package} (the CI script .ci/run does this)".format(command=command, package=package)
        )
    return path


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_validates() -> None:
    result = subprocess.run(
        [_tool("appstreamcli", "appstream"), "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_opens_plans() -> None:
    entry = _desktop_entry()
    assert entry["Exec"] == "smplanner %f"
    assert entry["Icon"] == APP_ID
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Categories"] == "Office;ProjectManagement;Calendar;"


def test_metainfo_matches_the_project() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert component.find("content_rating").get("type") == "oars-1.1"
    assert MIME_TYPE in [element.text for element in component.iterfind("provides/mediatype")]
    assert component.find("developer[@id]") is None  # Debian's appstreamcli 0.16 rejects <developer id=…>
    newest = component.find("releases/release")
    assert newest.get("version") == _pyproject_version() == __version__


def test_mime_type_recognises_plan_files() -> None:
    from smplanner.storage.sqlite_file import APPLICATION_ID, SQLITE_MAGIC

    mime_type = ET.parse(MIME).getroot().find(MIME_NS + "mime-type")
    assert mime_type.get("type") == MIME_TYPE
    assert [glob.get("pattern") for glob in mime_type.iterfind(MIME_NS + "glob")] == ["*.smplan"]
    outer = mime_type.find(MIME_NS + "magic/" + MIME_NS + "match")
    inner = outer.find(MIME_NS + "match")
    assert (int(outer.get("offset")), outer.get("value")) == (0, SQLITE_MAGIC.rstrip(b"\0").decode())
    assert (int(inner.get("offset")), inner.get("value").encode()) == (68, struct.pack(">I", APPLICATION_ID))


def test_mime_database_accepts_the_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    update = _tool("update-mime-database", "shared-mime-info")
    database = tmp_path / "mime"
    (database / "packages").mkdir(parents=True)
    shutil.copy(MIME, database / "packages")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # else it warns that the folder is not searched
    result = subprocess.run([update, str(database)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    assert "{mime}:*.smplan".format(mime=MIME_TYPE) in (database / "globs2").read_text(encoding="utf-8")


def test_icon_is_a_square_svg() -> None:
    svg = ET.parse(ICON).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 128 128"


def test_spec_is_python_and_bundles_the_runtime_data() -> None:
    source = SPEC.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(SPEC))
    for needed in (
        "tomllib",  # the version comes from pyproject.toml
        "smplanner/storage/migrations",
        '"env.py"',
        '"script.py.mako"',
        '"/versions"',
        'collect_data_files("tzdata")',
        'collect_submodules("holidays.countries")',
        'collect_data_files("holidays")',
        '"qtbase_{language}.qm"',
        "_babel_data()",
        "LC_MESSAGES/*.po",
        '"resources"',
        "PySide6.QtPrintSupport",
    ):
        assert needed in source, "packaging/smplanner.spec no longer mentions {needed}".format(needed=needed)
    constants = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    excluded = [
        ast.literal_eval(constants.get(getattr(keyword.value, "id", None), keyword.value))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Analysis"
        for keyword in node.keywords
        if keyword.arg == "excludes"
    ]
    assert excluded and not any("QtPrintSupport" in name for name in excluded[0])
    assert "PySide6.QtNetwork" in excluded[0] and "_hashlib" in excluded[0]
    # psycopg imports ssl when a server plan is opened: leaving it out breaks every server plan in the program.
    assert "ssl" not in excluded[0] and "_ssl" not in excluded[0]


def test_every_package_is_installed() -> None:
    # [tool.setuptools] lists packages by hand (translations/ and resources/ are mapped into the package), so a new
    # sub-package is easy to forget: `pip install -e .` still works, a wheel or the PyInstaller build does not.
    with (REPOSITORY / "pyproject.toml").open("rb") as handle:
        listed = set(tomllib.load(handle)["tool"]["setuptools"]["packages"])
    on_disk = {
        init.parent.relative_to(REPOSITORY).as_posix().replace("/", ".")
        for init in (REPOSITORY / "smplanner").rglob("__init__.py")
    }
    assert on_disk <= listed, "add to [tool.setuptools] packages in pyproject.toml: {missing}".format(
        missing=sorted(on_disk - listed)
    )


def _packaging_script(name: str):  # -> module
    """A script of packaging/ (not part of the smplanner package), loaded as a module."""
    spec = importlib.util.spec_from_file_location(name, REPOSITORY / "packaging" / (name + ".py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_icon_pngs_are_rendered_from_the_drawings(qapp) -> None:
    from PySide6.QtGui import QImage

    icons = _packaging_script("make_icons")
    assert icons.PNG_SIZES[0] == 16 and icons.PNG_SIZES[-1] == 512
    for size in icons.PNG_SIZES:
        committed = QImage(str(icons.png_path(size))).convertToFormat(QImage.Format.Format_ARGB32)
        assert (committed.width(), committed.height()) == (size, size)
        fresh = icons.render(size)
        worst = max(
            abs(a - b)
            for y in range(size)
            for x in range(size)
            for a, b in zip(committed.pixelColor(x, y).getRgb(), fresh.pixelColor(x, y).getRgb(), strict=True)
        )
        assert worst <= 8, "{png} differs from its drawing: run python packaging/make_icons.py".format(
            png=icons.png_path(size).name)


def test_windows_and_macos_icons_hold_every_size() -> None:
    icons = _packaging_script("make_icons")
    ico = icons.ICO.read_bytes()
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, len(icons.ICO_SIZES))
    sides = [ico[6 + 16 * index] or 256 for index in range(len(icons.ICO_SIZES))]
    assert sides == list(icons.ICO_SIZES)
    icns = icons.ICNS.read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    kinds, offset = [], 8
    while offset < len(icns):
        kinds.append(icns[offset:offset + 4])
        offset += struct.unpack(">I", icns[offset + 4:offset + 8])[0]
    assert kinds == [kind for kind, _size in icons.ICNS_TYPES]


def test_the_window_icon_has_every_size(qapp) -> None:
    from smplanner.app import _application_icon

    sizes = {size.width() for size in _application_icon().availableSizes()}
    assert sizes == set(_packaging_script("make_icons").PNG_SIZES)


def test_metainfo_release_notes_are_the_changelog() -> None:
    notes = _packaging_script("release_notes")
    changelog = CHANGELOG.read_text(encoding="utf-8")
    metainfo = METAINFO.read_text(encoding="utf-8")
    assert notes.metainfo_with_releases(metainfo, changelog) == metainfo, (
        "the metainfo's <releases> differ from CHANGELOG.md: run python packaging/release_notes.py")
    released = notes.releases(changelog)
    assert released and released[0].version == _pyproject_version()
    assert [release.version for release in released] == [
        element.get("version") for element in ET.parse(METAINFO).getroot().iterfind("releases/release")]


def test_release_notes_follow_the_changelog_format() -> None:
    notes = _packaging_script("release_notes")
    changelog = """# Changelog

## [Unreleased]

- not yet

## [1.2.0] - 2027-03-01

Faster & <safer>.

- Opens `plan.smplan` files
  over two lines
- Second

## [1.1.0] - 2027-01-02

- Only a list
"""
    found = notes.releases(changelog)
    assert [(release.version, release.date) for release in found] == [("1.2.0", "2027-03-01"), ("1.1.0", "2027-01-02")]
    assert found[0].paragraphs == ("Faster & <safer>.",)
    assert found[0].items == ("Opens `plan.smplan` files over two lines", "Second")
    xml = notes.releases_xml(found)
    assert "<p>Faster &amp; &lt;safer&gt;.</p>" in xml
    assert "<li>Opens <code>plan.smplan</code> files over two lines</li>" in xml
    assert ET.fromstring(xml).find("release/description/ul") is not None


def test_screenshots_are_files_of_the_repository() -> None:
    images = list(ET.parse(METAINFO).getroot().iterfind("screenshots/screenshot/image"))
    assert images
    bases = set()
    for image in images:
        match = re.fullmatch(r"(https://[^ ]+?/)((?:resources|packaging)/[^ ]+\.png)", image.text.strip())
        assert match, image.text
        bases.add(match[1])
        png = REPOSITORY / match[2]
        assert png.is_file(), "{url} names no file of the repository".format(url=image.text)
        width, height = struct.unpack(">II", png.read_bytes()[16:24])
        assert (image.get("width"), image.get("height")) == (str(width), str(height))
    assert len(bases) == 1  # one address for the whole repository, replaced in one place when it moves


def test_install_script_is_valid_shell() -> None:
    script = LINUX / "install.sh"
    result = subprocess.run(["sh", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    usage = subprocess.run(["sh", str(script)], capture_output=True, text=True)
    assert usage.returncode == 2 and "--user" in usage.stderr
