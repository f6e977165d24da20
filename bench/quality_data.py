"""The data of the translation-quality benchmark (bench/quality.py): the directions of
bench/data with their sentence pairs, documents and glossaries, and what a system
produced for them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
DIRECTIONS = ("en-fr", "en-de", "en-es", "en-zh", "zh-en", "fr-en")
# bench/data/everyday/: short everyday sentences, both ways (bench/data/README.md).
EVERYDAY_DIRECTIONS = ("en-fr", "fr-en")
# bench/data/heldout/: everyday sentences written after the pipeline's choices, with one
# reference each, to measure it on text it was not tuned on (bench/data/README.md).
HELDOUT_DIRECTIONS = (
    "en-fr", "en-es", "en-zh", "en-de", "en-ja", "zh-en", "fr-en", "de-en", "es-en", "ja-en",
)  # fmt: skip
# bench/data/fresh/: 40 everyday sentences a direction, written after the round that
# measured heldout/, so that the pipeline is measured again on text no choice saw.
FRESH_DIRECTIONS = DIRECTIONS


@dataclass(frozen=True)
class Pair:
    source: str
    reference: str


@dataclass(frozen=True)
class Document:
    source: tuple[str, ...]
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Direction:
    source: str
    target: str
    sentences: tuple[Pair, ...]
    documents: tuple[Document, ...]
    glossary: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return f"{self.source}-{self.target}"

    def english_words(self, sentences: int | None = None, documents: bool = True) -> int:
        """Words on the English side of the pairs used (the source for en→X, the
        reference for X→en)."""
        side = "source" if self.source == "en" else "reference"
        texts = [getattr(p, side) for p in self.sentences[:sentences]]
        if documents:
            texts += [" ".join(getattr(d, side)) for d in self.documents]
        return sum(len(t.split()) for t in texts)


def load_directions(folder: Path = DATA, names: Sequence[str] = DIRECTIONS) -> list[Direction]:
    directions = []
    for name in names:
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        glossary_file = folder / f"glossary.{name}.csv"
        glossary: tuple[tuple[str, str], ...] = ()
        if glossary_file.is_file():
            rows = glossary_file.read_text(encoding="utf-8").splitlines()[1:]
            glossary = tuple((s, t) for s, t in (row.split(",", 1) for row in rows if row))
        directions.append(
            Direction(
                data["source"],
                data["target"],
                tuple(Pair(s["source"], s["reference"]) for s in data["sentences"]),
                tuple(
                    Document(tuple(d["source"]), tuple(d["reference"])) for d in data["documents"]
                ),
                glossary,
            )
        )
    return directions


# -- what a system produced -------------------------------------------------------------------


@dataclass(frozen=True)
class Translation:
    text: str
    issues: tuple[str, ...] = ()


@dataclass
class SystemOutput:
    sentences: list[Translation] = field(default_factory=list)
    documents: list[Translation] = field(default_factory=list)
    seconds: float = 0.0
    first_attempt_seconds: float | None = None  # Hearth: first attempts alone
    retried: int = 0
    # Of those, the segments whose retry passed every check (the rest are flagged).
    retries_fixed: int = 0
