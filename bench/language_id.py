"""``python -m bench.language_id``: how often Auto-detect names a text's language right.

The texts: every sentence of bench/data (sources and references, the handbook's and the
everyday ones, in English, French, German, Spanish and Chinese) and, to stress short
texts, the first four words of each Latin-alphabet one, and the short everyday phrases
of bench/data/short_phrases.json (291 in 21 languages that Auto-detect's word-frequency
stage was tuned on, 80 in 10 languages written after it, and 42 in Russian and
Ukrainian that set the margin between those two). Each is given to:

- **fast**: lingua's low-accuracy mode alone (what Auto-detect used before);
- **hearth**: ``engine.translation.language_detect.detect_language`` (the fast mode,
  where it is unsure lingua's high-accuracy models of the languages it found
  plausible, and for a short Latin-alphabet text wordfreq's word frequencies);
- **precise**: lingua's high-accuracy mode over all of Hearth's languages (about 5 s
  and 650 MB to load).

Prints the share named right per system and text length, the time per text, and what
loading took. Not a test: the figures go to README.md (Translating).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
_WORDS = re.compile(r"\S+")


def texts() -> list[tuple[str, str, str]]:
    """(kind, language, text): the benchmark's sentences, their first four words and the
    short phrases."""
    found: list[tuple[str, str, str]] = []
    for path in sorted(DATA.glob("??-??.json")) + sorted((DATA / "everyday").glob("??-??.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for pair in data["sentences"]:
            sides = ((data["source"], pair["source"]), (data["target"], pair["reference"]))
            for code, text in sides:
                found.append(("sentence", code, text))
                words = _WORDS.findall(text)
                if code != "zh" and len(words) > 6:
                    found.append(("four words", code, " ".join(words[:4])))
    phrases = json.loads((DATA / "short_phrases.json").read_text(encoding="utf-8"))
    for code, items in phrases["phrases"].items():
        found += [("phrase", code, text) for text in items]
    for code, items in phrases["held_out"].items():
        found += [("held-out phrase", code, text) for text in items]
    for code, items in phrases["russian_ukrainian"].items():
        found += [("Russian/Ukrainian phrase", code, text) for text in items]
    # One text is one item, whichever file it came from (a pair's two directions).
    return sorted(set(found))


def _fast() -> Callable[[str], str | None]:
    from engine.translation.language_detect import _detector, _hearth_code

    def identify(text: str) -> str | None:
        found = _detector().detect_language_of(text)
        return None if found is None else _hearth_code(found)

    return identify


def _precise() -> Callable[[str], str | None]:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    from engine.translation.language_detect import _hearth_code, _lingua_codes

    codes = [getattr(IsoCode639_1, name) for name in _lingua_codes()]
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
    detector.detect_language_of("Load every model now.")

    def identify(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return None if found is None else _hearth_code(found)

    return identify


def main() -> int:
    from engine.translation.language_detect import detect_language

    items = texts()
    print(f"{len(items)} texts ({sum(k == 'sentence' for k, _, _ in items)} sentences)")
    systems: list[tuple[str, Callable[[], Callable[[str], str | None]]]] = [
        ("fast", _fast),
        ("hearth", lambda: detect_language),
        ("precise", _precise),
    ]
    for name, make in systems:
        started = time.perf_counter()
        identify = make()
        identify("Load the models.")
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        right: dict[str, list[bool]] = {}
        misses: list[str] = []
        for kind, code, text in items:
            ok = identify(text) == code
            right.setdefault(kind, []).append(ok)
            if not ok and len(misses) < 4:
                misses.append(f"{text!r} ({code})")
        each_ms = (time.perf_counter() - started) / len(items) * 1000
        shares = ", ".join(
            f"{kind} {sum(oks) / len(oks) * 100:.1f} % of {len(oks)}"
            for kind, oks in sorted(right.items(), reverse=True)
        )
        print(f"{name:8} {shares}; {each_ms:.2f} ms a text; loading {loaded:.2f} s")
        for miss in misses:
            print(f"           missed {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
