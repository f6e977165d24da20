"""The models a user can pick: the starter models, the models folder (downloads land in
``<folder>/<owner>/<repo>/``), and GGUF files linked from elsewhere (remembered by
path, never copied). Import by copy or by link, and removal, live here too.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from engine.common.errors import HearthError, InvalidModelFileError
from engine.common.messages import message_of, msg
from engine.common.paths import AppPaths
from engine.common.units import human_size
from engine.hub.hub_names import SPLIT_FILE
from engine.llm.gguf_metadata import read_gguf_metadata
from engine.models.model_discovery import gguf_files
from engine.models.starter_models import find_starter_models

log = logging.getLogger(__name__)

Origin = Literal["starter", "folder", "linked"]


@dataclass(frozen=True)
class LibraryModel:
    """One model (a file, or the first part of a split file) and what the menu shows."""

    path: Path
    name: str
    quantization: str
    size_bytes: int
    problem: str = ""
    origin: Origin = "folder"
    architecture: str = ""
    context_length: int = 0
    parts: int = 1

    @property
    def is_starter(self) -> bool:
        """One of the tiny models that come with Hearth (to try it, not for real use)."""
        return self.origin == "starter"

    @property
    def label(self) -> str:
        if self.problem:
            return msg("{name} (cannot be used: {problem})", name=self.name, problem=self.problem)
        return f"{self.name} · {self.quantization} · {human_size(self.size_bytes)}"


class ModelLibrary:
    """Lists model files; remembers linked ones in ``config/models.json``."""

    def __init__(
        self, paths: AppPaths, models_dir: Path | None = None, *, include_starters: bool = True
    ) -> None:
        self.paths = paths
        self.models_dir = models_dir or paths.models_dir
        self.include_starters = include_starters
        self._registry = paths.config_dir / "models.json"
        # Each file's description, kept while its parts' sizes and times stay the same:
        # listing the library (the Model menu, the picker, after every load) then costs
        # a few stat calls instead of parsing every GGUF header again.
        self._described: dict[tuple[Path, Origin], tuple[_Signature, LibraryModel]] = {}

    # -- linked files ----------------------------------------------------------------

    def remembered(self) -> list[Path]:
        try:
            data = json.loads(self._registry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [Path(p) for p in data.get("models", []) if isinstance(p, str)]

    def remember(self, path: str | Path) -> None:
        """Add a file opened from outside the models folder to the list."""
        resolved = Path(path).resolve()
        if self.owns(resolved):
            return
        known = self.remembered()
        if resolved in known:
            return
        known.append(resolved)
        self._write(known)

    def forget(self, path: str | Path) -> None:
        resolved = Path(path).resolve()
        self._write([p for p in self.remembered() if p != resolved])

    def _write(self, models: list[Path]) -> None:
        self._registry.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._registry.with_suffix(".tmp")
        temporary.write_text(json.dumps({"models": [str(p) for p in models]}), encoding="utf-8")
        os.replace(temporary, self._registry)

    # -- listing ---------------------------------------------------------------------

    def owns(self, path: Path) -> bool:
        """True for files inside the models folder (removing them deletes them)."""
        try:
            path.resolve().relative_to(self.models_dir.resolve())
        except ValueError:
            return False
        return True

    def folder_files(self) -> list[Path]:
        """GGUF models in the models folder (downloads in progress and quarantined files
        live in hidden folders and are left out)."""
        return gguf_files(self.models_dir, max_depth=8)

    def models(self) -> list[LibraryModel]:
        """Every known model that exists, starters first (under their own names, marked
        "(starter)"), each listed once."""
        starters = find_starter_models(self.models_dir) if self.include_starters else []
        names = {starter.path.resolve(): starter.label for starter in starters}
        candidates: list[tuple[Path, Origin]] = [(s.path, "starter") for s in starters]
        candidates += [(path, "folder") for path in self.folder_files()]
        candidates += [(path, "linked") for path in self.remembered()]
        seen: set[Path] = set()
        found = []
        for path, origin in candidates:
            resolved = path.resolve()
            if resolved in seen or not resolved.is_file():
                continue
            seen.add(resolved)
            model = self._describe(resolved, origin)
            if origin == "starter" and not model.problem:
                model = replace(model, name=names[resolved])
            found.append(model)
        return found

    def _describe(self, path: Path, origin: Origin) -> LibraryModel:
        signature = _signature(path)
        cached = self._described.get((path, origin))
        if cached is not None and cached[0] == signature:
            return cached[1]
        model = describe(path, origin)
        self._described[(path, origin)] = (signature, model)
        return model

    def is_empty(self) -> bool:
        return not any(not m.problem for m in self.models())

    def has_only_starters(self) -> bool:
        """True when the starter models are all there is to use: enough to try Hearth,
        not for real work."""
        usable = [m for m in self.models() if not m.problem]
        return bool(usable) and all(m.is_starter for m in usable)

    # -- import and removal ----------------------------------------------------------

    def import_model(
        self,
        source: str | Path,
        *,
        copy: bool,
        on_progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Path:
        """Link (remember) or copy a GGUF the user already has. The file is checked
        first (:meth:`check_importable`); a split model brings all its parts. Returns the
        path to load."""
        path = self.check_importable(source)
        parts = split_parts(path)
        if not copy:
            self.remember(path)
            return path
        target_dir = self.models_dir / "imported"
        target_dir.mkdir(parents=True, exist_ok=True)
        total = sum(p.stat().st_size for p in parts)
        free = shutil.disk_usage(target_dir).free
        if total > free:
            raise HearthError(
                msg(
                    "Not enough disk space to copy {name}: needs {needed}, {free} free. "
                    "Link it instead (no copy).",
                    name=path.name,
                    needed=human_size(total),
                    free=human_size(free),
                )
            )
        done = 0
        # Copy to .part names, then rename, first part last: never half a model listed.
        staged = []
        try:
            for part in parts:
                partial = target_dir / f".{part.name}.part"
                staged.append(partial)
                with part.open("rb") as reader, partial.open("wb") as writer:
                    while block := reader.read(8 * 1024 * 1024):
                        if should_stop is not None and should_stop():
                            raise HearthError(msg("Import cancelled; nothing was added."))
                        writer.write(block)
                        done += len(block)
                        if on_progress is not None:
                            on_progress(done, total)
            for part, partial in reversed(list(zip(parts, staged, strict=True))):
                os.replace(partial, target_dir / part.name)
        except OSError as error:
            raise HearthError(
                msg(
                    "Copying {name} failed: {reason}.",
                    name=path.name,
                    reason=error.strerror or error,
                )
            ) from error
        finally:
            for partial in staged:
                partial.unlink(missing_ok=True)
        return target_dir / parts[0].name

    @staticmethod
    def check_importable(source: str | Path) -> Path:
        """The resolved path of a GGUF model file; raises a worded :class:`HearthError`
        (:class:`InvalidModelFileError` for a file that is not a GGUF model) before
        anything is asked or written."""
        try:
            path = Path(source).expanduser().resolve()
        except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop
            raise HearthError(
                msg("Cannot follow {path}: {reason}.", path=source, reason=error)
            ) from error
        if not path.is_file():
            raise HearthError(msg("{path} does not exist.", path=path))
        if path.suffix.lower() != ".gguf":
            raise InvalidModelFileError(
                msg(
                    "{name} is not a GGUF model file (the name does not end in .gguf): "
                    "Hearth runs models in the GGUF format only.",
                    name=path.name,
                )
            )
        read_gguf_metadata(path, read_tokens=False)  # raises InvalidModelFileError
        return path

    def remove(self, path: str | Path) -> int:
        """Delete a model in the models folder (all its parts; returns bytes freed), or
        forget a linked one (its file is left alone; returns 0). Starters stay."""
        resolved = Path(path).resolve()
        if any(s.path.resolve() == resolved for s in find_starter_models(self.models_dir)):
            raise HearthError(msg("The starter model comes with Hearth and cannot be removed."))
        if not self.owns(resolved):
            self.forget(resolved)
            return 0
        freed = 0
        for part in split_parts(resolved):
            try:
                freed += part.stat().st_size
                part.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                raise HearthError(
                    msg(
                        "Cannot delete {path}: {reason}.", path=part, reason=error.strerror or error
                    )
                ) from error
        folder = resolved.parent
        while folder != self.models_dir.resolve() and self.owns(folder):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
        return freed


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when both name the same model file (through links and relative parts): the
    one comparison the model menu, the picker and the Translate view use."""
    return Path(a).resolve() == Path(b).resolve()


