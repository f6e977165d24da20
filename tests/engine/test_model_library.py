"""The list of models the Model menu offers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.common.errors import HearthError
from engine.common.paths import AppPaths
from engine.models.model_library import ModelLibrary, same_file


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


def test_folder_lists_split_models_once_and_skips_staging(tmp_path: Path, smollm2: Path) -> None:
    paths = AppPaths.from_environment({"HEARTH_HOME": str(tmp_path)}).ensure()
    library = ModelLibrary(paths)
    repo = paths.models_dir / "acme" / "m-GGUF"
    repo.mkdir(parents=True)
    first = repo / "m-Q4_1-00001-of-00002.gguf"
    shutil.copyfile(smollm2, first)
    (repo / "m-Q4_1-00002-of-00002.gguf").write_bytes(b"x" * 1000)
    staging = paths.models_dir / ".downloads" / "half"
    staging.mkdir(parents=True)
    shutil.copyfile(smollm2, staging / "half.gguf")
    folder = [m for m in library.models() if m.origin == "folder"]
    assert [m.path for m in folder] == [first.resolve()]
    assert folder[0].parts == 2
    assert folder[0].size_bytes == smollm2.stat().st_size + 1000
    (repo / "m-Q4_1-00002-of-00002.gguf").unlink()
    assert "parts missing" in library.models()[-1].problem


def test_import_by_link_and_by_copy_and_remove(tmp_path: Path, smollm2: Path) -> None:
    import pytest

    from engine.common.errors import HearthError, InvalidModelFileError

    paths = AppPaths.from_environment({"HEARTH_HOME": str(tmp_path / "home")}).ensure()
    library = ModelLibrary(paths)
    outside = tmp_path / "mine.gguf"
    shutil.copyfile(smollm2, outside)
    garbage = tmp_path / "garbage.gguf"
    garbage.write_bytes(b"not a model at all" * 100)
    with pytest.raises(InvalidModelFileError):
        library.import_model(garbage, copy=True)
    assert not (paths.models_dir / "imported").exists() or not any(
        (paths.models_dir / "imported").iterdir()
    )

    linked = library.import_model(outside, copy=False)
    assert linked == outside.resolve()
    assert {m.origin for m in library.models() if m.path == linked} == {"linked"}
    assert library.remove(linked) == 0
    assert outside.is_file(), "removing a linked model never deletes the user's file"
    assert all(m.path != linked for m in library.models())

    progress: list[tuple[int, int]] = []
    copied = library.import_model(
        outside, copy=True, on_progress=lambda d, t: progress.append((d, t))
    )
    assert copied.parent == paths.models_dir / "imported"
    assert copied.read_bytes() == outside.read_bytes()
    assert progress[-1][0] == progress[-1][1] == outside.stat().st_size
    assert [m.origin for m in library.models() if m.path == copied.resolve()] == ["folder"]
    freed = library.remove(copied)
    assert freed == outside.stat().st_size
    assert not copied.exists() and not (paths.models_dir / "imported").exists()
    with pytest.raises(HearthError, match="starter"):
        library.remove(smollm2)


def test_discovers_other_apps_models(tmp_path: Path, smollm2: Path) -> None:
    from engine.models.model_discovery import discover_models

    home = tmp_path / "home"
    blob = home / ".cache/huggingface/hub/models--acme--m-GGUF/blobs/abc123"
    blob.parent.mkdir(parents=True)
    shutil.copyfile(smollm2, blob)
    snapshot = home / ".cache/huggingface/hub/models--acme--m-GGUF/snapshots/0123/m-Q4_1.gguf"
    snapshot.parent.mkdir(parents=True)
    snapshot.symlink_to(blob)
    lm = home / ".lmstudio/models/acme/x-GGUF"
    lm.mkdir(parents=True)
    (lm / "x-Q8_0-00001-of-00002.gguf").write_bytes(b"GGUF1")
    (lm / "x-Q8_0-00002-of-00002.gguf").write_bytes(b"GGUF2")
    (lm / "mmproj-x-f16.gguf").write_bytes(b"GGUF3")
    gpt4all = home / ".local/share/nomic.ai/GPT4All"
    gpt4all.mkdir(parents=True)
    (gpt4all / "orca.gguf").write_bytes(b"GGUF4")
    found = discover_models(home, environ={})
    assert [(f.path.name, f.source) for f in found] == [
        ("m-Q4_1.gguf", "Hugging Face cache"),
        ("x-Q8_0-00001-of-00002.gguf", "LM Studio"),
        ("orca.gguf", "GPT4All"),
    ]
    again = discover_models(home, environ={}, exclude={blob.resolve()})
    assert [f.path.name for f in again] == ["x-Q8_0-00001-of-00002.gguf", "orca.gguf"]


def test_same_file_sees_through_links_and_relative_parts(tmp_path: Path) -> None:
    model = tmp_path / "models" / "a-Q4_K_M.gguf"
    model.parent.mkdir()
    model.write_bytes(b"GGUF")
    link = tmp_path / "link.gguf"
    link.symlink_to(model)
    assert same_file(link, model)
    assert same_file(tmp_path / "models" / ".." / "models" / "a-Q4_K_M.gguf", str(model))
    assert not same_file(model, tmp_path / "other.gguf")


def test_importing_a_symlink_loop_is_a_clear_error(tmp_path: Path) -> None:
    paths = AppPaths.from_environment({"HEARTH_HOME": str(tmp_path / "home")}).ensure()
    library = ModelLibrary(paths)
    loop = tmp_path / "loop.gguf"
    loop.symlink_to(tmp_path / "loop2.gguf")
    (tmp_path / "loop2.gguf").symlink_to(loop)
    with pytest.raises(HearthError):
        library.import_model(loop, copy=False)


def test_listing_reads_a_header_again_only_when_the_file_changes(
    tmp_path: Path, smollm2: Path
) -> None:
    paths = AppPaths.from_environment({"HEARTH_HOME": str(tmp_path)}).ensure()
    library = ModelLibrary(paths, include_starters=False)
    model = paths.models_dir / "copy-Q4_1.gguf"
    shutil.copyfile(smollm2, model)
    [first] = library.models()
    assert first.problem == ""
    assert library.models()[0] is first  # unchanged file: the same description
    with model.open("r+b") as handle:  # damage the header in place
        handle.write(b"XXXX")
    [again] = library.models()
    assert again is not first and again.problem


def test_the_starter_has_a_friendly_name_and_is_marked(tmp_path: Path, smollm2: Path) -> None:
    from engine.models.starter_models import SMOLLM2_NAME

    paths = AppPaths.from_environment({"HEARTH_HOME": str(tmp_path)}).ensure()
    library = ModelLibrary(paths)
    [starter] = [m for m in library.models() if m.path == smollm2.resolve()]
    assert starter.name == SMOLLM2_NAME == "SmolLM2 135M Instruct (starter)"
    assert starter.is_starter and starter.label.startswith(SMOLLM2_NAME + " · Q4_1 · ")
    assert library.has_only_starters()
    # The same file in the models folder is an ordinary model: its own name, no mark.
    shutil.copyfile(smollm2, paths.models_dir / "copy-Q4_1.gguf")
    copy = next(m for m in library.models() if m.origin == "folder")
    assert not copy.is_starter and "starter" not in copy.label
    assert copy.name == "Smollm2 135M 8k Lc100K Mix1 Ep2"  # from the file, as before
    assert not library.has_only_starters()
    assert not ModelLibrary(paths, tmp_path / "empty", include_starters=False).has_only_starters()


def test_a_file_that_is_not_a_gguf_model_is_refused_before_anything_else(
    tmp_path: Path, smollm2: Path
) -> None:
    from engine.common.errors import InvalidModelFileError

    renamed = tmp_path / "model.bin"  # GGUF bytes, but not a .gguf name
    shutil.copyfile(smollm2, renamed)
    with pytest.raises(InvalidModelFileError, match=r"model\.bin .*does not end in \.gguf"):
        ModelLibrary.check_importable(renamed)
    notes = tmp_path / "notes.gguf"
    notes.write_text("shopping list", encoding="utf-8")
    with pytest.raises(InvalidModelFileError, match="not a valid GGUF"):
        ModelLibrary.check_importable(notes)
    good = tmp_path / "good.gguf"
    shutil.copyfile(smollm2, good)
    assert ModelLibrary.check_importable(str(good)) == good.resolve()
