"""Names users know for model files whose own metadata name says something else.

The starter models' files name their training runs ("Smollm2 135M 8k Lc100K Mix1
Ep2"), not the releases people recognise; the library, the Model menu, the status bar
and Model information all show these names instead.
"""

from __future__ import annotations

from pathlib import Path

from engine.common.messages import msg

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
GEMMA3_FILE = "gemma-3-270m-q4_k_m.gguf"
# English where the engine speaks; the window shows "(starter)" in its language.
SMOLLM2_NAME = msg("{model} (starter)", model="SmolLM2 135M Instruct")
GEMMA3_NAME = msg("{model} (starter)", model="Gemma 3 270M")

_NAMES = {SMOLLM2_FILE: SMOLLM2_NAME, GEMMA3_FILE: GEMMA3_NAME}


def friendly_name(path: str | Path) -> str | None:
    """The known name of the file at ``path``, or None."""
    return _NAMES.get(Path(path).name)
