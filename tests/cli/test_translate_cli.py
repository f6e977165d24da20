"""``hearth translate`` with the real SmolLM2 model, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

MARKDOWN = """# Welcome

Good morning, my friend.

```sh
make run
```
"""

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03,000 --> 00:00:04,000\nThank you.\n"


def _translate(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", "translate", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=180,
    )


def test_markdown_file_keeps_structure_and_code(smollm2: Path, tmp_path: Path) -> None:
    source = tmp_path / "note.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / "note.fr.md"
    result = _translate("--model", str(smollm2), "--to", "fr", "-o", str(out), str(source))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "```sh\nmake run\n```\n" in text
    assert text.count("\n\n") == MARKDOWN.count("\n\n")
    for token in ("<|im_end|>", "<|im_start|>", "Here is the translation"):
        assert token not in text
    assert "2/2 segments" in result.stderr


def test_srt_timecodes_and_memory_reuse(smollm2: Path, tmp_path: Path) -> None:
    source = tmp_path / "film.srt"
    source.write_text(SRT, encoding="utf-8")
    first = _translate("--model", str(smollm2), "--to", "de", str(source))
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0:2] == ["1", "00:00:01,000 --> 00:00:02,000"]
    assert "00:00:03,000 --> 00:00:04,000" in lines
    again = _translate("--model", str(smollm2), "--to", "de", str(source))
    assert again.stdout == first.stdout
    assert "2 from memory" in again.stderr


def test_stdin_glossary_flags_and_errors(smollm2: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target\nHearth,\nmorning,ZZZQ\n", encoding="utf-8")
    result = _translate(
        "--model", str(smollm2), "--to", "es", "--glossary", str(glossary), "-",
        stdin="Good morning from Hearth.",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    # Each glossary term is either in the translation or named on stderr, per segment.
    for kept, flag in (("ZZZQ", "“morning” should be “ZZZQ”"), ("Hearth", "“Hearth” should")):
        assert kept in result.stdout or ("segment 1:" in result.stderr and flag in result.stderr)
    bad = _translate("--model", str(smollm2), "--to", "xx", "-", stdin="Hello.")
    assert bad.returncode == 1 and bad.stderr.startswith("hearth: error: Unknown language")
    wrong = _translate("--model", str(smollm2), "--to", "fr", str(tmp_path / "x.pdf"))
    assert wrong.returncode == 1 and "translates" in wrong.stderr
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("café;Kaffee\n".encode("latin-1"))
    refused = _translate("--model", str(smollm2), "--to", "de", "--glossary", str(latin1), "-")
    assert refused.returncode == 1
    assert "it is not UTF-8 text (save it as UTF-8 CSV)" in refused.stderr
    assert "codec" not in refused.stderr


def test_segments_failing_the_checks_are_listed_on_stderr(smollm2: Path) -> None:
    # The starter model writes no Japanese worth the name: asked once and again (the
    # retry names the failure: no examples are written for Japanese), it runs on to the
    # length limit or repeats itself (which, depends on the CPU's arithmetic); the
    # segment is kept, and stderr says which and why.
    stdin = "Il a oublié son parapluie au bureau."
    result = _translate("--model", str(smollm2), "--to", "ja", "--no-memory", "-", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    flagged = [line for line in result.stderr.splitlines() if line.startswith("segment 1: ")]
    assert flagged and "(also after a retry)" in flagged[0], result.stderr
    assert any(
        reason in flagged[0] for reason in ("much longer than the source", "over and over")
    ), flagged
    # Auto-detect's verdict is said, so that a wrong one can be corrected.
    assert "Detected French (--from LANG if it is another)." in result.stderr


def test_a_text_already_in_the_target_language_is_refused_with_a_reason(
    smollm2: Path, tmp_path: Path
) -> None:
    detected = _translate("--model", str(smollm2), "--to", "fr", "-", stdin="Où est la gare ?")
    assert detected.returncode == 1 and not detected.stdout
    assert "reads as French, the language to translate into" in detected.stderr
    # Said before any model loads (this one cannot).
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"junk")
    early = _translate("--model", str(broken), "--to", "fr", "-", stdin="Où est la gare ?")
    assert early.returncode == 1 and "reads as French" in early.stderr, early.stderr
    chosen = _translate("--model", str(smollm2), "--from", "de", "--to", "de", "-", stdin="Ja.")
    assert chosen.returncode == 1 and not chosen.stdout
    assert "hearth: error: The source and target languages are both German" in chosen.stderr


def test_starter_translates_stdin_without_a_model_path(smollm2: Path) -> None:
    result = _translate("--starter", "--to", "fr", "--no-memory", "-", stdin="Good morning.\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert "1/1 segments" in result.stderr
    missing = _translate("--to", "fr", "-", stdin="Good morning.\n")
    assert missing.returncode != 0
    assert "--starter" in missing.stderr


def test_best_quality_on_the_starter_says_it_translates_as_usual(smollm2: Path) -> None:
    args = ("--starter", "--to", "fr", "--no-memory", "-")
    usual = _translate(*args, stdin="The shop is closed today.\n")
    best = _translate("--best", *args, stdin="The shop is closed today.\n")
    assert best.returncode == 0, best.stderr
    assert "Best quality measured worse" in best.stderr and "as usual" in best.stderr
    assert best.stdout == usual.stdout and best.stdout.strip()


def test_best_quality_counts_the_segments_it_decoded_greedily() -> None:
    from dataclasses import replace
    from types import SimpleNamespace
    from typing import Any

    from cli.translate_command import _counting_greedy
    from engine.llm.generation import Reply, ReplyStats

    stats = ReplyStats(0, 0, 1, 0.0, 0.0, 0.0, "stop")
    # Segment 0 had its beams; segment 1 did not fit them, and neither did its retry
    # (counted once); segment 2 was cancelled before it began (not counted); segment 3's
    # retry went on from its first attempt's words, greedily by design (not counted).
    replies = iter(
        [
            (0, replace(stats, beams=4)),
            (1, replace(stats, beams=1)),
            (1, replace(stats, beams=1)),
            (2, replace(stats, beams=1, finish_reason="cancelled")),
            (3, replace(stats, beams=4)),
            (3, replace(stats, beams=1)),
        ]
    )
    without: set[int] = set()
    generate = _counting_greedy(lambda _task: Reply("Bonjour.", next(replies)[1]), without)
    for index, prefix in ((0, ""), (1, ""), (1, ""), (2, ""), (3, ""), (3, "Le chat")):
        task: Any = SimpleNamespace(index=index, prefix=prefix)
        generate(task)
    assert without == {1}
