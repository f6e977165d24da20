"""Words a translation made up: "Le moteur événementnel", "Conocemos los mecánismas",
"L'appel est toujours détaqqé". A small model writes a word that looks like the
target language and is none of its words.

A word counts where no wordfreq list it could come from has it (the target's, the
source language's, English's: its large lists, of words seen at least once in a hundred
million), nor any word of the target with its Snowball stem, compared without accents
("dissimulerons", "rémunérerons" and "divergirán" are forms of listed verbs), and the
source does not write it (accents aside: "débian" for "Debian" is the source's name).
Only in lower case (a capital may begin a name), four letters or more, and into
languages written in the Latin alphabet that rarely join words into one (German, Dutch
or Swedish compounds are words of their own that no list holds). A word that reads as
a listed word's form passes: a French "nous" form ("géolocalisons"), a verb with
pronouns written onto it (Spanish "ejecútelo", Italian "riavviala"), British "-ise",
a prefix before a known word ("préentraîné"; also "intervertu", inter- and "vertu"),
or the start of a source word written the target's way ("tokenizador"). So does a
made-up word whose stem is a listed word: "fed the taubs" ("taub" is a name in
English's list).
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
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
LATIN_LISTS = frozenset(
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
# Pronouns Spanish and Italian write onto a verb ("ejecútelo", "riavviala",
# "dígamelo"), which Snowball strips only after an infinitive or a gerund: up to two
# are taken off, and what is left is looked for without accents.
_CLITICS = {
    "es": ("me", "te", "se", "nos", "os", "lo", "la", "los", "las", "le", "les"),
    "it": ("mi", "ti", "si", "ci", "vi", "lo", "la", "li", "le", "ne", "gli", "glie"),
}
# Prefixes a word is made with freely ("pretrained", "préentraîné", "deduplicazione"):
# a word that is one of them before a known word is known.
_PREFIXES = {
    "en": ("pre", "re", "de", "un", "non", "dis", "co", "sub", "super", "over", "under",
           "auto", "anti", "inter", "micro", "multi", "post", "semi", "self", "cross"),
    "fr": ("pré", "pre", "ré", "re", "dé", "dés", "des", "sur", "sous", "super", "hyper",
           "auto", "anti", "inter", "micro", "multi", "post", "semi", "co", "non", "mini"),
    "es": ("pre", "re", "des", "de", "sub", "super", "hiper", "auto", "anti", "inter",
           "micro", "multi", "post", "semi", "co", "no", "mini"),
    "it": ("pre", "ri", "re", "de", "dis", "s", "sub", "super", "iper", "auto", "anti",
           "inter", "micro", "multi", "post", "semi", "co", "mini"),
    "pt": ("pré", "pre", "re", "des", "sub", "super", "hiper", "auto", "anti", "inter",
           "micro", "multi", "pós", "semi", "co", "mini"),
    "ca": ("pre", "re", "des", "sub", "super", "hiper", "auto", "anti", "inter", "micro",
           "multi", "post", "semi", "co", "mini"),
}  # fmt: skip
# Letters a word shares with the start of a source word to count as that word adapted.
_ADAPTED = 6
# A word, its parts joined by an apostrophe, a hyphen or Catalan's middle dot ("l·l").
_WORD = re.compile(r"[^\W\d_]+(?:['’·-][^\W\d_]+)*")


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
    if source_lang is not None and (src := source_lang.code.split("-")[0]) in LATIN_LISTS:
        lists.append(src)
    import snowballstemmer

    # Its own: a stemmer keeps state between words.
    stemmer = snowballstemmer.stemmer(STEMMERS[base])
    # Decomposed accents read as the letters they make (the other checks do the same);
    # Catalan's one-letter "ŀ" as "l·".
    prose = unicodedata.normalize("NFC", prose).replace("ŀ", "l·").replace("Ŀ", "L·")
    in_source = _unaccented(unicodedata.normalize("NFC", source).casefold())
    source_words = set(re.findall(rf"[^\W\d_]{{{_ADAPTED},}}", in_source))
    found: dict[str, None] = {}  # in order, each once
    for match in _WORD.finditer(prose):
        word = match.group(0)
        if any(c.isupper() for c in word):
            continue
        # Catalan's list holds its words with "l·l" whole ("instal·lador").
        parts = [word.lower()] if "·" in word else tokenize(word, base)
        for part in parts:
            if (
                len(part) < SHORTEST
                or not part.replace("·", "").isalpha()
                or _unaccented(part) in in_source  # "débian" for "Debian": the source's
                or _adapted(_unaccented(part), source_words)
                or part in found
                or any(zipf_frequency(part, name, wordlist="best") > 0 for name in lists)
                or _known(part, base, stemmer)
            ):
                continue
            found[part] = None
            if len(found) >= _MOST_FOUND:
                return list(found)
    return list(found)


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _adapted(plain: str, source_words: set[str]) -> bool:
    """Whether a word (without accents) begins as a source word does for
    :data:`_ADAPTED` letters or more: a term of the source written the target's way
    ("tokenizador" for "tokenizer", "deduplicação" for "deduplication")."""
    head = plain[:_ADAPTED]
    return len(head) == _ADAPTED and any(word.startswith(head) for word in source_words)


def _listed(word: str, language: str) -> bool:
    """Whether ``word`` is in ``language``'s list, accents aside."""
    plain = _unaccented(word)
    words = sorted_words(language)
    at = bisect.bisect_left(words, (plain, ""))
    return at < len(words) and words[at][0] == plain


def _known(word: str, language: str, stemmer: Any) -> bool:
    """Whether ``word`` is a form of a listed word: by its stem, its verb without the
    pronouns written onto it, British "-ise" for "-ize", or a known word after a
    prefix."""
    if _known_stem(word, language, stemmer):
        return True
    for clitic in _CLITICS.get(language, ()):
        if word.endswith(clitic) and len(word) - len(clitic) >= SHORTEST:
            verb = word[: -len(clitic)]
            if _listed(verb, language) or any(
                verb.endswith(other) and _listed(verb[: -len(other)], language)
                for other in _CLITICS[language]
            ):
                return True
    if language == "en" and "is" in word:
        american = re.sub(r"is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1", word)
        if american != word and _listed_or_stem(american, language, stemmer):
            return True
    return any(
        word.startswith(prefix)
        and len(rest := word[len(prefix) :].lstrip("-")) >= SHORTEST
        and _listed_or_stem(rest, language, stemmer)
        for prefix in _PREFIXES.get(language, ())
    )


def _listed_or_stem(word: str, language: str, stemmer: Any) -> bool:
    """Whether ``word`` is listed (accents aside) or has a listed word's stem."""
    return _listed(word, language) or _known_stem(word, language, stemmer)


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


_LOCK = threading.Lock()


def sorted_words(language: str) -> list[tuple[str, str]]:
    """The words of ``language``'s large wordfreq list, each without its accents and as
    written, in order of the first (read once, about 0.5 s; a second thread asking
    meanwhile waits for it rather than read it again)."""
    with _LOCK:
        return _sorted_words(language)


@functools.cache
def _sorted_words(language: str) -> list[tuple[str, str]]:
    from wordfreq import get_frequency_dict

    return sorted((_unaccented(word), word) for word in get_frequency_dict(language, "best"))
