"""``ask`` with a reasoning model, run as a user would: the starter model under a chat
template (``--chat-template``) that opens ``<think>``, so it really thinks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reasoning_templates import SUM_QUESTION, SWITCHABLE_TEMPLATE, THINKING_TEMPLATE

REPO = Path(__file__).resolve().parents[2]
GREEDY = ["--temperature", "0", "--seed", "1", "--max-tokens", "60", "--ctx", "1024"]


def _ask(model: Path, template: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["main.py", "ask", "--model", str(model), "--chat-template", str(template)]
    return subprocess.run(
        [sys.executable, *command, *GREEDY, *args, SUM_QUESTION],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    files = {"thinking": THINKING_TEMPLATE, "switchable": SWITCHABLE_TEMPLATE, "broken": "{% if %}"}
    for name, text in files.items():
        (folder / f"{name}.jinja").write_text(text, encoding="utf-8")
    return {name: folder / f"{name}.jinja" for name in files}


def test_ask_prints_only_the_answer_and_json_adds_the_thinking(
    smollm2: Path, templates: dict[str, Path]
) -> None:
    data_run = _ask(smollm2, templates["thinking"], "--json")
    assert data_run.returncode == 0, data_run.stderr
    data = json.loads(data_run.stdout)
    assert "sum" in data["reasoning"] and "6" in data["text"]
    assert "<think>" not in data["text"] and "</think>" not in data["text"] + data["reasoning"]
    assert 0 < data["reasoning_tokens"] < data["completion_tokens"]
    assert data["thinking_s"] > 0 and data["thinking_unfinished"] is False

    plain = _ask(smollm2, templates["thinking"])
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.strip() == data["text"].strip()
    assert data["reasoning"].strip() not in plain.stderr

    shown = _ask(smollm2, templates["thinking"], "--show-reasoning")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == data["text"].strip()
    assert data["reasoning"].strip() in shown.stderr


def test_ask_stopped_while_thinking_says_so(smollm2: Path, templates: dict[str, Path]) -> None:
    cut = _ask(smollm2, templates["thinking"], "--json", "--max-tokens", "3")
    assert cut.returncode == 0, cut.stderr
    data = json.loads(cut.stdout)
    assert data["finish_reason"] == "length" and data["thinking_unfinished"] is True
    assert data["text"] == "" and data["reasoning"]


def test_ask_thinking_off_through_the_template_switch(
    smollm2: Path, templates: dict[str, Path]
) -> None:
    on = json.loads(_ask(smollm2, templates["switchable"], "--json").stdout)
    off_run = _ask(smollm2, templates["switchable"], "--json", "--thinking", "off")
    assert off_run.returncode == 0, off_run.stderr
    off = json.loads(off_run.stdout)
    assert on["reasoning"] and on["reasoning_tokens"] > 0
    assert off["reasoning"] == "" and off["reasoning_tokens"] == 0 and off["text"].strip()
    assert off["prompt_tokens"] > on["prompt_tokens"]  # the closed empty block


def test_ask_refuses_a_broken_template_and_an_unknown_thinking_value(
    smollm2: Path, templates: dict[str, Path]
) -> None:
    broken = _ask(smollm2, templates["broken"])
    assert broken.returncode == 1 and "hearth: error:" in broken.stderr
    assert "Traceback" not in broken.stderr
    missing = _ask(smollm2, templates["broken"].with_name("none.jinja"))
    assert missing.returncode == 1 and "Cannot read the chat template" in missing.stderr
    unknown = _ask(smollm2, templates["thinking"], "--thinking", "maybe")
    assert unknown.returncode == 2 and "--thinking" in unknown.stderr


def test_ask_says_what_a_thinking_choice_does_when_it_is_not_just_that(
    smollm2: Path, templates: dict[str, Path]
) -> None:
    low = _ask(smollm2, templates["switchable"], "--thinking", "low")
    assert low.returncode == 0
    assert "only on or off; low means on" in low.stderr
    plain = subprocess.run(
        [
            sys.executable,
            "main.py",
            "ask",
            "--model",
            str(smollm2),
            *GREEDY,
            "--thinking",
            "off",
            "Hi",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert plain.returncode == 0 and "no thinking switch" in plain.stderr
    quiet = _ask(smollm2, templates["switchable"], "--thinking", "off")
    assert "note:" not in quiet.stderr
