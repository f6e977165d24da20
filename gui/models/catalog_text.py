"""The words of the catalog (``assets/catalog.json``) that the Models window shows:
what each model is good at, the language notes and the licence notes. They are listed
here so that ``pyside6-lupdate`` extracts them (it does not read JSON); a test checks
that every text of the catalog has its entry, so a new catalog model cannot stay
untranslated. Model names, repositories, files and language codes are not translated.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Catalog"


def _texts(*texts: object) -> tuple[str, ...]:
    return tuple(str(text) for text in texts)


# What each model is good at ("good_at").
GOOD_AT = _texts(
    QT_TRANSLATE_NOOP(
        "Catalog", "Quick answers on any machine; a first model that loads in seconds"
    ),
    QT_TRANSLATE_NOOP("Catalog", "Small everyday assistant: summaries, rewriting, short questions"),
    QT_TRANSLATE_NOOP("Catalog", "Small multilingual chat; good default on laptops without a GPU"),
    QT_TRANSLATE_NOOP("Catalog", "Fully open small model for English chat and rewriting"),
    QT_TRANSLATE_NOOP(
        "Catalog", "Best small all-rounder: chat, code snippets, 29 languages; runs on 4 GB of RAM"
    ),
    QT_TRANSLATE_NOOP("Catalog", "Capable general assistant with a long context (128k)"),
    QT_TRANSLATE_NOOP("Catalog", "Reasoning, maths and code for its size"),
    QT_TRANSLATE_NOOP("Catalog", "Strong multilingual writing and translation at 4B"),
    QT_TRANSLATE_NOOP("Catalog", "Reasoning (thinking mode) and tool use; 100+ languages"),
    QT_TRANSLATE_NOOP("Catalog", "Reliable 7B generalist for writing and European languages"),
    QT_TRANSLATE_NOOP("Catalog", "Strong chat, code and structured output; 29 languages"),
    QT_TRANSLATE_NOOP("Catalog", "The well-known 8B assistant; long context (128k)"),
    QT_TRANSLATE_NOOP("Catalog", "Translation and writing in 23 languages"),
    QT_TRANSLATE_NOOP(
        "Catalog", "High-quality multilingual writing and translation; needs 16 GB of RAM or a GPU"
    ),
)
# Entries of "languages" that are words, not language codes.
LANGUAGE_NOTES = _texts(
    QT_TRANSLATE_NOOP("Catalog", "multilingual (140+)"),
    QT_TRANSLATE_NOOP("Catalog", "multilingual"),
    QT_TRANSLATE_NOOP("Catalog", "multilingual (100+)"),
)
# Licences with a note in words.
LICENCE_NOTES = _texts(QT_TRANSLATE_NOOP("Catalog", "CC-BY-NC-4.0 (non-commercial)"))
TEXTS = frozenset(GOOD_AT + LANGUAGE_NOTES + LICENCE_NOTES)


def catalog_text(text: str) -> str:
    """``text`` from the catalog in the UI language (as written when it has no
    translation: a licence name, a language code)."""
    return QCoreApplication.translate(CONTEXT, text)
