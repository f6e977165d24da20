"""Chat formats a user can choose for a model whose file has no template, or a wrong
one, and the check every custom template must pass before it is used."""

from __future__ import annotations

from engine.common.errors import ChatTemplateError
from engine.common.messages import msg
from engine.llm.chat_template import render_prompt
from engine.llm.messages import ChatMessage, Role

# The system prompt folds into the first user turn for formats that have no system role.
_FOLD_SYSTEM = (
    "{% set ns = namespace(system='') %}"
    "{% for m in messages %}{% if m['role'] == 'system' %}"
    "{% set ns.system = m['content'] + '\\n\\n' %}{% endif %}{% endfor %}"
)

NAMED_FORMATS: dict[str, str] = {
    "ChatML": (
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
        "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
    ),
    "Gemma": (
        "{{ bos_token }}" + _FOLD_SYSTEM + "{% set ns.first = true %}"
        "{% for m in messages %}{% if m['role'] != 'system' %}"
        "<start_of_turn>{{ 'model' if m['role'] == 'assistant' else 'user' }}\n"
        "{% if m['role'] == 'user' and ns.first %}{{ ns.system }}{% set ns.first = false %}"
        "{% endif %}{{ m['content'] | trim }}<end_of_turn>\n{% endif %}{% endfor %}"
        "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
    ),
    "Llama 3": (
        "{{ bos_token }}{% for m in messages %}"
        "<|start_header_id|>{{ m['role'] }}<|end_header_id|>\n\n{{ m['content'] | trim }}"
        "<|eot_id|>{% endfor %}"
        "{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n"
        "{% endif %}"
    ),
    "Mistral": (
        "{{ bos_token }}" + _FOLD_SYSTEM + "{% set ns.first = true %}"
        "{% for m in messages %}{% if m['role'] == 'user' %}[INST] "
        "{% if ns.first %}{{ ns.system }}{% set ns.first = false %}{% endif %}"
        "{{ m['content'] }} [/INST]{% elif m['role'] == 'assistant' %}"
        "{{ m['content'] }}{{ eos_token }}{% endif %}{% endfor %}"
    ),
    "Phi-3": (
        "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}<|end|>\n{% endfor %}"
        "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
    ),
}

_PROBE = (
    ChatMessage(Role.SYSTEM, "SYSTEM-PROBE"),
    ChatMessage(Role.USER, "USER-PROBE-1"),
    ChatMessage(Role.ASSISTANT, "ASSISTANT-PROBE"),
    ChatMessage(Role.USER, "USER-PROBE-2"),
)


def validate_template(source: str) -> str:
    """Return ``source`` if it renders a conversation properly, else raise.

    The template runs in the same sandbox as the models' own, on a test conversation;
    it must render without error and keep every message's text.

    Raises:
        ChatTemplateError: The template is broken, unsafe, or loses messages.
    """
    if not source.strip():
        raise ChatTemplateError(msg("The chat template is empty."))
    text = render_prompt(source, _PROBE, bos_token="<s>", eos_token="</s>")
    for needed in ("USER-PROBE-1", "ASSISTANT-PROBE", "USER-PROBE-2"):
        if needed not in text:
            raise ChatTemplateError(
                msg(
                    "The chat template drops part of the conversation (it lost {part}).",
                    part=repr(needed),
                )
            )
    return source
