"""Which language a text is in, offline, with lingua (``lingua-language-detector``).

Measured on the translation benchmark's 1,200 sentences (README.md, Translating): lingua in
its low-accuracy mode named 98.2 % right against 90.9 % for the script-and-stopword
guess Hearth had before. Its high-accuracy mode over every language takes about 5 s and
650 MB to load, so Auto-detect asks the fast mode first and the high-accuracy models of
the few languages it finds plausible only where it is unsure (bench/language_id.py).
Below 40 letters in the Latin alphabet ("¿Dónde está el baño?", which lingua's fast
mode gives to Slovak, sure), the words' frequencies in wordfreq's lists have the last
word. The detectors are built on first use, for Hearth's languages only.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from engine.translation.chinese_script import chinese_script
from engine.translation.languages import LANGUAGES

# Hearth's codes that lingua spells differently.
_LINGUA_NAMES = {"no": "NB"}
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_SERBIAN = re.compile(r"[ђјљњћџЂЈЉЊЋЏ]")
_RUSSIAN = re.compile(r"[ыэёЫЭЁ]")  # not Ukrainian, Bulgarian or Serbian
_NOT_CYRILLIC = re.compile(r"[^\W\d_\u0400-\u04ff]", re.UNICODE)
# Hearth's Cyrillic languages with wordfreq lists in Cyrillic (Serbian is read with the
# Serbo-Croatian list, in the Latin alphabet: _serbian_zipf).
_CYRILLIC_LISTS = ("uk", "ru", "bg")
# The languages a short Cyrillic text is told apart among (_cyrillic_by_frequency).
CYRILLIC_TOLD_APART = ("ru", "uk", "bg", "sr")


# Where the fast mode is less sure than this of its first choice, the languages it gives
# at least _PLAUSIBLE (three at most) and English are told apart by lingua's
# high-accuracy models of those languages alone (bench/language_id.py; README.md,
# Translating).
_SURE = 0.9
_PLAUSIBLE = 0.05
_CANDIDATES = 3

# A text of fewer letters than this, all in the Latin alphabet, is also read with
# wordfreq's small lists (words to Zipf 3.0, about 130 MB and 0.4 s for the 24 languages
# below): the language whose lists know its words best, on average, wins where it knows
# them better than those of the detector's language. lingua's n-grams say little of a
# few words; an everyday phrase is made of its language's commonest ones.
_FREQUENCY_LETTERS = 40
# By at least this much (a quarter of a Zipf point): a loanword is often commoner in a
# smaller corpus ("hello" is 4.84 in Hungarian's lists, 4.72 in English's); for a text
# of one word, a whole point ("save" is 5.56 in Lithuanian's, 5.14 in English's;
# "merci" 5.62 in French's, 4.30 in Italian's).
_MARGIN = 0.25
_ONE_WORD_MARGIN = 1.0
# Ukrainian over Russian (a short text without і, ї, є or ґ) by at least this much: on
# bench/data/short_phrases.json's 22 Ukrainian phrases the least margin is 0.66 ("Де тут
# аптека?"), on its 20 Russian ones the most 0.34 ("До завтра!", the same in both).
_CYRILLIC_MARGIN = 0.5
# Where the detector found nothing, the language of the lists that know the words best
# needs them this common on average too ("Як ти?" is 6.5 to Ukrainian's lists).
_CYRILLIC_SURE = 4.0
# wordfreq's names of Hearth's codes, where they differ (Croatian is in its
# Serbo-Croatian lists).
WORDFREQ_NAMES = {"no": "nb", "hr": "sh"}
# Hearth's languages written in the Latin alphabet that wordfreq has lists for.
_WORDFREQ_LATIN = (
    "ca", "cs", "da", "de", "en", "es", "fi", "fr", "hr", "hu", "id", "it",
    "lt", "lv", "nl", "no", "pl", "pt", "ro", "sk", "sl", "sv", "tr", "vi",
)  # fmt: skip
# What says nothing of a text's language: links, and chunks with a digit, a slash, @ or
# a dot inside ("www.google.com", "iPhone15", "user@example.org", "/etc/hosts").
_NOT_PROSE = re.compile(r"(?<!\S)\S*(?:\d|\w[./@_#]\w|[/\\@#+=<>|]|://)\S*")
# Quoted spans (a title, a name, a word mentioned): in any style but the straight single
# quote, which is also an apostrophe, unless it stands apart from letters.
_QUOTED = re.compile(
    r"\"[^\"\n]{0,200}\"|“[^”\n]{0,200}”|„[^“”\n]{0,200}[“”]|«[^»\n]{0,200}»"
    r"|「[^」\n]{0,200}」|『[^』\n]{0,200}』|(?<!\w)'[^'\n]{1,200}'(?!\w)"
)  # at most 200 characters: an unclosed quote never makes it scan on to the line's end
# What a sentence's first word follows (or a line's).
_SENTENCE_START = frozenset('.!?:;"“”«»„()¿¡—–-…•*\n')
# Letters of the Latin alphabet: Basic Latin to Latin Extended-B, and the Latin Extended
# Additional block (Vietnamese).
_NOT_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
# A word with its apostrophes and hyphens ("l'ordinateur", "week-end").
HYPHENATED_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


@functools.cache
def _lingua_codes() -> tuple[str, ...]:
    """lingua's names of Hearth's languages (base codes)."""
    from lingua import IsoCode639_1

    names = []
    for code in sorted({lang.code.split("-")[0] for lang in LANGUAGES}):
        name = _LINGUA_NAMES.get(code, code.upper())
        if getattr(IsoCode639_1, name, None) is not None:
            names.append(name)
    return tuple(names)


@functools.cache
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, name) for name in _lingua_codes()]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


@functools.lru_cache(maxsize=64)
def _precise_detector(languages: frozenset[Any]) -> Any:
    """lingua's high-accuracy mode for a few languages (their models load on first use,
    0.1–0.4 s and a few tens of MB each, and stay loaded)."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*languages).build()


