"""Names that come from the hub (or a user) before they become paths on disk.

A file name like ``../../.bashrc`` or ``/etc/passwd`` in a listing, or typed on the
command line, must never make Hearth write outside its models folder: it is refused
before any request is sent.
"""

from __future__ import annotations

import re

from engine.common.errors import UnsafeNameError
from engine.common.messages import msg

# \Z, not $: "$" also matches before a final newline, so "org/model\n" would pass.
_REPO_PART = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,95}\Z")
_FILE_PART = re.compile(r"\A[A-Za-z0-9_][A-Za-z0-9._+ ()-]{0,199}\Z")
SPLIT_FILE = re.compile(
    r"\A(?P<stem>.+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.gguf\Z", re.IGNORECASE
)
_QUANT = re.compile(
    r"(?i)(?:^|[-_.])((?:IQ|TQ|Q)\d(?:_[A-Z0-9]{1,2}){0,2}|BF16|F16|F32|FP16)(?=[-_.]|\Z)"
)


def check_repo_id(repo_id: str) -> str:
    """``owner/name`` with safe characters only."""
    parts = repo_id.split("/")
    if len(parts) != 2 or not all(_REPO_PART.match(p) and ".." not in p for p in parts):
        raise UnsafeNameError(
            msg("{name!r} is not a repository name (expected owner/name).", name=repo_id)
        )
    return repo_id


def check_file_name(file_name: str) -> str:
    """A relative path inside a repository that ends in .gguf, with no ``..`` and no
    absolute or drive prefix."""
    if (
        not file_name
        or file_name.startswith(("/", "\\"))
        or "\\" in file_name
        or ":" in file_name
        or not file_name.lower().endswith(".gguf")
    ):
        raise UnsafeNameError(msg("{name!r} is not a safe .gguf file name.", name=file_name))
    for part in file_name.split("/"):
        if part in ("", ".", "..") or not _FILE_PART.match(part):
            raise UnsafeNameError(msg("{name!r} is not a safe .gguf file name.", name=file_name))
    return file_name


def quantization_of(file_name: str) -> str:
    """The quantization written in a file name (``Q4_K_M``, ``IQ3_XS``, ``F16``), or ''."""
    base = file_name.rsplit("/", 1)[-1]
    split = SPLIT_FILE.match(base)
    stem = split.group("stem") if split else base.removesuffix(".gguf").removesuffix(".GGUF")
    found = _QUANT.findall(stem)
    return found[-1].upper() if found else ""