def split_parts(path: Path) -> list[Path]:
    """All parts of a split model named by its first part (or just ``[path]``)."""
    match = SPLIT_FILE.match(path.name)
    if not match:
        return [path]
    count = int(match.group("count"))
    stem = match.group("stem")
    return [path.with_name(f"{stem}-{i:05d}-of-{count:05d}.gguf") for i in range(1, count + 1)]


def describe(path: Path, origin: Origin = "folder") -> LibraryModel:
    parts = split_parts(path)
    size = sum(_size(p) for p in parts)
    missing = [p.name for p in parts if not p.is_file()]
    try:
        meta = read_gguf_metadata(path, read_tokens=False)
    except InvalidModelFileError as error:
        return LibraryModel(path, path.name, "?", size, problem=_reason(error), origin=origin)
    problem = msg("parts missing: {parts}", parts=", ".join(missing)) if missing else ""
    return LibraryModel(
        path,
        meta.name,
        meta.quantization,
        size,
        problem=problem,
        origin=origin,
        architecture=meta.architecture,
        context_length=meta.context_length or 0,
        parts=len(parts),
    )


def _reason(error: InvalidModelFileError) -> str:
    """Why a file cannot be used, as its label puts it after "cannot be used: ": the
    error's text after its first colon (all of it when it has none), without the final
    full stop. When that is a Message the error was made with (its reason field), that
    Message itself, so the window can show it translated."""
    text = str(error)
    reason = text.split(": ", 1)[-1].rstrip(".")
    message = message_of(error)
    for field in message.fields.values() if message is not None else ():
        nested = message_of(field)
        if nested is not None and nested == reason:
            return nested
    return reason


_Signature = tuple[tuple[int, int, int] | None, ...]


def _signature(path: Path) -> _Signature:
    """Size, modification time and inode of each part (None for a missing one)."""
    signature: list[tuple[int, int, int] | None] = []
    for part in split_parts(path):
        try:
            stat = part.stat()
        except OSError:
            signature.append(None)
        else:
            signature.append((stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(signature)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
