"""Named chat formats and the validation of custom templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.common.errors import ChatTemplateError
from engine.llm.chat_formats import NAMED_FORMATS, validate_template
from engine.llm.chat_template import render_prompt
from engine.llm.generation import generate_reply
from engine.llm.messages import ChatMessage
from engine.llm.model import load_model
from engine.llm.parameters import LoadSettings, SamplingSettings


@pytest.mark.parametrize("name", sorted(NAMED_FORMATS))
def test_named_formats_are_valid(name: str) -> None:
    validate_template(NAMED_FORMATS[name])


def test_gemma_format_folds_the_system_prompt_into_the_first_turn() -> None:
    text = render_prompt(
        NAMED_FORMATS["Gemma"],
        [ChatMessage("system", "Be brief."), ChatMessage("user", "Hi")],
        bos_token="<bos>",
    )
    assert text == "<bos><start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\n"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "empty"),
        ("{% for m in messages %}", "not valid Jinja"),
        ("{{ messages[0]['content'] }}", "drops part"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
        ("{{ raise_exception('no') }}", "refused"),
    ],
)
def test_bad_custom_templates_are_refused(source: str, message: str) -> None:
    with pytest.raises(ChatTemplateError, match=message):
        validate_template(source)


def test_base_model_chats_with_a_chosen_format(gemma3: Path) -> None:
    settings = LoadSettings(n_ctx=512, n_threads=2, chat_template=NAMED_FORMATS["Gemma"])
    model = load_model(gemma3, settings)
    try:
        reply = generate_reply(
            model,
            [ChatMessage("user", "Name a colour.")],
            SamplingSettings(temperature=0, seed=1, max_tokens=12),
        )
        assert reply.text.strip()
        assert "<start_of_turn>" not in reply.text and "<end_of_turn>" not in reply.text
    finally:
        model.close()