def _hearth_code(language: Any) -> str:
    code = str(language.iso_code_639_1.name).lower()
    return "no" if code == "nb" else code


def detect_language(text: str) -> str | None:
    """Auto-detect: the language code of ``text`` (a base code, except "zh-TW" for
    Chinese in Traditional characters), or None when there are too few letters to tell
    or no language stands out. The fast mode
    decides where it is sure; elsewhere the high-accuracy models of the languages it
    found plausible, and English's, do (0.1–0.4 s to load each on first use)."""
    sample = text[:4000]
    if len(_LETTER.findall(sample)) < 3:
        return None
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value <= 0:
        return None if _letters(sample) >= _FREQUENCY_LETTERS else _by_frequency(sample, None)
    found = values[0].language
    if values[0].value < _SURE:
        from lingua import Language

        # English always competes: the fast mode misses short English most ("Hello.
        # Thank you." is 0.45 Norwegian and 0.35 Finnish to it, English under 0.04).
        plausible = {v.language for v in values[:_CANDIDATES] if v.value >= _PLAUSIBLE}
        plausible.add(Language.ENGLISH)
        found = _precise_detector(frozenset(plausible)).detect_language_of(sample)
        if found is None:  # no language stands out among them
            return None if _letters(sample) >= _FREQUENCY_LETTERS else _by_frequency(sample, None)
    code = _told_apart(_hearth_code(found), sample)
    if _letters(sample) < _FREQUENCY_LETTERS:
        return _by_frequency(sample, code)
    return code


def _told_apart(code: str, sample: str, *, scripts: bool = True) -> str:
    """``code`` made precise where lingua confuses close languages; with ``scripts``,
    Chinese in Traditional characters is "zh-TW"."""
    if code in CYRILLIC_TOLD_APART and _letters(sample) < _FREQUENCY_LETTERS:
        # lingua confuses short texts in these languages: their own letters, else their
        # words' frequencies, tell them apart.
        return _cyrillic_by_frequency(sample, code) or code
    if code in ("ru", "uk"):
        # Only Ukrainian has і, ї, є and ґ.
        return "uk" if _UKRAINIAN.search(sample) else "ru"
    if scripts and code == "zh" and chinese_script(sample) == "zh-TW":
        return "zh-TW"
    return code


