"""GGUF files other apps already downloaded: the Hugging Face cache and the model
folders of LM Studio, GPT4All and Jan. Hearth offers to link them (read-only, no copy)
instead of downloading the same gigabytes again.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.hub.hub_names import SPLIT_FILE

MAX_DEPTH = 6


@dataclass(frozen=True)
class FoundModel:
    path: Path
    source: str  # "Hugging Face cache", "LM Studio", "GPT4All", "Jan"
    size: int


def known_folders(
    home: Path | None = None, environ: Mapping[str, str] | None = None
) -> list[tuple[str, Path]]:
    """(source, folder) pairs where other apps keep GGUF files, on every platform."""
    env = os.environ if environ is None else environ
    home = home or Path.home()
    local = Path(env.get("LOCALAPPDATA", home / "AppData" / "Local"))
    roaming = Path(env.get("APPDATA", home / "AppData" / "Roaming"))
    xdg_data = Path(env.get("XDG_DATA_HOME", home / ".local" / "share"))
    mac_support = home / "Library" / "Application Support"
    hf_home = Path(env.get("HF_HOME", home / ".cache" / "huggingface"))
    hf_cache = Path(env.get("HF_HUB_CACHE", hf_home / "hub"))
    return [
        ("Hugging Face cache", hf_cache),
        ("LM Studio", home / ".lmstudio" / "models"),
        ("LM Studio", home / ".cache" / "lm-studio" / "models"),
        ("GPT4All", xdg_data / "nomic.ai" / "GPT4All"),
        ("GPT4All", mac_support / "nomic.ai" / "GPT4All"),
        ("GPT4All", local / "nomic.ai" / "GPT4All"),
        ("Jan", home / "jan" / "models"),
        ("Jan", xdg_data / "Jan" / "data" / "llamacpp" / "models"),
        ("Jan", mac_support / "Jan" / "data" / "llamacpp" / "models"),
        ("Jan", roaming / "Jan" / "data" / "llamacpp" / "models"),
    ]


def discover_models(
    home: Path | None = None,
    environ: Mapping[str, str] | None = None,
    exclude: set[Path] | None = None,
) -> list[FoundModel]:
    """Model files (first parts of split files; no vision projectors) in the known
    folders, each real file once; ``exclude`` holds resolved paths already in the library."""
    seen = set(exclude or ())
    found = []
    for source, folder in known_folders(home, environ):
        for path in gguf_files(folder):
            real = path.resolve()
            if real in seen or not real.is_file():
                continue
            seen.add(real)
            found.append(FoundModel(path, source, real.stat().st_size))
    return found


def gguf_files(folder: Path, max_depth: int = MAX_DEPTH) -> list[Path]:
    """Model files below ``folder``: first parts of split files only, no vision
    projectors (``mmproj``), nothing in hidden folders or a cache's ``blobs``."""
    if not folder.is_dir():
        return []
    base_depth = len(folder.parts)
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        if len(Path(root).parts) - base_depth >= max_depth:
            dirs[:] = []
        dirs[:] = sorted(d for d in dirs if d not in ("blobs", ".locks") and not d.startswith("."))
        for name in sorted(files):
            lower = name.lower()
            if not lower.endswith(".gguf") or lower.startswith(("mmproj", ".")):
                continue
            split = SPLIT_FILE.match(name)
            if split and int(split.group("index")) != 1:
                continue
            found.append(Path(root) / name)
    return found
