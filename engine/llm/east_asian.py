"""Tokens that write Chinese, Japanese or Korean letters.

A translation into a language that writes none of them never needs one, yet a model
trained mostly on Chinese text slips into Chinese mid-sentence ("hard links
cannot脱离 the file", "Ich habe leider nicht明白了 die Frage"), and asked again it
often does it again. Such a request leaves these tokens out of the choice
(``SamplingSettings.no_east_asian``): the model writes its next likeliest token
instead, which for a bilingual model is the word in the target language.

A token may hold a character only in part (byte-level vocabularies split a character
the vocabulary has no token for into its UTF-8 bytes): a token that ends in the first
bytes of a character counts where every character those bytes can begin is one of
these, so that the model cannot spell most of them out byte by byte either. Where the
first byte also begins letters of other scripts (0xEA: Hangul from U+AC00, Cyrillic
and Latin extensions below it; 0xEF: the full-width forms; 0xF0: the rarer ideographs;
0xE1: Hangul jamo), one token cannot tell, and a character spelt out byte by byte
after it can get through; the translation checks flag it.
"""

from __future__ import annotations

from collections.abc import Callable

# Han (with its radicals, strokes and compatibility forms), kana, bopomofo, Hangul (its
# syllables and jamo), CJK punctuation, and the full- and half-width forms.
_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul jamo
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x2FF0, 0x2FFF),  # ideographic description characters
    (0x3000, 0x9FFF),  # CJK punctuation, kana, bopomofo, Hangul compatibility jamo,
    # enclosed and compatibility CJK, CJK extension A, Yijing hexagrams, CJK ideographs
    (0xA960, 0xA97F),  # Hangul jamo extended A
    (0xAC00, 0xDFFF),  # Hangul syllables, Hangul jamo extended B (and the surrogates,
    # never written in UTF-8, so that a first byte 0xED counts)
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x1B000, 0x1B16F),  # kana supplement and extensions
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x3FFFF),  # CJK extensions B and after
)


def is_east_asian(code_point: int) -> bool:
    return any(low <= code_point <= high for low, high in _RANGES)


def _within(low: int, high: int) -> bool:
    """Whether every code point from ``low`` to ``high`` is East Asian."""
    return any(a <= low and high <= b for a, b in _RANGES)


def writes_east_asian(piece: bytes) -> bool:
    """Whether a token's bytes write a Chinese, Japanese or Korean character, whole or
    begun (its last bytes the start of one: see the module's text)."""
    i, size = 0, len(piece)
    while i < size:
        lead = piece[i]
        if lead < 0xC0:  # ASCII, or a character's continuation begun in an earlier token
            i += 1
            continue
        length = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if length == 2:
            i += 2
            continue  # U+0080–U+07FF: none of these
        bits = lead & (0x0F if length == 3 else 0x07)
        present = 1
        while present < length and i + present < size and 0x80 <= piece[i + present] < 0xC0:
            bits = (bits << 6) | (piece[i + present] & 0x3F)
            present += 1
        missing = length - present
        if i + present < size and missing:
            i += present  # a broken sequence, not one cut by the token's end
            continue
        low, high = bits << (6 * missing), ((bits + 1) << (6 * missing)) - 1
        if _within(low, high):
            return True
        i += present
    return False


def east_asian_tokens(n_vocab: int, token_bytes: Callable[[int], bytes]) -> tuple[int, ...]:
    """The tokens of a vocabulary of ``n_vocab`` that write Chinese, Japanese or Korean
    (``token_bytes``: a token's text as bytes, control tokens as nothing)."""
    return tuple(token for token in range(n_vocab) if writes_east_asian(token_bytes(token)))
