"""Real reasoning models' chat templates (tests/data/chat_templates): their thinking
switch and reasoning form are recognised, and each thinking choice renders as the model
expects through Hearth's sandboxed renderer."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.llm.chat_template import render_prompt_pieces
from engine.llm.generation import generate_reply, prepare_prompt
from engine.llm.messages import ChatMessage
from engine.llm.model import load_model
from engine.llm.parameters import LoadSettings, SamplingSettings
from engine.llm.reasoning import (
    CHANNELS,
    THINK_TAGS,
    ThinkingSwitch,
    opened_by_prompt,
    reasoning_format_for,
    template_variables,
    thinking_switch,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "chat_templates"
TURNS = [
    ChatMessage("system", "Be brief."),
    ChatMessage("user", "Hi"),
    ChatMessage("assistant", "Hello!"),
    ChatMessage("user", "What is 2+2?"),
]


def _template(name: str) -> str:
    return (TEMPLATES / f"{name}.jinja").read_text(encoding="utf-8")


def _render(template: str, thinking: str) -> tuple[str, bool]:
    pieces = render_prompt_pieces(
        template,
        TURNS,
        bos_token="<s>",
        eos_token="</s>",
        variables=template_variables(thinking_switch(template), thinking),
    )
    last = pieces[-1]
    fmt = reasoning_format_for(template)
    opened = last.from_template and opened_by_prompt(fmt, last.text)
    return "".join(p.text for p in pieces), opened


@pytest.mark.parametrize(
    ("name", "switch", "fmt"),
    [
        ("Qwen-Qwen3-0.6B", ThinkingSwitch.FLAG, THINK_TAGS),
        ("HuggingFaceTB-SmolLM3-3B", ThinkingSwitch.FLAG, THINK_TAGS),
        ("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B", ThinkingSwitch.FLAG, THINK_TAGS),
        ("llama-cpp-deepseek-r1", ThinkingSwitch.EMPTY_THOUGHT, THINK_TAGS),
        ("openai-gpt-oss-120b", ThinkingSwitch.EFFORT, CHANNELS),
    ],
)
def test_switch_and_form_are_recognised(name: str, switch: ThinkingSwitch, fmt: object) -> None:
    template = _template(name)
    assert thinking_switch(template) == switch
    assert reasoning_format_for(template) == fmt


def test_qwen3_thinking_on_and_off() -> None:
    template = _template("Qwen-Qwen3-0.6B")
    on, opened_on = _render(template, "auto")
    off, opened_off = _render(template, "off")
    assert on.endswith("<|im_start|>assistant\n") and not opened_on
    assert off.endswith("<|im_start|>assistant\n<think>\n\n</think>\n\n") and not opened_off
    # The earlier reply goes back as its answer only.
    assert "<|im_start|>assistant\nHello!<|im_end|>" in on


def test_r1_distill_opens_the_block_in_the_prompt() -> None:
    template = _template("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B")
    on, opened = _render(template, "auto")
    assert on.endswith("<think>\n") and opened
    off, opened_off = _render(template, "off")
    assert not opened_off and off.rstrip().endswith("</think>")
    # No switch of its own: the template still opens the block (Off is written by the
    # engine as an empty thought, see test_reasoning_model).
    assert _render(_template("llama-cpp-deepseek-r1"), "off")[1]


def test_gpt_oss_effort() -> None:
    template = _template("openai-gpt-oss-120b")
    for thinking, said in (("auto", "medium"), ("high", "high"), ("low", "low"), ("off", "low")):
        text, opened = _render(template, thinking)
        assert f"Reasoning: {said}" in text and not opened
        assert text.endswith("<|start|>assistant")


def test_starter_model_under_qwen3s_template(smollm2: Path) -> None:
    """SmolLM2 speaks ChatML like Qwen3, so Qwen3's own template runs on it for real."""
    model = load_model(
        smollm2, LoadSettings(n_ctx=1024, n_threads=2, chat_template=_template("Qwen-Qwen3-0.6B"))
    )
    try:
        assert model.info().thinking_switch == "enable_thinking"
        ask = [ChatMessage("user", "Name a colour.")]
        off = SamplingSettings(temperature=0, seed=1, max_tokens=24, thinking="off")
        prompt = prepare_prompt(model, ask, 24, thinking="off")
        text = model.llama.detokenize(list(prompt.tokens), special=True).decode()
        assert text.endswith("<think>\n\n</think>\n\n")
        reply = generate_reply(model, ask, off)
        assert reply.text.strip() and reply.reasoning == ""
    finally:
        model.close()
