"""Writes the release notes of CHANGELOG.md into the AppStream metainfo's <releases>, which software centres show.

    python packaging/release_notes.py

Every released section of the changelog (`## [VERSION] - YYYY-MM-DD`, newest first; [Unreleased] is left out)
becomes a <release> whose description is the section's paragraphs and list. tests/test_packaging.py checks that
the metainfo holds exactly what this script would write.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

REPOSITORY = Path(__file__).resolve().parents[1]
CHANGELOG = REPOSITORY / "CHANGELOG.md"
METAINFO = REPOSITORY / "packaging" / "linux" / "org.smplanner.SMPlanner.metainfo.xml"

_RELEASE_HEADING = re.compile(r"^## \[(?P<version>\d+(?:\.\d+)*)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$")
_RELEASES = re.compile(r"(?P<indent>[ \t]*)<releases>.*?</releases>", re.DOTALL)


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...]


def releases(changelog: str) -> list[Release]:
    """The released sections of a changelog, in its order (newest first)."""
    found = []
    for section in re.split(r"^(?=#{1,2} )", changelog, flags=re.MULTILINE):
        heading, _, body = section.partition("\n")
        match = _RELEASE_HEADING.match(heading)
        if match is None:
            continue
        paragraphs, items = [], []
        for block in re.split(r"\n\s*\n|\n(?=- )", body.strip()):
            text = " ".join(line.strip() for line in block.splitlines())
            if text.startswith("- "):
                items.append(text[2:])
            elif text:
                paragraphs.append(text)
        found.append(Release(match["version"], match["date"], tuple(paragraphs), tuple(items)))
    return found


def _inline(text: str) -> str:
    """Markdown `code` as AppStream <code>, everything else as escaped text."""
    parts = text.split("`")
    return "".join(escape(part) if index % 2 == 0 else "<code>" + escape(part) + "</code>"
                   for index, part in enumerate(parts))


def releases_xml(found: list[Release], indent: str = "  ") -> str:
    """The <releases> element for the metainfo, indented as the rest of the file."""
    step = "  "
    lines = [indent + "<releases>"]
    for release in found:
        inner = indent + step * 3
        lines.append(indent + step + '<release version="{version}" date="{date}">'.format(
            version=release.version, date=release.date))
        lines.append(indent + step * 2 + "<description>")
        lines += [inner + "<p>" + _inline(paragraph) + "</p>" for paragraph in release.paragraphs]
        if release.items:
            lines.append(inner + "<ul>")
            lines += [inner + step + "<li>" + _inline(item) + "</li>" for item in release.items]
            lines.append(inner + "</ul>")
        lines.append(indent + step * 2 + "</description>")
        lines.append(indent + step + "</release>")
    lines.append(indent + "</releases>")
    return "\n".join(lines)


def metainfo_with_releases(metainfo: str, changelog: str) -> str:
    """The metainfo text with its <releases> element replaced by the changelog's."""
    match = _RELEASES.search(metainfo)
    if match is None:
        raise ValueError("the metainfo has no <releases> element")
    return metainfo[: match.start()] + releases_xml(releases(changelog), match["indent"]) + metainfo[match.end():]


def main() -> int:
    changelog = CHANGELOG.read_text(encoding="utf-8")
    if not releases(changelog):
        print("release_notes.py: CHANGELOG.md has no released section (## [VERSION] - YYYY-MM-DD)", file=sys.stderr)
        return 1
    updated = metainfo_with_releases(METAINFO.read_text(encoding="utf-8"), changelog)
    METAINFO.write_text(updated, encoding="utf-8")
    print("wrote {count} releases into {path}".format(count=len(releases(changelog)),
                                                       path=METAINFO.relative_to(REPOSITORY)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
