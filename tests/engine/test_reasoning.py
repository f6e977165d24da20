"""The reasoning splitter on recorded token streams, and the thinking switches."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.common.errors import HearthError
from engine.llm.chat_template import render_prompt
from engine.llm.messages import ChatMessage
from engine.llm.reasoning import (
    CHANNELS,
    THINK_TAGS,
    ReasoningFormat,
    ReasoningSplitter,
    Thinking,
    ThinkingSwitch,
    can_turn_off,
    check_reasoning_tags,
    continuation_text,
    opened_by_prompt,
    reasoning_format_for,
    soft_switch,
    split_reasoning,
    template_variables,
    thinking_switch,
)


def run(
    tokens: Sequence[str], fmt: ReasoningFormat = THINK_TAGS, **kwargs: bool
) -> tuple[str, str, ReasoningSplitter]:
    splitter = ReasoningSplitter(fmt, **kwargs)
    pieces = [p for t in tokens for p in splitter.feed(t)] + splitter.flush()
    reasoning = "".join(t for is_r, t in pieces if is_r)
    answer = "".join(t for is_r, t in pieces if not is_r)
    return reasoning, answer, splitter


# Recorded from Qwen3-style output: the tags are single tokens, the block is followed
# by blank lines.
QWEN3 = ["<think>", "\n", "The", " user", " greets", ".", "\n", "</think>", "\n\n", "Hello", "!"]


def test_think_block_is_split_from_the_answer() -> None:
    reasoning, answer, splitter = run(QWEN3)
    assert reasoning == "\nThe user greets.\n"
    assert answer == "Hello!"
    assert splitter.closed


def test_tags_split_across_tokens() -> None:
    text = "<think>I should greet.</think> Hello there!"
    tokens = [text[i : i + 3] for i in range(0, len(text), 3)]
    reasoning, answer, _ = run(tokens)
    assert (reasoning, answer) == ("I should greet.", "Hello there!")


def test_leading_white_space_before_the_block() -> None:
    assert run(["\n", " <th", "ink>x</thi", "nk>y"])[:2] == ("x", "y")


def test_block_opened_by_the_template() -> None:
    # DeepSeek-R1 distills: the prompt ends with "<think>\n", only the close appears.
    tokens = ["Okay", ", so", " 2+2", "=4.", "\n", "</think>", "\n\n", "**4**"]
    assert run(tokens, inside=True)[:2] == ("Okay, so 2+2=4.\n", "**4**")


def test_missing_close_tag_keeps_streaming_as_reasoning() -> None:
    reasoning, answer, splitter = run(["<think>", "still", " going"])
    assert (reasoning, answer) == ("still going", "")
    assert splitter.in_reasoning and not splitter.closed


def test_think_tags_inside_an_answer_are_text() -> None:
    tokens = ["Use", " `<think>`", " like", ":\n```\n<think>a</think>\n```"]
    reasoning, answer, splitter = run(tokens)
    assert reasoning == ""
    assert answer == "Use `<think>` like:\n```\n<think>a</think>\n```"
    assert not splitter.saw_reasoning


def test_code_inside_reasoning_and_a_second_block_in_the_answer() -> None:
    text = "<think>try `x<y`</think>Answer: <think>not a block</think>"
    assert split_reasoning(text) == ("try `x<y`", "Answer: <think>not a block</think>")


def test_partial_tag_at_the_end_is_not_lost() -> None:
    assert run(["A less-than sign: <"])[:2] == ("", "A less-than sign: <")
    assert run(["<thi"])[:2] == ("", "<thi")
    assert run(["<think>a </thi"])[:2] == ("a </thi", "")


def test_plain_reply_without_reasoning() -> None:
    assert run(["Hello", " there", "."])[:2] == ("", "Hello there.")


def test_continued_answer_is_not_searched_for_a_block() -> None:
    assert run(["<think>x</think>"], after_reasoning=True)[:2] == ("", "<think>x</think>")


def test_custom_tag_pair() -> None:
    fmt = ReasoningFormat("[REASON]", "[/REASON]")
    assert run(["[REA", "SON]why[/REA", "SON]", " what"], fmt)[:2] == ("why", "what")


# gpt-oss: markers are control tokens, rendered only for this form.
GPT_OSS = [
    "<|channel|>",
    "analysis",
    "<|message|>",
    "User",
    " asks",
    " 2+2.",
    "<|end|>",
    "<|start|>",
    "assistant",
    "<|channel|>",
    "final",
    "<|message|>",
    "4",
    ".",
    "<|return|>",
]


def test_gpt_oss_channels() -> None:
    reasoning, answer, splitter = run(GPT_OSS, CHANNELS)
    assert (reasoning, answer) == ("User asks 2+2.", "4.")
    assert splitter.ended and splitter.closed


def test_gpt_oss_final_only_and_plain_text() -> None:
    assert run(["<|channel|>final<|message|>", "Hi"], CHANNELS)[:2] == ("", "Hi")
    assert run(["Just", " text"], CHANNELS)[:2] == ("", "Just text")


@given(st.lists(st.integers(min_value=1, max_value=40), max_size=30))
def test_any_split_of_the_stream_gives_the_same_parts(cuts: list[int]) -> None:
    for fmt, text in (
        (THINK_TAGS, "  <think>a <b> c</think>\n\nanswer </think> <think>"),
        (CHANNELS, "".join(GPT_OSS)),
    ):
        tokens, rest = [], text
        for cut in cuts:
            tokens.append(rest[:cut])
            rest = rest[cut:]
        tokens.append(rest)
        assert run(tokens, fmt)[:2] == run([text], fmt)[:2]


def test_split_reasoning_unclosed_block_is_the_answer() -> None:
    assert split_reasoning("<think>only this") == ("", "only this")


def test_format_detection() -> None:
    assert reasoning_format_for(None) == THINK_TAGS
    assert reasoning_format_for("{{ '<|start|>assistant<|channel|>final' }}") == CHANNELS
    assert reasoning_format_for("x", ("<r>", "</r>")) == ReasoningFormat("<r>", "</r>")
    assert opened_by_prompt(THINK_TAGS, "<|im_start|>assistant\n<think>\n")
    assert not opened_by_prompt(THINK_TAGS, "<|im_start|>assistant\n<think>\n\n</think>\n\n")
    assert opened_by_prompt(CHANNELS, "<|start|>assistant<|channel|>analysis<|message|>")
    assert not opened_by_prompt(CHANNELS, "<|start|>assistant")


def test_custom_tags_are_checked() -> None:
    with pytest.raises(HearthError):
        check_reasoning_tags("", "</r>")
    with pytest.raises(HearthError):
        check_reasoning_tags("<r>", "<r>")
    assert check_reasoning_tags("<r>", "</r>") == ("<r>", "</r>")


def test_continuation_markup() -> None:
    assert continuation_text(THINK_TAGS, "why", "", opened=False, thinking=True) == (
        ("<think>", True),
        ("why", False),
    )
    assert continuation_text(THINK_TAGS, "why", "ans", opened=True, thinking=False) == (
        ("why", False),
        ("</think>", True),
        ("ans", False),
    )
    assert continuation_text(THINK_TAGS, "", "ans", opened=False, thinking=False) == (
        ("ans", False),
    )


def test_an_answer_continued_without_thinking_follows_the_empty_thought_or_final_channel() -> None:
    """A translation's retry goes on from its first attempt's words with thinking off:
    after the empty thought a model without a switch is given, and in gpt-oss's final
    channel."""
    from types import SimpleNamespace

    from engine.llm.generation import _render
    from engine.llm.reasoning import reasoning_format_for, thinking_switch

    messages = [ChatMessage("user", "Translate: Don't go in the kitchen!")]
    ends = {
        "llama-cpp-deepseek-r1": "<｜Assistant｜><think>\n\n</think>\n\nN'entre pas dans la",
        "openai-gpt-oss-120b": "<|start|>assistant<|channel|>final<|message|>N'entre pas dans la",
        "Qwen-Qwen3-0.6B": "<|im_start|>assistant\n<think>\n\n</think>\n\nN'entre pas dans la",
    }
    for name, end in ends.items():
        template = Path(__file__).parent.parent / "data" / "chat_templates" / f"{name}.jinja"
        text = template.read_text(encoding="utf-8")
        model = SimpleNamespace(
            thinking_switch=thinking_switch(text), chat_template=text, bos_token="<s>",
            eos_token="</s>", metadata=SimpleNamespace(name=name),
            reasoning_format=reasoning_format_for(text),
        )  # fmt: skip
        fresh, _ = _render(model, messages, "", None, "off", "", False)  # type: ignore[arg-type]
        pieces, opened = _render(model, messages, "N'entre pas dans la", None, "off", "", False)  # type: ignore[arg-type]
        prompt = "".join(p.text for p in pieces)
        assert prompt.endswith(end), (name, prompt[-80:])
        assert not opened, name
        if name != "openai-gpt-oss-120b":  # the first attempt's prompt, then its words
            assert prompt == "".join(p.text for p in fresh) + "N'entre pas dans la"


QWEN3_LIKE = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n"
    "{% if enable_thinking is defined and enable_thinking is false %}"
    "<think>\n\n</think>\n\n{% endif %}{% endif %}"
)
GPT_OSS_LIKE = (
    "<|start|>system<|message|>Reasoning: {{ reasoning_effort | default('medium') }}"
    "<|end|>{% for m in messages %}<|start|>{{ m.role }}<|message|>{{ m.content }}"
    "<|end|>{% endfor %}<|start|>assistant"
)


def test_thinking_switches_through_the_template() -> None:
    hi = [ChatMessage("user", "Hi")]
    assert thinking_switch(QWEN3_LIKE) == ThinkingSwitch.FLAG
    off = render_prompt(QWEN3_LIKE, hi, variables=template_variables(ThinkingSwitch.FLAG, "off"))
    on = render_prompt(QWEN3_LIKE, hi, variables=template_variables(ThinkingSwitch.FLAG, "on"))
    assert off.endswith("<think>\n\n</think>\n\n") and not on.endswith("</think>\n\n")
    assert thinking_switch(GPT_OSS_LIKE) == ThinkingSwitch.EFFORT
    high = template_variables(ThinkingSwitch.EFFORT, Thinking.HIGH)
    assert "Reasoning: high" in render_prompt(GPT_OSS_LIKE, hi, variables=high)
    assert not can_turn_off(ThinkingSwitch.EFFORT) and can_turn_off(ThinkingSwitch.FLAG)
    assert thinking_switch("{{ messages }}") == ThinkingSwitch.NONE
    assert template_variables(ThinkingSwitch.NONE, "off") == {}
    assert soft_switch(thinking_switch("{% if '/no_think' in x %}{% endif %}"), "off") == (
        " /no_think"
    )


def test_extra_variables_cannot_replace_the_messages() -> None:
    hi = [ChatMessage("user", "Hi")]
    text = render_prompt(QWEN3_LIKE, hi, variables={"messages": [], "add_generation_prompt": 0})
    assert "Hi" in text and text.endswith("assistant\n")
