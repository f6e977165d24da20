"""Where Hearth keeps its data, settings, logs, caches and models.

The platform's conventions come from platformdirs; ``HEARTH_HOME`` overrides all of
them at once, so tests and portable installs keep everything in one folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "Hearth"
HOME_ENV = "HEARTH_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The folders Hearth writes to. Call :meth:`ensure` before writing."""

    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path
    models_dir: Path

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> AppPaths:
        """Resolve the folders from ``HEARTH_HOME`` or, without it, platformdirs."""
        env = os.environ if environ is None else environ
        home = env.get(HOME_ENV)
        if home:
            root = Path(home).expanduser().resolve()
            return cls(
                data_dir=root / "data",
                config_dir=root / "config",
                log_dir=root / "logs",
                cache_dir=root / "cache",
                models_dir=root / "models",
            )
        import platformdirs

        data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        return cls(
            data_dir=data,
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            models_dir=data / "models",
        )

    def ensure(self) -> AppPaths:
        """Create every folder that does not exist yet; return self."""
        for folder in (
            self.data_dir,
            self.config_dir,
            self.log_dir,
            self.cache_dir,
            self.models_dir,
        ):
            folder.mkdir(parents=True, exist_ok=True)
        return self
