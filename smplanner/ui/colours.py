"""Colour arithmetic every painted view and label shares: blending, WCAG contrast, light or dark palettes, and the
secondary text colour of help and hint sentences."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QPalette

READABLE_CONTRAST = 4.5
"""WCAG's minimum contrast for body text (success criterion 1.4.3, level AA)."""


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def blend(ground: QColor, layers: Sequence[QColor]) -> QColor:
    """The opaque colour of translucent layers laid over a ground, in order."""
    red, green, blue = ground.redF(), ground.greenF(), ground.blueF()
    for layer in layers:
        alpha = layer.alphaF()
        red = layer.redF() * alpha + red * (1 - alpha)
        green = layer.greenF() * alpha + green * (1 - alpha)
        blue = layer.blueF() * alpha + blue * (1 - alpha)
    return QColor.fromRgbF(red, green, blue)


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def secondary_text(palette: QPalette) -> QColor:
    """Text that reads as secondary beside the normal text, yet keeps a readable contrast on the window: the normal
    text colour faded toward the background only as far as 4.5:1 allows (a little margin kept)."""
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    ground = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window)
    for step in range(8, -1, -1):  # fade by 40 %, 35 %, ... 0 %: the first readable one
        faded = QColor(ground)
        faded.setAlphaF(step * 0.05)
        candidate = blend(text, [faded])
        if contrast(candidate, ground) >= READABLE_CONTRAST + 0.3:
            return candidate
    return text
