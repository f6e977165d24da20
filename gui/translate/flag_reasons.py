"""The reasons a segment is flagged (⚠), in the window's language.

The engine writes each reason as an English sentence (``engine.translation.checks``,
``engine.translation.glossary`` and ``engine.translation.job``), which its retry prompt
also uses. Here each known sentence is recognised by its shape and shown translated,
with what it quotes (terms, counts, language names) put back; a reason this table does
not know is shown as the engine wrote it."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.translation.job import AFTER_RETRY
from gui.translate.language_names import name_for_english

CONTEXT = "FlagReasons"
SOURCE_LANGUAGE = "the source language"


def _language(name: str) -> str:
    if name == SOURCE_LANGUAGE:
        return QCoreApplication.translate("FlagReasons", "the source language")
    return name_for_english(name)


# (the engine's sentence as a pattern, the English text to translate, the name and
# the display of each captured group)
_REASONS: tuple[
    tuple[re.Pattern[str], object, tuple[tuple[str, Callable[[str], str]], ...]], ...
] = (
    (
        re.compile(r"the model returned no translation"),
        QT_TRANSLATE_NOOP("FlagReasons", "the model returned no translation"),
        (),
    ),
    (
        re.compile(
            r"a question came back without a question mark, perhaps answered instead of translated"
        ),
        QT_TRANSLATE_NOOP(
            "FlagReasons",
            "a question came back without a question mark, perhaps answered instead of translated",
        ),
        (),
    ),
    (
        re.compile(r"the translation has a broken character \(\ufffd\)"),
        QT_TRANSLATE_NOOP("FlagReasons", "the translation has a broken character (\ufffd)"),
        (),
    ),
    (
        re.compile(r"the translation repeats “(.+)” over and over"),
        QT_TRANSLATE_NOOP("FlagReasons", "the translation repeats “{phrase}” over and over"),
        (("phrase", str),),
    ),
    (
        re.compile(r"the translation is much longer than the source \((.+)×\)"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the translation is much longer than the source ({ratio}×)"
        ),
        (("ratio", str),),
    ),
    (
        re.compile(r"the translation is much shorter than the source \((.+)×\)"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the translation is much shorter than the source ({ratio}×)"
        ),
        (("ratio", str),),
    ),
    (
        re.compile(r"the model repeated the glossary instructions instead of translating"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the model repeated the glossary instructions instead of translating"
        ),
        (),
    ),
    (
        re.compile(r"the model repeated the placeholder instructions instead of translating"),
        QT_TRANSLATE_NOOP(
            "FlagReasons",
            "the model repeated the placeholder instructions instead of translating",
        ),
        (),
    ),
    (
        re.compile(r"the model repeated the retry instructions instead of translating"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the model repeated the retry instructions instead of translating"
        ),
        (),
    ),
    (
        re.compile(
            r"the model refused, apologised or spoke as an assistant instead of translating"
        ),
        QT_TRANSLATE_NOOP(
            "FlagReasons",
            "the model refused, apologised or spoke as an assistant instead of translating",
        ),
        (),
    ),
    (
        re.compile(r"the model returned no translation; the source text is kept"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the model returned no translation; the source text is kept"
        ),
        (),
    ),
    (
        re.compile(r"“(.*)” should stay untranslated", re.DOTALL),
        QT_TRANSLATE_NOOP("FlagReasons", "“{term}” should stay untranslated"),
        (("term", str),),
    ),
    (
        re.compile(r"“(.*)” should be “(.*)”", re.DOTALL),
        QT_TRANSLATE_NOOP("FlagReasons", "“{term}” should be “{translation}”"),
        (("term", str), ("translation", str)),
    ),
    (
        re.compile(r"the translation leaves out what the text keeps as written: (.*)", re.DOTALL),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the translation leaves out what the text keeps as written: {words}"
        ),
        (("words", str),),
    ),
    (
        re.compile(r"the translation has a placeholder the text does not have \(⟦…⟧\)"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the translation has a placeholder the text does not have (⟦…⟧)"
        ),
        (),
    ),
    (
        re.compile(r"the model answered the thanks instead of translating them"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the model answered the thanks instead of translating them"
        ),
        (),
    ),
    (
        re.compile(r"the translation leaves out the number (.+)"),
        QT_TRANSLATE_NOOP("FlagReasons", "the translation leaves out the number {numbers}"),
        (("numbers", str),),
    ),
    (
        re.compile(r"the translation leaves out the numbers (.+)"),
        QT_TRANSLATE_NOOP("FlagReasons", "the translation leaves out the numbers {numbers}"),
        (("numbers", str),),
    ),
    (
        re.compile(r"the translation adds the number (.+), which the text does not have"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the translation adds the number {numbers}, which the text does not have"
        ),
        (("numbers", str),),
    ),
    (
        re.compile(r"the translation adds the numbers (.+), which the text does not have"),
        QT_TRANSLATE_NOOP(
            "FlagReasons",
            "the translation adds the numbers {numbers}, which the text does not have",
        ),
        (("numbers", str),),
    ),
    (
        re.compile(r"the translation names “(.+?)” where the text has “(.+)”"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the translation names “{name}” where the text has “{right}”"
        ),
        (("name", str), ("right", str)),
    ),
    (
        re.compile(r"the translation names “(.+)”, which the text does not"),
        QT_TRANSLATE_NOOP("FlagReasons", "the translation names “{name}”, which the text does not"),
        (("name", str),),
    ),
    (
        re.compile(r"“(.+?)” was changed to “(.+)”, the day the text names"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "“{wrong}” was changed to “{right}”, the day the text names"
        ),
        (("wrong", str), ("right", str)),
    ),
    (
        re.compile(r"“(.+?)” was changed to “(.+)”, the month the text names"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "“{wrong}” was changed to “{right}”, the month the text names"
        ),
        (("wrong", str), ("right", str)),
    ),
    (
        re.compile(
            r"the segment is too long for the model's context \(load it with a larger "
            r"context\); the source text is kept"
        ),
        QT_TRANSLATE_NOOP(
            "FlagReasons",
            "the segment is too long for the model's context (load it with a larger context); "
            "the source text is kept",
        ),
        (),
    ),
    (
        re.compile(r"the translation leaves out the day “(.+)”"),
        QT_TRANSLATE_NOOP("FlagReasons", "the translation leaves out the day “{name}”"),
        (("name", str),),
    ),
    (
        re.compile(r"the translation leaves out the month “(.+)”"),
        QT_TRANSLATE_NOOP("FlagReasons", "the translation leaves out the month “{name}”"),
        (("name", str),),
    ),
    (
        re.compile(r"the text came back untranslated, in (.+)"),
        QT_TRANSLATE_NOOP("FlagReasons", "the text came back untranslated, in {language}"),
        (("language", _language),),
    ),
    (
        re.compile(r"part of the text was left in (.+?): (.*)", re.DOTALL),
        QT_TRANSLATE_NOOP("FlagReasons", "part of the text was left in {language}: {words}"),
        (("language", _language), ("words", str)),
    ),
    (
        re.compile(
            r"the translation has words found in no (.+?) word list, perhaps made up: (.*)",
            re.DOTALL,
        ),
        QT_TRANSLATE_NOOP(
            "FlagReasons",
            "the translation has words found in no {language} word list, perhaps made up: {words}",
        ),
        (("language", _language), ("words", str)),
    ),
    (
        re.compile(r"part of the translation is in another writing system: (.*)", re.DOTALL),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "part of the translation is in another writing system: {words}"
        ),
        (("words", str),),
    ),
    (
        re.compile(
            r"the translation leaves out what the source writes in another writing system: (.*)",
            re.DOTALL,
        ),
        QT_TRANSLATE_NOOP(
            "FlagReasons",
            "the translation leaves out what the source writes in another writing system: {words}",
        ),
        (("words", str),),
    ),
    (
        re.compile(r"a statement came back as a question"),
        QT_TRANSLATE_NOOP("FlagReasons", "a statement came back as a question"),
        (),
    ),
    (
        re.compile(r"the translation is not in (.+)"),
        QT_TRANSLATE_NOOP("FlagReasons", "the translation is not in {language}"),
        (("language", _language),),
    ),
    (
        re.compile(r"the translation is in (.+?), not (.+)"),
        QT_TRANSLATE_NOOP("FlagReasons", "the translation is in {language}, not {target}"),
        (("language", _language), ("target", _language)),
    ),
    (
        re.compile(r"the translation is in (.+)"),
        QT_TRANSLATE_NOOP("FlagReasons", "the translation is in {language}"),
        (("language", _language),),
    ),
    (
        re.compile(
            r"the translation repeats “(.*)” from the example sentences given to the model",
            re.DOTALL,
        ),
        QT_TRANSLATE_NOOP(
            "FlagReasons",
            "the translation repeats “{phrase}” from the example sentences given to the model",
        ),
        (("phrase", str),),
    ),
    (
        re.compile(r"the model wrote more than a translation; the extra lines were cut"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the model wrote more than a translation; the extra lines were cut"
        ),
        (),
    ),
    (
        re.compile(r"the translation reached the length limit and may be incomplete"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "the translation reached the length limit and may be incomplete"
        ),
        (),
    ),
    (
        re.compile(r"a placeholder \(⟦…⟧\) is broken in this translation; edit it"),
        QT_TRANSLATE_NOOP(
            "FlagReasons", "a placeholder (⟦…⟧) is broken in this translation; edit it"
        ),
        (),
    ),
)


def reason_text(reason: str) -> str:
    """``reason`` (as the engine wrote it) in the window's language."""
    retried = reason.endswith(AFTER_RETRY)
    core = reason.removesuffix(AFTER_RETRY) if retried else reason
    shown = core
    for pattern, english, shows in _REASONS:
        match = pattern.fullmatch(core)
        if match is not None:
            values = {
                name: show(group) for (name, show), group in zip(shows, match.groups(), strict=True)
            }
            shown = QCoreApplication.translate(CONTEXT, str(english)).format(**values)
            break
    if retried:
        return QCoreApplication.translate(
            "FlagReasons", "{reason} (also after a retry)", "a flag reason that a second try kept"
        ).format(reason=shown)
    return shown


def reasons_text(reasons: tuple[str, ...] | list[str]) -> str:
    """Several reasons, one a line."""
    return "\n".join(reason_text(reason) for reason in reasons)
