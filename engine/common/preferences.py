"""Application-wide choices that outlive a session (a small JSON file in the config folder)."""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from engine.common.paths import AppPaths

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppSettings:
    # Start-up never waits on a model: the last one is loaded (in the background) only
    # when the user asked for it.
    load_last_model: bool = False
    last_model: str = ""
    # Empty: the default models folder (see AppPaths) is used.
    models_dir: str = ""
    # Empty: HF_ENDPOINT, then the public hub. A mirror's URL goes here.
    hub_endpoint: str = ""
    # Empty: HF_TOKEN, then the token huggingface-cli saved, if any.
    hub_token: str = ""
    # True: no network call at all (HF_HUB_OFFLINE=1 does the same).
    offline: bool = False
    # The translation view's language pair ("auto" detects the source), the pairs used
    # last (newest first) and the pairs starred, each as "source>target".
    translate_source: str = "auto"
    translate_target: str = "en"
    recent_pairs: tuple[str, ...] = ()
    favourite_pairs: tuple[str, ...] = ()
    # The main window's place and size (Qt's saveGeometry, base64), and the chat
    # sidebar: shown or collapsed, and its width in pixels.
    window_geometry: str = ""
    sidebar_visible: bool = True
    sidebar_width: int = 260
    # The local OpenAI-compatible API server (Settings → Local API server): off by
    # default; on this computer only unless api_network, which needs api_key; the web
    # origins allowed to call it; the replies decoded together (the loaded model is
    # reloaded with that many slots, each with the whole context); api_load_on_request:
    # a request naming another library model loads it in the window (just in time).
    api_enabled: bool = False
    api_port: int = 8080
    api_network: bool = False
    api_key: str = ""
    api_cors: tuple[str, ...] = ()
    api_parallel: int = 2
    api_load_on_request: bool = False
    # The window's language (Settings → Language): empty follows the system's locale;
    # a code such as "zh_CN" or "en" picks one (HEARTH_LANG overrides both). Read at
    # start-up.
    ui_language: str = ""
    # Light or dark (Settings → Appearance): "system" follows the desktop's colour
    # scheme; "light" or "dark" picks one.
    theme: str = "system"
    # Text size of the transcript and the translation panes (View → Zoom), in steps of
    # one point from the default (0).
    text_zoom: int = 0


class AppSettingsStore:
    def __init__(self, config_dir: Path) -> None:
        self._file = config_dir / "settings.json"

    def load(self) -> AppSettings:
        """The settings saved; the defaults where the file is missing or unreadable."""
        return self._read() or AppSettings()

    def _read(self) -> AppSettings | None:
        """The settings saved, or None where there are none that can be read."""
        try:
            data: Any = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        known = {k: v for k, v in data.items() if k in AppSettings.__dataclass_fields__}
        for key in ("recent_pairs", "favourite_pairs", "api_cors"):
            if key in known:
                value = known[key]
                known[key] = tuple(str(v) for v in value) if isinstance(value, list) else ()
        try:
            return replace(AppSettings(), **known)
        except TypeError:
            return None

    def save(self, settings: AppSettings) -> None:
        """Write ``settings``. A file there that cannot be read as settings (``load``
        gave the defaults) is first moved aside, not written over: it may hold a token
        or a models folder the user wants back."""
        self._file.parent.mkdir(parents=True, exist_ok=True)
        self._keep_unreadable()
        temporary = self._file.with_suffix(".tmp")
        # The file may hold an access token: readable by its owner only.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(settings)))
        os.replace(temporary, self._file)

    def _keep_unreadable(self) -> None:
        if not self._file.exists() or self._read() is not None:
            return
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self._file.with_name(f"settings.unreadable-{stamp}.json")
        for n in range(1, 100):
            if not aside.exists():
                break
            aside = self._file.with_name(f"settings.unreadable-{stamp}-{n}.json")
        os.replace(self._file, aside)
        log.warning("The settings file could not be read; it was kept as %s", aside)

    def update(self, **changes: Any) -> AppSettings:
        settings = replace(self.load(), **changes)
        self.save(settings)
        return settings


def models_folder(paths: AppPaths, settings: AppSettings) -> Path:
    """The folder models are downloaded to and listed from: the user's choice, or the
    default one under the data folder."""
    return Path(settings.models_dir).expanduser() if settings.models_dir else paths.models_dir
