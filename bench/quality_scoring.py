"""The scores of the translation-quality benchmark (bench/quality.py): chrF and BLEU,
the share left in the source language, flagged, and the speed, of one system on one
direction."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from bench.quality_data import Direction, SystemOutput


class Scorer(Protocol):
    def chrf(self, hypotheses: Sequence[str], references: Sequence[str]) -> float: ...
    def bleu(self, hypotheses: Sequence[str], references: Sequence[str], target: str) -> float: ...


class SacrebleuScorer:
    """sacrebleu's corpus chrF and BLEU (BLEU into Chinese with its ``zh`` tokenizer)."""

    def chrf(self, hypotheses: Sequence[str], references: Sequence[str]) -> float:
        from sacrebleu.metrics.chrf import CHRF

        return float(CHRF().corpus_score(list(hypotheses), [list(references)]).score)

    def bleu(self, hypotheses: Sequence[str], references: Sequence[str], target: str) -> float:
        from sacrebleu.metrics.bleu import BLEU

        tokenize = "zh" if target.startswith("zh") else "13a"
        metric = BLEU(tokenize=tokenize)
        return float(metric.corpus_score(list(hypotheses), [list(references)]).score)


Identify = Callable[[str], str | None]


def lingua_identifier(japanese: bool = False) -> Identify:
    """lingua in its high-accuracy mode: slower to load than the one the app uses, and
    independent of it, so the benchmark does not grade the checks with their own tool.
    Japanese is among its languages only for a run that translates from or into it
    (the handbook's runs read their Chinese without it, as they always have)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.EN, IsoCode639_1.FR, IsoCode639_1.DE, IsoCode639_1.ES]
    codes += [IsoCode639_1.ZH, IsoCode639_1.IT, IsoCode639_1.PT, IsoCode639_1.NL]
    if japanese:
        codes.append(IsoCode639_1.JA)
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()

    def identify(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return None if found is None else str(found.iso_code_639_1.name).lower()

    return identify


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _normalized(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def left_in_source(
    source: str, output: str, source_lang: str, identify: Identify, reference: str | None = None
) -> bool:
    """The output is the source again, or reads as the source language; never where
    the human ``reference`` is the source itself ("Debra + Ian = Debian.")."""
    if reference is not None and _normalized(reference) == _normalized(source):
        return False
    if _normalized(output) == _normalized(source):
        return True
    return identify(_without_shared_names(source, output)) == source_lang


def _without_shared_names(source: str, output: str) -> str:
    """``output`` without the capitalised words the source writes too (names: lingua
    read "Claire found a job at Toulouse." as French), where two words or more are left."""
    names = {w for w in _WORD.findall(source) if w[0].isupper()}
    left = [w for w in _WORD.findall(output) if w not in names]
    return " ".join(left) if len(left) >= 2 else output


def score(
    direction: Direction,
    output: SystemOutput,
    scorer: Scorer,
    identify: Identify,
    *,
    words: int | None = None,
) -> dict[str, Any]:
    """The figures of one system on one direction."""
    count = len(output.sentences)
    pairs = direction.sentences[:count]
    hypotheses = [t.text for t in output.sentences]
    references = [p.reference for p in pairs]
    left = [
        i
        for i, (pair, t) in enumerate(zip(pairs, output.sentences, strict=True))
        if left_in_source(pair.source, t.text, direction.source, identify, pair.reference)
    ]
    flagged = [i for i, t in enumerate(output.sentences) if t.issues]
    result: dict[str, Any] = {
        "sentences": count,
        "chrf": scorer.chrf(hypotheses, references),
        "bleu": scorer.bleu(hypotheses, references, direction.target),
        "source_language": len(left) / count if count else 0.0,
        "source_language_unflagged": len(set(left) - set(flagged)),
        "flagged": len(flagged) / count if count else 0.0,
        "seconds": output.seconds,
    }
    if output.documents:
        docs = direction.documents[: len(output.documents)]
        doc_hyps = [" ".join(t.text.split()) for t in output.documents]
        doc_refs = [" ".join(" ".join(d.reference).split()) for d in docs]
        result["doc_chrf"] = scorer.chrf(doc_hyps, doc_refs)
        result["doc_bleu"] = scorer.bleu(doc_hyps, doc_refs, direction.target)
    if words is None:
        words = direction.english_words(count, documents=bool(output.documents))
    result["words_per_s"] = words / output.seconds if output.seconds else 0.0
    if output.first_attempt_seconds:
        result["words_per_s_without_checks"] = words / output.first_attempt_seconds
        result["retried"] = output.retried
        result["retries_fixed"] = output.retries_fixed
    return result


def average(results: Sequence[dict[str, Any]], key: str) -> float:
    values = [r[key] for r in results if key in r]
    return statistics.fmean(values) if values else 0.0
