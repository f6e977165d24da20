"""Words a translation made up: "Le moteur événementnel", "Conocemos los mecánismas",
"Le rôle est intervertu" (for "interverti"). A small model writes a word that looks
like the target language and is none of its words.

A word counts where no wordfreq list it could come from has it (the target's, the
source language's, English's: its large lists, of words seen at least once in a hundred
million), nor any word of the target with its Snowball stem ("dissimulerons" and
"divergirán" are forms of "dissimuler" and "divergir"), and the source does not write
it (accents aside: "débian" for "Debian" is the source's name). Only in lower case (a
capital may begin a name), four letters or more, and into languages written in the
Latin alphabet that rarely join words into one (German, Dutch or Swedish compounds are
words of their own that no list holds). A made-up word whose stem is a listed word
passes: "fed the taubs" ("taub" is a name in English's).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from typing import Any

from engine.translation.languages import Language

# The targets read, and their Snowball stemmers.
STEMMERS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "ca": "catalan",
}
# Source languages whose large wordfreq lists are read as wordfreq tokenizes Latin text
# (a Chinese or Japanese source needs a segmenter Hearth does not install).
_LATIN_LISTS = frozenset(
    ("ca", "cs", "de", "en", "es", "fi", "fr", "it", "nb", "nl", "pl", "pt", "sv")
)
SHORTEST = 4
# A stem shorter than this is shared by too many words to tell anything.
_SHORTEST_STEM = 3
# Words of the target read for one word's stem, at most (in alphabetical order from where
# the word and its stem part).
_MOST_READ = 3000
# Made-up words named at most: a flag's reason shows a few, and the rest of a text that
# makes up this many need not be read.
_MOST_FOUND = 8
# French writes "nous" with -ons for every verb, which its Snowball stemmer keeps
# ("géolocalisons", "géolocalis" for "géolocaliser"): the verb is looked for too.
_FRENCH_ONS = ("er", "ir", "re")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def made_up_words(
    prose: str, source: str, source_lang: Language | None, target: Language
) -> list[str]:
    """The words of ``prose`` (a translation less what it keeps from ``source`` by
    right: its verbatim text, the glossary's terms, quoted words, identifiers) that
    look made up, each once, as written."""
    base = target.code.split("-")[0]
    if base not in STEMMERS:
        return []
    from wordfreq import zipf_frequency
    from wordfreq.tokens import tokenize

    lists = [base, "en"]
    if source_lang is not None and (src := source_lang.code.split("-")[0]) in _LATIN_LISTS:
        lists.append(src)
    import snowballstemmer

    # Its own: a stemmer keeps state between words.
    stemmer = snowballstemmer.stemmer(STEMMERS[base])
    in_source = _unaccented(source.casefold())
    found: dict[str, None] = {}  # in order, each once
    for match in _WORD.finditer(prose):
        word = match.group(0)
        if any(c.isupper() for c in word):
            continue
        for part in tokenize(word, base):
            if (
                len(part) < SHORTEST
                or not part.isalpha()
                or _unaccented(part) in in_source  # "débian" for "Debian": the source's
                or part in found
                or any(zipf_frequency(part, name, wordlist="best") > 0 for name in lists)
                or _known_stem(part, base, stemmer)
            ):
                continue
            found[part] = None
            if len(found) >= _MOST_FOUND:
                return list(found)
    return list(found)


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _known_stem(word: str, language: str, stemmer: Any) -> bool:
    """Whether a word of ``language``'s list has ``word``'s Snowball stem (compared
    without accents: "rémuner", the stem of "rémunérerons", begins no listed
    "rémunérer"), or, in French, a "nous" form's verb is listed ("vapotons")."""
    plain = _unaccented(word)
    if language == "fr" and plain.endswith("ons"):
        verbs = [word[:-3] + ending for ending in _FRENCH_ONS]
        from wordfreq import zipf_frequency

        if any(zipf_frequency(verb, language, wordlist="best") > 0 for verb in verbs):
            return True
    stem = _unaccented(stemmer.stemWord(word))
    if len(stem) < _SHORTEST_STEM:
        return True
    # The stem need not begin the listed words ("enrai" for "enrayer"): they are read
    # from where the word and its stem part.
    shared = 0
    while shared < min(len(stem), len(plain)) and stem[shared] == plain[shared]:
        shared += 1
    if shared < _SHORTEST_STEM:
        return True
    start = plain[:shared]
    words = sorted_words(language)
    at = bisect.bisect_left(words, (start, ""))
    for plain_other, other in words[at : at + _MOST_READ]:
        if not plain_other.startswith(start):
            break
        if _unaccented(stemmer.stemWord(other)) == stem:
            return True
    return False


@functools.cache
def sorted_words(language: str) -> list[tuple[str, str]]:
    """The words of ``language``'s large wordfreq list, each without its accents and as
    written, in order of the first (read once, about 0.5 s)."""
    from wordfreq import get_frequency_dict

    return sorted((_unaccented(word), word) for word in get_frequency_dict(language, "best"))
