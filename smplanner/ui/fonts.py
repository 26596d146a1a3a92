"""The fonts smplanner ships (resources/fonts), registered with Qt once: the one-page summary prints with them, and
screens that show a post's texts fall back on them for scripts the system's fonts lack (Chinese, Japanese)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication, QRawFont

FONT_FILES = ("SourceSansPro-Regular.ttf", "SourceSansPro-Semibold.ttf", "SourceSansPro-Bold.ttf",
              "DroidSansFallbackFull.ttf")
FONT_FAMILIES = ("Source Sans Pro", "Droid Sans Fallback")
"""The shipped families in fallback order: Latin, Greek and Cyrillic, then Chinese and Japanese."""

_registered: tuple[str, ...] | None = None
_raw: tuple[QRawFont, ...] | None = None


def register_fonts() -> tuple[str, ...]:
    """Register the shipped fonts with Qt (once; needs a QGuiApplication); returns the families available, in
    fallback order."""
    global _registered
    if _registered is None:
        if QGuiApplication.instance() is None:
            raise RuntimeError("the shipped fonts need a QGuiApplication")
        folder = resources.files("smplanner.resources") / "fonts"
        for name in FONT_FILES:
            QFontDatabase.addApplicationFontFromData((folder / name).read_bytes())
        known = set(QFontDatabase.families())
        _registered = tuple(family for family in FONT_FAMILIES if family in known)
    return _registered


def with_shipped_fallbacks(font: QFont) -> QFont:
    """The font as it is, then the shipped families for the characters it lacks (a post's text in any script)."""
    found = QFont(font)
    own = [QFontInfo(font).family()]  # the family the font really resolves to ("Sans Serif" is only an alias)
    found.setFamilies([*own, *(family for family in register_fonts() if family not in own)])
    return found


def shipped_font_has(character: str) -> bool:
    """Whether one of the shipped font files itself has the character (never a system font Qt would fall back on:
    what the app ships is the same on every machine)."""
    global _raw
    if _raw is None:
        folder = resources.files("smplanner.resources") / "fonts"
        _raw = tuple(QRawFont((folder / name).read_bytes(), 12) for name in FONT_FILES)
    code = ord(character)
    return any(font.isValid() and font.supportsCharacter(code) for font in _raw)
