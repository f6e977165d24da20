"""What the translation-quality benchmark (bench/quality.py) prints and records: the
tables of scores, the targets met or missed, the machine and the commit."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path
from typing import Any

from bench.quality_scoring import average


def rows(results: dict[str, Any]) -> list[list[str]]:
    """The printed table: one row per model, direction and system."""
    table = [
        [
            "model",
            "direction",
            "system",
            "chrF",
            "BLEU",
            "doc chrF",
            "source lang (unflagged)",
            "flagged",
            "words/s",
            "thinking",
        ]
    ]
    for label, model in results["models"].items():
        for name, entry in model["directions"].items():
            for system in ("plain", "hearth") if "hearth" in entry else ():
                r = entry[system]
                left = f"{r['source_language'] * 100:.0f} % ({r['source_language_unflagged']})"
                speed = f"{r['words_per_s']:.1f}"
                if "words_per_s_without_checks" in r:
                    speed += f" ({r['words_per_s_without_checks']:.1f} w/o checks)"
                table.append(
                    [
                        label,
                        name,
                        system,
                        f"{r['chrf']:.1f}",
                        f"{r['bleu']:.1f}",
                        f"{r['doc_chrf']:.1f}" if "doc_chrf" in r else "–",
                        left,
                        f"{r['flagged'] * 100:.0f} %",
                        speed,
                        _thinking(model, system),
                    ]
                )
    return table


def _thinking(model: dict[str, Any], system: str) -> str:
    """The thinking mode a system ran with ("off", or the model's "default"), and
    "(no switch)" when the model's template cannot turn it off."""
    thinking = model.get("thinking") or {}
    mode = str(thinking.get(system, "off" if system == "hearth" else "default"))
    if mode == "off" and thinking.get("switch") in ("none", "reasoning_effort"):
        return "off (no switch)"
    return mode


def variant_rows(results: dict[str, Any]) -> list[list[str]]:
    table = [["model", "variant", "mean chrF", "mean BLEU", "source lang", "words/s"]]
    for label, model in results["models"].items():
        names: list[str] = []
        for entry in model["directions"].values():
            names += [n for n in entry.get("variants", {}) if n not in names]
        for name in names:
            found = [e["variants"][name] for e in model["directions"].values() if "variants" in e]
            table.append(
                [
                    label,
                    name,
                    f"{average(found, 'chrf'):.1f}",
                    f"{average(found, 'bleu'):.1f}",
                    f"{average(found, 'source_language') * 100:.0f} %",
                    # The plain prompt's replies taken from the main run were not timed.
                    f"{speed:.1f}" if (speed := average(found, "words_per_s")) else "–",
                ]
            )
    return table


def print_table(table: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for index, row in enumerate(table):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
        if index == 0:
            print("  ".join("-" * w for w in widths))


def targets(results: dict[str, Any]) -> dict[str, Any]:
    """Each target of the translation-quality work, met or not, from these figures."""
    met: dict[str, Any] = {}
    for label, model in results["models"].items():
        if not all("hearth" in e for e in model["directions"].values()):
            continue
        gains = {
            name: e["hearth"]["chrf"] - e["plain"]["chrf"]
            for name, e in model["directions"].items()
        }
        need = 2.0 if "Qwen" in label else 0.0
        met[f"{label}: Hearth chrF ≥ plain + {need:g} in every direction"] = {
            "gains": {k: round(v, 2) for k, v in gains.items()},
            "met": all(g >= need for g in gains.values()),
        }
        unflagged = sum(
            e["hearth"]["source_language_unflagged"] for e in model["directions"].values()
        )
        met[f"{label}: segments left in the source language without a flag"] = {
            "count": unflagged,
            "met": unflagged == 0,
        }
        glossaries = [e["glossary"] for e in model["directions"].values() if "glossary" in e]
        if glossaries:
            segments = sum(g["segments"] for g in glossaries)
            honoured = _honoured(glossaries)
            misses = sum(g["misses_unflagged"] for g in glossaries)
            met[f"{label}: glossary honoured after the retry ≥ 95 %, the rest flagged"] = {
                "honoured": round(honoured, 3),
                "segments": segments,
                "misses_unflagged": misses,
                "met": honoured >= 0.95 and misses == 0,
            }
        before = _beside(model, "glossary_rules_after")
        if before and glossaries:
            met[f"{label}: glossary honoured, rules before → after the instruction"] = {
                "rules_first": round(honoured, 3),
                "rules_after": round(_honoured(before), 3),
                "rule_echoes_first": sum(g.get("rule_echoes", 0) for g in glossaries),
                "rule_echoes_after": sum(g.get("rule_echoes", 0) for g in before),
                "met": honoured >= _honoured(before),
            }
        without = _beside(model, "glossary_without_example")
        if without and glossaries:
            met[f"{label}: glossary honoured, with → without the glossary example"] = {
                "with": round(honoured, 3),
                "without": round(_honoured(without), 3),
                "retried_with": sum(g.get("retried", 0) for g in glossaries),
                "retried_without": sum(g.get("retried", 0) for g in without),
                "met": honoured >= _honoured(without),
            }
        costs = [
            1 - e["hearth"]["words_per_s"] / e["hearth"]["words_per_s_without_checks"]
            for e in model["directions"].values()
            if e["hearth"].get("words_per_s_without_checks")
        ]
        if costs:
            cost = statistics.fmean(costs)
            hearth = [e["hearth"] for e in model["directions"].values()]
            met[f"{label}: checks and retries cost ≤ 15 % of words/s"] = {
                "cost": round(cost, 3),
                "retried": sum(h.get("retried", 0) for h in hearth),
                "retries_fixed": sum(h.get("retries_fixed", 0) for h in hearth),
                "met": cost <= 0.15,
            }
    return met


def machine() -> dict[str, Any]:
    from bench.__main__ import _cpu_name

    return {"cpu": _cpu_name(), "cores": os.cpu_count(), "python": sys.version.split()[0]}


def git_commit(repo: Path) -> str:
    head = repo / ".git" / "HEAD"
    try:
        ref = head.read_text().strip()
        if ref.startswith("ref: "):
            return (repo / ".git" / ref[5:]).read_text().strip()
        return ref
    except OSError:
        return "unknown"


def _beside(model: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The glossary runs made side by side under ``key`` (one per direction)."""
    return [e[key] for e in model["directions"].values() if key in e]


def _honoured(runs: list[dict[str, Any]]) -> float:
    """The share of the runs' segments whose glossary terms were all honoured."""
    honoured = sum(float(g["honoured"]) * int(g["segments"]) for g in runs)
    return honoured / sum(int(g["segments"]) for g in runs)
