"""The ids a server that loads on request gives the library's models
(:func:`engine.api.model_switch.library_catalog`): unique, the same whichever model is
loaded, and a file name names a model only when one file has it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.api.model_switch import find_entry, library_catalog
from engine.api.schema import ApiError
from engine.common.paths import AppPaths
from engine.models.model_library import ModelLibrary


@pytest.fixture
def library(smollm2: Path, tmp_path: Path) -> ModelLibrary:
    """``a/x.gguf`` and ``b/x.gguf`` share a name; ``y.gguf`` has its own."""
    folder = tmp_path / "models"
    for where in ("a/x.gguf", "b/x.gguf", "y.gguf"):
        (folder / where).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(smollm2, folder / where)
    return ModelLibrary(AppPaths.from_environment(), folder, include_starters=False)


def _ids(library: ModelLibrary, loaded: Path | None) -> dict[str, Path]:
    return {entry.id: entry.path for entry in library_catalog(library, loaded)}


def test_colliding_names_get_their_path_whichever_model_is_loaded(
    library: ModelLibrary,
) -> None:
    folder = library.models_dir.resolve()
    expected = {"a/x": folder / "a/x.gguf", "b/x": folder / "b/x.gguf", "y": folder / "y.gguf"}
    for loaded in (None, folder / "a/x.gguf", folder / "b/x.gguf", folder / "y.gguf"):
        assert _ids(library, loaded) == expected, loaded


def test_a_loaded_file_outside_the_library_leaves_the_library_ids_alone(
    library: ModelLibrary, smollm2: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(smollm2, elsewhere / "y.gguf")
    shutil.copy(smollm2, elsewhere / "z.gguf")
    folder = library.models_dir.resolve()

    with_y = library_catalog(library, elsewhere / "y.gguf")
    assert with_y[0].path == (elsewhere / "y.gguf").resolve()
    # Its folder's name and its own: where the user keeps files is not shown.
    assert with_y[0].id == "elsewhere/y"
    assert not any(str(tmp_path) in entry.id for entry in with_y)
    assert {e.id: e.path for e in with_y[1:]} == _ids(library, None)
    assert _ids(library, None)["y"] == folder / "y.gguf"

    with_z = library_catalog(library, elsewhere / "z.gguf")
    assert with_z[0].id == "z" and with_z[0].path == (elsewhere / "z.gguf").resolve()


def test_a_name_finds_its_model_only_when_it_is_unambiguous(library: ModelLibrary) -> None:
    entries = library_catalog(library, None)
    folder = library.models_dir.resolve()
    found = find_entry(entries, "a/x")
    assert found is not None and found.path == folder / "a/x.gguf"
    by_name = find_entry(entries, "y.gguf")
    assert by_name is not None and by_name.id == "y"
    assert find_entry(entries, "x") is None
    assert find_entry(entries, "a/x.gguf") is None  # ids, and bare file names only
    with pytest.raises(ApiError) as caught:
        find_entry(entries, "x.gguf")
    assert caught.value.status == 404 and "'a/x', 'b/x'" in caught.value.message


def test_ids_stay_unique_when_folder_and_name_coincide(
    library: ModelLibrary, smollm2: Path, tmp_path: Path
) -> None:
    """A loaded file outside the library named like a library file in a folder of the
    same name gets ``~2``; the library's ids stay as they are."""
    inside = library.models_dir / "elsewhere"
    inside.mkdir()
    shutil.copy(smollm2, inside / "w.gguf")
    shutil.copy(smollm2, library.models_dir / "w.gguf")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(smollm2, outside / "w.gguf")
    alone = _ids(library, None)
    assert {"elsewhere/w", "w"} <= set(alone)
    listed = library_catalog(library, outside / "w.gguf")
    assert listed[0].id == "elsewhere/w~2" and listed[0].path == (outside / "w.gguf").resolve()
    assert {e.id: e.path for e in listed[1:]} == alone
