"""Rebuild the benchmark's parallel samples from The Debian Administrator's Handbook.

The handbook (Debian package ``debian-handbook``, GPL-2.0+ or CC BY-SA 3.0) ships the
same book in English and in translation, one HTML file per section; the translators
work paragraph by paragraph, so the n-th paragraph of a section in one language is the
n-th in another. A paragraph left untranslated is the English text again and is skipped.

Usage (the .deb is not committed; this only shows how the samples were made):
    apt-get download debian-handbook
    dpkg-deb -x debian-handbook_*.deb handbook
    python bench/data/extract_handbook.py handbook/usr/share/doc/debian-handbook/html
"""

from __future__ import annotations

import html
import json
import random
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent
FOLDERS = {"en": "en-US", "fr": "fr-FR", "de": "de-DE", "es": "es-ES", "zh": "zh-CN"}
DIRECTIONS = (("en", "fr"), ("en", "de"), ("en", "es"), ("en", "zh"), ("zh", "en"), ("fr", "en"))
SENTENCES = 100
DOCUMENTS = 2
SEED = 12

_PARA = re.compile(r'<div class="para"[^>]*>(.*?)</div>', re.S)
# Markup that stays fine as plain prose; anything else (commands, file names, package
# names, links, keys) makes the paragraph technical, and it is left out.
_ALLOWED = re.compile(
    r'</?(?:em|strong|acronym(?: class="acronym")?|span(?: class="(?:emphasis|foreignphrase|'
    r'distribution distribution|strong strong)")?|em class="foreignphrase")>'
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _plain(fragment: str) -> bool:
    return "<" not in _ALLOWED.sub("", fragment)


def _paragraphs(root: Path, lang: str, name: str) -> list[str]:
    path = root / FOLDERS[lang] / name
    return _PARA.findall(path.read_text(encoding="utf-8")) if path.is_file() else []


def _one_sentence(text: str, lang: str) -> bool:
    if lang == "zh":
        ends = "。！？"
        return 8 <= len(text) <= 40 and text[-1] in ends and not re.search(f"[{ends}]", text[:-1])
    words = text.split()
    return (
        5 <= len(words) <= 16
        and text[-1] in ".!?"
        and not re.search(r"[.!?:;] \S", text[:-1])
        and not re.search(r"\d", text)
    )


def _translated(source: str, target: str, target_lang: str) -> bool:
    if source == target:
        return False
    if target_lang == "zh":
        return len(_CJK.findall(target)) >= 0.3 * len(target)
    return not _CJK.search(target)


Pair = dict[str, str]


def _pairs(root: Path, src: str, tgt: str) -> tuple[list[Pair], list[list[Pair]]]:
    """Every aligned, translated, plain paragraph pair, and runs of consecutive ones."""
    english = "en" if "en" in (src, tgt) else src
    pairs: list[dict[str, str]] = []
    runs: list[list[dict[str, str]]] = []
    for page in sorted((root / FOLDERS["en"]).glob("*.html")):
        a, b = _paragraphs(root, src, page.name), _paragraphs(root, tgt, page.name)
        reference = _paragraphs(root, english, page.name)
        if not a or len(a) != len(b) or len(a) != len(reference):
            continue
        run: list[dict[str, str]] = []
        for index, (left, right, orig) in enumerate(zip(a, b, reference, strict=True)):
            s, t = _text(left), _text(right)
            ok = bool(_plain(left) and _plain(right) and s and t)
            foreign, foreign_lang = (t, tgt) if src == "en" else (s, src)
            ok = ok and _translated(_text(orig), foreign, foreign_lang)
            if not ok:
                if len(run) >= 3:
                    runs.append(run)
                run = []
                continue
            item = {"id": f"{page.stem}#{index}", "source": s, "reference": t}
            run.append(item)
            pairs.extend(_sentence_pairs(item, src, tgt))
        if len(run) >= 3:
            runs.append(run)
    return pairs, runs


def _split(text: str, lang: str) -> list[str]:
    if lang == "zh":
        return [p for p in re.split(r"(?<=[。！？])", text) if p.strip()]
    return re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÝÄÖÜ¿¡«\"(])", text)


def _sentence_pairs(item: dict[str, str], src: str, tgt: str) -> list[dict[str, str]]:
    """Sentence pairs of a paragraph pair whose sides have as many sentences each, with
    lengths that agree (a guard against a merged or split sentence)."""
    left, right = _split(item["source"], src), _split(item["reference"], tgt)
    if len(left) != len(right):
        return []
    found = []
    for number, (s, t) in enumerate(zip(left, right, strict=True)):
        a = len(s) * (3 if src == "zh" else 1)
        b = len(t) * (3 if tgt == "zh" else 1)
        if 0.5 <= a / b <= 2.0:
            number_id = f"{item['id']}.{number}"
            found.append({"id": number_id, "source": s.strip(), "reference": t.strip()})
    return found


def _document(run: list[dict[str, str]], lang: str) -> list[dict[str, str]] | None:
    """Three to five consecutive paragraphs of moderate length, or None."""

    def size(item: dict[str, str]) -> int:
        return len(item["source"]) // 2 if lang == "zh" else len(item["source"].split())

    chosen = [item for item in run[:5]]
    while chosen and sum(size(i) for i in chosen) > 160:
        chosen.pop()
    if len(chosen) < 3 or any(size(i) < 6 for i in chosen):
        return None
    return chosen


def _paragraph(item: dict[str, str]) -> str:
    return item["id"].rsplit(".", 1)[0]


def main() -> int:
    root = Path(sys.argv[1])
    used: dict[frozenset[str], set[str]] = {}
    for src, tgt in DIRECTIONS:
        pairs, runs = _pairs(root, src, tgt)
        taken = used.setdefault(frozenset((src, tgt)), set())
        rng = random.Random(f"{SEED}-{src}-{tgt}")
        candidates = [
            p for p in pairs if _one_sentence(p["source"], src) and _paragraph(p) not in taken
        ]
        sentences = rng.sample(candidates, SENTENCES)
        # A paragraph that gave sentences to one direction gives none to its reverse
        # and is in no document: the samples of a language pair never overlap.
        taken.update(_paragraph(p) for p in sentences)
        docs = []
        for run in rng.sample(runs, len(runs)):
            chosen = _document(run, src)
            if chosen is None or any(i["id"] in taken for i in chosen):
                continue
            taken.update(i["id"] for i in chosen)
            docs.append(
                {
                    "id": chosen[0]["id"],
                    "source": [i["source"] for i in chosen],
                    "reference": [i["reference"] for i in chosen],
                }
            )
            if len(docs) == DOCUMENTS:
                break
        data = {"source": src, "target": tgt, "sentences": sentences, "documents": docs}
        path = OUT / f"{src}-{tgt}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts = f"{len(sentences)} sentences of {len(candidates)}, {len(docs)} documents"
        print(f"{path.name}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
