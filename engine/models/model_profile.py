"""Load settings remembered per model file: context, GPU layers, threads, batch, and
the chat format (the file's own, a named one, or a custom template)."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from engine.common.errors import InvalidModelFileError
from engine.common.system_memory import available_memory_bytes
from engine.llm.chat_formats import NAMED_FORMATS, validate_template
from engine.llm.gguf_metadata import GGUFMetadata, read_gguf_metadata
from engine.llm.parameters import GPU_LAYERS_AUTO, MAX_CONTEXT, LoadSettings

log = logging.getLogger(__name__)

TemplateMode = Literal["file", "named", "custom"]


@dataclass(frozen=True)
class ModelProfile:
    n_ctx: int = 4096
    n_gpu_layers: int = GPU_LAYERS_AUTO
    n_threads: int | None = None
    n_batch: int = 512
    flash_attention: bool = False
    kv_cache_type: str = "f16"
    use_mmap: bool = True
    use_mlock: bool = False
    remembered_gpu_layers: int | None = None
    template_mode: TemplateMode = "file"
    template_name: str = ""
    custom_template: str = ""
    parallel: int = 1
    # Custom reasoning tags ("" for both: detect the form from the template).
    reasoning_open: str = ""
    reasoning_close: str = ""

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
            gpu_layers_hint=self.remembered_gpu_layers,
            chat_template=self.chat_template(),
            parallel=self.parallel,
            reasoning_tags=(
                (self.reasoning_open, self.reasoning_close)
                if self.reasoning_open or self.reasoning_close
                else None
            ),
        ).validate()


def longest_context(metadata: GGUFMetadata) -> int | None:
    """The context the model was made for: the trained one, times the file's rope
    scaling factor when that extends it (None when the header does not say)."""
    trained = metadata.context_length
    if not trained:
        return None
    factor = metadata.values.get(f"{metadata.architecture}.rope.scaling.factor")
    if isinstance(factor, int | float) and factor > 1:
        return min(int(trained * factor), MAX_CONTEXT)
    return trained


def default_context(metadata: GGUFMetadata, available_bytes: int) -> int:
    """The trained context, or less if its KV cache would not fit beside the weights.

    Keeps a fifth of the available memory free; never below 512 tokens.
    """
    from engine.llm.gpu_offload import kv_cache_bytes_per_layer, layer_sizes

    trained = metadata.context_length or 4096
    layers = layer_sizes(metadata).n_layers or (metadata.block_count or 1)
    per_token = kv_cache_bytes_per_layer(metadata, 1) * layers
    room = int(available_bytes * 0.8) - metadata.file_size
    fits = room // per_token if per_token > 0 else trained
    return max(512, min(trained, fits) // 256 * 256)


class ModelProfileStore:
    """A JSON file in the config folder, keyed by each model file's resolved path.

    A model without saved settings gets ``defaults``; with ``fit_context``, its context
    length is :func:`default_context` for the memory available now.
    """

    def __init__(
        self,
        config_dir: Path,
        defaults: ModelProfile | None = None,
        *,
        fit_context: bool = False,
    ) -> None:
        self._file = config_dir / "model-settings.json"
        self.defaults = defaults or ModelProfile()
        self.fit_context = fit_context

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, model_path: str | Path) -> ModelProfile:
        saved = self._read().get(str(Path(model_path).resolve()))
        if not isinstance(saved, dict):
            if self.fit_context:
                try:
                    meta = read_gguf_metadata(model_path, read_tokens=False)
                except InvalidModelFileError:
                    return self.defaults  # the load itself will report the problem
                return replace(self.defaults, n_ctx=default_context(meta, available_memory_bytes()))
            return self.defaults
        known = {k: v for k, v in saved.items() if k in ModelProfile.__dataclass_fields__}
        try:
            return replace(self.defaults, **known)
        except TypeError:
            log.warning("Ignoring unreadable settings for %s", model_path)
            return self.defaults

    def remember_placement(self, model_path: str | Path, gpu_layers: int) -> None:
        """Keep the layers that fitted, for the next Auto load of this model."""
        current = self.get(model_path)
        if current.remembered_gpu_layers != gpu_layers:
            self.set(model_path, replace(current, remembered_gpu_layers=gpu_layers))

    def has_saved(self, model_path: str | Path) -> bool:
        """True when the model has settings of its own (not the defaults)."""
        return isinstance(self._read().get(str(Path(model_path).resolve())), dict)

    def reset(self, model_path: str | Path) -> None:
        """Forget the model's saved settings: its next load uses the defaults."""
        data = self._read()
        if data.pop(str(Path(model_path).resolve()), None) is not None:
            self._write(data)

    def set(self, model_path: str | Path, settings: ModelProfile) -> None:
        """Remember ``settings`` for the model (validated first: a bad one raises)."""
        settings.load_settings()
        data = self._read()
        data[str(Path(model_path).resolve())] = asdict(settings)
        self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._file.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(temporary, self._file)
