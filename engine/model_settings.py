"""Load settings remembered per model file: context, GPU layers, threads, batch, and
the chat format (the file's own, a named one, or a custom template)."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from engine.chat_formats import NAMED_FORMATS, validate_template
from engine.settings import GPU_LAYERS_AUTO, LoadSettings

log = logging.getLogger(__name__)

TemplateMode = Literal["file", "named", "custom"]


@dataclass(frozen=True)
class ModelSettings:
    n_ctx: int = 4096
    n_gpu_layers: int = GPU_LAYERS_AUTO
    n_threads: int | None = None
    n_batch: int = 512
    flash_attention: bool = False
    kv_cache_type: str = "f16"
    use_mmap: bool = True
    use_mlock: bool = False
    template_mode: TemplateMode = "file"
    template_name: str = ""
    custom_template: str = ""

    def chat_template(self) -> str | None:
        """The template to use instead of the file's, validated; None for the file's."""
        if self.template_mode == "named":
            return NAMED_FORMATS.get(self.template_name)
        if self.template_mode == "custom":
            return validate_template(self.custom_template)
        return None

    def load_settings(self) -> LoadSettings:
        return LoadSettings(
            n_ctx=self.n_ctx,
            n_gpu_layers=self.n_gpu_layers,
            n_threads=self.n_threads,
            n_batch=self.n_batch,
            flash_attention=self.flash_attention,
            kv_cache_type=self.kv_cache_type,
            use_mmap=self.use_mmap,
            use_mlock=self.use_mlock,
            chat_template=self.chat_template(),
        ).validate()


class ModelSettingsStore:
    """A JSON file in the config folder, keyed by each model file's resolved path."""

    def __init__(self, config_dir: Path, defaults: ModelSettings | None = None) -> None:
        self._file = config_dir / "model-settings.json"
        self.defaults = defaults or ModelSettings()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, model_path: str | Path) -> ModelSettings:
        saved = self._read().get(str(Path(model_path).resolve()))
        if not isinstance(saved, dict):
            return self.defaults
        known = {k: v for k, v in saved.items() if k in ModelSettings.__dataclass_fields__}
        try:
            return replace(self.defaults, **known)
        except TypeError:
            log.warning("Ignoring unreadable settings for %s", model_path)
            return self.defaults

    def set(self, model_path: str | Path, settings: ModelSettings) -> None:
        """Remember ``settings`` for the model (validated first: a bad one raises)."""
        settings.load_settings()
        data = self._read()
        data[str(Path(model_path).resolve())] = asdict(settings)
        self._file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._file.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(temporary, self._file)
