"""The job lifecycle of the Translate view: a ``TranslationJob`` fed segment by segment
to the long-lived inference worker (like chat replies, through ``InferenceController``,
with the translation's own KV cache), loading the chosen model first when needed.

The work itself runs on the inference thread, which owns the model; this object lives
on the GUI thread, routes the worker's signals by request id and says what happened
through its own signals. ``gui.common.background`` is not used: a segment is one
``generate`` request of the worker, cancelled through the controller."""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from engine.common.errors import ContextFull
from engine.common.messages import Message, message_of
from engine.llm.model import ModelInfo
from engine.remote.engines import parse_remote_path
from engine.translation.checks import load_check_data
from engine.translation.glossary import Glossary
from engine.translation.job import (
    AUTO,
    SegmentResult,
    SegmentTask,
    TranslationJob,
    translation_sampling,
)
from engine.translation.language_detect import detect_language
from engine.translation.memory import Draft, TranslationMemory, model_identity
from engine.translation.model_io import RETRY_STREAM, kv_stream
from engine.translation.prompt import beams_help, restore
from engine.translation.replies import KeptReply, ReplyCache, reply_key
from engine.translation.segmenter import Document, max_segment_chars, parse_text
from gui.common.background import TaskContext, run_in_background
from gui.common.engine_text import shown
from gui.inference.controller import InferenceController
from gui.translate.language_names import name_for_english

# The worker keeps the chat's KV cache apart from ours, and our two streams apart.
KV_KEY = "translation"
LARGE_DOCUMENT = 100_000  # characters; above this the output is refreshed sparingly
# Replies kept from earlier runs are checked and shown for up to this many seconds at a
# time; then the window's events come (Stop, scrolling) before the next ones.
REPLAY_SLICE = 0.05


def _with_language_names(error: ValueError) -> object:
    """The job's error with a language it names (by its English name, as the engine
    writes it) in the window's language."""
    message = message_of(error)
    if message is None or "language" not in message.fields:
        return error
    fields = {**message.fields, "language": name_for_english(str(message.fields["language"]))}
    return Message(message.template, fields)


# Marks where the newest text ends while the output is rebuilt (private-use characters).
_FOCUS = "\ue000\ue001\ue002"


def untranslated_marker() -> str:
    """What stands for a segment a stopped run did not reach, in the output pane and the
    saved file: the engine's ``[not translated]`` (engine.translation.job.NOT_TRANSLATED)
    in the window's language."""
    #: put in a translated document where a segment was not translated (a stopped run)
    return QCoreApplication.translate("TranslationRunner", "[not translated]")


class JobEnd(StrEnum):
    """How a run of the job ended."""

    DONE = "done"  # every segment is translated
    STOPPED = "stopped"  # the user stopped it; translating again continues
    FAILED = "failed"  # the model failed; the message says why


@dataclass(frozen=True)
class JobRequest:
    """What to translate: the pair, the text (or the open ``document``), the glossary;
    ``use_memory`` False translates every segment again (Retranslate)."""

    source: str
    target: str
    text: str
    document: Document | None
    glossary: Glossary
    use_memory: bool = True


@dataclass(frozen=True)
class PendingEdit:
    """An edit not confirmed into the memory: of the job's row ``index``, or (None)
    carried from a text translated before; ``flagged``: it still has a problem (⚠)."""

    pair: tuple[str, str]
    source: str
    target: str
    index: int | None = None
    flagged: bool = False

    def draft(self) -> Draft:
        """The edit as the memory keeps it on disk until it is confirmed."""
        return Draft(*self.pair, self.source, self.target)


