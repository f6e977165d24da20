"""Translating a document segment by segment: what to ask the model next, what the
memory already has, and the result of each segment (with glossary flags).

The job does not call the model itself: ``next_task`` gives the messages, the caller
generates (the CLI directly, the window on its inference thread) and hands the text to
``complete``. Cancelling keeps every finished segment; those without a flag are in the
memory too, so running the job again, or a new job on the same document, resumes where
it stopped. A flagged one is not reused from the memory without its flag; the window
keeps the model's replies of the session (engine.translation.replies), so the same
request is checked again, not sent again.
"""

from __future__ import annotations

import html
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Literal

from engine.common.errors import ContextOverflowError
from engine.common.messages import msg
from engine.llm.east_asian import is_east_asian
from engine.llm.generation import Reply, generate_reply
from engine.llm.kv_state import KVStateCache
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel
from engine.remote.endpoint import RemoteEndpoint
from engine.translation.checks import (
    FLAG_ONLY,
    INVENTED,
    NOT_RULED_OUT,
    PLACEHOLDER_ECHO,
    CheckFailure,
    check_translation,
    dropped_reason,
    left_in_source_script,
)
from engine.translation.chinese_script import in_target_script
from engine.translation.dates import swapped_dates_fixed
from engine.translation.document import emoji_like
from engine.translation.glossary import Glossary, GlossaryEntry, with_terms
from engine.translation.language_detect import detect_language, zipf
from engine.translation.languages import Language, language
from engine.translation.memory import MemoryEntry, TranslationMemory
from engine.translation.model_io import kv_stream, without_reasoning

# translation_sampling is imported from here too (the window, the benchmark).
from engine.translation.model_io import translation_sampling as translation_sampling
from engine.translation.prompt import (
    ContextTurn,
    PromptStyle,
    Protected,
    beams_help,
    broken_placeholders,
    build_messages,
    clean_output,
    fit_shape,
    glossary_example_fits,
    invented_placeholders,
    protect,
    restore,
    shown_examples,
    style_for_model,
)
from engine.translation.scripts import (
    dropped_quoted_words,
    foreign_words,
    quoted_words,
    writes_cjk,
    writing_system,
)
from engine.translation.segmenter import Document

# "edited": the user's own text in the Segments tab, used in the output at once and
# stored in the memory only when confirmed; "copied": nothing to translate, kept as
# written; "kept": the model gave nothing usable (or could not take the segment), its
# text kept, flagged.
SegmentOrigin = Literal["model", "memory", "confirmed", "edited", "copied", "kept"]
AUTO = "auto"
_PLACEHOLDER = re.compile(r"⟦\d+⟧")
_MARKUP_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
NOT_TRANSLATED = "[not translated]"  # marks a segment that a stopped run did not reach
# Ends the reasons of a segment that failed its checks again after the retry.
AFTER_RETRY = " (also after a retry)"
# Earlier segments beyond the one just before go into the prompt only while their
# texts and translations together stay within this many characters.
CONTEXT_CHARS = 1200
# Segments copied as written (nothing to translate) passed over to find the context.
_MOST_SKIPPED = 8


@dataclass(frozen=True)
class SegmentResult:
    index: int
    source: str
    target: str
    origin: SegmentOrigin
    issues: tuple[str, ...] = ()
    # The model's reply to the very same request earlier this session, checked again
    # instead of asking the model (engine.translation.replies; origin "model").
    replayed: bool = False


@dataclass(frozen=True)
class SegmentTask:
    index: int
    source: str
    protected: Protected
    messages: tuple[ChatMessage, ...]
    max_tokens: int
    # 1 for the one stricter retry after a failed check (or a retry with words ruled
    # out), 2 for that stricter retry asked again with the words it left ruled out.
    attempt: int = 0
    # A retry after a missed term: the protected text as given, the terms in place.
    given: str | None = None
    # The example exchanges the prompt shows (a reply must not copy them).
    examples: tuple[tuple[str, str], ...] = ()
    # The document's earlier segments the prompt shows (a reply must not be one of them).
    context: tuple[ContextTurn, ...] = ()
    # Whether the request may reuse the KV cache past its common prefix (shifted into
    # place: model_io.TRANSLATION_CACHE_REUSE): only a first attempt that shows earlier
    # segments, once the model has answered one of this job's requests (so that what
    # the cache held before the job, another text or a chat, plays no part in it), and
    # its retry with words ruled out (the same prompt, which the cache then holds as the
    # first attempt read it); never a request asked again without the context, whose own
    # cells were computed after the context it must not see.
    reuse_cache: bool = False
    # Whether no token that writes Chinese, Japanese or Korean may be chosen: into a
    # language that writes none, from one that does or from a text without any
    # (_no_east_asian).
    no_east_asian: bool = False
    # A retry asked as the attempt before it was (the first attempt, or the stricter
    # retry), these words (which that attempt left in the source language) ruled out:
    # model_io.translation_sampling.
    avoid_words: tuple[str, ...] = ()
    # What the reply starts with, already written: such a retry goes on from the reply
    # before it where the first of those words began (greedy decoding would write the
    # same up to there). The reply's text is what follows it (complete joins them).
    prefix: str = ""
    # The reasons the prompt names, a stricter retry's (its reply must not repeat them).
    named: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Attempt:
    """A first attempt that failed a check (or a stricter retry that left a word or two
    in the source language), kept in case the retry does no better."""

    text: str
    failures: tuple[CheckFailure, ...]
    notes: tuple[str, ...]
    output: str = ""  # the model's reply as it wrote it
    # The words its retry rules out, where that is its retry (avoidable_words).
    avoid: tuple[str, ...] = ()
    # Where this is a stricter retry's reply: its task, asked again with ``avoid``.
    task: SegmentTask | None = None
    # Whether this reply was the model's earlier one, replayed (SegmentResult.replayed).
    replayed: bool = False


