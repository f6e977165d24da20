"""Print the path of the installed llama-cpp-python's CPU library (libggml-cpu), without
importing it, for the Makefile's check that it was built as scripts/llama_cpu_flags.sh
says; prints /dev/null where there is none, so that a grep on it finds nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

spec = importlib.util.find_spec("llama_cpp")
folder = Path(spec.origin).parent / "lib" if spec is not None and spec.origin else None
found = sorted(folder.glob("libggml-cpu.*")) if folder is not None and folder.is_dir() else []
print(found[0] if found else "/dev/null")
