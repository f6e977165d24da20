"""The list of models the Model menu offers."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.model_library import ModelLibrary
from engine.paths import AppPaths


def test_lists_starters_folder_and_remembered_files(tmp_path: Path, smollm2: Path) -> None:
    paths = AppPaths.from_environment({"HEARTH_HOME": str(tmp_path / "home")}).ensure()
    library = ModelLibrary(paths)
    names = [m.path for m in library.models()]
    assert smollm2.resolve() in names

    in_folder = paths.models_dir / "copy.gguf"
    shutil.copyfile(smollm2, in_folder)
    broken = paths.models_dir / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 30)
    elsewhere = tmp_path / "elsewhere.gguf"
    elsewhere.symlink_to(smollm2)
    library.remember(elsewhere)
    library.remember(elsewhere)  # once only

    models = {m.path: m for m in library.models()}
    assert in_folder.resolve() in models
    assert models[in_folder.resolve()].quantization == "Q4_1"
    assert "MB" in models[in_folder.resolve()].label
    assert models[broken.resolve()].problem
    assert "cannot be used" in models[broken.resolve()].label
    # A remembered link to the starter file is the same model: listed once.
    assert list(models).count(smollm2.resolve()) == 1
    assert len(library.remembered()) == 1
    library.forget(elsewhere)
    assert library.remembered() == []


def test_missing_remembered_file_is_left_out(tmp_path: Path) -> None:
    paths = AppPaths.from_environment({"HEARTH_HOME": str(tmp_path)}).ensure()
    library = ModelLibrary(paths)
    library.remember(tmp_path / "gone.gguf")
    assert all(m.path.name != "gone.gguf" for m in library.models())
    (paths.config_dir / "models.json").write_text("{not json", encoding="utf-8")
    assert library.remembered() == []
