"""Screenshot of the Translate view for the README (run under Xvfb).

Usage: python scripts/translate_screenshot.py OUT.png [--model GGUF] [--to LANG] [--file DOC]
Loads the model (default: the starter), translates the sample text (or the document)
and saves the window when the translation is done.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app_window import open_app
from PySide6.QtCore import QTimer

from engine.models.starter_models import smollm2_path
from engine.translation.glossary import Glossary, GlossaryEntry
from gui.main_window import Mode

SAMPLE = """# Release notes

Hearth now translates whole documents offline.
Your glossary is applied to every segment.

Run `make run` to try it."""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--model", default=str(smollm2_path()))
    parser.add_argument("--to", default="fr")
    parser.add_argument("--file")
    args = parser.parse_args()
    opened = open_app()
    app, parts = opened.app, opened.parts
    window = parts.window
    window.show()
    view = parts.translate_view
    window.show_mode(Mode.TRANSLATE)
    view.set_pair("en", args.to)
    view.set_glossary(Glossary((GlossaryEntry("Hearth"), GlossaryEntry("glossary", "glossaire"))))
    if args.file:
        view.open_document(args.file)
    else:
        view.source_edit.setPlainText(SAMPLE)

    def shoot() -> None:
        if view.running:
            QTimer.singleShot(300, shoot)
            return
        view.tabs.setCurrentIndex(0)
        window.grab().save(args.out)
        parts.shutdown()
        app.quit()

    def start(_info: object) -> None:
        view.translate()
        QTimer.singleShot(500, shoot)

    parts.controller.model_loaded.connect(start)
    parts.model_menu.load_model(args.model)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
