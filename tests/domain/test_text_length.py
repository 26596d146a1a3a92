"""Text lengths as each platform counts them: code points, X's weights, LINE's UTF-16 units, YouTube's bytes."""

from __future__ import annotations

import pytest

from smplanner.domain.catalogue import LengthUnit
from smplanner.domain.text_length import URL_WEIGHT, text_length

CHARACTERS = LengthUnit.CHARACTERS
WEIGHTED = LengthUnit.WEIGHTED_CHARACTERS
UTF16 = LengthUnit.UTF16_UNITS
UTF8 = LengthUnit.UTF8_BYTES


@pytest.mark.parametrize(
    "text, characters, weighted, utf16, utf8",
    [
        ("", 0, 0, 0, 0),
        ("Hello", 5, 5, 5, 5),
        ("Crème brûlée", 12, 12, 12, 15),
        ("Привет", 6, 6, 6, 12),  # Cyrillic is in X's light range
        ("日本語", 3, 6, 3, 9),  # CJK ideographs
        ("こんにちは", 5, 10, 5, 15),  # hiragana
        ("カタカナ", 4, 8, 4, 12),  # katakana
        ("안녕하세요", 5, 10, 5, 15),  # hangul
        ("新品のチョコ、発売！", 10, 20, 10, 30),  # ideographs, kana and full-width punctuation
        ("😀", 1, 2, 2, 4),
        ("🇯🇵", 2, 2, 4, 8),  # a flag: two regional indicators, one emoji on X
        ("👍🏽", 2, 2, 4, 8),  # an emoji with a skin tone
        ("👩\u200d💻", 3, 2, 5, 11),  # a ZWJ sequence is one emoji on X
        ("❤️", 2, 2, 2, 6),  # a BMP symbol with the emoji presentation selector
        ("1️⃣", 3, 2, 3, 7),  # a keycap
        ("€5", 2, 3, 2, 4),  # X weighs the euro sign 2 (outside its light ranges)
        ("“quoted” – yes", 14, 14, 14, 20),  # typographic quotes and dashes are in X's light ranges
    ],
)
def test_lengths_in_every_unit(text: str, characters: int, weighted: int, utf16: int, utf8: int) -> None:
    assert text_length(text, CHARACTERS) == characters
    assert text_length(text, WEIGHTED) == weighted
    assert text_length(text, UTF16) == utf16
    assert text_length(text, UTF8) == utf8


def test_utf16_and_utf8_follow_the_encodings() -> None:
    text = "Tokyo 東京 🍫 choco"
    assert text_length(text, UTF16) == len(text.encode("utf-16-le")) // 2 == 17
    assert text_length(text, UTF8) == len(text.encode("utf-8")) == 23


def test_characters_and_x_count_after_nfc_but_encodings_count_what_is_stored() -> None:
    decomposed = "e\u0301te\u0301"  # "été" typed with combining accents
    assert text_length(decomposed, CHARACTERS) == 3
    assert text_length(decomposed, WEIGHTED) == 3
    assert text_length(decomposed, UTF16) == 5
    assert text_length(decomposed, UTF8) == 7


@pytest.mark.parametrize(
    "text, weighted",
    [
        ("https://example.com", URL_WEIGHT),
        ("http://x.co", URL_WEIGHT),  # a short link still weighs 23
        ("https://cuberdon.example/shop/products/the-very-long-name-of-a-box-of-cuberdons?lang=ja", URL_WEIGHT),
        ("www.cuberdon.be", URL_WEIGHT),
        ("HTTPS://EXAMPLE.COM/A", URL_WEIGHT),
        ("See https://example.com.", 4 + URL_WEIGHT + 1),  # the full stop ends the sentence, not the link
        ("(www.example.com)", 1 + URL_WEIGHT + 1),
        ("https://en.wikipedia.org/wiki/Cuberdon_(candy)", URL_WEIGHT),  # a bracket the link opened is its own
        ("A https://a.example and B www.b.example!", 2 + URL_WEIGHT + 7 + URL_WEIGHT + 1),
        ("詳しくは https://example.jp/チョコ を見て", 4 * 2 + 1 + URL_WEIGHT + 1 + 3 * 2),
        ("https:// alone", 14),  # a scheme with no address is no link
        ("awww.sweet", 10),  # "www." inside a word is no link
    ],
)
def test_x_counts_every_link_as_23(text: str, weighted: int) -> None:
    assert text_length(text, WEIGHTED) == weighted


def test_a_full_x_post_in_japanese_fits_in_140_ideographs() -> None:
    assert text_length("あ" * 140, WEIGHTED) == 280
    assert text_length("あ" * 141, WEIGHTED) == 282
    assert text_length("a" * 280, WEIGHTED) == 280


def test_links_count_as_written_in_other_units() -> None:
    url = "https://example.com/long/path"
    assert text_length(url, CHARACTERS) == len(url)
    assert text_length(url, UTF8) == len(url)