def _cyrillic_by_frequency(sample: str, found: str | None) -> str | None:
    """A short text that the detector read as Russian, Ukrainian, Bulgarian or Serbian
    (``found``), or as nothing: the language its own letters show (Ukrainian's і, ї, є,
    ґ; Serbian's ђ, ј, љ, њ, ћ, џ; Russian's ы, э, ё), else, by its Cyrillic words, the
    one among those four whose wordfreq lists know them better than ``found``'s by the
    margin (Serbian's through wordfreq's Serbo-Croatian list, the words written in the
    Latin alphabet). "Дякую, до побачення!" is 5.6 to Ukrainian's lists and 2.1 to
    Russian's; "Я не понимаю." 6.0 and 6.4, so Russian; "До завтра!", either, stays
    Russian. Where the detector found nothing, the best needs _CYRILLIC_SURE as well,
    and the margin over the others."""
    for letters, code in ((_UKRAINIAN, "uk"), (_SERBIAN, "sr"), (_RUSSIAN, "ru")):
        if letters.search(sample):
            return code
    # Capitals kept: a short text in capitals ("ДЯКУЮ ЗА ПОКУПКУ") is words all the same;
    # a word with a letter outside Cyrillic ("OK", "Tom") says nothing here.
    words = [
        lowercase(w) for w in prose_words(sample, capitals=True) if not _NOT_CYRILLIC.search(w)
    ]
    if not words:
        return found
    scores = {c: sum(zipf(w, c) for w in words) / len(words) for c in _CYRILLIC_LISTS}
    scores["sr"] = sum(_serbian_zipf(w) for w in words) / len(words)
    margin = _ONE_WORD_MARGIN if len(words) == 1 else _CYRILLIC_MARGIN
    if found == "uk" and not scores["uk"] > scores["ru"] + margin:
        found = "ru"  # without its letters, Ukrainian must show by its words
    ranked = sorted(scores, key=lambda c: -scores[c])
    best = ranked[0]
    if found in scores:
        return best if scores[best] > scores[found] + margin else found
    sure = scores[best] >= _CYRILLIC_SURE and scores[best] > scores[ranked[1]] + margin
    return best if sure else found


# Serbian Cyrillic in the Latin alphabet, letter for letter (wordfreq's Serbo-Croatian
# list is in the Latin alphabet); a word with another letter is not Serbian.
_SERBIAN_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip


def load_cyrillic_lists() -> None:
    """Load the lists :func:`_cyrillic_by_frequency` reads (so that a caller on a GUI
    thread can do it beforehand on another thread)."""
    for code in _CYRILLIC_LISTS:
        zipf("привіт", code)
    _serbian_zipf("здраво")


def _serbian_zipf(word: str) -> float:
    if any(letter not in _SERBIAN_LATIN for letter in word):
        return 0.0
    return zipf("".join(_SERBIAN_LATIN[letter] for letter in word), "hr")


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def prose_words(text: str, *, capitals: bool = False) -> list[str]:
    """The words of ``text`` that tell its language: without links and identifiers,
    quoted spans, and (unless ``capitals``) capitalised words where a sentence does not
    begin (names: "Good morning, Tomasz")."""
    plain = _QUOTED.sub(" ", _NOT_PROSE.sub(" ", text))
    kept = []
    # Hyphenated words whole: "Champs-Élysées" is one name.
    for match in HYPHENATED_WORD.finditer(plain):
        word = match.group(0)
        if capitals:
            kept.append(word)
            continue
        if any(c.isupper() for c in word[1:]):  # "iPhone", "McDonald", "USA"
            continue
        if word[0].isupper():
            index = match.start() - 1
            while index >= 0 and plain[index].isspace() and plain[index] != "\n":
                index -= 1
            if index >= 0 and plain[index] not in _SENTENCE_START:
                continue
        kept.append(word)
    return kept


