"""The translation-quality benchmark computes what it says, checked with a fake scorer
and a fake language identifier (no model, no score asserted of any real system)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bench.quality import plain_prompt
from bench.quality_data import (
    DIRECTIONS,
    Direction,
    Document,
    Pair,
    SystemOutput,
    Translation,
    load_directions,
)
from bench.quality_report import rows, targets
from bench.quality_scoring import left_in_source, score


class FakeScorer:
    """chrF: the share of hypotheses equal to their reference, times 100; BLEU: the
    number of segments, so the test sees which texts were scored."""

    def __init__(self) -> None:
        self.seen: list[tuple[list[str], list[str]]] = []

    def chrf(self, hypotheses: Sequence[str], references: Sequence[str]) -> float:
        self.seen.append((list(hypotheses), list(references)))
        same = sum(h == r for h, r in zip(hypotheses, references, strict=True))
        return 100.0 * same / len(references)

    def bleu(self, hypotheses: Sequence[str], references: Sequence[str], target: str) -> float:
        return float(len(hypotheses)) + (0.5 if target == "zh" else 0.0)


def _identify(text: str) -> str | None:
    return "en" if text.startswith("EN ") else "fr"


DIRECTION = Direction(
    "en",
    "fr",
    (
        Pair("EN one two three", "un deux trois"),
        Pair("EN four five", "quatre cinq"),
        Pair("EN six", "six"),
        Pair("EN seven eight", "sept huit"),
    ),
    (Document(("EN a b", "EN c"), ("a b", "c")),),
)


def test_scores_left_in_source_flags_and_speed() -> None:
    output = SystemOutput(
        sentences=[
            Translation("un deux trois"),
            Translation("EN four five"),  # left in English, not flagged
            Translation("EN six", ("the text came back untranslated",)),  # flagged
            Translation("sept huit"),
        ],
        documents=[Translation("a  b\n\nc")],
        seconds=2.0,
        first_attempt_seconds=1.6,
        retried=1,
        retries_fixed=1,
    )
    scorer = FakeScorer()
    result = score(DIRECTION, output, scorer, _identify)
    assert result["chrf"] == 50.0  # 2 of 4 equal
    assert result["bleu"] == 4.0
    assert result["source_language"] == 0.5
    assert result["source_language_unflagged"] == 1
    assert result["flagged"] == 0.25
    # The document is scored whole, whitespace collapsed.
    assert scorer.seen[-1] == (["a b c"], ["a b c"]) and result["doc_chrf"] == 100.0
    # English words: 4 + 3 + 2 + 3 in the sentences, 5 in the document, over 2 s.
    assert result["words_per_s"] == pytest.approx(17 / 2.0)
    assert result["words_per_s_without_checks"] == pytest.approx(17 / 1.6)
    assert result["retried"] == 1 and result["retries_fixed"] == 1


def test_english_words_are_the_english_side_in_both_directions() -> None:
    reverse = Direction("fr", "en", (Pair("un deux", "one two"),), ())
    assert reverse.english_words() == 2
    assert DIRECTION.english_words(2, documents=False) == 7


def test_left_in_source_is_a_copy_or_the_source_language() -> None:
    assert left_in_source("Hello, world!", "hello world", "en", lambda t: None)
    assert left_in_source("Hello.", "EN hi", "en", _identify)
    assert not left_in_source("Hello.", "Bonjour.", "en", _identify)
    # A sentence the human translation also leaves as it is (a name) is not counted.
    name = "Debra + Ian = Debian."
    assert left_in_source(name, name, "fr", lambda t: None)
    assert not left_in_source(name, name, "fr", lambda t: None, reference=name)
    # The names the source writes too are not read: lingua took "Claire found a job at
    # Toulouse." for French.
    seen: list[str] = []

    def french_names(text: str) -> str:
        seen.append(text)
        return "fr" if "Claire" in text or "trouvé" in text else "en"

    source = "Claire a trouvé un poste d'ingénieure à Toulouse."
    assert not left_in_source(source, "Claire found a job at Toulouse.", "fr", french_names)
    assert seen[-1] == "found a job at"
    assert left_in_source(source, "Claire a trouvé un travail à Toulouse.", "fr", french_names)
    # Too little left without them: the whole text is read.
    assert left_in_source(source, "Claire, Toulouse!", "fr", french_names)
    assert seen[-1] == "Claire, Toulouse!"


def _entry(plain: float, hearth: float, unflagged: int = 0) -> dict[str, object]:
    return {
        "plain": {"chrf": plain},
        "hearth": {
            "chrf": hearth,
            "source_language_unflagged": unflagged,
            "words_per_s": 9.0,
            "words_per_s_without_checks": 10.0,
            "retried": 3,
            "retries_fixed": 1,
        },
        "glossary": {"segments": 10, "honoured": 0.9, "misses_unflagged": 0},
    }


def test_targets_need_two_points_on_qwen_and_none_lost_on_smollm2() -> None:
    results = {
        "models": {
            "Qwen2.5-Coder-0.5B Q4": {
                "directions": {"en-fr": _entry(40.0, 42.5), "en-de": _entry(40.0, 41.0, 1)}
            },
            "SmolLM2-135M Q4_1": {"directions": {"en-fr": _entry(20.0, 20.0)}},
        }
    }
    met = targets(results)
    qwen = "Qwen2.5-Coder-0.5B Q4"
    gain = met[f"{qwen}: Hearth chrF ≥ plain + 2 in every direction"]
    assert gain["gains"] == {"en-fr": 2.5, "en-de": 1.0} and not gain["met"]
    assert not met[f"{qwen}: segments left in the source language without a flag"]["met"]
    glossary = met[f"{qwen}: glossary honoured after the retry ≥ 95 %, the rest flagged"]
    assert glossary["honoured"] == 0.9 and not glossary["met"]
    cost = met[f"{qwen}: checks and retries cost ≤ 15 % of words/s"]
    assert cost["cost"] == pytest.approx(0.1) and cost["met"]
    assert cost["retried"] == 6 and cost["retries_fixed"] == 2
    assert met["SmolLM2-135M Q4_1: Hearth chrF ≥ plain + 0 in every direction"]["met"]


def test_glossary_runs_side_by_side_are_compared_with_the_main_one() -> None:
    with_example = {"segments": 10, "honoured": 0.9, "retried": 2}
    directions = {
        "en-fr": {
            **_entry(40.0, 42.0),
            "glossary": {**with_example, "misses_unflagged": 0},
            "glossary_without_example": {"segments": 10, "honoured": 0.7, "retried": 5},
        },
        "en-de": {
            **_entry(40.0, 42.0),
            "glossary": {"segments": 30, "honoured": 1.0, "misses_unflagged": 0, "retried": 1},
            "glossary_without_example": {"segments": 30, "honoured": 1.0, "retried": 3},
            "glossary_rules_after": {"segments": 30, "honoured": 0.5, "rule_echoes": 2},
        },
    }
    met = targets({"models": {"Qwen2.5-Coder-0.5B Q4": {"directions": directions}}})
    qwen = "Qwen2.5-Coder-0.5B Q4"
    example = met[f"{qwen}: glossary honoured, with → without the glossary example"]
    assert example == {
        "with": 0.975,  # (9 + 30) of 40
        "without": 0.925,  # (7 + 30) of 40
        "retried_with": 3,
        "retried_without": 8,
        "met": True,
    }
    rules = met[f"{qwen}: glossary honoured, rules before → after the instruction"]
    assert rules["rules_after"] == 0.5 and rules["rule_echoes_after"] == 2 and rules["met"]


def test_table_has_a_row_per_model_direction_and_system() -> None:
    entry = {
        system: {
            "chrf": 50.0,
            "bleu": 20.0,
            "doc_chrf": 40.0,
            "source_language": 0.02,
            "source_language_unflagged": 0,
            "flagged": 0.05,
            "words_per_s": 12.0,
        }
        for system in ("plain", "hearth")
    }
    table = rows({"models": {"M": {"directions": {"en-fr": entry}}}})
    assert table[1][:5] == ["M", "en-fr", "plain", "50.0", "20.0"]
    assert table[2][2] == "hearth" and table[2][6] == "2 % (0)"
    # A run without documents shows none rather than a score of 0.
    del entry["plain"]["doc_chrf"]
    assert rows({"models": {"M": {"directions": {"en-fr": entry}}}})[1][5] == "–"


def test_the_default_run_is_sized_down_and_full_takes_everything() -> None:
    from bench.quality import options

    quick = options([])
    assert (quick.sentences, quick.smollm2_sentences, quick.variant_sentences) == (30, 15, 5)
    assert not (quick.smollm2_documents or quick.variant_documents or quick.rules_after)
    full = options(["--full"])
    assert (full.sentences, full.smollm2_sentences, full.variant_sentences) == (100, 100, 8)
    assert full.smollm2_documents and full.variant_documents and full.rules_after
    assert options(["--full", "--sentences", "40"]).sentences == 40


def test_the_committed_samples_have_a_hundred_pairs_per_direction() -> None:
    directions = load_directions()
    assert [d.name for d in directions] == list(DIRECTIONS)
    for direction in directions:
        assert len(direction.sentences) >= 100
        assert len(direction.documents) >= 2
        assert all(p.source.strip() and p.reference.strip() for p in direction.sentences)
    assert plain_prompt("Hi.", "en", "fr") == (
        "Translate the following English text into French. Reply with the translation only.\n\nHi."
    )


def test_the_everyday_sentences_are_the_same_thirty_pairs_both_ways() -> None:
    from bench.quality_data import DATA, EVERYDAY_DIRECTIONS

    en_fr, fr_en = load_directions(DATA / "everyday", EVERYDAY_DIRECTIONS)
    assert (en_fr.name, fr_en.name) == ("en-fr", "fr-en")
    assert len(en_fr.sentences) == 30 and not en_fr.documents
    assert [(p.source, p.reference) for p in en_fr.sentences] == [
        (p.reference, p.source) for p in fr_en.sentences
    ]


def test_the_held_out_sentences_have_ten_directions_with_references() -> None:
    from bench.quality_data import DATA, HELDOUT_DIRECTIONS

    directions = load_directions(DATA / "heldout", HELDOUT_DIRECTIONS)
    assert [d.name for d in directions] == list(HELDOUT_DIRECTIONS)
    by_name = {d.name: d for d in directions}
    for direction in directions:
        assert len(direction.sentences) >= 20 and not direction.documents
        assert all(p.source.strip() and p.reference.strip() for p in direction.sentences)
    # The English sentences' references are the sources the other way.
    for other in ("de", "es", "ja"):
        there, back = by_name[f"en-{other}"], by_name[f"{other}-en"]
        assert [(p.source, p.reference) for p in there.sentences] == [
            (p.reference, p.source) for p in back.sentences
        ]
    english = [p.source for p in by_name["en-fr"].sentences]
    assert english == [p.source for p in by_name["en-zh"].sentences]


def test_variants_tried_and_not_kept_run_only_when_asked_for() -> None:
    from bench.quality import chosen_variants

    default = chosen_variants()
    assert default and not any(name.startswith(("tried:", "on request:")) for name in default)
    assert list(chosen_variants("cache reuse")) == [
        "on request: final without the KV cache reuse (no checks)"
    ]
    tried = chosen_variants("tried")
    assert len(tried) == 5 and all(name.startswith("tried:") for name in tried)
    starter = chosen_variants("starter")
    assert len(starter) == 2 and all(variant.starter_only for variant in starter.values())
    assert list(chosen_variants("before")) == [
        "on request: before: system prompt, previous segment, repeat penalty 1.1, no checks"
    ]
    assert list(chosen_variants("without the examples")) == [
        "final without the examples (no checks)"
    ]
    both = chosen_variants("tried|final (no checks)")
    assert len(both) == 6 and "final (no checks)" in both


def test_the_consensus_is_the_candidate_the_others_agree_with_most() -> None:
    from bench.quality_systems import consensus

    candidates = ["Le chien court vite.", "Le chat dort.", "Un oiseau chante.", "Le chat dort."]
    assert consensus(candidates, "The cat sleeps.") == 1  # the first of the two that agree
    assert consensus(["Un.", "Un."], "One.") == 0


def test_a_variant_without_timing_shows_no_speed() -> None:
    from bench.quality_report import variant_rows

    timed = {"chrf": 50.0, "bleu": 20.0, "source_language": 0.0, "words_per_s": 12.0}
    untimed = {**timed, "words_per_s": 0.0}
    results = {
        "models": {"Q": {"directions": {"en-fr": {"variants": {"a": timed, "plain": untimed}}}}}
    }
    rows = variant_rows(results)
    assert rows[1][-1] == "12.0" and rows[2][-1] == "–"


def test_the_fresh_sentences_have_forty_pairs_in_each_of_six_directions() -> None:
    from bench.quality_data import DATA, FRESH_DIRECTIONS

    directions = load_directions(DATA / "fresh", FRESH_DIRECTIONS)
    assert [d.name for d in directions] == list(FRESH_DIRECTIONS)
    handbook = {p.source for d in load_directions() for p in d.sentences}
    for direction in directions:
        assert len(direction.sentences) == 40 and not direction.documents
        assert all(p.source.strip() and p.reference.strip() for p in direction.sentences)
        assert not handbook & {p.source for p in direction.sentences}
