"""A reply assembled from a recorded token stream: the thinking split off before the
stop texts, which end only the answer."""

from __future__ import annotations

from typing import Any

from engine.llm.messages import FinishReason
from engine.llm.reasoning import CHANNELS, THINK_TAGS, ReasoningFormat
from engine.llm.reply_stream import ReplyAssembler


class RecordedVocabulary:
    """Token i is the i-th recorded piece (what LoadedModel.token_bytes returns)."""

    eos_token = "</s>"

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces

    def token_bytes(self, token: int, *, special: bool = False) -> bytes:
        return self.pieces[token].encode()


def assemble(
    pieces: list[str],
    fmt: ReasoningFormat | None = THINK_TAGS,
    stop: tuple[str, ...] = (),
    finish: FinishReason = FinishReason.STOP,
    **kwargs: Any,
) -> tuple[ReplyAssembler, list[str], list[str]]:
    text: list[str] = []
    thought: list[str] = []
    model: Any = RecordedVocabulary(pieces)
    assembler = ReplyAssembler(
        model, fmt, stop, on_text=text.append, on_reasoning=thought.append, **kwargs
    )
    for token in range(len(pieces)):
        if assembler.feed(token):
            break
    assembler.finish(finish)
    return assembler, text, thought


THOUGHT = [
    "<think>",
    "First, French.",
    "\n\n",
    "Then check.",
    "</think>",
    "\n\n",
    "Bonjour",
    "\n\n",
    "Extra",
]


def test_a_stop_text_in_the_thinking_does_not_end_the_reply() -> None:
    reply, text, thought = assemble(THOUGHT, stop=("\n\n",))
    assert reply.reasoning == "First, French.\n\nThen check."
    assert reply.answer == "Bonjour" and reply.reached and not reply.moved_to_answer
    assert "".join(text) == "Bonjour" and "".join(thought) == reply.reasoning


def test_end_of_sentence_tag_in_a_thought_about_html_is_text() -> None:
    reply, _, _ = assemble(
        ["<think>", "Use <s>old</s> for", " strikes.", "</think>", "Done", "</s>", "x"]
    )
    assert reply.reasoning == "Use <s>old</s> for strikes." and reply.answer == "Done"


def test_turn_end_in_the_answer_still_ends_it() -> None:
    reply, _, _ = assemble(["Hi", "<|im_end|>", "more"])
    assert reply.answer == "Hi" and reply.reached


def test_unclosed_block_becomes_the_answer_and_is_streamed_as_text() -> None:
    reply, text, thought = assemble(["<think>", "Just", " an answer"])
    assert reply.moved_to_answer and reply.answer == "Just an answer" and reply.reasoning == ""
    assert "".join(thought) == "Just an answer" and "".join(text) == "Just an answer"


def test_a_continued_thought_stays_thinking_when_the_model_ends() -> None:
    reply, text, _ = assemble(["and more", " thinking"], inside=True, move_unclosed=False)
    assert reply.reasoning == "and more thinking" and reply.answer == "" and not text


def test_raw_text_is_not_split_nor_parsed_as_channels() -> None:
    pieces = ["Paris.", "<|channel|>analysis<|message|>", "Madrid"]
    reply, _, _ = assemble(pieces, fmt=None)
    assert reply.answer == "Paris.<|channel|>analysis<|message|>Madrid"
    channels, _, _ = assemble(["<|channel|>final<|message|>", "Paris."], fmt=CHANNELS)
    assert channels.answer == "Paris."


def test_held_back_marker_start_in_a_thought_is_flushed_as_thinking() -> None:
    reply, _, thought = assemble(["<think>", "a <|im", "</think>", "b"])
    assert reply.reasoning == "a <|im" and reply.answer == "b"
    assert "".join(thought) == "a <|im"


def test_thinking_counts_and_unfinished() -> None:
    reply, _, _ = assemble(["<think>", "a", "b"], finish=FinishReason.LENGTH)
    assert reply.thinking_unfinished(FinishReason.LENGTH) and reply.reasoning_tokens == 3