class TranslationJob:
    def __init__(
        self,
        document: Document,
        source_lang: str,
        target_lang: str,
        *,
        glossary: Glossary | None = None,
        memory: TranslationMemory | None = None,
        use_memory: bool = True,
        model_name: str = "",
        model_id: str = "",
        style: PromptStyle | None = None,
        checks: bool = True,
        word_bans: bool = True,
    ) -> None:
        """``use_memory`` False translates every segment again (what the model writes
        without a flag still replaces its earlier segments in the memory). ``model_id`` is the
        ``model_identity`` of the model: the memory's model segments are reused only
        when the same model wrote them (confirmed segments always are). ``word_bans``:
        whether the model can be told which words never to write (SegmentTask.avoid_words:
        a model on this computer, not a remote engine)."""
        self.document = document
        self.segments = document.segments()
        # Auto-detect's verdict ("" when it ran and none stood out; None when the
        # source was chosen).
        self.detected: str | None = None
        if source_lang == AUTO:
            self.detected = detect_language(" ".join(self.segments)) or ""
            source_lang = self.detected or AUTO
        self.source_lang = source_lang
        self.source: Language | None = None if source_lang == AUTO else language(source_lang)
        self.target = language(target_lang)
        # Every check would be skipped, and the model asked to rewrite the text.
        if self.source is not None and self.source.code == self.target.code:
            if self.detected:
                raise ValueError(
                    msg(
                        "The text reads as {language}, the language to translate into; "
                        "choose its language as the source if it is another.",
                        language=self.target.name,
                    )
                )
            raise ValueError(
                msg(
                    "The source and target languages are both {language}: choose another.",
                    language=self.target.name,
                )
            )
        self._glossary = self._read_as_source(glossary or Glossary())
        # Whether a segment with a term to translate has come (glossary_example).
        self._term_seen = False
        self.memory = memory
        self.use_memory = use_memory
        self.model_name = model_name
        self.model_id = model_id
        self.style = style if style is not None else style_for_model(model_name)
        # Off only to measure what the checks cost (bench/quality.py): the glossary and
        # placeholder flags stay, but nothing is asked again.
        self.checks = checks
        self.word_bans = word_bans
        self.results: dict[int, SegmentResult] = {}
        self.started = time.monotonic()
        self._model_seconds = 0.0
        self._model_segments = 0
        self._task_started = time.monotonic()
        self._memory_hits: list[SegmentResult] = []  # found by next_task, not yet handed out
        self._without_context: set[int] = set()
        self._retry: dict[int, _Attempt] = {}
        self._cursor = 0
        self._answered = False  # whether the model answered a request of this job yet
        # Segments whose replies were replayed (complete): not the model's pace now.
        self._replayed: set[int] = set()
        # Segments the user emptied (clear): the model is asked, no reply is replayed.
        self.sent_again: set[int] = set()
        # Seconds spent on first attempts, on checks and on retries (the benchmark's
        # measure of what the checks cost).
        self.first_attempt_seconds = 0.0
        self.check_seconds = 0.0
        self.retry_seconds = 0.0
        self.retried = 0
        self.retries_fixed = 0  # retries whose translation passed every check
        # Segments a Retranslate has not reached, which still hold their translation
        # from before (replace_in_place); ``replacing``: the run goes on, and the model
        # is still to translate them; ``kept_any``: it kept some.
        self.kept_earlier: set[int] = set()
        self.replacing = False
        self.kept_any = False

    # -- progress ----------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.segments)

    @property
    def done(self) -> int:
        return len(self.results) - (len(self.kept_earlier) if self.replacing else 0)

    @property
    def reached(self) -> int:
        """The segments this run has translated (or taken from the memory, or the user
        edited): a Retranslate's segments that keep their earlier translation are not
        counted, also once it stopped (its progress bar stays where it stopped)."""
        return len(self.results) - len(self.kept_earlier)

    @property
    def finished(self) -> bool:
        return self.done == self.total

    def eta_seconds(self) -> float | None:
        """From the model's pace so far on the characters still to translate."""
        if not self._model_segments:
            return None
        done_chars = sum(
            len(self.segments[i])
            for i, r in self.results.items()
            if r.origin == "model" and i not in self.kept_earlier and i not in self._replayed
        )
        left_chars = sum(len(s) for i, s in enumerate(self.segments) if self._pending(i))
        if not done_chars:
            return None
        return self._model_seconds / done_chars * left_chars

    def from_memory(self) -> int:
        return sum(
            1
            for i, r in self.results.items()
            if r.origin in ("memory", "confirmed") and i not in self.kept_earlier
        )

    def _pending(self, index: int) -> bool:
        """Whether the segment still needs the model (or the memory) in this run."""
        return index not in self.results or (self.replacing and index in self.kept_earlier)

    @property
    def untranslated(self) -> int:
        """Segments without a translation yet (a stopped run's rest)."""
        return self.total - self.done

    # -- the loop ------------------------------------------------------------------------------

    def next_task(self) -> SegmentTask | None:
        """The next segment that needs the model; memory hits and segments with nothing
        to translate (numbers, symbols) on the way are recorded (they are handed out by
        :meth:`take_memory_hits`)."""
        while self._cursor < self.total and not self._pending(self._cursor):
            self._cursor += 1  # everything before the cursor is done
        for index in range(self._cursor, self.total):
            source = self.segments[index]
            if not self._pending(index):
                continue
            again = self._retry.get(index)
            if again is not None and again.task is not None:
                # A stricter retry that left a word or two in the source language is
                # asked again as it was, those words ruled out (complete).
                self._task_started = time.monotonic()
                return replace(
                    again.task,
                    attempt=2,
                    reuse_cache=False,
                    avoid_words=again.avoid,
                    prefix=_before_words(again.output, again.avoid),
                )
            protected = self._protect(source)
            nothing = self._nothing_to_translate(protected)
            if self.use_memory and self.memory is not None:
                hit = self.memory.lookup(self.source_lang, self.target.code, source)
                # Where there is nothing to translate, only a translation the user
                # confirmed: a model's, stored before such segments were copied, may be
                # "L'addition de 3 à 3 est délicieux." for "3".
                if (
                    hit is not None
                    and self.reusable(hit)
                    and (not nothing or hit.origin == "confirmed")
                ):
                    origin: SegmentOrigin = "confirmed" if hit.origin == "confirmed" else "memory"
                    self._record_hit(
                        SegmentResult(
                            index,
                            source,
                            hit.target,
                            origin,
                            tuple(self._issues(source, hit.target)),
                        )
                    )
                    continue
            if nothing:
                # Nothing to translate (numbers, a date, symbols, emoji, a rule): kept as
                # written, as translation tools copy such a segment. Asked, the starter
                # model wrote "L'addition de 3 à 3 est délicieux." for a table's "3".
                self._record_hit(SegmentResult(index, source, source, "copied", ()))
                continue
            context = () if index in self._without_context else self._context(index)
            first = self._retry.get(index)
            # The terms of the text the model gets: none inside a link or a file name.
            terms = self.glossary.applicable(protected.text)
            # A retry of a text that came back in the source language gets its code,
            # links, addresses, paths and file names as written (protect's ``names``),
            # asked as a first attempt is (without the context):
            # Qwen2.5-0.5B copied "Attach ⟦1⟧ to the email." as it was, wrote the
            # stricter prompt's rules back, and translated the text with "report.pdf"
            # in its place (bench/QUALITY.md).
            # A retry of a text whose translation into Chinese or Japanese left out a
            # word the source writes in their letters gets it as a placeholder.
            quoted = first is not None and any(f.kind == "foreign" for f in first.failures)
            # Not after a missed glossary term: that retry names it and puts the terms
            # in place, which names written out could hold.
            inline = (
                first is not None and _copied(first.failures) and not _missed_terms(first.failures)
            )
            if inline and (written := self._protect(source, names=False, quoted=quoted)).written:
                protected = written
            else:
                inline = False
                if quoted:
                    protected = self._protect(source, quoted=True)
            # (Not a day or month left out: that is flagged, not asked about.)
            reasons = (
                tuple(f.reason for f in first.failures if f.kind != "date_left") if first else ()
            )
            if inline and not self.style.retry_few_shot:
                reasons, context = (), ()
            # A first attempt whose only failure is a word or two left in the source
            # language is asked again as it was, those words ruled out (complete).
            avoid = first.avoid if first is not None else ()
            if avoid:
                reasons = ()
            self._term_seen = self._term_seen or any(not e.keep for e in terms)
            # The same for the messages and for the examples the checks know.
            glossary_example = self.glossary_example
            given = None
            if first is not None and _missed_terms(first.failures):
                placed = with_terms(protected.text, terms, self.glossary.source_language)
                if placed != protected.text:
                    given = placed
            messages = build_messages(
                given or protected.text,
                self.source,
                self.target,
                glossary=terms,
                context=context,
                model_name=self.model_name,
                style=self.style,
                retry_reasons=reasons,
                glossary_example=glossary_example,
                terms_in_place=given is not None,
            )
            # Room for a translation a good deal longer than the source (a token is
            # about 4 characters of English, 1–2 of other scripts, and an emoji up to 3
            # tokens), and no more: a model that rambles on stops soon.
            max_tokens = max(24, int(len(source) * 1.2) + 3 * emoji_like(source) + 16)
            self._task_started = time.monotonic()
            attempt = 0 if first is None else 1
            examples = shown_examples(
                self.source,
                self.target,
                self.style,
                retry=bool(reasons),
                terms_in_place=given is not None,
                model_name=self.model_name,
                glossary_example=glossary_example,
            )
            return SegmentTask(
                index,
                source,
                protected,
                tuple(messages),
                max_tokens,
                attempt,
                given,
                tuple(examples),
                context if first is None or avoid else (),
                self._answered and (first is None or bool(avoid)) and bool(context),
                self._no_east_asian(source, protected, terms),
                avoid,
                _before_words(first.output, avoid) if first is not None and avoid else "",
                tuple(f.reason for f in first.failures) if first is not None and not avoid else (),
            )
        return None

    def _no_east_asian(
        self, source_text: str, protected: Protected, terms: list[GlossaryEntry]
    ) -> bool:
        """Whether a segment's translation may go without any Chinese, Japanese or
        Korean letter: the target writes none; the source either is in one of those
        languages or has none of them in the text as the model gets it (a name or a
        quotation in them stays as written); no link, address, mention, hashtag or file
        name of ``source_text`` is written with them, except one the model gets as a
        placeholder (it comes back as it was; the same name written again where it is no
        placeholder is the model's to write); and no glossary term the translation must
        hold is."""
        if writes_cjk(self.target.code):
            return False
        if any(_has_east_asian(t.expected) for t in terms):
            return False
        if any(_has_east_asian(w) for w in protected.written):
            return False  # a path or code written out for the model to copy
        # One in the source that holds no placeholder's original, or that begins with one
        # and goes on (a link cut apart where Chinese text goes on: the model writes its
        # end), or one the text the model gets still holds.
        originals = protected.originals
        if any(
            _has_east_asian(m.group(0))
            and (
                not any(o in m.group(0) for o in originals)
                or any(m.group(0).startswith(o) and m.group(0) != o for o in originals)
            )
            for m in _KEPT_AS_WRITTEN.finditer(source_text)
        ) or any(_has_east_asian(m.group(0)) for m in _KEPT_AS_WRITTEN.finditer(protected.text)):
            return False
        from_cjk = self.source is not None and writes_cjk(self.source.code)
        return from_cjk or not _has_east_asian(protected.text)

    def set_glossary(self, glossary: Glossary) -> int:
        """Use ``glossary`` from now on: the model's segments (new or remembered) that do
        not follow it are translated again by the next run; the user's are kept (and
        flagged). Returns how many go back in the queue. So do those that keep letters
        of the source's script the glossary no longer keeps (:meth:`reusable`). A
        Retranslate's earlier translations stay while it has yet to run
        (:meth:`replace_in_place`): it translates them again anyway, and one it does not
        reach keeps its own."""
        self.glossary = glossary
        stale = [
            index
            for index, result in self.results.items()
            if result.origin in ("model", "memory", "kept")
            and not (self.replacing and index in self.kept_earlier)
            and not self._follows_glossary(result, self._protect(result.source))
        ]
        for index in stale:
            del self.results[index]
            self.kept_earlier.discard(index)
        self._cursor = min([self._cursor, *stale])
        return len(stale)

    @property
    def glossary(self) -> Glossary:
        """The glossary, its terms read in the source language (:meth:`_read_as_source`)."""
        return self._glossary

    @glossary.setter
    def glossary(self, glossary: Glossary) -> None:
        self._glossary = self._read_as_source(glossary)

    @property
    def glossary_example(self) -> bool:
        """Whether this job's requests show the glossary example (PromptStyle.
        glossary_example): from the first segment with a term to translate on, so that
        the requests after it begin as it did, which the KV cache holds (it changes the
        examples once a job at most, and needs no look through the whole text)."""
        return (
            self.style.glossary_example
            and self._term_seen
            and glossary_example_fits(self.glossary.entries, self.source, self.target)
        )

    def _read_as_source(self, glossary: Glossary) -> Glossary:
        """``glossary`` with its terms read in the source language (inflected forms
        apply too), where the source language is known."""
        return glossary.for_source(self.source.code if self.source is not None else None)

    def reusable(self, hit: MemoryEntry) -> bool:
        """Whether a remembered segment is used as it is. A confirmed one always is (the
        user's word; a glossary problem is flagged). A model's only when this model
        wrote it, it honours the glossary as it is now (a term added since then
        translates the segments that hold it again), it has no broken placeholder, and
        it holds every link, address, code item and tag the source has as the
        segmenting finds them now (a link written with Chinese letters was cut apart
        before: "…/wiki/ exit" for "…/wiki/出口"), and it keeps no letters of the
        source's script that the glossary does not keep now.

        The window and the CLI always name their model, so the rows from before models
        were recorded (unknown: "") are translated again there; a job that names none
        (the benchmarks) matches only the segments written without a name."""
        if hit.origin == "confirmed":
            return True
        if hit.model != self.model_id:
            return False
        protected = self._protect(hit.source)
        return (
            self._follows_glossary(hit, protected)
            and not broken_placeholders(hit.source, hit.target)
            and all(item in hit.target for item in protected.originals)
            and not (
                self.source is not None
                and dropped_quoted_words(hit.source, hit.target, self.source.code, self.target)
            )
        )

    def _nothing_to_translate(self, protected: Protected) -> bool:
        """Whether a segment (``protected``, as the model gets it) has no word for the
        model: no letter outside its placeholders (links, code, file names), markup tags
        and character references ("&nbsp;", "<b>42</b>"), and no glossary term to write
        ("24/7 → 7j/7")."""
        text = html.unescape(_MARKUP_TAG.sub(" ", _PLACEHOLDER.sub(" ", protected.text)))
        if any(c.isalpha() for c in text):
            return False
        return not any(not e.keep for e in self.glossary.applicable(protected.text))

    def _protect(self, text: str, *, names: bool = True, quoted: bool = False) -> Protected:
        """``text`` as the model gets it (:func:`protect`), with the words it writes in a
        writing system neither language uses as placeholders too, where the source
        language is written in the Latin alphabet ("The sign said 出口." into French):
        asked to keep them, Qwen2.5-0.5B dropped or translated them."""
        if self.source is None:
            return protect(text, names=names)
        # Not a glossary term the translation must translate ("出口 → sortie").
        translated = [e.source.casefold() for e in self._glossary.entries if not e.keep]
        found = foreign_words(text, self.source.code, self.target)
        # And, for a retry (next_task), those the target writes too.
        if quoted:
            found += quoted_words(text, self.source.code, self.target)
        words = [
            word
            for word in found
            if not any(t in word.casefold() or word.casefold() in t for t in translated)
        ]
        # Found in composed form (NFC); a text written decomposed ("Й" as "И" and a
        # breve) holds them so.
        words += [d for w in words if (d := unicodedata.normalize("NFD", w)) != w]
        return protect(text, words, names=names)

    def _follows_glossary(self, segment: MemoryEntry | SegmentResult, protected: Protected) -> bool:
        """Whether a translation the model wrote follows the glossary as it is now: it
        holds its terms (those outside links and file names, which the model does not
        see: ``protected`` is its source as the model gets it), and no letters of the
        source's script but those the glossary keeps (a term kept when it was written
        lets them through: "I always use 微信…")."""
        return not self.glossary.check(
            protected.text, segment.target, self.target.code
        ) and not left_in_source_script(
            segment.target,
            self.source,
            self.target,
            self.glossary,
            protected.originals,
            segment.source,
        )

    def complete(
        self, task: SegmentTask, output: str, *, cut: bool = False, replayed: bool = False
    ) -> SegmentResult | None:
        """Clean the model's text (a reasoning model's thinking cut from it),
        restore placeholders, check it, remember it. ``replayed``: the reply the model
        gave the very same request earlier this session (engine.translation.replies),
        which took no time now and left nothing of this job in the model's KV cache.

        None means the segment goes back in the queue: either the model copied the
        previous segment's translation (small models do, given it as context), so it is
        asked again without that context, or a check failed (engine.translation.checks),
        so it is asked once more with a stricter prompt that names the failure. A
        segment that fails again is kept and flagged with the reasons."""
        elapsed = 0.0 if replayed else time.monotonic() - self._task_started
        if replayed:
            self._replayed.add(task.index)
        else:
            self._answered = True
            self._replayed.discard(task.index)  # the model's pace again
        output = without_reasoning(task.prefix + output, cut=cut)
        if cut:
            # A character the length limit cut in half (an emoji's last bytes not
            # written) is not part of the translation.
            output = output.rstrip("\ufffd")
        cleaned, trimmed = fit_shape(clean_output(output, task.protected.text), task.source)
        # Into Chinese, the other script converted (README.md, Translating), not inside
        # what the text keeps as written.
        cleaned = _in_target_script(cleaned, self.target.code, task.protected.written)
        cleaned = _in_english_quotes(cleaned, self.target.code, task.protected.written)
        # A day or month the model clearly swapped for another, put right and said so
        # (README.md, Translating).
        swap = None
        if self.checks and self.source is not None:
            cleaned, swap = swapped_dates_fixed(
                task.protected.text, cleaned, self.source.code, self.target.code
            )
        if self.target.code.split("-")[0] in ("zh", "ja"):  # Korean spaces its words
            cleaned = _snug(cleaned, task.protected.originals)
        text, missing = restore(cleaned, task.protected)
        missing += _left_out(task.source, text, task.protected.written)
        if (
            task.attempt == 0
            and task.index not in self._without_context
            and self._copies_context(task, text)
        ):
            self._without_context.add(task.index)
            return None
        # Nothing came back: asked again (a first attempt), or the first attempt kept (an
        # empty retry), or, with neither, the source is kept.
        if not text.strip() and ((task.attempt == 0 and self.checks) or task.index in self._retry):
            failures: list[CheckFailure] = [
                CheckFailure("untranslated", "the model returned no translation")
            ]
        elif not text.strip():
            return self._keep_source(task)
        else:
            checked = time.monotonic()
            invented = invented_placeholders(cleaned, task.protected)
            failures = self._check(task, text, missing, invented)
            self.check_seconds += time.monotonic() - checked
        notes = []
        if swap is not None:
            notes.append(
                f"“{swap.wrong}” was changed to “{swap.right}”, the {swap.kind} the text names"
            )
        if trimmed:
            notes.append("the model wrote more than a translation; the extra lines were cut")
        elif cut:
            notes.append("the translation reached the length limit and may be incomplete")
        if task.attempt == 0:
            self.first_attempt_seconds += elapsed
        else:
            self.retry_seconds += elapsed
        first_try = self.checks and task.attempt == 0
        # Words only a retry with them ruled out is for (the first attempt's only failure).
        avoid = self.avoidable_words(tuple(failures)) if first_try and self.word_bans else ()
        if first_try and (any(f.kind not in FLAG_ONLY for f in failures) or avoid):
            self._retry[task.index] = _Attempt(
                text, tuple(failures), tuple(notes), output, avoid, replayed=replayed
            )
            self.retried += 1
            return None
        first = self._retry.pop(task.index, None)
        retried = first is not None
        # A retry that fails checks as grave, as many, did no better: the first attempt
        # is kept, its prompt being the one that measured better (on SmolLM2-135M,
        # keeping the retry instead lost 3.5 chrF from French, bench/QUALITY.md).
        # A retry with words ruled out is kept only where it fails no check the first
        # attempt passed, leaves fewer words untranslated (a word ruled out and written
        # again misspelt, "egges" for "eggs", still counts), goes on with a word, and
        # has at most one word fewer than the first ("next to" → "neben"; one dropped
        # with nothing in its place, "Préchauffez le four à 180.", is no fix): ruled
        # out, a word a translation may keep ("Sidebars") can cost the rest of it.
        if (
            first is not None
            and first.text.strip()
            and (
                not text.strip()
                or (
                    not _fewer_words_left(
                        first.failures,
                        tuple(failures),
                        self._misspelt(first.text, text, task.avoid_words),
                    )
                    or _words(text) < _words(first.text) - 1
                    or not _GOES_ON.match(output[len(task.prefix) :])
                    if task.avoid_words
                    else _gravity(first.failures) <= _gravity(failures)
                )
            )
        ):
            text, failures, notes = first.text, list(first.failures), list(first.notes)
            replayed = first.replayed  # the text shown is that attempt's
        elif (
            first is not None
            and task.attempt == 1
            and not task.avoid_words
            and self.word_bans
            and (avoid := self.avoidable_words(tuple(failures)))
        ):
            # The stricter retry did better but left a word or two in the source
            # language: it is asked again as it was, those words ruled out (next_task).
            self._retry[task.index] = _Attempt(
                text, tuple(failures), tuple(notes), output, avoid, task, replayed
            )
            return None
        if not text.strip():
            return self._keep_source(task)
        if retried and not failures:
            self.retries_fixed += 1
        issues = _issues_shown(failures, notes, retried)
        if task.index not in self._replayed:
            self._model_seconds += elapsed
            self._model_segments += 1
        result = SegmentResult(
            task.index, task.source, text, "model", tuple(issues), replayed=replayed
        )
        self.results[task.index] = result
        self.kept_earlier.discard(task.index)
        # A flagged translation is not stored: the memory would give it back without its
        # ⚠ (the window's next run replays the reply instead, engine.translation.replies).
        if self.memory is not None and text.strip() and not issues:
            self.memory.store(
                self.source_lang, self.target.code, task.source, text, "model", self.model_id
            )
        return result

    def _check(
        self, task: SegmentTask, text: str, missing: list[str], invented: list[str]
    ) -> list[CheckFailure]:
        source = task.source
        made_up = [CheckFailure("placeholder", INVENTED)] if invented else []
        if not self.checks:
            failures = [
                CheckFailure("glossary", r)
                for r in self.glossary.check(task.protected.text, text, self.target.code)
            ]
            if missing:
                failures.append(CheckFailure("placeholder", dropped_reason(missing)))
            return failures + made_up
        given = None if task.given is None else restore(task.given, task.protected)[0]
        return [
            *check_translation(
                source,
                text,
                self.source,
                self.target,
                glossary=self.glossary,
                dropped=missing,
                examples=task.examples,
                given=given,
                verbatim=task.protected.originals + task.protected.written,
                # A retry with words ruled out got the prompt of the attempt before it.
                retry=task.attempt > 1 or (task.attempt == 1 and not task.avoid_words),
                retry_reasons=task.named,
                invented=invented,
            ),
            *made_up,
        ]

    def _keep_source(
        self, task: SegmentTask, reason: str = "the model returned no translation"
    ) -> SegmentResult:
        """Nothing usable came back: keep the source so no text is lost, and say so."""
        self._retry.pop(task.index, None)
        result = SegmentResult(
            task.index, task.source, task.source, "kept",
            (f"{reason}; the source text is kept",),
        )  # fmt: skip
        self.results[task.index] = result
        self.kept_earlier.discard(task.index)
        return result

    def too_long(self, task: SegmentTask) -> SegmentResult | None:
        """The model could not take ``task`` at all (its prompt does not fit the
        context), so that the job goes on: a retry keeps its first attempt, as an empty
        retry does; a first attempt keeps the segment's source, flagged."""
        if task.attempt > 0:
            return self.complete(task, "")
        return self._keep_source(task, TOO_LONG)

    def confirm(self, index: int, target: str) -> SegmentResult:
        """The user's own translation of a segment: it replaces the result and goes into
        the memory as confirmed (reused before any model output). Stored first: where the
        memory cannot be written, the error is raised and the segment stays as it was."""
        source = self.segments[index]
        result = SegmentResult(
            index, source, target, "confirmed", tuple(self._issues(source, target))
        )
        if self.memory is not None:
            self.memory.store(self.source_lang, self.target.code, source, target, "confirmed")
        self.results[index] = result
        self.kept_earlier.discard(index)
        return result

    def edit(self, index: int, target: str) -> SegmentResult:
        """The user's text for a segment: used in the output at once, stored in the
        memory only by ``confirm``."""
        source = self.segments[index]
        result = SegmentResult(index, source, target, "edited", tuple(self._issues(source, target)))
        self.results[index] = result
        self.kept_earlier.discard(index)
        return result

    def clear(self, index: int) -> None:
        """The user emptied a segment's translation: the next run sends it to the model
        again (not a reply kept from before, ``sent_again``)."""
        self.results.pop(index, None)
        self.sent_again.add(index)
        self.kept_earlier.discard(index)
        self._cursor = min(self._cursor, index)

    def use_confirmed(self, source: str, target: str) -> list[SegmentResult]:
        """The user corrected the memory's translation of ``source`` (the Memory tab):
        the segments that hold it take it as confirmed, except those the user edited
        here and has not confirmed yet. Returns the changed results."""
        changed = []
        for index, segment in enumerate(self.segments):
            current = self.results.get(index)
            if segment != source or (current is not None and current.origin == "edited"):
                continue
            result = SegmentResult(
                index, source, target, "confirmed", tuple(self._issues(source, target))
            )
            self.results[index] = result
            self.kept_earlier.discard(index)
            changed.append(result)
        return changed

    def edited(self) -> list[SegmentResult]:
        """The segments the user edited and has not confirmed yet, in order."""
        return [self.results[i] for i in sorted(self.results) if self.results[i].origin == "edited"]

    def replace_in_place(self, earlier: Mapping[int, SegmentResult]) -> list[SegmentResult]:
        """A Retranslate of a text translated before (``earlier``: the results of the job
        this one replaces): each segment shows its earlier translation (of the same
        text; another segment at that place never) until the model's replaces it, and
        one the run does not reach (stopped, failed) keeps it (:meth:`settle`), never
        ``[not translated]`` where a translation was. Returns the results shown, in
        order."""
        kept = []
        for index, result in sorted(earlier.items()):
            if (
                index not in self.results
                and index < self.total
                and self.segments[index] == result.source
            ):
                self.results[index] = result
                self.kept_earlier.add(index)
                kept.append(result)
        self.kept_any = self.kept_any or bool(kept)
        self.replacing = bool(self.kept_earlier)
        return kept

    def settle(self) -> list[SegmentResult]:
        """The run ended: the earlier translations still shown are the translation. A
        first attempt, or a stricter retry, whose retry with words ruled out did not
        come back (the run was stopped) is kept, flagged for those words: it is returned
        with the others so kept."""
        self.replacing = False
        kept = []
        for index, first in list(self._retry.items()):
            if not first.avoid:
                continue  # a first attempt that failed a check that counts is no translation
            del self._retry[index]
            issues = _issues_shown(first.failures, first.notes, first.task is not None)
            result = SegmentResult(
                index, self.segments[index], first.text, "model", tuple(issues),
                replayed=first.replayed,
            )  # fmt: skip
            self.results[index] = result
            self.kept_earlier.discard(index)
            kept.append(result)
        return kept

    def _misspelt(self, first: str, retry: str, avoided: tuple[str, ...]) -> int:
        """How many words of ``retry`` that ``first`` lacks are one of the ``avoided``
        words written again a little otherwise ("egges", "pharmacía") and rare in the
        target: the word left as it was, in other letters."""
        had = {w.casefold() for w in _WORD.findall(first)}
        return sum(
            1
            for word in dict.fromkeys(_WORD.findall(retry))
            if word.casefold() not in had
            and self._in_target(word) < _RARE_IN_TARGET
            and any(
                SequenceMatcher(None, word.casefold(), a.casefold()).ratio() >= _MISSPELT
                for a in avoided
            )
        )

    def avoidable_words(self, failures: tuple[CheckFailure, ...]) -> tuple[str, ...]:
        """The words a retry rules out after a first attempt that left them in the source
        language (_avoided), less those common in the target (a German translation's run
        of English words may hold "was", "man" or "will"), which it must be free to write,
        and English days and the months that are first names too, which are flagged only
        (NOT_RULED_OUT: a wrong day, or a person renamed, unflagged is worse than an
        English word flagged)."""
        return tuple(
            w
            for w in _avoided(failures)
            if self._in_target(w) < _COMMON_IN_TARGET and w.casefold() not in NOT_RULED_OUT
        )

    def _in_target(self, word: str) -> float:
        """``word``'s Zipf frequency in the target's small wordfreq list; 0 into Chinese,
        Japanese and Korean, whose lists need a segmenter Hearth does not install (and
        whose texts a Latin-letter word is no word of)."""
        if writes_cjk(self.target.code):
            return 0.0
        return zipf(word.lower(), self.target.code.split("-")[0])

    def resume(self) -> None:
        """A new run goes on with this job (a stopped one continued): what an earlier
        Retranslate kept is now simply the job's, for its progress and its summary."""
        self.kept_earlier.clear()
        self.kept_any = False

    def translated_again(self) -> int:
        """The segments this job's model translated (a Retranslate's new ones)."""
        return sum(
            1
            for index, result in self.results.items()
            if result.origin == "model" and index not in self.kept_earlier
        )

    def take_memory_hits(self) -> list[SegmentResult]:
        hits, self._memory_hits = self._memory_hits, []
        return hits

    def output(self, untranslated: str | None = NOT_TRANSLATED) -> str:
        """The document so far: each translated segment in its place, and each segment
        not translated yet replaced by ``untranslated`` (None: left in the source
        language, for a finished job that has none)."""
        return self.document.rebuild(self.translations(untranslated))

    def translations(self, untranslated: str | None = None) -> list[str | None]:
        """Each segment's translation; ``untranslated`` for those without one (None
        keeps the source there)."""
        return [
            self.results[i].target if i in self.results else untranslated for i in range(self.total)
        ]

    def _record_hit(self, result: SegmentResult) -> None:
        self.results[result.index] = result
        self.kept_earlier.discard(result.index)
        self._memory_hits.append(result)

    def _context(self, index: int) -> tuple[ContextTurn, ...]:
        """The earlier segments the prompt shows before segment ``index``, oldest first:
        the style's window (see PromptStyle.context_window) of translated segments just
        before it, the one before always, earlier ones while they stay within
        :data:`CONTEXT_CHARS`."""
        if not self.style.context:
            return ()
        window = max(1, self.style.context_window)
        wanted = (index - 1) % window + 1 if index > 0 else 0
        turns: list[ContextTurn] = []
        size = 0
        earlier_index, skipped = index, 0
        while len(turns) < wanted and earlier_index > 0:
            earlier_index -= 1
            earlier = self.results.get(earlier_index)
            if earlier is not None and earlier.origin == "copied" and skipped < _MOST_SKIPPED:
                # A table's number between two cells: the cell before it is the context.
                skipped += 1
                continue
            if earlier is None or not earlier.target.strip() or _source_kept(earlier):
                break
            size += len(earlier.source) + len(earlier.target)
            if turns and size > CONTEXT_CHARS:
                break
            # Its terms only where the prompt shows them (a window of several).
            shown = self._protect(earlier.source).text
            terms = self.glossary.applicable(shown) if window > 1 else []
            turns.append(ContextTurn(shown, self._protect(earlier.target).text, tuple(terms)))
        return tuple(reversed(turns))

    def _copies_context(self, task: SegmentTask, text: str) -> bool:
        """Whether ``text`` is the translation of an earlier segment the prompt showed
        (small models copy one, given it as context) rather than of this one. Not where
        none was shown: asked again without context, the request would be the same."""
        # The turns hold their texts with placeholders, as the prompt showed them.
        mine, source = self._protect(text).text.strip(), task.protected.text.strip()
        return any(
            mine == turn.target.strip() and source != turn.source.strip() for turn in task.context
        )

    def _issues(self, source: str, target: str) -> list[str]:
        issues = self.glossary.check(self._protect(source).text, target, self.target.code)
        if broken_placeholders(source, target):
            issues.append("a placeholder (⟦…⟧) is broken in this translation; edit it")
        return issues


