"""Letters of a writing system that neither the source nor the target language uses.

Qwen2.5, trained on much Chinese, now and then writes a Chinese word into a German or
French sentence ("Dieses药品 nicht aus der Nähe von Kindern." for "Keep this medicine
out of the reach of children."), and a model can answer in Russian when asked for
French. The language checks judge a Latin-alphabet target by its words, and a Chinese
word inside German words leaves them reading as German. A letter's writing system is
the first word of its Unicode name ("CJK UNIFIED IDEOGRAPH-836F", "CYRILLIC SMALL
LETTER DE"); one whose name begins otherwise ("MICRO SIGN", "FEMININE ORDINAL
INDICATOR", "MODIFIER LETTER …") belongs to none and never counts.

A translation may always hold the Latin alphabet (names, code, loanwords), the target
language's own writing systems, and every writing system the source text itself holds
(a quoted "東京" in an English source may stay as it is).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from engine.translation.chinese_script import converted, to_simplified
from engine.translation.languages import Language

# The first word of a letter's Unicode name, and the writing system it names.
_SYSTEMS = {
    "LATIN": "Latin",
    "GREEK": "Greek",
    "COPTIC": "Greek",
    "CYRILLIC": "Cyrillic",
    "ARMENIAN": "Armenian",
    "HEBREW": "Hebrew",
    "ARABIC": "Arabic",
    "SYRIAC": "Syriac",
    "THAANA": "Thaana",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengali",
    "GURMUKHI": "Gurmukhi",
    "GUJARATI": "Gujarati",
    "ORIYA": "Oriya",
    "TAMIL": "Tamil",
    "TELUGU": "Telugu",
    "KANNADA": "Kannada",
    "MALAYALAM": "Malayalam",
    "SINHALA": "Sinhala",
    "THAI": "Thai",
    "LAO": "Lao",
    "TIBETAN": "Tibetan",
    "MYANMAR": "Myanmar",
    "GEORGIAN": "Georgian",
    "HANGUL": "Hangul",
    "ETHIOPIC": "Ethiopic",
    "KHMER": "Khmer",
    "MONGOLIAN": "Mongolian",
    "HIRAGANA": "Kana",
    "KATAKANA": "Kana",
    "KATAKANA-HIRAGANA": "Kana",  # the prolonged sound mark
    "BOPOMOFO": "Bopomofo",
    "CJK": "Han",
    "IDEOGRAPHIC": "Han",  # 々, the iteration mark ("佐々木")
}
# The writing systems of the languages Hearth lists that are not written in the Latin
# alphabet alone (engine.translation.languages); the others are.
_OWN: dict[str, frozenset[str]] = {
    "zh": frozenset({"Han", "Bopomofo"}),
    "ja": frozenset({"Han", "Kana"}),
    "ko": frozenset({"Hangul", "Han"}),
    "el": frozenset({"Greek"}),
    "he": frozenset({"Hebrew"}),
    "hi": frozenset({"Devanagari"}),
    "th": frozenset({"Thai"}),
    **dict.fromkeys(("ar", "fa", "ur"), frozenset({"Arabic"})),
    **dict.fromkeys(("ru", "uk", "bg", "sr"), frozenset({"Cyrillic"})),
}
# A single character of these says a word; a letter or two of an alphabet ("π", "kΩ",
# "γδ T cells", "ΔCt") are more often symbols, so these count from one character, the
# others from three letters.
_SYLLABIC = frozenset({"Han", "Kana", "Hangul"})
_ALPHABET_RUN = 3
# From this share of the text's letters on, the translation as a whole is in the other
# writing system rather than holding a word of it.
WHOLE_SHARE = 0.5
# What joins the letters of a word without being one (Persian's zero-width non-joiner).
_JOINERS = frozenset("\u200c\u200d")


def writes_cjk(code: str) -> bool:
    """Whether the language ``code`` ("zh-TW": its base) is written with Chinese,
    Japanese or Korean letters."""
    return bool(_OWN.get(code.split("-")[0], frozenset()) & _SYLLABIC)


@lru_cache(maxsize=4096)
def writing_system(char: str) -> str | None:
    """The writing system of the letter ``char``; None for anything else."""
    if not unicodedata.category(char).startswith("L"):
        return None
    words = unicodedata.name(char, "").split()
    if words and words[0] in ("HALFWIDTH", "FULLWIDTH"):
        words = words[1:]
    return _SYSTEMS.get(words[0]) if words else None


def _systems_in(text: str) -> set[str]:
    return {s for c in text if (s := writing_system(c)) is not None}


def other_script(translation: str, source: str, target: Language) -> tuple[list[str], float]:
    """The runs of ``translation`` in a writing system that neither the target language
    nor ``source`` uses (each once, in order, each long enough to be a word), and the
    share of its letters in such writing systems (0 where no run is long enough: "π"
    alone is a symbol)."""
    own = _OWN.get(target.code.split("-")[0], frozenset())
    allowed = {"Latin", *own, *_systems_in(unicodedata.normalize("NFC", source))}
    return _runs(unicodedata.normalize("NFC", translation), allowed)


def foreign_words(text: str, source_code: str, target: Language) -> list[str]:
    """The words of a ``text`` in a language written in the Latin alphabet (the code
    ``source_code``) that are written in another writing system, one the target does
    not use either: a sign or a name an English sentence quotes ("The sign said 出口.",
    "Ask for Олег."), which a translation into French keeps as it is. Each of two
    letters or more (not the "ツ" of an emoticon), with the letters of other writing
    systems written against it; none from a language with a writing system of its own
    (a Chinese text that quotes a Japanese title mixes both), nor where they make 60 %
    of the letters or more, weighed below (a text in another language than the one
    chosen)."""
    own = _OWN.get(target.code.split("-")[0], frozenset())
    return _quoted(text, source_code, {"Latin", *own})


def quoted_words(text: str, source_code: str, target: Language) -> list[str]:
    """The words of a ``text`` in a language written in the Latin alphabet that are
    written in the Chinese or Japanese letters of a Chinese or Japanese ``target`` (as
    :func:`foreign_words` finds them): a name or a dish the translation keeps ("I flew
    to 東京 last week."; Qwen2.5-0.5B wrote "北京" for it, "麻辣豆腐" for "麻婆豆腐").
    Kana into Chinese are :func:`foreign_words` already."""
    base = target.code.split("-")[0]
    if base not in ("zh", "ja"):
        return []
    kept = _OWN[base] & _SYLLABIC
    return [
        word
        for word in _quoted(text, source_code, {"Latin"})
        if {writing_system(c) for c in word} - {None} <= kept and _written_in(word, base)
    ]


# The character sets of each target: a word with a letter outside them is one its
# writers spell otherwise, and the translation may too (Japanese "新宿駅" is "新宿站" in
# Chinese, Chinese "烤鸭" is "ダック" in Japanese).
_CHARSETS = {"zh": ("gb2312", "big5"), "ja": ("cp932",)}


def _written_in(word: str, base: str) -> bool:
    """Whether every letter of ``word`` is in one of the ``base`` language's sets."""
    for char in word.replace("々", ""):
        for charset in _CHARSETS[base]:
            try:
                char.encode(charset)
                break
            except UnicodeEncodeError:
                continue
        else:
            return False
    return True


def dropped_quoted_words(
    source: str, translation: str, source_code: str, target: Language
) -> list[str]:
    """The :func:`quoted_words` of ``source`` that ``translation`` leaves out, compared
    in Simplified letters (Japanese and Traditional forms folded: "東京" is kept as
    "东京")."""
    words = quoted_words(source, source_code, target)
    if not words:
        return []
    text = _han_folded(translation)
    return [
        word
        for word in words
        # As written, or as Hearth converts it into the target's script (into Taiwan's
        # Traditional, "打印机" becomes "印表機").
        if _han_folded(word) not in text and _han_folded(converted(word, target.code)) not in text
    ]


def _han_folded(text: str) -> str:
    """``text`` in Simplified letters, "々" written out as the letter it repeats
    ("佐々木" as "佐佐木")."""
    text = re.sub(r"(.)々", r"\1\1", unicodedata.normalize("NFKC", text))
    return to_simplified(text)


def _quoted(text: str, source_code: str, allowed: set[str]) -> list[str]:
    """The words of ``text`` in writing systems not ``allowed`` where its language
    (``source_code``) is written in the Latin alphabet and they are quoted (foreign_words)."""
    if source_code.split("-")[0] in _OWN:
        return []
    text = unicodedata.normalize("NFC", text)
    runs, _ = _runs(text, allowed)
    # A text that quotes them is mostly words in the Latin alphabet. Its names and
    # labels (capitalised, but for its first word) do not count, and a Chinese,
    # Japanese or Korean character counts as three letters: "Dans Settings 里选择 Model,
    # 然后点击 Download 下载" is a Chinese sentence about a window's labels.
    latin = foreign = 0
    for index, word in enumerate(re.findall(r"[^\W\d_]+", text)):
        systems = {writing_system(c) for c in word} - {None}
        if systems == {"Latin"}:
            latin += len(word) if word.islower() or index == 0 else 0
        else:
            foreign += sum(3 if writing_system(c) in _SYLLABIC else 1 for c in word)
    if not latin or foreign / (latin + foreign) >= _QUOTED_SHARE:
        return []
    return list(dict.fromkeys(_whole_word(text, run) for run in runs if len(run) > 1))


# Words in another writing system make less than this share of a text's letters
# (weighted) where it quotes them.
_QUOTED_SHARE = 0.6


def _whole_word(text: str, run: str) -> str:
    """``run`` with the letters of other writing systems it is written against
    ("すし屋まつもと" for "すし" into Chinese, whose "屋" is a Chinese letter too)."""
    start = text.find(run)
    end = start + len(run)
    while start > 0 and _joined(text[start - 1]):
        start -= 1
    while end < len(text) and _joined(text[end]):
        end += 1
    return text[start:end]


def _joined(char: str) -> bool:
    system = writing_system(char)
    return (system is not None and system != "Latin") or unicodedata.combining(char) > 0


def dropped_foreign_words(
    source: str, translation: str, source_code: str, target: Language
) -> list[str]:
    """The :func:`foreign_words` of ``source`` that ``translation`` leaves out, which no
    translation into French writes otherwise (the job gives them to the model as
    placeholders). Compared without accents and vowel marks and with half-width letters
    as full-width ones ("محمد" for "مُحَمَّد")."""
    text = _skeleton(translation)
    return [w for w in foreign_words(source, source_code, target) if _skeleton(w) not in text]


def _skeleton(text: str) -> str:
    """``text`` in compatibility form (NFKC: half-width katakana as full-width) without
    combining marks (accents, Arabic and Hebrew vowel marks)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", bare)


def _runs(text: str, allowed: set[str]) -> tuple[list[str], float]:
    """The runs of ``text`` in writing systems not ``allowed`` and the share of its
    letters in them (other_script)."""
    runs: list[str] = []
    run: list[str] = []
    system, run_letters, letters, foreign = "", 0, 0, 0

    def close() -> None:
        if run and (system in _SYLLABIC or run_letters >= _ALPHABET_RUN):
            runs.append("".join(run))

    for c in text:
        found = writing_system(c)
        if found is not None:
            letters += 1
        if found is not None and found not in allowed:
            foreign += 1
        if found is not None and found not in allowed and (not run or found == system):
            run.append(c)
            system, run_letters = found, run_letters + 1
            continue
        if run and (unicodedata.category(c).startswith("M") or c in _JOINERS):
            run.append(c)  # a mark or joiner that belongs to the word
            continue
        close()
        run, system, run_letters = [], "", 0
        if found is not None and found not in allowed:
            run, system, run_letters = [c], found, 1
    close()
    share = foreign / letters if letters and runs else 0.0
    return list(dict.fromkeys(runs)), share
