"""Render a conversation into a prompt with the model's own chat template.

Templates come from the GGUF file (``tokenizer.chat_template``) and are untrusted
input: they run in Jinja2's immutable sandbox, so a hostile template can neither read
attributes it should not nor mutate the objects it is given. A model without a
template gets a clear error instead of llama-cpp-python's silent ``llama-2`` fallback,
which is the wrong format for nearly every current model.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NoReturn

from engine.errors import ChatTemplateError, NoChatTemplateError
from engine.messages import ChatMessage

# Texts that end a turn in the common template families. Most models also mark these
# as end-of-generation tokens; matching the text as well stops a model whose
# vocabulary does not.
TURN_END_MARKERS = ("<|im_end|>", "<end_of_turn>", "<|eot_id|>", "<|end|>", "</s>")


def _raise_exception(message: str) -> NoReturn:
    raise ChatTemplateError(f"The model's chat template refused the conversation: {message}")


def _strftime_now(fmt: str) -> str:
    return datetime.datetime.now().strftime(fmt)


@lru_cache(maxsize=8)
def _compile(source: str) -> Any:
    from jinja2 import TemplateError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = _strftime_now
    try:
        return env.from_string(source)
    except TemplateError as error:
        raise ChatTemplateError(f"The chat template is not valid Jinja: {error}") from None


def render_prompt(
    template: str | None,
    messages: Sequence[ChatMessage],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
    model_name: str = "this model",
) -> str:
    """Render ``messages`` into the text the model expects.

    Raises:
        NoChatTemplateError: The model has no chat template.
        ChatTemplateError: The template is broken, hostile, or rejects the messages.
    """
    if not template:
        raise NoChatTemplateError(
            f"{model_name} has no chat template in its GGUF file, so Hearth cannot "
            "format a conversation for it. It is probably a base (non-chat) model: "
            "choose a chat format for it in the model's load settings (Model → Load "
            "settings…), or use an instruct/chat model."
        )
    compiled = _compile(template)
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    try:
        return str(
            compiled.render(
                messages=[m.as_dict() for m in messages],
                add_generation_prompt=add_generation_prompt,
                bos_token=bos_token,
                eos_token=eos_token,
            )
        )
    except ChatTemplateError:
        raise
    except SecurityError as error:
        raise ChatTemplateError(
            f"The chat template tried something unsafe and was stopped: {error}"
        ) from None
    except (TemplateError, TypeError, ValueError, KeyError, AttributeError) as error:
        raise ChatTemplateError(f"The chat template failed to render: {error}") from None