# What a translation keeps as written, whatever its letters: a link or an address (its
# host may be written in them, "https://例子.测试/文档"; prompt.protect takes such a link
# whole only where spaces set it apart), a mention or a hashtag, a file name. Up to a
# space or a CJK punctuation mark (a Chinese sentence has no space after a link: the
# words after it are taken too, and the request then keeps the choice open). Each part
# before the mark that shows what it is ("://", "@", the extension's dot) is bounded, so
# that a long text without spaces is read in linear time.
_KEPT_AS_WRITTEN = re.compile(
    r"(?:[a-z][a-z0-9+.-]{0,15}://|www\.|[^\s@]{1,64}@)[^\s<>\"'“”‘’，。、；！？（）【】《》「」]+"
    r"|(?<!\w)[@#][^\s，。、；：！？（）]+"
    r"|[^\s，。、；：！？（）\"'“”]{1,100}\.[A-Za-z][A-Za-z0-9]{0,4}(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def _snug(text: str, originals: tuple[str, ...]) -> str:
    """``text`` (with its placeholders) without the spaces a model wrote around a
    placeholder whose original is in Chinese or Japanese letters where such letters or
    punctuation are on the other side: the source's spaces ("I flew to ⟦1⟧ last
    week.") came back with it ("我飞往 東京 最近一周。"). Not between two placeholders,
    nor around a Korean word (Korean spaces its words)."""

    def joined(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if 1 <= number <= len(originals):
            original = originals[number - 1]
            if _han_or_kana(original[:1]) and _han_or_kana(original[-1:]):
                return f"⟦{number}⟧"
        return match.group(0)

    return _AROUND_PLACEHOLDER.sub(joined, text)


# A placeholder, with the space before it where an East Asian letter or punctuation
# mark comes before that, and the space after it where one comes after.
_CJK_CHAR = "[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
_AROUND_PLACEHOLDER = re.compile(rf"(?:(?<={_CJK_CHAR}) )?⟦(\d+)⟧(?: (?={_CJK_CHAR}))?")


def _han_or_kana(char: str) -> bool:
    return writing_system(char) in ("Han", "Kana") if char else False


def _in_target_script(text: str, target: str, written: tuple[str, ...]) -> str:
    """``text`` in the Chinese target's script (in_target_script), what the text keeps
    as written excepted: a link, path or code written out ("…/item/软件") stays as it is
    (into Taiwan's Traditional, "软件" would become "軟體")."""
    kept = [w for w in written if _has_east_asian(w)]
    if not kept:
        return in_target_script(text, target)
    if _MASK_OPEN in text or _MASK_CLOSE in text:
        return text  # the masks' own characters: left as the model wrote it
    pattern = re.compile("|".join(re.escape(w) for w in sorted(kept, key=len, reverse=True)))
    found: list[str] = []

    def mask(match: re.Match[str]) -> str:
        found.append(match.group(0))
        return f"{_MASK_OPEN}{len(found) - 1}{_MASK_CLOSE}"

    converted = in_target_script(pattern.sub(mask, text), target)
    return re.sub(f"{_MASK_OPEN}(\\d+){_MASK_CLOSE}", lambda m: found[int(m.group(1))], converted)


def _in_english_quotes(text: str, target: str, written: tuple[str, ...]) -> str:
    """Into English, quotation marks of other languages a model copied from its source
    ("a Linux distribution «generalist»") as English writes them (“generalist”), the
    spaces French puts inside them dropped; not where the text keeps such a mark as
    written (a path or code written out). Which way a pair of guillemets opens is read
    from the first one on each line: «…» (French, Spanish) or »…« (German, Danish)."""
    if target.split("-")[0] != "en" or any(c in w for w in written for c in "«»‹›„"):
        return text
    if not any(c in text for c in "«»‹›„"):
        return text
    lines = []
    for line in text.split("\n"):
        for double, opening, closing in (("«»", "“", "”"), ("‹›", "‘", "’")):
            first = min(
                (i for i in (line.find(double[0]), line.find(double[1])) if i >= 0), default=-1
            )
            if first < 0:
                continue
            left, right = (
                (double[0], double[1]) if line[first] == double[0] else (double[1], double[0])
            )
            pattern = re.compile(f"{left}([^{left}{right}]*){right}")
            line = pattern.sub(_quoted_as(opening, closing), line)
        lines.append(_LOW_QUOTES.sub(r"“\1”", line))
    return "\n".join(lines)


def _quoted_as(opening: str, closing: str) -> Callable[[re.Match[str]], str]:
    """A replacement that quotes a match's text between ``opening`` and ``closing``,
    without the spaces around it."""

    def quoted(match: re.Match[str]) -> str:
        return opening + match.group(1).strip(_QUOTE_SPACES) + closing

    return quoted


# The spaces French writes inside guillemets; German's „…“ (or „…”).
_QUOTE_SPACES = " \u00a0\u202f"
_LOW_QUOTES = re.compile(r"„([^„“”\n]*)[“”]")


# Private-use characters that stand for a written name while the text is converted.
_MASK_OPEN, _MASK_CLOSE = "\ue000", "\ue001"


def _left_out(source: str, translation: str, written: tuple[str, ...]) -> list[str]:
    """The names ``source`` writes out that ``translation`` does not hold as often, each
    as a whole (not "a.md" inside "data.md")."""

    def count(text: str, name: str) -> int:
        # Latin letters and digits only: a name may be written right against Chinese,
        # Japanese or Korean letters ("把report.pdf附加", "report.pdf를") or a hyphen
        # ("die report.pdf-Datei").
        edge = "A-Za-z0-9_\u00c0-\u024f"
        return len(re.findall(rf"(?<![{edge}./\\@-]){re.escape(name)}(?![{edge}/\\@])", text))

    return [w for w in dict.fromkeys(written) if count(translation, w) < count(source, w)]


def _has_east_asian(text: str) -> bool:
    return any(is_east_asian(ord(c)) for c in text)


# A segment whose prompt does not fit the model's context (TranslationJob.too_long).
TOO_LONG = "the segment is too long for the model's context (load it with a larger context)"


# Failures that mean the text is no translation of this source at all.
_GRAVE = frozenset({"untranslated", "wrong_language", "context", "instructions", "refusal"})


def _gravity(failures: tuple[CheckFailure, ...] | list[CheckFailure]) -> tuple[int, int]:
    """How bad a set of failures is: grave ones first, then how many (a flag-only
    failure, such as one copied word, does not count)."""
    counted = [f for f in failures if f.kind not in FLAG_ONLY]
    grave = sum(1 for f in counted if f.kind in _GRAVE)
    # A question that came back without its question mark and much longer is an answer
    # (or the retry's instructions, translated), no translation of the source.
    if (
        any(f.kind == "answer" for f in counted)
        and any(_too_long(f) for f in counted)
        and not any(f.kind == "loop" for f in counted)  # a loop ran over both (_shown)
    ):
        grave += 1
    return grave, len(counted)


def _shown(failures: list[CheckFailure]) -> list[CheckFailure]:
    """The failures a flag names: with a loop, not the missing question mark and the
    excess length it brings about (the loop ran over both); they still weigh in the
    choice between a first attempt and its retry."""
    if not any(f.kind == "loop" for f in failures):
        return failures
    return [f for f in failures if f.kind != "answer" and not _too_long(f)]


def _issues_shown(
    failures: Sequence[CheckFailure], notes: Sequence[str], retried: bool
) -> list[str]:
    """A kept translation's flags: the failures shown (_shown), each said to stand after
    a retry where there was one, then the notes."""
    suffix = AFTER_RETRY if retried else ""
    return [f.reason + suffix for f in _shown(list(failures))] + list(notes)


def _too_long(failure: CheckFailure) -> bool:
    return failure.kind == "length" and "much longer" in failure.reason


def _source_kept(result: SegmentResult) -> bool:
    """A flagged segment whose source stands in for a translation, or one with nothing
    to translate: shown as an earlier exchange, it would teach the model to copy."""
    return result.origin == "copied" or (
        bool(result.issues) and result.target.strip() == result.source.strip()
    )


def _avoided(failures: tuple[CheckFailure, ...]) -> tuple[str, ...]:
    """The words a first attempt left in the source language, where that is all its
    checks found (a flag-only question aside): its retry is asked as it was, with these
    words ruled out (SegmentTask.avoid_words)."""
    if any(f.kind not in FLAG_ONLY for f in failures):
        return ()
    return tuple(dict.fromkeys(w for f in failures if f.kind == "copied" for w in f.words))


# A word this common in the target's wordfreq list (Zipf) is not ruled out by a retry.
_COMMON_IN_TARGET = 4.0
# A retry's new word this rare in the target, and this like a word ruled out
# (difflib's ratio), is that word written again.
_RARE_IN_TARGET = 2.0
_MISSPELT = 0.75
_WORD = re.compile(r"[^\W\d_]+")
# What a retry writes where it goes on from its first attempt's words: a word or number.
_GOES_ON = re.compile(r"\s*[^\W_]")


def _words(text: str) -> int:
    """Words and numbers, each Chinese, Japanese or Korean letter counted as one (those
    languages' words are not set apart: "雨伞" for "umbrella" is no word fewer)."""
    letters = sum(1 for c in text if c.isalpha() and is_east_asian(ord(c)))
    rest = "".join(" " if is_east_asian(ord(c)) else c for c in text)
    return letters + len(re.findall(r"[^\W_]+", rest))


def _before_words(output: str, words: tuple[str, ...]) -> str:
    """``output`` up to the first of ``words`` written whole in it (case aside), without
    the spaces before it (the model's next token writes its own); "" where none is."""
    found = [
        m.start()
        for word in words
        if (m := re.search(rf"(?<!\w){re.escape(word)}(?!\w)", output, re.IGNORECASE))
    ]
    if not found:
        return ""
    # Not after a number's digits, which the retry could go on ("12" + "0 de poissons").
    before = output[: min(found)].rstrip(" \t")
    return re.sub(r"\d(?:[\d.,:]*\d)?$", "", before).rstrip(" \t")


def _fewer_words_left(
    first: tuple[CheckFailure, ...], retry: tuple[CheckFailure, ...], misspelt: int = 0
) -> bool:
    """Whether a retry with words ruled out did better than its first attempt (whose
    only failures are flag-only): no failure that counts, no flag the first attempt did
    not have, and fewer words left in the source language (``misspelt``: those written
    again in other letters, TranslationJob._misspelt)."""

    def left(failures: tuple[CheckFailure, ...]) -> int:
        return sum(len(f.words) for f in failures if f.kind == "copied")

    kinds = {f.kind for f in first}
    return (
        not any(f.kind not in FLAG_ONLY for f in retry)
        and all(f.kind in kinds for f in retry)
        and left(retry) + misspelt < left(first)
    )


def _missed_terms(failures: tuple[CheckFailure, ...]) -> bool:
    return any(f.kind == "glossary" for f in failures)


def _copied(failures: tuple[CheckFailure, ...]) -> bool:
    """Whether a first attempt came back in the source language (or with nothing), or
    wrote the placeholder rule back: its retry gets code, links, paths and file names
    as written."""
    return any(
        f.kind in ("untranslated", "wrong_language") or f.reason == PLACEHOLDER_ECHO
        for f in failures
    )


def run_job(
    job: TranslationJob,
    generate: Callable[[SegmentTask], Reply],
    *,
    cancel: threading.Event | None = None,
    on_result: Callable[[SegmentResult], None] | None = None,
) -> bool:
    """Translate every remaining segment in order; True when finished, False when
    cancelled (what was done is kept)."""

    def stopped() -> bool:
        # A cut-off segment is not kept; an attempt asked again only for words it left
        # untranslated is, flagged.
        for kept in job.settle():
            if on_result is not None:
                on_result(kept)
        return False

    while True:
        if cancel is not None and cancel.is_set():
            return stopped()
        task = job.next_task()
        for hit in job.take_memory_hits():
            if on_result is not None:
                on_result(hit)
        if task is None:
            return True
        try:
            reply = generate(task)
        except ContextOverflowError:
            # Too long for the model's context even as cut (engine.translation.document).
            kept = job.too_long(task)
            if on_result is not None and kept is not None:
                on_result(kept)
            continue
        if cancel is not None and cancel.is_set():
            return stopped()
        done = job.complete(task, reply.text, cut=reply.stats.finish_reason == "length")
        if on_result is not None and done is not None:
            on_result(done)


def model_generator(
    model: LoadedModel,
    *,
    reproducible: bool = True,
    best: bool = False,
    cancel: threading.Event | None = None,
    on_token: Callable[[str], None] | None = None,
) -> Callable[[SegmentTask], Reply]:
    """Generate each task's translation with ``model`` on the calling thread (``best``:
    Best quality, the likeliest of several beams, where they help the model's family)."""
    best = best and beams_help(model.name)
    # A retry continues from the retry before it, a first attempt from the first
    # attempt before it (model_io.kv_stream).
    states = KVStateCache()

    def generate(task: SegmentTask) -> Reply:
        states.switch_to(kv_stream(task), model)
        return generate_reply(
            model,
            task.messages,
            translation_sampling(task, reproducible, best),
            cancel=cancel,
            on_token=on_token,
            assistant_prefix=task.prefix,
        )

    return generate


def remote_generator(
    endpoint: RemoteEndpoint,
    model_id: str,
    *,
    reproducible: bool = True,
    cancel: threading.Event | None = None,
    on_token: Callable[[str], None] | None = None,
) -> Callable[[SegmentTask], Reply]:
    """Generate each task's translation with ``model_id`` on a remote engine: the text
    is sent there (not offline). A failure raises its RemoteError."""
    from engine.remote.openai_client import stream_chat

    def generate(task: SegmentTask) -> Reply:
        return stream_chat(
            endpoint,
            model_id,
            task.messages,
            translation_sampling(task, reproducible),
            cancel=cancel,
            on_token=on_token,
        )

    return generate
