"""Chat templates that make the starter model (SmolLM2-135M) a "reasoning model" for
tests: the assistant turn opens ``<think>`` in the prompt, and two worked examples
teach the model to close the block and answer (greedy, it does: "What is 3+3?" gives
the thinking "The user asks a sum." and the answer "3 + 3 = 6")."""

from __future__ import annotations

_EXAMPLES = (
    "<|im_start|>system\nThink first inside <think> and </think>, then answer.<|im_end|>\n"
    "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
    "<|im_start|>assistant\n<think>\nThe user asks a sum.\n</think>\n4<|im_end|>\n"
    "<|im_start|>user\nSay hi.<|im_end|>\n"
    "<|im_start|>assistant\n<think>\nA greeting.\n</think>\nHi!<|im_end|>\n"
)
_TURNS = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"

# The reply starts inside a <think> block the prompt opened (as DeepSeek-R1 distills').
THINKING_TEMPLATE = (
    _EXAMPLES + _TURNS + "{% if add_generation_prompt %}<|im_start|>assistant\n<think>\n{% endif %}"
)

# Qwen3's switch: `enable_thinking` false closes the block in the prompt, unanswered.
SWITCHABLE_TEMPLATE = (
    _EXAMPLES + _TURNS + "{% if add_generation_prompt %}<|im_start|>assistant\n"
    "{% if enable_thinking is defined and enable_thinking is false %}"
    "<think>\n\n</think>\n\n{% else %}<think>\n{% endif %}{% endif %}"
)

# A question the starter model answers with both parts under THINKING_TEMPLATE.
SUM_QUESTION = "What is 3+3?"