class TranslationRunner(QObject):
    """Signals:
    ``running_changed(running)``: a job (or the model load it waits for) started or ended;
    ``status_changed(text)``: a one-line message for the status line;
    ``load_requested(path)``: the chosen model must be loaded first;
    ``model_ready()``: the model waited for is loaded, translate again;
    ``job_created(job)``: a new ``TranslationJob`` (show its segments);
    ``segment_started(index)``: the model starts on a segment;
    ``segment_streamed(index, text)``: the partial translation of a segment of a large
    document (small ones only get ``output_changed``);
    ``output_changed()``: the text so far changed (``output_text`` gives it);
    ``result_ready(result)``: a ``SegmentResult`` (from the model or the memory);
    ``results_ready(results)``: several at once (memory hits and segments copied on the
    way to the next one the model translates, a Retranslate's earlier translations
    shown until the model's come, and those a run's end keeps);
    ``finished(how, message)``: the run ended (``JobEnd``; the error for ``FAILED``)."""

    running_changed = Signal(bool)
    status_changed = Signal(str)
    load_requested = Signal(str)
    model_ready = Signal()
    job_created = Signal(object)
    segment_started = Signal(int)
    segment_streamed = Signal(int, str)
    output_changed = Signal()
    result_ready = Signal(object)
    results_ready = Signal(list)
    finished = Signal(str, str)

    def __init__(
        self,
        controller: InferenceController,
        memory: TranslationMemory,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.memory = memory
        # None: the next ``prepare`` starts a new job.
        self.job: TranslationJob | None = None
        self._job_key: tuple[str, str, str, str] | None = None
        self._large = False  # the job's document is long: refresh the output sparingly
        self._task: SegmentTask | None = None
        self._request_id: int | None = None
        self._partial = ""
        self._waiting_for_model: str | None = None
        self._reproducible = True
        self._best = False
        self._beams_asked = False  # the request in flight asked for Best quality's beams
        self._stop_asked = False  # Stop was pressed in this run
        # The model's replies this session, by request: Translate does not send the very
        # same request again (a flagged segment is not in the memory).
        self.replies = ReplyCache()
        self._reply_key: Hashable | None = None  # the request in flight's
        self._replaying = False  # kept replies are being taken, a slice at a time
        # The model of the run (_model_key), and how many loads this session has seen.
        self._run_model: Hashable | None = None
        self._loads = 0
        # The replies of each segment in this run (dropped once it passes its checks).
        self._segment_keys: dict[int, list[Hashable]] = {}
        # Segments emptied in a job dropped since, by their text (_note_emptied).
        self._emptied: set[str] = set()
        # Segments of the last run that Best quality could not translate with beams (the
        # beams did not fit, or the model began to think): decoded greedily instead.
        self.without_beams: set[int] = set()
        # The unconfirmed edits of a job dropped because its text changed (drop_job).
        self._carried_edits: dict[tuple[str, str], dict[str, str]] = {}
        controller.token_received.connect(self._on_token)
        controller.reply_finished.connect(self._on_reply_finished)
        controller.reply_failed.connect(self._on_reply_failed)
        controller.model_loaded.connect(self._on_model_loaded)
        controller.model_load_failed.connect(self._on_model_load_failed)
        controller.model_load_cancelled.connect(self._on_model_load_cancelled)

    @property
    def running(self) -> bool:
        return (
            self._request_id is not None or self._waiting_for_model is not None or self._replaying
        )

    @property
    def translating(self) -> bool:
        """A segment is with the model (not only a model being loaded for the run)."""
        return self._request_id is not None

    @property
    def large(self) -> bool:
        """The job's document is long: re-render its whole output only now and then."""
        return self.job is not None and self._large

    def max_chars(self) -> int:
        """The longest segment the loaded model's context takes."""
        info = self.controller.model
        return max_segment_chars(info.n_ctx if info is not None else 4096)

    def set_reproducible(self, reproducible: bool) -> None:
        """Temperature 0 and a fixed seed from the next segment on."""
        self._reproducible = reproducible

    def set_best_quality(self, best: bool) -> None:
        """Best quality (the likeliest of several beams) from the next segment on."""
        self._best = best

    def best_not_for(self, job: TranslationJob | None) -> bool:
        """Best quality is on, but ``job``'s model family translates as usual: its beams
        measured worse than greedy decoding (engine.translation.prompt.beams_help)."""
        return self._best and job is not None and not beams_help(job.model_name)

    def _beams_apply(self, job: TranslationJob) -> bool:
        """Best quality is on and can be had: beams run in this computer's llama.cpp,
        not on a remote engine nor through the API server's scheduler, and help the
        model's family."""
        info = self.controller.model
        remote = info is not None and info.architecture == "remote"
        return (
            self._best and not remote and not self.controller.serving and beams_help(job.model_name)
        )

    def drop_job(self) -> None:
        """The text changed: the next ``prepare`` starts a new job. The unconfirmed
        edits of this one are kept, by language pair and segment text, for the jobs to
        come (:meth:`prepare`)."""
        self._carry(self.job)
        self._note_emptied(self.job)
        self.job = None

    def _note_emptied(self, job: TranslationJob | None) -> None:
        """Remember the segments the user emptied in ``job`` and that were not
        translated since: the next job sends them to the model (prepare)."""
        if job is not None:
            self._emptied |= {job.segments[i] for i in job.sent_again if i not in job.results}

    def _edit_sources(self) -> dict[tuple[str, str], set[str]]:
        """The segments with an unconfirmed edit, by language pair: the job's own and
        those carried from jobs dropped before (:meth:`unconfirmed`)."""
        sources: dict[tuple[str, str], set[str]] = {}
        for edit in self.unconfirmed():
            sources.setdefault(edit.pair, set()).add(edit.source)
        return sources

    def unconfirmed(self) -> list[PendingEdit]:
        """The edits not confirmed into the memory (lost when Hearth quits): those
        carried from jobs dropped before, then the job's. A carried edit of a segment
        the job still holds is left out: the job's row (edited again, confirmed, emptied)
        is the newer (a job refused after its edits were carried keeps them)."""
        job = self.job
        pair = (job.source_lang, job.target.code) if job is not None else None
        held = set(job.segments) if job is not None else set()
        pending = [
            PendingEdit(key, source, target)
            for key, edits in self._carried_edits.items()
            for source, target in edits.items()
            if key != pair or source not in held
        ]
        if job is not None and pair is not None:
            pending += [
                PendingEdit(pair, edit.source, edit.target, edit.index, bool(edit.issues))
                for edit in job.edited()
            ]
        return pending

    def waiting_edits(self) -> list[PendingEdit]:
        """The unconfirmed edits that wait for their paragraphs (carried from texts
        translated before, or kept from the last stop): not in the job's rows."""
        return [edit for edit in self.unconfirmed() if edit.index is None]

    def confirm_edits(self, pending: list[PendingEdit]) -> int:
        """Confirm these edits into the memory, flagged or not (the user asks for it on
        quitting); the job's are shown in their rows by ``result_ready``. Returns how
        many. A memory that cannot be written raises (sqlite3.Error, OSError); what was
        stored before stays, and what was not stays unconfirmed."""
        job = self.job
        for edit in pending:
            if edit.index is None:
                self.memory.store(*edit.pair, edit.source, edit.target, "confirmed")
                self._carried_edits.get(edit.pair, {}).pop(edit.source, None)
            elif job is not None:
                self.result_ready.emit(job.confirm(edit.index, edit.target))
        return len(pending)

    def _segments_of(self, text: str, document: Document | None) -> list[str]:
        """The segments :meth:`prepare` cuts ``text`` (or the open ``document``) into."""
        if document is not None:
            return list(document.segments())
        return list(parse_text(text, "markdown", self.max_chars()).segments())

    def edits_in(self, text: str, document: Document | None) -> set[tuple[str, str]]:
        """The language pairs with an unconfirmed edit (the job's own, or carried from a
        job dropped before) whose segment is in ``text`` (or the open ``document``), as
        :meth:`prepare` would cut it: the next run of that pair puts the edit back."""
        sources = self._edit_sources()
        # Cut only where one could be there (a long text is cut once, not per keystroke).
        if not any(source and source in text for group in sources.values() for source in group):
            return set()
        segments = set(self._segments_of(text, document))
        return {pair for pair, group in sources.items() if group & segments}

    def edits_retranslate_discards(
        self, text: str, document: Document | None, source: str, target: str
    ) -> int:
        """How many unconfirmed edits Retranslate of ``text`` (or of the open
        ``document``) from ``source`` (or Auto-detect) into ``target`` discards: those of
        the pair the new job will have (the job's, which its table shows, and those
        carried from jobs dropped before) whose segment is in the text. Edits of other
        paragraphs and pairs wait on."""
        sources = self._edit_sources()
        edited = [segment for group in sources.values() for segment in group]
        if document is None and not any(segment and segment in text for segment in edited):
            return 0
        segments = self._segments_of(text, document)
        if source == AUTO:  # the language the new job will detect, as it detects it
            source = detect_language(" ".join(segments)) or AUTO
        return len(sources.get((source, target), set()).intersection(segments))

    def carry_drafts(self, drafts: Iterable[Draft]) -> None:
        """Carry on the unconfirmed edits kept on disk from when Hearth last stopped (as
        those of a dropped job: they wait for their paragraphs)."""
        for draft in drafts:
            edits = self._carried_edits.setdefault((draft.source_lang, draft.target_lang), {})
            edits[draft.source] = draft.target

    def _carry(self, job: TranslationJob | None) -> None:
        if job is not None:
            pair = (job.source_lang, job.target.code)
            self.carry_drafts(Draft(*pair, edit.source, edit.target) for edit in job.edited())

    def wait_for_model(self, path: str) -> None:
        """Ask for ``path`` to be loaded; ``model_ready`` follows once it is."""
        self._waiting_for_model = path
        self.running_changed.emit(True)
        self.status_changed.emit(self.tr("Loading {model}…").format(model=Path(path).name))
        self.load_requested.emit(path)

    def prepare(self, request: JobRequest, info: ModelInfo) -> bool:
        """Make the job for ``request`` on the model ``info``, or keep the current one when
        it was stopped on the same text; False (with a status message) when there is
        nothing to translate. A new job keeps the user's unconfirmed edits (on another
        text, for the segments it still has, by their text), except for Retranslate (the
        view asks before that discards them)."""
        key = (request.source, request.target, request.text, info.path)
        if (
            request.use_memory
            and self.job is not None
            and self._job_key == key
            and not self.job.finished
        ):
            self.job.set_glossary(request.glossary)
            self.job.resume()
            return True
        old_key = self._job_key if self.job is not None else None
        same_text = old_key is not None and old_key[:3] == key[:3]
        edits = self.job.edited() if self.job is not None and same_text else []
        earlier = dict(self.job.results) if self.job is not None and same_text else {}
        before = self.job
        document = request.document or parse_text(request.text, "markdown", self.max_chars())
        if not document.segments():
            self.status_changed.emit(self.tr("Nothing to translate."))
            return False
        try:
            self.job = TranslationJob(
                document,
                request.source,
                request.target,
                glossary=request.glossary,
                memory=self.memory,
                use_memory=request.use_memory,
                model_name=info.name,
                # A stat of the model file: the memory reuses a model's segments only
                # for the model that wrote them.
                model_id=info.path if parse_remote_path(info.path) else model_identity(info.path),
                # A remote engine takes no list of tokens never to write.
                word_bans=not parse_remote_path(info.path),
            )
        except ValueError as error:
            self.status_changed.emit(shown(_with_language_names(error)))
            return False
        # Only now that the new job stands: a refused one leaves the job and its edits.
        if not same_text:
            self._carry(before)
        # Segments emptied and not translated since go to the model on this job too
        # (not a kept reply), wherever they now are.
        self._note_emptied(before)
        self.job.sent_again |= {
            i for i, segment in enumerate(self.job.segments) if segment in self._emptied
        }
        self._emptied = set()
        self._job_key = key
        self._large = sum(map(len, self.job.segments)) > LARGE_DOCUMENT
        self._load_check_data(self.job)
        self.job_created.emit(self.job)
        carried = self._carried_edits.setdefault((self.job.source_lang, self.job.target.code), {})
        if not request.use_memory:
            # Each segment shows its translation from before until the model's comes
            # (in one go: a table may have thousands).
            shown_before = self.job.replace_in_place(earlier)
            if shown_before:
                self.results_ready.emit(shown_before)
            # Retranslate discards the edits of its segments (the view asked first); the
            # edits of paragraphs that are not in this text wait on.
            for source in set(self.job.segments):
                carried.pop(source, None)
            return True
        for edit in edits:
            if self.job.segments[edit.index : edit.index + 1] == [edit.source]:
                self.result_ready.emit(self.job.edit(edit.index, edit.target))
            else:  # the text was cut otherwise (another context size): found by its text
                carried[edit.source] = edit.target
        # The edited paragraphs of texts before, wherever they now are; once in this job
        # they are its edits.
        for index, source in enumerate(self.job.segments):
            if source in carried:
                self.result_ready.emit(self.job.edit(index, carried[source]))
        for source in set(self.job.segments):
            carried.pop(source, None)
        return True

    def _load_check_data(self, job: TranslationJob) -> None:
        """The checks run here, on the GUI thread, when a segment comes back: what they
        read from disk on first use is loaded on another thread while the model works
        on the first segment."""
        if not job.checks:
            return
        source = job.source
        target = job.target

        def work(_task: TaskContext) -> None:
            load_check_data(source, target)

        run_in_background(self, work, on_success=lambda _none: None, on_failure=lambda _m: None)

    def start(self) -> None:
        """Run the prepared job from its first untranslated segment."""
        if self.job is None:  # dropped since it was prepared: nothing to run
            return
        self.without_beams = set()
        self._stop_asked = False
        self._run_model = self._model_key(self.job)
        self._segment_keys = {}
        self.running_changed.emit(True)
        self._next()

    def stop(self) -> None:
        if self._replaying:
            self._stop_asked = True  # the next slice ends the run
        if self._request_id is not None:
            self._stop_asked = True
            self.controller.cancel(self._request_id)
        if self._waiting_for_model is not None:
            self._waiting_for_model = None
            self.running_changed.emit(False)

    def output_text(self) -> str:
        """The whole output so far, in the document's structure: translated (or edited)
        segments, the one streaming, nothing yet for those still to come while the job
        runs, and :func:`untranslated_marker` for those a stopped run did not reach; never the
        source text mixed in as if it were translated."""
        return self.output_and_focus()[0]

    def output_and_focus(self) -> tuple[str, int]:
        """``output_text`` and where in it the newest text ends (the segment streaming,
        else the last one done), in characters; -1 where none is."""
        job = self.job
        if job is None:
            return "", -1
        translations = job.translations("" if self.running else untranslated_marker())
        if self._task is not None and self._partial:
            # Its placeholders put back as they stream, never shown as ⟦1⟧.
            translations[self._task.index] = restore(self._partial, self._task.protected)[0].strip()
        task = self._task
        if task is None:
            focus = max(job.results, default=-1)
        elif translations[task.index]:
            focus = task.index
        else:
            # Nothing of it written yet: the newest text is the segment before it (not
            # the start of this one, a blank line further down).
            focus = max((i for i in job.results if i < task.index), default=-1)
        if 0 <= focus < len(translations) and translations[focus] is not None:
            marked = list(translations)
            marked[focus] = f"{marked[focus]}{_FOCUS}"
            text = self._rebuilt(marked)
            # Once, where it was put (a document that writes these characters itself
            # is shown without following).
            if text.count(_FOCUS) == 1:
                at = text.index(_FOCUS)
                return text[:at] + text[at + len(_FOCUS) :], at
        return self._rebuilt(translations), -1

    def _rebuilt(self, translations: list[str | None]) -> str:
        job = self.job
        assert job is not None
        if job.document.kind == "docx":
            return "\n\n".join(t for t in translations if t)
        return job.document.rebuild(translations).replace("\r\n", "\n")

    def _model_key(self, job: TranslationJob) -> Hashable | None:
        """The loaded model as a reply depends on it: its file, its context size, and
        which load of the session it is (a reload may change the chat template or the
        KV cache's type); None for a remote engine, whose model may change behind the
        same name."""
        info = self.controller.model
        if info is None or info.architecture == "remote":
            return None
        return (info.path, job.model_id, info.n_ctx, self._loads)

    def _next(self) -> None:
        job = self.job
        assert job is not None
        model = self._model_key(job)
        if self.controller.is_loading or model != self._run_model:
            # Another model is being loaded (the Model menu) between two requests: the
            # run stops, as a request in flight is cancelled by the load; the next
            # Translate goes on with the model then loaded.
            self._replaying = False
            self._finish(JobEnd.STOPPED)
            return
        began = time.monotonic()
        # Memory hits, copied segments and the replies kept from earlier runs on the way
        # come in one go (a table of numbers may give thousands): shown together.
        shown: list[SegmentResult] = []
        while True:
            task = job.next_task()
            shown += job.take_memory_hits()
            if task is None:
                break
            beams = self._beams_apply(job)
            sampling = translation_sampling(task, self._reproducible, beams)
            key = reply_key(model, task, sampling) if model is not None else None
            # Not for Retranslate, nor for a segment the user emptied: the model is asked.
            replay = job.use_memory and task.index not in job.sent_again
            kept = self.replies.get(key) if replay else None
            if kept is None:
                break
            if beams and kept.beams <= 1 and not task.prefix:
                self.without_beams.add(task.index)
            # Running while replies are taken (the status line shows the progress).
            self._replaying = True
            self._segment_keys.setdefault(task.index, []).append(key)
            result = job.complete(task, kept.text, cut=kept.cut, replayed=True)
            if result is not None:
                shown.append(result)
                self._forget_clean(result)
            if time.monotonic() - began > REPLAY_SLICE:
                if shown:
                    self.results_ready.emit(shown)
                QTimer.singleShot(0, self, lambda: self._replay_on(job))
                return
        if shown:
            self.results_ready.emit(shown)
        self._replaying = False
        if task is None:
            self._finish(JobEnd.DONE)
            return
        self._task = task
        self._partial = task.prefix  # a retry going on from the words of the reply before
        self._beams_asked = beams
        self._reply_key = key
        if key is not None:
            self._segment_keys.setdefault(task.index, []).append(key)
        self._request_id = self.controller.generate(
            task.messages,
            sampling,
            task.prefix,
            # A retry continues from the retry before it (kv_stream).
            conversation=f"{KV_KEY}:{kv_stream(task)}",
        )
        self.segment_started.emit(task.index)

    def _replay_on(self, job: TranslationJob) -> None:
        """The next slice of kept replies, unless Stop came (or the job went)."""
        if not self._replaying:
            return
        if self.job is not job:
            self._replaying = False
            self.running_changed.emit(False)
            return
        if self._stop_asked:
            self._replaying = False
            self._finish(JobEnd.STOPPED)
            return
        self._next()

    def _finish(self, how: JobEnd, message: str = "") -> None:
        if self.job is not None:
            # A Retranslate's earlier translations still shown stay; an attempt
            # whose retry for words left untranslated was stopped is kept, flagged.
            settled = self.job.settle()
            if settled:
                self.results_ready.emit(settled)
        # The retries' KV state is of this job: its memory is not held until the model
        # is unloaded (the first attempts' stays, as a chat's does); a stopped job may
        # go on, and keeps it until a run ends otherwise.
        if how != JobEnd.STOPPED:
            self.controller.forget_state(f"{KV_KEY}:{RETRY_STREAM}")
        self.running_changed.emit(False)
        self.finished.emit(how, message)

    def _on_token(self, request_id: int, text: str, _count: int) -> None:
        if request_id != self._request_id:
            return
        self._partial += text
        if self.large:
            # Re-setting a whole long document per token would freeze the window: the
            # segment streams in its row; the full text is refreshed every 2 s.
            if self._task is not None:
                self.segment_streamed.emit(self._task.index, self._partial.strip())
            return
        self.output_changed.emit()

    def _on_reply_finished(self, request_id: int, text: str, stats: object) -> None:
        if request_id != self._request_id:
            return
        finish_reason = getattr(stats, "finish_reason", "stop")
        self._request_id = None
        task, self._task = self._task, None
        assert self.job is not None and task is not None
        if finish_reason == "cancelled":
            self._finish(JobEnd.STOPPED)
            return
        # A reply going on from the words of the reply before is greedy by design.
        beams = getattr(stats, "beams", 1)
        if self._beams_asked and beams <= 1 and not task.prefix:
            self.without_beams.add(task.index)
        cut = finish_reason == "length"
        self.replies.put(self._reply_key, KeptReply(text, cut, beams))
        result = self.job.complete(task, text, cut=cut)
        if result is not None:
            self._forget_clean(result)
        self._go_on(result)

    def _forget_clean(self, result: SegmentResult) -> None:
        """A segment's replies are kept only while it is flagged: one that passed every
        check is in the memory, which the next Translate takes it from (so the replies
        kept are those Translate needs, however long the text)."""
        keys = self._segment_keys.pop(result.index, [])
        if not result.issues and result.origin == "model":
            for key in keys:
                self.replies.drop(key)

    def _go_on(self, result: SegmentResult | None) -> None:
        """Show what a request ended with, then the next segment, or the end of the run
        where Stop came as it ended (its reply, or its refusal, is kept)."""
        if result is not None:
            self.result_ready.emit(result)
        if self._stop_asked:
            self._finish(JobEnd.STOPPED)
        else:
            self._next()

    def _on_reply_failed(self, request_id: int, message: str) -> None:
        if request_id != self._request_id:
            return
        self._request_id = None
        task, self._task = self._task, None
        if isinstance(message, ContextFull) and task is not None and self.job is not None:
            # Too long for the model's context even as cut: the segment is kept, flagged
            # (or a retry keeps its first attempt), and the run goes on, as on the CLI.
            self._go_on(self.job.too_long(task))
            return
        self._finish(JobEnd.FAILED, shown(message))  # the signal carries plain text

    def _on_model_loaded(self, _info: ModelInfo) -> None:
        self._loads += 1
        if self._waiting_for_model is not None:
            self._waiting_for_model = None
            self.model_ready.emit()

    def _on_model_load_failed(self, _path: str, message: str) -> None:
        if self._waiting_for_model is not None:
            self._waiting_for_model = None
            self.running_changed.emit(False)
            self.status_changed.emit(
                self.tr("The model could not be loaded: {error}").format(error=shown(message))
            )

    def _on_model_load_cancelled(self, _path: str) -> None:
        # A newer load of the wanted model may still follow: only a load that ended
        # with none pending stops the waiting job.
        if self._waiting_for_model is not None and not self.controller.is_loading:
            self._waiting_for_model = None
            self.running_changed.emit(False)
            self.status_changed.emit(self.tr("Loading the model was cancelled."))
