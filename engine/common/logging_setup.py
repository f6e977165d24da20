"""Logging to a rotating file in the log folder, and to stderr for warnings."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path


def configure_logging(log_dir: Path | None, *, verbose: bool = False) -> None:
    """Send Hearth's and llama.cpp's log lines to ``log_dir/hearth.log``."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if log_dir is not None:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            file_handler = logging.handlers.RotatingFileHandler(
                log_dir / "hearth.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
            )
        except OSError:
            file_handler = None
        if file_handler is not None:
            file_handler.setFormatter(formatter)
            root.addHandler(file_handler)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(formatter)
    root.addHandler(console)

    def _quiet_llama(record: logging.LogRecord) -> bool:
        # llama.cpp warns about many harmless things at load; the file keeps them.
        return not record.name.startswith("hearth.llama_cpp") or record.levelno >= logging.ERROR

    console.addFilter(_quiet_llama)