def _by_frequency(sample: str, found: str | None) -> str | None:
    """For a short text: the language among _WORDFREQ_LATIN whose wordfreq lists know its
    words best (mean Zipf frequency), where that beats ``found``'s (the detector's
    choice); ``found`` otherwise, and for a text with letters outside the Latin alphabet."""
    if _NOT_LATIN_LETTER.search(sample):
        return _cyrillic_by_frequency(sample, found) if found is None else found
    # German capitalises its nouns: where the detector reads German, they stay ("Call um
    # 15 Uhr" is "call um" without them).
    words = prose_words(sample, capitals=found == "de")
    scores = frequency_scores(" ".join(words)) if words else {}
    if not scores or (found is not None and found not in scores):
        # A language without lists (Estonian, Swahili) would lose to its neighbour's.
        return found
    best = max(scores, key=lambda code: scores[code])
    margin = _ONE_WORD_MARGIN if len(words) == 1 else _MARGIN
    if scores[best] <= scores.get(found or "", 0.0) + margin:
        return found
    return best


def frequency_scores(
    text: str, min_words: int = 1, languages: tuple[str, ...] = _WORDFREQ_LATIN
) -> dict[str, float]:
    """Each Latin-alphabet language's (of ``languages``) mean Zipf frequency in
    wordfreq's small lists of the words of ``text``; empty for a text with letters
    outside the Latin alphabet or fewer than ``min_words`` words."""
    if _NOT_LATIN_LETTER.search(text):
        return {}
    words = tuple(lowercase(w) for w in _WORD.findall(text))
    if len(words) < min_words:
        return {}
    return _frequency_scores(words, languages)


def lowercase(word: str) -> str:
    """``word`` as wordfreq's lists spell it: casefolded, Turkish "İ" as "i" (which
    would casefold to "i" and a combining dot, which no list has)."""
    return word.replace("İ", "i").casefold()


def zipf(word: str, code: str) -> float:
    """``word``'s Zipf frequency in the small wordfreq list of the language ``code``
    (0 where it has none)."""
    import wordfreq

    name = _small_list(code)
    return 0.0 if name is None else float(wordfreq.zipf_frequency(word, name, wordlist="small"))


@functools.cache
def _small_list(code: str) -> str | None:
    """wordfreq's name of the language ``code``, where it has a small list for it."""
    import wordfreq

    name = WORDFREQ_NAMES.get(code, code)
    return name if name in wordfreq.available_languages(wordlist="small") else None


def likely_languages(text: str, count: int = 3, at_least: float = 0.05) -> list[str]:
    """The (at most ``count``) languages lingua's fast mode finds at least ``at_least``
    likely for ``text``, likeliest first."""
    values = _detector().compute_language_confidence_values(text[:4000])
    return [_hearth_code(v.language) for v in values[:count] if v.value >= at_least]


@functools.lru_cache(maxsize=256)
def _frequency_scores(words: tuple[str, ...], languages: tuple[str, ...]) -> dict[str, float]:
    """Each of ``languages``' mean Zipf frequency of ``words`` (small lists), for those
    of _WORDFREQ_LATIN."""
    if not words:
        return {}
    return {
        code: sum(zipf(w, code) for w in words) / len(words)
        for code in languages
        if code in _WORDFREQ_LATIN and _small_list(code) is not None
    }


def fast_language(text: str) -> str | None:
    """The fast (low-accuracy) mode's language for ``text`` alone, a base code ("zh" in
    either script): what the checks read a translation with, their thresholds having
    been measured with it."""
    sample = text[:4000]
    if len(_LETTER.findall(sample)) < 3:
        return None
    found = _detector().detect_language_of(sample)
    return None if found is None else _told_apart(_hearth_code(found), sample, scripts=False)


def confidence(text: str, code: str) -> float:
    """How likely (0–1) ``text`` is in the language ``code``, among Hearth's languages."""
    base = code.split("-")[0].lower()
    for value in _detector().compute_language_confidence_values(text[:4000]):
        if _hearth_code(value.language) == base:
            return float(value.value)
    return 0.0
