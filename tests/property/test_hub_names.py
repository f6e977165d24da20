"""Names from the hub never lead outside the models folder: for any repository and file
name, either the name is refused or every path Hearth makes from it is inside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.common.errors import UnsafeNameError
from engine.hub.downloads import STAGING, DownloadRequest, HubFile, model_folder
from engine.hub.hub_names import check_file_name, check_repo_id

pytestmark = pytest.mark.property

MODELS = Path("/models-root/Hearth models")

_PIECES = st.sampled_from(
    ["/", "\\", ".", "..", "../", "..\\", "~", ":", "C:", "//", "\n", "\r", "\x00", " ", "-",
     "_", "+", "(", ")", "%2e%2e", "\u2024", "\uff0e", "\u202e", "a", "Q4_K_M", ".gguf",
     ".GGUF", "model", "org", "CON", "$HOME", "*", "?"]
)  # fmt: skip
_NAMES = st.one_of(
    st.text(max_size=40),
    st.lists(_PIECES | st.text(max_size=3), max_size=12).map("".join),
)


def _inside(path: Path, folder: Path) -> bool:
    resolved = Path(os.path.normpath(path))
    return resolved != folder and resolved.is_relative_to(folder)


@given(repo_id=_NAMES, file_name=_NAMES)
def test_accepted_names_stay_inside_the_models_folder(repo_id: str, file_name: str) -> None:
    try:
        check_repo_id(repo_id)
        check_file_name(file_name)
    except UnsafeNameError:
        return
    assert "\n" not in repo_id + file_name and "\x00" not in repo_id + file_name
    folder = model_folder(MODELS, repo_id)
    assert _inside(folder, MODELS)
    assert not _inside(folder, MODELS / STAGING)
    assert _inside(folder / file_name, folder)
    request = DownloadRequest(repo_id, file_name, (HubFile(file_name, 1, "0" * 64),), "c" * 40)
    request.check_names()
    assert _inside(MODELS / STAGING / request.key, MODELS / STAGING)


@given(owner=st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,20}\Z"), file_name=_NAMES)
def test_names_built_like_real_ones_are_checked_the_same_way(owner: str, file_name: str) -> None:
    """Valid-looking owners reach the file-name check, so hostile file names are tried
    with accepted repositories too."""
    repo_id = f"{owner}/model"
    try:
        check_repo_id(repo_id)
    except UnsafeNameError:
        assert ".." in owner
        return
    try:
        check_file_name(file_name)
    except UnsafeNameError:
        return
    path = Path(os.path.normpath(model_folder(MODELS, repo_id) / file_name))
    assert path.is_relative_to(model_folder(MODELS, repo_id))
    assert path.suffix.lower() == ".gguf"
