"""``python main.py``'s command line, run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=180,
    )


def test_ask_json_matches_the_statistics_contract(smollm2: Path) -> None:
    args = ["ask", "--model", str(smollm2), "--json", "--temperature", "0", "--seed", "3"]
    result = _run(*args, "--max-tokens", "24", "What is the capital of France?")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, "--json prints exactly one line"
    data = json.loads(lines[0])
    for key in (
        "text",
        "prompt_tokens",
        "cached_tokens",
        "completion_tokens",
        "ttft_s",
        "prefill_tps",
        "decode_tps",
        "finish_reason",
    ):
        assert key in data, key
    assert data["text"].strip()
    assert data["prompt_tokens"] > 0
    assert 0 < data["completion_tokens"] <= 24
    assert data["cached_tokens"] == 0
    assert data["finish_reason"] in ("stop", "length")
    assert data["ttft_s"] > 0 and data["decode_tps"] > 0 and data["prefill_tps"] > 0
    again = _run(*args, "--max-tokens", "24", "What is the capital of France?")
    assert json.loads(again.stdout)["text"] == data["text"], "fixed seed, same reply"


def test_ask_streams_plain_text_and_reads_stdin(smollm2: Path) -> None:
    result = _run(
        "ask",
        "--model",
        str(smollm2),
        "--system",
        "You answer briefly.",
        "--temperature",
        "0",
        "--max-tokens",
        "16",
        "-",
        stdin="Name a colour.",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert not result.stdout.lstrip().startswith("{")


def test_bad_path_is_one_clear_line(tmp_path: Path) -> None:
    result = _run("ask", "--model", str(tmp_path / "missing.gguf"), "hi")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"hearth: error: No model file at {tmp_path / 'missing.gguf'}."
    ]


def test_corrupt_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\xff" * 100)
    result = _run("ask", "--model", str(bad), "hi")
    assert result.returncode != 0
    assert "not a valid GGUF" in result.stderr
    assert "Traceback" not in result.stderr


def test_impossible_settings_are_refused(smollm2: Path) -> None:
    for extra in (["--ctx", "10"], ["--temperature", "-1"], ["--max-tokens", "-1"]):
        result = _run("ask", "--model", str(smollm2), *extra, "hi")
        assert result.returncode != 0, extra
        assert result.stderr.startswith("hearth: error:"), result.stderr
        assert "Traceback" not in result.stderr


def test_model_without_template_is_refused(gemma3: Path) -> None:
    result = _run("ask", "--model", str(gemma3), "--ctx", "512", "hi")
    assert result.returncode != 0
    assert "no chat template" in result.stderr


def test_version_and_help() -> None:
    version = _run("--version")
    assert version.returncode == 0 and version.stdout.startswith("Hearth ")
    help_text = _run("--help")
    assert help_text.returncode == 0 and "ask" in help_text.stdout
    assert "ask" in _run("ask", "--help").stdout


def test_ask_starter_uses_the_bundled_model(smollm2: Path) -> None:
    args = ["--json", "--temperature", "0", "--seed", "3", "--max-tokens", "12", "Name a colour."]
    with_starter = _run("ask", "--starter", *args)
    assert with_starter.returncode == 0, with_starter.stderr
    with_path = _run("ask", "--model", str(smollm2), *args)
    assert json.loads(with_starter.stdout)["text"] == json.loads(with_path.stdout)["text"]
    # Before the command, as for the window, the flags are not lost either.
    before = _run("--starter", "ask", *args)
    assert before.returncode == 0, before.stderr
    assert json.loads(before.stdout)["text"] == json.loads(with_path.stdout)["text"]
    model_before = _run("--model", str(smollm2), "ask", *args)
    assert json.loads(model_before.stdout)["text"] == json.loads(with_path.stdout)["text"]


def test_ask_without_a_model_names_every_way_to_give_one() -> None:
    result = _run("ask", "hi")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "hearth: error: --model PATH is required (or --starter, or --endpoint URL)."
    )
    both = _run("ask", "--starter", "--model", "other.gguf", "hi")
    assert both.returncode != 0
    assert "--starter replaces --model: give one of them." in both.stderr
