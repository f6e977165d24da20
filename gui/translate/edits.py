"""The user's own translations in the Translate view: edits in the Segments tab reach the
output at once and are confirmed into the memory on request; a correction made in the
Memory tab reaches the open job; a new glossary term says which segments go back to the
model; Retranslate asks before it discards unconfirmed edits or replaces confirmed
segments. The unconfirmed edits are kept on disk as they change (the memory's drafts),
so that a crash or a killed process loses none: the next start carries them on."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from engine.translation.glossary import Glossary
from engine.translation.memory import Draft
from engine.translation.segmenter import Document
from gui.common.dialogs import ask_choice, ask_yes_no, error_box, show_error
from gui.common.ui_locale import join_sentences
from gui.translate.drafts import DraftSaver
from gui.translate.flag_reasons import reason_text
from gui.translate.glossary_panel import GlossaryPanel
from gui.translate.language_names import language_name
from gui.translate.memory_panel import MemoryPanel
from gui.translate.runner import PendingEdit, TranslationRunner
from gui.translate.segments_panel import SegmentsPanel

log = logging.getLogger(__name__)

# How long after the first change of a burst (a run's results, memory hits) the
# unconfirmed edits are written to disk; the user's own edit is written at once.
AUTOSAVE_DELAY_MS = 200
# How long after the first key of a burst of typing the text being typed in a cell is
# written to disk too (a crash while typing loses at most this much of it).
TYPING_SAVE_DELAY_MS = 1000
# How many edits waiting for their paragraphs a message names.
NAMED_EDITS = 2
# How much of a paragraph names it in a message.
PARAGRAPH_START_CHARS = 40


class SegmentEdits(QObject):
    """Signals: ``changed()`` when the job's translations changed (show the output and
    the progress again)."""

    changed = Signal()

    def __init__(
        self,
        runner: TranslationRunner,
        segments: SegmentsPanel,
        glossary_panel: GlossaryPanel,
        memory_panel: MemoryPanel,
        say: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self.runner = runner
        self.segments = segments
        self.glossary_panel = glossary_panel
        self.memory_panel = memory_panel
        self._say = say
        # The edits the user chose to quit without (pending, keep_on_shutdown).
        self._dropped: set[PendingEdit] = set()
        # The unconfirmed edits on disk: the set last asked for (None: the drafts
        # could not be read, so none are written over them), whether the last write
        # failed, and a failure that waits for the end of a run to be shown.
        self.drafts = DraftSaver(runner.memory, self)
        self.drafts.saved.connect(self._on_drafts_saved)
        self.drafts.failed.connect(self._on_drafts_failed)
        self._saved: frozenset[Draft] | None = frozenset()
        self._save_failed = False
        self._unsaid_failure: str | None = None
        self.restored = 0  # how many edits the last stop left on disk (restore_drafts)
        self._closing = False  # Hearth is shutting down (keep_on_shutdown)
        # Edits come in bursts (a paste, memory hits, Confirm): one write per burst.
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.autosave)
        # The translation being typed in a cell (row, text), not yet entered: kept on
        # disk with the edits, at most TYPING_SAVE_DELAY_MS after each burst of keys.
        self._typing: tuple[int, str] | None = None
        self._typing_timer = QTimer(self)
        self._typing_timer.setSingleShot(True)
        self._typing_timer.setInterval(TYPING_SAVE_DELAY_MS)
        self._typing_timer.timeout.connect(self.autosave)
        segments.translation_typed.connect(self._on_typed)
        segments.typing_ended.connect(self._on_typing_ended)
        runner.job_created.connect(lambda _job: self._on_typing_ended())
        segments.confirm_requested.connect(self.confirm)
        segments.translation_edited.connect(self._on_translation_edited)
        glossary_panel.terms_added.connect(self._on_terms_added)
        memory_panel.entry_edited.connect(self._on_memory_corrected)
        for signal in (self.changed, runner.result_ready, runner.results_ready, runner.job_created):
            signal.connect(self._schedule_autosave)
        runner.running_changed.connect(self._on_running_changed)

    # -- drafts: the unconfirmed edits on disk ---------------------------------------------

    def restore_drafts(self) -> int:
        """Carry on the unconfirmed edits that Hearth kept on disk when it last stopped
        without the user's answer (a crash, a killed process, SIGTERM): each comes back
        when its paragraph is translated again in its pair, and quitting asks about them.
        Says so and returns how many. Drafts that cannot be read are logged and left as
        they are (none is written over them)."""
        try:
            drafts = self.runner.memory.drafts()
        except sqlite3.Error as error:
            log.exception("The unconfirmed translation edits kept on disk cannot be read")
            self._saved = None
            self._say(
                self.tr(
                    "Hearth cannot read the unconfirmed edits it kept on disk ({error}): it "
                    "leaves them there and keeps no new ones this time, so confirm the edits "
                    "you want to keep."
                ).format(error=error)
            )
            return 0
        self._saved = frozenset(drafts)
        self.runner.carry_drafts(drafts)
        self.restored = len(drafts)
        if drafts:
            self._say(
                self.tr(
                    "Hearth kept %Ln translation edit(s) that were not confirmed when it last "
                    "stopped ({edits}): each comes back in Segments when its paragraph is "
                    "translated again between the same languages, and Hearth asks about them "
                    "when it quits.",
                    "",
                    len(drafts),
                ).format(edits=self._named(self.runner.waiting_edits()))
            )
        return len(drafts)

    def _named(self, waiting: list[PendingEdit]) -> str:
        """The first edits waiting for their paragraphs, as a user finds them again:
        'English → French: “The cat sleeps.”' (the start of a long paragraph)."""
        #: separates the edits listed in a message
        separator = self.tr("; ")
        by_pair: dict[tuple[str, str], list[str]] = {}
        for edit in waiting[:NAMED_EDITS]:
            #: one paragraph in a list of edits
            by_pair.setdefault(edit.pair, []).append(
                self.tr("“{paragraph}”").format(paragraph=_start(edit.source))
            )
        shown = [
            #: the edits of one language pair: "English → French: “The cat sleeps.”, “…”"
            self.tr("{source} → {target}: {paragraphs}").format(
                source=language_name(pair[0]),
                target=language_name(pair[1]),
                #: separates the paragraphs of one language pair in a list of edits
                paragraphs=self.tr(", ").join(paragraphs),
            )
            for pair, paragraphs in by_pair.items()
        ]
        if len(waiting) > NAMED_EDITS:
            shown.append(self.tr("…"))
        return separator.join(shown)

    def _drafts(self) -> list[Draft]:
        """Every unconfirmed edit, those the user chose to quit without included: until
        Hearth has quit (a logout can still be cancelled), they are not lost. The text
        being typed in a cell stands for its row's edit."""
        drafts = [edit.draft() for edit in self.runner.unconfirmed()]
        typed = self._typed_draft()
        if typed is None:
            return drafts
        same = (typed.source_lang, typed.target_lang, typed.source)
        return [d for d in drafts if (d.source_lang, d.target_lang, d.source) != same] + [typed]

    def _typed_draft(self) -> Draft | None:
        """The translation being typed, as a draft: where it changes its row's text and
        the row has no edit entered before (that one, whole, stays on disk until the new
        text is entered: a crash mid-word must not leave half of it instead)."""
        job = self.runner.job
        if self._typing is None or job is None:
            return None
        index, text = self._typing
        if index >= job.total or not text.strip():
            return None
        shown = job.results.get(index)
        if shown is not None and (shown.target == text or shown.origin == "edited"):
            return None
        return Draft(job.source_lang, job.target.code, job.segments[index], text)

    def _on_typed(self, index: int, text: str) -> None:
        self._typing = (index, text)
        if not self._typing_timer.isActive():
            self._typing_timer.start()

    def _on_typing_ended(self) -> None:
        """The editor closed: an entered text is the row's edit now (written already),
        one given up with Escape leaves the disk with the next write."""
        self._typing_timer.stop()
        if self._typing is not None:
            self._typing = None
            self._schedule_autosave()

    def autosave(self) -> None:
        """Have the unconfirmed edits written to disk (off this thread) when they changed
        since the last set asked for."""
        self._autosave_timer.stop()
        self._typing_timer.stop()
        if self._saved is None:
            return
        current = self._drafts()
        drafts = frozenset(current)
        if drafts != self._saved or self._save_failed:
            self._saved = drafts
            self.drafts.save(current)

    def _schedule_autosave(self) -> None:
        """Within :data:`AUTOSAVE_DELAY_MS` of the first change (not of the last: a fast
        run's results would put it off to its end)."""
        if not self._autosave_timer.isActive():
            self._autosave_timer.start()

    def _on_running_changed(self, running: bool) -> None:
        self._schedule_autosave()
        if not running and self._unsaid_failure is not None:
            error, self._unsaid_failure = self._unsaid_failure, None
            self._tell_unsaved(error)

    def _on_drafts_saved(self) -> None:
        self._save_failed = False
        self._unsaid_failure = None  # on disk after all: nothing to warn of

    def _on_drafts_failed(self, error: str) -> None:
        """Said once until a write succeeds again (each change tries again); during a
        run, once it has ended (its progress would cover a line in the status bar)."""
        if self._save_failed:
            return
        self._save_failed = True
        if self.runner.running:
            self._unsaid_failure = error
        else:
            self._tell_unsaved(error)

    def _tell_unsaved(self, error: str) -> None:
        """In a box that does not wait for its OK (the window may be closing)."""
        if self._closing:
            return
        error_box(
            self._window,
            self.tr("Unconfirmed edits"),
            self.tr(
                "Hearth cannot keep your unconfirmed edits on disk: they are lost if it "
                "stops unexpectedly. It tries again with your next edit; confirming them "
                "needs the same file."
            ),
            error,
        ).open()

    def confirm(self) -> int:
        """Store the translations the user edited as confirmed; returns how many. An
        edited segment that is still flagged (⚠) is confirmed only when the user says so
        (No is the default); the model's segments are never confirmed by this."""
        job = self.runner.job
        edited = job.edited() if job is not None else []
        waiting = self.runner.waiting_edits()
        if not edited and waiting:
            self._say(
                self.tr(
                    "%Ln unconfirmed edit(s) wait for their paragraph ({edits}): translate "
                    "that text again between the same languages to see and confirm them.",
                    "",
                    len(waiting),
                ).format(edits=self._named(waiting))
            )
            return 0
        if job is None:
            return 0
        flagged = [result for result in edited if result.issues]
        chosen = edited
        #: separates the problems of several segments, each "number: problem"
        separator = self.tr("; ")
        problems = separator.join(
            self.tr("{number}: {problem}").format(
                number=r.index + 1, problem=reason_text(r.issues[0])
            )
            for r in flagged[:3]
        )
        if flagged and not ask_yes_no(
            self._window,
            self.tr("Confirm flagged segments"),
            self.tr(
                "%Ln of the {edited} edited segment(s) still have a problem "
                "(⚠, see Segments): {problems}. Confirm them into the memory anyway?",
                "",
                len(flagged),
            ).format(edited=len(edited), problems=problems),
            default_no=True,
        ):
            chosen = [result for result in edited if not result.issues]
        try:
            count = len(self.segments.confirm(job, chosen))
        except (sqlite3.Error, OSError) as error:
            # The segments stored before the error are confirmed; the rest stay edited.
            for result in job.results.values():
                self.segments.show_result(result)
            self.changed.emit()
            show_error(
                self._window,
                self.tr("Confirm edited segments"),
                self.tr("The translation memory could not store your edits: {error}").format(
                    error=error
                ),
            )
            return 0
        if count:
            self.changed.emit()
            self.autosave()  # confirmed: off the disk's drafts at once
            self.memory_panel.update_count()
        left = len(edited) - count
        sentences = [
            self.tr("%Ln edited segment(s) confirmed into the translation memory.", "", count)
        ]
        if left:
            sentences.append(self.tr("%Ln flagged segment(s) left unconfirmed.", "", left))
        if not edited:
            sentences.append(self.tr("Double-click a translation in Segments to edit it."))
        self._say(join_sentences(sentences))
        return count

    def pending(self) -> list[PendingEdit]:
        """The unconfirmed edits that quitting would lose, less those the user chose to
        quit without (a logout asks, then the window closes: not twice)."""
        return [edit for edit in self.runner.unconfirmed() if edit not in self._dropped]

    def may_close(self) -> bool:
        """Whether Hearth may quit: an edit not confirmed into the memory would be lost,
        so with any, the user chooses to confirm them all (flagged ones too), to quit
        without them, or to stay (Cancel, and Escape). Where the memory cannot be
        written, the error is shown and Hearth stays open with the edits."""
        pending = self.pending()
        if not pending:
            return True
        count = len(pending)
        confirm = self.tr("Confirm and quit")
        discard = self.tr("Quit without confirming")
        sentences = [
            self.tr(
                "%Ln edited translation(s) are not confirmed into the translation memory; "
                "Hearth forgets them when it quits. Confirm them first?",
                "",
                count,
            )
        ]
        flagged = sum(1 for edit in pending if edit.flagged)
        if flagged and count == 1:
            sentences.append(self.tr("It is still marked ⚠ (see Segments)."))
        elif flagged:
            sentences.append(self.tr("%Ln of them still marked ⚠ (see Segments).", "", flagged))
        choice = ask_choice(
            self._window,
            self.tr("Unconfirmed edits"),
            join_sentences(sentences),
            [confirm, discard],
        )
        if choice == discard:
            # Forgotten once Hearth has quit (keep_on_shutdown): a logout can still be
            # cancelled by another program, and Hearth then goes on with them.
            self._dropped.update(pending)
            return True
        if choice != confirm:
            return False
        try:
            self.runner.confirm_edits(pending)
        except (sqlite3.Error, OSError) as error:
            self.changed.emit()
            show_error(
                self._window,
                self.tr("Unconfirmed edits"),
                self.tr(
                    "The translation memory could not store your edits, so Hearth stays "
                    "open: {error}"
                ).format(error=error),
            )
            return False
        self.changed.emit()
        self.autosave()
        return True

    def keep_on_shutdown(self, *, last: bool = True) -> int:
        """Hearth shuts down (``last``), or a logout that lets no one be asked may end it
        (not ``last``: another program can still cancel it, and Hearth goes on): the
        edits that are not confirmed, except those the user chose to quit without, stay
        on disk as drafts for the next start (none is confirmed without the user's
        answer). Returns how many; a memory that cannot be written is logged (no one is
        there to read a message), and the drafts written before stay."""
        self._autosave_timer.stop()
        self._closing = self._closing or last
        if self._saved is None:
            return 0  # drafts that could not be read are not written over
        kept = [edit.draft() for edit in self.pending()]
        try:
            self.drafts.save_now(kept, last=last)
        except (sqlite3.Error, OSError):
            log.exception("%d unconfirmed translation edits could not be kept", len(kept))
            return 0
        return len(kept)

    def may_retranslate(
        self, text: str, document: Document | None, source: str, target: str
    ) -> bool:
        """Whether Retranslate of ``text`` (or of the open ``document``) from ``source``
        (or Auto-detect) into ``target`` may go on: it discards the unconfirmed edits of
        its segments and replaces the confirmed segments shown with the model's, so it
        asks first when there are any (No is the default)."""
        edited = self.runner.edits_retranslate_discards(text, document, source, target)
        job = self.runner.job
        confirmed = sum(1 for r in job.results.values() if r.origin == "confirmed") if job else 0
        if not edited and not confirmed:
            return True
        sentences = []
        if edited:
            sentences.append(
                self.tr(
                    "Retranslate discards your %Ln edited segment(s) that are not "
                    "confirmed into the memory.",
                    "",
                    edited,
                )
            )
        if confirmed and edited:
            sentences.append(
                self.tr(
                    "It also replaces %Ln confirmed segment(s) in Segments with the model's "
                    "translations; the memory keeps your confirmed translations.",
                    "",
                    confirmed,
                )
            )
        elif confirmed:
            sentences.append(
                self.tr(
                    "Retranslate replaces %Ln confirmed segment(s) in Segments with the "
                    "model's translations; the memory keeps your confirmed translations.",
                    "",
                    confirmed,
                )
            )
        sentences.append(self.tr("Retranslate anyway?"))
        return ask_yes_no(
            self._window, self.tr("Retranslate"), join_sentences(sentences), default_no=True
        )

    def _on_translation_edited(self, index: int, text: str) -> None:
        """The user's text reaches the output (and a saved file) at once; an emptied
        translation goes back to the model."""
        job = self.runner.job
        if job is None or index >= job.total:
            return
        if text.strip():
            self.segments.show_result(job.edit(index, text))
        else:
            job.clear(index)
            self.segments.set_row_status(index, "")
        self.changed.emit()
        self.autosave()  # the user's own text: on disk at once, not with the next burst

    def _on_memory_corrected(self, pair: tuple[str, str], source: str, target: str) -> None:
        job = self.runner.job
        if job is None or (job.source_lang, job.target.code) != pair:
            return
        for result in job.use_confirmed(source, target):
            self.segments.show_result(result)
        self.changed.emit()

    def _on_terms_added(self, terms: list[str]) -> None:
        """Say what a new glossary term changes: the model's segments that hold it and
        do not use it, and those kept as written that hold it, are translated again by
        the next Translate."""
        job = self.runner.job
        if job is None:
            return
        added = Glossary(
            tuple(e for e in self.glossary_panel.glossary().entries if e.source in terms),
            job.glossary.source_language,
        )
        stale = [
            r
            for r in job.results.values()
            # As job.set_glossary requeues them: a segment kept as written included.
            if r.origin in ("model", "memory", "kept")
            and added.check(r.source, r.target, job.target.code)
        ]
        if stale:
            #: separates glossary terms in a list
            separator = self.tr(", ")
            self._say(
                self.tr(
                    "%Ln translated segment(s) hold {terms} without the glossary's "
                    "translation: Translate translates them again (the memory's model "
                    "segments are reused only where they follow the glossary).",
                    "",
                    len(stale),
                ).format(terms=separator.join(terms))
            )


def _start(paragraph: str) -> str:
    """The paragraph on one line, cut after at most :data:`PARAGRAPH_START_CHARS`
    characters (between words where it has spaces)."""
    line = " ".join(paragraph.split())
    if len(line) <= PARAGRAPH_START_CHARS:
        return line
    cut = line[:PARAGRAPH_START_CHARS]
    if " " in cut[PARAGRAPH_START_CHARS // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"
