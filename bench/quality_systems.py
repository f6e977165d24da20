"""The systems the translation-quality benchmark (bench/quality.py) compares: the plain
prompt through raw llama-cpp-python, and Hearth's pipeline.

Reasoning models run with thinking off in Hearth's pipeline (:data:`THINKING`), as
Hearth's translations always ask; the plain prompt cannot ask that through
``create_chat_completion`` and runs with the model's default, a leading
``<think>…</think>`` block cut from its answer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.quality_data import Direction, SystemOutput, Translation

N_CTX = 2048
SEED = 42
# What the pipeline asks of a reasoning model (engine.llm.reasoning.Thinking), and what
# the plain prompt runs with.
THINKING = "off"
PLAIN_THINKING = "default"


def plain_prompt(text: str, source: str, target: str) -> str:
    from engine.translation.languages import language

    src, tgt = language(source).name, language(target).name
    return (
        f"Translate the following {src} text into {tgt}. Reply with the translation only.\n\n{text}"
    )


SAMPLE_TEMPERATURE = 0.7


def consensus(candidates: Sequence[str], source: str) -> int:
    """The index of the candidate the others agree with most (minimum Bayes risk with
    sacrebleu's sentence chrF between the cleaned candidates; the first on a tie)."""
    from sacrebleu.metrics.chrf import CHRF

    from engine.translation.prompt import clean_output

    chrf = CHRF()
    texts = [clean_output(c, source) for c in candidates]

    def agreement(i: int) -> float:
        return sum(
            float(chrf.sentence_score(texts[i], [o]).score) for j, o in enumerate(texts) if j != i
        )

    return max(range(len(texts)), key=lambda i: (agreement(i), -i))


def token_budget(text: str) -> int:
    """The same room for a reply on both sides (Hearth's own budget)."""
    return max(24, int(len(text) * 1.2) + 16)


class PlainSystem:
    """Raw llama-cpp-python with the plain prompt, as a user would use it."""

    def __init__(self, model_path: Path, threads: int | None = None) -> None:
        import llama_cpp

        threads = threads or os.cpu_count() or 2
        self.llm = llama_cpp.Llama(
            model_path=str(model_path),
            n_ctx=N_CTX,
            n_threads=threads,
            n_threads_batch=threads,
            seed=SEED,
            verbose=False,
        )

    def translate(self, text: str, source: str, target: str) -> str:
        reply = self.llm.create_chat_completion(
            messages=[{"role": "user", "content": plain_prompt(text, source, target)}],
            temperature=0.0,
            max_tokens=token_budget(text),
            seed=SEED,
        )
        # Without stream=True the reply is one response (a dict), not a stream of chunks.
        if not isinstance(reply, dict):
            raise TypeError("create_chat_completion streamed without stream=True")
        from engine.llm.reasoning import split_reasoning

        # A reasoning model's thinking is not its translation.
        return split_reasoning(str(reply["choices"][0]["message"]["content"] or ""))[1].strip()

    def run(self, direction: Direction, sentences: int, documents: bool) -> SystemOutput:
        out = SystemOutput()
        started = time.perf_counter()
        for pair in direction.sentences[:sentences]:
            out.sentences.append(
                Translation(self.translate(pair.source, direction.source, direction.target))
            )
        if documents:
            for doc in direction.documents:
                text = "\n\n".join(doc.source)
                out.documents.append(
                    Translation(self.translate(text, direction.source, direction.target))
                )
        out.seconds = time.perf_counter() - started
        return out

    def close(self) -> None:
        self.llm.close()


class HearthSystem:
    """Hearth's translation pipeline on a loaded model."""

    def __init__(
        self,
        model: Any,
        style: Any = None,
        *,
        checks: bool = True,
        repeat_penalty: float | None = None,
        samples: int = 0,
        beams: int | None = None,
        cache_reuse: int | None = None,
    ) -> None:
        self.model = model
        self.style = style
        self.checks = checks
        self.repeat_penalty = repeat_penalty
        # Tried and not kept (README.md, Translating): the greedy translation and this
        # many sampled ones per request, the one the others agree with most kept.
        self.samples = samples
        # The beams of each request (None: the pipeline's own; 1: greedy).
        self.beams = beams
        # SamplingSettings.cache_reuse (None: the pipeline's own; 0: off).
        self.cache_reuse = cache_reuse

    def _generator(self) -> Callable[[Any], Any]:
        from dataclasses import replace

        from engine.llm.generation import generate_reply
        from engine.llm.kv_state import KVStateCache
        from engine.translation.job import translation_sampling
        from engine.translation.model_io import kv_stream

        penalty = self.repeat_penalty
        beams = self.beams
        samples = self.samples
        cache_reuse = self.cache_reuse
        # The job's two KV streams, as the app and the CLI keep them (model_generator).
        states = KVStateCache()

        def generate(task: Any) -> Any:
            states.switch_to(kv_stream(task), self.model)
            sampling = replace(translation_sampling(task), thinking=THINKING)
            if penalty is not None:
                sampling = replace(sampling, repeat_penalty=penalty)
            if beams is not None:
                sampling = replace(sampling, beams=beams)
            if cache_reuse is not None:
                sampling = replace(sampling, cache_reuse=cache_reuse)
            if sampling.beams > 1:  # as the app's Best quality (translation_sampling)
                sampling = replace(sampling, cache_reuse=0)
            reply = generate_reply(
                self.model, task.messages, sampling, assistant_prefix=task.prefix
            )
            if not samples:
                return reply
            candidates = [reply.text]
            for number in range(samples):
                drawn = replace(
                    sampling, temperature=SAMPLE_TEMPERATURE, top_p=0.95, top_k=40, min_p=0.05,
                    seed=SEED + 1 + number,
                )  # fmt: skip
                candidates.append(
                    generate_reply(
                        self.model, task.messages, drawn, assistant_prefix=task.prefix
                    ).text
                )
            return replace(reply, text=candidates[consensus(candidates, task.source)])

        return generate

    def _job(self, paragraphs: Sequence[str], direction: Direction, glossary: Any = None) -> Any:
        from engine.translation.job import TranslationJob, run_job
        from engine.translation.segmenter import max_segment_chars, parse_text

        document = parse_text("\n\n".join(paragraphs), "text", max_segment_chars(N_CTX))
        if len(document.segments()) != len(paragraphs):
            raise RuntimeError(f"{direction.name}: the segmenter did not keep the paragraphs")
        job = TranslationJob(
            document,
            direction.source,
            direction.target,
            glossary=glossary,
            use_memory=False,
            model_name=self.model.name,
            style=self.style,
            checks=self.checks,
        )
        run_job(job, self._generator())
        return job

    def run(
        self, direction: Direction, sentences: int, documents: bool, glossary: Any = None
    ) -> SystemOutput:
        out = SystemOutput(first_attempt_seconds=0.0)
        started = time.perf_counter()
        jobs = [self._job([p.source for p in direction.sentences[:sentences]], direction, glossary)]
        out.sentences = [
            Translation(jobs[0].results[i].target, jobs[0].results[i].issues)
            for i in range(jobs[0].total)
        ]
        if documents:
            for doc in direction.documents:
                job = self._job(doc.source, direction, glossary)
                jobs.append(job)
                issues = tuple(i for r in job.results.values() for i in r.issues)
                text = "\n\n".join(job.results[i].target for i in range(job.total))
                out.documents.append(Translation(text, issues))
        out.seconds = time.perf_counter() - started
        overhead = sum(j.check_seconds + j.retry_seconds for j in jobs)
        out.first_attempt_seconds = out.seconds - overhead
        out.retried = sum(j.retried for j in jobs)
        out.retries_fixed = sum(j.retries_fixed for j in jobs)
        return out
