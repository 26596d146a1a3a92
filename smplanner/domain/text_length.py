"""The length of a post's text as each platform counts it, so a live count matches what the platform will say.

X's weighting follows its published counting rule (twitter-text configuration v3, "Counting characters" in X's
developer documentation): text in Unicode NFC; code points U+0000-U+10FF (Latin, Greek, Cyrillic, Arabic, Hebrew,
Thai, ...) and a few punctuation ranges (U+2000-U+200D, U+2010-U+201F, U+2032-U+2037) weigh 1, every other code
point weighs 2 (CJK ideographs, kana, hangul, but also symbols such as the euro sign and arrows); an emoji weighs 2
as a whole, modifiers and joined parts included; and every link weighs 23, whatever its length, because X shortens
it to a t.co address.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from smplanner.domain.catalogue import LengthUnit

URL_WEIGHT = 23
"""What a link weighs on X, however long it is (every link becomes a 23-character t.co address)."""

_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_HEAVY = 2
_LIGHT = 1

# A link as X recognises one when it has a scheme or starts with www.; trailing punctuation is not part of it.
_URL = re.compile(r"(?<![\w@./-])(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,:;!?'\u2019\u201d\u2026*"
_BRACKETS = {")": "(", "]": "[", "}": "{"}

_ZWJ = 0x200D
_VARIATION_SELECTORS = (0xFE0E, 0xFE0F)
_EMOJI_PRESENTATION = 0xFE0F
_KEYCAP = 0x20E3
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_TAGS = range(0xE0020, 0xE0080)  # subdivision flags such as Scotland's
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_PICTOGRAPHIC_RANGES = (
    (0x2300, 0x23FF),  # miscellaneous technical: watch, hourglass, alarm clock
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
    (0x2B00, 0x2BFF),  # stars, squares, arrows
    (0x1F000, 0x1FAFF),  # mahjong and cards to symbols and pictographs extended-A
    (0x1FC00, 0x1FFFD),  # reserved for future pictographs
)


def text_length(text: str, unit: LengthUnit) -> int:
    """The length of `text` in a platform's own unit.

    CHARACTERS: code points after NFC normalisation (an approximation of user-perceived characters: an
    accented letter typed as two code points counts once, a family emoji counts several times).
    WEIGHTED_CHARACTERS: X's weighted count (see the module docstring).
    UTF16_UNITS: UTF-16 code units, as LINE counts (an emoji outside the basic plane counts 2).
    UTF8_BYTES: UTF-8 bytes, as YouTube counts a description (a CJK character counts 3, most emoji 4).
    """
    if unit is LengthUnit.CHARACTERS:
        return len(unicodedata.normalize("NFC", text))
    if unit is LengthUnit.WEIGHTED_CHARACTERS:
        return weighted_length(text)
    if unit is LengthUnit.UTF16_UNITS:
        return len(text.encode("utf-16-le")) // 2
    if unit is LengthUnit.UTF8_BYTES:
        return len(text.encode("utf-8"))
    raise ValueError("unknown length unit {unit!r}".format(unit=unit))


def weighted_length(text: str) -> int:
    """X's weighted length: links 23, emoji 2, CJK and most symbols 2, Latin and similar scripts 1."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for start, end in _url_spans(text):
        total += _weigh_plain(text[position:start]) + URL_WEIGHT
        position = end
    return total + _weigh_plain(text[position:])


def _url_spans(text: str) -> Iterator[tuple[int, int]]:
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        if len(url) > len("www.") and not url.lower().endswith("://"):
            yield match.start(), match.start() + len(url)


def _trim_url(url: str) -> str:
    """Drop the sentence's punctuation after a link, and a closing bracket the link did not open."""
    while url:
        last = url[-1]
        unopened = last in _BRACKETS and url.count(last) > url.count(_BRACKETS[last])
        if last not in _TRAILING_PUNCTUATION and not unopened:
            break
        url = url[:-1]
    return url


def _weigh_plain(text: str) -> int:
    """The weight of text without links: emoji sequences weigh 2 each, other code points by X's ranges."""
    points = [ord(c) for c in text]
    total = 0
    i = 0
    while i < len(points):
        end = _emoji_end(points, i)
        if end > i:
            total += _HEAVY
            i = end
        else:
            total += _code_point_weight(points[i])
            i += 1
    return total


def _code_point_weight(point: int) -> int:
    return _LIGHT if any(low <= point <= high for low, high in _LIGHT_RANGES) else _HEAVY


def _is_pictographic(point: int) -> bool:
    return any(low <= point <= high for low, high in _PICTOGRAPHIC_RANGES)


def _emoji_end(points: list[int], i: int) -> int:
    """The index after the emoji sequence starting at `i`, or `i` when none starts there."""
    n = len(points)
    first = points[i]
    following = points[i + 1] if i + 1 < n else None
    if first in _REGIONAL_INDICATORS:  # a flag is a pair of regional indicators
        return i + 2 if following in _REGIONAL_INDICATORS else i + 1
    if following == _KEYCAP or (following == _EMOJI_PRESENTATION and i + 2 < n and points[i + 2] == _KEYCAP):
        return i + (2 if following == _KEYCAP else 3)  # keycaps: 1️⃣ #️⃣
    if not (_is_pictographic(first) or following == _EMOJI_PRESENTATION):
        return i
    j = i + 1
    while j < n:
        point = points[j]
        if point in _VARIATION_SELECTORS or point in _SKIN_TONES or point in _TAGS:
            j += 1
        elif point == _ZWJ and j + 1 < n and _is_pictographic(points[j + 1]):
            j += 2  # 👩‍💻: the joined pictograph belongs to the same emoji
        else:
            break
    return j
